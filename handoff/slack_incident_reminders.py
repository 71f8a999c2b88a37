"""The incident update reminder in Slack: when an open incident has gone the plan's update
interval without an update (CallTower P1G: an hour), the queue channel hears it, the master
ticket's owner mentioned when an agent owns its card; then again each interval (the timer
is bot.incidents.reminders.UpdateDue's; this is its hook)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from bot.plan.policy import Policy
from bot.store.protocol import Store
from domain.incident import Incident
from handoff.desk import Cards
from handoff.slack_desk import SlackDesk

log = logging.getLogger("supportbot.slack")


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

    async def remind(self, incident: Incident) -> None:
        """The queue hears the incident is owed an update (bot.incidents.reminders decides
        when, and sets the next interval's timer)."""
        owner = None
        if incident.master_ticket is not None:
            owner = await self.cards.owner(incident.master_ticket)
        who = f"<@{owner.id}> " if owner is not None else ""
        level = self.policy.priority_by_id[incident.priority]
        since = incident.latest.at if incident.latest is not None else incident.created_at
        auto = " Customers were told it is still being worked on." if level.auto_update else ""
        text = (
            f"{who}Incident {incident.id} ({incident.title}, {level.id}) has had no update"
            f" since {self.desk.format_time(since)}; the plan promises one every"
            f" {level.update_every}.{auto} `/incident update {incident.id} <text>`"
        )
        await self.desk.client.chat_postMessage(channel=self.desk.queue_channel, text=text)
        log.info("incident update reminder posted", extra={"incident": incident.id})
