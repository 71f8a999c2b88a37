"""bot.store.locks.KeyedLocks: one holder per key at a time, and an entry only while some
task holds or waits on it (whether the body raises or a waiter is cancelled)."""

from __future__ import annotations

import asyncio

import pytest

from bot.store.locks import KeyedLocks


async def test_a_second_holder_of_a_key_waits_for_the_first() -> None:
    locks = KeyedLocks()
    order: list[str] = []
    release = asyncio.Event()

    async def first() -> None:
        async with locks.hold("a"):
            order.append("first in")
            await release.wait()
            order.append("first out")

    async def second() -> None:
        async with locks.hold("a"):
            order.append("second in")

    one = asyncio.create_task(first())
    await asyncio.sleep(0)
    two = asyncio.create_task(second())
    await asyncio.sleep(0)
    assert order == ["first in"] and len(locks) == 1
    release.set()
    await asyncio.gather(one, two)
    assert order == ["first in", "first out", "second in"]
    assert len(locks) == 0


async def test_other_keys_do_not_wait() -> None:
    locks = KeyedLocks()
    async with locks.hold("a"):
        async with locks.hold("b"):
            assert len(locks) == 2
    assert len(locks) == 0


async def test_a_body_that_raises_lets_the_key_go() -> None:
    locks = KeyedLocks()
    with pytest.raises(RuntimeError):
        async with locks.hold("a"):
            raise RuntimeError("boom")
    assert len(locks) == 0
    async with locks.hold("a"):  # free again
        pass


async def test_a_waiter_cancelled_before_its_turn_leaves_no_entry_behind() -> None:
    locks = KeyedLocks()
    async with locks.hold("a"):
        waiter = asyncio.create_task(locks.hold("a").__aenter__())
        await asyncio.sleep(0)
        waiter.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiter
        assert len(locks) == 1  # the holder's
    assert len(locks) == 0
