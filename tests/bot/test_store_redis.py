"""RedisStore: the shared Store contract on a real redis-server, plus what only Redis promises."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import redis.asyncio as aioredis

from bot.store import OutboxStatus, StoreError, TranscriptLine, TurnCommit
from bot.store_redis import RedisStore
from bot.stores import open_store
from tests.bot.store_contract import *  # noqa: F403
from tests.bot.store_contract import _outbox
from tests.bot.store_contract_queues import *  # noqa: F403
from tests.factories import T0, make_conversation
from tests.redis_server import RedisServer


@pytest.fixture
async def redis_url(redis_server: RedisServer) -> AsyncIterator[str]:
    url = redis_server.url(1)
    client = aioredis.Redis.from_url(url)
    await client.flushdb()
    await client.aclose()
    yield url


@pytest.fixture
def new_store(redis_url: str) -> Callable[..., RedisStore]:
    def new(name: str, **options: Any) -> RedisStore:
        return RedisStore(redis_url, prefix=f"{name}:", **options)

    return new


# URLs


def test_open_store_routes_redis_urls_and_takes_the_prefix_out() -> None:
    store = open_store("redis://127.0.0.1:6390/2?prefix=bot7:")
    assert isinstance(store, RedisStore)
    assert (store.url, store.prefix) == ("redis://127.0.0.1:6390/2", "bot7:")
    assert RedisStore.from_url("redis://h/0").prefix == "sb:"


@pytest.mark.parametrize("url", ["sqlite:///x.db", "http://h/0", "h:6379"])
def test_from_url_rejects_other_schemes(url: str) -> None:
    with pytest.raises(ValueError):
        RedisStore.from_url(url)


# tickets


async def test_ticket_numbers_unique_across_stores_sharing_redis(redis_url: str) -> None:
    stores = [RedisStore(redis_url, prefix="shared:") for _ in range(3)]
    for s in stores:
        await s.open()
    try:
        numbers = await asyncio.gather(*(stores[i % 3].next_ticket_number() for i in range(300)))
    finally:
        for s in stores:
            await s.close()
    assert len(set(numbers)) == 300


# dedup, locks, versions across workers


async def test_dedup_keys_expire_after_ttl(redis_url: str) -> None:
    async with RedisStore(redis_url, prefix="ttl:", dedup_ttl=timedelta(days=1)) as s:
        await s.commit(TurnCommit(at=T0, dedup_key="sms:SM1"))
        ttl_ms = await s.redis.pttl("ttl:d:sms:SM1")
    assert 0 < ttl_ms <= 86_400_000


async def test_lock_is_exclusive_across_stores(redis_url: str) -> None:
    a = RedisStore(redis_url, prefix="lk:")
    b = RedisStore(redis_url, prefix="lk:", lock_wait=timedelta(milliseconds=200))
    await a.open()
    await b.open()
    try:
        async with a.lock("sms:+1"):
            with pytest.raises(StoreError, match="held by another worker"):
                async with b.lock("sms:+1"):
                    pass
        async with b.lock("sms:+1"):  # released: the other worker gets it
            pass
    finally:
        await a.close()
        await b.close()


async def test_expired_lock_is_not_released_by_its_old_holder(redis_url: str) -> None:
    async with RedisStore(redis_url, prefix="exp:", lock_ttl=timedelta(seconds=30)) as s:
        async with s.lock("k"):
            # the lock expired (a long GC pause) and another worker took it
            await s.redis.set("exp:l:k", "someone-else")
        assert await s.redis.get("exp:l:k") == "someone-else"


async def test_worker_that_lost_its_lock_cannot_overwrite_newer_state(redis_url: str) -> None:
    from bot.store import VersionConflict

    async with (
        RedisStore(redis_url, prefix="v:") as slow,
        RedisStore(redis_url, prefix="v:") as fast,
    ):
        v1 = make_conversation(version=1, state="new")
        await fast.commit(TurnCommit(at=T0, conversation=v1))
        loaded = await slow.load_conversation(v1.id)  # slow worker loads v1, then stalls
        assert loaded is not None
        await fast.commit(TurnCommit(at=T0, conversation=make_conversation(id=v1.id, version=2)))
        from dataclasses import replace

        with pytest.raises(VersionConflict):
            await slow.commit(TurnCommit(at=T0, conversation=replace(loaded, version=2)))
        stored = await fast.load_conversation(v1.id)
        assert stored is not None and stored.version == 2


# outbox


async def test_dead_workers_leased_items_go_to_another_worker(redis_url: str) -> None:
    lease = timedelta(seconds=60)
    async with (
        RedisStore(redis_url, prefix="ob:", lease=lease) as dead,
        RedisStore(redis_url, prefix="ob:", lease=lease) as alive,
    ):
        await dead.commit(TurnCommit(at=T0, outbox=(_outbox("o1"), _outbox("o2"))))
        assert [i.id for i in await dead.claim_outbox(now=T0)] == ["o1", "o2"]
        # `dead` is SIGKILLed here: no finish, no retry
        assert await alive.claim_outbox(now=T0 + lease - timedelta(seconds=1)) == []
        taken = await alive.claim_outbox(now=T0 + lease)
        assert [i.id for i in taken] == ["o1", "o2"]
        assert await dead.claim_outbox(now=T0 + lease) == []


async def test_finished_items_expire_and_leave_the_address_index(redis_url: str) -> None:
    async with RedisStore(redis_url, prefix="fin:", outbox_ttl=timedelta(days=7)) as s:
        await s.commit(TurnCommit(at=T0, outbox=(_outbox("a"), _outbox("b"))))
        await s.claim_outbox(now=T0)
        await s.finish_outbox("a", status=OutboxStatus.SENT)
        assert 0 < await s.redis.pttl("fin:o:a") <= 7 * 86_400_000
        assert await s.redis.pttl("fin:o:b") == -1  # still owed: never expires
        await s.redis.delete("fin:o:a")  # as if the TTL ran out
        assert [i.id for i in await s.outbox_for(_outbox("x").outbound.address)] == ["b"]
        assert await s.redis.zcard(f"fin:oa:{_outbox('x').outbound.address}") == 1


async def test_transcript_keeps_the_latest_lines(redis_url: str) -> None:
    async with RedisStore(redis_url, prefix="tx:", transcript_max=3) as s:
        lines = tuple(TranscriptLine("c", T0, "customer", f"l{i}") for i in range(5))
        await s.commit(TurnCommit(at=T0, transcript=lines))
        assert [line.text for line in await s.transcript("c")] == ["l2", "l3", "l4"]


# errors


async def test_unreachable_redis_is_a_store_error_and_recovers(tmp_path: Path) -> None:
    server = RedisServer(tmp_path)  # not started yet: nothing listens on its port
    s = RedisStore(server.url(), socket_timeout=1.0)
    await s.open()  # a worker starts even while Redis is down
    try:
        for call in (
            s.ping(),
            s.seen("sms:x"),
            s.commit(TurnCommit(at=T0, dedup_key="sms:x")),
            s.claim_outbox(now=T0),
            s.claim_due_timers(now=T0),
        ):
            with pytest.raises(StoreError):
                await call
        with pytest.raises(StoreError):
            async with s.lock("k"):
                pass
        server.start()
        try:
            await s.ping()  # no reconnect step: the next call simply works
            await s.commit(TurnCommit(at=T0, dedup_key="sms:x"))
            assert await s.seen("sms:x")
        finally:
            server.stop()
    finally:
        await s.close()
