"""The update reminder timer (`sla:<n>:update`) follows the ticket's update clock through
the engine and the agent actions, on both store backends: set when a ticket opens on a
plan with `update_every`, moved by an agent's update, cancelled when the clock pauses or
the ticket closes. The reminder it triggers is tested in test_desk.py and tests/handoff."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from bot.engine.sla_timers import (
    UPDATE_DUE_KIND,
    update_due_timers,
    update_timer_changes,
    update_timer_key,
)
from bot.engine.turns import Engine
from bot.plan.policy import Policy, load_policy
from bot.store.protocol import Store, Timer, TurnCommit
from bot.store.redis.store import RedisStore
from bot.store.sqlite.store import SqliteStore
from domain.types import Address, Inbound, Ticket, TicketStatus
from handoff.actions import AgentActions
from handoff.desk import Agent
from tests.conftest import Clock
from tests.factories import T0, make_ticket

MARIA = Agent(id="U1", name="María Gómez", first_name="María")
P1_INTAKE = (
    "Our phones are down at the whole office, nobody can make or receive calls",
    "Ana Perez",
    "AC-10442",
    "+1 415 555 2671",
    "ana@example.com",
    "skip",  # no SIP Call-ID
    "yes",
)
FAR = timedelta(days=30)


# -- the pure helper ----------------------------------------------------------------------


def test_update_timer_is_due_when_the_next_update_is(calltower: Policy) -> None:
    t = make_ticket(priority="P1", next_update_due=T0 + timedelta(hours=1))
    (timer,) = update_due_timers(calltower, t)
    assert timer.key == update_timer_key(t.number) == f"sla:{t.number}:update"
    assert timer.kind == UPDATE_DUE_KIND and timer.due == T0 + timedelta(hours=1)
    assert timer.payload == {"ticket": str(t.number), "reminders": "0"}
    assert update_timer_changes(calltower, t) == ([timer], [])


@pytest.mark.parametrize(
    "changes",
    [
        {"next_update_due": None},  # the clock is paused
        {"status": TicketStatus.ON_HOLD},
        {"status": TicketStatus.RESOLVED_PENDING},
        {"status": TicketStatus.CLOSED},
        {"status": TicketStatus.DUPLICATE},
    ],
)
def test_a_paused_or_closed_clock_has_no_update_timer_and_cancels_it(
    calltower: Policy, changes: dict[str, object]
) -> None:
    t = replace(make_ticket(priority="P1"), **changes)  # type: ignore[arg-type]
    assert update_due_timers(calltower, t) == []
    assert update_timer_changes(calltower, t) == ([], [f"sla:{t.number}:update"])


def test_a_priority_without_an_update_target_has_no_update_timer() -> None:
    somos = load_policy("somos")  # "periodic updates, interval agreed": no number
    t = make_ticket(priority="P1", next_update_due=T0 + timedelta(hours=1))
    assert update_due_timers(somos, t) == []


# -- through the engine and the agent actions, on both backends ---------------------------


@pytest.fixture(params=["sqlite", "redis"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    if request.param == "sqlite":
        async with SqliteStore(tmp_path / "bot.db") as sqlite:
            yield sqlite
    else:
        server = request.getfixturevalue("redis_server")
        async with RedisStore(server.url(3), prefix=f"upd-{uuid.uuid4().hex}:") as redis:
            yield redis


class Desk:
    """A customer on webchat, the engine, and an agent's actions, on one store."""

    def __init__(self, store: Store, policy: Policy, clock: Clock) -> None:
        self.store, self.clock = store, clock
        self.engine = Engine(store=store, policy=policy, clock=clock)
        self.actions = AgentActions(store=store, policy=policy, clock=clock)
        self._ids = itertools.count(1)

    async def say(self, text: str) -> str:
        inbound = Inbound(Address("webchat", "ana"), text, f"m{next(self._ids)}", self.clock())
        result = await self.engine.handle(inbound, inline=True)
        return "\n".join(r.text for r in result.replies)

    async def open_p1(self) -> Ticket:
        for text in P1_INTAKE:
            await self.say(text)
        (ticket,) = await self.store.list_tickets()
        assert ticket.priority == "P1"  # every 1 hour, wall time
        return ticket

    async def ticket(self, number: int) -> Ticket:
        ticket = await self.store.get_ticket(number)
        assert ticket is not None
        return ticket

    async def update_timer(self, number: int) -> Timer | None:
        """The ticket's update timer as stored (claimed, then put back unchanged)."""
        claimed = await self.store.claim_due_timers(now=self.clock() + FAR, limit=1000)
        if claimed:
            await self.store.commit(TurnCommit(at=self.clock(), timers=tuple(claimed)))
        return next((t for t in claimed if t.key == update_timer_key(number)), None)


