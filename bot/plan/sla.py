"""The update clock of a ticket: it runs only while the customer is waiting on us
and pauses while we are waiting on the customer.

Pure: computed from the ticket's events and status and an explicit `now`, on the
calendar of the ticket's priority (business time for CallTower P3/P4, wall time
for P1/P2). The engine calls `next_update_due` whenever it changes a ticket; the
agent desk can call it after an agent's reply or a status change.

Event vocabulary (`TicketEvent.kind`, `TicketEvent.by`):

- **we gave an update** (the clock restarts from zero): a kind in `UPDATE_KINDS`
  by an agent, the bot or the system (``by`` is not "customer"). If its detail
  is a question (ends with "?"), we are now also waiting on the customer.
- **we wait on the customer** (the clock pauses): a kind in `WAITING_KINDS`
  (e.g. "asked_customer", "on_hold", "resolved"), by anyone. An ISO 8601 time in
  the detail of a hold ("until 2026-12-01T09:00-07:00") resumes the clock then.
- **the customer answered** (the clock resumes where it stopped): a kind in
  `ANSWER_KINDS` by the customer ("comment", "fields_changed", "reopened", ...).
- Status wins over events: a closed or duplicate ticket has no update due; one
  on hold or resolved-pending-confirmation is waiting on the customer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from bot.plan.policy import Policy
from domain.types import Ticket, TicketEvent, TicketStatus

__all__ = [
    "ANSWER_KINDS",
    "UPDATE_KINDS",
    "WAITING_KINDS",
    "UpdateClock",
    "next_update_due",
    "update_clock",
]

UPDATE_KINDS: Final = frozenset(
    {"agent_reply", "agent_message", "reply", "update", "status_update", "eta", "first_response"}
)
WAITING_KINDS: Final = frozenset(
    {
        "asked_customer",
        "waiting_on_customer",
        "on_hold",
        "hold",
        "resolved",
        "resolved_pending_confirmation",
    }
)
ANSWER_KINDS: Final = frozenset(
    {"comment", "customer_reply", "fields_changed", "reopened", "human_requested", "answered"}
)
_WAITING_STATUSES: Final = frozenset({TicketStatus.ON_HOLD, TicketStatus.RESOLVED_PENDING})
_ISO: Final = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})"
)
_ZERO: Final = timedelta(0)


@dataclass(frozen=True, slots=True)
class UpdateClock:
    """Where the update clock stands at `now`."""

    running: bool  # the customer is waiting on us
    elapsed: timedelta  # clock time used since the last update (open time on business clocks)
    next_update_due: datetime | None  # None while paused, closed, or when the plan sets no target


def _resume_at(event: TicketEvent) -> datetime | None:
    match = _ISO.search(event.detail)
    if match is None:
        return None
    try:
        return datetime.fromisoformat(match.group().replace("Z", "+00:00"))
    except ValueError:
        return None


def update_clock(policy: Policy, ticket: Ticket, now: datetime) -> UpdateClock | None:
    """The update clock of `ticket` at `now`; None when its priority promises no updates."""
    category = ticket.fields.get("category")
    duration, cal = policy.sla_target(ticket.priority, "update_every", category)
    if duration is None:
        return None
    running, since, elapsed = True, ticket.created_at, _ZERO
    resume: datetime | None = None  # a hold that ends by itself
    for event in sorted(ticket.events, key=lambda e: e.at):
        if event.at > now:
            break
        if not running and resume is not None and resume <= event.at:
            running, since, resume = True, resume, None
        from_customer = event.by == "customer"
        if event.kind in UPDATE_KINDS and not from_customer:
            elapsed, since = _ZERO, event.at
            running = not event.detail.rstrip().endswith("?")
        elif event.kind in WAITING_KINDS:
            if running:
                elapsed += cal.between(since, event.at)
                running = False
            resume = _resume_at(event)
        elif event.kind in ANSWER_KINDS and from_customer and not running:
            running, since, resume = True, event.at, None
    if not running and resume is not None and resume <= now:
        running, since = True, resume
    if ticket.status.is_closed:
        return UpdateClock(False, elapsed, None)
    if ticket.status in _WAITING_STATUSES and running and resume is None:
        elapsed += cal.between(since, now)
        return UpdateClock(False, elapsed, None)
    if not running:
        return UpdateClock(False, elapsed, None)
    remaining = max(duration.amount - elapsed, _ZERO)
    used = elapsed + cal.between(since, now) if now > since else elapsed
    return UpdateClock(True, used, cal.add(since, remaining))


def next_update_due(policy: Policy, ticket: Ticket, now: datetime) -> datetime | None:
    """When the customer is owed the next update, or None while we wait on them."""
    clock = update_clock(policy, ticket, now)
    return clock.next_update_due if clock is not None else None
