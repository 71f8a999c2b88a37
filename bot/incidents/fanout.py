"""An incident's update (or its resolution) told to every child's customer, on the
channel they wrote from, through the outbox.

Each child is one commit: the notice and its transcript line; for the resolution, under
the conversation's lock, with the ticket moving to resolved-pending-confirmation and its
conversation closed (so the customer's next word confirms or reopens). The commit's dedup key names the incident, the update and the ticket,
so running a fan-out again (a retried request, a worker that died half-way) tells
nobody twice. Children are read a page at a time and committed a page at a time,
so 20,000 children are many small transactions, never one giant one; on SQLite
the commits of a page share its group commit.

An address that opted out (an SMS number that texted STOP, a Telegram chat that blocked
the bot) is skipped before anything is queued, as maintenance notices are: the channel
would refuse the notice, so it is counted as skipped (`opted_out`), not failed. A
resolution still moves such a child's ticket (it awaits confirmation like the others).
"""

from __future__ import annotations

import asyncio
import enum
import hashlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Final, Protocol

from bot.engine.lifecycle import no_response_timer
from bot.engine.sla_timers import update_timer_key
from bot.incidents.subscriptions import Subscriptions
from bot.plan.policy import Policy
from bot.store.flags import is_opted_out
from bot.store.protocol import (
    Conversations,
    DuplicateTurn,
    Flags,
    Incidents,
    OutboxItem,
    Tickets,
    TranscriptLine,
    TurnCommit,
    locked_ticket,
)
from domain.incident import Incident, IncidentUpdate
from domain.types import (
    DEFAULT_LIMITS,
    Address,
    Mode,
    Outbound,
    Ticket,
    TicketEvent,
    TicketStatus,
)
from flows.catalog import messages as catalog
from flows.dialogue.subscribe import QUIET_FIELD

log = logging.getLogger("supportbot.incidents")

PAGE: Final = 500  # children read, and committed, per page
CONCURRENCY: Final = 64  # children of a page in flight at once (each holds its lock)


class FanoutStore(Incidents, Tickets, Conversations, Flags, Protocol):
    """The roles a fan-out uses: the children, their tickets and conversations."""


@dataclass(frozen=True, slots=True)
class FanoutResult:
    told: int  # children committed a notice this run
    skipped: int  # already told (a repeated run), unlinked, gone, or opted out
    queued: int = 0  # children to tell, when the run was left to a background job
    opted_out: int = 0  # of the skipped: opted out (SMS STOP), so nothing was queued


class Told(enum.Enum):
    """What one recipient's notice came to."""

    TOLD = "told"
    SKIPPED = "skipped"  # already told, unlinked, muted, gone
    OPTED_OUT = "opted_out"  # the channel would refuse it: nothing queued


@dataclass(slots=True)
class _Tally:
    told: int = 0
    skipped: int = 0
    opted_out: int = 0

    def add(self, outcome: Told) -> None:
        if outcome is Told.TOLD:
            self.told += 1
            return
        self.skipped += 1
        if outcome is Told.OPTED_OUT:
            self.opted_out += 1

    def result(self) -> FanoutResult:
        return FanoutResult(told=self.told, skipped=self.skipped, opted_out=self.opted_out)


