"""The storage boundary: one Protocol, two backends (SQLite, Redis), one contract suite.

A turn is committed as a single unit (conversation, tickets, outbox, timers,
transcript and the dedup mark), so a crash between two writes can never leave
a reply without its ticket or a ticket without the message that opened it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from domain.types import Address, Choice, Conversation, Outbound, Ticket


class StoreError(Exception):
    """The store could not do what was asked; the caller should retry later (503/451)."""


class VersionConflict(StoreError):
    """Someone committed this conversation after we loaded it: our turn is stale."""


class DuplicateTurn(StoreError):
    """The dedup key was committed by another turn: this message was already handled."""


class OutboxStatus:
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    INLINE = "inline"  # returned in the provider's response (TwiML, websocket)
    DELIVERED = "delivered"
    FAILED = "failed"
    SUPPRESSED = "suppressed"  # e.g. the number opted out


@dataclass(frozen=True, slots=True)
class OutboxItem:
    id: str
    outbound: Outbound
    status: str = OutboxStatus.PENDING
    attempts: int = 0
    not_before: datetime | None = None
    created_at: datetime | None = None
    last_error: str = ""
    provider_id: str = ""


@dataclass(frozen=True, slots=True)
class Timer:
    """Something to do at a time: an SLA reminder, an auto-close, a re-ping."""

    key: str  # unique: setting a timer with the same key replaces it
    due: datetime
    kind: str
    payload: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TranscriptLine:
    conversation_id: str
    at: datetime
    who: str  # "customer", "bot", "agent:<name>"
    text: str


@dataclass(frozen=True, slots=True)
class TurnCommit:
    """Everything one turn changes. `conversation.version` is the new version;
    the store refuses the commit unless it holds `version - 1` (0 = new)."""

    at: datetime
    dedup_key: str | None = None
    conversation: Conversation | None = None
    tickets: tuple[Ticket, ...] = ()
    outbox: tuple[OutboxItem, ...] = ()
    timers: tuple[Timer, ...] = ()
    cancel_timers: tuple[str, ...] = ()
    transcript: tuple[TranscriptLine, ...] = ()
    flags: tuple[tuple[str, str | None], ...] = ()  # key -> value (None deletes)


@dataclass(frozen=True, slots=True)
class TurnStart:
    """What a turn reads before it steps, fetched in one round-trip."""

    seen: bool  # the dedup key was already committed: drop this message
    conversation: Conversation | None
    tickets: tuple[Ticket, ...]  # the customer's tickets, newest first
    flags: Mapping[str, str | None] = field(default_factory=dict)  # those asked for, by key


class Store(Protocol):
    async def open(self) -> None: ...
    async def close(self) -> None: ...
    async def ping(self) -> None: ...

    # turns
    async def seen(self, dedup_key: str) -> bool: ...
    def lock(self, key: str) -> AbstractAsyncContextManager[None]: ...
    async def load_conversation(self, conversation_id: str) -> Conversation | None: ...
    async def begin_turn(
        self,
        *,
        dedup_key: str,
        conversation_id: str,
        address: Address,
        ticket_limit: int = 20,
        flags: Sequence[str] = (),
    ) -> TurnStart:
        """seen(dedup_key), load_conversation(conversation_id),
        list_tickets(address=address, limit=ticket_limit) and get_flag() of each of
        `flags` in one round-trip: a turn's reads cost one hop to the backend, not
        four. A seen turn reads nothing else (its `flags` is empty)."""
        ...

    async def commit(self, turn: TurnCommit) -> None: ...

    # tickets
    async def next_ticket_number(self) -> int: ...
    async def get_ticket(self, number: int) -> Ticket | None: ...
    async def list_tickets(
        self, *, address: Address | None = None, open_only: bool = False, limit: int = 100
    ) -> list[Ticket]: ...

    # outbox
    async def claim_outbox(self, *, now: datetime, limit: int = 50) -> list[OutboxItem]:
        """Up to `limit` PENDING items due at `now` (`not_before` unset or <= now), in
        commit order (a turn's items in their order; where a retry that came due
        re-enters the order is the backend's), returned `sending` and leased
        to the caller: no other claim returns them while the lease lasts. An item
        whose lease ran out unfinished (its dispatcher died) is claimable again.
        How lease time is measured is the backend's: SQLite against the `now`
        passed in, Redis on the server's clock (a stream entry's idle time), so
        the contract tests age leases through a per-backend `age_leases` hook.
        Delivery is at least once: a dispatcher that outlives its lease may send
        an item the next claimer sends too; keep the lease above the longest send."""
        ...

    async def finish_outbox(
        self, item_id: str, *, status: str, provider_id: str = "", error: str = ""
    ) -> None:
        """Record the item's outcome (also later ones: a delivery receipt); a finished
        item is never claimed again. Raises KeyError for an unknown item."""
        ...

    async def retry_outbox(
        self, item_id: str, *, not_before: datetime, attempts: int, error: str
    ) -> None:
        """Back to pending, claimable from `not_before`. A retry that comes after the
        item was finished changes nothing. Raises KeyError for an unknown item."""
        ...

    async def get_outbox(self, item_id: str) -> OutboxItem | None: ...
    async def outbox_for(self, address: Address) -> list[OutboxItem]: ...
    async def count_outbox(self, *, channel: str) -> int:
        """How many items for `channel` are still owed: pending (due or not) or
        sending. It reads every owed item of the outbox (SQLite: through the status
        index; Redis: the stream and the retry set, a page per script), so it is for
        start-up and occasional checks, not for every message."""
        ...

    # timers
    async def claim_due_timers(self, *, now: datetime, limit: int = 100) -> list[Timer]: ...

    # transcript and flags (opt-outs, thread mappings, rate counters)
    async def transcript(
        self, conversation_id: str, *, limit: int = 200
    ) -> list[TranscriptLine]: ...
    async def get_flag(self, key: str) -> str | None: ...
    async def set_flag(self, key: str, value: str | None) -> None: ...


def outbound_to_json(msg: Outbound) -> dict[str, Any]:
    return {
        "address": str(msg.address),
        "text": msg.text,
        "choices": [[c.value, c.label] for c in msg.choices],
        "ticket_number": msg.ticket_number,
        "kind": msg.kind,
        "thread": msg.thread,
        "meta": dict(msg.meta),
    }


def outbound_from_json(data: dict[str, Any]) -> Outbound:
    return Outbound(
        address=Address.parse(data["address"]),
        text=data["text"],
        choices=tuple(Choice(v, label) for v, label in data.get("choices", ())),
        ticket_number=data.get("ticket_number"),
        kind=data.get("kind", "reply"),
        thread=data.get("thread", ""),
        meta=dict(data.get("meta", {})),
    )


@asynccontextmanager
async def locked_ticket(store: Store, number: int) -> AsyncIterator[Ticket | None]:
    """Ticket `number` read again under its conversation's lock, for a change made
    outside a customer's turn (a failed delivery, a timer); None if it does not exist."""
    first = await store.get_ticket(number)
    if first is None:
        yield None
        return
    async with store.lock(first.conversation_id or str(first.address)):
        yield await store.get_ticket(number)
