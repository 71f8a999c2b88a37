"""The agent desk boundary and the handoff rules around it.

`AgentDesk` is what the core needs from wherever agents work (Slack is the
implementation in `handoff/slack.py`): post a ticket card, keep it current,
mirror customer text into the card's thread, re-ping the queue, page on-call.
`Handoff` decides *when*: it listens to committed turns (a card for every ticket as
it opens, mirroring into its thread, escalations told to the level's people), to the
no-response close, and to the SLA timers (handoff/sla_watch.py). Every write to
tickets goes through the store under the conversation lock; desk I/O happens after
the commit.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Final, Protocol

from bot.engine.outcome import TurnOutcome
from bot.engine.sla_timers import (
    UPDATE_DUE_KIND,
)
from bot.metrics import Metrics
from bot.plan.policy import Policy
from bot.store.protocol import OutboxItem, Store, Timer, TurnCommit
from domain.incident import Incident
from domain.types import Attachment, Ticket, TicketEvent
from flows.dialogue.effects import (
    AddComment,
    ConfirmResolved,
    Escalate,
    RecordCsat,
    RelayToAgent,
    ReopenTicket,
    RequestHuman,
)
from handoff.cards import (
    AfterHours,
    Agent,
    Card,
    Cards,
    card_key,
    waiting_for_agent,
)
from handoff.csat_text import csat_note
from handoff.incident_cards import ChildCards
from handoff.sla_watch import SlaWatch

log = logging.getLogger("supportbot.desk")

TIMER_KINDS: Final = (
    "sla_first_response_warn",
    "sla_first_response",
    UPDATE_DUE_KIND,
    "ticket_hold_end",
)


class AgentDesk(Protocol):
    """Where agents see tickets. Customer text handed to it is raw: the desk makes it safe."""

    async def post_card(
        self, ticket: Ticket, *, after_hours: AfterHours | None, page: bool
    ) -> Card: ...

    async def update_card(self, ticket: Ticket, card: Card, *, owner: Agent | None) -> None:
        """Redraw the card, with `card.after_hours` if set (`Handoff.refresh_card` decides)."""
        ...

    async def relay_customer(
        self,
        ticket: Ticket,
        card: Card,
        text: str,
        *,
        attachments: int = 0,
        files: Sequence[Attachment] = (),
    ) -> None:
        """`files`: the message's own attachments, on `ticket` (the desk links to them)."""
        ...

    async def post_in_thread(self, card: Card, text: str) -> None: ...

    async def ping_queue(self, ticket: Ticket, card: Card, text: str) -> None: ...

    async def post_transcript(self, card: Card, lines: list[tuple[str, str]]) -> None: ...

    async def remind(self, ticket: Ticket, card: Card, text: str, *, owner: Agent | None) -> None:
        """A reminder in the ticket's thread, addressed to its owner (or the queue if none)."""
        ...

    async def notify(self, card: Card, target: str, text: str) -> str:
        """Tell `target` (the desk's id of a group, person or channel; "" for the desk's
        on-call group) about the ticket, in its thread; returns who was told ("" if nobody)."""
        ...


