"""The two store backends for the outage-mode tests that run on both."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.store.protocol import Store
from bot.store.redis.store import RedisStore
from bot.store.sqlite.store import SqliteStore
from tests.redis_server import RedisServer


@pytest.fixture(params=["sqlite", "redis"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    opened: Store
    if request.param == "sqlite":
        opened = SqliteStore(tmp_path / "bot.db")
    else:
        server: RedisServer = request.getfixturevalue("redis_server")
        import redis.asyncio as aioredis

        client = aioredis.Redis.from_url(server.url(2))
        await client.flushdb()
        await client.aclose()
        opened = RedisStore(server.url(2), prefix="fan:")
    await opened.open()
    yield opened
    await opened.close()
