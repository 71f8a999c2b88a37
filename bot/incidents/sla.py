"""A ticket moved onto another priority by outage mode (linked to an incident: the
master's; unlinked: its own first-message one) gets that priority's SLA clocks, not only
its label: the first-response deadline from when it opened (unless answered already), the
next customer update from now, the resolution target, and their timers. The same rules
as an agent's priority change (handoff/actions.py `set_priority`)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from bot.engine.sla_timers import (
    first_response_timers,
    resolution_timers,
    update_due_timers,
    update_timer_key,
)
from bot.plan.policy import Policy
from bot.plan.sla import next_update_due
from bot.store.protocol import Timer
from domain.types import Ticket, TicketEvent


@dataclass(frozen=True, slots=True)
class Repriced:
    ticket: Ticket
    timers: tuple[Timer, ...]
    cancel: tuple[str, ...]


def reprice(
    policy: Policy, t: Ticket, priority: str, now: datetime, *, why: str, by: str = "system"
) -> Repriced:
    """`t` on `priority` with its clocks recomputed, the timers to set and those to cancel."""
    if priority == t.priority or priority not in policy.priority_by_id:
        return Repriced(t, (), ())
    answered = any(e.kind == "first_response" for e in t.events)
    category = t.fields.get("category")
    moved = replace(t, priority=priority)
    paused = next_update_due(policy, moved, now) is None
    ticket = replace(
        moved,
        first_response_due=t.first_response_due
        if answered
        else policy.due(priority, "first_response", t.created_at, category=category),
        next_update_due=None
        if paused
        else policy.due(priority, "update_every", now, category=category),
    ).with_event(TicketEvent(now, "priority", f"{t.priority} -> {priority} ({why})", by))
    number = t.number
    cancel = [update_timer_key(number)]
    timers = [*update_due_timers(policy, ticket), *resolution_timers(policy, ticket)]
    if not answered:
        cancel += [f"sla:{number}:first_response", f"sla:{number}:first_response_warn"]
        timers += first_response_timers(policy, ticket)
    return Repriced(ticket, tuple(timers), tuple(cancel))
