"""The records the store roles exchange (outbox items, timers, transcript lines, a
turn's commit and its reads), and what the backends share about storing them:
defaults, JSON, time checks."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Final

import orjson

from domain.quick_init import quick_init
from domain.types import Address, Attachment, Choice, Conversation, Outbound, Ticket

DEFAULT_FIRST_TICKET_NUMBER: Final = 10001
DEFAULT_DEDUP_TTL: Final = timedelta(days=7)
DEFAULT_LEASE: Final = timedelta(seconds=60)


class OutboxStatus:
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    INLINE = "inline"  # returned in the provider's response (TwiML, websocket)
    DELIVERED = "delivered"
    FAILED = "failed"
    SUPPRESSED = "suppressed"  # e.g. the number opted out
    # a send began and its outcome was never recorded; not sent again (at most once:
    # bot/engine/dispatch.py, Interrupted sends)
    UNCERTAIN = "uncertain"


@quick_init
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
    # The fence token of the claim that returned the item ("" otherwise): the holder
    # passes it to `begin_send`, `finish_outbox` and `retry_outbox`, and the store
    # refuses them once another claim has taken the item over. Not part of equality:
    # it names a claim, not the item.
    lease: str = field(default="", compare=False)
    # How many sends `begin_send` let start. More than one means a holder's send began
    # and its outcome never came (it died or hung past the lease): the provider may have
    # the message twice (the window no fence closes; docs/reliability.md counts it).
    sends: int = 0


@quick_init
@dataclass(frozen=True, slots=True)
class Timer:
    """Something to do at a time: an SLA reminder, an auto-close, a re-ping."""

    key: str  # unique: setting a timer with the same key replaces it
    due: datetime
    kind: str
    payload: dict[str, str] = field(default_factory=dict)


@quick_init
@dataclass(frozen=True, slots=True)
class TranscriptLine:
    conversation_id: str
    at: datetime
    who: str  # "customer", "bot", "agent:<name>"
    text: str


@quick_init
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
    # (incident id, ticket number): the ticket becomes the incident's child (kept if already);
    # so does each ticket of the turn whose fields name its incident (domain.incident.child_links)
    incident_children: tuple[tuple[int, int], ...] = ()


@quick_init
@dataclass(frozen=True, slots=True)
class TurnStart:
    """What a turn reads before it steps, fetched in one round-trip."""

    seen: bool  # the dedup key was already committed: drop this message
    conversation: Conversation | None
    tickets: tuple[Ticket, ...]  # the customer's tickets, newest first
    flags: Mapping[str, str | None] = field(default_factory=dict)  # those asked for, by key


def outbound_to_json(msg: Outbound) -> dict[str, Any]:
    return {
        "address": str(msg.address),
        "text": msg.text,
        "choices": [[c.value, c.label] for c in msg.choices],
        "ticket_number": msg.ticket_number,
        "kind": msg.kind,
        "thread": msg.thread,
        "meta": dict(msg.meta),
        "attachments": [a.to_json() for a in msg.attachments],
    }


def outbound_from_json(data: dict[str, Any]) -> Outbound:
    return Outbound(
        address=Address.parse(data["address"]),
        text=data.get("text", ""),  # the Redis record drops empty values (a file alone)
        choices=tuple(Choice(v, label) for v, label in data.get("choices", ())),
        ticket_number=data.get("ticket_number"),
        kind=data.get("kind", "reply"),
        thread=data.get("thread", ""),
        meta=dict(data.get("meta", {})),
        attachments=tuple(Attachment.from_json(a) for a in data.get("attachments", ())),
    )


def dumps(data: Any) -> str:
    """Compact JSON, non-ASCII kept as is (customers write in their language).

    orjson writes what `json.dumps(data, ensure_ascii=False, separators=(",", ":"))` would
    (numbers may be spelled differently, read back the same) at a tenth of the cost: a
    turn writes half a dozen records. What orjson refuses and the standard library takes
    (an integer beyond 64 bits, a lone surrogate from a broken mail, a key that is not a
    string) goes through the standard library as before."""
    try:
        return orjson.dumps(data).decode("utf-8")
    except TypeError:  # orjson.JSONEncodeError is one
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def require_aware(value: datetime) -> datetime:
    """`value` itself; a naive datetime is refused (ValueError) before anything is written."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime {value!r}: the store needs tz-aware datetimes")
    return value
