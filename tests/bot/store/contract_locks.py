"""The Store contract, conversation locks (see `tests.bot.store.contract` for how a
backend's test module uses it)."""

from __future__ import annotations

import asyncio

from bot.store.protocol import Store

__all__ = [
    "test_lock_serializes_same_key",
    "test_lock_does_not_serialize_different_keys",
]


async def test_lock_serializes_same_key(store: Store) -> None:
    order: list[str] = []
    holding, release = asyncio.Event(), asyncio.Event()

    async def first() -> None:
        async with store.lock("sms:+1"):
            order.append("first in")
            holding.set()
            await release.wait()
            order.append("first out")

    async def second() -> None:
        await holding.wait()
        async with store.lock("sms:+1"):
            order.append("second in")

    tasks = [asyncio.create_task(first()), asyncio.create_task(second())]
    await holding.wait()
    for _ in range(20):  # give the second task every chance to (wrongly) get in
        await asyncio.sleep(0)
    assert order == ["first in"]
    release.set()
    await asyncio.gather(*tasks)
    assert order == ["first in", "first out", "second in"]


async def test_lock_does_not_serialize_different_keys(store: Store) -> None:
    holding, release = asyncio.Event(), asyncio.Event()

    async def hold() -> None:
        async with store.lock("sms:+1"):
            holding.set()
            await release.wait()

    holder = asyncio.create_task(hold())
    await holding.wait()
    async with store.lock("sms:+2"):  # would hang here if keys were serialized together
        pass
    release.set()
    await holder
    async with store.lock("sms:+1"):  # released after use
        pass
