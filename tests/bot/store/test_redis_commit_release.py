"""A Redis turn's commit that lets its conversation's lock go in the same script
(`RedisStore.commit_releasing`, through `bot.store.conversations.commit_turn`): another
worker can take the lock as soon as the commit returns, no separate release is sent, and a
refused commit keeps the lock to the end of the turn."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest

from bot.store.conversations import commit_turn, locked_turn
from bot.store.protocol import StoreError, TurnCommit, VersionConflict
from bot.store.redis.store import RedisStore
from domain.types import Address
from tests.factories import T0, make_conversation
from tests.redis_server import RedisServer

SMS = Address("sms", "+14155550100")
READ = {"conversation_id": "sms:+14155550100", "address": SMS}


@pytest.fixture
async def workers(redis_server: RedisServer) -> AsyncIterator[tuple[RedisStore, RedisStore]]:
    url = redis_server.url(1)
    a = RedisStore(url, prefix="cr:")
    b = RedisStore(url, prefix="cr:", lock_wait=timedelta(0))  # one try at the lock
    await a.open()
    await b.open()
    await a.redis.flushdb()
    try:
        yield a, b
    finally:
        await a.close()
        await b.close()


def count_scripts(store: RedisStore) -> list[str]:
    names: list[str] = []
    run = store._script

    async def counted(name: str, args: list[Any], keys: list[str] | None = None) -> Any:
        names.append(name)
        return await run(name, args, keys)

    store._script = counted  # type: ignore[method-assign]
    return names


async def test_the_lock_is_free_for_another_worker_once_the_releasing_commit_returns(
    workers: tuple[RedisStore, RedisStore],
) -> None:
    a, b = workers
    conv = make_conversation(id=READ["conversation_id"], address=SMS, version=1)
    scripts = count_scripts(a)
    async with locked_turn(a, conv.id, dedup_key="sms:SM1", **READ):
        with pytest.raises(StoreError, match="held by another worker"):
            async with locked_turn(b, conv.id, dedup_key="sms:SM2", **READ):
                pass
        await commit_turn(
            a, TurnCommit(at=T0, dedup_key="sms:SM1", conversation=conv), release=conv.id
        )
        async with locked_turn(b, conv.id, dedup_key="sms:SM2", **READ) as start:
            assert start.conversation == conv  # the other worker reads the committed turn
    assert scripts == ["LOCK_AND_BEGIN", "COMMIT"]  # no RELEASE_LOCK of its own


async def test_a_refused_releasing_commit_keeps_the_lock_to_the_end_of_the_turn(
    workers: tuple[RedisStore, RedisStore],
) -> None:
    a, b = workers
    conv = make_conversation(id=READ["conversation_id"], address=SMS, version=1)
    await a.commit(TurnCommit(at=T0, dedup_key="sms:SM1", conversation=conv))
    async with locked_turn(a, conv.id, dedup_key="sms:SM2", **READ):
        stale = TurnCommit(at=T0, dedup_key="sms:SM2", conversation=conv)  # version 1 again
        with pytest.raises(VersionConflict):
            await commit_turn(a, stale, release=conv.id)
        with pytest.raises(StoreError, match="held by another worker"):
            async with locked_turn(b, conv.id, dedup_key="sms:SM3", **READ):
                pass
    async with locked_turn(b, conv.id, dedup_key="sms:SM3", **READ):  # released at the end
        pass


async def test_a_commit_without_the_lock_held_is_a_plain_commit(
    workers: tuple[RedisStore, RedisStore],
) -> None:
    a, _ = workers
    conv = make_conversation(id=READ["conversation_id"], address=SMS, version=1)
    await a.redis.set("cr:l:" + conv.id, "another-workers-token")
    await commit_turn(a, TurnCommit(at=T0, conversation=conv), release=conv.id)
    assert await a.load_conversation(conv.id) == conv
    assert await a.redis.get("cr:l:" + conv.id) == "another-workers-token"  # not ours to free


def test_the_lock_settings_a_turn_uses_follow_the_stores_lock_ttl_and_wait() -> None:
    store = RedisStore("redis://127.0.0.1:9/0", lock_ttl=timedelta(seconds=10))
    assert store._lock_settings == (10_000, "10000", store.lock_wait.total_seconds())
    store.lock_ttl, store.lock_wait = timedelta(milliseconds=1500), timedelta(seconds=2)
    assert store._lock_settings == (1500, "1500", 2.0)
