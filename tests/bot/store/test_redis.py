"""RedisStore: the shared Store contract on a real redis-server, plus what only Redis promises."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import redis.asyncio as aioredis

from bot.store.backends import open_store
from bot.store.protocol import (
    OutboxStatus,
    Store,
    StoreError,
    TranscriptLine,
    TurnCommit,
    VersionConflict,
)
from bot.store.redis.keys import RedisKeys
from bot.store.redis.store import OUTBOX_GROUP, RedisStore
from domain.types import Address
from tests.bot.store.contract import *  # noqa: F403
from tests.bot.store.contract import _outbox
from tests.bot.store.contract_contacts import *  # noqa: F403
from tests.bot.store.contract_conversations import *  # noqa: F403
from tests.bot.store.contract_csat import *  # noqa: F403
from tests.bot.store.contract_flags import *  # noqa: F403
from tests.bot.store.contract_incidents import *  # noqa: F403
from tests.bot.store.contract_maintenance import *  # noqa: F403
from tests.bot.store.contract_outbox import *  # noqa: F403
from tests.bot.store.contract_outbox import AgeLeases
from tests.bot.store.contract_rates import *  # noqa: F403
from tests.bot.store.contract_search import *  # noqa: F403
from tests.bot.store.contract_tickets import *  # noqa: F403
from tests.bot.store.contract_timers import *  # noqa: F403
from tests.bot.store.contract_turns import *  # noqa: F403
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


async def _age_leases(store: Store, elapsed: timedelta) -> None:
    """XCLAIM <stream> <group> <its holder> 0 <id> IDLE <ms> JUSTID for every entry some
    consumer holds: each stays with its holder, and the server now sees it as idle
    for `elapsed`, so the next claim's XAUTOCLAIM judges it exactly as it would
    after that much real time."""
    assert isinstance(store, RedisStore)
    stream = RedisKeys(store.prefix).outbox_stream()
    if not await store.redis.exists(stream):
        return
    held = await store.redis.xpending_range(stream, OUTBOX_GROUP, "-", "+", 10_000)
    for entry in held:
        await store.redis.xclaim(
            stream,
            OUTBOX_GROUP,
            entry["consumer"],
            0,
            [entry["message_id"]],
            idle=int(elapsed.total_seconds() * 1000),
            justid=True,
        )


@pytest.fixture
def age_leases() -> AgeLeases:
    return _age_leases


async def _holders(store: RedisStore) -> dict[str, str]:
    """Stream entry id -> the consumer holding it (read, not yet acknowledged)."""
    stream = RedisKeys(store.prefix).outbox_stream()
    held = await store.redis.xpending_range(stream, OUTBOX_GROUP, "-", "+", 10_000)
    return {e["message_id"]: e["consumer"] for e in held}


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
    from bot.store.protocol import VersionConflict

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


def test_every_store_is_its_own_consumer() -> None:
    a, b = RedisStore(), RedisStore()
    assert a.consumer != b.consumer
    host, pid, _random = a.consumer.split("/")
    assert host and pid.isdigit()
    assert RedisStore(consumer="worker-1").consumer == "worker-1"


async def test_pending_items_go_on_the_stream_in_the_commit_and_inline_ones_do_not(
    redis_url: str,
) -> None:
    async with RedisStore(redis_url, prefix="st:") as s:
        stream = RedisKeys(s.prefix).outbox_stream()
        inline = _outbox("inline", status=OutboxStatus.INLINE)
        await s.commit(TurnCommit(at=T0, outbox=(inline, _outbox("p1"), _outbox("p2"))))
        entries = await s.redis.xrange(stream)
        assert [fields for _id, fields in entries] == [{"i": "p1"}, {"i": "p2"}]

        # a refused turn adds nothing to the stream either
        conv = make_conversation(version=1)
        await s.commit(TurnCommit(at=T0, conversation=conv))
        with pytest.raises(VersionConflict):
            await s.commit(TurnCommit(at=T0, conversation=conv, outbox=(_outbox("p3"),)))
        assert await s.redis.xlen(stream) == 2

        claimed = await s.claim_outbox(now=T0)
        assert set((await _holders(s)).values()) == {s.consumer}
        for item in claimed:
            await s.finish_outbox(item.id, status=OutboxStatus.SENT)
        # acknowledged entries are deleted: the stream holds only what is owed
        assert await s.redis.xlen(stream) == 0
        assert await _holders(s) == {}


async def test_count_outbox_pages_through_the_stream_and_the_retry_set(
    redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.store.redis.outbox._COUNT_PAGE", 2)  # several pages for a few items
    later = T0 + timedelta(minutes=5)
    async with RedisStore(redis_url, prefix="cnt:") as s:
        items = [_outbox(f"s{n}") for n in range(5)] + [
            _outbox(f"d{n}", not_before=later) for n in range(3)
        ]
        await s.commit(TurnCommit(at=T0, outbox=tuple(items)))
        await s.commit(TurnCommit(at=T0, outbox=(_outbox("t", Address("telegram", "1")),)))
        assert await s.count_outbox(channel="sms") == 8
        await s.finish_outbox("s0", status=OutboxStatus.SENT)  # its entry leaves the stream
        await s.finish_outbox("d0", status=OutboxStatus.SENT)  # and from the retry set
        assert await s.count_outbox(channel="sms") == 6
        assert await s.count_outbox(channel="telegram") == 1


async def test_dead_workers_entries_are_taken_over_by_another_consumer(redis_url: str) -> None:
    lease = timedelta(seconds=60)
    async with (
        RedisStore(redis_url, prefix="ob:", lease=lease) as dead,
        RedisStore(redis_url, prefix="ob:", lease=lease) as alive,
    ):
        await dead.commit(TurnCommit(at=T0, outbox=(_outbox("o1"), _outbox("o2"))))
        assert [i.id for i in await dead.claim_outbox(now=T0)] == ["o1", "o2"]
        # `dead` is SIGKILLed here: no finish, no retry; its entries stay unacknowledged
        assert set((await _holders(dead)).values()) == {dead.consumer}

        await _age_leases(dead, lease - timedelta(seconds=1))
        assert await alive.claim_outbox(now=T0 + timedelta(days=1)) == []  # `now` is not the clock
        await _age_leases(dead, lease)
        taken = await alive.claim_outbox(now=T0)
        assert [(i.id, i.status) for i in taken] == [
            ("o1", OutboxStatus.SENDING),
            ("o2", OutboxStatus.SENDING),
        ]
        assert set((await _holders(alive)).values()) == {alive.consumer}  # XAUTOCLAIM moved them
        assert await dead.claim_outbox(now=T0) == []
        assert await alive.claim_outbox(now=T0) == []  # a fresh lease: not handed out again


async def test_late_finish_of_a_taken_over_item_stops_every_further_delivery(
    redis_url: str,
) -> None:
    """A worker that hung past its lease (not dead after all) sent o1 and reports it
    after another worker took o1 over. The outcome is recorded and the entry
    acknowledged: o1 is never claimed again, and the taker's own late retry of it
    (its send timed out) is ignored instead of queueing a second copy."""
    async with (
        RedisStore(redis_url, prefix="late:") as slow,
        RedisStore(redis_url, prefix="late:") as taker,
    ):
        await slow.commit(TurnCommit(at=T0, outbox=(_outbox("o1"), _outbox("o2"))))
        await slow.claim_outbox(now=T0)
        await _age_leases(slow, timedelta(days=1))
        assert [i.id for i in await taker.claim_outbox(now=T0)] == ["o1", "o2"]

        await slow.finish_outbox("o1", status=OutboxStatus.SENT, provider_id="SM-slow")
        await taker.retry_outbox("o1", not_before=T0, attempts=1, error="timeout")

        o1 = await taker.get_outbox("o1")
        assert o1 is not None and (o1.status, o1.provider_id) == (OutboxStatus.SENT, "SM-slow")
        assert len(await _holders(taker)) == 1  # only o2's entry is still held
        await _age_leases(taker, timedelta(days=1))  # the taker dies too: o2 moves on, o1 not
        assert [i.id for i in await slow.claim_outbox(now=T0 + timedelta(days=1))] == ["o2"]
        await slow.finish_outbox("o2", status=OutboxStatus.SENT)
        assert await taker.redis.xlen(RedisKeys("late:").outbox_stream()) == 0
        assert await taker.claim_outbox(now=T0 + timedelta(days=1)) == []


async def test_late_finish_before_the_takeover_leaves_nothing_to_take(redis_url: str) -> None:
    async with (
        RedisStore(redis_url, prefix="lf:") as slow,
        RedisStore(redis_url, prefix="lf:") as other,
    ):
        await slow.commit(TurnCommit(at=T0, outbox=(_outbox("o1"),)))
        await slow.claim_outbox(now=T0)
        await _age_leases(slow, timedelta(days=1))
        await slow.finish_outbox("o1", status=OutboxStatus.SENT)  # just before another claim
        assert await other.claim_outbox(now=T0) == []


async def test_late_retry_of_a_taken_over_item_is_ignored(redis_url: str) -> None:
    """The taker holds the lease now: only its outcome counts, so the old holder's
    retry neither re-queues the item (a second copy) nor takes the entry back."""
    async with (
        RedisStore(redis_url, prefix="lr:") as slow,
        RedisStore(redis_url, prefix="lr:") as taker,
    ):
        await slow.commit(TurnCommit(at=T0, outbox=(_outbox("o1"),)))
        await slow.claim_outbox(now=T0)
        await _age_leases(slow, timedelta(days=1))
        assert [i.id for i in await taker.claim_outbox(now=T0)] == ["o1"]

        await slow.retry_outbox("o1", not_before=T0, attempts=1, error="timeout")
        o1 = await taker.get_outbox("o1")
        assert o1 is not None and (o1.status, o1.attempts) == (OutboxStatus.SENDING, 0)
        assert set((await _holders(taker)).values()) == {taker.consumer}

        await taker.finish_outbox("o1", status=OutboxStatus.SENT)
        await _age_leases(taker, timedelta(days=1))
        assert await slow.claim_outbox(now=T0 + timedelta(days=1)) == []
        assert await taker.redis.zcard(RedisKeys("lr:").outbox_delayed()) == 0


async def test_closing_leaves_the_group_unless_entries_are_held(redis_url: str) -> None:
    holder = RedisStore(redis_url, prefix="cg:")
    idle = RedisStore(redis_url, prefix="cg:")
    await holder.open()
    await idle.open()
    try:
        await holder.commit(TurnCommit(at=T0, outbox=(_outbox("o1"),)))
        await holder.claim_outbox(now=T0)  # holds o1 and closes without finishing it
        await idle.claim_outbox(now=T0)  # reads nothing
    finally:
        await idle.close()
        await holder.close()
    async with RedisStore(redis_url, prefix="cg:") as s:
        stream = RedisKeys("cg:").outbox_stream()
        consumers = await s.redis.xinfo_consumers(stream, OUTBOX_GROUP)
        assert [(c["name"], c["pending"]) for c in consumers] == [(holder.consumer, 1)]
        await _age_leases(s, timedelta(days=1))
        assert [i.id for i in await s.claim_outbox(now=T0)] == ["o1"]  # nothing was lost


async def test_a_killed_workers_consumer_is_forgotten_once_its_entries_moved(
    redis_url: str,
) -> None:
    dead = RedisStore(redis_url, prefix="kc:")
    await dead.open()
    await dead.commit(TurnCommit(at=T0, outbox=(_outbox("o1"),)))
    await dead.claim_outbox(now=T0)  # holds o1, then the process is killed: no close()
    await dead.redis.aclose()
    dead._redis = None
    stream = RedisKeys("kc:").outbox_stream()
    async with RedisStore(
        redis_url, prefix="kc:", forget_consumers_after=timedelta(milliseconds=50)
    ) as alive:
        await asyncio.sleep(0.1)  # the dead consumer's silence outlasts the threshold
        await _age_leases(alive, timedelta(days=1))
        assert [i.id for i in await alive.claim_outbox(now=T0)] == ["o1"]  # taken over
        names = [c["name"] for c in await alive.redis.xinfo_consumers(stream, OUTBOX_GROUP)]
        assert dead.consumer in names  # it held o1 when this claim tidied up
        await alive.finish_outbox("o1", status=OutboxStatus.SENT)
        await alive.claim_outbox(now=T0 + timedelta(minutes=5))  # too soon to tidy again
        names = [c["name"] for c in await alive.redis.xinfo_consumers(stream, OUTBOX_GROUP)]
        assert dead.consumer in names
        await asyncio.sleep(0.1)  # aging the leases (XCLAIM) counted as the dead one's activity
        await alive.claim_outbox(now=T0 + timedelta(hours=2))
        names = [c["name"] for c in await alive.redis.xinfo_consumers(stream, OUTBOX_GROUP)]
        assert dead.consumer not in names


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


async def test_records_with_line_breaks_and_quotes_come_back_whole(redis_url: str) -> None:
    """COMMIT takes each record as an argument of its own (turn_payload): a record's line
    break, quote, backslash, NUL or non-ASCII text stays inside it; the transcript's runs
    of two conversations land in each."""
    from bot.store.records import Timer
    from tests.bot.store.test_redis_payload import _STRANGE, _turn

    turn = _turn()
    async with RedisStore(redis_url, prefix="strange:") as store:
        await store.commit(turn)
        conv = turn.conversation
        assert conv is not None
        loaded = await store.load_conversation(conv.id)
        assert loaded is not None and loaded.state == _STRANGE
        assert [t.number for t in turn.tickets] == [55, 56]
        for ticket in turn.tickets:
            assert await store.get_ticket(ticket.number) == ticket
        lines = await store.transcript(conv.id)
        assert [line.text for line in lines] == [_STRANGE, "ok", "back"]
        other = await store.transcript("sms:+15550000002")
        assert [line.text for line in other] == ["elsewhere"]
        item = await store.get_outbox(_STRANGE)
        assert item is not None and item.outbound.text == _STRANGE
        due = await store.claim_due_timers(now=T0 + timedelta(days=1))
        assert due == [Timer("t1", T0 + timedelta(hours=1), "remind", {"a": _STRANGE})]


async def test_many_timers_and_transcript_lines_in_one_turn(redis_url: str) -> None:
    """COMMIT writes a turn's timers and a conversation's run of lines a hundred at a
    time: the same as one by one (a timer key given twice keeps its last, each
    conversation keeps its last `transcript_max` lines in order)."""
    from bot.store.records import Timer, TranscriptLine, TurnCommit

    timers = tuple(
        Timer(f"k{i % 130}", T0 + timedelta(seconds=i), "remind", {"i": i}) for i in range(250)
    )
    cids = ["a"] * 150 + ["b"] * 3 + ["a"] * 40 + ["b"] * 120
    lines = tuple(TranscriptLine(c, T0, "customer", f"{c}{i}") for i, c in enumerate(cids))
    async with RedisStore(redis_url, prefix="many:", transcript_max=60) as store:
        await store.commit(TurnCommit(at=T0, timers=timers, transcript=lines))
        due = await store.claim_due_timers(now=T0 + timedelta(days=1), limit=1000)
        assert sorted((t.key, t.payload["i"]) for t in due) == sorted(
            (f"k{i % 130}", i) for i in range(120, 250)
        )
        for cid in ("a", "b"):
            want = [line.text for line in lines if line.conversation_id == cid][-60:]
            assert [line.text for line in await store.transcript(cid)] == want


async def test_begin_turn_reads_the_newest_tickets_up_to_the_limit(redis_url: str) -> None:
    """BEGIN_TURN takes the limit's last index (limit - 1); 0, as before, reads them all."""
    from bot.store.records import TurnCommit
    from tests.factories import make_ticket

    address = Address.parse("sms:+15550001111")
    tickets = tuple(make_ticket(number=n, address=address) for n in (101, 102, 103, 104))
    async with RedisStore(redis_url, prefix="limit:") as store:
        await store.commit(TurnCommit(at=T0, tickets=tickets))
        for limit, want in ((2, [104, 103]), (1, [104]), (20, [104, 103, 102, 101])):
            start = await store.begin_turn(
                dedup_key="x", conversation_id="c", address=address, ticket_limit=limit
            )
            assert [t.number for t in start.tickets] == want
        start = await store.begin_turn(
            dedup_key="x", conversation_id="c", address=address, ticket_limit=0
        )
        assert [t.number for t in start.tickets] == [104, 103, 102, 101]