class Handoff:
    """A card for every ticket, mirroring into its thread, escalation notices, SLA watch."""

    def __init__(
        self,
        *,
        store: Store,
        policy: Policy,
        desk: AgentDesk,
        clock: Callable[[], datetime],
        format_time: Callable[[datetime, str], str],
        metrics: Metrics | None = None,
    ) -> None:
        self.metrics = metrics if metrics is not None else Metrics()
        self.store = store
        self.policy = policy
        self.desk = desk
        self.clock = clock
        self.format_time = format_time
        self.cards = Cards(store, clock)
        self.sla = SlaWatch(self)
        self.children = ChildCards(self)

    # -- turns ----------------------------------------------------------------------------

    async def on_turn(self, outcome: TurnOutcome) -> None:
        number = outcome.conversation.ticket_number
        for effect in outcome.effects:
            if isinstance(
                effect, RelayToAgent | AddComment | ReopenTicket | ConfirmResolved | RecordCsat
            ):
                number = effect.ticket
            elif isinstance(effect, RequestHuman) and effect.ticket is not None:
                number = effect.ticket
            elif isinstance(effect, Escalate):
                number = effect.ticket
        if number is None:
            return
        ticket = next((t for t in outcome.tickets if t.number == number), None)
        ticket = ticket or await self.store.get_ticket(number)
        if ticket is None:
            return
        card = await self.cards.get(number)
        if card is None:
            # an incident's child folds under its master's card, unless its customer wants
            # a person (then it gets its own card, where the request can be answered)
            wants_person = any(isinstance(e, RequestHuman | Escalate) for e in outcome.effects)
            if not wants_person and await self.children.fold(
                ticket, outcome.inbound.text, attachments=len(outcome.inbound.attachments)
            ):
                return
            # every ticket reaches a person: its card is posted as it opens
            if not ticket.status.is_closed:
                await self.open_card(ticket)
            return
        text = outcome.inbound.text
        if text.strip() or outcome.inbound.attachments:
            await self.desk.relay_customer(
                ticket,
                card,
                text,
                attachments=len(outcome.inbound.attachments),
                files=outcome.inbound.attachments,
            )
        rated = [e for e in outcome.effects if isinstance(e, RecordCsat)]
        if rated:
            # the customer's own words were relayed just above; this says what they were
            await self.desk.post_in_thread(card, csat_note(ticket, rated))
            card = await self.refresh_card(ticket, card, owner=await self.cards.owner(number))
        for effect in outcome.effects:
            if isinstance(effect, ReopenTicket):
                await self.desk.post_in_thread(
                    card, f"The customer reopened ticket #{number}; claim it to answer."
                )
                card = await self.refresh_card(ticket, card, owner=None)
            elif isinstance(effect, ConfirmResolved):
                # asked in this very turn: the question follows the confirmation on the ticket
                asked = ticket.events[-1].kind == "csat_asked" if ticket.events else False
                more = " They were asked how satisfied they are." if asked else ""
                await self.desk.post_in_thread(
                    card, f"The customer confirmed the fix; ticket #{number} is closed.{more}"
                )
                card = await self.refresh_card(ticket, card, owner=None)
            elif isinstance(effect, Escalate):
                # on_turn runs inside the turn's conversation lock: record without retaking it
                await self.escalated(ticket, effect.level, by="asked by the customer", held=True)
            elif isinstance(effect, RequestHuman) and await self.cards.owner(number) is None:
                await self.desk.ping_queue(
                    ticket, card, f"The customer on ticket #{number} is asking for a person."
                )

    async def on_linked(self, incident: Incident, ticket: Ticket) -> None:
        """Staff linked `ticket` to `incident` (API, `/incident link`, a Slack list)."""
        await self.children.linked(ticket, incident.id)

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

    # -- what agents must hear about ------------------------------------------------------

    async def escalated(
        self, ticket: Ticket, level_no: int, *, by: str, held: bool = False
    ) -> None:
        """A ticket went up the ladder: tell the level's people in the ticket's thread,
        mark the card with the level and record on the ticket who was told."""
        level = next((lv for lv in self.policy.escalation.levels if lv.level == level_no), None)
        if level is None:
            return
        card = await self.cards.get(ticket.number) or await self.open_card(ticket)
        text = (
            f"Ticket #{ticket.number} ({ticket.priority}) is escalated to level {level.level}: "
            f"{level.who.en} ({by})."
        )
        told = await self.desk.notify(card, level.notify, text)
        card = await self.cards.change(ticket.number, level=level.level) or card
        event = TicketEvent(
            self.clock(),
            "escalation_notified",
            f"level {level.level}: {told or 'nobody'}",
            by="system",
        )
        fresh = await self._record(ticket, event, held=held) or ticket
        await self.refresh_card(fresh, card, owner=await self.cards.owner(ticket.number))
        log.info("escalation notified", extra={"ticket": ticket.number, "level": level.level})

    async def on_closed_no_response(self, ticket: Ticket) -> None:
        """The plan's no-response rule closed a ticket: show it on the card and in its thread."""
        card = await self.cards.get(ticket.number)
        if card is None:
            return
        await self.refresh_card(ticket, card, owner=await self.cards.owner(ticket.number))
        rule = self.policy.lifecycle.close_no_response_after or "the plan's time"
        await self.desk.post_in_thread(
            card,
            f"Ticket #{ticket.number} is closed, no response: the customer did not answer "
            f"within {rule}. If they write again, a new case linked to this one opens.",
        )

    async def on_undelivered(self, item: OutboxItem, kind: str, error: str) -> None:
        """A reply will not reach the customer ("failed") or may not have ("uncertain": its
        send was interrupted and, at most once, not made again): the agents on the ticket
        hear it in its thread, with what was said, so a person can follow up."""
        number = item.outbound.ticket_number
        if number is None:
            return
        card = await self.cards.get(number)
        if card is None:
            return
        channel = item.outbound.address.channel
        if kind == "uncertain":
            head = (
                f"A reply on ticket #{number} may not have reached the customer ({channel}): "
                "the worker sending it stopped mid-send, and it was not sent again so the "
                "customer does not get it twice. If they still need it, answer in this thread."
            )
        else:
            head = f"A reply on ticket #{number} could not be delivered ({channel}): {error}"
        said = item.outbound.text.strip()
        excerpt = html.escape(said[:300] + ("…" if len(said) > 300 else ""), quote=False)
        await self.desk.post_in_thread(card, head + (f"\n> {excerpt}" if excerpt else ""))

    async def on_timer(self, timer: Timer) -> None:
        await self.sla.on_timer(timer)

    async def _record(
        self, ticket: Ticket, event: TicketEvent, *, held: bool = False
    ) -> Ticket | None:
        """Add `event` to the stored ticket, under its conversation's lock (`held`: the
        caller holds it already, as a turn listener does)."""
        if held:
            return await self._append(ticket.number, event)
        async with self.store.lock(ticket.conversation_id or str(ticket.address)):
            return await self._append(ticket.number, event)

    async def _append(self, number: int, event: TicketEvent) -> Ticket | None:
        fresh = await self.store.get_ticket(number)
        if fresh is None:
            return None
        fresh = fresh.with_event(event)
        await self.store.commit(TurnCommit(at=event.at, tickets=(fresh,)))
        return fresh
