"""A storm-path child's first-message reading, owed durably after its turn
(bot/engine/readings.py): the child answers and links at once on the master's priority,
its own priority shows "pending" until the reading is done, and a worker that stops or
dies before that leaves the reading to the next one."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from bot.engine import readings
from bot.engine.readings import HORIZON, KIND, LEASE, DeferredReadings
from bot.engine.turns import Engine
from bot.incidents.unlink import ChildUnlinked
from bot.plan.policy import Policy
from bot.store.protocol import StoreError
from bot.store.sqlite.store import SqliteStore
from domain.incident import Incident, IncidentMatch
from domain.types import Address, Inbound, Ticket
from flows.dialogue.incident import PENDING, read_child
from flows.dialogue.turn import TurnContext
from tests.conftest import Clock

STORM = "Our phones in Dallas have no dial tone since 9am, the whole office is down"
NUMBER = "+14155550100"


async def _open_incident(store: SqliteStore, clock: Clock) -> Incident:
    incident = Incident(
        id=await store.next_incident_id(),
        title="Dallas: no dial tone",
        created_at=clock(),
        summary={"en": "Phones at Dallas sites have no dial tone."},
        match=IncidentMatch(keywords=("dallas",)),
        priority="P1G",
    )
    await store.save_incident(incident)
    return incident


async def _storm_message(engine: Engine, clock: Clock, sender: str = NUMBER) -> Ticket:
    inbound = Inbound(Address("sms", sender), STORM, f"SM{sender}", clock())
    result = await engine.handle(inbound, inline=True)
    assert result.ticket is not None
    reply = "\n".join(r.text for r in result.replies)
    assert "Phones at Dallas sites have no dial tone." in reply  # told at once
    return result.ticket


def _readings(store: SqliteStore, policy: Policy, clock: Clock) -> DeferredReadings:
    return DeferredReadings(store=store, policy=policy, clock=clock)


async def test_a_storm_child_answers_and_links_at_once_and_its_priority_is_read_later(
    sqlite_store: SqliteStore, engine: Engine, calltower: Policy, clock: Clock
) -> None:
    incident = await _open_incident(sqlite_store, clock)
    opened = await _storm_message(engine, clock)
    assert opened.priority == "P1G"  # the master's, for SLA, from the first moment
    assert opened.fields["own_priority"] == PENDING
    assert await sqlite_store.incident_children(incident.id) == [opened.number]

    clock.advance(minutes=1)
    assert await _readings(sqlite_store, calltower, clock).drain() == 1
    read = await sqlite_store.get_ticket(opened.number)
    assert read is not None
    expected = read_child(opened, TurnContext(now=clock(), policy=calltower, channel="sms"))
    assert read.fields["own_priority"] == expected.own_priority != PENDING
    assert read.assessment["own_priority"] == expected.own_priority
    assert read.assessment["impact"] == expected.assessment["impact"]
    assert read.priority == "P1G" and read.first_response_due == opened.first_response_due
    # the reading is owed once: nothing is left, and a second drain reads nothing
    assert await _readings(sqlite_store, calltower, clock).drain() == 0


async def test_a_reading_owed_when_the_worker_stops_is_done_after_the_restart(
    tmp_path: Path, calltower: Policy, clock: Clock
) -> None:
    path = tmp_path / "restart.db"
    async with SqliteStore(path) as store:
        await _open_incident(store, clock)
        opened = await _storm_message(Engine(store=store, policy=calltower, clock=clock), clock)
    clock.advance(seconds=30)
    async with SqliteStore(path) as store:
        assert await _readings(store, calltower, clock).drain() == 1
        read = await store.get_ticket(opened.number)
        assert read is not None and read.fields["own_priority"] not in ("", PENDING)


async def test_a_worker_killed_with_a_batch_in_hand_leaves_it_due_again_after_the_lease(
    sqlite_store: SqliteStore,
    engine: Engine,
    calltower: Policy,
    clock: Clock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await _open_incident(sqlite_store, clock)
    first = await _storm_message(engine, clock, "+14155550101")
    second = await _storm_message(engine, clock, "+14155550102")

    def killed(*args: object) -> Ticket:
        raise asyncio.CancelledError  # the worker dies with its batch claimed, none read

    with monkeypatch.context() as patched:
        patched.setattr(readings, "settle", killed)
        with pytest.raises(asyncio.CancelledError):
            await _readings(sqlite_store, calltower, clock).drain()
    # held by the dead worker's lease: no one else reads them yet
    assert await _readings(sqlite_store, calltower, clock).drain() == 0
    clock.advance(seconds=LEASE.total_seconds() + 1)
    assert await _readings(sqlite_store, calltower, clock).drain() == 2
    for number in (first.number, second.number):
        read = await sqlite_store.get_ticket(number)
        assert read is not None and read.fields["own_priority"] != PENDING


async def test_the_timer_loop_does_not_see_a_storms_readings_until_the_horizon(
    sqlite_store: SqliteStore, engine: Engine, clock: Clock
) -> None:
    await _open_incident(sqlite_store, clock)
    await _storm_message(engine, clock)
    # the timer loop claims what is due now (its own kinds, reading past others)
    assert await sqlite_store.claim_due_timers(now=clock(), kinds=(KIND,)) == []
    due = await sqlite_store.claim_due_timers(now=clock() + HORIZON, kinds=(KIND,))
    assert [t.kind for t in due] == [KIND]


async def test_the_drain_loop_reads_while_the_worker_is_idle(
    sqlite_store: SqliteStore, engine: Engine, calltower: Policy, clock: Clock
) -> None:
    await _open_incident(sqlite_store, clock)
    opened = await _storm_message(engine, clock)
    readings = DeferredReadings(
        store=sqlite_store, policy=calltower, clock=clock, busy=engine.busy, poll_interval=0.01
    )
    await readings.start()
    try:
        for _ in range(2000):  # bounded: no timed assertion, a count of yields
            read = await sqlite_store.get_ticket(opened.number)
            assert read is not None
            if read.fields["own_priority"] != PENDING:
                break
            await asyncio.sleep(0.005)
    finally:
        await readings.stop()
    assert read.fields["own_priority"] != PENDING


async def test_the_worker_counts_as_busy_for_a_quiet_spell_after_a_turn_began(
    sqlite_store: SqliteStore, engine: Engine, clock: Clock
) -> None:
    # a storm's worker is between turns many times a second: that is not idle
    now = [100.0]
    engine.monotonic = lambda: now[0]
    assert not engine.busy()
    await _open_incident(sqlite_store, clock)
    await _storm_message(engine, clock)
    now[0] += engine.quiet / 2
    assert engine.in_flight == 0 and engine.busy()
    now[0] += engine.quiet / 2
    assert not engine.busy()


async def test_a_worker_idle_at_one_look_but_busy_a_poll_later_reads_nothing(
    sqlite_store: SqliteStore, calltower: Policy, clock: Clock
) -> None:
    # a worker the machine did not run for a while looks idle, and its waiting requests
    # begin at its next poll: the readings wait for those turns
    looks = iter([False, True] * 50)
    drained: list[int] = []
    looked = asyncio.Event()

    def busy() -> bool:
        try:
            return next(looks)
        except StopIteration:
            looked.set()
            return True

    reader = DeferredReadings(
        store=sqlite_store, policy=calltower, clock=clock, busy=busy, idle_poll=0, max_wait=3600
    )

    async def drain_batch() -> int:
        drained.append(1)
        return 0

    reader.drain_batch = drain_batch  # type: ignore[method-assign]
    await reader.start()
    try:
        await asyncio.wait_for(looked.wait(), timeout=30)  # a hang guard, not a timing
    finally:
        await reader.stop()
    assert drained == []


async def test_not_my_problem_before_the_reading_puts_the_child_on_its_own_priority(
    sqlite_store: SqliteStore, engine: Engine, calltower: Policy, clock: Clock
) -> None:
    engine.add_listener(ChildUnlinked(store=sqlite_store, policy=calltower, clock=clock))
    await _open_incident(sqlite_store, clock)
    opened = await _storm_message(engine, clock)
    inbound = Inbound(Address("sms", NUMBER), "that's not my problem", "SM-not-that", clock())
    result = await engine.handle(inbound, inline=True)
    assert "different problem" in "\n".join(r.text for r in result.replies)
    unlinked = await sqlite_store.get_ticket(opened.number)
    assert unlinked is not None and unlinked.fields["incident"] == ""
    assert unlinked.priority == unlinked.fields["own_priority"] not in ("P1G", PENDING)
    # the reading owed for it finds it read, and only cancels its timer
    assert await _readings(sqlite_store, calltower, clock).drain() == 1
    again = await sqlite_store.get_ticket(opened.number)
    assert again == unlinked


async def test_a_store_outage_is_one_warning_line_without_a_traceback_and_the_loop_goes_on(
    sqlite_store: SqliteStore,
    calltower: Policy,
    clock: Clock,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # a Redis restart makes every round fail: the log must stay readable (issue 15's rule)
    rounds = 0

    async def store_down(self: DeferredReadings) -> int:
        nonlocal rounds
        rounds += 1
        raise StoreError("redis: ConnectionError: Connection refused")

    monkeypatch.setattr(DeferredReadings, "drain_batch", store_down)
    readings = DeferredReadings(
        store=sqlite_store, policy=calltower, clock=clock, poll_interval=0.001
    )
    with caplog.at_level(logging.WARNING, logger="supportbot.readings"):
        await readings.start()
        try:
            for _ in range(2000):  # bounded: a count of yields, no timed assertion
                if rounds >= 5:
                    break
                await asyncio.sleep(0.001)
        finally:
            await readings.stop()
    assert rounds >= 5
    lines = [r for r in caplog.records if r.name == "supportbot.readings"]
    assert [r.getMessage() for r in lines] == [
        "store unavailable (deferred readings): redis: ConnectionError: Connection refused"
    ]
    assert all(r.exc_info is None for r in lines)
