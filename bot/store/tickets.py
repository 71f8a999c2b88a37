"""Tickets: numbered, listed by customer, changed under their conversation's lock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Protocol

from bot.store.turns import Turns
from domain.types import Address, Ticket


class Tickets(Turns, Protocol):
    async def next_ticket_number(self) -> int:
        """Never handed out twice (also across workers and restarts), strictly increasing
        in one store object. A backend may reserve numbers in blocks (SQLite does; Redis
        while tickets open many a second): then another process on the same data
        interleaves with it, and a process that dies with a block in hand leaves a gap."""
        ...

    async def get_ticket(self, number: int) -> Ticket | None: ...

    async def list_tickets(
        self, *, address: Address | None = None, open_only: bool = False, limit: int = 100
    ) -> list[Ticket]:
        """Newest (highest number) first."""
        ...


@asynccontextmanager
async def locked_ticket(store: Tickets, number: int) -> AsyncIterator[Ticket | None]:
    """Ticket `number` read again under its conversation's lock, for a change made
    outside a customer's turn (a failed delivery, a timer); None if it does not exist."""
    first = await store.get_ticket(number)
    if first is None:
        yield None
        return
    async with store.lock(first.conversation_id or str(first.address)):
        yield await store.get_ticket(number)
