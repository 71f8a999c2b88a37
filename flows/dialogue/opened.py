"""The customer writes after the ticket is open: to the agent who owns the conversation,
or to the bot (a correction updates the ticket, news becomes a comment, thanks are
answered). Pure: no I/O, no clock."""

from __future__ import annotations

import re
from typing import Final

from domain.text import fold
from domain.types import Conversation
from flows.dialogue.effects import AddComment, Effect, RelayToAgent, Say, UpdateFields
from flows.dialogue.inputs import agent_relay_text
from flows.dialogue.intake import field_updated, fill_fields
from flows.dialogue.intents import detect_intent
from flows.dialogue.status import status_says
from flows.dialogue.turn import TurnContext, evolve
from flows.extract.fields import extract, is_correction

COURTESY: Final = re.compile(
    r"^(?:ok(?:ay)?|k|thanks?(?: you)?(?: (?:so much|very much))?|thx|ty|cheers|great|perfect|"
    r"got it|cool|gracias|muchas gracias|mil gracias|vale|perfecto|genial|de acuerdo|listo|"
    r"ok,? gracias|ok,? thanks|thank you!*|👍|🙏)[\s!.]*$"
)


def with_agent(
    conv: Conversation, text: str, ctx: TurnContext
) -> tuple[Conversation, list[Effect]]:
    """An agent owns the conversation: everything goes to them; the bot only answers
    a status question (the agent sees that too) and follows a language switch."""
    assert conv.ticket_number is not None
    relay: list[Effect] = [RelayToAgent(conv.ticket_number, agent_relay_text(text, ctx))]
    intent = detect_intent(text) if text else None
    if intent is not None and intent.name == "status":
        return conv, [*relay, *status_says(conv, intent.arg, ctx)]
    if intent is not None and intent.name == "language":
        return evolve(conv, lang=intent.arg), relay
    return conv, relay


def on_opened_ticket(
    conv: Conversation, text: str, ctx: TurnContext
) -> tuple[Conversation, list[Effect]]:
    number = conv.ticket_number
    if number is None:
        return conv, [Say("ask.description")]
    found = extract(text, region=ctx.policy.plan.default_region)
    if is_correction(text):
        conv2, changed = fill_fields(conv, found, ctx.policy, overwrite=True)
        new = {k: conv2.fields[k] for k in conv2.fields if conv.fields.get(k) != conv2.fields[k]}
        if new:
            return conv2, [
                UpdateFields(number, new),
                *field_updated(list(new), ctx.policy, conv.lang),
            ]
    if COURTESY.match(fold(text)):
        # "thanks", "ok", "gracias": answered, not filed on the ticket as news
        return conv, [Say("you_are_welcome", {"ticket": number})]
    return conv, [AddComment(number, text), Say("comment_added", {"ticket": number})]
