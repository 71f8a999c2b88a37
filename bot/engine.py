"""One turn, end to end: dedup, lock, load, step, apply, one atomic commit.

A message is acknowledged to its provider only after `handle()` returns, and
`handle()` returns only after the commit, so an accepted message is never
lost; replies go to the outbox in the same commit (inline channels get them
back from `handle()` too, already marked as delivered inline).
"""

from __future__ import annotations

import logging
import unicodedata
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Final
from zoneinfo import ZoneInfo

from bot.policy import Policy
from bot.store import (
    DuplicateTurn,
    OutboxItem,
    OutboxStatus,
    Store,
    Timer,
    TranscriptLine,
    TurnCommit,
    VersionConflict,
)
from bot.timefmt import format_duration, format_local
from bot.types import (
    DEFAULT_LIMITS,
    Address,
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
from flows import catalog
from flows.dialogue import StepResult, TurnContext, render_say, step
from flows.effects import AddComment, OpenTicket, ReopenTicket, RequestHuman, Say, UpdateFields

log = logging.getLogger("supportbot.engine")

MAX_COMMIT_ATTEMPTS: Final = 5


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class TurnResult:
    replies: tuple[Outbound, ...] = ()
    duplicate: bool = False
    ticket: Ticket | None = None
    conversation: Conversation | None = None


@dataclass(slots=True)
class _Applied:
    """What applying a step's effects produced, gathered for one commit."""

    conversation: Conversation
    tickets: dict[int, Ticket] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)
    choices: tuple[Choice, ...] = ()
    timers: list[Timer] = field(default_factory=list)
    opened: Ticket | None = None


