"""Cases the customer stops answering are closed after the plan's interval (CallTower:
two business days), checked again when the timer fires."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.engine.lifecycle import KIND, NoResponseCloser, no_response_timer, waiting_since
from bot.plan.policy import Policy
from bot.store.protocol import TurnCommit
from bot.store.sqlite.store import SqliteStore
from domain.types import Address, Conversation, Mode, TicketEvent, TicketStatus
from tests.conftest import Clock
from tests.factories import make_ticket

MT = ZoneInfo("America/Denver")
WHO = Address("sms", "+14155552671")
ASKED = datetime(2026, 11, 24, 10, 0, tzinfo=MT)  # Tuesday 10:00 MT


def _asked_ticket() -> object:
    t = make_ticket(
        number=10001,
        address=WHO,
        priority="P3",
        created_at=ASKED - timedelta(hours=1),
        conversation_id=str(WHO),
        lang="en",
    )
    return t.with_event(
        TicketEvent(ASKED, "agent_reply", "Can you reboot the phone and tell me?", by="agent:U1")
    )


def test_an_agents_question_starts_the_wait_and_an_answer_ends_it() -> None:
    t = _asked_ticket()
    assert waiting_since(t) == ASKED
    answered = t.with_event(
        TicketEvent(ASKED + timedelta(hours=1), "comment", "done, still broken")
    )
    assert waiting_since(answered) is None
    on_hold = replace(t, status=TicketStatus.ON_HOLD)
    assert waiting_since(on_hold) is None


def test_timer_is_due_after_two_business_days(calltower: Policy) -> None:
    timer = no_response_timer(calltower, _asked_ticket())
    assert timer is not None and timer.kind == KIND
    # Tue 10:00 + 24 open hours (2 x 12 h of Mon-Fri 06-18): Tue 8 h, Wed 12 h,
    # Thanksgiving (Thu 11-26) closed, Fri 06:00 + 4 h
    assert timer.due == datetime(2026, 11, 27, 10, 0, tzinfo=MT)


async def test_silent_customer_is_told_and_the_case_closed(
    sqlite_store: SqliteStore, calltower: Policy
) -> None:
    t = _asked_ticket()
    conv = Conversation(
        id=str(WHO),
        address=WHO,
        state="with_agent",
        ticket_number=10001,
        mode=Mode.AGENT,
        version=1,
    )
    await sqlite_store.commit(TurnCommit(at=ASKED, conversation=conv, tickets=(t,)))
    timer = no_response_timer(calltower, t)
    kicked: list[bool] = []
    clock = Clock(ASKED + timedelta(days=1))
    closer = NoResponseCloser(
        store=sqlite_store, policy=calltower, clock=clock, kick=lambda: kicked.append(True)
    )

    await closer.on_timer(timer)  # fired early (e.g. clock skew): re-armed, not closed
    assert (await sqlite_store.get_ticket(10001)).status is TicketStatus.NEW
    [rearmed] = await sqlite_store.claim_due_timers(now=timer.due)
    assert rearmed.due == timer.due

    clock.now = timer.due + timedelta(minutes=1)
    await closer.on_timer(timer)
    closed = await sqlite_store.get_ticket(10001)
    assert closed.status is TicketStatus.CLOSED_NO_RESPONSE
    assert closed.events[-1].kind == "closed_no_response"
    [notice] = [i for i in await sqlite_store.outbox_for(WHO) if i.outbound.kind == "notice"]
    assert "ticket #10001 is closed" in notice.outbound.text
    conv = await sqlite_store.load_conversation(str(WHO))
    assert conv.mode is Mode.CLOSED and kicked


async def test_customer_who_answered_is_not_closed(
    sqlite_store: SqliteStore, calltower: Policy
) -> None:
    t = _asked_ticket()
    timer = no_response_timer(calltower, t)
    t = t.with_event(TicketEvent(ASKED + timedelta(hours=2), "comment", "rebooted, works now"))
    await sqlite_store.commit(TurnCommit(at=ASKED, tickets=(t,)))
    closer = NoResponseCloser(
        store=sqlite_store,
        policy=calltower,
        clock=Clock(timer.due + timedelta(hours=1)),
        kick=lambda: None,
    )
    await closer.on_timer(timer)
    assert (await sqlite_store.get_ticket(10001)).status is TicketStatus.NEW
    assert await sqlite_store.outbox_for(WHO) == []
