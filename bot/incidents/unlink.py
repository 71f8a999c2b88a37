"""A child whose customer says "not that" goes back to its own priority.

The dialogue unlinks the ticket (its `incident` field emptied, flows.dialogue.incident);
this engine listener, run after that turn's commit and still under the conversation's lock,
puts the ticket back on the priority its first message was read at (`own_priority`) and
its SLA clocks with it, so a case that is not the outage stops running on the master's
agent-only priority."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from bot.engine.sla_timers import first_response_timers, update_due_timers, update_timer_key
from bot.engine.turns import TurnOutcome
from bot.plan.policy import Policy
from bot.store.protocol import Tickets, TurnCommit
from domain.types import TicketEvent
from flows.dialogue.effects import UpdateFields


class ChildUnlinked:
    def __init__(self, *, store: Tickets, policy: Policy, clock: Callable[[], datetime]) -> None:
        self.store = store
        self.policy = policy
        self.clock = clock

    async def __call__(self, outcome: TurnOutcome) -> None:
        for effect in outcome.effects:
            if isinstance(effect, UpdateFields) and effect.fields.get("incident") == "":
                await self._restore(effect.ticket)

    async def _restore(self, number: int) -> None:
        t = await self.store.get_ticket(number)  # the turn's lock is still held
        if t is None:
            return
        own = t.fields.get("own_priority", "")
        if not own or own == t.priority or own not in self.policy.priority_by_id:
            return
        now = self.clock()
        category = t.fields.get("category")
        answered = any(e.kind == "first_response" for e in t.events)
        back = replace(
            t,
            priority=own,
            first_response_due=t.first_response_due
            if answered
            else self.policy.due(own, "first_response", t.created_at, category=category),
            next_update_due=self.policy.due(own, "update_every", now, category=category),
        ).with_event(
            TicketEvent(now, "priority", f"{t.priority} -> {own} (not the incident)", "bot")
        )
        timers = [*update_due_timers(self.policy, back)]
        if not answered:
            timers.extend(first_response_timers(self.policy, back))
        cancel = [
            f"sla:{number}:first_response",
            f"sla:{number}:first_response_warn",
            update_timer_key(number),
        ]
        await self.store.commit(
            TurnCommit(at=now, tickets=(back,), cancel_timers=tuple(cancel), timers=tuple(timers))
        )
