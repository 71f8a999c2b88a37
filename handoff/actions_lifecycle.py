"""The agent actions that move a ticket through the plan's statuses without a message of
the agent's own: hold, duplicate, escalate, unclaim, reassign, in progress, shipping,
close, reopen. Each is one commit (handoff/action_core.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Final

from babel.dates import format_date

from bot.engine import csat
from bot.engine.sla_timers import first_response_timers, resolution_timers, update_due_timers
from bot.store.protocol import Timer
from domain.types import ChannelLimits, Conversation, Mode, Ticket, TicketEvent, TicketStatus
from flows.dialogue.escalation import reachable
from handoff.action_core import ActionCore, ActionResult, Change, Refused, sla_timer_keys
from handoff.cards import Agent

_CLOSING_EVENTS: Final = frozenset(
    {"closed", "customer_confirmed", "closed_no_response", "duplicate", "resolved"}
)
_WORKABLE: Final = frozenset(
    {TicketStatus.NEW, TicketStatus.REOPENED, TicketStatus.ON_HOLD, TicketStatus.SHIPPING}
)


def closing_timer_keys(number: int) -> list[str]:
    """Every clock a closed ticket stops (the reopen ones start again)."""
    return [
        *sla_timer_keys(number),
        f"sla:{number}:resolution",
        f"callback:{number}",
        f"hold:{number}",
        f"lifecycle:{number}:no_response",
    ]


class LifecycleActions(ActionCore):
    async def hold(
        self, number: int, agent: Agent, until: date, *, dedup_key: str | None = None
    ) -> ActionResult:
        def apply(t: Ticket, c: Conversation | None, owner: Agent | None, now: datetime) -> Change:
            self.open_or_refuse(t)
            if refusal := self.hold_refusal(until, now):
                raise Refused(refusal)
            resume = datetime.combine(until, time(0, 0), tzinfo=self.tz)
            ticket = replace(t, status=TicketStatus.ON_HOLD, next_update_due=None)
            ticket = ticket.with_event(TicketEvent(now, "on_hold", until.isoformat(), by=agent.tag))
            shown = format_date(until, format="long", locale="es" if t.lang == "es" else "en_US")
            return Change(
                ticket=ticket,
                cancel=sla_timer_keys(t.number),
                timers=[
                    Timer(f"hold:{t.number}", resume, "ticket_hold_end", {"ticket": str(t.number)})
                ],
                say=[("agent.on_hold", {"ticket": t.number, "until": shown})],
                message=f"Ticket #{t.number} is on hold until {until.isoformat()}.",
            )

        return await self.act(number, agent, apply, dedup_key)

    async def end_hold(self, number: int) -> ActionResult:
        def apply(t: Ticket, c: Conversation | None, owner: Agent | None, now: datetime) -> Change:
            if t.status is not TicketStatus.ON_HOLD:
                raise Refused(f"Ticket #{t.number} is not on hold.")
            ticket = replace(
                t,
                status=TicketStatus.IN_PROGRESS,
                next_update_due=self.policy.due(
                    t.priority, "update_every", now, category=t.fields.get("category")
                ),
            )
            return Change(
                ticket=ticket.with_event(TicketEvent(now, "hold_ended", by="system")),
                message=f"Ticket #{t.number} is back from hold.",
            )

        return await self.act(number, None, apply, None)

    async def duplicate(
        self, number: int, agent: Agent, of: int, *, dedup_key: str | None = None
    ) -> ActionResult:
        if refusal := await self.duplicate_refusal(number, of):
            return ActionResult(False, refusal)

        def apply(t: Ticket, c: Conversation | None, owner: Agent | None, now: datetime) -> Change:
            self.open_or_refuse(t)
            ticket = replace(t, status=TicketStatus.DUPLICATE, linked_to=of, next_update_due=None)
            change = Change(
                ticket=ticket.with_event(TicketEvent(now, "duplicate", f"of #{of}", by=agent.tag)),
                cancel=sla_timer_keys(t.number),
                clear_owner=True,
                message=f"Ticket #{t.number} closed as a duplicate of #{of}.",
            )
            if c is not None and c.ticket_number == t.number:
                change.conversation = replace(c, mode=Mode.CLOSED, state="closed", pending="")
                change.say.append(("agent.duplicate", {"ticket": t.number, "other": of}))
            return change

        return await self.act(number, agent, apply, dedup_key)

    async def escalate(
        self, number: int, agent: Agent, *, dedup_key: str | None = None
    ) -> ActionResult:
        """Exactly one level up from where the ticket stands (an agent's call: no waiting
        for the plan's intervals, never past a level meant for higher priorities)."""

        def apply(t: Ticket, c: Conversation | None, owner: Agent | None, now: datetime) -> Change:
            self.open_or_refuse(t)
            higher = reachable(self.policy, t)
            if not higher:
                raise Refused(f"Ticket #{t.number} is already at the top of its escalation ladder.")
            level = higher[0]
            event = TicketEvent(
                now, "escalated", f"level {level.level}: {level.who.en}", by=agent.tag
            )
            return Change(
                ticket=t.with_event(event),
                say=[("agent.escalated", {"ticket": t.number, "who": level.who.get(t.lang)})],
                message=f"Ticket #{t.number} escalated to level {level.level}: {level.who.en}.",
                level=level.level,
            )

        return await self.act(number, agent, apply, dedup_key)

    async def unclaim(
        self, number: int, agent: Agent, *, dedup_key: str | None = None
    ) -> ActionResult:
        """Give the ticket back to the queue: the card shows it unclaimed again."""

        def apply(t: Ticket, c: Conversation | None, owner: Agent | None, now: datetime) -> Change:
            self.open_or_refuse(t)
            if owner is None:
                raise Refused(f"Nobody has ticket #{t.number}; there is nothing to unclaim.")
            return Change(
                ticket=t.with_event(TicketEvent(now, "unclaimed", owner.tag, by=agent.tag)),
                clear_owner=True,
                message=f"Ticket #{t.number} is back in the queue, unclaimed.",
            )

        return await self.act(number, agent, apply, dedup_key)

    async def in_progress(
        self, number: int, agent: Agent, *, dedup_key: str | None = None
    ) -> ActionResult:
        """Work (again): from new, reopened, on hold or shipping. The customer hears it."""

        def apply(t: Ticket, c: Conversation | None, owner: Agent | None, now: datetime) -> Change:
            self.open_or_refuse(t)
            if t.status not in _WORKABLE:
                raise Refused(
                    f"Ticket #{t.number} is {t.status.value}; it cannot be set in progress."
                )
            ticket = replace(t, status=TicketStatus.IN_PROGRESS)
            ticket = ticket.with_event(
                TicketEvent(now, "status_update", "in progress", by=agent.tag)
            )
            change = self._status_change(ticket, owner, agent, now)
            change.say.append(
                ("agent.in_progress", {"agent": agent.first_name or agent.name, "ticket": t.number})
            )
            change.message = f"Ticket #{t.number} is in progress."
            return change

        return await self.act(number, agent, apply, dedup_key)

    async def shipping(
        self, number: int, agent: Agent, note: str = "", *, dedup_key: str | None = None
    ) -> ActionResult:
        """Hardware is on its way; an optional tracking note goes to the customer."""

        def apply(t: Ticket, c: Conversation | None, owner: Agent | None, now: datetime) -> Change:
            self.open_or_refuse(t)
            if t.status is TicketStatus.RESOLVED_PENDING:
                raise Refused(f"Ticket #{t.number} is resolved; reopen it first.")
            detail = f"shipping: {note}" if note else "shipping"
            ticket = replace(t, status=TicketStatus.SHIPPING)
            ticket = ticket.with_event(TicketEvent(now, "status_update", detail, by=agent.tag))
            change = self._status_change(ticket, owner, agent, now)
            key = "agent.shipping_tracking" if note else "agent.shipping"
            change.say.append((key, {"ticket": t.number, "note": note}))
            change.message = f"Ticket #{t.number} is shipping" + (f" ({note})." if note else ".")
            return change

        return await self.act(number, agent, apply, dedup_key)

    def _status_change(
        self, ticket: Ticket, owner: Agent | None, agent: Agent, now: datetime
    ) -> Change:
        """A status the customer is told of: an update (the update clock restarts; the
        first response, if none yet); an agent with no owner on the ticket takes it."""
        if not any(e.kind == "first_response" for e in ticket.events):
            ticket = ticket.with_event(TicketEvent(now, "first_response", by=agent.tag))
        ticket = replace(
            ticket,
            next_update_due=self.policy.due(
                ticket.priority, "update_every", now, category=ticket.fields.get("category")
            ),
        )
        return Change(
            ticket=ticket,
            cancel=[*sla_timer_keys(ticket.number), f"hold:{ticket.number}"],
            owner=agent if owner is None else None,
        )

    async def close(
        self, number: int, agent: Agent, *, dedup_key: str | None = None
    ) -> ActionResult:
        """All work done and tested: closed (a case the customer may reopen within the
        plan's `reopen_days`). The customer, still in this ticket's conversation, is asked
        the satisfaction question when bot/engine/csat.py allows it."""
        first = await self.store.get_ticket(number)
        unreachable = await csat.unreachable(self.store, first) if first is not None else ""

        def apply(t: Ticket, c: Conversation | None, owner: Agent | None, now: datetime) -> Change:
            self.open_or_refuse(t)
            ticket = replace(t, status=TicketStatus.CLOSED, next_update_due=None)
            change = Change(
                ticket=ticket.with_event(TicketEvent(now, "closed", by=agent.tag)),
                cancel=[*closing_timer_keys(t.number)],
                clear_owner=True,
                message=f"Ticket #{t.number} is closed.",
            )
            if c is not None and c.ticket_number == t.number:
                change.conversation = replace(c, mode=Mode.CLOSED, state="closed", pending="")
                change.say.append(
                    ("agent.closed", {"agent": agent.first_name or agent.name, "ticket": t.number})
                )
                if not unreachable and not csat.refusal(self.policy, change.ticket):
                    limits = self.limits.get(t.address.channel, ChannelLimits())
                    asked = csat.ask(
                        self.policy, change.ticket, change.conversation, now=now, limits=limits
                    )
                    change.ticket = asked.ticket
                    change.conversation = asked.conversation or change.conversation
                    change.say.append(("csat.custom", {"text": asked.text}))
                    change.choices = asked.choices
                    change.message += " The customer was asked how satisfied they are."
            return change

        return await self.act(number, agent, apply, dedup_key)

    async def reopen(
        self, number: int, agent: Agent, *, dedup_key: str | None = None
    ) -> ActionResult:
        """The plan's reopen rule: a resolved case, or one closed within `reopen_days`,
        reopens; one closed longer ago, or closed for no response, stays closed and a
        new case linked to it opens (the customer is told which)."""
        first = await self.store.get_ticket(number)
        if first is None:
            return ActionResult(False, f"There is no ticket #{number}.")
        spare = None
        if self.reopens_as_new(first, self.clock()):
            spare = await self.store.next_ticket_number()

        def apply(t: Ticket, c: Conversation | None, owner: Agent | None, now: datetime) -> Change:
            if not t.status.is_closed and t.status is not TicketStatus.RESOLVED_PENDING:
                raise Refused(f"Ticket #{t.number} is {t.status.value}, not closed.")
            ours = c is not None and c.ticket_number == t.number
            if not self.reopens_as_new(t, now):
                ticket = replace(
                    t,
                    status=TicketStatus.REOPENED,
                    next_update_due=self.policy.due(
                        t.priority, "update_every", now, category=t.fields.get("category")
                    ),
                )
                change = Change(
                    ticket=ticket.with_event(TicketEvent(now, "reopened", by=agent.tag)),
                    clear_owner=True,
                    timers=resolution_timers(self.policy, ticket),
                    message=f"Ticket #{t.number} is reopened.",
                )
                if ours and c is not None:
                    change.conversation = replace(c, mode=Mode.BOT, state="ticket_open")
                change.say.append(("agent.reopened", {"ticket": t.number}))
                return change
            if spare is None:
                raise Refused(f"Ticket #{t.number} changed meanwhile; please try again.")
            new = self.linked_case(t, spare, now, by=agent.tag)
            change = Change(
                ticket=t.with_event(TicketEvent(now, "reopened_as_new", f"#{spare}", by=agent.tag)),
                opened=new,
                timers=[
                    *first_response_timers(self.policy, new),
                    *update_due_timers(self.policy, new),
                    *resolution_timers(self.policy, new),
                ],
                message=(
                    f"Ticket #{t.number} cannot be reopened ({t.status.value}, "
                    f"reopen window {self.policy.lifecycle.reopen_days} days): "
                    f"new case #{spare} opened, linked to it."
                ),
            )
            if c is not None and (ours or c.mode is Mode.CLOSED):
                change.conversation = replace(
                    c, ticket_number=spare, mode=Mode.BOT, state="ticket_open", pending=""
                )
            change.say.append(("agent.reopened_new", {"ticket": spare, "old": t.number}))
            return change

        return await self.act(number, agent, apply, dedup_key)

    def reopens_as_new(self, t: Ticket, now: datetime) -> bool:
        """Whether reopening `t` now means a new linked case instead (the plan's rule)."""
        if t.status is TicketStatus.CLOSED_NO_RESPONSE:
            return True
        if not t.status.is_closed:
            return False
        closed_at = next(
            (e.at for e in reversed(t.events) if e.kind in _CLOSING_EVENTS),
            t.updated_at or t.created_at,
        )
        return now - closed_at > timedelta(days=self.policy.lifecycle.reopen_days)

    def linked_case(self, old: Ticket, number: int, now: datetime, *, by: str) -> Ticket:
        category = old.fields.get("category")
        return Ticket(
            number=number,
            status=TicketStatus.NEW,
            priority=old.priority,
            channel=old.channel,
            address=old.address,
            lang=old.lang,
            created_at=now,
            first_response_due=self.policy.due(
                old.priority, "first_response", now, category=category
            ),
            next_update_due=self.policy.due(old.priority, "update_every", now, category=category),
            fields=dict(old.fields),
            summary=old.summary,
            events=(
                TicketEvent(now, "opened", f"priority {old.priority}", by=by),
                TicketEvent(now, "linked", f"follows ticket #{old.number}", by=by),
            ),
            conversation_id=old.conversation_id,
            linked_to=old.number,
            updated_at=now,
        )

    # -- rules ----------------------------------------------------------------------------

    def hold_refusal(self, until: date, now: datetime | None = None) -> str:
        """Why a hold until `until` is refused, or "" (a desk's form checks before closing)."""
        resume = datetime.combine(until, time(0, 0), tzinfo=self.tz)
        return "The hold date must be in the future." if resume <= (now or self.clock()) else ""

    async def duplicate_refusal(self, number: int, of: int) -> str:
        """Why `number` cannot be a duplicate of `of`, or "" (checked by the form too)."""
        if of == number:
            return f"Ticket #{number} cannot be a duplicate of itself."
        return "" if await self.store.get_ticket(of) is not None else f"There is no ticket #{of}."
