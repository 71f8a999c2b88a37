"""The Store contract: every backend must pass these very tests.

A backend's test module provides two fixtures and star-imports this module:

    @pytest.fixture
    async def store(...):          # an opened, empty store
        ...
    @pytest.fixture
    async def reopen_store(...):   # async (store) -> store: close it, open the same data again
        ...

    from tests.bot.store_contract import *  # noqa: F403

Times come from `tests.factories.T0`; nothing here sleeps or reads a clock.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from bot.store import (
    DuplicateTurn,
    OutboxItem,
    OutboxStatus,
    Store,
    Timer,
    TranscriptLine,
    TurnCommit,
    VersionConflict,
)
from bot.types import Address, Attachment, Choice, Mode, TicketEvent, TicketStatus
from tests.factories import T0, make_conversation, make_outbound, make_ticket

__all__ = [
    "test_ping",
    "test_conversation_round_trip_keeps_every_field",
    "test_load_missing_conversation_is_none",
    "test_next_version_commits_and_stale_commit_conflicts",
    "test_creating_an_existing_conversation_conflicts",
    "test_dedup_seen_then_duplicate_turn_writes_nothing",
    "test_commit_without_conversation",
    "test_ticket_numbers_strictly_increase",
    "test_ticket_numbers_unique_under_concurrency",
    "test_ticket_round_trip_and_update",
    "test_list_tickets_by_address_open_only_newest_first",
    "test_claim_outbox_returns_items_once_while_leased",
    "test_outbox_item_round_trip",
    "test_claim_outbox_oldest_first_and_limit",
    "test_claim_outbox_respects_not_before",
    "test_finish_outbox",
    "test_retry_outbox_waits_for_not_before",
    "test_expired_lease_is_reclaimed",
    "test_outbox_non_pending_items_are_not_claimed",
    "test_outbox_unknown_item",
    "test_outbox_for_address",
    "test_due_timers_claimed_exactly_once",
    "test_timers_claimed_once_by_concurrent_claimers",
    "test_timer_with_same_key_replaces",
    "test_cancel_timers",
    "test_transcript_order_and_limit",
    "test_flags",
    "test_lock_serializes_same_key",
    "test_lock_does_not_serialize_different_keys",
    "test_failed_commit_writes_nothing",
    "test_data_survives_reopen",
    "test_begin_turn_reads_dedup_conversation_and_tickets_at_once",
]

Reopen = Callable[[Store], Awaitable[Store]]
SMS = Address("sms", "+14155550100")
TELEGRAM = Address("telegram", "123456")


def _outbox(item_id: str, address: Address = SMS, **kw: Any) -> OutboxItem:
    return OutboxItem(id=item_id, outbound=make_outbound(address=address, text=item_id), **kw)


async def _commit_outbox(store: Store, *items: OutboxItem, at: datetime = T0) -> None:
    await store.commit(TurnCommit(at=at, outbox=items))


# turns


async def test_ping(store: Store) -> None:
    await store.ping()


async def test_conversation_round_trip_keeps_every_field(store: Store) -> None:
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


async def test_load_missing_conversation_is_none(store: Store) -> None:
    assert await store.load_conversation("nope") is None


async def test_next_version_commits_and_stale_commit_conflicts(store: Store) -> None:
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


async def test_creating_an_existing_conversation_conflicts(store: Store) -> None:
    conv = make_conversation(version=1)
    await store.commit(TurnCommit(at=T0, conversation=conv))
    with pytest.raises(VersionConflict):
        await store.commit(TurnCommit(at=T0, conversation=make_conversation(id=conv.id)))


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


# tickets


async def test_ticket_numbers_strictly_increase(store: Store) -> None:
    numbers = [await store.next_ticket_number() for _ in range(5)]
    assert numbers[0] >= 1
    assert all(b > a for a, b in zip(numbers, numbers[1:], strict=False))


async def test_ticket_numbers_unique_under_concurrency(store: Store) -> None:
    before = await store.next_ticket_number()
    numbers = await asyncio.gather(*(store.next_ticket_number() for _ in range(200)))
    assert len(set(numbers)) == 200
    assert min(numbers) > before
    assert await store.next_ticket_number() > max(numbers)


async def test_ticket_round_trip_and_update(store: Store) -> None:
    number = await store.next_ticket_number()
    ticket = make_ticket(
        number=number,
        priority="p1",
        lang="es",
        fields={"call_id": "abc@10.0.0.1"},
        summary="No inbound calls",
        events=(TicketEvent(T0, "opened", "via sms"),),
        attachments=(Attachment("document", "trace.pcap"),),
        conversation_id="conv-x",
        assessment={"impact": "outage"},
        needs_review=True,
        human_requested=True,
        linked_to=7,
        updated_at=T0,
    )
    await store.commit(TurnCommit(at=T0, tickets=(ticket,)))
    assert await store.get_ticket(number) == ticket

    later = ticket.with_event(TicketEvent(T0 + timedelta(hours=1), "priority", "p2", "agent:bo"))
    await store.commit(TurnCommit(at=T0, tickets=(later,)))
    assert await store.get_ticket(number) == later
    assert await store.get_ticket(number + 1000) is None


async def test_list_tickets_by_address_open_only_newest_first(store: Store) -> None:
    n = [await store.next_ticket_number() for _ in range(4)]
    tickets = (
        make_ticket(number=n[0], address=SMS),
        make_ticket(number=n[1], address=TELEGRAM),
        make_ticket(number=n[2], address=SMS, status=TicketStatus.CLOSED),
        make_ticket(number=n[3], address=SMS, status=TicketStatus.IN_PROGRESS),
    )
    await store.commit(TurnCommit(at=T0, tickets=tickets))

    assert [t.number for t in await store.list_tickets()] == [n[3], n[2], n[1], n[0]]
    assert [t.number for t in await store.list_tickets(address=SMS)] == [n[3], n[2], n[0]]
    assert [t.number for t in await store.list_tickets(address=SMS, open_only=True)] == [
        n[3],
        n[0],
    ]
    assert [t.number for t in await store.list_tickets(open_only=True, limit=2)] == [n[3], n[1]]
    assert await store.list_tickets(address=Address("email", "x@example.com")) == []


# outbox


async def test_claim_outbox_returns_items_once_while_leased(store: Store) -> None:
    await _commit_outbox(store, _outbox("o1"), _outbox("o2", TELEGRAM))

    claimed = await store.claim_outbox(now=T0)
    assert [i.id for i in claimed] == ["o1", "o2"]
    assert all(i.status == OutboxStatus.SENDING for i in claimed)
    assert claimed[0].outbound == make_outbound(address=SMS, text="o1")
    assert claimed[0].created_at == T0 and claimed[0].attempts == 0
    assert await store.claim_outbox(now=T0 + timedelta(seconds=1)) == []
    stored = await store.get_outbox("o1")
    assert stored is not None and stored.status == OutboxStatus.SENDING


async def test_outbox_item_round_trip(store: Store) -> None:
    outbound = make_outbound(
        address=TELEGRAM,
        text="¿Cuál es el número afectado?",
        choices=(Choice("yes", "Sí"), Choice("no", "No")),
        ticket_number=10007,
        kind="agent",
        thread="thread-1",
        meta={"reply_to": "42"},
    )
    item = OutboxItem(id="rich", outbound=outbound, created_at=T0 - timedelta(seconds=3))
    await store.commit(TurnCommit(at=T0, outbox=(item,)))

    assert await store.get_outbox("rich") == item
    assert await store.claim_outbox(now=T0) == [replace(item, status=OutboxStatus.SENDING)]


async def test_claim_outbox_oldest_first_and_limit(store: Store) -> None:
    await _commit_outbox(store, _outbox("late"), at=T0 + timedelta(seconds=5))
    await _commit_outbox(store, _outbox("early"), at=T0)
    await _commit_outbox(store, _outbox("mid"), at=T0 + timedelta(seconds=1))
    now = T0 + timedelta(minutes=1)

    assert [i.id for i in await store.claim_outbox(now=now, limit=2)] == ["early", "mid"]
    assert [i.id for i in await store.claim_outbox(now=now, limit=2)] == ["late"]


async def test_claim_outbox_respects_not_before(store: Store) -> None:
    await _commit_outbox(store, _outbox("o1", not_before=T0 + timedelta(seconds=30)))

    assert await store.claim_outbox(now=T0) == []
    assert [i.id for i in await store.claim_outbox(now=T0 + timedelta(seconds=30))] == ["o1"]


async def test_finish_outbox(store: Store) -> None:
    await _commit_outbox(store, _outbox("ok"), _outbox("bad"))
    await store.claim_outbox(now=T0)

    await store.finish_outbox("ok", status=OutboxStatus.SENT, provider_id="SM123")
    await store.finish_outbox("bad", status=OutboxStatus.FAILED, error="21610 unsubscribed")

    ok, bad = await store.get_outbox("ok"), await store.get_outbox("bad")
    assert ok is not None and (ok.status, ok.provider_id) == (OutboxStatus.SENT, "SM123")
    assert bad is not None and (bad.status, bad.last_error) == (
        OutboxStatus.FAILED,
        "21610 unsubscribed",
    )
    # finished items are never claimed again, not even after the lease would have expired
    assert await store.claim_outbox(now=T0 + timedelta(days=1)) == []


async def test_retry_outbox_waits_for_not_before(store: Store) -> None:
    await _commit_outbox(store, _outbox("o1"))
    await store.claim_outbox(now=T0)
    retry_at = T0 + timedelta(seconds=20)

    await store.retry_outbox("o1", not_before=retry_at, attempts=1, error="429 Too Many Requests")

    item = await store.get_outbox("o1")
    assert item is not None
    assert (item.status, item.attempts, item.not_before, item.last_error) == (
        OutboxStatus.PENDING,
        1,
        retry_at,
        "429 Too Many Requests",
    )
    assert await store.claim_outbox(now=retry_at - timedelta(seconds=1)) == []
    again = await store.claim_outbox(now=retry_at)
    assert [(i.id, i.attempts) for i in again] == [("o1", 1)]


async def test_expired_lease_is_reclaimed(store: Store) -> None:
    await _commit_outbox(store, _outbox("o1"))
    assert [i.id for i in await store.claim_outbox(now=T0)] == ["o1"]
    # the dispatcher crashed: neither finish nor retry came; a day later the lease is long gone
    reclaimed = await store.claim_outbox(now=T0 + timedelta(days=1))
    assert [(i.id, i.status, i.attempts) for i in reclaimed] == [("o1", OutboxStatus.SENDING, 0)]


async def test_outbox_non_pending_items_are_not_claimed(store: Store) -> None:
    await _commit_outbox(store, _outbox("inline", status=OutboxStatus.INLINE), _outbox("p"))
    assert [i.id for i in await store.claim_outbox(now=T0)] == ["p"]
    inline = await store.get_outbox("inline")
    assert inline is not None and inline.status == OutboxStatus.INLINE


async def test_outbox_unknown_item(store: Store) -> None:
    assert await store.get_outbox("missing") is None
    with pytest.raises(KeyError):
        await store.finish_outbox("missing", status=OutboxStatus.SENT)
    with pytest.raises(KeyError):
        await store.retry_outbox("missing", not_before=T0, attempts=1, error="x")


async def test_outbox_for_address(store: Store) -> None:
    await _commit_outbox(store, _outbox("s1"), _outbox("t1", TELEGRAM))
    await _commit_outbox(store, _outbox("s2"), at=T0 + timedelta(seconds=1))

    assert [i.id for i in await store.outbox_for(SMS)] == ["s1", "s2"]
    assert [i.id for i in await store.outbox_for(TELEGRAM)] == ["t1"]
    assert await store.outbox_for(Address("email", "x@example.com")) == []


# timers


async def test_due_timers_claimed_exactly_once(store: Store) -> None:
    plus2 = timezone(timedelta(hours=2))
    timers = (
        Timer("sla:1", T0 + timedelta(minutes=5), "sla_warn", {"ticket": "1"}),
        Timer("close:1", T0.astimezone(plus2), "auto_close"),  # same instant, other zone
        Timer("later", T0 + timedelta(hours=1), "remind"),
    )
    await store.commit(TurnCommit(at=T0, timers=timers))

    assert [t.key for t in await store.claim_due_timers(now=T0 - timedelta(seconds=1))] == []
    due = await store.claim_due_timers(now=T0 + timedelta(minutes=5))
    assert [(t.key, t.due, t.kind, t.payload) for t in due] == [
        ("close:1", T0, "auto_close", {}),
        ("sla:1", T0 + timedelta(minutes=5), "sla_warn", {"ticket": "1"}),
    ]
    assert all(t.due.tzinfo is not None for t in due)
    assert await store.claim_due_timers(now=T0 + timedelta(minutes=5)) == []
    assert [t.key for t in await store.claim_due_timers(now=T0 + timedelta(hours=2))] == ["later"]


async def test_timers_claimed_once_by_concurrent_claimers(store: Store) -> None:
    timers = tuple(Timer(f"t{i}", T0 + timedelta(seconds=i), "remind") for i in range(40))
    await store.commit(TurnCommit(at=T0, timers=timers))
    now = T0 + timedelta(minutes=1)

    first, second = await asyncio.gather(
        store.claim_due_timers(now=now, limit=25), store.claim_due_timers(now=now, limit=25)
    )
    keys_a, keys_b = {t.key for t in first}, {t.key for t in second}
    assert not keys_a & keys_b
    assert keys_a | keys_b == {t.key for t in timers}


async def test_timer_with_same_key_replaces(store: Store) -> None:
    await store.commit(TurnCommit(at=T0, timers=(Timer("k", T0, "remind", {"n": "1"}),)))
    later = T0 + timedelta(hours=1)
    await store.commit(TurnCommit(at=T0, timers=(Timer("k", later, "close", {"n": "2"}),)))

    assert await store.claim_due_timers(now=T0 + timedelta(minutes=59)) == []
    assert await store.claim_due_timers(now=later) == [Timer("k", later, "close", {"n": "2"})]


async def test_cancel_timers(store: Store) -> None:
    await store.commit(
        TurnCommit(at=T0, timers=(Timer("a", T0, "remind"), Timer("b", T0, "remind")))
    )
    # cancellations apply before the turn's own timers: cancel + set re-arms a key
    reset = Timer("b", T0 + timedelta(hours=1), "remind")
    await store.commit(TurnCommit(at=T0, cancel_timers=("a", "b", "unknown"), timers=(reset,)))

    assert await store.claim_due_timers(now=T0 + timedelta(minutes=1)) == []
    assert await store.claim_due_timers(now=T0 + timedelta(hours=1)) == [reset]


# transcript and flags


async def test_transcript_order_and_limit(store: Store) -> None:
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


async def test_flags(store: Store) -> None:
    assert await store.get_flag("optout:sms:+14155550100") is None
    await store.set_flag("optout:sms:+14155550100", "STOP")
    assert await store.get_flag("optout:sms:+14155550100") == "STOP"
    await store.set_flag("optout:sms:+14155550100", "STOP2")
    assert await store.get_flag("optout:sms:+14155550100") == "STOP2"
    await store.set_flag("optout:sms:+14155550100", None)
    assert await store.get_flag("optout:sms:+14155550100") is None

    await store.commit(TurnCommit(at=T0, flags=(("thread:1", "C1/1.2"), ("gone", "x"))))
    await store.commit(TurnCommit(at=T0, flags=(("gone", None),)))
    assert await store.get_flag("thread:1") == "C1/1.2"
    assert await store.get_flag("gone") is None


# locks


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


# atomicity and durability


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


async def test_data_survives_reopen(store: Store, reopen_store: Reopen) -> None:
    conv = make_conversation(version=1, state="ticket_open", fields={"name": "Ana"})
    number = await store.next_ticket_number()
    ticket = make_ticket(number=number, conversation_id=conv.id)
    await store.commit(
        TurnCommit(
            at=T0,
            dedup_key="sms:SM-durable",
            conversation=conv,
            tickets=(ticket,),
            outbox=(_outbox("durable"),),
            timers=(Timer("durable", T0, "remind"),),
            transcript=(TranscriptLine(conv.id, T0, "customer", "hi"),),
            flags=(("durable", "yes"),),
        )
    )

    reopened = await reopen_store(store)

    await reopened.ping()
    assert await reopened.seen("sms:SM-durable")
    assert await reopened.load_conversation(conv.id) == conv
    assert await reopened.get_ticket(number) == ticket
    assert await reopened.next_ticket_number() > number
    assert [i.id for i in await reopened.claim_outbox(now=T0)] == ["durable"]
    assert [t.key for t in await reopened.claim_due_timers(now=T0)] == ["durable"]
    assert [line.text for line in await reopened.transcript(conv.id)] == ["hi"]
    assert await reopened.get_flag("durable") == "yes"


async def test_begin_turn_reads_dedup_conversation_and_tickets_at_once(store: Store) -> None:
    conv = make_conversation(id="sms:+14155550100", address=SMS)
    older = make_ticket(number=10001, address=SMS)
    newer = make_ticket(number=10002, address=SMS)
    other = make_ticket(number=10003, address=Address("sms", "+14155550199"))
    await store.commit(TurnCommit(at=T0, dedup_key="sms:SM1", conversation=conv, tickets=(older, newer, other)))
    start = await store.begin_turn(dedup_key="sms:SM2", conversation_id=conv.id, address=SMS)
    assert not start.seen
    assert start.conversation == conv
    assert [t.number for t in start.tickets] == [10002, 10001]
    again = await store.begin_turn(dedup_key="sms:SM1", conversation_id=conv.id, address=SMS)
    assert again.seen
    fresh = await store.begin_turn(dedup_key="webchat:x", conversation_id="webchat:new", address=Address("webchat", "new"))
    assert not fresh.seen and fresh.conversation is None and fresh.tickets == ()
