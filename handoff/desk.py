"""The agent desk boundary and the handoff rules around it.

`AgentDesk` is what the core needs from wherever agents work (Slack is the
implementation in `handoff/slack.py`): post a ticket card, keep it current,
mirror customer text into the card's thread, re-ping the queue, page on-call.
`Handoff` decides *when*: it listens to committed turns (cards for customers
who need a human, mirroring for tickets that have one) and to the SLA timers
(80 % re-ping, 100 % breach, a customer update falling due). Every write to tickets goes through the store
under the conversation lock; desk I/O happens after the commit.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Final, Protocol

from bot.engine.sla_timers import (
    UPDATE_DUE_KIND,
    UPDATE_REMINDERS_MAX,
    needs_human,
    update_due_timers,
)
from bot.engine.timefmt import format_duration
from bot.engine.turns import TurnOutcome
from bot.plan.policy import Policy
from bot.plan.sla import UPDATE_KINDS
from bot.store.protocol import Store, Timer, TurnCommit, locked_ticket
from domain.types import Ticket, TicketEvent, TicketStatus
from flows.dialogue.effects import (
    AddComment,
    ConfirmResolved,
    RelayToAgent,
    ReopenTicket,
    RequestHuman,
)

log = logging.getLogger("supportbot.desk")

TIMER_KINDS: Final = (
    "sla_first_response_warn",
    "sla_first_response",
    UPDATE_DUE_KIND,
    "ticket_hold_end",
)


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
    breached: bool = False
    after_hours: AfterHours | None = None  # shown while the ticket waits for an agent

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"channel": self.channel, "ts": self.ts, "breached": self.breached}
        if self.after_hours is not None:
            out["after_hours"] = self.after_hours.to_json()
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Card:
        after = data.get("after_hours")
        return cls(
            channel=str(data["channel"]),
            ts=str(data["ts"]),
            breached=bool(data.get("breached")),
            after_hours=AfterHours.from_json(after) if after else None,
        )


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


class AgentDesk(Protocol):
    """Where agents see tickets. Customer text handed to it is raw: the desk makes it safe."""

    async def post_card(
        self, ticket: Ticket, *, after_hours: AfterHours | None, page: bool
    ) -> Card: ...

    async def update_card(self, ticket: Ticket, card: Card, *, owner: Agent | None) -> None:
        """Redraw the card, with `card.after_hours` if set (`Handoff.refresh_card` decides)."""
        ...

    async def relay_customer(
        self, ticket: Ticket, card: Card, text: str, *, attachments: int = 0
    ) -> None: ...

    async def post_in_thread(self, card: Card, text: str) -> None: ...

    async def ping_queue(self, ticket: Ticket, card: Card, text: str) -> None: ...

    async def post_transcript(self, card: Card, lines: list[tuple[str, str]]) -> None: ...

    async def remind(self, ticket: Ticket, card: Card, text: str, *, owner: Agent | None) -> None:
        """A reminder in the ticket's thread, addressed to its owner (or the queue if none)."""
        ...