@pytest.fixture
def desk(store: Store, calltower: Policy, clock: Clock) -> Desk:
    return Desk(store, calltower, clock)


async def test_opening_a_ticket_schedules_its_update_reminder(desk: Desk) -> None:
    t = await desk.open_p1()
    assert t.next_update_due == desk.clock() + timedelta(hours=1)
    timer = await desk.update_timer(t.number)
    assert timer is not None and timer.kind == "sla_update_due"
    assert timer.due == t.next_update_due and timer.payload["ticket"] == str(t.number)


async def test_an_agent_reply_moves_the_update_reminder(desk: Desk) -> None:
    t = await desk.open_p1()
    desk.clock.advance(minutes=40)
    assert (await desk.actions.reply(t.number, MARIA, "We are rerouting your calls now.")).ok
    moved = await desk.ticket(t.number)
    assert moved.next_update_due == desk.clock() + timedelta(hours=1)
    timer = await desk.update_timer(t.number)
    assert timer is not None and timer.due == moved.next_update_due


async def test_a_claim_is_the_first_update_and_restarts_the_reminder(desk: Desk) -> None:
    t = await desk.open_p1()
    desk.clock.advance(minutes=10)
    assert (await desk.actions.claim(t.number, MARIA)).ok
    timer = await desk.update_timer(t.number)
    assert timer is not None and timer.due == desk.clock() + timedelta(hours=1)


async def test_a_question_pauses_the_reminder_and_the_answer_resumes_it(desk: Desk) -> None:
    t = await desk.open_p1()
    await desk.actions.claim(t.number, MARIA)
    desk.clock.advance(minutes=20)
    await desk.actions.reply(t.number, MARIA, "Does the desk phone show a registration error?")
    assert (await desk.ticket(t.number)).next_update_due is None
    assert await desk.update_timer(t.number) is None
    desk.clock.advance(hours=3)
    await desk.say("Yes, it says 'no service'")
    resumed = await desk.ticket(t.number)
    assert resumed.next_update_due == desk.clock() + timedelta(hours=1)
    timer = await desk.update_timer(t.number)
    assert timer is not None and timer.due == resumed.next_update_due


async def test_a_hold_cancels_the_reminder_and_its_end_restarts_it(desk: Desk) -> None:
    t = await desk.open_p1()
    assert (await desk.actions.hold(t.number, MARIA, date(2026, 12, 1))).ok
    assert (await desk.ticket(t.number)).next_update_due is None
    assert await desk.update_timer(t.number) is None
    desk.clock.now = datetime.fromisoformat("2026-12-01T08:00:00+00:00")
    assert (await desk.actions.end_hold(t.number)).ok
    timer = await desk.update_timer(t.number)
    assert timer is not None and timer.due == desk.clock() + timedelta(hours=1)


async def test_a_priority_change_moves_the_reminder(desk: Desk) -> None:
    t = await desk.open_p1()
    desk.clock.advance(minutes=5)
    assert (await desk.actions.set_priority(t.number, MARIA, "P2")).ok
    timer = await desk.update_timer(t.number)
    assert timer is not None and timer.due == desk.clock() + timedelta(hours=2)


async def test_resolving_and_closing_cancel_the_reminder(desk: Desk) -> None:
    t = await desk.open_p1()
    await desk.actions.claim(t.number, MARIA)
    assert (await desk.actions.resolve(t.number, MARIA)).ok
    assert await desk.update_timer(t.number) is None
    assert "is closed" in await desk.say("thanks, it works now")
    closed = await desk.ticket(t.number)
    assert closed.status is TicketStatus.CLOSED and closed.next_update_due is None
    assert await desk.update_timer(t.number) is None


async def test_a_duplicate_cancels_the_reminder(desk: Desk) -> None:
    t = await desk.open_p1()
    other = make_ticket(number=424242, priority="P1", next_update_due=None)
    await desk.store.commit(TurnCommit(at=desk.clock(), tickets=(other,)))
    assert (await desk.actions.duplicate(t.number, MARIA, other.number)).ok
    assert await desk.update_timer(t.number) is None
