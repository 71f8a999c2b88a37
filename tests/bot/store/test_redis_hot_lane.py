"""The Redis store's scripts on connections of their own (`bot.store.redis.hot.HotLane`):
the calls of one pass of the loop go out together on one connection, each caller hears its
own answer, the lane never takes more than its share of the pool, and a script Redis
forgot, a connection Redis dropped or a burst wider than the lane still gets its answer
through redis-py's own path."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace

import pytest
import redis.asyncio as aioredis

from bot.store.protocol import StoreError, TurnCommit, VersionConflict
from bot.store.redis.store import RedisStore
from domain.types import Address
from tests.factories import T0, make_conversation
from tests.redis_server import RedisServer


@pytest.fixture
async def store(redis_server: RedisServer) -> AsyncIterator[RedisStore]:
    url = redis_server.url(1)
    s = RedisStore(url, prefix="hot:", max_connections=8)
    await s.open()
    await s.redis.flushdb()
    try:
        yield s
    finally:
        await s.close()


def lane_connections(store: RedisStore) -> int:
    assert store._lane is not None
    return len(store._lane._borrowed)


async def test_a_burst_wider_than_the_lane_is_answered_and_the_lane_keeps_to_its_share(
    store: RedisStore,
) -> None:
    numbers = await asyncio.gather(*(store.next_ticket_number() for _ in range(50)))
    assert sorted(numbers) == list(range(min(numbers), min(numbers) + 50))
    assert 1 <= lane_connections(store) <= 4  # half of max_connections=8
    assert await store.redis.ping()  # the rest of the pool still serves plain commands


def turn(i: int, *, version: int = 1) -> TurnCommit:
    address = Address("sms", f"+1415555{i:04d}")
    conv = make_conversation(id=str(address), address=address, version=version)
    return TurnCommit(at=T0, dedup_key=f"sms:SM{i}-{version}", conversation=conv)


async def test_commits_made_in_one_pass_of_the_loop_go_out_together_on_one_connection(
    store: RedisStore,
) -> None:
    turns = [turn(i) for i in range(20)]
    await asyncio.gather(*(store.commit(t) for t in turns))
    assert lane_connections(store) == 1  # one batch: one write, its 20 replies read in order
    for t in turns:
        assert t.conversation is not None
        assert await store.load_conversation(t.conversation.id) == t.conversation


async def test_a_refused_call_in_a_batch_is_its_callers_answer_alone(store: RedisStore) -> None:
    await store.commit(turn(3))
    stale = replace(turn(3), dedup_key="sms:another")  # version 1 again: a conflict
    assert store._lane is not None
    outcomes = await asyncio.gather(
        store.commit(turn(1)),
        store.commit(stale),
        store._lane.run("COMMIT", [], [store.prefix, "not JSON", "g"]),  # a script's error
        store.commit(turn(2)),
        store._lane.run("COMMIT", [], [store.prefix, object(), "g"]),  # cannot be sent
        return_exceptions=True,
    )
    assert outcomes[0] is None and outcomes[3] is None
    assert isinstance(outcomes[1], VersionConflict)
    assert isinstance(outcomes[2], StoreError)
    assert isinstance(outcomes[4], StoreError)
    assert await store.load_conversation(str(Address("sms", "+14155550002"))) is not None


async def test_a_caller_cancelled_while_its_batch_is_out_leaves_the_others_answered(
    store: RedisStore,
) -> None:
    calls = [asyncio.ensure_future(store.commit(turn(i))) for i in range(5)]
    for _ in range(3):  # the batch is written and its replies are awaited
        await asyncio.sleep(0)
    calls[2].cancel()
    await asyncio.gather(*calls, return_exceptions=True)
    assert calls[2].cancelled()
    assert all(c.result() is None for i, c in enumerate(calls) if i != 2)
    # its turn was sent before the cancel: written, and the connection still in step
    assert await store.load_conversation(str(Address("sms", "+14155550002"))) is not None
    assert lane_connections(store) == 1
    await store.commit(turn(7))
    assert await store.load_conversation(str(Address("sms", "+14155550007"))) is not None


async def test_a_script_redis_forgot_is_loaded_again_and_answers(store: RedisStore) -> None:
    first = await store.next_ticket_number()
    await store.redis.script_flush()
    assert await store.next_ticket_number() == first + 1
    assert await store.next_ticket_number() == first + 2


async def test_connections_redis_dropped_are_made_again_without_an_error(
    store: RedisStore, redis_server: RedisServer
) -> None:
    first = await store.next_ticket_number()
    admin = aioredis.Redis.from_url(redis_server.url(1))
    try:
        await admin.client_kill_filter(_type="normal", skipme=True)
    finally:
        await admin.aclose()
    assert await store.next_ticket_number() == first + 1
    assert await store.next_ticket_number() == first + 2


async def test_close_gives_the_lane_connections_back(redis_server: RedisServer) -> None:
    s = RedisStore(redis_server.url(1), prefix="hot:", max_connections=8)
    await s.open()
    await s.next_ticket_number()
    lane = s._lane
    assert lane is not None and lane._borrowed
    await s.close()
    assert not lane._borrowed
    assert s._lane is None


def test_the_installed_redis_py_still_has_the_write_the_lane_saves_a_task_with() -> None:
    # HotLane writes with the connection's private `_send_packed_command` (the public one
    # spends a task on its own timeout) and falls back to the public call where it is gone.
    # The fallback is correct but slower: a redis-py that renames it should be noticed here,
    # not in a storm benchmark months later.
    from redis.asyncio.connection import Connection

    assert callable(getattr(Connection, "_send_packed_command", None))


async def test_the_installed_redis_py_still_has_the_stream_and_parser_the_lane_reads(
    store: RedisStore,
) -> None:
    # HotLane parses a batch's replies from a connected connection's private stream, with
    # its parser's error mapping and its encoder (bot.store.redis.replies), under one timeout,
    # and falls back to read_response per reply where they are gone: slower, so a redis-py
    # that renames them should be noticed here.
    from bot.store.redis.hot import _replies

    pool = store.redis.connection_pool
    conn = await pool.get_connection()
    try:
        assert _replies(conn) is not None
    finally:
        await pool.release(conn)


async def _one_batch_of_three_outcomes(store: RedisStore) -> None:
    """One loop pass's calls: a commit that lands, one refused as stale, one the script
    rejects; each caller gets its own outcome."""
    assert store._lane is not None
    stale = replace(turn(3), dedup_key="sms:another")
    outcomes = await asyncio.gather(
        store.commit(turn(1)),
        store.commit(stale),
        store._lane.run("COMMIT", [], [store.prefix, "not JSON", "g"]),
        return_exceptions=True,
    )
    assert outcomes[0] is None
    assert isinstance(outcomes[1], VersionConflict)
    assert isinstance(outcomes[2], StoreError) and "ResponseError" in str(outcomes[2])


async def test_a_batch_is_answered_without_redis_pys_per_reply_read(
    store: RedisStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from redis.asyncio.connection import AbstractConnection

    async def no(*args: object, **kwargs: object) -> None:
        raise AssertionError("the lane read a reply through read_response")

    assert store._lane is not None
    await store.commit(turn(3))  # the script is loaded (NOSCRIPT goes through redis-py)
    monkeypatch.setattr(AbstractConnection, "read_response", no)
    await _one_batch_of_three_outcomes(store)
    conn = store._lane._idle[0]
    loop = asyncio.get_running_loop()
    assert conn.next_health_check > loop.time()  # marked as used, as read_response marks it


async def test_without_the_private_stream_each_reply_goes_through_read_response(
    store: RedisStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.store.redis import hot

    monkeypatch.setattr(hot, "_replies", lambda conn: None)
    assert store._lane is not None
    await store.commit(turn(3))
    await _one_batch_of_three_outcomes(store)
    await store.redis.script_flush()
    assert await store.next_ticket_number() >= 1  # NOSCRIPT through the fallback, then loaded
