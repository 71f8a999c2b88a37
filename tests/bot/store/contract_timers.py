"""The Store contract, `Timers` (bot.store.timers): due timers claimed once, set and
cancelled by a turn's commit. See `tests.bot.store.contract` for how a backend's
test module runs it."""

from __future__ import annotations

import asyncio
from datetime import timedelta, timezone

from bot.store.protocol import Timer, Timers, TurnCommit
from tests.factories import T0

__all__ = [
    "test_due_timers_claimed_exactly_once",
    "test_timers_claimed_once_by_concurrent_claimers",
    "test_timer_with_same_key_replaces",
    "test_cancel_timers",
    "test_a_claim_of_some_kinds_leaves_the_others_where_they_are",
    "test_a_claim_of_no_kinds_claims_nothing",
    "test_a_claim_by_kind_reads_past_any_number_of_due_timers_of_other_kinds",
    "test_timers_of_a_kind_claimed_once_by_concurrent_claimers",
]


async def test_due_timers_claimed_exactly_once(store: Timers) -> None:
    plus2 = timezone(timedelta(hours=2))
    timers = (
        Timer("sla:1", T0 + timedelta(minutes=5), "sla_warn", {"ticket": "1"}),
        Timer("close:1", T0.astimezone(plus2), "auto_close"),  # same instant, other zone
        Timer("later", T0 + timedelta(hours=1), "remind"),
    )
    await store.commit(TurnCommit(at=T0, timers=timers))

    assert [t.key for t in await store.claim_due_timers(now=T0 - timedelta(seconds=1))] == []
    due = await store.claim_due_timers(now=T0 + timedelta(minutes=5))
    assert [(t.key, t.due, t.kind, t.payload) for t in due] == [
        ("close:1", T0, "auto_close", {}),
        ("sla:1", T0 + timedelta(minutes=5), "sla_warn", {"ticket": "1"}),
    ]
    assert all(t.due.tzinfo is not None for t in due)
    assert await store.claim_due_timers(now=T0 + timedelta(minutes=5)) == []
    assert [t.key for t in await store.claim_due_timers(now=T0 + timedelta(hours=2))] == ["later"]


async def test_timers_claimed_once_by_concurrent_claimers(store: Timers) -> None:
    timers = tuple(Timer(f"t{i}", T0 + timedelta(seconds=i), "remind") for i in range(40))
    await store.commit(TurnCommit(at=T0, timers=timers))
    now = T0 + timedelta(minutes=1)

    first, second = await asyncio.gather(
        store.claim_due_timers(now=now, limit=25), store.claim_due_timers(now=now, limit=25)
    )
    keys_a, keys_b = {t.key for t in first}, {t.key for t in second}
    assert not keys_a & keys_b
    assert keys_a | keys_b == {t.key for t in timers}


async def test_timer_with_same_key_replaces(store: Timers) -> None:
    await store.commit(TurnCommit(at=T0, timers=(Timer("k", T0, "remind", {"n": "1"}),)))
    later = T0 + timedelta(hours=1)
    await store.commit(TurnCommit(at=T0, timers=(Timer("k", later, "close", {"n": "2"}),)))

    assert await store.claim_due_timers(now=T0 + timedelta(minutes=59)) == []
    assert await store.claim_due_timers(now=later) == [Timer("k", later, "close", {"n": "2"})]


async def test_cancel_timers(store: Timers) -> None:
    await store.commit(
        TurnCommit(at=T0, timers=(Timer("a", T0, "remind"), Timer("b", T0, "remind")))
    )
    # cancellations apply before the turn's own timers: cancel + set re-arms a key
    reset = Timer("b", T0 + timedelta(hours=1), "remind")
    await store.commit(TurnCommit(at=T0, cancel_timers=("a", "b", "unknown"), timers=(reset,)))

    assert await store.claim_due_timers(now=T0 + timedelta(minutes=1)) == []
    assert await store.claim_due_timers(now=T0 + timedelta(hours=1)) == [reset]


# by kind: a timer loop claims only the kinds it has handlers for


async def test_a_claim_of_some_kinds_leaves_the_others_where_they_are(store: Timers) -> None:
    timers = (
        Timer("close:1", T0, "auto_close"),
        Timer("sla:1", T0 + timedelta(minutes=1), "sla_warn", {"ticket": "1"}),
        Timer("hold:1", T0 + timedelta(minutes=2), "hold_end", {"ticket": "1"}),
        Timer("sla:2", T0 + timedelta(hours=1), "sla_warn", {"ticket": "2"}),
    )
    await store.commit(TurnCommit(at=T0, timers=timers))
    now = T0 + timedelta(minutes=5)

    claimed = await store.claim_due_timers(now=now, kinds=("sla_warn", "hold_end"))
    assert claimed == [timers[1], timers[2]]
    assert await store.claim_due_timers(now=now, kinds=["sla_warn"]) == []  # sla:2 not due
    # the timer of the other kind is still there as it was set
    assert await store.claim_due_timers(now=now) == [timers[0]]
    later = T0 + timedelta(hours=1)
    assert await store.claim_due_timers(now=later, kinds={"sla_warn"}) == [timers[3]]


async def test_a_claim_of_no_kinds_claims_nothing(store: Timers) -> None:
    timer = Timer("close:1", T0, "auto_close")
    await store.commit(TurnCommit(at=T0, timers=(timer,)))

    assert await store.claim_due_timers(now=T0, kinds=()) == []
    assert await store.claim_due_timers(now=T0, kinds=("remind",)) == []
    assert await store.claim_due_timers(now=T0) == [timer]


async def test_a_claim_by_kind_reads_past_any_number_of_due_timers_of_other_kinds(
    store: Timers,
) -> None:
    others = tuple(Timer(f"other:{i:03}", T0 + timedelta(seconds=i), "other") for i in range(250))
    mine = tuple(Timer(f"mine:{i}", T0 + timedelta(seconds=300 + i), "mine") for i in range(5))
    among_others = Timer("mine:early", T0 + timedelta(seconds=150, milliseconds=500), "mine")
    await store.commit(TurnCommit(at=T0, timers=(*others, *mine, among_others)))
    now = T0 + timedelta(hours=1)

    first = await store.claim_due_timers(now=now, limit=3, kinds=("mine",))
    assert [t.key for t in first] == ["mine:early", "mine:0", "mine:1"]
    second = await store.claim_due_timers(now=now, limit=3, kinds=("mine",))
    assert [t.key for t in second] == ["mine:2", "mine:3", "mine:4"]
    assert await store.claim_due_timers(now=now, kinds=("mine",)) == []
    assert await store.claim_due_timers(now=now, limit=1000) == list(others)


async def test_timers_of_a_kind_claimed_once_by_concurrent_claimers(store: Timers) -> None:
    mine = tuple(Timer(f"mine:{i}", T0 + timedelta(seconds=2 * i), "mine") for i in range(30))
    others = tuple(
        Timer(f"other:{i}", T0 + timedelta(seconds=2 * i + 1), "other") for i in range(30)
    )
    await store.commit(TurnCommit(at=T0, timers=(*mine, *others)))
    now = T0 + timedelta(minutes=5)

    first, second = await asyncio.gather(
        store.claim_due_timers(now=now, limit=20, kinds=("mine",)),
        store.claim_due_timers(now=now, limit=20, kinds=("mine",)),
    )
    keys_a, keys_b = {t.key for t in first}, {t.key for t in second}
    assert not keys_a & keys_b
    assert keys_a | keys_b == {t.key for t in mine}
    assert await store.claim_due_timers(now=now, limit=100) == list(others)
