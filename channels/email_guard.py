"""Mail loops and abuse: which mail the bot may answer, and how often.

RFC 3834 says an automatic responder must not answer automatic mail; support
desks learn the hard way that two auto-responders can mail each other all night.
Pure functions over a parsed mail; the rate counter lives in store flags.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Final

from channels.email_parse import ParsedMail
from domain.mail import is_robot_sender

__all__ = ["MailKind", "classify", "is_robot_sender", "previous_rate_key", "rate_key"]


class MailKind(enum.StrEnum):
    NORMAL = "normal"  # a person: ticket and reply
    BULK = "bulk"  # lists, newsletters, no-reply robots: ticket, but never a reply
    AUTO_REPLY = "auto_reply"  # out-of-office and other responders: no ticket, no reply
    BOUNCE = "bounce"  # delivery-status notification: noted on its ticket
    OWN = "own"  # from one of our own addresses: a loop, dropped
    NO_SENDER = "no_sender"  # no usable From: nobody to answer


_AUTO_SUBJECT: Final = re.compile(
    r"^\s*(auto(matic)?[ -]?reply|autoresponder|auto:|out of (the )?office|respuesta autom[aá]tica|"
    r"fuera de la oficina|ausencia|r[eé]ponse automatique|abwesenheitsnotiz)",
    re.IGNORECASE,
)


def classify(mail: ParsedMail, *, envelope_from: str, own: Collection[str]) -> MailKind:
    headers = mail.headers
    if mail.report is not None:
        return MailKind.BOUNCE
    sender = mail.sender
    if sender and sender in own:
        return MailKind.OWN
    if envelope_from.strip("<> ").lower() in own:
        return MailKind.OWN
    if "x-loop" in headers and any(a in headers["x-loop"].lower() for a in own):
        return MailKind.OWN
    auto = headers.get("auto-submitted", "").split(";")[0].strip().lower()
    if (auto and auto != "no") or "x-autoreply" in headers or "x-autorespond" in headers:
        return MailKind.AUTO_REPLY
    if headers.get("precedence", "").lower() == "auto_reply" or _AUTO_SUBJECT.match(mail.subject):
        return MailKind.AUTO_REPLY
    if not sender:
        return MailKind.NO_SENDER
    if not envelope_from.strip("<> "):
        # the null reverse path is for notifications, which must never be answered
        return MailKind.AUTO_REPLY
    if headers.get("precedence", "").lower() in ("bulk", "junk", "list") or "list-id" in headers:
        return MailKind.BULK
    if is_robot_sender(sender):
        return MailKind.BULK
    return MailKind.NORMAL


def rate_key(sender: str, at: datetime) -> str:
    return f"email:rate:{sender}:{at:%Y%m%d%H}"


def previous_rate_key(sender: str, at: datetime) -> str:
    return rate_key(sender, at - timedelta(hours=1))
