"""Maintenance notices by email to subscribed contacts, at the times the plan promises
(CallTower's monthly window: a week before, at the start and at the end; Connect: 24 hours
before), through the store's timers and the outbox.

Each notice of a window is a timer (`maint:<window>:<notice>`, kind `maintenance_notice`),
set by the planner (kind `maintenance_plan`, again every `PLAN_EVERY`, and at start-up)
for the windows of the next `LOOKAHEAD`, and for staff's windows when they are made. When
it fires, the window is read again (from the store, or computed from the plan as it is
now): one called off, or moved since, sends nothing. Each subscriber's mail is one commit
whose dedup key names the window, the notice and the address, so a notice that fires
again (a worker died half-way, the planner set it again at start-up) reaches nobody twice.

Who gets them, each once, on their own channel: the subscribers to "maintenance" (every
window) and to any platform the window names (its services and products), by email from
the status page or on a channel ("avísenme del mantenimiento", `bot.incidents.
subscriptions`); and the accounts' maintenance notification contacts, who never
subscribed (CallTower: the customer names "los contactos para la notificación de
mantenimiento" among its MPOCs; `bot.contacts.Directory.maintenance_contacts`), for the
windows that touch a product their account uses (`MaintenanceWindow.touches`: the monthly
window and the Connect updates reach different accounts), or for every window when the
directory lists no products for the account. Each in
their language where known (the one they subscribed in, or their latest ticket's), else
the plan's. Email gets the full notice and its way out; SMS, Telegram and web chat a
shorter one (SMS: the short variants); an opted-out SMS number nothing."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final, Protocol

from bot.incidents.subscriptions import Subscriptions
from bot.maintenance.windows import MaintenanceCalendar
from bot.outage import Outage
from bot.plan.policy import Policy
from bot.store.flags import is_opted_out
from bot.store.protocol import (
    DuplicateTurn,
    Flags,
    MaintenanceWindows,
    OutboxItem,
    StoreError,
    Tickets,
    Timer,
    TranscriptLine,
    TurnCommit,
)
from domain.contacts import Contact
from domain.maintenance import CANCELLED, MaintenanceWindow
from domain.sms import split_message
from domain.types import DEFAULT_LIMITS, Address, Outbound
from flows.catalog import messages as catalog
from flows.dialogue.subscribe import MAINTENANCE

log = logging.getLogger("supportbot.maintenance")

NOTICE: Final = "maintenance_notice"
PLAN: Final = "maintenance_plan"
PLAN_KEY: Final = "maint:plan"
PLAN_EVERY: Final = timedelta(hours=6)
LOOKAHEAD: Final = timedelta(days=45)  # windows whose notices are set ahead (a "7d" lead fits)
CATCH_UP: Final = timedelta(hours=1)  # at start-up, notices this late are fired (again)
SLACK: Final = timedelta(minutes=1)
LATE_END: Final = timedelta(
    days=1
)  # "finished" is still news this long after  # a timer this far from its notice's time was moved
RETRY_SECONDS: Final = 5.0  # a worker that started with the store down plans this often
EVERYTHING: Final = MAINTENANCE  # the platform whose subscribers get every window


class NoticeStore(MaintenanceWindows, Tickets, Flags, Protocol):
    """Windows, the timers and commits (Tickets includes Turns), a subscriber's tickets,
    the SMS opt-outs."""


def notice_key(window_id: str, notice: str) -> str:
    return f"maint:{window_id}:{notice}"


def notice_timers(window: MaintenanceWindow, *, after: datetime) -> list[Timer]:
    """The timers of `window`'s notices due after `after`."""
    return [
        Timer(
            key=notice_key(window.id, notice),
            due=at,
            kind=NOTICE,
            payload={"window": window.id, "notice": notice, "at": at.isoformat()},
        )
        for notice, at in window.schedule()
        if at > after
    ]


