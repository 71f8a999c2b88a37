"""The Store contract, `Tickets` (bot.store.tickets): ticket numbers, tickets by
number and by customer. See `tests.bot.store.contract` for how a backend's test
module runs it."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.store.protocol import Tickets, TurnCommit
from domain.types import Address, Attachment, TicketEvent, TicketStatus
from tests.bot.store.contract import SMS, TELEGRAM, NewStore, _opened
from tests.factories import T0, make_ticket

__all__ = [
    "test_ticket_numbers_strictly_increase",
    "test_ticket_numbers_unique_under_concurrency",
    "test_ticket_numbers_start_at_configured_first",
    "test_ticket_numbers_are_never_reused_by_stores_on_the_same_data_even_one_never_closed",
    "test_ticket_round_trip_and_update",
    "test_list_tickets_by_address_open_only_newest_first",
    "test_ticket_that_closes_is_no_longer_listed_as_open",
]


async def test_ticket_numbers_strictly_increase(store: Tickets) -> None:
    numbers = [await store.next_ticket_number() for _ in range(5)]
    assert numbers[0] >= 1
    assert all(b > a for a, b in zip(numbers, numbers[1:], strict=False))


async def test_ticket_numbers_unique_under_concurrency(store: Tickets) -> None:
    before = await store.next_ticket_number()
    numbers = await asyncio.gather(*(store.next_ticket_number() for _ in range(200)))
    assert len(set(numbers)) == 200
    assert min(numbers) > before
    assert await store.next_ticket_number() > max(numbers)


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


async def test_ticket_numbers_are_never_reused_by_stores_on_the_same_data_even_one_never_closed(
    new_store: NewStore,
) -> None:
    # a backend may take numbers in blocks (SQLite): a worker killed with a block in hand
    # leaves a gap, never a number someone else gets again
    crashed = new_store("shared")
    await crashed.open()
    try:
        taken = [await crashed.next_ticket_number() for _ in range(3)]
        async with _opened(new_store, "shared") as other:
            taken += [await other.next_ticket_number() for _ in range(3)]
            taken += [await crashed.next_ticket_number() for _ in range(3)]
        async with _opened(new_store, "shared") as restarted:  # `crashed` still holds its own
            later = [await restarted.next_ticket_number() for _ in range(3)]
    finally:
        await crashed.close()
    assert len(set(taken)) == len(taken)
    assert min(later) > max(taken)
    assert later == sorted(later)


async def test_ticket_round_trip_and_update(store: Tickets) -> None:
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


async def test_list_tickets_by_address_open_only_newest_first(store: Tickets) -> None:
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


async def test_ticket_that_closes_is_no_longer_listed_as_open(store: Tickets) -> None:
    ticket = make_ticket(number=5)
    await store.commit(TurnCommit(at=T0, tickets=(ticket,)))
    assert [t.number for t in await store.list_tickets(open_only=True)] == [5]
    closed = make_ticket(number=5, status=TicketStatus.CLOSED)
    await store.commit(TurnCommit(at=T0, tickets=(closed,)))
    assert await store.list_tickets(open_only=True) == []
    assert [t.status for t in await store.list_tickets()] == [TicketStatus.CLOSED]
