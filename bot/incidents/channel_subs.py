"""Subscriptions asked for on a channel ("avísenme de Teams Direct Routing", "unsubscribe"):
an engine listener that performs the dialogue's `Subscribe` effects after the turn's
commit (flows/dialogue/subscribe.py decided them and told the customer). The customer's
own address is subscribed, in the language of their conversation; no confirmation link is
needed, since the notices go back to where they asked from."""

from __future__ import annotations

import logging

from bot.engine.turns import TurnOutcome
from bot.incidents.subscriptions import Subscriptions
from flows.dialogue.effects import Subscribe

log = logging.getLogger("supportbot.incidents")


class ChannelSubscriptions:
    def __init__(self, subscriptions: Subscriptions, *, default_lang: str) -> None:
        self.subscriptions = subscriptions
        self.default_lang = default_lang

    async def __call__(self, outcome: TurnOutcome) -> None:
        address = str(outcome.inbound.address)
        lang = outcome.conversation.lang or self.default_lang
        for effect in outcome.effects:
            if not isinstance(effect, Subscribe):
                continue
            if effect.subscribe:
                await self.subscriptions.add(address, lang, platform=effect.platform)
            elif effect.platform:
                await self.subscriptions.remove(address, platform=effect.platform)
            else:
                await self.subscriptions.remove_all(address)
            log.info(
                "subscription changed on a channel",
                extra={"channel": outcome.inbound.address.channel, "subscribe": effect.subscribe},
            )