class Handoff:
    """Cards for customers who need a human, mirroring into the card's thread, SLA re-pings."""

    def __init__(
        self,
        *,
        store: Store,
        policy: Policy,
        desk: AgentDesk,
        clock: Callable[[], datetime],
        format_time: Callable[[datetime, str], str],
    ) -> None:
        self.store = store
        self.policy = policy
        self.desk = desk
        self.clock = clock
        self.format_time = format_time
        self.cards = Cards(store, clock)

    # -- turns ----------------------------------------------------------------------------

    async def on_turn(self, outcome: TurnOutcome) -> None:
        number = outcome.conversation.ticket_number
        for effect in outcome.effects:
            if isinstance(effect, RelayToAgent | AddComment | ReopenTicket | ConfirmResolved):
                number = effect.ticket
            elif isinstance(effect, RequestHuman) and effect.ticket is not None:
                number = effect.ticket
        if number is None:
            return
        ticket = next((t for t in outcome.tickets if t.number == number), None)
        ticket = ticket or await self.store.get_ticket(number)
        if ticket is None:
            return
        card = await self.cards.get(number)
        if card is None:
            if needs_human(self.policy, ticket) and not ticket.status.is_closed:
                await self.open_card(ticket)
            return
        text = outcome.inbound.text
        if text.strip() or outcome.inbound.attachments:
            await self.desk.relay_customer(
                ticket, card, text, attachments=len(outcome.inbound.attachments)
            )
        for effect in outcome.effects:
            if isinstance(effect, ReopenTicket):
                await self.desk.post_in_thread(
                    card, f"The customer reopened ticket #{number}; claim it to answer."
                )
                card = await self.refresh_card(ticket, card, owner=None)
            elif isinstance(effect, ConfirmResolved):
                await self.desk.post_in_thread(
                    card, f"The customer confirmed the fix; ticket #{number} is closed."
                )
                card = await self.refresh_card(ticket, card, owner=None)
            elif isinstance(effect, RequestHuman) and await self.cards.owner(number) is None:
                await self.desk.ping_queue(
                    ticket, card, f"The customer on ticket #{number} is asking for a person."
                )

    async def open_card(self, ticket: Ticket) -> Card:
        """Post the ticket's card once (two turns racing post one card)."""
        async with self.store.lock(card_key(ticket.number)):
            card = await self.cards.get(ticket.number)
            if card is not None:
                return card
            now = self.clock()
            channel = ticket.address.channel
            on_duty = self.policy.humans_on_duty(channel, now)
            level = self.policy.priority_by_id.get(ticket.priority)
            page = not on_duty and bool(level and level.page_oncall)
            after = None if on_duty else self.after_hours(channel, now)
            card = await self.desk.post_card(ticket, after_hours=after, page=page)
            card = replace(card, after_hours=after)
            await self.cards.save(ticket.number, card)
            log.info(
                "card posted", extra={"ticket": ticket.number, "channel": channel, "paged": page}
            )
            return card

    def after_hours(self, channel: str, now: datetime) -> AfterHours:
        """What the customer was just told off duty (bot/engine/announce.py says it to them)."""
        callback = self.policy.callback_due(now)
        return AfterHours(
            back=self.policy.humans_back_at(channel, now),
            callback_due=callback[1] if callback is not None else None,
        )

    async def refresh_card(self, ticket: Ticket, card: Card, *, owner: Agent | None) -> Card:
        """Redraw the card after a change. Its after-hours note stays while the ticket has
        waited for an agent ever since the card was posted: the first redraw that finds
        it claimed, on hold or closed drops the note for good (a reopen does not bring
        back what the customer was told that night)."""
        if card.after_hours is not None and not waiting_for_agent(ticket, owner):
            card = await self.cards.change(ticket.number, after_hours=None) or card
        await self.desk.update_card(ticket, card, owner=owner)
        return card

    # -- timers ---------------------------------------------------------------------------

    async def on_timer(self, timer: Timer) -> None:
        if timer.kind == UPDATE_DUE_KIND:
            await self.on_update_due(timer)
            return
        number = int(timer.payload.get("ticket", "0"))
        ticket = await self.store.get_ticket(number)
        if ticket is None or ticket.status is not TicketStatus.NEW:
            return  # claimed, answered or closed since: nothing to chase
        card = await self.cards.get(number)
        if timer.kind == "sla_first_response_warn" and card is not None:
            due = self.format_time(ticket.first_response_due or timer.due, "en")
            await self.desk.ping_queue(
                ticket,
                card,
                f"Ticket #{number} is still unclaimed: 80 % of its first-response time is gone (due {due}).",
            )
        elif timer.kind == "sla_first_response":
            await self._record(
                ticket, TicketEvent(self.clock(), "sla_breached", "first_response", by="system")
            )
            card = await self.cards.change(number, breached=True)
            if card is not None:
                await self.refresh_card(ticket, card, owner=None)
                await self.desk.ping_queue(
                    ticket, card, f"Ticket #{number} breached its first-response time."
                )

    async def on_update_due(self, timer: Timer) -> None:
        """The customer is owed an update: remind the ticket's thread, and again once per
        interval of the plan's clock (at most UPDATE_REMINDERS_MAX times) until an agent
        gives one. A timer whose clock has moved since it was set reminds nobody."""
        number = int(timer.payload.get("ticket", "0"))
        reminder = int(timer.payload.get("reminders", "0")) + 1
        async with locked_ticket(self.store, number) as ticket:
            if ticket is None:
                return
            now = self.clock()
            current = update_due_timers(self.policy, ticket)
            if not current:
                return  # closed, paused, or no longer promised: nothing is owed
            if current[0].due > now:
                # stale: an update moved the clock; its own timer stands (set it again
                # in case this one, claimed meanwhile, was what replaced it)
                await self.store.commit(TurnCommit(at=now, timers=(current[0],)))
                return
            again = self.policy.due(
                ticket.priority, "update_every", now, category=ticket.fields.get("category")
            )
            if reminder < UPDATE_REMINDERS_MAX and again is not None:
                payload = {**current[0].payload, "reminders": str(reminder)}
                rearm = replace(current[0], due=again, payload=payload)
                await self.store.commit(TurnCommit(at=now, timers=(rearm,)))
        card = await self.cards.get(number)
        if card is None:
            return  # no agent thread to remind (nobody asked for a person)
        text = self.update_reminder(ticket, reminder)
        await self.desk.remind(ticket, card, text, owner=await self.cards.owner(number))
        log.info("update reminder posted", extra={"ticket": number, "reminder": reminder})

    def update_reminder(self, ticket: Ticket, reminder: int) -> str:
        """The reminder's words, with the plan's interval and the last update we gave."""
        category = ticket.fields.get("category")
        duration = self.policy.sla_duration(ticket.priority, "update_every", category)
        cal = self.policy.calendar(
            self.policy.clock_name(ticket.priority, "update_every", category)
        )
        every = (
            format_duration(duration, "en", business_day=cal.business_day)
            if duration is not None
            else "?"
        )
        updates = [e.at for e in ticket.events if e.kind in UPDATE_KINDS and e.by != "customer"]
        last = (
            f"last customer update {self.format_time(max(updates), 'en')}"
            if updates
            else f"no update since it opened {self.format_time(ticket.created_at, 'en')}"
        )
        text = (
            f"Customer update due for #{ticket.number} ({ticket.priority}: every {every}); "
            f"{last}. Reply in this thread to update the customer."
        )
        if reminder > 1:
            text += f" (reminder {reminder} of {UPDATE_REMINDERS_MAX})"
        return text

    async def _record(self, ticket: Ticket, event: TicketEvent) -> None:
        async with self.store.lock(ticket.conversation_id or str(ticket.address)):
            fresh = await self.store.get_ticket(ticket.number)
            if fresh is not None:
                await self.store.commit(TurnCommit(at=event.at, tickets=(fresh.with_event(event),)))
