"""Our replies as RFC 5322 messages, and their delivery through the configured relay.

Every value that reaches a header passes `header_safe` (one line, no control
characters), and the message is built with `email.policy.SMTP`, which refuses
a header value with CR or LF: a customer's subject cannot smuggle a Bcc in.
"""

from __future__ import annotations

import asyncio
import html
import logging
import ssl
from dataclasses import dataclass, field
from datetime import datetime
from email.headerregistry import Address as MailAddress
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import format_datetime
from typing import Final

import aiosmtplib

from bot.config_channels import RelayConfig
from bot.engine.delivery import PermanentFailure, TemporaryFailure
from channels.email_parse import ADDRESS_RE, header_safe
from channels.email_threading import ThreadRecord
from flows.dialogue.email_intake import clean_subject

log = logging.getLogger("supportbot.email")

# Replies that blame our settings, not the message: 530 authentication (or STARTTLS)
# required, 534 mechanism too weak, 538 encryption required for AUTH. A wrong password
# (535) arrives as SMTPAuthenticationError.
SETTINGS_CODES: Final = frozenset({530, 534, 538})
# A fix to the relay settings takes an operator and a restart: trying again within
# seconds only repeats the error. Five minutes apart, the outbox's 8 attempts give
# about 35 minutes to fix it before the reply is marked failed on its ticket.
SETTINGS_RETRY_AFTER: Final = 300.0


@dataclass(frozen=True, slots=True)
class Relay:
    """Where replies go out. `starttls` upgrades a plain connection (port 587) and never
    goes on in clear; `tls` speaks TLS from the first byte (port 465). Either way the
    relay's certificate and host name are verified: against `ca_file` alone when it is
    set (a private relay with an internal CA), else against the system's trust store."""

    host: str
    port: int
    starttls: bool = False
    tls: bool = False
    username: str = ""
    password: str = field(default="", repr=False)
    timeout: float = 30.0
    ca_file: str = ""

    @classmethod
    def from_config(cls, config: RelayConfig) -> Relay:
        return cls(
            host=config.host,
            port=config.port,
            starttls=config.starttls,
            tls=config.tls,
            username=config.username.get_secret_value(),
            password=config.password.get_secret_value(),
            ca_file=config.ca_file,
        )


@dataclass(frozen=True, slots=True)
class Letter:
    """What one reply says and where it goes, before it becomes MIME."""

    to: str
    text: str
    footer: str
    subject_fallback: str
    ticket: int | None
    message_id: str
    record: ThreadRecord
    lang: str
    automatic: bool  # the bot wrote it (Auto-Submitted), not an agent


def reply_subject(record: ThreadRecord, ticket: int | None, fallback: str) -> str:
    base = clean_subject(header_safe(record.subject)) or fallback
    subject = f"Re: {base}" if record.subject else base
    if ticket is not None:
        subject = f"{subject} [#{ticket}]"
    return header_safe(subject, limit=200)


def build_message(
    letter: Letter, *, from_address: str, from_name: str, reply_to: str, at: datetime
) -> EmailMessage:
    if not ADDRESS_RE.match(letter.to):
        raise PermanentFailure("not a deliverable email address")
    msg = EmailMessage(policy=SMTP_POLICY)
    msg["From"] = MailAddress(display_name=header_safe(from_name, limit=80), addr_spec=from_address)
    msg["To"] = letter.to
    msg["Reply-To"] = reply_to
    msg["Subject"] = reply_subject(letter.record, letter.ticket, letter.subject_fallback)
    msg["Date"] = format_datetime(at)
    msg["Message-ID"] = letter.message_id
    if letter.record.last:
        msg["In-Reply-To"] = letter.record.last
    refs = [r for r in letter.record.refs if r != letter.message_id]
    if refs:
        msg["References"] = " ".join(refs)
    if letter.automatic:
        msg["Auto-Submitted"] = "auto-replied"
        msg["X-Auto-Response-Suppress"] = "All"  # ask Exchange not to answer our answer
    body = f"{letter.text}\n\n-- \n{letter.footer}\n"
    msg.set_content(body, charset="utf-8")
    msg.add_alternative(
        _html(letter.text, letter.footer, letter.lang), subtype="html", charset="utf-8"
    )
    msg["Content-Language"] = letter.lang  # after set_content, which drops Content-* headers
    return msg


def _html(text: str, footer: str, lang: str) -> str:
    paragraphs = "".join(
        f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>\n"
        for p in text.split("\n\n")
        if p.strip()
    )
    return (
        f'<!DOCTYPE html><html lang="{html.escape(lang)}"><body style="font-family: sans-serif">\n'
        f'{paragraphs}<hr><p style="color: #666">{html.escape(footer)}</p>\n</body></html>\n'
    )


