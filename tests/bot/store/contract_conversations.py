"""The Store contract, `Conversations` (bot.store.conversations): conversations and
their versions, a turn's reads in one round-trip, the transcript. See
`tests.bot.store.contract` for how a backend's test module runs it."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.store.conversations import commit_turn, locked_turn
from bot.store.protocol import Conversations, TranscriptLine, TurnCommit, VersionConflict
from domain.types import Address, Attachment, Mode
from tests.bot.store.contract import SMS
from tests.factories import T0, make_conversation, make_ticket

__all__ = [
    "test_conversation_round_trip_keeps_every_field",
    "test_load_missing_conversation_is_none",
    "test_next_version_commits_and_stale_commit_conflicts",
    "test_creating_an_existing_conversation_conflicts",
    "test_begin_turn_reads_dedup_conversation_and_tickets_at_once",
    "test_begin_turn_reads_the_flags_asked_for_with_the_turn",
    "test_a_locked_turn_reads_as_begin_turn_and_holds_the_conversations_lock",
    "test_a_commit_that_lets_the_lock_go_writes_the_turn_and_a_refused_one_keeps_the_lock",
    "test_transcript_order_and_limit",
]


async def test_conversation_round_trip_keeps_every_field(store: Conversations) -> None:
    conv = make_conversation(
        id="email:ana@example.com#thread-1",
        address=Address("email", "ana@example.com"),
        state="collecting",
        lang="es",
        fields={"phone": "+14155550100", "name": "Ana Pérez"},
        pending="call_id",
        skipped=("account_id",),
        ticket_number=10042,
        mode=Mode.AGENT,
        assessment={"impact": "outage", "scope": "site", "confidence": 0.8, "why": ["no calls"]},
        attachments=(Attachment("image", "shot.png", "image/png", 2048, "files/shot.png"),),
        version=1,
        turns=3,
        created_at=T0,
        updated_at=T0 + timedelta(minutes=2),
    )
    await store.commit(TurnCommit(at=T0, conversation=conv))

    assert await store.load_conversation(conv.id) == conv


async def test_load_missing_conversation_is_none(store: Conversations) -> None:
    assert await store.load_conversation("nope") is None


async def test_next_version_commits_and_stale_commit_conflicts(store: Conversations) -> None:
    v1 = make_conversation(state="new", version=1)
    await store.commit(TurnCommit(at=T0, conversation=v1))
    v2 = make_conversation(id=v1.id, state="collecting", version=2)
    await store.commit(TurnCommit(at=T0, conversation=v2))

    stale = make_conversation(id=v1.id, state="confirming", version=2)  # loaded v1 too
    with pytest.raises(VersionConflict):
        await store.commit(TurnCommit(at=T0, conversation=stale))
    skipping = make_conversation(id=v1.id, version=4)
    with pytest.raises(VersionConflict):
        await store.commit(TurnCommit(at=T0, conversation=skipping))

    loaded = await store.load_conversation(v1.id)
    assert loaded is not None
    assert (loaded.state, loaded.version) == ("collecting", 2)


async def test_creating_an_existing_conversation_conflicts(store: Conversations) -> None:
    conv = make_conversation(version=1)
    await store.commit(TurnCommit(at=T0, conversation=conv))
    with pytest.raises(VersionConflict):
        await store.commit(TurnCommit(at=T0, conversation=make_conversation(id=conv.id)))


async def test_begin_turn_reads_dedup_conversation_and_tickets_at_once(
    store: Conversations,
) -> None:
    conv = make_conversation(id="sms:+14155550100", address=SMS)
    older = make_ticket(number=10001, address=SMS)
    newer = make_ticket(number=10002, address=SMS)
    other = make_ticket(number=10003, address=Address("sms", "+14155550199"))
    await store.commit(
        TurnCommit(at=T0, dedup_key="sms:SM1", conversation=conv, tickets=(older, newer, other))
    )
    start = await store.begin_turn(dedup_key="sms:SM2", conversation_id=conv.id, address=SMS)
    assert not start.seen
    assert start.conversation == conv
    assert [t.number for t in start.tickets] == [10002, 10001]
    again = await store.begin_turn(dedup_key="sms:SM1", conversation_id=conv.id, address=SMS)
    assert again.seen
    fresh = await store.begin_turn(
        dedup_key="webchat:x", conversation_id="webchat:new", address=Address("webchat", "new")
    )
    assert not fresh.seen and fresh.conversation is None and fresh.tickets == ()


async def test_begin_turn_reads_the_flags_asked_for_with_the_turn(store: Conversations) -> None:
    conv = make_conversation(id="sms:+14155550100", address=SMS)
    ticket = make_ticket(number=10001, address=SMS)
    await store.commit(
        TurnCommit(
            at=T0,
            dedup_key="sms:SM1",
            conversation=conv,
            tickets=(ticket,),
            flags=(("sms-optout:+14155550100", "2026-11-21T10:00:00+00:00"), ("empty", "")),
        )
    )
    start = await store.begin_turn(
        dedup_key="sms:SM2",
        conversation_id=conv.id,
        address=SMS,
        flags=("sms-optout:+14155550100", "empty", "never-set"),
    )
    assert start.flags == {
        "sms-optout:+14155550100": "2026-11-21T10:00:00+00:00",
        "empty": "",
        "never-set": None,
    }
    assert start.conversation == conv and [t.number for t in start.tickets] == [10001]
    assert (
        await store.begin_turn(dedup_key="sms:SM3", conversation_id=conv.id, address=SMS)
    ).flags == {}
    seen = await store.begin_turn(
        dedup_key="sms:SM1", conversation_id=conv.id, address=SMS, flags=("empty",)
    )
    assert seen.seen and seen.flags == {}


async def test_a_locked_turn_reads_as_begin_turn_and_holds_the_conversations_lock(
    store: Conversations,
) -> None:
    conv = make_conversation(id="sms:+14155550100", address=SMS)
    ticket = make_ticket(number=10001, address=SMS)
    flag = ("sms-optout:+14155550100", "2026-11-21T10:00:00+00:00")
    await store.commit(
        TurnCommit(at=T0, dedup_key="sms:SM1", conversation=conv, tickets=(ticket,), flags=(flag,))
    )
    read = {"dedup_key": "sms:SM2", "conversation_id": conv.id, "address": SMS}
    expected = await store.begin_turn(**read, flags=(flag[0], "never-set"))
    order: list[str] = []

    async def second() -> None:
        async with locked_turn(store, conv.id, **read) as start:
            order.append("second")
            assert start.conversation == conv

    async with locked_turn(store, conv.id, **read, flags=(flag[0], "never-set")) as start:
        assert start == expected
        waiting = asyncio.create_task(second())
        for _ in range(20):  # the other turn gets every chance to run: it must wait
            await asyncio.sleep(0)
        order.append("first")
    await waiting
    assert order == ["first", "second"]
    async with locked_turn(store, conv.id, **{**read, "dedup_key": "sms:SM1"}) as seen:
        assert seen.seen


async def test_a_commit_that_lets_the_lock_go_writes_the_turn_and_a_refused_one_keeps_the_lock(
    store: Conversations,
) -> None:
    conv = make_conversation(id="sms:+14155550100", address=SMS, version=1)
    read = {"conversation_id": conv.id, "address": SMS}
    line = TranscriptLine(conv.id, T0, "customer", "hello")
    turn = TurnCommit(at=T0, dedup_key="sms:SM1", conversation=conv, transcript=(line,))
    async with locked_turn(store, conv.id, dedup_key="sms:SM1", **read) as start:
        assert start.conversation is None
        await commit_turn(store, turn, release=conv.id)
    assert await store.load_conversation(conv.id) == conv
    assert await store.transcript(conv.id) == [line]
    order: list[str] = []

    async def second() -> None:
        async with locked_turn(store, conv.id, dedup_key="sms:SM3", **read) as start:
            order.append("second")
            assert start.conversation == conv

    async with locked_turn(store, conv.id, dedup_key="sms:SM2", **read) as start:
        assert start.conversation == conv  # the lock was free again after the first turn
        stale = TurnCommit(at=T0, dedup_key="sms:SM2", conversation=conv)  # version 1 again
        with pytest.raises(VersionConflict):
            await commit_turn(store, stale, release=conv.id)
        waiting = asyncio.create_task(second())
        for _ in range(20):  # the refused commit kept the lock: the other turn must wait
            await asyncio.sleep(0)
        order.append("first")
    await waiting
    assert order == ["first", "second"]
    assert not (await store.begin_turn(dedup_key="sms:SM2", **read)).seen  # nothing written


async def test_transcript_order_and_limit(store: Conversations) -> None:
    lines = [
        TranscriptLine("c1", T0 + timedelta(seconds=i), who, f"line {i}")
        for i, who in enumerate(["customer", "bot", "customer", "agent:bo", "bot"])
    ]
    await store.commit(TurnCommit(at=T0, transcript=tuple(lines[:2])))
    await store.commit(
        TurnCommit(
            at=T0,
            transcript=(*lines[2:], TranscriptLine("c2", T0, "customer", "other conversation")),
        )
    )

    assert await store.transcript("c1") == lines
    assert await store.transcript("c1", limit=2) == lines[-2:]  # the latest lines, in order
    assert await store.transcript("missing") == []
