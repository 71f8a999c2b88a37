"""The plan's update promise for a master incident (CallTower P1G: "updates every hour"):
a timer per open incident, due one update interval (the master priority's `update_every`,
on its calendar) after the last update, or after the opening. Every update sets it again;
resolving cancels it. The agent desk (handoff) reminds staff when it fires."""

from __future__ import annotations

from typing import Final

from bot.plan.policy import Policy
from bot.store.protocol import Timer
from domain.incident import Incident

KIND: Final = "incident_update_due"


def reminder_key(incident_id: int) -> str:
    return f"incident:{incident_id}:update_due"


def reminder_timer(policy: Policy, incident: Incident) -> Timer | None:
    """When the next update is owed, or None (resolved, or the priority promises none)."""
    if not incident.is_open or incident.priority not in policy.priority_by_id:
        return None
    last = incident.latest.at if incident.latest is not None else incident.created_at
    due = policy.due(incident.priority, "update_every", last)
    if due is None:
        return None
    return Timer(
        key=reminder_key(incident.id), due=due, kind=KIND, payload={"incident": str(incident.id)}
    )
