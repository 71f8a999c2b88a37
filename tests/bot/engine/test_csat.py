"""bot/engine/csat.py: when the satisfaction question may be asked (closed resolved only,
once, the plan willing, nobody opted out, no robot on the other end of an email) and how
an answer is written on the ticket."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.engine import csat
from bot.plan.policy import Policy
from bot.store.flags import automatic_mail_flag, opt_out_flag
from bot.store.sqlite.store import SqliteStore
from domain.types import DEFAULT_LIMITS, Address, Conversation, Csat, TicketEvent, TicketStatus
from flows.dialogue.effects import RecordCsat
from tests.factories import T0, make_ticket

SMS = Address("sms", "+14155552671")


@pytest.mark.parametrize(
    ("status", "asked"),
    [
        (TicketStatus.CLOSED, True),
        (TicketStatus.CLOSED_NO_RESPONSE, False),  # nobody answered: nobody to ask
        (TicketStatus.DUPLICATE, False),
        (TicketStatus.RESOLVED_PENDING, False),  # asked when the customer confirms it
        (TicketStatus.IN_PROGRESS, False),
    ],
)
def test_only_a_ticket_closed_resolved_is_asked(
    calltower: Policy, status: TicketStatus, asked: bool
) -> None:
    assert (csat.refusal(calltower, make_ticket(status=status, address=SMS)) == "") is asked


def test_never_twice_and_never_when_the_plan_says_no(calltower: Policy) -> None:
    once = make_ticket(status=TicketStatus.CLOSED, csat=Csat(T0, "sms"))
    assert csat.refusal(calltower, once) == "asked before"
    off = calltower.model_copy(
        update={"csat": calltower.csat.model_copy(update={"enabled": False})}
    )
    assert csat.refusal(off, make_ticket(status=TicketStatus.CLOSED)) != ""


def test_email_robots_are_never_asked(calltower: Policy) -> None:
    robot = make_ticket(
        status=TicketStatus.CLOSED, address=Address("email", "noreply@pbx.example.com")
    )
    assert csat.refusal(calltower, robot) == "a no-reply address"
    person = Address("email", "ana@example.com")
    ooo = make_ticket(
        status=TicketStatus.CLOSED,
        address=person,
        events=(
            TicketEvent(T0, "opened", by="bot"),
            TicketEvent(T0, "email_auto_reply", "Out of office", by="system"),
        ),
    )
    assert csat.refusal(calltower, ooo) == "the last mail was an auto-reply"
    answered = ooo.with_event(TicketEvent(T0 + timedelta(hours=1), "comment", "back now"))
    assert csat.refusal(calltower, answered) == ""


async def test_opted_out_and_automatic_senders_are_unreachable(sqlite_store: SqliteStore) -> None:
    ticket = make_ticket(status=TicketStatus.CLOSED, address=SMS)
    assert await csat.unreachable(sqlite_store, ticket) == ""
    await sqlite_store.set_flag(opt_out_flag(SMS), T0.isoformat())
    assert await csat.unreachable(sqlite_store, ticket) == "opted out"
    mail = make_ticket(status=TicketStatus.CLOSED, address=Address("email", "Ana@Example.com"))
    await sqlite_store.set_flag(automatic_mail_flag("ana@example.com"), "bulk")
    assert await csat.unreachable(sqlite_store, mail) == "the last mail was automatic"


def test_asking_marks_the_ticket_once_and_the_conversation_waits(calltower: Policy) -> None:
    ticket = make_ticket(number=7, status=TicketStatus.CLOSED, address=SMS, lang="es")
    conv = Conversation(id="sms:x", address=SMS, state="closed", ticket_number=7)
    asked = csat.ask(calltower, ticket, conv, now=T0, limits=DEFAULT_LIMITS["sms"])
    assert asked.ticket.csat == Csat(T0, "sms") and asked.ticket.events[-1].kind == "csat_asked"
    assert asked.conversation is not None and asked.conversation.pending == "csat"
    assert asked.text.startswith("¿Qué tal le atendimos en el caso #7?") and asked.choices == ()
    other = Conversation(id="sms:x", address=SMS, state="collecting", ticket_number=None)
    assert (
        csat.ask(calltower, ticket, other, now=T0, limits=DEFAULT_LIMITS["sms"]).conversation
        is None
    )


def test_an_answer_is_recorded_with_its_time_and_a_long_comment_cut() -> None:
    ticket = make_ticket(status=TicketStatus.CLOSED, csat=Csat(T0, "telegram"))
    later = T0 + timedelta(minutes=5)
    rated = csat.record(ticket, RecordCsat(ticket.number, score=3), later)
    assert rated.csat == Csat(T0, "telegram", score=3, answered_at=later)
    long = csat.record(rated, RecordCsat(ticket.number, comment="x " * 900), later)
    assert long.csat is not None and len(long.csat.comment) == csat.COMMENT_MAX
    assert long.csat.score == 3 and [e.kind for e in long.events][-2:] == [
        "csat_score",
        "csat_comment",
    ]
