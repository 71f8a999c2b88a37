"""What agents do to tickets, applied like a customer turn: under the conversation's
lock, from freshly loaded state, in one atomic commit (ticket, conversation mode,
outbox, timers, transcript, owner flag and the desk event's dedup key).

One owner at a time: a claim puts the conversation in agent mode (the dialogue
then stays out of the way); resolve and duplicate close it; a reply to a closed
conversation, or to a ticket another agent owns, is refused with a reason the
desk shows to the agent, never sent to the customer.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.engine.sla_timers import first_response_timers, resolution_timers
from bot.plan import canned
from bot.plan.sla import next_update_due
from domain.types import Attachment, Conversation, Mode, Ticket, TicketEvent, TicketStatus
from handoff.action_core import ActionResult, Change, Refused, no_response, sla_timer_keys
from handoff.actions_lifecycle import LifecycleActions
from handoff.cards import Agent

__all__ = ["ActionResult", "AgentActions", "Refused"]


class AgentActions(LifecycleActions):
    """Every agent action: the conversation's (claim, reply, note, resolve, priority)
    here, the status changes in handoff/actions_lifecycle.py."""

    # -- the actions ----------------------------------------------------------------------

    async def claim(
        self, number: int, agent: Agent, *, dedup_key: str | None = None
    ) -> ActionResult:
        return await self.act(
            number, agent, lambda t, c, o, now: self._claim(t, c, o, agent, now), dedup_key
        )

    async def reply(
        self,
        number: int,
        agent: Agent,
        text: str,
        *,
        files: tuple[Attachment, ...] = (),
        dedup_key: str | None = None,
    ) -> ActionResult:
        """`files`: kept under data_dir (the desk downloaded them); they go to the customer
        with the text and join the ticket's files."""

        def apply(t: Ticket, c: Conversation | None, owner: Agent | None, now: datetime) -> Change:
            return self._reply(t, c, owner, agent, now, text, files)

        return await self.act(number, agent, apply, dedup_key)

    async def reply_canned(
        self, number: int, agent: Agent, key: str, *, dedup_key: str | None = None
    ) -> ActionResult:
        """One of the plan's `[[canned]]` replies, in the customer's language, sent as if the
        agent had typed it in the thread."""
        reply = canned.find(self.policy.canned, key)
        if reply is None:
            keys = ", ".join(f"`{r.key}`" for r in self.policy.canned) or "none"
            return ActionResult(False, f"No canned reply {key!r}; this plan has {keys}.")

        def apply(t: Ticket, c: Conversation | None, owner: Agent | None, now: datetime) -> Change:
            return self._reply(t, c, owner, agent, now, reply.text(t.lang))

        return await self.act(number, agent, apply, dedup_key)

    def _reply(
        self,
        t: Ticket,
        c: Conversation | None,
        owner: Agent | None,
        agent: Agent,
        now: datetime,
        text: str,
        files: tuple[Attachment, ...] = (),
    ) -> Change:
        if not text.strip() and not files:
            raise Refused("Nothing to send.")
        change = (
            self._claim(t, c, owner, agent, now)
            if owner is None
            else self._owned(t, c, owner, agent)
        )
        signature = agent.first_name or agent.name
        if text.strip():
            change.say.append(("agent.signed", {"text": text, "agent": signature}))
        ticket = change.ticket
        if files:
            names = ", ".join(f.name for f in files)
            key = "agent.file" if len(files) == 1 else "agent.files"
            change.say.append((key, {"agent": signature, "names": names}))
            change.files = files
            ticket = replace(ticket, attachments=(*ticket.attachments, *files))
            text = f"{text}\n[files: {names}]".strip()
        change.agent_text = text
        ticket = ticket.with_event(TicketEvent(now, "agent_reply", text, by=agent.tag))
        # the update clock restarts; a question pauses it until the customer answers
        change.ticket = replace(ticket, next_update_due=next_update_due(self.policy, ticket, now))
        change.message = change.message or f"Sent to the customer on {t.address.channel}."
        change.timers.extend(no_response(self.policy, change.ticket))
        return change

    async def reassign(
        self, number: int, agent: Agent, to: Agent, *, dedup_key: str | None = None
    ) -> ActionResult:
        """Hand the ticket to another agent: they own it (as if they had claimed it) and
        the customer hears who has it now."""

        def apply(t: Ticket, c: Conversation | None, owner: Agent | None, now: datetime) -> Change:
            if owner is not None and owner.id == to.id:
                raise Refused(f"{to.name} already has ticket #{t.number}.")
            change = self._claim(t, c, None, to, now)
            change.ticket = change.ticket.with_event(
                TicketEvent(now, "reassigned", to.tag, by=agent.tag)
            )
            change.say = [
                (
                    "agent.reassigned",
                    {
                        "agent": to.first_name or to.name,
                        "ticket": t.number,
                        "provider": self.policy.plan.provider,
                    },
                )
            ]
            change.message = f"Ticket #{t.number} is now {to.name}'s."
            return change

        return await self.act(number, agent, apply, dedup_key)

    async def note(
        self, number: int, agent: Agent, text: str, *, dedup_key: str | None = None
    ) -> ActionResult:
        def apply(t: Ticket, c: Conversation | None, owner: Agent | None, now: datetime) -> Change:
            return Change(
                ticket=t.with_event(TicketEvent(now, "note", text, by=agent.tag)),
                message="Internal note saved; the customer does not see it.",
            )

        return await self.act(number, agent, apply, dedup_key)

    async def resolve(
        self, number: int, agent: Agent, *, dedup_key: str | None = None
    ) -> ActionResult:
        def apply(t: Ticket, c: Conversation | None, owner: Agent | None, now: datetime) -> Change:
            self.open_or_refuse(t)
            if t.status is TicketStatus.RESOLVED_PENDING:
                raise Refused(
                    f"Ticket #{t.number} is already resolved and waiting for the customer."
                )
            ticket = replace(t, status=TicketStatus.RESOLVED_PENDING, next_update_due=None)
            change = Change(
                ticket=ticket.with_event(TicketEvent(now, "resolved", by=agent.tag)),
                cancel=sla_timer_keys(t.number),
                clear_owner=True,
                message=f"Ticket #{t.number} resolved; the customer was asked to confirm.",
            )
            change.timers.extend(no_response(self.policy, change.ticket))
            if c is not None and c.ticket_number == t.number:
                change.conversation = replace(c, mode=Mode.CLOSED, state="closed", pending="")
                change.say.append(
                    (
                        "agent.resolved",
                        {"agent": agent.first_name or agent.name, "ticket": t.number},
                    )
                )
            return change

        return await self.act(number, agent, apply, dedup_key)

    async def set_priority(
        self, number: int, agent: Agent, pid: str, *, dedup_key: str | None = None
    ) -> ActionResult:
        def apply(t: Ticket, c: Conversation | None, owner: Agent | None, now: datetime) -> Change:
            self.open_or_refuse(t)
            level = self.policy.priority_by_id.get(pid.upper())
            if level is None:
                known = ", ".join(p.id for p in self.policy.priorities)
                raise Refused(f"Unknown priority {pid!r}; this plan has {known}.")
            if level.id == t.priority:
                raise Refused(f"Ticket #{t.number} is already {level.id}.")
            answered = any(e.kind == "first_response" for e in t.events)
            category = t.fields.get("category")
            paused = next_update_due(self.policy, replace(t, priority=level.id), now) is None
            ticket = replace(
                t,
                priority=level.id,
                next_update_due=None
                if paused
                else self.policy.due(level.id, "update_every", now, category=category),
                first_response_due=t.first_response_due
                if answered
                else self.policy.due(level.id, "first_response", t.created_at, category=category),
            )
            ticket = ticket.with_event(
                TicketEvent(now, "priority", f"{t.priority} -> {level.id}", by=agent.tag)
            )
            change = Change(
                ticket=ticket,
                message=f"Ticket #{t.number} is now {level.id}; SLA clocks recomputed.",
            )
            if not answered:
                change.cancel = sla_timer_keys(t.number)
                change.timers = first_response_timers(self.policy, ticket)
            # the resolution target moves with the priority (a MACD made expedited)
            change.timers.extend(resolution_timers(self.policy, ticket))
            change.say.append(
                ("agent.priority", {"ticket": t.number, "priority": level.name.get(t.lang)})
            )
            return change

        return await self.act(number, agent, apply, dedup_key)

    def _owned(self, t: Ticket, c: Conversation | None, owner: Agent, agent: Agent) -> Change:
        """A message from `agent` on a ticket `owner` already holds."""
        self.live_or_refuse(t, c)
        if owner.id != agent.id:
            raise Refused(f"{owner.name} owns ticket #{t.number}; your message was not sent.")
        return Change(ticket=t)

    def _claim(
        self, t: Ticket, c: Conversation | None, owner: Agent | None, agent: Agent, now: datetime
    ) -> Change:
        self.live_or_refuse(t, c)
        assert c is not None
        if owner is not None:
            if owner.id != agent.id:
                raise Refused(f"Ticket #{t.number} is already claimed by {owner.name}.")
            return Change(ticket=t, message=f"You already have ticket #{t.number}.")
        ticket = replace(t, status=TicketStatus.IN_PROGRESS).with_event(
            TicketEvent(now, "claimed", by=agent.tag)
        )
        if not any(e.kind == "first_response" for e in t.events):
            # the agent's hello is the first update: the update clock starts over
            ticket = ticket.with_event(TicketEvent(now, "first_response", by=agent.tag))
            ticket = replace(ticket, next_update_due=next_update_due(self.policy, ticket, now))
        return Change(
            ticket=ticket,
            conversation=replace(c, mode=Mode.AGENT, state="with_agent", pending=""),
            cancel=sla_timer_keys(t.number),
            owner=agent,
            say=[
                (
                    "agent.joined",
                    {
                        "agent": agent.first_name or agent.name,
                        "ticket": t.number,
                        "provider": self.policy.plan.provider,
                    },
                )
            ],
            message=f"You have ticket #{t.number}; replies in this thread go to the customer.",
            claimed=True,
        )
