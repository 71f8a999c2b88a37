"""The plan's update promise for a master incident (CallTower P1G: "updates every hour"):
a timer per open incident, due one update interval (the master priority's `update_every`,
on its calendar) after the last update, or after the opening. Every update sets it again;
resolving cancels it.

When it falls due with no newer update (`UpdateDue`), each interval until an update or the
resolution: the agent desk's hooks remind staff (Slack: the queue, the master's owner
mentioned), and when the priority's `auto_update` is on the bot tells every child and every
subscriber (the incident's and its platform's) "we are still working on it, next update by
HH:MM" through the fan-out (a background job,
`bot.incidents.jobs`). With neither, the timer is dropped."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING, Final, Protocol

from bot.plan.policy import Policy
from bot.store.protocol import Incidents, Timer, TurnCommit, Turns
from domain.incident import Incident

if TYPE_CHECKING:
    from bot.incidents.jobs import FanoutJobs

log = logging.getLogger("supportbot.incidents")

KIND: Final = "incident_update_due"

# told when an open incident went its interval without an update (the Slack reminder)
UpdateOwed = Callable[[Incident], Awaitable[None]]


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


class ReminderStore(Incidents, Turns, Protocol):
    pass


class UpdateDue:
    def __init__(
        self,
        *,
        store: ReminderStore,
        policy: Policy,
        clock: Callable[[], datetime],
        jobs: FanoutJobs,
    ) -> None:
        self.store = store
        self.policy = policy
        self.clock = clock
        self.jobs = jobs
        self.hooks: list[UpdateOwed] = []

    def add_hook(self, hook: UpdateOwed) -> None:
        self.hooks.append(hook)

    def auto_update(self, incident: Incident) -> bool:
        level = self.policy.priority_by_id.get(incident.priority)
        return level is not None and level.auto_update

    async def on_timer(self, timer: Timer) -> None:
        incident = await self.store.get_incident(int(timer.payload.get("incident", "0")))
        if incident is None:
            return
        again = reminder_timer(self.policy, incident)
        if again is None:
            return  # resolved meanwhile
        now = self.clock()
        if again.due > now:  # an update came in since this timer was set
            await self.store.commit(TurnCommit(at=now, timers=(again,)))
            return
        auto = self.auto_update(incident)
        if not self.hooks and not auto:
            return  # nobody to remind, nothing to send: dropped
        due = self.policy.due(incident.priority, "update_every", now)
        if due is not None:  # the next interval: set before acting, so a crash repeats nothing
            rearm = Timer(key=reminder_key(incident.id), due=due, kind=KIND, payload=timer.payload)
            await self.store.commit(TurnCommit(at=now, timers=(rearm,)))
        if auto and due is not None:
            # the children and subscribers hear it; the incident's own updates are staff's (the status page
            # and the reminder's "no update since" stay theirs)
            await self.jobs.still_working(incident.id, at=now, next_by=due)
        for hook in self.hooks:
            await hook(incident)
        log.info("incident update owed", extra={"incident": incident.id, "auto": auto})
