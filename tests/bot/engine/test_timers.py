"""The timer loop runs the due timers of the kinds it has handlers for, and only those:
a timer of another kind stays in the store for the loop that handles it."""

from __future__ import annotations

from datetime import timedelta

from bot.engine.timers import RETRY_AFTER, TimerLoop
from bot.store.protocol import Timer, TurnCommit
from bot.store.sqlite.store import SqliteStore
from tests.conftest import Clock


async def test_a_timer_of_another_kind_stays_claimable_while_a_loop_runs(
    sqlite_store: SqliteStore, clock: Clock
) -> None:
    # two workers' loops on one store, each knowing one kind
    closes = TimerLoop(store=sqlite_store, clock=clock)
    desk = TimerLoop(store=sqlite_store, clock=clock)
    ran: list[tuple[str, str]] = []
    desk_ran_meanwhile: list[int] = []

    async def close(timer: Timer) -> None:
        ran.append(("close", timer.key))
        desk_ran_meanwhile.append(await desk.run_due())

    async def reping(timer: Timer) -> None:
        ran.append(("desk", timer.key))

    closes.register("close_no_response", close)
    desk.register("sla_first_response_warn", reping)
    due = clock() - timedelta(minutes=1)
    await sqlite_store.commit(
        TurnCommit(
            at=clock(),
            timers=(
                Timer("lifecycle:1:no_response", due, "close_no_response", {"ticket": "1"}),
                Timer("sla:2:first_response_warn", due, "sla_first_response_warn", {"ticket": "2"}),
            ),
        )
    )

    assert await closes.run_due() == 1
    assert desk_ran_meanwhile == [1]  # the desk's timer was not held by the other loop
    assert ran == [("close", "lifecycle:1:no_response"), ("desk", "sla:2:first_response_warn")]
    assert await sqlite_store.claim_due_timers(now=clock() + timedelta(days=1)) == []


async def test_a_timer_of_a_kind_no_loop_handles_stays_as_it_was_set(
    sqlite_store: SqliteStore, clock: Clock
) -> None:
    loop = TimerLoop(store=sqlite_store, clock=clock)
    unknown = Timer("hold:3", clock() - timedelta(minutes=1), "ticket_hold_end", {"ticket": "3"})
    await sqlite_store.commit(TurnCommit(at=clock(), timers=(unknown,)))

    assert await loop.run_due() == 0

    assert await sqlite_store.claim_due_timers(now=clock()) == [unknown]


async def test_a_failing_handler_gets_its_timer_back_a_minute_later(
    sqlite_store: SqliteStore, clock: Clock
) -> None:
    loop = TimerLoop(store=sqlite_store, clock=clock)
    calls: list[str] = []

    async def broken(timer: Timer) -> None:
        calls.append(timer.key)
        raise RuntimeError("the desk is unreachable")

    loop.register("sla_update_due", broken)
    timer = Timer("sla:4:update", clock() - timedelta(minutes=5), "sla_update_due", {"ticket": "4"})
    await sqlite_store.commit(TurnCommit(at=clock(), timers=(timer,)))

    assert await loop.run_due() == 0
    assert calls == ["sla:4:update"]
    assert await sqlite_store.claim_due_timers(now=clock() + RETRY_AFTER / 2) == []
    [again] = await sqlite_store.claim_due_timers(now=clock() + RETRY_AFTER)
    assert again == Timer("sla:4:update", clock() + RETRY_AFTER, "sla_update_due", {"ticket": "4"})
