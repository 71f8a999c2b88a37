"""Email: SMTP intake with aiosmtpd on the app's own loop, replies through a relay.

Inbound: RCPT is accepted only for the configured support addresses (550
otherwise), SIZE is advertised and enforced by aiosmtpd (552), and DATA is
answered 250 only after the raw message is committed to the store, in the
durable inbox (`channels.email_inbox`); a store failure answers 451 so the
sending server retries, and so does a full inbox (`max_backlog` accepted mails
not yet turned: 451 4.3.1 to RCPT and DATA). Nothing is acknowledged and lost.
The turn (parse, loop checks, threading, the dialogue, the ticket) runs behind
the 250: the dispatcher hands the inbox item to `InboxProcessor`, which calls
`process()`, letting SMTP acceptance go first during a burst
(`channels.email_flow`).

Each new email starts its own conversation (`Inbound.thread`); replies find
theirs through `channels.email_threading`, and with `verify_sender` only when the
receiving MTA's Authentication-Results vouch for the From (`channels.email_auth`). Automatic mail (bounces,
out-of-office, lists, our own) never gets an answer (`channels.email_guard`),
and each sender gets at most `max_replies_per_hour` answers and new tickets an
hour: beyond that, mail is recorded silently on the sender's latest ticket.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from email.utils import make_msgid
from pathlib import Path
from typing import Final

from aiosmtpd.smtp import SMTP, Envelope, Session
from starlette.routing import BaseRoute

from bot.config import Settings, data_path
from bot.config_channels import EmailConfig
from bot.engine.delivery import Receipt
from bot.engine.turns import Engine
from bot.logs import quiet_library_loggers
from bot.outage import Outage
from bot.store.flags import automatic_mail_flag
from bot.store.locks import KeyedLocks
from bot.store.protocol import DuplicateTurn, StoreError, TurnCommit
from channels.email_attachments import store_attachments
from channels.email_auth import authenticate
from channels.email_dead import DeadLetters
from channels.email_flow import BACKLOG_FULL, AcceptFirst, Backlog
from channels.email_guard import MailKind, classify, previous_rate_key, rate_key
from channels.email_inbox import InboxProcessor, inbox_dedup, inbox_item
from channels.email_notes import keep_unthreaded, note_mail
from channels.email_outbound import Letter, Relay, RelaySettingsRefused, build_message, deliver
from channels.email_parse import ParsedMail, plausible_name
from channels.email_salvage import read_mail
from channels.email_smtp import SessionLimits, SmtpListener
from channels.email_threading import (
    Route,
    ThreadRecord,
    conversation_id,
    find_ticket,
    is_contact,
    mid_flag,
    reply_message_id,
    route,
    thread_flag,
)
from channels.outbound_files import attach_files
from domain.types import (
    DEFAULT_LIMITS,
    Address,
    ChannelLimits,
    Inbound,
    Outbound,
    Ticket,
)
from flows.catalog import messages as catalog
from flows.dialogue.email_intake import TAG_RE, email_step

log = logging.getLogger("supportbot.email")

TEMPFAIL: Final = "451 4.3.0 Temporary failure storing the message, please try again later"
ACCEPTED: Final = "250 2.0.0 OK"
REJECT_RCPT: Final = "550 5.1.1 Recipient address rejected: not a support address here"


class EmailChannel:
    """The email channel: an aiosmtpd handler (`handle_RCPT`, `handle_DATA`) for intake,
    `inbox` (the dispatcher's sender for accepted mail) and `send()` for replies."""

    name = "email"
    # a reply's Message-ID is derived from its outbox item: a resend after an interrupted
    # send is the same message to the recipient's mail system (bot/engine/dispatch.py)
    resend_interrupted = True

    def __init__(
        self,
        *,
        engine: Engine,
        config: EmailConfig,
        attachments_dir: Path,
        spool_dir: Path | None = None,
        provider: str = "",
        hostname: str = "localhost",
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.engine = engine
        self.store = engine.store
        self.config = config
        self.addresses = tuple(a.strip().lower() for a in config.addresses if a.strip())
        self.from_address = (
            config.from_address or (self.addresses[0] if self.addresses else "")
        ).lower()
        self.own = frozenset({*self.addresses, self.from_address} - {""})
        self.domain = self.from_address.partition("@")[2] or "supportbot.invalid"
        self.attachments_dir = attachments_dir
        self.provider = provider or engine.policy.plan.provider
        self.hostname = hostname
        self.relay = Relay.from_config(config.relay)
        self.limits: ChannelLimits = DEFAULT_LIMITS["email"]
        self.port: int | None = None
        self.listener = SmtpListener(
            self,
            limits=SessionLimits(
                max_sessions=config.max_sessions,
                session_timeout=config.session_timeout_s,
                data_timeout=config.data_timeout_s,
                idle_timeout=config.idle_timeout_s,
            ),
            data_size_limit=config.max_message_bytes,
            hostname=hostname,
            on_refused=engine.metrics.email_refused.labels("connect").inc,
            spool_dir=spool_dir,
        )
        self._senders = KeyedLocks()
        # a store outage meets every DATA of a burst: one log line an interval, not one a mail
        self._store_down = Outage(log, "email answered 451", monotonic=monotonic)
        # flow control (channels.email_flow); `monotonic` and `sleep` are for tests
        self.backlog = Backlog(
            store=self.store,
            limit=config.max_backlog,
            clock=monotonic,
            outage=Outage(log, "inbox backlog not read", monotonic=monotonic),
        )
        self.pacing = AcceptFirst(  # not once a tenth of the bound is waiting: a flood
            backlog=self.backlog,
            max_wait=config.turn_defer_ms / 1000,
            below=max(1, config.max_backlog // 10),
            clock=monotonic,
            sleep=sleep,
        )
        self.dead_letters = DeadLetters(self.store)
        self.inbox = InboxProcessor(
            self.process,
            store=self.store,
            backlog=self.backlog,
            pacing=self.pacing,
            max_attempts=config.inbox_max_attempts,
            dead_letter=self.dead_letter,
        )
        # the app's metrics, through the engine as the store is; children resolved once
        metrics = engine.metrics
        self._data_seconds = metrics.webhook("smtp_data")
        self._refused_rcpt = metrics.email_refused.labels("rcpt")
        self._refused_data = metrics.email_refused.labels("data")
        self._relay_errors = metrics.email_relay_errors

    # -- lifecycle --------------------------------------------------------------------------

    def routes(self) -> list[BaseRoute]:
        return []

    async def start(self) -> None:
        if not self.addresses:
            raise ValueError("channels.email.addresses is empty: no address to accept mail for")
        await self.backlog.has_room()  # what was accepted before a restart counts too
        quiet_library_loggers()  # aiosmtpd's mail.log names peers and envelope addresses at INFO
        if self.listener.spool_dir is not None:
            self.listener.spool_dir.mkdir(parents=True, exist_ok=True)
        self.port = await self.listener.start(self.config.listen_host, self.config.listen_port)
        log.info("SMTP intake listening on %s:%s", self.config.listen_host, self.port)

    async def stop(self) -> None:
        await self.listener.stop()  # a message in flight is not acknowledged: it is retried

    # -- aiosmtpd hooks ------------------------------------------------------------------

    async def handle_RCPT(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        if address.strip().lower() not in self.addresses:
            return REJECT_RCPT
        if not await self.backlog.has_room():  # refused before the sender sends the body
            self._refused_rcpt.inc()
            return BACKLOG_FULL
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or envelope.content or b""
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        began = time.perf_counter()
        self.pacing.data_started()  # inbox turns wait while senders wait for our answer
        try:
            return await self.receive(
                raw, mail_from=envelope.mail_from or "", rcpt_tos=tuple(envelope.rcpt_tos)
            )
        finally:
            self.pacing.data_done()
            self._data_seconds.observe(time.perf_counter() - began)

    # -- intake ----------------------------------------------------------------------------

    async def receive(
        self, raw: bytes, *, mail_from: str = "", rcpt_tos: tuple[str, ...] = ()
    ) -> str:
        """Take one message into the inbox; the SMTP reply to give. 250 only once the
        raw message is committed (or was, by an earlier try of the same message); 451
        while the backlog is full, so a message is refused rather than accepted and lost."""
        if not await self.backlog.has_room():
            log.warning("inbox backlog full (%d waiting); answered 451", self.backlog.pending)
            self._refused_data.inc()
            return BACKLOG_FULL
        now = self.engine.clock()
        item, raw_flag = inbox_item(raw, mail_from=mail_from, rcpt_tos=rcpt_tos, now=now)
        try:
            await self.store.commit(
                TurnCommit(at=now, dedup_key=inbox_dedup(raw), outbox=(item,), flags=(raw_flag,))
            )
        except DuplicateTurn:
            log.info("email accepted before (the sender retried); answered 250 again")
            return ACCEPTED
        except StoreError as exc:
            self._store_down.failed(exc)
            return TEMPFAIL
        except Exception:
            log.exception("email intake failed; answered 451")
            return TEMPFAIL
        self._store_down.ok()
        self.backlog.accepted()
        if self.engine.on_commit is not None:
            self.engine.on_commit()  # the dispatcher turns it now, not at its next poll
        return ACCEPTED

    async def process(self, raw: bytes, mail_from: str, *, salvage: bool = False) -> None:
        """The turn of one accepted message (the inbox runs it); raises to be retried.
        `salvage`: read only what can be decoded (after a turn failed on this input)."""
        now = self.engine.clock()
        reading = read_mail(raw, envelope_from=mail_from, salvage=salvage)
        if reading.mail is None:
            raise UnreadableMail(reading.reason)
        if reading.salvaged and not salvage:
            log.warning(
                "email not parsed (%s); turned from what could be read",
                reading.reason.partition(":")[0],
            )
        mail = reading.mail
        external_id = mail.message_id or f"sha256:{hashlib.sha256(raw).hexdigest()}"
        # no `seen()` here: the engine's turn and the commits below refuse a duplicate
        dedup = f"email:{external_id}"
        kind = classify(mail, envelope_from=mail_from, own=self.own)
        if kind in (MailKind.OWN, MailKind.NO_SENDER):
            await self._record(dedup, now, f"{kind.value} mail not processed: {mail.subject}")
        elif kind is MailKind.BOUNCE:
            await self._bounce(mail, dedup, now)
        elif kind is MailKind.AUTO_REPLY:
            await self._auto_reply(mail, dedup, now)
        else:
            authenticated = True
            if self.config.verify_sender:
                verdict = authenticate(
                    raw, from_address=mail.sender, trusted=self.config.trusted_authserv_ids
                )
                authenticated = verdict.authenticated
            async with self._senders.hold(mail.sender):
                await self._customer_mail(mail, external_id, kind, now, authenticated)

    async def _customer_mail(
        self,
        mail: ParsedMail,
        external_id: str,
        kind: MailKind,
        now: datetime,
        authenticated: bool = True,
    ) -> None:
        sender = mail.sender
        rt = await route(
            self.store, mail, sender=sender, seed=external_id, authenticated=authenticated
        )
        if rt.linked_to is not None and not authenticated:
            log.warning(
                "email whose From is not authenticated claims ticket %s; a linked ticket opens",
                rt.linked_to,
            )
        count_key = rate_key(sender, now)
        count = int(await self.store.get_flag(count_key) or 0)
        over = count >= self.config.max_replies_per_hour
        quiet = kind is MailKind.BULK or over
        if over and not rt.continued and not authenticated:
            # never folded into a ticket on the word of a From that may be forged
            await self._record(
                f"email:{external_id}", now, f"over the hourly limit: {mail.subject}"
            )
            return
        if over and not rt.continued:
            # a storm: fold into the sender's latest ticket rather than opening more
            latest = await self.store.list_tickets(address=Address("email", sender), limit=1)
            if not latest or not latest[0].conversation_id.startswith("email:"):
                await self._record(
                    f"email:{external_id}", now, f"over the hourly limit: {mail.subject}"
                )
                return
            rt = Route(
                latest[0].address,
                latest[0].conversation_id.partition("#")[2],
                True,
                ticket=latest[0],
            )
            log.warning(
                "sender over the hourly limit; mail folded into ticket %s", latest[0].number
            )
        attachments = await store_attachments(
            mail.attachments, now, root=self.attachments_dir, cap=self.config.max_attachment_bytes
        )
        meta = {"subject": mail.subject} | ({} if authenticated else {"from_unverified": "1"})
        if not rt.continued:
            meta["known_email"] = sender
            if plausible_name(mail.sender_name):
                meta["known_name"] = mail.sender_name
        if rt.linked_to is not None:
            meta["linked_to"] = str(rt.linked_to)
        if mail.signature:
            meta["signature"] = mail.signature
        if quiet:
            meta["quiet"] = "1"
        conv_id = rt.conversation_id
        reply_id = None if quiet else reply_message_id(external_id, self.domain)
        record = ThreadRecord()  # a new thread's id is new: nothing to read
        if rt.continued:
            record = ThreadRecord.from_flag(await self.store.get_flag(thread_flag(conv_id)))
        flags: list[tuple[str, str | None]] = [
            (thread_flag(conv_id), record.after(mail, reply_id=reply_id).to_flag()),
            (count_key, str(count + 1)),
            (previous_rate_key(sender, now), None),
            (automatic_mail_flag(sender), kind.value if kind is MailKind.BULK else None),
        ]
        if mail.message_id:
            flags.append((mid_flag(mail.message_id), conv_id))
        if reply_id:
            flags.append((mid_flag(reply_id), conv_id))
        inbound = Inbound(
            address=rt.address,
            text=mail.text,
            external_id=external_id,
            received_at=now,
            attachments=attachments,
            thread=rt.thread,
            meta=meta,
        )
        result = await self.engine.handle(inbound, flags=flags)
        ticket = result.conversation.ticket_number if result.conversation else None
        log.info(
            "email committed",
            extra={
                "channel": "email",
                "ticket": ticket,
                "kind": kind.value,
                "continued": rt.continued,
                "quiet": quiet,
            },
        )

    async def _bounce(self, mail: ParsedMail, dedup: str, now: datetime) -> None:
        report = mail.report
        assert report is not None
        ids = [*report.original_ids, *mail.in_reply_to, *reversed(mail.references)]
        _conv, ticket = await find_ticket(self.store, ids)
        detail = " ".join(
            p
            for p in (report.action, report.status, ", ".join(report.recipients), report.diagnostic)
            if p
        )
        await self._note(ticket, "email_bounce", detail or "delivery failed", dedup, now)

    async def _auto_reply(self, mail: ParsedMail, dedup: str, now: datetime) -> None:
        conv_id, ticket = await find_ticket(
            self.store, [*mail.in_reply_to, *reversed(mail.references)]
        )
        if ticket is None:
            tag = TAG_RE.search(mail.subject)
            if tag:
                ticket = await self.store.get_ticket(int(tag.group(1)))
        if ticket is not None and not is_contact(mail.sender, None, ticket):
            ticket = None
        # marked (a bulk mail too, in the turn's flags): nothing optional goes to a robot
        await self.store.set_flag(automatic_mail_flag(mail.sender), MailKind.AUTO_REPLY.value)
        await self._note(ticket, "email_auto_reply", mail.subject[:200], dedup, now)

    async def _note(
        self, ticket: Ticket | None, kind: str, detail: str, dedup: str, now: datetime
    ) -> None:
        await note_mail(self.store, ticket, kind, detail, dedup=dedup, now=now)

    async def _record(self, dedup: str, now: datetime, note: str) -> None:
        await keep_unthreaded(self.store, note, dedup=dedup, now=now)

    async def dead_letter(self, message: Outbound, reason: str) -> None:
        """The inbox gave up on an item: kept with its bytes, a ticket opened."""
        letter = await self.dead_letters.add(
            message, reason, policy=self.engine.policy, now=self.engine.clock()
        )
        self.engine.metrics.email_dead_letters.inc()
        log.error("email kept as dead letter %s; ticket %s opened", letter.id, letter.ticket)

    # -- outbound ----------------------------------------------------------------------------

    async def send(self, message: Outbound) -> Receipt:
        conv_id = conversation_id(message.address, message.thread)
        record = ThreadRecord.from_flag(await self.store.get_flag(thread_flag(conv_id)))
        conv = await self.store.load_conversation(conv_id)
        lang = (
            message.meta.get("lang")  # a notice to a subscriber names it (bot.maintenance)
            or (conv.lang if conv is not None and conv.lang else "")
            or self.engine.policy.plan.default_language
        )
        automatic = message.kind != "agent"
        in_reply_to = message.meta.get("in_reply_to", "")
        if in_reply_to and message.kind == "reply":
            message_id = reply_message_id(in_reply_to, self.domain)  # recorded in the turn
        else:
            # stable per outbox item (the dispatcher names it): a resend after a lost
            # outcome is the same message to the recipient, whose client folds the two
            outbox_id = message.meta.get("outbox_id", "")
            message_id = (
                reply_message_id(f"outbox:{outbox_id}", self.domain)
                if outbox_id
                else make_msgid(domain=self.domain)
            )
            await self.store.set_flag(mid_flag(message_id), conv_id)  # recorded before it leaves
        ticket = message.ticket_number or (conv.ticket_number if conv is not None else None)
        footer = (
            catalog.render(lang, "email.footer", ticket=ticket, provider=self.provider)
            if ticket is not None
            else catalog.render(lang, "email.from_name", provider=self.provider)
        )
        letter = Letter(
            to=message.address.id,
            text=message.text,
            footer=footer,
            subject_fallback=message.meta.get("subject") or catalog.render(lang, "email.subject"),
            ticket=ticket,
            message_id=message_id,
            record=record,
            lang=lang,
            automatic=automatic,
        )
        mime = build_message(
            letter,
            from_address=self.from_address,
            from_name=catalog.render(lang, "email.from_name", provider=self.provider),
            reply_to=self.addresses[0] if self.addresses else self.from_address,
            at=self.engine.clock(),
        )
        await attach_files(mime, message.attachments)  # an agent's files, as MIME parts
        try:
            provider_id = await deliver(mime, self.relay)
        except RelaySettingsRefused as exc:
            self._relay_errors.labels(exc.kind).inc()
            raise
        return Receipt(provider_id=provider_id)


class UnreadableMail(Exception):
    """Nothing of the mail could be read: the inbox keeps it as a dead letter."""


def build_email_channel(settings: Settings, engine: Engine) -> EmailChannel:
    """The channel from the settings; email runs its own dialogue (a form, not a chat)."""
    engine.steps["email"] = email_step
    return EmailChannel(
        engine=engine,
        config=settings.channels.email,
        attachments_dir=data_path(settings, "attachments", "email"),
        # a message in DATA past its first 64 KiB (email_smtp.SPOOL_IN_MEMORY) waits here
        spool_dir=data_path(settings, "spool", "smtp"),
    )
