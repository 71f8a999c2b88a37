"""When the satisfaction question may be asked, and what asking and answering write on
the ticket (issue 17 item 6). Shared by the engine (a customer confirms the fix) and the
agent desk's close (handoff/actions_lifecycle.py): one rule, one record.

Asked when a ticket closes resolved: the customer confirmed the fix, or an agent closed
it as done (from the card, `/ticket N close` or the API). Never for a duplicate or a
case closed for no response (nobody to ask), never twice for one ticket (not after a
reopen and a second resolution either: `Ticket.csat` is set once asked, whatever came
back), never to an address that opted out (SMS STOP, a Telegram chat that blocked the
bot), and never by email to a robot: a no-reply address, or a sender whose last mail
was an auto-reply or bulk mail (the email channel keeps that flag).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Final

from bot.plan.policy import Policy
from bot.store.flags import Flags, automatic_mail_flag, opt_out_flag
from domain.mail import is_robot_sender
from domain.types import (
    ChannelLimits,
    Choice,
    Conversation,
    Csat,
    Ticket,
    TicketEvent,
    TicketStatus,
)
from flows.dialogue.csat import ASKED_AT, SCORE, question
from flows.dialogue.effects import RecordCsat

COMMENT_MAX: Final = 1000  # one line of comment, not an essay: the rest is cut
# what tells whether the customer's side of an email thread is a person or a responder
_INBOUND_EVENTS: Final = frozenset({"opened", "comment", "email_auto_reply"})


@dataclass(frozen=True, slots=True)
class Asked:
    ticket: Ticket
    conversation: Conversation | None
    text: str
    choices: tuple[Choice, ...]


def refusal(policy: Policy, ticket: Ticket) -> str:
    """Why the question is not for `ticket` as it stands ("" if it is), flags aside."""
    if not policy.csat.enabled:
        return "the plan does not ask it"
    if ticket.csat is not None:
        return "asked before"
    if ticket.status is not TicketStatus.CLOSED:
        return f"the ticket is {ticket.status.value}, not closed resolved"
    if ticket.address.channel == "email":
        if is_robot_sender(ticket.address.id):
            return "a no-reply address"
        last = next((e for e in reversed(ticket.events) if e.kind in _INBOUND_EVENTS), None)
        if last is not None and last.kind == "email_auto_reply":
            return "the last mail was an auto-reply"
    return ""


async def unreachable(flags: Flags, ticket: Ticket) -> str:
    """Why the customer may not be written to for something optional ("" if they may)."""
    if await flags.get_flag(opt_out_flag(ticket.address)) is not None:
        return "opted out"
    if ticket.address.channel == "email":
        if await flags.get_flag(automatic_mail_flag(ticket.address.id)) is not None:
            return "the last mail was automatic"
    return ""


def ask(
    policy: Policy,
    ticket: Ticket,
    conv: Conversation | None,
    *,
    now: datetime,
    limits: ChannelLimits,
) -> Asked:
    """The question in the customer's language, marked on the ticket (never again) and
    on the conversation (the next message may be its answer)."""
    lang = ticket.lang or (conv.lang if conv else "") or policy.plan.default_language
    text, choices = question(
        policy,
        ticket.number,
        lang,
        short=limits.short,
        buttons=limits.buttons,
        email=ticket.address.channel == "email",
    )
    asked = replace(ticket, csat=Csat(asked_at=now, channel=ticket.address.channel))
    asked = asked.with_event(TicketEvent(now, "csat_asked", by="bot"))
    if conv is not None and conv.ticket_number == ticket.number:
        notes = {**conv.assessment, ASKED_AT: now.isoformat()}
        conv = replace(conv, pending=SCORE, assessment=notes)
    else:
        conv = None
    return Asked(asked, conv, text, choices)


async def ask_if_allowed(
    policy: Policy,
    flags: Flags,
    ticket: Ticket,
    conv: Conversation | None,
    now: datetime,
    limits: ChannelLimits,
) -> Asked | None:
    """`ask`, when `refusal` and `unreachable` let it (a customer's turn confirming the fix)."""
    if refusal(policy, ticket) or await unreachable(flags, ticket):
        return None
    return ask(policy, ticket, conv, now=now, limits=limits)


def record(ticket: Ticket, answer: RecordCsat, now: datetime) -> Ticket:
    """The customer's score and/or comment on the ticket (a later score replaces one
    given a moment before: a button pressed by mistake)."""
    csat = ticket.csat or Csat(asked_at=now, channel=ticket.address.channel)
    if answer.score is not None:
        csat = replace(csat, score=answer.score, answered_at=now)
        ticket = ticket.with_event(TicketEvent(now, "csat_score", f"{answer.score}/5"))
    comment = " ".join(answer.comment.split())[:COMMENT_MAX]
    if comment:
        csat = replace(csat, comment=comment)
        ticket = ticket.with_event(TicketEvent(now, "csat_comment", comment))
    return replace(ticket, csat=csat)