class Fanout:
    def __init__(
        self,
        *,
        store: FanoutStore,
        policy: Policy,
        clock: Callable[[], datetime],
        kick: Callable[[], None],
        page: int = PAGE,
        subscriptions: Subscriptions | None = None,
        format_time: Callable[[datetime, str], str] | None = None,
    ) -> None:
        self.format_time = format_time or (lambda at, lang: at.strftime("%H:%M"))
        self.store = store
        self.policy = policy
        self.clock = clock
        self.kick = kick
        self.page = page
        self.subscriptions = subscriptions

    async def deliver(
        self,
        incident: Incident,
        update: IncidentUpdate,
        *,
        resolve: bool,
        on_page: Callable[[], Awaitable[None]] | None = None,
    ) -> FanoutResult:
        tally = _Tally()
        after = 0
        gate = asyncio.Semaphore(CONCURRENCY)
        while True:
            numbers = await self.store.incident_children(incident.id, after=after, limit=self.page)
            if not numbers:
                break
            outcomes = await asyncio.gather(
                *(self._tell(n, incident, update, resolve=resolve, gate=gate) for n in numbers)
            )
            for outcome in outcomes:
                tally.add(outcome)
            self.kick()  # the dispatcher starts on this page while the next one commits
            after = numbers[-1]
            if on_page is not None:
                await on_page()  # a background job pushes its lease on (bot.incidents.jobs)
        if self.subscriptions is not None:
            await self._tell_subscribers(
                self.subscriptions,
                incident,
                str(update.seq),
                "incident.subscriber_resolved" if resolve else "incident.subscriber_update",
                update.text_in,
                tally,
            )
            self.kick()
        log.info(
            "incident update fanned out",
            extra={
                "incident": incident.id,
                "update": update.seq,
                "told": tally.told,
                "skipped": tally.skipped,
                "opted_out": tally.opted_out,
            },
        )
        return tally.result()

    async def still_working(
        self,
        incident: Incident,
        *,
        key: str,
        next_by: datetime,
        on_page: Callable[[], Awaitable[None]] | None = None,
    ) -> FanoutResult:
        """The plan's automatic update (bot.incidents.reminders): every child that still
        hears the incident's updates, and every subscriber of the incident or its platform,
        is told it is still being worked on and when the next update comes. `key` names this notice in the dedup keys (a run again tells nobody
        twice)."""
        tally = _Tally()
        after = 0
        gate = asyncio.Semaphore(CONCURRENCY)

        async def one(number: int) -> Told:
            async with gate:
                return await self._still(number, incident, key, next_by)

        while numbers := await self.store.incident_children(
            incident.id, after=after, limit=self.page
        ):
            for outcome in await asyncio.gather(*(one(n) for n in numbers)):
                tally.add(outcome)
            self.kick()
            after = numbers[-1]
            if on_page is not None:
                await on_page()
        if self.subscriptions is not None:
            # the incident's and its platform's subscribers hear it like any other update
            await self._tell_subscribers(
                self.subscriptions,
                incident,
                key,
                "incident.subscriber_still_working",
                lambda lang: self.format_time(next_by, lang),
                tally,
            )
            self.kick()
        log.info(
            "incident still-working notice fanned out",
            extra={
                "incident": incident.id,
                "told": tally.told,
                "skipped": tally.skipped,
                "opted_out": tally.opted_out,
            },
        )
        return tally.result()

    async def opted_out(self, address: Address) -> bool:
        """The address opted out (SMS STOP, a Telegram chat that blocked the bot)."""
        return await is_opted_out(self.store, address)

    async def _still(self, number: int, incident: Incident, key: str, next_by: datetime) -> Told:
        t = await self.store.get_ticket(number)
        if t is None or t.fields.get("incident") != str(incident.id) or t.fields.get(QUIET_FIELD):
            return Told.SKIPPED
        if t.status.is_closed or t.status is TicketStatus.RESOLVED_PENDING:
            return Told.SKIPPED
        if await self.opted_out(t.address):
            return Told.OPTED_OUT
        now = self.clock()
        limits = DEFAULT_LIMITS.get(t.address.channel, DEFAULT_LIMITS["webchat"])
        text = catalog.render(
            t.lang,
            "incident.still_working",
            short=limits.short,
            title=incident.title,
            ticket=number,
            due=self.format_time(next_by, t.lang),
        )
        conv_id = t.conversation_id or str(t.address)
        thread = conv_id.partition("#")[2]
        message = Outbound(t.address, text, ticket_number=number, kind="notice", thread=thread)
        try:
            await self.store.commit(
                TurnCommit(
                    at=now,
                    dedup_key=f"incident:{incident.id}:{key}:{number}",
                    outbox=(
                        OutboxItem(
                            id=f"inc{incident.id}-{key}-{number}",
                            outbound=message,
                            created_at=now,
                            not_before=now,
                        ),
                    ),
                    transcript=(TranscriptLine(conv_id, now, "bot", text),),
                )
            )
        except DuplicateTurn:
            return Told.SKIPPED
        return Told.TOLD

    async def _tell_subscribers(
        self,
        subs: Subscriptions,
        incident: Incident,
        key: str,
        message: str,
        text: Callable[[str], str],
        tally: _Tally,
    ) -> None:
        """Everyone subscribed to the incident or to its platform, once each (`key` names
        the notice in the dedup keys: an update's number, or the automatic notice's), in
        the language they subscribed in, on the channel they asked from: by email with the
        link that ends the subscription, elsewhere with the word that does
        ("unsubscribe"); `message` is the catalog's sentence, `text(lang)` its news. Each
        outcome is counted in `tally`."""
        default = self.policy.plan.default_language
        links: dict[str, str] = {}
        for address in await subs.platform_subscribers(incident.service):
            links[address] = subs.link("unsubscribe", address, platform=incident.service)
        for address in incident.subscribers:
            links[address] = subs.link("unsubscribe", address, incident=incident.id)
        for address, link in links.items():
            to = Address.parse(address)
            if await self.opted_out(to):
                tally.add(Told.OPTED_OUT)
                continue
            now = self.clock()
            lang = await subs.lang_of(address, default)
            if to.channel == "email":
                body = catalog.render(
                    lang, message, title=incident.title, text=text(lang), link=link
                )
            else:
                limits = DEFAULT_LIMITS.get(to.channel, DEFAULT_LIMITS["webchat"])
                body = catalog.render(
                    lang,
                    message + ".chat",
                    short=limits.short,
                    title=incident.title,
                    text=text(lang),
                )
            digest = hashlib.sha256(address.encode()).hexdigest()[:20]
            # web chat shows it on the next visit (the page replays its transcript)
            transcript = (
                (TranscriptLine(address, now, "bot", body),) if to.channel == "webchat" else ()
            )
            try:
                await self.store.commit(
                    TurnCommit(
                        at=now,
                        dedup_key=f"incident:{incident.id}:{key}:sub:{digest}",
                        outbox=(
                            OutboxItem(
                                id=f"incs{incident.id}-{key}-{digest}",
                                outbound=Outbound(to, body, kind="notice"),
                                created_at=now,
                                not_before=now,
                            ),
                        ),
                        transcript=transcript,
                    )
                )
            except DuplicateTurn:
                tally.add(Told.SKIPPED)
                continue
            tally.add(Told.TOLD)

    async def _tell(
        self,
        number: int,
        incident: Incident,
        update: IncidentUpdate,
        *,
        resolve: bool,
        gate: asyncio.Semaphore,
    ) -> Told:
        async with gate:
            if resolve:  # the ticket and its conversation change: under their lock
                async with locked_ticket(self.store, number) as t:
                    return await self._commit(t, incident, update, resolve=True)
            # An update changes no record of the child's (the notice and its transcript line
            # are appended): no lock, one read. On Redis that is 2 round trips instead of 5.
            t = await self.store.get_ticket(number)
            return await self._commit(t, incident, update, resolve=False)

    async def _commit(
        self, t: Ticket | None, incident: Incident, update: IncidentUpdate, *, resolve: bool
    ) -> Told:
        if t is None or t.fields.get("incident") != str(incident.id):
            return Told.SKIPPED  # gone, or the customer said it is another problem
        if update.seq <= int(t.fields.get("incident_seen", "0") or 0):
            return Told.SKIPPED  # linked after this update: it was in their first reply
        if not resolve and t.fields.get(QUIET_FIELD):
            return Told.SKIPPED  # they said "unsubscribe": only the resolution still reaches them
        # the channel would refuse it: queue nothing (a resolution still moves the ticket)
        silent = await self.opted_out(t.address)
        if silent and not resolve:
            return Told.OPTED_OUT
        number = t.number
        now = self.clock()
        lang = t.lang
        limits = DEFAULT_LIMITS.get(t.address.channel, DEFAULT_LIMITS["webchat"])
        text = catalog.render(
            lang,
            "incident.resolved" if resolve else "incident.update",
            short=limits.short,
            title=incident.title,
            ticket=number,
            text=update.text_in(lang),
        )
        conv_id = t.conversation_id or str(t.address)
        # an email child's notice goes into its ticket's thread (Inbound.thread)
        thread = conv_id.partition("#")[2]
        message = Outbound(t.address, text, ticket_number=number, kind="notice", thread=thread)
        ticket = t
        conv = None
        timers = []
        cancel: list[str] = []
        if resolve and not t.status.is_closed and t.status is not TicketStatus.RESOLVED_PENDING:
            ticket = replace(ticket, status=TicketStatus.RESOLVED_PENDING, next_update_due=None)
            ticket = ticket.with_event(
                TicketEvent(now, "resolved", f"incident {incident.id}: {update.text}", "system")
            )
            cancel = [
                f"sla:{number}:first_response",
                f"sla:{number}:first_response_warn",
                update_timer_key(number),
            ]
            closing = no_response_timer(self.policy, ticket)
            timers = [closing] if closing is not None else []
            stored = await self.store.load_conversation(conv_id)
            if stored is not None and stored.ticket_number == number:
                # the customer's next word confirms or reopens (flows: _on_closed)
                conv = replace(
                    stored,
                    mode=Mode.CLOSED,
                    state="closed",
                    pending="",
                    version=stored.version + 1,
                    updated_at=now,
                )
        try:
            await self.store.commit(
                TurnCommit(
                    at=now,
                    dedup_key=f"incident:{incident.id}:{update.seq}:{number}",
                    conversation=conv,
                    tickets=(ticket,) if resolve else (),
                    outbox=()
                    if silent
                    else (
                        OutboxItem(
                            id=f"inc{incident.id}-{update.seq}-{number}",
                            outbound=message,
                            created_at=now,
                            not_before=now,
                        ),
                    ),
                    timers=tuple(timers),
                    cancel_timers=tuple(cancel),
                    # web chat replays the transcript on the next visit
                    transcript=() if silent else (TranscriptLine(conv_id, now, "bot", text),),
                )
            )
        except DuplicateTurn:
            return Told.SKIPPED
        return Told.OPTED_OUT if silent else Told.TOLD
