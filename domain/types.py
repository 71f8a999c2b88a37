"""Domain types shared by every layer: addresses, messages, conversations, tickets.

Value objects are frozen and slotted; a turn produces new values with
`dataclasses.replace` instead of mutating shared state, so what the store
holds and what a flow computed can never alias each other.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from domain.datetext import isoformat
from domain.evolve import evolve
from domain.memo import recent_by_identity
from domain.quick_init import quick_init

CHANNELS: Final = ("webchat", "sms", "telegram", "email", "console")


@quick_init
@dataclass(frozen=True, slots=True)
class Address:
    """Where a customer is reachable: a channel and that channel's id for them."""

    channel: str
    id: str

    def __str__(self) -> str:
        return f"{self.channel}:{self.id}"

    @classmethod
    def parse(cls, text: str) -> Address:
        channel, sep, ident = text.partition(":")
        if not sep or not channel or not ident:
            raise ValueError(f"not an address: {text!r} (expected 'channel:id')")
        return cls(channel, ident)


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file the customer sent: a screenshot over MMS, a Telegram photo, a mail part."""

    kind: str  # "image", "document", "audio", "file"
    name: str = ""
    content_type: str = ""
    size: int | None = None
    ref: str = ""  # where to find it: a URL, a Telegram file_id, a path under data_dir
    by: str = ""  # "" for the customer's; an agent's tag for a file an agent sent them

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind,
            "name": self.name,
            "content_type": self.content_type,
            "size": self.size,
            "ref": self.ref,
        }
        if self.by:
            data["by"] = self.by
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Attachment:
        return cls(
            kind=data.get("kind", "file"),
            name=data.get("name", ""),
            content_type=data.get("content_type", ""),
            size=data.get("size"),
            ref=data.get("ref", ""),
            by=data.get("by", ""),
        )


@dataclass(frozen=True, slots=True)
class Choice:
    """A button the channel may render; `value` is what comes back when pressed."""

    value: str
    label: str


@quick_init
@dataclass(frozen=True, slots=True)
class Inbound:
    """One message from a customer, already verified and parsed by its channel."""

    address: Address
    text: str
    external_id: str  # the provider's id (MessageSid, update_id, Message-ID): the dedup key
    received_at: datetime
    attachments: tuple[Attachment, ...] = ()
    # Channels that keep several conversations per address (email threads) name
    # the one this message belongs to; "" means the address's current one.
    thread: str = ""
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def dedup_key(self) -> str:
        return f"{self.address.channel}:{self.external_id}"


@quick_init
@dataclass(frozen=True, slots=True)
class Outbound:
    """One message to a customer, channel-neutral; the channel renders it."""

    address: Address
    text: str
    choices: tuple[Choice, ...] = ()
    ticket_number: int | None = None
    kind: str = "reply"  # "reply", "agent", "notice"
    thread: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    # files an agent sent (stored under data_dir): a link, a document or a MIME part
    attachments: tuple[Attachment, ...] = ()


@quick_init
@dataclass(frozen=True, slots=True)
class ChannelLimits:
    """What a channel can carry; the engine writes replies to fit."""

    max_length: int = 4096  # characters in one message
    short: bool = False  # prefer the catalog's short variants (SMS)
    buttons: bool = False  # renders Outbound.choices as buttons
    max_segments: int = 0  # SMS: most segments a reply may use (0 = no limit)


DEFAULT_LIMITS: Final[dict[str, ChannelLimits]] = {
    "webchat": ChannelLimits(max_length=4000, buttons=True),
    "sms": ChannelLimits(max_length=459, short=True, max_segments=3),
    "telegram": ChannelLimits(max_length=4096, buttons=True),
    "email": ChannelLimits(max_length=100_000),
    "console": ChannelLimits(max_length=4000),
}


class TicketStatus(enum.StrEnum):
    # The CallTower plan's status list; other plans use a subset.
    NEW = "new"
    IN_PROGRESS = "in_progress"
    DUPLICATE = "duplicate"
    ON_HOLD = "on_hold"
    SHIPPING = "shipping"
    RESOLVED_PENDING = "resolved_pending_confirmation"
    REOPENED = "customer_reopened"
    CLOSED_NO_RESPONSE = "closed_no_response"
    CLOSED = "closed"

    @property
    def is_closed(self) -> bool:
        return self in (
            TicketStatus.CLOSED,
            TicketStatus.CLOSED_NO_RESPONSE,
            TicketStatus.DUPLICATE,
        )


@dataclass(frozen=True, slots=True)
class Priority:
    """A level of the plan's priority scale; a lower rank is more urgent."""

    id: str
    rank: int