class Engine:
    def __init__(
        self,
        *,
        store: Store,
        policy: Policy,
        clock: Callable[[], datetime] = utcnow,
        limits: Mapping[str, ChannelLimits] | None = None,
        max_message_chars: int = 5000,
        on_commit: Callable[[], None] | None = None,
    ) -> None:
        self.store = store
        self.policy = policy
        self.clock = clock
        self.limits = dict(DEFAULT_LIMITS) | dict(limits or {})
        self.max_message_chars = max_message_chars
        self.on_commit = on_commit
        self.tz = ZoneInfo(policy.plan.timezone)

    # -- public -----------------------------------------------------------------------

    def conversation_id(self, inbound: Inbound) -> str:
        base = str(inbound.address)
        return f"{base}#{inbound.thread}" if inbound.thread else base

    async def handle(self, inbound: Inbound, *, inline: bool = False) -> TurnResult:
        """Run one customer turn. `inline` marks the replies as delivered by the caller
        (TwiML, websocket) instead of leaving them for the dispatcher."""
        key = inbound.dedup_key
        if await self.store.seen(key):
            return TurnResult(duplicate=True)
        conv_id = self.conversation_id(inbound)
        for _attempt in range(MAX_COMMIT_ATTEMPTS):
            async with self.store.lock(conv_id):
                if await self.store.seen(key):
                    return TurnResult(duplicate=True)
                try:
                    return await self._turn(conv_id, inbound, inline=inline)
                except VersionConflict:
                    log.warning("version conflict on %s; retrying the turn", conv_id)
                    continue
                except DuplicateTurn:
                    return TurnResult(duplicate=True)
        raise VersionConflict(f"conversation {conv_id} kept changing under us")

    def format_time(self, at: datetime, lang: str) -> str:
        return format_local(at, lang, self.tz)

    # -- one turn -----------------------------------------------------------------------

    async def _turn(self, conv_id: str, inbound: Inbound, *, inline: bool) -> TurnResult:
        now = self.clock()
        stored = await self.store.load_conversation(conv_id)
        conv = stored or Conversation(id=conv_id, address=inbound.address, created_at=now)
        limits = self.limits.get(inbound.address.channel, ChannelLimits())
        text, truncated = clean_text(inbound.text, self.max_message_chars)
        tickets = tuple(await self.store.list_tickets(address=inbound.address, limit=20))
        ctx = TurnContext(
            now=now,
            policy=self.policy,
            channel=inbound.address.channel,
            short=limits.short,
            tickets=tickets,
            known=known_facts(inbound),
            format_time=self.format_time,
        )
        try:
            result = step(conv, text, ctx)
        except Exception:
            # A flow bug must not cost the customer their message: keep it, apologise.
            log.exception("dialogue step failed on %s", conv_id)
            result = StepResult(conv, (Say("internal_error"),))
        applied = await self._apply(result, inbound, now=now, tickets=tickets)
        conv = applied.conversation
        if inbound.attachments and conv.ticket_number is None:
            conv = replace(conv, attachments=(*conv.attachments, *inbound.attachments))
        lang = conv.lang or self.policy.plan.default_language
        texts = applied.texts
        if truncated:
            texts.insert(0, catalog.render(lang, "truncated", limit=self.max_message_chars))
        joiner = "\n" if limits.short else "\n\n"
        reply_text = joiner.join(t for t in texts if t)
        conv = replace(conv, version=conv.version + 1, updated_at=now)
        replies: tuple[Outbound, ...] = ()
        if reply_text:
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
            OutboxItem(id=uuid.uuid4().hex, outbound=o, status=status, created_at=now, not_before=now)
            for o in replies
        )
        transcript = [TranscriptLine(conv_id, now, "customer", text)]
        transcript += [TranscriptLine(conv_id, now, "bot", o.text) for o in replies]
        await self.store.commit(
            TurnCommit(
                at=now,
                dedup_key=inbound.dedup_key,
                conversation=conv,
                tickets=tuple(applied.tickets.values()),
                outbox=outbox,
                timers=tuple(applied.timers),
                transcript=tuple(transcript),
            )
        )
        log.info(
            "turn committed",
            extra={"conversation": conv_id, "channel": inbound.address.channel, "state": conv.state,
                   "ticket": conv.ticket_number},
        )
        if outbox and not inline and self.on_commit is not None:
            self.on_commit()
        return TurnResult(replies=replies, ticket=applied.opened, conversation=conv)

    async def _apply(
        self, result: StepResult, inbound: Inbound, *, now: datetime, tickets: tuple[Ticket, ...]
    ) -> _Applied:
        conv = result.conversation
        out = _Applied(conversation=conv)
        lang = conv.lang or self.policy.plan.default_language
        limits = self.limits.get(inbound.address.channel, ChannelLimits())
        by_number = {t.number: t for t in tickets}

        def ticket(number: int) -> Ticket | None:
            return out.tickets.get(number) or by_number.get(number)

        for effect in result.effects:
            if isinstance(effect, Say):
                out.texts.append(render_say(effect, lang, short=limits.short))
                if effect.choices:
                    out.choices = effect.choices
            elif isinstance(effect, OpenTicket):
                opened = await self._open_ticket(effect, out.conversation, inbound, now=now)
                out.tickets[opened.number] = opened
                out.opened = opened
                out.conversation = replace(out.conversation, ticket_number=opened.number, attachments=())
                out.texts.extend(self._opening_texts(opened, lang, limits, now))
                out.timers.extend(self._sla_timers(opened))
            elif isinstance(effect, AddComment):
                t = ticket(effect.ticket)
                if t is not None:
                    t = t.with_event(TicketEvent(now, "comment", effect.text))
                    if inbound.attachments:
                        t = replace(t, attachments=(*t.attachments, *inbound.attachments))
                    out.tickets[t.number] = t
            elif isinstance(effect, UpdateFields):
                t = ticket(effect.ticket)
                if t is not None:
                    detail = ", ".join(sorted(effect.fields))
                    t = replace(t, fields={**t.fields, **effect.fields})
                    out.tickets[t.number] = t.with_event(TicketEvent(now, "fields_changed", detail))
            elif isinstance(effect, RequestHuman):
                t = ticket(effect.ticket) if effect.ticket is not None else None
                if t is not None:
                    t = replace(t, human_requested=True)
                    out.tickets[t.number] = t.with_event(TicketEvent(now, "human_requested"))
            elif isinstance(effect, ReopenTicket):
                t = ticket(effect.ticket)
                if t is not None:
                    t = replace(t, status=TicketStatus.REOPENED)
                    out.tickets[t.number] = t.with_event(TicketEvent(now, "reopened"))
                    out.conversation = replace(out.conversation, mode=Mode.BOT)
        return out

    async def _open_ticket(
        self, effect: OpenTicket, conv: Conversation, inbound: Inbound, *, now: datetime
    ) -> Ticket:
        number = await self.store.next_ticket_number()
        first_due = self.policy.due(effect.priority, "first_response", now)
        update_due = self.policy.due(effect.priority, "update_every", now)
        events = [TicketEvent(now, "opened", f"priority {effect.priority}", by="bot")]
        if effect.human_requested:
            events.append(TicketEvent(now, "human_requested"))
        if effect.needs_review:
            suggested = effect.assessment.get("suggested_priority", "")
            events.append(TicketEvent(now, "needs_review", f"text reads {suggested}", by="bot"))
        if effect.linked_to is not None:
            events.append(TicketEvent(now, "linked", f"follows ticket #{effect.linked_to}", by="bot"))
        return Ticket(
            number=number,
            status=TicketStatus.NEW,
            priority=effect.priority,
            channel=inbound.address.channel,
            address=inbound.address,
            lang=conv.lang or self.policy.plan.default_language,
            created_at=now,
            first_response_due=first_due,
            next_update_due=update_due,
            fields=dict(effect.fields),
            summary=effect.summary,
            events=tuple(events),
            attachments=(*conv.attachments, *inbound.attachments),
            conversation_id=conv.id,
            assessment=dict(effect.assessment),
            needs_review=effect.needs_review,
            human_requested=effect.human_requested,
            linked_to=effect.linked_to,
            updated_at=now,
        )

    def _opening_texts(self, t: Ticket, lang: str, limits: ChannelLimits, now: datetime) -> list[str]:
        policy = self.policy
        level = policy.priority(t.priority)
        promise = ""
        duration = policy.sla_duration(t.priority, "first_response")
        if duration is not None and t.first_response_due is not None:
            cal = policy.calendar(level.clock)
            promise = catalog.render(
                lang,
                "promise.first_response",
                short=limits.short,
                duration=format_duration(duration, lang, business_day=cal.business_day),
                due=self.format_time(t.first_response_due, lang),
            )
        texts = [
            catalog.render(
                lang, "ticket_opened", short=limits.short, ticket=t.number,
                priority=level.name.get(lang), promise=promise,
            ).strip()
        ]
        channel = t.address.channel
        if channel != "console" and not policy.humans_on_duty(channel, now):
            back = policy.humans_back_at(channel, now)
            texts.append(catalog.render(lang, "after_hours", short=limits.short, back=self.format_time(back, lang)))
        if t.needs_review:
            texts.append(
                catalog.render(lang, "email_review", priority=level.name.get(lang),
                               phone=policy.contacts.phone or "-")
            )
        return texts

    def _sla_timers(self, t: Ticket) -> list[Timer]:
        timers = []
        if t.first_response_due is not None:
            timers.append(
                Timer(key=f"sla:{t.number}:first_response", due=t.first_response_due,
                      kind="sla_first_response", payload={"ticket": str(t.number)})
            )
        return timers


def known_facts(inbound: Inbound) -> dict[str, str]:
    """What the channel already tells us about the customer, so we don't ask it."""
    facts: dict[str, str] = {}
    for kind in ("phone", "email", "name"):
        value = inbound.meta.get(f"known_{kind}")
        if value:
            facts[kind] = value
    return facts


_ALLOWED_CONTROLS: Final = frozenset("\n\t")


def clean_text(text: str, limit: int) -> tuple[str, bool]:
    """Drop control characters (keep newlines and tabs) and cut to `limit` characters."""
    cleaned = "".join(
        ch for ch in text if ch in _ALLOWED_CONTROLS or unicodedata.category(ch)[0] != "C"
    )
    if len(cleaned) > limit:
        return cleaned[:limit], True
    return cleaned, False


def customer_address(conv: Conversation) -> Address:
    return conv.address
