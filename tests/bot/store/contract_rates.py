"""The Store contract, `RateLimits` (bot.store.rates): a sliding log per key, shared by
every handle on the store. See `tests.bot.store.contract` for how a backend runs it."""

from __future__ import annotations

from datetime import timedelta

from bot.store.protocol import Store
from tests.bot.store.contract import NewStore, _opened
from tests.factories import T0

__all__ = [
    "test_a_key_gets_its_limit_in_any_window_and_is_told_when_the_oldest_leaves",
    "test_a_burst_at_a_clock_windows_edge_does_not_pass_twice_the_limit",
    "test_a_look_takes_nothing_and_keys_are_counted_apart",
    "test_two_handles_on_one_store_share_the_count",
]

WINDOW = timedelta(minutes=10)


async def test_a_key_gets_its_limit_in_any_window_and_is_told_when_the_oldest_leaves(
    store: Store,
) -> None:
    for minute in (0, 2, 4):
        at = T0 + timedelta(minutes=minute)
        assert await store.take_rate("k", now=at, limit=3, window=WINDOW) == 0
    at = T0 + timedelta(minutes=5)
    assert await store.take_rate("k", now=at, limit=3, window=WINDOW) == 300  # at 10:00
    assert await store.take_rate("k", now=at, limit=3, window=WINDOW) == 300  # nothing taken
    later = T0 + timedelta(minutes=10)  # the first take leaves the window
    assert await store.take_rate("k", now=later, limit=3, window=WINDOW) == 0
    assert await store.take_rate("k", now=later, limit=3, window=WINDOW) == 120  # 12:00


async def test_a_burst_at_a_clock_windows_edge_does_not_pass_twice_the_limit(
    store: Store,
) -> None:
    edge = T0 + WINDOW  # a fixed window would start afresh here
    before = [edge - timedelta(seconds=1)] * 3
    after = [edge + timedelta(seconds=n) for n in range(3)]
    passed = [await store.take_rate("k", now=at, limit=3, window=WINDOW) == 0 for at in before]
    passed += [await store.take_rate("k", now=at, limit=3, window=WINDOW) == 0 for at in after]
    assert passed == [True, True, True, False, False, False]
    wait = await store.take_rate("k", now=edge, limit=3, window=WINDOW)
    assert wait == WINDOW.total_seconds() - 1


async def test_a_look_takes_nothing_and_keys_are_counted_apart(store: Store) -> None:
    for _ in range(5):
        assert await store.take_rate("k", now=T0, limit=2, window=WINDOW, take=False) == 0
    assert await store.take_rate("k", now=T0, limit=2, window=WINDOW) == 0
    assert await store.take_rate("k", now=T0, limit=2, window=WINDOW) == 0
    assert await store.take_rate("k", now=T0, limit=2, window=WINDOW, take=False) == 600
    assert await store.take_rate("other", now=T0, limit=2, window=WINDOW) == 0


async def test_two_handles_on_one_store_share_the_count(new_store: NewStore) -> None:
    # as two workers would: every take of the key counts, whichever took it
    async with _opened(new_store, "shared") as one, _opened(new_store, "shared") as two:
        for n in range(4):
            worker = (one, two)[n % 2]
            at = T0 + timedelta(seconds=n)
            assert await worker.take_rate("k", now=at, limit=4, window=WINDOW) == 0
        for worker in (one, two):
            at = T0 + timedelta(seconds=9)
            assert await worker.take_rate("k", now=at, limit=4, window=WINDOW) == 591