class MaintenanceNotices:
    def __init__(
        self,
        *,
        store: NoticeStore,
        policy: Policy,
        calendar: MaintenanceCalendar,
        subscriptions: Subscriptions,
        clock: Callable[[], datetime],
        format_time: Callable[[datetime, str], str],
        kick: Callable[[], None],
        contacts: Callable[[], Awaitable[list[Contact]]] | None = None,
    ) -> None:
        # the accounts' maintenance notification contacts (bot.contacts.Directory)
        self.contacts = contacts
        self.store = store
        self.policy = policy
        self.calendar = calendar
        self.subscriptions = subscriptions
        self.clock = clock
        self.format_time = format_time
        self.kick = kick
        self._planning: asyncio.Task[None] | None = None

    # planning

    async def start(self) -> None:
        """At start-up: plan, firing again what a stopped worker may have left half-done.
        A worker may start while the store is down: then it plans once the store answers."""
        try:
            await self.plan(catch_up=CATCH_UP)
        except StoreError as exc:
            outage = Outage(log, "maintenance planning")
            outage.failed(exc)
            self._planning = asyncio.create_task(self._plan_later(outage), name="maint-plan")

    async def _plan_later(self, outage: Outage) -> None:
        while True:
            await asyncio.sleep(RETRY_SECONDS)
            try:
                await self.plan(catch_up=CATCH_UP)
            except StoreError as exc:
                outage.failed(exc)
                continue
            outage.ok()
            return

    async def stop(self) -> None:
        task, self._planning = self._planning, None
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    async def plan(self, *, catch_up: timedelta = timedelta(0)) -> int:
        """Set the timers of the notices to come (and of those due in the last
        `catch_up`), and the planner's own next run. How many notice timers it set."""
        now = self.clock()
        since = now - catch_up
        timers: list[Timer] = []
        for window in await self.calendar.between(since, now + LOOKAHEAD):
            if not window.cancelled:
                timers.extend(notice_timers(window, after=since))
        timers.append(Timer(PLAN_KEY, now + PLAN_EVERY, PLAN, {}))
        await self.store.commit(TurnCommit(at=now, timers=tuple(timers)))
        return len(timers) - 1

    async def on_plan(self, timer: Timer) -> None:
        await self.plan()

    # a window made or called off by staff

    async def scheduled(self, window: MaintenanceWindow) -> None:
        self.calendar.forget()
        now = self.clock()
        timers = notice_timers(window, after=now - SLACK)
        if timers:
            await self.store.commit(TurnCommit(at=now, timers=tuple(timers)))

    async def cancelled(self, window: MaintenanceWindow, *, tell: bool) -> None:
        """Its notices are dropped; if customers may have been told (`tell`), they are
        told it is off."""
        self.calendar.forget()
        now = self.clock()
        keys = tuple(notice_key(window.id, n) for n in window.notices)
        told: tuple[Timer, ...] = ()
        if tell:
            told = (
                Timer(
                    notice_key(window.id, CANCELLED),
                    now,
                    NOTICE,
                    {"window": window.id, "notice": CANCELLED, "at": now.isoformat()},
                ),
            )
        await self.store.commit(TurnCommit(at=now, cancel_timers=keys, timers=told))

    # sending

    async def on_notice(self, timer: Timer) -> None:
        window_id, notice = timer.payload.get("window", ""), timer.payload.get("notice", "")
        window = await self.calendar.get(window_id)
        if window is None:
            return  # the plan no longer has it
        if notice == CANCELLED:
            if not window.cancelled:
                return
        else:
            if window.cancelled:
                return
            due = dict(window.schedule()).get(notice)
            if due is None or abs(due - timer.due) > SLACK:
                return  # moved (the plan changed): the planner set its new time
            if self.stale(window, notice):
                log.warning("maintenance notice dropped: too late", extra={"window": window.id})
                return
        sent = await self.send(window, notice)
        log.info(
            "maintenance notice sent",
            extra={"window": window.id, "notice": notice, "told": sent},
        )

    def stale(self, window: MaintenanceWindow, notice: str) -> bool:
        """Too late to be true (the timers were not run for a while): an announcement
        once the window began, "started" once it ended, "finished" a day later."""
        now = self.clock()
        if notice == "start":
            return now >= window.ends_at
        if notice == "end":
            return now >= window.ends_at + LATE_END
        return now >= window.starts_at

    async def send(self, window: MaintenanceWindow, notice: str) -> int:
        """One notice per recipient, on its channel, each once; how many were committed
        now. An address that opted out (SMS STOP, a Telegram chat that blocked the bot) is
        skipped before anything is queued."""
        told = 0
        for address, why in (await self.recipients(window)).items():
            try:
                to = Address.parse(address)
            except ValueError:
                continue
            if await is_opted_out(self.store, to):
                continue
            lang = await self.language(address)
            text, subject = self.render(window, notice, lang, why, channel=to.channel)
            now = self.clock()
            digest = hashlib.sha256(address.encode()).hexdigest()[:20]
            meta = {"subject": subject, "lang": lang} if to.channel == "email" else {}
            message = Outbound(to, text, kind="notice", meta=meta)
            item_id = f"mw-{window.id}-{notice}-{digest}"
            # web chat shows it on the next visit (the page replays its transcript)
            transcript = (
                (TranscriptLine(address, now, "bot", text),) if to.channel == "webchat" else ()
            )
            try:
                await self.store.commit(
                    TurnCommit(
                        at=now,
                        dedup_key=f"maint:{window.id}:{notice}:{digest}",
                        outbox=(OutboxItem(item_id, message, created_at=now, not_before=now),),
                        transcript=transcript,
                    )
                )
            except DuplicateTurn:
                continue
            told += 1
        if told:
            self.kick()
        return told

    async def recipients(self, window: MaintenanceWindow) -> dict[str, Why]:
        """address -> why it is told: the subscription the notice came through (with the
        link that ends it, for email), or the account it is a maintenance contact of. A
        subscriber who is also a contact is told once, as a subscriber."""
        out: dict[str, Why] = {}
        for platform in (*window.services, *window.products, EVERYTHING):
            for address in await self.subscriptions.platform_subscribers(platform):
                link = self.subscriptions.link("unsubscribe", address, platform=platform)
                out[address] = Why(link=link)
        if self.contacts is not None:
            for contact in await self.contacts():
                # an account whose products are known is told only of the windows that
                # touch one of them; one whose products are unknown, of every window
                if contact.products and not window.touches(contact.products):
                    continue
                if contact.address:
                    out.setdefault(contact.address, Why(account=contact.account))
        return out

    async def language(self, address: str) -> str:
        """The recipient's language where known: the one they subscribed in (on the
        status page or a channel), else their latest ticket's, else the plan's."""
        chosen = await self.subscriptions.language(address)
        if chosen in catalog.LANGUAGES:
            return chosen
        try:
            parsed = Address.parse(address)
        except ValueError:
            return self.policy.plan.default_language
        latest = await self.store.list_tickets(address=parsed, limit=1)
        if latest and latest[0].lang in catalog.LANGUAGES:
            return latest[0].lang
        return self.policy.plan.default_language

    def render(
        self,
        window: MaintenanceWindow,
        notice: str,
        lang: str,
        why: Why,
        *,
        channel: str = "email",
    ) -> tuple[str, str]:
        """(body, subject) of one notice in `lang`: an email with the details and the way
        out; on a chat channel a shorter text (on SMS the short variants: three segments)."""
        edge = notice if notice in ("start", "end", CANCELLED) else "before"
        limits = DEFAULT_LIMITS.get(channel, DEFAULT_LIMITS["webchat"])

        def say(key: str, *, short: bool = False) -> str:
            return catalog.render(
                lang,
                key,
                short=short,
                title=window.text("title", lang),
                starts=self.format_time(window.starts_at, lang),
                ends=self.format_time(window.ends_at, lang),
                products=products(window, lang),
                summary=window.text("summary", lang),
                reason=window.text("reason", lang) or "-",
                account=why.account,
            )

        subject = say(f"maintenance.subject.{edge}")
        if channel != "email":
            body = say(f"maintenance.chat.{edge}", short=limits.short).strip()
            footer = say(
                "maintenance.chat.contact" if why.account else "maintenance.chat.unsubscribe"
            )
            if not limits.max_segments:
                return f"{body} {footer}", subject
            # SMS: the first that fits in the channel's segments, with as much as fits
            tiny = say(f"maintenance.sms.{edge}")
            for text in (f"{body} {footer}", f"{tiny} {footer}"):
                if len(split_message(text, max_parts=limits.max_segments + 1)) <= (
                    limits.max_segments
                ):
                    return text, subject
            return tiny, subject
        body = say(f"maintenance.notice.{edge}")
        if why.account:
            body += "\n\n" + say("maintenance.contact")
        else:
            body += "\n\n" + catalog.render(lang, "maintenance.unsubscribe", link=why.link)
        return body, subject


@dataclass(frozen=True, slots=True)
class Why:
    """Why a recipient gets a window's notices: `link` ends their subscription (email);
    `account` names the account they are a maintenance contact of; neither, a channel
    subscriber (who writes "unsubscribe")."""

    link: str = ""
    account: str = ""


def products(window: MaintenanceWindow, lang: str) -> str:
    if window.products:
        return ", ".join(window.products)
    return catalog.render(lang, "maintenance.all_products")
