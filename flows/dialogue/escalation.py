"""A customer's request to escalate: which level of the plan's ladder comes next
and whether its interval has passed (AT&T: "escalations to higher levels should
only be requested when ... the interval for your issue from the time you
reported it is longer than noted for each level"). Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from domain.plan import EscalationLevelSpec, SupportPlan
from domain.types import Ticket

_LEVEL: Final = re.compile(r"\blevel (\d+)\b")


@dataclass(frozen=True, slots=True)
class EscalationStep:
    level: EscalationLevelSpec | None  # the next level; None when the ticket is at the top
    available_at: datetime | None  # when that level may be asked for (None: now)
    allowed: bool


def current_level(policy: SupportPlan, ticket: Ticket) -> int:
    """The level the ticket stands at: the highest one it was escalated to, else the first."""
    levels = [lv.level for lv in policy.escalation.levels]
    reached = [
        int(m.group(1))
        for e in ticket.events
        if e.kind == "escalated"
        if (m := _LEVEL.search(e.detail))
    ]
    return max(reached) if reached else min(levels, default=0)


def meant_for(level: EscalationLevelSpec, priority: str) -> bool:
    return not level.priorities or priority in level.priorities


def reachable(policy: SupportPlan, ticket: Ticket) -> list[EscalationLevelSpec]:
    """The levels above the ticket's current one it may still reach, in order: never past
    a level meant only for higher priorities (CallTower's CEO is not for a P4)."""
    level_now = current_level(policy, ticket)
    higher = sorted(
        (lv for lv in policy.escalation.levels if lv.level > level_now), key=lambda lv: lv.level
    )
    out = []
    for lv in higher:
        if not meant_for(lv, ticket.priority):
            break
        out.append(lv)
    return out


def overdue_since(ticket: Ticket) -> datetime | None:
    """When the first response or the next update we owe this ticket fell (or falls) due."""
    dues = [ticket.next_update_due] if ticket.next_update_due is not None else []
    answered = any(e.kind == "first_response" for e in ticket.events)
    if ticket.first_response_due is not None and not answered:
        dues.append(ticket.first_response_due)
    return min(dues, default=None)


def next_step(policy: SupportPlan, ticket: Ticket, now: datetime) -> EscalationStep:
    """One level up. A ladder with intervals for this priority (AT&T) allows a level once
    its interval has passed; a ladder without (CallTower's contacts) allows the next level
    only while a first response or an update is overdue."""
    higher = reachable(policy, ticket)
    if not higher:
        return EscalationStep(level=None, available_at=None, allowed=False)
    target = higher[0]
    times = {
        lv.level: due for lv, due in policy.escalation_times(ticket.priority, ticket.created_at)
    }
    if not times:
        late = overdue_since(ticket)
        return EscalationStep(
            level=target, available_at=late, allowed=late is not None and late <= now
        )
    due = times.get(target.level)
    return EscalationStep(level=target, available_at=due, allowed=due is None or due <= now)
