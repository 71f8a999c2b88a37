"""The Store contract, `Turns` (bot.store.turns): a turn's commit is all or nothing,
once per dedup key, and a conversation's lock keeps its turns apart. See
`tests.bot.store.contract` for how a backend's test module runs it."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import pytest

from bot.store.protocol import (
    DuplicateTurn,
    Store,
    Timer,
    TranscriptLine,
    TurnCommit,
    Turns,
    VersionConflict,
)
from tests.bot.store.contract import SMS, _outbox
from tests.factories import T0, make_conversation, make_ticket

__all__ = [
    "test_dedup_seen_then_duplicate_turn_writes_nothing",
    "test_commit_without_conversation",
    "test_failed_commit_writes_nothing",
    "test_naive_datetimes_are_refused_and_nothing_is_written",
    "test_commit_needs_a_positive_version",
    "test_lock_serializes_same_key",
    "test_lock_does_not_serialize_different_keys",
]


# commits


async def test_dedup_seen_then_duplicate_turn_writes_nothing(store: Store) -> None:
    key = "sms:SM0001"
    assert not await store.seen(key)
    conv = make_conversation(version=1)
    await store.commit(TurnCommit(at=T0, dedup_key=key, conversation=conv))
    assert await store.seen(key)

    retry = TurnCommit(
        at=T0,
        dedup_key=key,
        conversation=make_conversation(id=conv.id, state="collecting", version=2),
        tickets=(make_ticket(number=55),),
        outbox=(_outbox("dup-out"),),
        timers=(Timer("dup-timer", T0, "remind"),),
        transcript=(TranscriptLine(conv.id, T0, "customer", "again"),),
        flags=(("dup-flag", "1"),),
    )
    with pytest.raises(DuplicateTurn):
        await store.commit(retry)

    loaded = await store.load_conversation(conv.id)
    assert loaded is not None and loaded.version == 1 and loaded.state == "new"
    assert await store.get_ticket(55) is None
    assert await store.get_outbox("dup-out") is None
    assert await store.claim_due_timers(now=T0 + timedelta(days=1)) == []
    assert await store.transcript(conv.id) == []
    assert await store.get_flag("dup-flag") is None


async def test_commit_without_conversation(store: Store) -> None:
    await store.commit(TurnCommit(at=T0, dedup_key="slack:Ev1", flags=(("k", "v"),)))
    assert await store.seen("slack:Ev1")
    assert await store.get_flag("k") == "v"


async def test_failed_commit_writes_nothing(store: Store) -> None:
    conv = make_conversation(version=1)
    await store.commit(TurnCommit(at=T0, conversation=conv))
    await store.commit(TurnCommit(at=T0, timers=(Timer("keep", T0, "remind"),)))

    doomed = TurnCommit(
        at=T0,
        dedup_key="sms:SM-doomed",
        conversation=make_conversation(id=conv.id, version=5),  # stale: raises midway
        tickets=(make_ticket(number=77, conversation_id=conv.id),),
        outbox=(_outbox("doomed"),),
        timers=(Timer("doomed", T0, "remind"),),
        cancel_timers=("keep",),
        transcript=(TranscriptLine(conv.id, T0, "customer", "hello"),),
        flags=(("doomed", "1"),),
    )
    with pytest.raises(VersionConflict):
        await store.commit(doomed)

    assert not await store.seen("sms:SM-doomed")
    loaded = await store.load_conversation(conv.id)
    assert loaded is not None and loaded.version == 1
    assert await store.get_ticket(77) is None
    assert await store.get_outbox("doomed") is None
    assert await store.outbox_for(SMS) == []
    assert await store.transcript(conv.id) == []
    assert await store.get_flag("doomed") is None
    assert [t.key for t in await store.claim_due_timers(now=T0)] == ["keep"]


async def test_naive_datetimes_are_refused_and_nothing_is_written(store: Store) -> None:
    conv = make_conversation()
    naive = datetime(2025, 3, 3, 14, 0)
    with pytest.raises(ValueError, match="naive"):
        await store.commit(
            TurnCommit(at=T0, conversation=conv, timers=(Timer("t", naive, "remind"),))
        )
    assert await store.load_conversation(conv.id) is None


async def test_commit_needs_a_positive_version(store: Store) -> None:
    with pytest.raises(ValueError, match="version"):
        await store.commit(TurnCommit(at=T0, conversation=make_conversation(version=0)))


# locks


async def test_lock_serializes_same_key(store: Turns) -> None:
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


async def test_lock_does_not_serialize_different_keys(store: Turns) -> None:
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