@quick_init
@dataclass(frozen=True, slots=True)
class TicketEvent:
    at: datetime
    kind: str  # "opened", "comment", "human_requested", "field_changed", "priority", ...
    detail: str = ""
    by: str = "customer"  # "customer", "bot", "agent:<name>", "system"

    def to_json(self) -> dict[str, Any]:
        return {"at": iso(self.at), "kind": self.kind, "detail": self.detail, "by": self.by}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TicketEvent:
        return cls(
            at=datetime.fromisoformat(data["at"]),
            kind=data["kind"],
            detail=data.get("detail", ""),
            by=data.get("by", "customer"),
        )


@dataclass(frozen=True, slots=True)
class Csat:
    """The one satisfaction question a ticket gets: when and where it was asked, and the
    customer's answer (a score of 1-5, an optional line of comment) if they gave one."""

    asked_at: datetime
    channel: str
    score: int | None = None
    comment: str = ""
    answered_at: datetime | None = None  # when the score came

    def to_json(self) -> dict[str, Any]:
        return {
            "asked_at": self.asked_at.isoformat(),
            "channel": self.channel,
            "score": self.score,
            "comment": self.comment,
            "answered_at": _iso(self.answered_at),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Csat:
        score = data.get("score")
        return cls(
            asked_at=datetime.fromisoformat(data["asked_at"]),
            channel=data.get("channel", ""),
            score=int(score) if score is not None else None,
            comment=data.get("comment", ""),
            answered_at=_dt(data.get("answered_at")),
        )


@quick_init
@dataclass(frozen=True, slots=True)
class Ticket:
    number: int
    status: TicketStatus
    priority: str
    channel: str
    address: Address
    lang: str
    created_at: datetime
    first_response_due: datetime | None
    next_update_due: datetime | None
    fields: dict[str, str] = field(default_factory=dict)
    summary: str = ""
    events: tuple[TicketEvent, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    conversation_id: str = ""
    # what the classifier saw, kept so a lead can audit why a priority was chosen
    assessment: dict[str, Any] = field(default_factory=dict)
    needs_review: bool = False
    human_requested: bool = False
    linked_to: int | None = None
    updated_at: datetime | None = None
    # asked once per ticket, never again (not after a reopen either): see bot/engine/csat.py
    csat: Csat | None = None

    def with_event(self, event: TicketEvent) -> Ticket:
        return evolve(self, events=(*self.events, event), updated_at=event.at)

    @property
    def breaches(self) -> tuple[tuple[str, datetime], ...]:
        """The SLA clocks this ticket broke ("first_response", "update", "resolution")
        and when, once each, from its history."""
        seen: dict[str, datetime] = {}
        for e in self.events:
            if e.kind == "sla_breached" and e.detail not in seen:
                seen[e.detail] = e.at
        return tuple(seen.items())

    @property
    def callback_due(self) -> datetime | None:
        """The callback the customer was promised (a plan's off-duty promise), if any."""
        due = next((e.detail for e in reversed(self.events) if e.kind == "callback_promised"), "")
        return datetime.fromisoformat(due) if due else None

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "status": self.status._value_,
            "priority": self.priority,
            "channel": self.channel,
            "address": str(self.address),
            "lang": self.lang,
            "created_at": iso(self.created_at),
            "first_response_due": _iso(self.first_response_due),
            "next_update_due": _iso(self.next_update_due),
            "fields": dict(self.fields),
            "summary": self.summary,
            "events": [e.to_json() for e in self.events],
            "attachments": [a.to_json() for a in self.attachments],
            "conversation_id": self.conversation_id,
            "assessment": dict(self.assessment),
            "needs_review": self.needs_review,
            "human_requested": self.human_requested,
            "linked_to": self.linked_to,
            "updated_at": _iso(self.updated_at),
            "csat": self.csat.to_json() if self.csat is not None else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Ticket:
        csat = data.get("csat")
        return cls(
            number=int(data["number"]),
            status=TicketStatus(data["status"]),
            priority=data["priority"],
            channel=data["channel"],
            address=Address.parse(data["address"]),
            lang=data.get("lang", "en"),
            created_at=datetime.fromisoformat(data["created_at"]),
            first_response_due=_dt(data.get("first_response_due")),
            next_update_due=_dt(data.get("next_update_due")),
            fields=dict(data.get("fields", {})),
            summary=data.get("summary", ""),
            events=tuple(TicketEvent.from_json(e) for e in data.get("events", ())),
            attachments=tuple(Attachment.from_json(a) for a in data.get("attachments", ())),
            conversation_id=data.get("conversation_id", ""),
            assessment=dict(data.get("assessment", {})),
            needs_review=bool(data.get("needs_review", False)),
            human_requested=bool(data.get("human_requested", False)),
            linked_to=data.get("linked_to"),
            updated_at=_dt(data.get("updated_at")),
            csat=Csat.from_json(csat) if csat else None,
        )


class Mode(enum.StrEnum):
    """Who owns the conversation right now: exactly one at a time."""

    BOT = "bot"
    AGENT = "agent"
    CLOSED = "closed"


@quick_init
@dataclass(frozen=True, slots=True)
class Conversation:
    """The dialogue's memory for one customer thread, restored from the store each turn."""

    id: str
    address: Address
    state: str = "new"
    lang: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    pending: str = ""  # the field (or question) the bot asked last
    skipped: tuple[str, ...] = ()
    ticket_number: int | None = None
    mode: Mode = Mode.BOT
    # classifier output kept between turns (the scope question resolves it)
    assessment: dict[str, Any] = field(default_factory=dict)
    attachments: tuple[Attachment, ...] = ()
    version: int = 0
    turns: int = 0
    created_at: datetime | None = None
    updated_at: datetime | None = None
    # turns in the current one-minute window (bot.engine.pacing)
    burst_start: datetime | None = None
    burst_turns: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "address": str(self.address),
            "state": self.state,
            "lang": self.lang,
            "fields": dict(self.fields),
            "pending": self.pending,
            "skipped": list(self.skipped),
            "ticket_number": self.ticket_number,
            "mode": self.mode._value_,
            "assessment": dict(self.assessment),
            "attachments": [a.to_json() for a in self.attachments],
            "version": self.version,
            "turns": self.turns,
            "created_at": _iso(self.created_at),
            "updated_at": _iso(self.updated_at),
            "burst_start": _iso(self.burst_start),
            "burst_turns": self.burst_turns,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Conversation:
        return cls(
            id=data["id"],
            address=Address.parse(data["address"]),
            state=data.get("state", "new"),
            lang=data.get("lang", ""),
            fields=dict(data.get("fields", {})),
            pending=data.get("pending", ""),
            skipped=tuple(data.get("skipped", ())),
            ticket_number=data.get("ticket_number"),
            mode=Mode(data.get("mode", "bot")),
            assessment=dict(data.get("assessment", {})),
            attachments=tuple(Attachment.from_json(a) for a in data.get("attachments", ())),
            version=int(data.get("version", 0)),
            turns=int(data.get("turns", 0)),
            created_at=_dt(data.get("created_at")),
            updated_at=_dt(data.get("updated_at")),
            burst_start=_dt(data.get("burst_start")),
            burst_turns=int(data.get("burst_turns", 0)),
        )


def _iso(value: datetime | None) -> str | None:
    return iso(value) if value is not None else None


# A turn writes its one instant a dozen times (the conversation's and the ticket's JSON:
# created, updated, each event; the store's rows): the text of a recent datetime is kept
# by the object's identity. Datetimes are immutable. (`isoformat`: orjson's spelling.)
iso: Final = recent_by_identity(isoformat, size=1024)


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
