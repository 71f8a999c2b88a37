"""What a ticket's SLA clocks schedule (first response: a re-ping at 80 %, the breach
at 100 %; updates: a reminder when the next customer update falls due) and which
tickets must reach a person at once. Pure."""

from __future__ import annotations

from datetime import datetime
from typing import Final

from bot.plan.policy import Policy
from bot.store.protocol import Timer
from domain.types import Ticket, TicketStatus

SLA_WARN_FRACTION: Final = 0.8
UPDATE_DUE_KIND: Final = "sla_update_due"
RESOLUTION_KIND: Final = "sla_resolution"
CALLBACK_KIND: Final = "callback_due"
SLA_TIMER_KINDS: Final = (
    "sla_first_response",
    "sla_first_response_warn",
    UPDATE_DUE_KIND,
    RESOLUTION_KIND,
    CALLBACK_KIND,
)
# An overdue update is reminded when it falls due and then once per interval of the
# plan's clock (so business-time plans remind only in business time), at most this often.
UPDATE_REMINDERS_MAX: Final = 3
_PAUSED: Final = frozenset({TicketStatus.ON_HOLD, TicketStatus.RESOLVED_PENDING})


def needs_human(policy: Policy, t: Ticket) -> bool:
    """The customer asked for a person, the plan sends this priority to one at once,
    or the bot could not get an answer it needed."""
    level = policy.priority_by_id.get(t.priority)
    return t.human_requested or bool(level and level.handoff)


def first_response_timers(policy: Policy, t: Ticket) -> list[Timer]:
    """The first-response clock's timers: a re-ping at 80 % and the breach at 100 %."""
    if t.first_response_due is None:
        return []
    payload = {"ticket": str(t.number)}
    timers = [
        Timer(
            key=f"sla:{t.number}:first_response",
            due=t.first_response_due,
            kind="sla_first_response",
            payload=payload,
        )
    ]
    category = t.fields.get("category")
    duration, cal = policy.sla_target(t.priority, "first_response", category)
    if duration is not None:
        warn = cal.add(t.created_at, duration.amount * SLA_WARN_FRACTION)
        timers.append(
            Timer(
                key=f"sla:{t.number}:first_response_warn",
                due=warn,
                kind="sla_first_response_warn",
                payload=payload,
            )
        )
    return timers


def update_timer_key(number: int) -> str:
    return f"sla:{number}:update"


def update_due_timers(policy: Policy, t: Ticket, *, reminders: int = 0) -> list[Timer]:
    """The update clock's timer: due when the ticket's next customer update is; none
    while the clock is paused (no `next_update_due`, on hold, resolved) or closed."""
    due = t.next_update_due
    if due is None or t.status.is_closed or t.status in _PAUSED:
        return []
    if policy.sla_duration(t.priority, "update_every", t.fields.get("category")) is None:
        return []
    payload = {"ticket": str(t.number), "reminders": str(reminders)}
    return [Timer(key=update_timer_key(t.number), due=due, kind=UPDATE_DUE_KIND, payload=payload)]


def update_timer_changes(policy: Policy, t: Ticket) -> tuple[list[Timer], list[str]]:
    """What a commit that set or moved `t.next_update_due` does to its timer: (re)schedule
    it, or cancel it when the clock paused or the ticket closed."""
    timers = update_due_timers(policy, t)
    return timers, ([] if timers else [update_timer_key(t.number)])


def resolution_due(policy: Policy, t: Ticket) -> datetime | None:
    """When the plan wants `t` resolved (CallTower MACD: 2 business days; expedited: 1)."""
    return policy.due(t.priority, "resolution", t.created_at, category=t.fields.get("category"))


def resolution_timers(policy: Policy, t: Ticket) -> list[Timer]:
    due = resolution_due(policy, t)
    if due is None:
        return []
    payload = {"ticket": str(t.number)}
    return [Timer(key=f"sla:{t.number}:resolution", due=due, kind=RESOLUTION_KIND, payload=payload)]


def callback_timer(t: Ticket) -> list[Timer]:
    """The reminder behind an off-duty callback promise, due when the callback is."""
    due = t.callback_due
    if due is None:
        return []
    payload = {"ticket": str(t.number)}
    return [Timer(key=f"callback:{t.number}", due=due, kind=CALLBACK_KIND, payload=payload)]


def opening_timers(policy: Policy, t: Ticket) -> list[Timer]:
    """Every clock a new ticket starts: first response, updates, resolution, callback."""
    return [
        *first_response_timers(policy, t),
        *update_due_timers(policy, t),
        *resolution_timers(policy, t),
        *callback_timer(t),
    ]
