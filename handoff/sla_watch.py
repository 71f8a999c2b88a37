"""The SLA clocks as agents see them: the 80 % re-ping of an unclaimed ticket, breaches
of the first-response, update and resolution targets (recorded on the ticket once per
clock, marked on the card, posted in its thread and counted), update reminders, and the
reminder behind an off-duty callback promise. Every ticket has a card, so every breach
reaches a person; the ticket's own history is what `GET /api/tickets/{n}` shows."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING, Final

from bot.engine.breaches import record_breach
from bot.engine.sla_timers import (
    CALLBACK_KIND,
    RESOLUTION_KIND,
    UPDATE_DUE_KIND,
    UPDATE_REMINDERS_MAX,
    resolution_due,
    resolution_timers,
    update_due_timers,
)
from bot.engine.timefmt import format_duration
from bot.plan.sla import UPDATE_KINDS
from bot.store.protocol import Timer, TurnCommit, locked_ticket
from domain.types import Ticket, TicketStatus
from handoff.incident_cards import folded_key

if TYPE_CHECKING:
    from handoff.desk import Handoff

log = logging.getLogger("supportbot.desk")

CLOCK_NAMES: Final = {
    "first_response": "first-response",
    "update": "customer-update",
    "resolution": "resolution",
}


def answered(ticket: Ticket) -> bool:
    return any(e.kind == "first_response" for e in ticket.events)


class SlaWatch:
    def __init__(self, handoff: Handoff) -> None:
        self.h = handoff

    async def on_timer(self, timer: Timer) -> None:
        if timer.kind == UPDATE_DUE_KIND:
            await self.on_update_due(timer)
        elif timer.kind == RESOLUTION_KIND:
            await self.on_resolution_due(timer)
        elif timer.kind == CALLBACK_KIND:
            await self.on_callback_due(timer)
        else:
            await self.on_first_response(timer)

    async def on_first_response(self, timer: Timer) -> None:
        h = self.h
        number = int(timer.payload.get("ticket", "0"))
        ticket = await h.store.get_ticket(number)
        if ticket is None or ticket.status.is_closed or answered(ticket):
            return  # claimed, answered or closed since: nothing to chase
        if timer.kind == "sla_first_response":
            await self.breach(ticket, "first_response")
            return
        card = await h.cards.get(number)
        if card is not None and await h.cards.owner(number) is None:
            due = h.format_time(ticket.first_response_due or timer.due, "en")
            await h.desk.ping_queue(
                ticket,
                card,
                f"Ticket #{number} is still unclaimed: 80 % of its first-response time is gone (due {due}).",
            )

    async def on_resolution_due(self, timer: Timer) -> None:
        """The plan's resolution target (CallTower MACD) ran out while the work was open.
        A priority change since the timer was set moves the target: set it again."""
        h = self.h
        ticket = await h.store.get_ticket(int(timer.payload.get("ticket", "0")))
        if ticket is None or ticket.status.is_closed:
            return
        if ticket.status is TicketStatus.RESOLVED_PENDING:
            return  # the work is done; the customer only has to confirm
        due = resolution_due(h.policy, ticket)
        if due is None:
            return
        if due > h.clock():
            await h.store.commit(
                TurnCommit(at=h.clock(), timers=tuple(resolution_timers(h.policy, ticket)))
            )
            return
        await self.breach(ticket, "resolution")

    async def on_callback_due(self, timer: Timer) -> None:
        """The customer was promised a callback off duty: remind the owner (or the
        queue) when it falls due, unless an agent has answered them already."""
        h = self.h
        ticket = await h.store.get_ticket(int(timer.payload.get("ticket", "0")))
        if ticket is None or ticket.status.is_closed or answered(ticket):
            return
        card = await h.cards.get(ticket.number)
        due = ticket.callback_due
        if card is None or due is None:
            return
        text = (
            f"The customer on ticket #{ticket.number} was promised a callback by "
            f"{h.format_time(due, 'en')}; it is due now. Reply in this thread to answer them."
        )
        await h.desk.remind(ticket, card, text, owner=await h.cards.owner(ticket.number))
        log.info("callback reminder posted", extra={"ticket": ticket.number})

    async def breach(self, ticket: Ticket, clock: str) -> None:
        """Record a broken SLA clock once, count it, mark the card and tell the thread."""
        h = self.h
        fresh = await record_breach(h.store, h.metrics, ticket.number, clock, h.clock())
        if fresh is None:
            return  # recorded before: the card and the thread already say so
        card = await h.cards.add_breach(fresh.number, clock)
        if card is None and await h.store.get_flag(folded_key(fresh.number)) is not None:
            return  # a child folded under its master: recorded, counted, no card of its own
        card = card or await h.open_card(fresh)
        await h.refresh_card(fresh, card, owner=await h.cards.owner(fresh.number))
        name = CLOCK_NAMES.get(clock, clock)
        await h.desk.ping_queue(fresh, card, f"Ticket #{fresh.number} breached its {name} time.")

    async def on_update_due(self, timer: Timer) -> None:
        """The customer is owed an update: the update clock is breached, and the ticket's
        thread is reminded, again once per interval of the plan's clock (at most
        UPDATE_REMINDERS_MAX times) until an agent gives one. A timer whose clock has
        moved since it was set reminds nobody."""
        h = self.h
        number = int(timer.payload.get("ticket", "0"))
        reminder = int(timer.payload.get("reminders", "0")) + 1
        async with locked_ticket(h.store, number) as ticket:
            if ticket is None:
                return
            now = h.clock()
            current = update_due_timers(h.policy, ticket)
            if not current:
                return  # closed, paused, or no longer promised: nothing is owed
            if current[0].due > now:
                # stale: an update moved the clock; its own timer stands (set it again
                # in case this one, claimed meanwhile, was what replaced it)
                await h.store.commit(TurnCommit(at=now, timers=(current[0],)))
                return
            again = h.policy.due(
                ticket.priority, "update_every", now, category=ticket.fields.get("category")
            )
            if reminder < UPDATE_REMINDERS_MAX and again is not None:
                payload = {**current[0].payload, "reminders": str(reminder)}
                rearm = replace(current[0], due=again, payload=payload)
                await h.store.commit(TurnCommit(at=now, timers=(rearm,)))
        if reminder == 1:
            await self.breach(ticket, "update")
        card = await h.cards.get(number)
        if card is None:
            return
        text = self.update_reminder(ticket, reminder)
        await h.desk.remind(ticket, card, text, owner=await h.cards.owner(number))
        log.info("update reminder posted", extra={"ticket": number, "reminder": reminder})

    def update_reminder(self, ticket: Ticket, reminder: int) -> str:
        """The reminder's words, with the plan's interval and the last update we gave."""
        h = self.h
        category = ticket.fields.get("category")
        duration = h.policy.sla_duration(ticket.priority, "update_every", category)
        cal = h.policy.calendar(h.policy.clock_name(ticket.priority, "update_every", category))
        every = (
            format_duration(duration, "en", business_day=cal.business_day)
            if duration is not None
            else "?"
        )
        updates = [e.at for e in ticket.events if e.kind in UPDATE_KINDS and e.by != "customer"]
        last = (
            f"last customer update {h.format_time(max(updates), 'en')}"
            if updates
            else f"no update since it opened {h.format_time(ticket.created_at, 'en')}"
        )
        text = (
            f"Customer update due for #{ticket.number} ({ticket.priority}: every {every}); "
            f"{last}. Reply in this thread to update the customer."
        )
        if reminder > 1:
            text += f" (reminder {reminder} of {UPDATE_REMINDERS_MAX})"
        return text
