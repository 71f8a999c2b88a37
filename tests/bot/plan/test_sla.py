"""The update clock runs while the customer waits on us and pauses while we wait on them."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.plan.policy import Policy
from bot.plan.sla import next_update_due, update_clock
from domain.types import Address, Ticket, TicketEvent, TicketStatus

MT = ZoneInfo("America/Denver")
H = timedelta(hours=1)


def _ticket(
    priority: str, opened: datetime, *events: TicketEvent, status: TicketStatus = TicketStatus.NEW
) -> Ticket:
    return Ticket(
        number=10001,
        status=status,
        priority=priority,
        channel="webchat",
        address=Address("webchat", "ana"),
        lang="en",
        created_at=opened,
        first_response_due=None,
        next_update_due=None,
        events=(TicketEvent(opened, "opened", f"priority {priority}", by="bot"), *events),
    )


def test_a_p2_owes_an_update_two_hours_after_opening(calltower: Policy) -> None:
    opened = datetime(2026, 11, 22, 3, 0, tzinfo=MT)
    assert next_update_due(calltower, _ticket("P2", opened), opened) == opened + 2 * H


def test_an_agent_update_restarts_the_clock(calltower: Policy) -> None:
    opened = datetime(2026, 11, 22, 3, 0, tzinfo=MT)
    t = _ticket(
        "P2", opened, TicketEvent(opened + H, "agent_reply", "We are on it.", by="agent:maria")
    )
    assert next_update_due(calltower, t, opened + H) == opened + 3 * H


def test_the_clock_pauses_while_we_wait_on_the_customer_and_resumes_with_the_time_left(
    calltower: Policy,
) -> None:
    opened = datetime(2026, 11, 22, 3, 0, tzinfo=MT)
    asked = TicketEvent(
        opened + 0.5 * H, "agent_reply", "Could you send a Call-ID?", by="agent:maria"
    )
    t = _ticket("P1", opened, asked)
    assert next_update_due(calltower, t, opened + 5 * H) is None  # waiting on the customer
    answered = TicketEvent(opened + 5 * H, "comment", "here it is: abc@pbx")
    t = _ticket("P1", opened, asked, answered)
    # an update was given at 00:30 (the question), so a full hour runs from the answer
    assert next_update_due(calltower, t, opened + 5 * H) == opened + 6 * H


def test_an_explicit_wait_keeps_the_time_already_used(calltower: Policy) -> None:
    opened = datetime(2026, 11, 22, 3, 0, tzinfo=MT)
    wait = TicketEvent(opened + 1.5 * H, "asked_customer", "", by="bot")
    back = TicketEvent(opened + 10 * H, "comment", "done")
    t = _ticket("P2", opened, wait, back)
    # 1.5 h of the 2 h were used before the pause: 30 minutes are left after the answer
    assert next_update_due(calltower, t, opened + 10 * H) == opened + 10.5 * H
    clock = update_clock(calltower, t, opened + 10.25 * H)
    assert clock is not None and clock.running and clock.elapsed == 1.75 * H


def test_business_clock_pauses_count_open_time_only(calltower: Policy) -> None:
    opened = datetime(2026, 11, 20, 8, 0, tzinfo=MT)  # Friday; P3 updates every business day (12 h)
    wait = TicketEvent(datetime(2026, 11, 20, 14, 0, tzinfo=MT), "asked_customer", by="agent:maria")
    back = TicketEvent(datetime(2026, 11, 21, 10, 0, tzinfo=MT), "comment", "answer on Saturday")
    t = _ticket("P3", opened, wait, back)
    # 6 open hours used on Friday; the Saturday answer resumes on Monday 06:00 with 6 h left
    due = next_update_due(calltower, t, datetime(2026, 11, 21, 10, 0, tzinfo=MT))
    assert due == datetime(2026, 11, 23, 12, 0, tzinfo=MT)


def test_a_hold_until_a_date_resumes_by_itself(calltower: Policy) -> None:
    opened = datetime(2026, 11, 22, 3, 0, tzinfo=MT)
    hold = TicketEvent(opened + H, "on_hold", "until 2026-11-23T09:00-07:00", by="agent:maria")
    t = _ticket("P2", opened, hold)
    assert next_update_due(calltower, t, opened + 2 * H) is None
    assert next_update_due(calltower, t, datetime(2026, 11, 23, 9, 30, tzinfo=MT)) == datetime(
        2026, 11, 23, 10, 0, tzinfo=MT
    )


def test_status_wins_closed_has_no_update_and_pending_confirmation_waits(calltower: Policy) -> None:
    opened = datetime(2026, 11, 22, 3, 0, tzinfo=MT)
    t = _ticket("P2", opened)
    assert next_update_due(calltower, replace(t, status=TicketStatus.CLOSED), opened) is None
    assert (
        next_update_due(calltower, replace(t, status=TicketStatus.RESOLVED_PENDING), opened + H)
        is None
    )


def test_a_priority_without_update_target_has_no_clock() -> None:
    from bot.plan.policy import load_policy

    somos = load_policy("somos")
    opened = datetime(2026, 11, 22, 3, 0, tzinfo=MT)
    assert update_clock(somos, _ticket("P1", opened), opened) is None
