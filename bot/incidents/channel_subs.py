"""Subscriptions asked for on a channel ("avísenme de Teams Direct Routing", "unsubscribe"):
an engine listener that performs the dialogue's `Subscribe` effects after the turn's
commit (flows/dialogue/subscribe.py decided them and told the customer). The customer's
own address is subscribed, in the language of their conversation; no confirmation link is
needed, since the notices go back to where they asked from. An email address they name
("subscribe me at ana@example.com") is another's mailbox as far as we know: it gets a
confirmation link, like the status page's form, within the same rate limits.

Those limits are looked at inside the customer's turn (`email_gate`, an engine effect
gate), before anything is said: a request over them is answered with when to ask again,
not with "the link is on its way", and is not performed. Two customers asking for the
same address at the same moment may both pass the look; the listener then refuses the
second and logs it."""

from __future__ import annotations

import logging
from typing import Final

from bot.engine.outcome import TurnOutcome
from bot.incidents.request_limits import RateLimited, minutes
from bot.incidents.subscriptions import Subscriptions
from domain.types import Inbound
from flows.dialogue.effects import Effect, Say, Subscribe

EMAIL_SENT: Final = "incident.subscribe_email_sent"  # what the dialogue says of a request
EMAIL_LIMITED: Final = "incident.subscribe_email_limited"  # said instead, over a limit

log = logging.getLogger("supportbot.incidents")


class ChannelSubscriptions:
    def __init__(self, subscriptions: Subscriptions, *, default_lang: str) -> None:
        self.subscriptions = subscriptions
        self.default_lang = default_lang

    async def email_gate(self, effects: tuple[Effect, ...], inbound: Inbound) -> tuple[Effect, ...]:
        """A request to mail a confirmation link over the per-client or per-address limit:
        the customer is told so (in their language, with the minutes to wait) instead of
        that the link is on its way, and nothing is asked for."""
        ask = next((e for e in effects if isinstance(e, Subscribe) and e.email), None)
        if ask is None:
            return effects
        wait = await self.subscriptions.gate.wait(client=str(inbound.address), email=ask.email)
        if not wait:
            return effects
        log.info("subscription by email over its limit: the customer is told when to ask again")
        refused = Say(EMAIL_LIMITED, {"email": ask.email, "minutes": minutes(wait)})
        return tuple(
            refused if isinstance(e, Say) and e.key == EMAIL_SENT else e
            for e in effects
            if e is not ask
        )

    def needs_lock(self, effects: tuple[object, ...]) -> bool:
        """The turn's lock is kept past its commit only for a turn that asked to subscribe
        or unsubscribe (the customer's next request waits for this one)."""
        return any(isinstance(e, Subscribe) for e in effects)

    async def __call__(self, outcome: TurnOutcome) -> None:
        address = str(outcome.inbound.address)
        lang = outcome.conversation.lang or self.default_lang
        for effect in outcome.effects:
            if not isinstance(effect, Subscribe):
                continue
            if effect.email:
                await self._by_email(effect, lang, client=address)
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

    async def _by_email(self, effect: Subscribe, lang: str, *, client: str) -> None:
        """The address named gets the confirmation link (as from the status page's form),
        within the same limits; the customer was told a link is on its way (the limits
        were looked at in the turn: `email_gate`), unless another request took the last
        slot since."""
        try:
            await self.subscriptions.request(
                effect.email,
                lang=lang,
                incident=effect.incident,
                platform=effect.platform,
                client=client,
            )
        except RateLimited:
            log.warning("subscription by email refused: too many requests")
            return
        except ValueError as exc:
            log.warning("subscription by email refused: %s", exc)
            return
        log.info("subscription by email asked on a channel: confirmation link mailed")
