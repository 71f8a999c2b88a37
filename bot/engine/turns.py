"""One turn, end to end: dedup, lock, load, step, apply, one atomic commit.

A message is acknowledged to its provider only after `handle()` returns, and
`handle()` returns only after the commit, so an accepted message is never
lost; replies go to the outbox in the same commit (inline channels get them
back from `handle()` too, already marked as delivered inline).
"""

from __future__ import annotations

import itertools
import logging
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final
from zoneinfo import ZoneInfo

from bot.engine import csat
from bot.engine.announce import TicketNotices
from bot.engine.inbound import RunningWindows, bound_message, known_facts, no_windows
from bot.engine.opening import Opening, OpeningCheck, new_ticket, queued, run_checks
from bot.engine.outcome import EffectGate, TurnListener, TurnOutcome, TurnResult
from bot.engine.pacing import Pace, count_turn, counted
from bot.engine.readings import reading_timer
from bot.engine.replay import stored_replies
from bot.engine.sla_timers import needs_human, opening_timers, update_timer_changes
from bot.engine.timefmt import format_local
from bot.logs import ref
from bot.metrics import Metrics
from bot.plan.policy import Policy
from bot.plan.sla import next_update_due
from bot.store.conversations import commit_turn, locked_turn
from bot.store.protocol import (
    DuplicateTurn,
    OutboxItem,
    OutboxStatus,
    Store,
    Timer,
    TranscriptLine,
    TurnCommit,
    TurnStart,
    VersionConflict,
)
from domain.evolve import evolve
from domain.types import (
    DEFAULT_LIMITS,
    ChannelLimits,
    Choice,
    Conversation,
    Inbound,
    Mode,
    Outbound,
    Ticket,
    TicketEvent,
    TicketStatus,
)
from flows.catalog import messages as catalog
from flows.dialogue.effects import (
    AddComment,
    AskCsat,
    ConfirmResolved,
    Escalate,
    OpenTicket,
    RecordCsat,
    RelayToAgent,
    ReopenTicket,
    RequestHuman,
    Say,
    UpdateFields,
)
from flows.dialogue.machine import StepResult, TurnContext, render_say, step

log = logging.getLogger("supportbot.engine")

MAX_COMMIT_ATTEMPTS: Final = 5
NO_LIMITS: Final = ChannelLimits()  # a channel without limits of its own (one, not one a turn)
# Outbox ids: one random prefix per process and a counter. uuid4() per message
# reads the kernel's random source each time, which costs more than the turn.
_ID_PREFIX: Final = os.urandom(6).hex()
_ID_COUNTER = itertools.count(1)


def new_id() -> str:
    return f"{_ID_PREFIX}{next(_ID_COUNTER):010x}"


def utcnow() -> datetime:
    return datetime.now(UTC)


StepFn = Callable[[Conversation, str, TurnContext], StepResult]


@dataclass(slots=True)
class _Applied:
    """What applying a step's effects produced, gathered for one commit."""

    conversation: Conversation
    # changes to `conversation` not made yet: the turn makes them with its own (version,
    # updated_at) in one copy; `current()` makes them for an effect that reads it
    changes: dict[str, Any] = field(default_factory=dict)
    tickets: dict[int, Ticket] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)
    choices: tuple[Choice, ...] = ()
    timers: list[Timer] = field(default_factory=list)
    cancel_timers: list[str] = field(default_factory=list)
    opened: Ticket | None = None
    openings: list[Opening] = field(default_factory=list)  # what the opening checks added
    rated: list[Ticket] = field(default_factory=list)  # satisfaction scores received

    def current(self) -> Conversation:
        """The conversation with the changes so far."""
        if self.changes:
            self.conversation = evolve(self.conversation, **self.changes)
            self.changes = {}
        return self.conversation


