"""The Store contract: every backend must pass these very tests.

A backend's test module provides two fixtures and star-imports this module:

    @pytest.fixture
    def new_store(...):  # (name, **options) -> an unopened, empty store on the data set
        ...              # `name` (the same name: the same data), built with `options`

    @pytest.fixture
    def age_leases(...):  # async (store, elapsed): the store's lease clock sees `elapsed`
        ...               # pass since its leased outbox items were claimed

    from tests.bot.store.contract import *  # noqa: F403
    from tests.bot.store.contract_queues import *  # noqa: F403
    from tests.bot.store.contract_locks import *  # noqa: F403

which brings the fixtures the tests use: `store` (an opened, empty store) and
`reopen_store` (async (store) -> store: close it, open the same data again).

Times come from `tests.factories.T0`; nothing here sleeps or reads a clock.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any

import pytest

from bot.store.protocol import (
    DuplicateTurn,
    OutboxItem,
    Store,
    StoreError,
    Timer,
    TranscriptLine,
    TurnCommit,
    VersionConflict,
)
from domain.types import Address, Attachment, Mode, TicketEvent, TicketStatus
from tests.factories import T0, make_conversation, make_outbound, make_ticket

__all__ = [
    "store",
    "reopen_store",
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
    "test_ticket_that_closes_is_no_longer_listed_as_open",
    "test_transcript_order_and_limit",
    "test_flags",
    "test_failed_commit_writes_nothing",
    "test_data_survives_reopen",
    "test_begin_turn_reads_dedup_conversation_and_tickets_at_once",
    "test_begin_turn_reads_the_flags_asked_for_with_the_turn",
    "test_ticket_numbers_start_at_configured_first",
    "test_naive_datetimes_are_refused_and_nothing_is_written",
    "test_commit_needs_a_positive_version",
    "test_closed_store_raises_store_error",
]

Reopen = Callable[[Store], Awaitable[Store]]
NewStore = Callable[..., Store]


@asynccontextmanager
async def _opened(new_store: NewStore, name: str, **options: Any) -> AsyncIterator[Store]:
    s = new_store(name, **options)
    await s.open()
    try:
        yield s
    finally:
        await s.close()


@pytest.fixture
async def store(new_store: NewStore) -> AsyncIterator[Store]:
    async with _opened(new_store, "store") as opened:
        yield opened


@pytest.fixture
async def reopen_store(new_store: NewStore) -> AsyncIterator[Reopen]:
    opened: list[Store] = []

    async def reopen(old: Store) -> Store:
        await old.close()
        new = new_store("store")
        await new.open()
        opened.append(new)
        return new

    yield reopen
    for s in opened:
        await s.close()


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


async def test_ticket_that_closes_is_no_longer_listed_as_open(store: Store) -> None:
    ticket = make_ticket(number=5)
    await store.commit(TurnCommit(at=T0, tickets=(ticket,)))
    assert [t.number for t in await store.list_tickets(open_only=True)] == [5]
    closed = make_ticket(number=5, status=TicketStatus.CLOSED)
    await store.commit(TurnCommit(at=T0, tickets=(closed,)))
    assert await store.list_tickets(open_only=True) == []
    assert [t.status for t in await store.list_tickets()] == [TicketStatus.CLOSED]


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


async def test_begin_turn_reads_the_flags_asked_for_with_the_turn(store: Store) -> None:
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


# configuration and refusals


async def test_ticket_numbers_start_at_configured_first(new_store: NewStore) -> None:
    async with _opened(new_store, "default") as s:
        assert await s.next_ticket_number() == 10001
    async with _opened(new_store, "custom", first_ticket_number=500) as s:
        assert [await s.next_ticket_number() for _ in range(3)] == [500, 501, 502]
    # raising the first number later takes effect; lowering it never reuses numbers
    async with _opened(new_store, "custom", first_ticket_number=900) as s:
        assert await s.next_ticket_number() == 900
    async with _opened(new_store, "custom", first_ticket_number=1) as s:
        assert await s.next_ticket_number() == 901


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


async def test_closed_store_raises_store_error(new_store: NewStore) -> None:
    s = new_store("closed")
    with pytest.raises(StoreError):
        await s.ping()
    await s.open()
    await s.close()
    await s.close()  # idempotent
    with pytest.raises(StoreError):
        await s.ping()
