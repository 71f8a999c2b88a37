"""The open incidents' one-second cache (bot/store/incidents.py): when it runs out, one
read refreshes it for every turn that asks meanwhile."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from bot.store.incidents import OpenIncidentsCache
from domain.incident import Incident

DALLAS = Incident(id=1, title="Dallas down", created_at=datetime(2026, 12, 6, tzinfo=UTC))


async def test_turns_that_ask_while_the_cache_is_refreshed_share_one_read() -> None:
    cache = OpenIncidentsCache()
    gate = asyncio.Event()
    reads = 0

    async def load() -> list[Incident]:
        nonlocal reads
        reads += 1
        await gate.wait()
        return [DALLAS]

    waiting = [asyncio.ensure_future(cache.read(load)) for _ in range(32)]
    await asyncio.sleep(0)
    gate.set()
    assert await asyncio.gather(*waiting) == [[DALLAS]] * 32
    assert reads == 1
    assert await cache.read(load) == [DALLAS] and reads == 1  # held for the second


async def test_a_save_during_the_read_is_not_hidden_by_the_older_read() -> None:
    cache = OpenIncidentsCache()
    gate = asyncio.Event()

    async def load() -> list[Incident]:
        await gate.wait()
        return []

    reading = asyncio.ensure_future(cache.read(load))
    await asyncio.sleep(0)
    cache.clear()  # an incident was saved meanwhile: what the read found may be stale
    gate.set()
    assert await reading == []
    assert cache.get() is None  # the next turn reads again
