"""What can be read of a mail the normal parse (or its turn) failed on.

`parse_message` is meant never to raise, but a mail is input from anyone: a charset
name with a NUL in it made `bytes.decode` raise ValueError, and the next surprise will
be something else. When the parse raises, or a turn fails on its input, the
inbox turns the mail from `salvage_message` (`read_mail`): the headers as far as they parse, and every text part
read as UTF-8 with replacement characters (an unknown or broken charset, a broken
transfer encoding), so the customer's words still reach a ticket. Only when even this
turn fails does the mail become a dead letter (`channels.email_dead`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from email import policy
from email.message import Message
from email.parser import BytesParser
from typing import Final

from channels.email_parse import (
    ADDRESS_RE,
    MAX_TEXT_CHARS,
    ParsedMail,
    html_body_text,
    parse_message,
)

NOTE: Final = "[Part of this email could not be decoded; what could be read follows.]"
MAX_PARTS: Final = 200  # text parts read, at most: a bomb of parts is not a message
_HEAD_END: Final = re.compile(rb"\r?\n\r?\n")
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]+")
_PARSER: Final = BytesParser(policy=policy.compat32)


def _empty() -> ParsedMail:
    return ParsedMail(
        message_id="",
        in_reply_to=(),
        references=(),
        subject="",
        sender="",
        sender_name="",
        headers={},
        text="",
    )


def _headers_only(raw: bytes) -> ParsedMail:
    """The header block through the normal parser, without the body that broke it."""
    end = _HEAD_END.search(raw)
    head = raw[: end.start()] if end else raw
    # a plain text body: whatever Content-Type the header claimed is not read again
    head = re.sub(rb"(?im)^content-(type|transfer-encoding):.*(\r?\n[ \t].*)*\r?\n?", b"", head)
    try:
        return parse_message(head + b"\r\n\r\n")
    except Exception:
        return _empty()


def _text(part: Message) -> str:
    try:
        payload = part.get_payload(decode=True)
    except Exception:
        payload = None
    if not isinstance(payload, bytes):
        payload = str(part.get_payload() or "").encode("utf-8", "replace")
    return payload.decode("utf-8", "replace")


def _texts(raw: bytes) -> list[str]:
    try:
        msg = _PARSER.parsebytes(raw)
        out: list[str] = []
        for part in msg.walk():
            if len(out) >= MAX_PARTS:
                break
            if part.is_multipart() or part.get_content_maintype() != "text":
                continue
            text = _text(part)
            if part.get_content_subtype() == "html":
                text = html_body_text(text)
            out.append(text)
        return out
    except Exception:
        end = _HEAD_END.search(raw)
        return [raw[end.end() :].decode("utf-8", "replace")] if end else []


def clean(text: str) -> str:
    return _CONTROL.sub(" ", text)[:MAX_TEXT_CHARS].strip()


def salvage_message(raw: bytes, *, envelope_from: str = "") -> ParsedMail:
    """The mail as far as it can be read; never raises. The text starts with `NOTE` so
    whoever reads the ticket knows parts may be missing or replaced."""
    mail = _headers_only(raw)
    text = clean("\n\n".join(t for t in _texts(raw) if t.strip()))
    sender = mail.sender
    envelope = envelope_from.strip("<> ").lower()
    if not sender and ADDRESS_RE.match(envelope):
        sender = envelope
    return replace(
        mail,
        sender=sender,
        text=f"{NOTE}\n\n{text}" if text else NOTE,
        signature="",
        attachments=(),
    )


@dataclass(frozen=True, slots=True)
class Reading:
    """What the inbox read of a mail: the parsed mail, whether only what could be
    decoded (`salvaged`), and why the normal parse failed or nothing could be read."""

    mail: ParsedMail | None
    salvaged: bool = False
    reason: str = ""


def read_mail(raw: bytes, *, envelope_from: str = "", salvage: bool = False) -> Reading:
    """The inbox's one way in: the normal parse, else (or with `salvage`) what could be
    decoded, else no mail and the reason (the item becomes a dead letter). Never raises."""
    reason = ""
    if not salvage:
        try:
            return Reading(parse_message(raw))
        except Exception as exc:  # input from anyone: the next surprise is unknown
            reason = f"{type(exc).__name__}: {exc}"[:300]
    try:
        return Reading(salvage_message(raw, envelope_from=envelope_from), True, reason)
    except Exception as exc:
        return Reading(None, True, f"{reason}; then {type(exc).__name__}: {exc}"[:500])
