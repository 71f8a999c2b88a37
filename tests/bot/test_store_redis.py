"""RedisStore: the shared Store contract on a real redis-server, plus what only Redis promises."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import redis.asyncio as aioredis

from bot.store import OutboxStatus, Store, StoreError, Timer, TranscriptLine, TurnCommit
from bot.store_redis import RedisStore
from bot.stores import open_store
from tests.bot.store_contract import *  # noqa: F403
from tests.bot.store_contract import _outbox
from tests.factories import T0, make_conversation, make_ticket
from tests.redis_server import RedisServer

_prefixes = itertools.count(1)


@pytest.fixture
async def redis_url(redis_server: RedisServer) -> AsyncIterator[str]:
    url = redis_server.url(1)
    client = aioredis.Redis.from_url(url)
    await client.flushdb()
    await client.aclose()
    yield url


@pytest.fixture
async def store(redis_url: str) -> AsyncIterator[RedisStore]:
    async with RedisStore(redis_url, prefix=f"test{next(_prefixes)}:") as opened:
        yield opened


@pytest.fixture
async def reopen_store() -> AsyncIterator[Callable[[Store], Awaitable[Store]]]:
    opened: list[RedisStore] = []

    async def reopen(old: Store) -> Store:
        assert isinstance(old, RedisStore)
        await old.close()
        new = RedisStore(old.url, prefix=old.prefix, first_ticket_number=old.first_ticket_number)
        await new.open()
        opened.append(new)
        return new

    yield reopen
    for s in opened:
        await s.close()


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


async def test_ticket_numbers_start_at_configured_first(redis_url: str) -> None:
    async with RedisStore(redis_url, prefix="default:") as s:
        assert await s.next_ticket_number() == 10001
    async with RedisStore(redis_url, prefix="custom:", first_ticket_number=500) as s:
        assert [await s.next_ticket_number() for _ in range(3)] == [500, 501, 502]
    async with RedisStore(redis_url, prefix="custom:", first_ticket_number=900) as s:
        assert await s.next_ticket_number() == 900
    async with RedisStore(redis_url, prefix="custom:", first_ticket_number=1) as s:
        assert await s.next_ticket_number() == 901


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


async def test_ticket_that_closes_leaves_the_open_index(store: RedisStore) -> None:
    from bot.types import TicketStatus

    ticket = make_ticket(number=5)
    await store.commit(TurnCommit(at=T0, tickets=(ticket,)))
    assert [t.number for t in await store.list_tickets(open_only=True)] == [5]
    closed = make_ticket(number=5, status=TicketStatus.CLOSED)
    await store.commit(TurnCommit(at=T0, tickets=(closed,)))
    assert await store.list_tickets(open_only=True) == []
    assert [t.status for t in await store.list_tickets()] == [TicketStatus.CLOSED]


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


async def test_naive_datetimes_are_refused_and_nothing_is_written(store: RedisStore) -> None:
    conv = make_conversation()
    naive = datetime(2025, 3, 3, 14, 0)
    with pytest.raises(ValueError, match="naive"):
        await store.commit(
            TurnCommit(at=T0, conversation=conv, timers=(Timer("t", naive, "remind"),))
        )
    assert await store.load_conversation(conv.id) is None


async def test_commit_needs_a_positive_version(store: RedisStore) -> None:
    with pytest.raises(ValueError, match="version"):
        await store.commit(TurnCommit(at=T0, conversation=make_conversation(version=0)))


async def test_closed_store_raises_store_error(redis_url: str) -> None:
    s = RedisStore(redis_url)
    with pytest.raises(StoreError):
        await s.ping()
    await s.open()
    await s.close()
    await s.close()
    with pytest.raises(StoreError):
        await s.ping()


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