_tls_contexts: dict[str, ssl.SSLContext] = {}


async def tls_context(ca_file: str) -> ssl.SSLContext:
    """A verifying client context, built once per CA file: loading a trust store takes
    milliseconds, so it happens off the loop and not once per reply. A CA file that
    changes on disk is read again at the next start."""
    context = _tls_contexts.get(ca_file)
    if context is None:
        context = await asyncio.to_thread(ssl.create_default_context, cafile=ca_file or None)
        _tls_contexts[ca_file] = context
    return context


class RelaySettingsRefused(TemporaryFailure):
    """The relay refused our TLS or AUTH settings; `kind` is "tls" or "auth" (the
    channel counts it in supportbot_email_relay_errors_total)."""

    def __init__(self, reason: str, *, kind: str) -> None:
        super().__init__(f"relay settings: {reason}", retry_after=SETTINGS_RETRY_AFTER)
        self.kind = kind


def misconfigured(relay: Relay, reason: str) -> RelaySettingsRefused:
    """The relay will not take mail with our settings (TLS, certificate, AUTH): no reply
    can go out until someone fixes `channels.email.relay`, so this is logged as an error
    (and counted by the channel), and the reply stays owed (retried every
    SETTINGS_RETRY_AFTER seconds; if the attempts run out, it is marked failed on its
    ticket), never dropped in silence."""
    # the relay's own words tell which (530 Must issue a STARTTLS command first)
    kind = "tls" if "TLS" in reason.upper() or "CERTIFICATE" in reason.upper() else "auth"
    log.error(
        "email relay %s:%d refused our settings (%s); fix channels.email.relay",
        relay.host,
        relay.port,
        reason,
    )
    return RelaySettingsRefused(reason, kind=kind)


def _tls_error(exc: BaseException) -> ssl.SSLError | None:
    """The TLS handshake failure behind `exc`, if any (aiosmtplib wraps it for port 465
    and lets it through for STARTTLS)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


async def deliver(message: EmailMessage, relay: Relay) -> str:
    """Hand the message to the relay; maps SMTP outcomes to the dispatcher's failures."""
    try:
        context = await tls_context(relay.ca_file) if relay.tls or relay.starttls else None
    except OSError as exc:  # missing file, or no certificate in it (ssl.SSLError)
        raise misconfigured(relay, f"cannot load ca_file {relay.ca_file!r} for TLS: {exc}") from exc
    try:
        await aiosmtplib.send(
            message,
            hostname=relay.host,
            port=relay.port,
            start_tls=relay.starttls if not relay.tls else False,
            use_tls=relay.tls,
            tls_context=context,
            username=relay.username or None,
            password=relay.password or None,
            timeout=relay.timeout,
        )
    except aiosmtplib.SMTPRecipientsRefused as exc:
        codes = [r.code for r in exc.recipients]
        if any(c in SETTINGS_CODES for c in codes):
            first = exc.recipients[0]
            raise misconfigured(relay, f"{first.code} {first.message}") from exc
        if codes and all(500 <= c < 600 for c in codes):
            raise PermanentFailure(f"relay refused the recipient ({codes[0]})") from exc
        raise TemporaryFailure(f"relay deferred the recipient ({codes})") from exc
    except aiosmtplib.SMTPAuthenticationError as exc:
        raise misconfigured(relay, f"authentication failed: {exc.code} {exc.message}") from exc
    except aiosmtplib.SMTPResponseException as exc:
        if exc.code in SETTINGS_CODES:  # e.g. 530 Must issue a STARTTLS command first
            raise misconfigured(relay, f"{exc.code} {exc.message}") from exc
        if 500 <= exc.code < 600:
            raise PermanentFailure(f"relay refused the message ({exc.code})") from exc
        raise TemporaryFailure(f"relay said {exc.code}") from exc
    except (aiosmtplib.SMTPException, OSError) as exc:
        tls_error = _tls_error(exc)
        if tls_error is not None:  # an untrusted or mismatched certificate, TLS on a plain port
            raise misconfigured(relay, f"TLS failed: {tls_error}") from exc
        if type(exc) is aiosmtplib.SMTPException:
            # the relay lacks what the settings ask for: STARTTLS or AUTH
            raise misconfigured(relay, str(exc)) from exc
        raise TemporaryFailure(f"relay unreachable: {type(exc).__name__}") from exc
    return str(message["Message-ID"])
