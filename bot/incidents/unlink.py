"""A child whose customer says "not that" goes back to its own priority.

The dialogue unlinks the ticket (its `incident` field emptied, flows.dialogue.incident);
this engine listener, run after that turn's commit and still under the conversation's lock,
puts the ticket back on the priority its first message was read at (`own_priority`) and
its SLA clocks with it, so a case that is not the outage stops running on the master's
agent-only priority; and takes it off the incident's children (the count on the master's
card and the API's `children`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from bot.engine.outcome import TurnOutcome
from bot.engine.readings import settle
from bot.incidents.sla import reprice
from bot.plan.policy import Policy
from bot.store.protocol import Tickets, TurnCommit
from domain.types import Ticket
from flows.dialogue.effects import UpdateFields


class ChildUnlinked:
    def __init__(
        self,
        *,
        store: Tickets,
        policy: Policy,
        clock: Callable[[], datetime],
        left: Callable[[int, Ticket], Awaitable[None]] | None = None,
    ) -> None:
        self.store = store
        self.policy = policy
        self.clock = clock
        # the ticket leaves the incident's children (bot.incidents.desk.IncidentDesk.child_left)
        self.left = left

    def needs_lock(self, effects: tuple[object, ...]) -> bool:
        """The turn's lock is kept past its commit only for a turn that left an incident."""
        return any(_left(e) for e in effects)

    async def __call__(self, outcome: TurnOutcome) -> None:
        for effect in outcome.effects:
            if isinstance(effect, UpdateFields) and _left(effect):
                await self._restore(effect.ticket, effect.fields.get("incident_left", ""))

    async def _restore(self, number: int, left: str) -> None:
        t = await self.store.get_ticket(number)  # the turn's lock is still held
        if t is None:
            return
        if left.isdigit() and self.left is not None:
            await self.left(int(left), t)
        now = self.clock()
        read = settle(self.policy, t, now)  # a storm-path child: its own priority read now
        own = read.fields.get("own_priority", "")
        if not own or own == t.priority or own not in self.policy.priority_by_id:
            if read is not t:
                await self.store.commit(TurnCommit(at=now, tickets=(read,)))
            return
        moved = reprice(self.policy, read, own, now, why="not the incident", by="bot")
        await self.store.commit(
            TurnCommit(
                at=now,
                tickets=(moved.ticket,),
                cancel_timers=moved.cancel,
                timers=moved.timers,
            )
        )


def _left(effect: object) -> bool:
    return isinstance(effect, UpdateFields) and effect.fields.get("incident") == ""
