"""What a ticket's first-response clock schedules (a re-ping at 80 %, the breach at
100 %) and which tickets must reach a person at once. Pure."""

from __future__ import annotations

from typing import Final

from bot.policy import Policy
from bot.store import Timer
from bot.types import Ticket

SLA_WARN_FRACTION: Final = 0.8
SLA_TIMER_KINDS: Final = ("sla_first_response", "sla_first_response_warn")


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
    duration = policy.sla_duration(t.priority, "first_response", category)
    if duration is not None:
        cal = policy.calendar(policy.clock_name(t.priority, "first_response", category))
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
