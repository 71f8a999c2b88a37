"""Questions the plan sends elsewhere (issue 12, point 7): a billing question on a plan
that names a billing contact is answered with that contact at once, and a ticket is
opened only if the customer still wants one. The routes are plan data
(`[routes.NAME]` in bot/profiles), not code. Pure."""

from __future__ import annotations

import re
from typing import Final

from domain.rules import mentions
from domain.text import fold
from domain.types import Conversation
from flows.catalog import messages as catalog
from flows.dialogue.effects import Effect, Say
from flows.dialogue.intake import assessment_of, note, yes_no
from flows.dialogue.turn import TurnContext, evolve
from flows.extract.fields import is_no, is_yes

ROUTE_PENDING: Final = "route_offer"
# a problem is support's whatever else it mentions ("phones down, we paid our invoice")
_PROBLEM_IMPACTS: Final = frozenset({"outage", "degraded"})
_WANTS_TICKET: Final = re.compile(
    r"\b(?:open|raise|create|log|file)\b.{0,20}\b(?:ticket|case)\b|\bticket\s+(?:please|too|as\s+well)\b|"
    r"\b(?:abr[ae]|abrir|abran|cre[ae]|crear)\b.{0,20}\b(?:ticket|caso)\b|\bticket\s+(?:por\s+favor|tambien)\b"
)


def route_offer(conv: Conversation, ctx: TurnContext) -> tuple[Conversation, list[Effect]] | None:
    """The plan's contact for this first message, and the question whether a ticket is
    still wanted; None when no route of the plan fits."""
    a = assessment_of(conv)
    if a is None or a.impact in _PROBLEM_IMPACTS:
        return None
    text = conv.fields.get("description", "")
    for name, route in ctx.policy.routes.items():
        if a.service in route.services or (route.keywords and mentions(text, route.keywords)):
            key = f"route.{name}" if catalog.has(f"route.{name}") else "route.generic"
            conv = note(evolve(conv, pending=ROUTE_PENDING), route=name)
            contact = route.contact.get(conv.lang, short=ctx.short)
            say = Say(key, {"contact": contact}, yes_no(conv.lang))
            return conv, [say]
    return None


def wants_ticket(text: str) -> bool:
    """Yes to "would you still like a ticket?", in either language."""
    folded = fold(text)
    if is_no(text):
        return False
    return is_yes(text) or text.strip() == "1" or _WANTS_TICKET.search(folded) is not None
