"""SLA breaches on the ticket itself, desk or no desk: a clock that ran out is recorded
once per ticket and clock (an `sla_breached` event, which the API lists, search filters
on and webhooks announce as ticket.breached) and counted. With the Slack desk the same
record is made by handoff/sla_watch.py, which also marks the card; without one, the SLA
timers come here instead of being dropped."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from bot.engine.sla_timers import RESOLUTION_KIND, UPDATE_DUE_KIND, resolution_due
from bot.metrics import Metrics
from bot.plan.policy import Policy
from bot.store.protocol import Store, Timer, TurnCommit, locked_ticket
from domain.types import Ticket, TicketEvent, TicketStatus

log = logging.getLogger("supportbot.sla")


async def record_breach(
    store: Store, metrics: Metrics, number: int, clock: str, now: datetime
) -> Ticket | None:
    """Record that `clock` ran out on ticket `number`; the updated ticket, or None when
    it was recorded before (or the ticket is gone)."""
    async with locked_ticket(store, number) as ticket:
        if ticket is None or any(c == clock for c, _ in ticket.breaches):
            return None
        ticket = ticket.with_event(TicketEvent(now, "sla_breached", clock, by="system"))
        await store.commit(TurnCommit(at=now, tickets=(ticket,)))
    metrics.sla_breaches.labels(clock, ticket.priority).inc()
    log.info("sla breached", extra={"ticket": number, "clock": clock})
    return ticket


def breach_of(policy: Policy, timer: Timer, ticket: Ticket, now: datetime) -> str:
    """Which clock a due SLA timer says ran out on `ticket` now, or "" (answered, paused,
    closed, or moved since the timer was set)."""
    if ticket.status.is_closed:
        return ""
    if timer.kind == "sla_first_response":
        answered = any(e.kind == "first_response" for e in ticket.events)
        return "" if answered else "first_response"
    if timer.kind == UPDATE_DUE_KIND:
        due = ticket.next_update_due
        paused = ticket.status in (TicketStatus.ON_HOLD, TicketStatus.RESOLVED_PENDING)
        return "update" if due is not None and due <= now and not paused else ""
    if timer.kind == RESOLUTION_KIND:
        due = resolution_due(policy, ticket)
        done = ticket.status is TicketStatus.RESOLVED_PENDING
        return "resolution" if due is not None and due <= now and not done else ""
    return ""


class BreachRecorder:
    """The SLA timers' handler when no agent desk runs: record, count, nothing to ping."""

    def __init__(
        self, *, store: Store, policy: Policy, clock: Callable[[], datetime], metrics: Metrics
    ) -> None:
        self.store = store
        self.policy = policy
        self.clock = clock
        self.metrics = metrics

    async def on_timer(self, timer: Timer) -> None:
        number = int(timer.payload.get("ticket", "0"))
        ticket = await self.store.get_ticket(number)
        now = self.clock()
        which = breach_of(self.policy, timer, ticket, now) if ticket is not None else ""
        if which:
            await record_breach(self.store, self.metrics, number, which, now)
