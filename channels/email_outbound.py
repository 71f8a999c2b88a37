"""Our replies as RFC 5322 messages, and their delivery through the configured relay.

Every value that reaches a header passes `header_safe` (one line, no control
characters), and the message is built with `email.policy.SMTP`, which refuses
a header value with CR or LF: a customer's subject cannot smuggle a Bcc in.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address as MailAddress
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import format_datetime

import aiosmtplib

from bot.dispatch import PermanentFailure, TemporaryFailure
from channels.email_parse import ADDRESS_RE, header_safe
from channels.email_threading import ThreadRecord
from flows.email_intake import clean_subject

log = logging.getLogger("supportbot.email")


@dataclass(frozen=True, slots=True)
class Relay:
    host: str
    port: int
    starttls: bool = False
    tls: bool = False
    username: str = ""
    password: str = ""
    timeout: float = 30.0


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


async def deliver(message: EmailMessage, relay: Relay) -> str:
    """Hand the message to the relay; maps SMTP outcomes to the dispatcher's failures."""
    try:
        await aiosmtplib.send(
            message,
            hostname=relay.host,
            port=relay.port,
            start_tls=relay.starttls if not relay.tls else False,
            use_tls=relay.tls,
            username=relay.username or None,
            password=relay.password or None,
            timeout=relay.timeout,
        )
    except aiosmtplib.SMTPRecipientsRefused as exc:
        codes = [r.code for r in exc.recipients]
        if codes and all(500 <= c < 600 for c in codes):
            raise PermanentFailure(f"relay refused the recipient ({codes[0]})") from exc
        raise TemporaryFailure(f"relay deferred the recipient ({codes})") from exc
    except aiosmtplib.SMTPAuthenticationError as exc:
        # a configuration problem: keep the message until someone fixes the credentials
        raise TemporaryFailure(f"relay authentication failed ({exc.code})") from exc
    except aiosmtplib.SMTPResponseException as exc:
        if 500 <= exc.code < 600:
            raise PermanentFailure(f"relay refused the message ({exc.code})") from exc
        raise TemporaryFailure(f"relay said {exc.code}") from exc
    except (aiosmtplib.SMTPException, OSError) as exc:
        raise TemporaryFailure(f"relay unreachable: {type(exc).__name__}") from exc
    return str(message["Message-ID"])