class Engine:
    def __init__(
        self,
        *,
        store: Store,
        policy: Policy,
        clock: Callable[[], datetime] = utcnow,
        limits: Mapping[str, ChannelLimits] | None = None,
        max_message_chars: int = 5000,
        turns_per_minute: int = 0,
        on_commit: Callable[[], None] | None = None,
        steps: Mapping[str, StepFn] | None = None,
        handoff: bool = False,
        metrics: Metrics | None = None,
    ) -> None:
        self.store = store
        # the app passes the one it exports; without it, counts go to a registry of our own
        self.metrics = metrics if metrics is not None else Metrics()
        self.policy = policy
        self.clock = clock
        self.limits = dict(DEFAULT_LIMITS) | dict(limits or {})
        self.max_message_chars = max_message_chars
        self.turns_per_minute = turns_per_minute
        self.on_commit = on_commit
        self.tz = ZoneInfo(policy.plan.timezone)
        self.notices = TicketNotices(
            policy=policy, format_time=self.format_time, format_short=self.format_time_short
        )
        # a channel may run its own dialogue (email answers with a form, not a chat)
        self.steps: dict[str, StepFn] = dict(steps or {})
        self.listeners: list[TurnListener] = []
        # an agent desk is wired: customers who need a human hear they are being connected
        self.handoff = handoff
        self.maintenance: RunningWindows = no_windows  # bot.app plugs in bot.maintenance's
        self.opening_checks: list[OpeningCheck] = []  # run inside the opening turn
        self.effect_gates: list[EffectGate] = []  # run on every step's effects (EffectGate)
        self.in_flight = 0  # turns under way: deferred work waits while there are some
        # and `quiet` s after the last turn began: a storm's worker is often between turns
        self.quiet = 0.25
        self.monotonic = time.monotonic
        self._last_began = -self.quiet

    def busy(self) -> bool:
        return self.in_flight > 0 or self.monotonic() - self._last_began < self.quiet

    def add_listener(self, listener: TurnListener) -> None:
        self.listeners.append(listener)

    # -- public -----------------------------------------------------------------------

    def conversation_id(self, inbound: Inbound) -> str:
        base = str(inbound.address)
        return f"{base}#{inbound.thread}" if inbound.thread else base

    async def handle(
        self,
        inbound: Inbound,
        *,
        inline: bool = False,
        flags: Sequence[tuple[str, str | None]] = (),
        read_flags: Sequence[str] = (),
    ) -> TurnResult:
        """Run one customer turn. `inline` marks the replies as delivered by the caller
        (TwiML, websocket) instead of leaving them for the dispatcher. `flags` are written
        in the turn's commit (e.g. an email channel's Message-ID -> thread mapping);
        `read_flags` are read with the turn's own reads and returned in the result
        (e.g. the SMS opt-out mark), which saves the caller a store round-trip."""
        self.in_flight += 1
        self._last_began = self.monotonic()
        try:
            return await self._handle(inbound, inline=inline, flags=flags, read_flags=read_flags)
        finally:
            self.in_flight -= 1

    async def _handle(
        self,
        inbound: Inbound,
        *,
        inline: bool,
        flags: Sequence[tuple[str, str | None]],
        read_flags: Sequence[str],
    ) -> TurnResult:
        began = time.perf_counter()
        meters = self.metrics.channel(inbound.address.channel)
        key = inbound.dedup_key
        conv_id = self.conversation_id(inbound)
        for _attempt in range(MAX_COMMIT_ATTEMPTS):
            async with locked_turn(
                self.store,
                conv_id,
                dedup_key=key,
                conversation_id=conv_id,
                address=inbound.address,
                flags=read_flags,
            ) as start:
                if start.seen:
                    meters.duplicates.inc()
                    replies = await stored_replies(self.store, inbound, inline=inline)
                    return TurnResult(duplicate=True, replies=replies)
                try:
                    result = await self._turn(
                        conv_id, inbound, start, inline=inline, flags=tuple(flags)
                    )
                except VersionConflict:
                    log.warning("version conflict on %s; retrying the turn", ref(conv_id))
                    continue
                except DuplicateTurn:
                    replies = await stored_replies(self.store, inbound, inline=inline)
                    return TurnResult(duplicate=True, replies=replies)
                meters.turns.inc()
                meters.turn_seconds.observe(time.perf_counter() - began)
                return result
        raise VersionConflict(f"conversation {conv_id} kept changing under us")

    def format_time(self, at: datetime, lang: str) -> str:
        return format_local(at, lang, self.tz)

    def format_time_short(self, at: datetime, lang: str) -> str:
        return format_local(at, lang, self.tz, short=True)

    # -- one turn -----------------------------------------------------------------------

    async def _turn(
        self,
        conv_id: str,
        inbound: Inbound,
        start: TurnStart,
        *,
        inline: bool,
        flags: tuple[tuple[str, str | None], ...] = (),
    ) -> TurnResult:
        now = self.clock()
        stored = start.conversation
        if stored is None:
            # a first message: the conversation is made with this turn counted, not made
            # and then copied to count it (a storm message's 17-field record, once less)
            burst_start, burst_turns, pace = counted(None, 0, now, self.turns_per_minute)
            conv = Conversation(
                id=conv_id,
                address=inbound.address,
                created_at=now,
                burst_start=burst_start,
                burst_turns=burst_turns,
            )
        else:
            conv, pace = count_turn(stored, now, self.turns_per_minute)
        limits = self.limits.get(inbound.address.channel, NO_LIMITS)
        text, truncated = bound_message(inbound.text, self.max_message_chars)
        tickets = start.tickets
        ctx = TurnContext(
            now=now,
            policy=self.policy,
            channel=inbound.address.channel,
            short=limits.short,
            buttons=limits.buttons,
            tickets=tickets,
            known=known_facts(inbound),
            hints=dict(inbound.meta),
            attachments=tuple(a.kind for a in inbound.attachments),
            format_time=self.format_time_short if limits.short else self.format_time,
            incidents=tuple(await self.store.list_incidents(open_only=True)),  # outage mode
            maintenance=await self.maintenance(now),
        )
        run_step = self.steps.get(inbound.address.channel, step)
        try:
            if pace is Pace.OK:
                result = run_step(conv, text, ctx)
            else:  # over the per-minute limit: kept in the transcript, not stepped
                self.metrics.paced_turns.inc()
                slow = Say("slow_down", {"limit": self.turns_per_minute})
                result = StepResult(conv, (slow,) if pace is Pace.NOTICE else ())
        except Exception:
            # A flow bug must not cost the customer their message: keep it, apologise.
            log.exception("dialogue step failed on %s", ref(conv_id))
            self.metrics.turn_errors.inc()
            result = StepResult(conv, (Say("internal_error"),))
        for gate in self.effect_gates:
            effects = await gate(result.effects, inbound)
            if effects is not result.effects:  # unchanged: the same result, not a copy of it
                result = evolve(result, effects=effects)
        applied = await self._apply(result, inbound, now=now, tickets=tickets)
        conv, changes = applied.conversation, applied.changes
        if inbound.attachments and changes.get("ticket_number", conv.ticket_number) is None:
            kept = changes.get("attachments", conv.attachments)
            changes["attachments"] = (*kept, *inbound.attachments)
        lang = conv.lang or self.policy.plan.default_language
        texts = applied.texts
        notice = self.policy.texts.intake_notice
        if stored is None and notice is not None and texts:
            # the plan's "before you report" words, once
            texts.insert(0, notice.get(lang, short=limits.short))
        if truncated:
            texts.insert(0, catalog.render(lang, "truncated", limit=self.max_message_chars))
        joiner = "\n" if limits.short else "\n\n"
        reply_text = joiner.join(t for t in texts if t)
        conv = evolve(conv, **changes, version=conv.version + 1, updated_at=now)
        replies: tuple[Outbound, ...] = ()
        # a channel may ask for silence (email loop protection, a sender over its hourly cap)
        if reply_text and not inbound.meta.get("quiet"):
            replies = (
                Outbound(
                    address=inbound.address,
                    text=reply_text,
                    choices=applied.choices,
                    ticket_number=conv.ticket_number,
                    thread=inbound.thread,
                    meta={"in_reply_to": inbound.external_id},
                ),
            )
        status = OutboxStatus.INLINE if inline else OutboxStatus.PENDING
        outbox = tuple(
            OutboxItem(id=new_id(), outbound=o, status=status, created_at=now, not_before=now)
            for o in replies
        ) + queued(applied.openings, now, new_id)
        transcript = [TranscriptLine(conv_id, now, "customer", text)]
        transcript += [TranscriptLine(conv_id, now, "bot", o.text) for o in replies]
        # asked only of a store that can let the lock go in its commit (Redis): elsewhere
        # `commit_turn` lets it go after the turn as ever, whatever the listeners say
        keep_lock = getattr(self.store, "commit_releasing", None) is None or any(
            (says := getattr(h, "needs_lock", None)) is None or says(result.effects)
            for h in self.listeners
        )
        await commit_turn(
            self.store,
            TurnCommit(
                at=now,
                dedup_key=inbound.dedup_key,
                conversation=conv,
                tickets=tuple(applied.tickets.values()),
                outbox=outbox,
                timers=tuple(applied.timers),
                cancel_timers=tuple(applied.cancel_timers),
                transcript=tuple(transcript),
                flags=(*flags, *(f for o in applied.openings for f in o.flags)),
            ),
            release=None if keep_lock else conv_id,  # the key `_handle` locked
        )
        if log.isEnabledFor(logging.INFO):  # the id's hash costs more than the line at WARNING
            log.info(
                "turn committed",
                extra={
                    "conversation": ref(conv_id),
                    "channel": inbound.address.channel,
                    "state": conv.state,
                    "ticket": conv.ticket_number,
                },
            )
        if applied.opened is not None:
            self.metrics.ticket_opened(applied.opened.priority).inc()
        for rated in applied.rated:
            assert rated.csat is not None and rated.csat.score is not None
            self.metrics.csat_received(rated.csat.score, rated.priority).inc()
        if any(i.status != OutboxStatus.INLINE for i in outbox) and self.on_commit is not None:
            self.on_commit()
        if self.listeners:
            outcome = TurnOutcome(
                inbound=inbound,
                conversation=conv,
                previous_state=stored.state if stored else "new",
                tickets=tuple(applied.tickets.values()),
                opened=applied.opened,
                effects=tuple(result.effects),
                replies=replies,
            )
            for listener in self.listeners:
                try:
                    await listener(outcome)
                except Exception:
                    # the turn is committed; a listener's failure must not undo or repeat it
                    log.exception("turn listener failed on %s", ref(conv_id))
        return TurnResult(
            replies=replies, ticket=applied.opened, conversation=conv, flags=start.flags
        )

    async def _apply(
        self, result: StepResult, inbound: Inbound, *, now: datetime, tickets: tuple[Ticket, ...]
    ) -> _Applied:
        conv = result.conversation
        out = _Applied(conversation=conv)
        lang = conv.lang or self.policy.plan.default_language
        limits = self.limits.get(inbound.address.channel, NO_LIMITS)
        by_number = {t.number: t for t in tickets}

        def ticket(number: int) -> Ticket | None:
            return out.tickets.get(number) or by_number.get(number)

        for effect in result.effects:
            if isinstance(effect, Say):
                out.texts.append(render_say(effect, lang, short=limits.short))
                if effect.choices:
                    out.choices = effect.choices
            elif isinstance(effect, OpenTicket):
                number = await self.store.next_ticket_number()
                opened = new_ticket(
                    self.policy, self.notices, number, effect, out.current(), inbound, now=now
                )
                opening = await run_checks(self.opening_checks, opened, inbound, now, limits)
                out.openings.append(opening)
                opened = opening.ticket
                out.tickets[opened.number] = opened
                out.opened = opened
                out.changes.update(ticket_number=opened.number, attachments=())
                out.texts.extend([*self.notices.opening(opened, lang, limits, now), *opening.texts])
                if self.handoff and needs_human(self.policy, opened):
                    out.texts.extend(self.notices.handoff(opened, lang, limits, now, opening=True))
                out.timers.extend(opening_timers(self.policy, opened))
                if effect.read_later:  # durable: read after the turn, even after a restart
                    out.timers.append(reading_timer(opened, now))
            elif isinstance(effect, AddComment | RelayToAgent):
                # a relayed message reaches the agent through the listeners; on the
                # ticket it is a comment like any other
                t = ticket(effect.ticket)
                if t is not None:
                    t = t.with_event(TicketEvent(now, "comment", effect.text))
                    if inbound.attachments:
                        t = evolve(t, attachments=(*t.attachments, *inbound.attachments))
                    out.tickets[t.number] = t
            elif isinstance(effect, UpdateFields):
                t = ticket(effect.ticket)
                if t is not None:
                    detail = ", ".join(sorted(effect.fields))
                    t = evolve(t, fields={**t.fields, **effect.fields})
                    out.tickets[t.number] = t.with_event(TicketEvent(now, "fields_changed", detail))
            elif isinstance(effect, RequestHuman):
                t = ticket(effect.ticket) if effect.ticket is not None else None
                if t is not None:
                    t = evolve(t, human_requested=True)
                    out.tickets[t.number] = t.with_event(TicketEvent(now, "human_requested"))
                    if self.handoff and t.status is TicketStatus.NEW:
                        out.texts.extend(self.notices.handoff(t, lang, limits, now, opening=False))
            elif isinstance(effect, Escalate):
                t = ticket(effect.ticket)
                if t is not None:
                    detail = f"level {effect.level}: {effect.who} (asked by the customer)"
                    out.tickets[t.number] = t.with_event(TicketEvent(now, "escalated", detail))
            elif isinstance(effect, ConfirmResolved):
                t = ticket(effect.ticket)
                if t is not None:
                    t = evolve(t, status=TicketStatus.CLOSED)
                    out.tickets[t.number] = t.with_event(TicketEvent(now, "customer_confirmed"))
                    out.conversation = evolve(out.current(), mode=Mode.CLOSED)
            elif isinstance(effect, AskCsat) and (t := ticket(effect.ticket)) is not None:
                asked = await csat.ask_if_allowed(
                    self.policy, self.store, t, out.current(), now, limits
                )
                if asked is not None:
                    out.tickets[t.number] = asked.ticket
                    out.conversation = asked.conversation or out.conversation
                    out.texts.append(asked.text)
                    out.choices = asked.choices
            elif isinstance(effect, RecordCsat) and (t := ticket(effect.ticket)) is not None:
                out.tickets[t.number] = t = csat.record(t, effect, now)
                if effect.score is not None:
                    out.rated.append(t)
            elif isinstance(effect, ReopenTicket):
                t = ticket(effect.ticket)
                if t is not None:
                    t = evolve(t, status=TicketStatus.REOPENED)
                    out.tickets[t.number] = t.with_event(TicketEvent(now, "reopened"))
                    out.conversation = evolve(out.current(), mode=Mode.BOT)
        # the update clock runs only while the customer waits on us (bot/plan/sla.py)
        for number, t in list(out.tickets.items()):
            if out.opened is None or number != out.opened.number:
                due = next_update_due(self.policy, t, now)
                if due != t.next_update_due:
                    out.tickets[number] = t = evolve(t, next_update_due=due)
                    timers, cancel = update_timer_changes(self.policy, t)
                    out.timers.extend(timers)
                    out.cancel_timers.extend(cancel)
        return out
