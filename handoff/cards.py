"""A ticket's card and its owner as the desk stores them (store flags): where the card
lives, what it shows beyond the ticket itself, and who has the ticket."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from bot.store.protocol import Store, TurnCommit
from domain.types import Ticket, TicketStatus


@dataclass(frozen=True, slots=True)
class Agent:
    """A person at the desk: `id` is the desk's user id, `first_name` signs replies."""

    id: str
    name: str
    first_name: str

    def to_json(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name, "first_name": self.first_name}

    @classmethod
    def from_json(cls, data: dict[str, str]) -> Agent:
        return cls(id=data["id"], name=data.get("name", ""), first_name=data.get("first_name", ""))

    @property
    def tag(self) -> str:
        return f"agent:{self.name or self.id}"


@dataclass(frozen=True, slots=True)
class AfterHours:
    """What a customer who wrote while nobody was on duty was told: when agents are
    back, and the plan's callback deadline when it makes that promise."""

    back: datetime
    callback_due: datetime | None = None

    def to_json(self) -> dict[str, str]:
        out = {"back": self.back.isoformat()}
        if self.callback_due is not None:
            out["callback_due"] = self.callback_due.isoformat()
        return out

    @classmethod
    def from_json(cls, data: dict[str, str]) -> AfterHours:
        callback = data.get("callback_due")
        return cls(
            back=datetime.fromisoformat(data["back"]),
            callback_due=datetime.fromisoformat(callback) if callback else None,
        )


@dataclass(frozen=True, slots=True)
class Card:
    """Where a ticket's card lives, and what it must keep showing. Stored, so a new
    queue channel in the config leaves the threads already open where they are."""

    channel: str
    ts: str
    breached: tuple[str, ...] = ()  # the SLA clocks this ticket broke, in order
    after_hours: AfterHours | None = None  # shown while the ticket waits for an agent
    level: int = 0  # the escalation level people were told about (0: none)
    children: int = 0  # a master ticket's linked tickets (handoff/incident_cards.py)

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "channel": self.channel,
            "ts": self.ts,
            "breached": list(self.breached),
            "level": self.level,
        }
        if self.children:
            out["children"] = self.children
        if self.after_hours is not None:
            out["after_hours"] = self.after_hours.to_json()
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Card:
        after = data.get("after_hours")
        breached = data.get("breached") or ()
        if breached is True:  # cards stored before the list: only first response was tracked
            breached = ("first_response",)
        return cls(
            channel=str(data["channel"]),
            ts=str(data["ts"]),
            breached=tuple(str(b) for b in breached),
            after_hours=AfterHours.from_json(after) if after else None,
            level=int(data.get("level") or 0),
            children=int(data.get("children") or 0),
        )

    def with_breach(self, clock: str) -> Card:
        return self if clock in self.breached else replace(self, breached=(*self.breached, clock))


def waiting_for_agent(ticket: Ticket, owner: Agent | None) -> bool:
    """Nobody has the ticket and it still waits for a first answer (as when its card was posted)."""
    return owner is None and ticket.status in (TicketStatus.NEW, TicketStatus.REOPENED)


def card_key(number: int) -> str:
    return f"desk:card:{number}"


def thread_key(channel: str, ts: str) -> str:
    return f"desk:thread:{channel}:{ts}"


def owner_key(number: int) -> str:
    return f"desk:owner:{number}"


class Cards:
    """The ticket <-> (channel, thread) mapping and the owner of each ticket, kept in store flags."""

    def __init__(self, store: Store, clock: Callable[[], datetime]) -> None:
        self.store = store
        self.clock = clock

    async def get(self, number: int) -> Card | None:
        raw = await self.store.get_flag(card_key(number))
        return Card.from_json(json.loads(raw)) if raw else None

    async def save(self, number: int, card: Card) -> None:
        await self.store.commit(
            TurnCommit(
                at=self.clock(),
                flags=(
                    (card_key(number), json.dumps(card.to_json())),
                    (thread_key(card.channel, card.ts), str(number)),
                ),
            )
        )

    async def change(self, number: int, **changes: Any) -> Card | None:
        """Change the stored card from its latest version (a breach and a claim may race)."""
        async with self.store.lock(card_key(number)):
            card = await self.get(number)
            if card is None:
                return None
            card = replace(card, **changes)
            await self.save(number, card)
            return card

    async def ticket_for_thread(self, channel: str, ts: str) -> int | None:
        raw = await self.store.get_flag(thread_key(channel, ts))
        return int(raw) if raw else None

    async def owner(self, number: int) -> Agent | None:
        raw = await self.store.get_flag(owner_key(number))
        return Agent.from_json(json.loads(raw)) if raw else None

    async def add_breach(self, number: int, clock: str) -> Card | None:
        """Mark a broken SLA clock on the stored card (from its latest version)."""
        async with self.store.lock(card_key(number)):
            card = await self.get(number)
            if card is None:
                return None
            card = card.with_breach(clock)
            await self.save(number, card)
            return card
