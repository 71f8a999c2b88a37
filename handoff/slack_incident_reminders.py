"""The incident update reminder in Slack: when an open incident has gone the plan's update
interval without an update (CallTower P1G: an hour), the queue channel hears it, the master
ticket's owner mentioned when an agent owns its card; then again each interval."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from bot.incidents.reminders import KIND, reminder_key, reminder_timer
from bot.plan.policy import Policy
from bot.store.protocol import Store, Timer, TurnCommit
from handoff.desk import Cards
from handoff.slack_desk import SlackDesk

log = logging.getLogger("supportbot.slack")

__all__ = ["KIND", "IncidentReminder"]


class IncidentReminder:
    def __init__(
        self,
        *,
        store: Store,
        policy: Policy,
        desk: SlackDesk,
        cards: Cards,
        clock: Callable[[], datetime],
    ) -> None:
        self.store = store
        self.policy = policy
        self.desk = desk
        self.cards = cards
        self.clock = clock

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
        owner = None
        if incident.master_ticket is not None:
            owner = await self.cards.owner(incident.master_ticket)
        who = f"<@{owner.id}> " if owner is not None else ""
        level = self.policy.priority_by_id[incident.priority]
        since = incident.latest.at if incident.latest is not None else incident.created_at
        text = (
            f"{who}Incident {incident.id} ({incident.title}, {level.id}) has had no update"
            f" since {self.desk.format_time(since)}; the plan promises one every"
            f" {level.update_every}. `/incident update {incident.id} <text>`"
        )
        await self.desk.client.chat_postMessage(channel=self.desk.queue_channel, text=text)
        due = self.policy.due(incident.priority, "update_every", now)
        if due is not None:
            await self.store.commit(
                TurnCommit(
                    at=now,
                    timers=(
                        Timer(
                            key=reminder_key(incident.id),
                            due=due,
                            kind=KIND,
                            payload=dict(timer.payload),
                        ),
                    ),
                )
            )
        log.info("incident update reminder posted", extra={"incident": incident.id})
