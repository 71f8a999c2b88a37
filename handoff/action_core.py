"""How an agent's action is applied: like a customer turn, under the conversation's
lock, from freshly loaded state, in one atomic commit (ticket, conversation mode,
outbox, timers, transcript, owner flag and the desk event's dedup key). Each action
is a function of (ticket, conversation, owner, now) returning a `Change`, or raising
`Refused` with the reason the desk shows to the agent."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Final
from zoneinfo import ZoneInfo

from bot.engine.lifecycle import no_response_timer
from bot.engine.sla_timers import update_timer_changes
from bot.plan.policy import Policy
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
    Attachment,
    ChannelLimits,
    Choice,
    Conversation,
    Mode,
    Outbound,
    Ticket,
    TicketStatus,
)
from flows.catalog import messages as catalog
from handoff.cards import Agent, owner_key

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
    level: int = 0  # the escalation level this action reached (tell its people)
    opened: Ticket | None = None  # a new case this action opened (a reopen too late)


@dataclass(slots=True)
class Change:
    """What one action does, gathered for one commit."""

    ticket: Ticket
    conversation: Conversation | None = None
    say: list[tuple[str, dict[str, object]]] = field(default_factory=list)  # catalog key, params
    choices: tuple[Choice, ...] = ()  # buttons under the message (the satisfaction scale)
    agent_text: str = ""
    timers: list[Timer] = field(default_factory=list)
    cancel: list[str] = field(default_factory=list)
    owner: Agent | None = None
    clear_owner: bool = False
    message: str = ""
    claimed: bool = False
    level: int = 0
    opened: Ticket | None = None  # committed with the ticket, with its own timers
    files: tuple[Attachment, ...] = ()  # an agent's files, sent with the message


class Refused(Exception):
    """The action cannot apply; the message is for the agent."""


def sla_timer_keys(number: int) -> list[str]:
    return [f"sla:{number}:first_response", f"sla:{number}:first_response_warn"]


class ActionCore:
    """The commit machinery every agent action shares (handoff/actions.py,
    handoff/actions_lifecycle.py)."""

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

    @staticmethod
    def open_or_refuse(t: Ticket) -> None:
        if t.status.is_closed:
            raise Refused(f"Ticket #{t.number} is {t.status.value}; nothing was changed.")

    def live_or_refuse(self, t: Ticket, c: Conversation | None) -> None:
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

    # -- the commit -------------------------------------------------------------------------

    async def act(
        self,
        number: int,
        agent: Agent | None,
        apply: Callable[[Ticket, Conversation | None, Agent | None, datetime], Change],
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
                True,
                change.message,
                ticket=change.ticket,
                owner=new_owner,
                claimed=change.claimed,
                level=change.level,
                opened=change.opened,
            )
        return ActionResult(False, f"Ticket #{number} kept changing; please try again.")

    def _commit(
        self,
        change: Change,
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
                choices=change.choices,
                attachments=change.files,
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
            tickets=(replace(t, updated_at=now),)
            + ((change.opened,) if change.opened is not None else ()),
            outbox=outbox,
            timers=tuple(timers),
            cancel_timers=tuple(k for k in cancel if k not in {tm.key for tm in timers}),
            transcript=tuple(transcript),
            flags=flags,
        )


def no_response(policy: Policy, ticket: Ticket) -> list[Timer]:
    """Waiting on the customer now: the plan's no-response rule starts counting."""
    timer = no_response_timer(policy, ticket)
    return [timer] if timer is not None else []
