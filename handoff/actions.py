"""What agents do to tickets, applied like a customer turn: under the conversation's
lock, from freshly loaded state, in one atomic commit (ticket, conversation mode,
outbox, timers, transcript, owner flag and the desk event's dedup key).

One owner at a time: a claim puts the conversation in agent mode (the dialogue
then stays out of the way); resolve and duplicate close it; a reply to a closed
conversation, or to a ticket another agent owns, is refused with a reason the
desk shows to the agent, never sent to the customer.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from typing import Final
from zoneinfo import ZoneInfo

from babel.dates import format_date

from bot.engine.lifecycle import no_response_timer
from bot.engine.sla_timers import first_response_timers, update_timer_changes
from bot.plan.policy import Policy
from bot.plan.sla import next_update_due
from bot.store.protocol import (
    DuplicateTurn,
    OutboxItem,
    Store,
    Timer,
    TranscriptLine,
    TurnCommit,
    VersionConflict,
)
from domain.types import (
    DEFAULT_LIMITS,
    ChannelLimits,
    Conversation,
    Mode,
    Outbound,
    Ticket,
    TicketEvent,
    TicketStatus,
)
from flows.catalog import messages as catalog
from handoff.desk import Agent, owner_key

log = logging.getLogger("supportbot.agents")

MAX_ATTEMPTS: Final = 5


@dataclass(frozen=True, slots=True)
class ActionResult:
    ok: bool
    message: str  # for the agent: what happened, or why nothing did
    ticket: Ticket | None = None
    owner: Agent | None = None
    duplicate: bool = False  # the desk delivered this event before (a retry)
    claimed: bool = False  # this action claimed the ticket (post the transcript)


@dataclass(slots=True)
class _Change:
    """What one action does, gathered for one commit."""

    ticket: Ticket
    conversation: Conversation | None = None
    say: list[tuple[str, dict[str, object]]] = field(default_factory=list)  # catalog key, params
    agent_text: str = ""
    timers: list[Timer] = field(default_factory=list)
    cancel: list[str] = field(default_factory=list)
    owner: Agent | None = None
    clear_owner: bool = False
    message: str = ""
    claimed: bool = False


class Refused(Exception):
    """The action cannot apply; the message is for the agent."""


def sla_timer_keys(number: int) -> list[str]:
    return [f"sla:{number}:first_response", f"sla:{number}:first_response_warn"]


class AgentActions:
    def __init__(
        self,
        *,
        store: Store,
        policy: Policy,
        clock: Callable[[], datetime],
        kick: Callable[[], None] | None = None,
        limits: Mapping[str, ChannelLimits] | None = None,
    ) -> None:
        self.store = store
        self.policy = policy
        self.clock = clock
        self.kick = kick
        self.limits = dict(DEFAULT_LIMITS) | dict(limits or {})
        self.tz = ZoneInfo(policy.plan.timezone)

    # -- the actions ----------------------------------------------------------------------

    async def claim(
        self, number: int, agent: Agent, *, dedup_key: str | None = None
    ) -> ActionResult:
        return await self._act(
            number, agent, lambda t, c, o, now: self._claim(t, c, o, agent, now), dedup_key
        )

    async def reply(
        self, number: int, agent: Agent, text: str, *, dedup_key: str | None = None
    ) -> ActionResult:
        def apply(t: Ticket, c: Conversation | None, owner: Agent | None, now: datetime) -> _Change:
            if not text.strip():
                raise Refused("Nothing to send.")
            change = (
                self._claim(t, c, owner, agent, now)
                if owner is None
                else self._owned(t, c, owner, agent)
            )
            change.say.append(
                ("agent.signed", {"text": text, "agent": agent.first_name or agent.name})
            )
            change.agent_text = text
            ticket = change.ticket.with_event(TicketEvent(now, "agent_reply", text, by=agent.tag))
            # the update clock restarts; a question pauses it until the customer answers
            change.ticket = replace(
                ticket, next_update_due=next_update_due(self.policy, ticket, now)
            )
            change.message = change.message or f"Sent to the customer on {t.address.channel}."
            change.timers.extend(_no_response(self.policy, change.ticket))
            return change

        return await self._act(number, agent, apply, dedup_key)

    async def note(
        self, number: int, agent: Agent, text: str, *, dedup_key: str | None = None
    ) -> ActionResult:
        def apply(t: Ticket, c: Conversation | None, owner: Agent | None, now: datetime) -> _Change:
            return _Change(
                ticket=t.with_event(TicketEvent(now, "note", text, by=agent.tag)),
                message="Internal note saved; the customer does not see it.",
            )

        return await self._act(number, agent, apply, dedup_key)

    async def resolve(
        self, number: int, agent: Agent, *, dedup_key: str | None = None
    ) -> ActionResult:
        def apply(t: Ticket, c: Conversation | None, owner: Agent | None, now: datetime) -> _Change:
            self._open_or_refuse(t)
            if t.status is TicketStatus.RESOLVED_PENDING:
                raise Refused(
                    f"Ticket #{t.number} is already resolved and waiting for the customer."
                )
            ticket = replace(t, status=TicketStatus.RESOLVED_PENDING, next_update_due=None)
            change = _Change(
                ticket=ticket.with_event(TicketEvent(now, "resolved", by=agent.tag)),
                cancel=sla_timer_keys(t.number),
                clear_owner=True,
                message=f"Ticket #{t.number} resolved; the customer was asked to confirm.",
            )
            change.timers.extend(_no_response(self.policy, change.ticket))
            if c is not None and c.ticket_number == t.number:
                change.conversation = replace(c, mode=Mode.CLOSED, state="closed", pending="")
                change.say.append(
                    (
                        "agent.resolved",
                        {"agent": agent.first_name or agent.name, "ticket": t.number},
                    )
                )
            return change

        return await self._act(number, agent, apply, dedup_key)

    async def set_priority(
        self, number: int, agent: Agent, pid: str, *, dedup_key: str | None = None
    ) -> ActionResult:
        def apply(t: Ticket, c: Conversation | None, owner: Agent | None, now: datetime) -> _Change:
            self._open_or_refuse(t)
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
            change = _Change(
                ticket=ticket,
                message=f"Ticket #{t.number} is now {level.id}; SLA clocks recomputed.",
            )
            if not answered:
                change.cancel = sla_timer_keys(t.number)
                change.timers = first_response_timers(self.policy, ticket)
            change.say.append(
                ("agent.priority", {"ticket": t.number, "priority": level.name.get(t.lang)})
            )
            return change

        return await self._act(number, agent, apply, dedup_key)

    async def hold(
        self, number: int, agent: Agent, until: date, *, dedup_key: str | None = None
    ) -> ActionResult:
        def apply(t: Ticket, c: Conversation | None, owner: Agent | None, now: datetime) -> _Change:
            self._open_or_refuse(t)
            if refusal := self.hold_refusal(until, now):
                raise Refused(refusal)
            resume = datetime.combine(until, time(0, 0), tzinfo=self.tz)
            ticket = replace(t, status=TicketStatus.ON_HOLD, next_update_due=None)
            ticket = ticket.with_event(TicketEvent(now, "on_hold", until.isoformat(), by=agent.tag))
            shown = format_date(until, format="long", locale="es" if t.lang == "es" else "en_US")
            return _Change(
                ticket=ticket,
                cancel=sla_timer_keys(t.number),
                timers=[
                    Timer(f"hold:{t.number}", resume, "ticket_hold_end", {"ticket": str(t.number)})
                ],
                say=[("agent.on_hold", {"ticket": t.number, "until": shown})],
                message=f"Ticket #{t.number} is on hold until {until.isoformat()}.",
            )

        return await self._act(number, agent, apply, dedup_key)

    async def end_hold(self, number: int) -> ActionResult:
        def apply(t: Ticket, c: Conversation | None, owner: Agent | None, now: datetime) -> _Change:
            if t.status is not TicketStatus.ON_HOLD:
                raise Refused(f"Ticket #{t.number} is not on hold.")
            ticket = replace(
                t,
                status=TicketStatus.IN_PROGRESS,
                next_update_due=self.policy.due(
                    t.priority, "update_every", now, category=t.fields.get("category")
                ),
            )
            return _Change(
                ticket=ticket.with_event(TicketEvent(now, "hold_ended", by="system")),
                message=f"Ticket #{t.number} is back from hold.",
            )

        return await self._act(number, None, apply, None)

    async def duplicate(
        self, number: int, agent: Agent, of: int, *, dedup_key: str | None = None
    ) -> ActionResult:
        if refusal := await self.duplicate_refusal(number, of):
            return ActionResult(False, refusal)

        def apply(t: Ticket, c: Conversation | None, owner: Agent | None, now: datetime) -> _Change:
            self._open_or_refuse(t)
            ticket = replace(t, status=TicketStatus.DUPLICATE, linked_to=of, next_update_due=None)
            change = _Change(
                ticket=ticket.with_event(TicketEvent(now, "duplicate", f"of #{of}", by=agent.tag)),
                cancel=sla_timer_keys(t.number),
                clear_owner=True,
                message=f"Ticket #{t.number} closed as a duplicate of #{of}.",
            )
            if c is not None and c.ticket_number == t.number:
                change.conversation = replace(c, mode=Mode.CLOSED, state="closed", pending="")
                change.say.append(("agent.duplicate", {"ticket": t.number, "other": of}))
            return change

        return await self._act(number, agent, apply, dedup_key)

    async def escalate(
        self, number: int, agent: Agent, *, dedup_key: str | None = None
    ) -> ActionResult:
        def apply(t: Ticket, c: Conversation | None, owner: Agent | None, now: datetime) -> _Change:
            self._open_or_refuse(t)
            levels = sorted(self.policy.escalation.levels, key=lambda lv: lv.level)
            done = sum(1 for e in t.events if e.kind == "escalated")
            if done >= len(levels):
                raise Refused(f"Ticket #{t.number} is already at the top of the escalation ladder.")
            level = levels[done]
            event = TicketEvent(
                now, "escalated", f"level {level.level}: {level.who.en}", by=agent.tag
            )
            return _Change(
                ticket=t.with_event(event),
                say=[("agent.escalated", {"ticket": t.number, "who": level.who.get(t.lang)})],
                message=f"Ticket #{t.number} escalated to level {level.level}: {level.who.en}.",
            )

        return await self._act(number, agent, apply, dedup_key)

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

    @staticmethod
    def _open_or_refuse(t: Ticket) -> None:
        if t.status.is_closed:
            raise Refused(f"Ticket #{t.number} is {t.status.value}; nothing was changed.")

    def _owned(self, t: Ticket, c: Conversation | None, owner: Agent, agent: Agent) -> _Change:
        """A message from `agent` on a ticket `owner` already holds."""
        self._live_or_refuse(t, c)
        if owner.id != agent.id:
            raise Refused(f"{owner.name} owns ticket #{t.number}; your message was not sent.")
        return _Change(ticket=t)

    def _live_or_refuse(self, t: Ticket, c: Conversation | None) -> None:
        if (
            t.status.is_closed
            or t.status is TicketStatus.RESOLVED_PENDING
            or c is None
            or c.mode is Mode.CLOSED
        ):
            raise Refused(
                f"The conversation on ticket #{t.number} is closed ({t.status.value}); "
                "your message was not sent to the customer."
            )
        if c.ticket_number != t.number:
            raise Refused(
                f"The customer has moved on to ticket #{c.ticket_number or 'new'}; your message was not sent."
            )

    def _claim(
        self, t: Ticket, c: Conversation | None, owner: Agent | None, agent: Agent, now: datetime
    ) -> _Change:
        self._live_or_refuse(t, c)
        assert c is not None
        if owner is not None:
            if owner.id != agent.id:
                raise Refused(f"Ticket #{t.number} is already claimed by {owner.name}.")
            return _Change(ticket=t, message=f"You already have ticket #{t.number}.")
        ticket = replace(t, status=TicketStatus.IN_PROGRESS).with_event(
            TicketEvent(now, "claimed", by=agent.tag)
        )
        if not any(e.kind == "first_response" for e in t.events):
            # the agent's hello is the first update: the update clock starts over
            ticket = ticket.with_event(TicketEvent(now, "first_response", by=agent.tag))
            ticket = replace(ticket, next_update_due=next_update_due(self.policy, ticket, now))
        return _Change(
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

    # -- the commit -------------------------------------------------------------------------

    async def _act(
        self,
        number: int,
        agent: Agent | None,
        apply: Callable[[Ticket, Conversation | None, Agent | None, datetime], _Change],
        dedup_key: str | None,
    ) -> ActionResult:
        first = await self.store.get_ticket(number)
        if first is None:
            return ActionResult(False, f"There is no ticket #{number}.")
        conv_id = first.conversation_id or str(first.address)
        for _attempt in range(MAX_ATTEMPTS):
            async with self.store.lock(conv_id):
                if dedup_key is not None and await self.store.seen(dedup_key):
                    return ActionResult(True, "", ticket=first, duplicate=True)
                ticket = await self.store.get_ticket(number) or first
                conv = await self.store.load_conversation(conv_id)
                raw_owner = await self.store.get_flag(owner_key(number))
                owner = Agent.from_json(json.loads(raw_owner)) if raw_owner else None
                now = self.clock()
                try:
                    change = apply(ticket, conv, owner, now)
                except Refused as exc:
                    return ActionResult(False, str(exc), ticket=ticket, owner=owner)
                try:
                    await self.store.commit(
                        self._commit(change, conv_id, agent, now, dedup_key, before=ticket)
                    )
                except VersionConflict:
                    continue
                except DuplicateTurn:
                    return ActionResult(True, "", ticket=ticket, duplicate=True)
            if change.say and self.kick is not None:
                self.kick()
            new_owner = change.owner or (None if change.clear_owner else owner)
            log.info(
                "agent action on ticket",
                extra={"ticket": number, "by": agent.id if agent else "system"},
            )
            return ActionResult(
                True, change.message, ticket=change.ticket, owner=new_owner, claimed=change.claimed
            )
        return ActionResult(False, f"Ticket #{number} kept changing; please try again.")

    def _commit(
        self,
        change: _Change,
        conv_id: str,
        agent: Agent | None,
        now: datetime,
        dedup_key: str | None,
        *,
        before: Ticket,
    ) -> TurnCommit:
        t = change.ticket
        timers, cancel = list(change.timers), list(change.cancel)
        if t.next_update_due != before.next_update_due or t.status != before.status:
            more, drop = update_timer_changes(self.policy, t)  # keep the update reminder in step
            timers += more
            cancel += drop
        conv = change.conversation
        if conv is not None:
            conv = replace(conv, version=conv.version + 1, updated_at=now)
        limits = self.limits.get(t.address.channel, ChannelLimits())
        lang = t.lang or self.policy.plan.default_language
        texts = [
            catalog.render(lang, key, short=limits.short, **params) for key, params in change.say
        ]
        thread = conv_id.partition("#")[2]
        outbox: tuple[OutboxItem, ...] = ()
        transcript: list[TranscriptLine] = []
        if change.agent_text and agent is not None:
            transcript.append(TranscriptLine(conv_id, now, agent.tag, change.agent_text))
        if texts:
            message = Outbound(
                address=t.address,
                text="\n\n".join(texts),
                ticket_number=t.number,
                kind="agent",
                thread=thread,
            )
            outbox = (
                OutboxItem(id=uuid.uuid4().hex, outbound=message, created_at=now, not_before=now),
            )
            if not change.agent_text:
                transcript.append(TranscriptLine(conv_id, now, "bot", message.text))
        flags: tuple[tuple[str, str | None], ...] = ()
        if change.owner is not None:
            flags = ((owner_key(t.number), json.dumps(change.owner.to_json())),)
        elif change.clear_owner:
            flags = ((owner_key(t.number), None),)
        return TurnCommit(
            at=now,
            dedup_key=dedup_key,
            conversation=conv,
            tickets=(replace(t, updated_at=now),),
            outbox=outbox,
            timers=tuple(timers),
            cancel_timers=tuple(k for k in cancel if k not in {tm.key for tm in timers}),
            transcript=tuple(transcript),
            flags=flags,
        )


def _no_response(policy: Policy, ticket: Ticket) -> list[Timer]:
    """Waiting on the customer now: the plan's no-response rule starts counting."""
    timer = no_response_timer(policy, ticket)
    return [timer] if timer is not None else []
