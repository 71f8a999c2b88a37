"""Raw RFC 5322 bytes -> what the bot needs: sender, ids, subject, the new text, attachments.

Pure and tolerant: malformed MIME, unknown charsets and broken headers degrade to
"best effort" instead of raising, because a mail we cannot parse perfectly is
still a customer asking for help. Quoted history and signatures are cut so the
ticket gets what the customer wrote this time (English and Spanish clients:
Gmail, Outlook, Apple Mail); the signature is kept apart because it often holds
the callback number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import policy
from email.header import decode_header, make_header
from email.message import Message
from email.parser import BytesParser, HeaderParser
from email.utils import getaddresses, parseaddr
from typing import Final

from channels.email_reply import strip_reply
from flows.extract.html import html_to_text

MSGID_RE: Final = re.compile(r"<[^<>\s]{1,250}>")
_CONTROL: Final = re.compile(r"[\x00-\x1f\x7f]+")
# No control character (NUL included) and no U+FFFD (what an undecodable byte became): a
# reply to such an address can only fail, eight times over, at the relay.
ADDRESS_RE: Final = re.compile(
    r"^[^@\s<>()\[\]\",;:\\\x00-\x1f\x7f\ufffd]{1,64}@[A-Za-z0-9.\-]{1,253}$"
)
MAX_TEXT_CHARS: Final = 200_000  # a body longer than this is cut before any regex runs on it
_LATIN1_ALIASES: Final = frozenset(
    {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "us-ascii", "ascii"}
)


@dataclass(frozen=True, slots=True)
class RawAttachment:
    name: str
    content_type: str
    data: bytes


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    """What a bounce (RFC 3464 delivery-status notification) says."""

    original_ids: tuple[str, ...]  # Message-ID and References of the mail that bounced
    recipients: tuple[str, ...]
    action: str  # "failed", "delayed", ...
    status: str  # "5.1.1"
    diagnostic: str


@dataclass(frozen=True, slots=True)
class ParsedMail:
    message_id: str
    in_reply_to: tuple[str, ...]
    references: tuple[str, ...]
    subject: str
    sender: str  # the From address, lower case; "" when absent or unusable
    sender_name: str
    headers: dict[str, str]  # the loop-relevant headers, lower-case names
    text: str  # what the customer wrote this time
    signature: str = ""
    attachments: tuple[RawAttachment, ...] = ()
    report: DeliveryReport | None = None
    defects: int = 0
    recipients: tuple[str, ...] = field(default_factory=tuple)  # To + Cc addresses


LOOP_HEADERS: Final = (
    "auto-submitted",
    "precedence",
    "list-id",
    "list-unsubscribe",
    "x-autoreply",
    "x-autorespond",
    "x-auto-response-suppress",
    "x-loop",
)


def header_safe(value: str, *, limit: int = 250) -> str:
    """One line, no control characters: safe to put in a header we send."""
    return " ".join(_CONTROL.sub(" ", value).split())[:limit]


def msg_ids(value: str) -> tuple[str, ...]:
    return tuple(MSGID_RE.findall(value or ""))


def _sender(raw: str) -> tuple[str, str]:
    # Parsed before decoding: an encoded CR LF or a second address hidden in the
    # display name must not pose as the sender.
    angle = re.search(r"<([^<>\s]+)>\s*$", raw)
    name, addr = (
        (raw[: angle.start()].strip().strip('"'), angle.group(1)) if angle else parseaddr(raw)
    )
    addr = addr.strip().lower()
    if not ADDRESS_RE.match(addr):
        addr = ""
    return addr, header_safe(decoded(name), limit=100)


def _recipients(head: dict[str, str]) -> tuple[str, ...]:
    values = [head[k] for k in ("to", "cc") if k in head]
    out = []
    for _name, addr in getaddresses(values):
        addr = addr.strip().lower()
        if ADDRESS_RE.match(addr):
            out.append(addr)
    return tuple(out)


def decode_part(part: Message) -> str:
    """The text of a text/* part in its declared charset (Latin-1 read as Windows-1252,
    which is what mail clients actually send), never raising."""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        payload = str(part.get_payload()).encode("utf-8", "replace")
    charset = (part.get_content_charset() or "utf-8").lower()
    if charset in _LATIN1_ALIASES:
        charset = "cp1252"
    try:
        text = payload.decode(charset, errors="replace")
    except LookupError:
        text = payload.decode("utf-8", errors="replace")
    return text[:MAX_TEXT_CHARS]


def html_body_text(html: str) -> str:
    """The new text of an HTML body, through the project's one HTML-to-text conversion."""
    # Gmail and Outlook mark the quoted history; drop it before conversion
    html = re.sub(r"(?is)<div[^>]*class=\"?gmail_quote.*", "", html)
    html = re.sub(r"(?is)<div[^>]*id=\"?(divRplyFwdMsg|appendonsend).*", "", html)
    html = re.sub(r"(?is)<blockquote.*?</blockquote>", "", html)
    return html_to_text(html)


# -- the whole message ------------------------------------------------------------------------


def raw_headers(msg: Message) -> dict[str, str]:
    """Header name (lower case) -> its first raw value, unfolded and not yet decoded.
    Reading raw values skips policy.default's header objects, which cost more than
    the rest of the parse; the decoding below is explicit instead."""
    out: dict[str, str] = {}
    for key, value in msg.raw_items():
        text = str(value)
        if not text.isascii():
            # raw 8-bit bytes arrive as surrogate escapes: read them as UTF-8 (RFC 6532)
            text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        out.setdefault(key.lower(), _FOLD.sub("", text))
    return out


_FOLD: Final = re.compile(r"\r?\n(?=[ \t])")


def decoded(raw: str) -> str:
    """RFC 2047 encoded words decoded; the raw text when they are broken."""
    if "=?" not in raw:
        return raw
    try:
        return str(make_header(decode_header(raw)))
    except Exception:
        return raw


# compat32 keeps header values as the raw strings on the wire: policy.default builds a
# header object (a full RFC 5322 parse) on every read, which cost more than the rest of
# the intake's parsing together. What we need from the headers is decoded explicitly
# (`decoded`, `_sender`, `_filename`), so nothing depends on the header objects.
_PARSER: Final = BytesParser(policy=policy.compat32)


def parse_message(raw: bytes) -> ParsedMail:
    msg = _PARSER.parsebytes(raw)
    head = raw_headers(msg)
    headers: dict[str, str] = {
        name: header_safe(decoded(head[name])) for name in LOOP_HEADERS if name in head
    }
    message_ids = msg_ids(head.get("message-id", ""))
    sender, name = _sender(head.get("from", ""))
    # most mail is one text part: skip the MIME tree walks
    single = not msg.is_multipart()
    ctype = msg.get_content_type()
    report = None if single else _delivery_report(msg)
    if single:
        body_part: Message | None = msg if ctype in ("text/plain", "text/html") else None
    else:
        body_part = _body_part(msg)
    text, signature = "", ""
    if body_part is not None and report is None:
        content = decode_part(body_part)
        if (body_part is msg and ctype == "text/html") or (
            body_part is not msg and body_part.get_content_subtype() == "html"
        ):
            content = html_body_text(content)
        text, signature = strip_reply(content)
    return ParsedMail(
        message_id=message_ids[0] if message_ids else "",
        in_reply_to=msg_ids(head.get("in-reply-to", "")),
        references=msg_ids(head.get("references", ""))[-50:],
        subject=header_safe(decoded(head.get("subject", "")), limit=500),
        sender=sender,
        sender_name=name,
        headers=headers,
        text=text,
        signature=signature,
        attachments=tuple(_attachments(msg, body_part))
        if report is None and body_part is not msg
        else (),
        report=report,
        defects=len(getattr(msg, "defects", ())),
        recipients=_recipients(head),
    )


_PREFERENCE: Final = ("plain", "html")


class _NoParts(Exception):
    """A multipart whose payload is not a list of parts (broken MIME)."""


def _find_body(top: Message, part: Message) -> Iterator[tuple[int, Message]]:
    """`EmailMessage.get_body(("plain", "html"))`'s search (CPython 3.11), on compat32
    messages: text parts that are not attachments, the first part of a
    multipart/related (or its `start`), every part of other multiparts."""
    if part.get_content_disposition() == "attachment":
        return
    maintype, _, subtype = part.get_content_type().partition("/")
    if maintype == "text":
        if subtype in _PREFERENCE:
            yield _PREFERENCE.index(subtype), part
        return
    if maintype != "multipart" or not top.is_multipart():
        return
    payload = part.get_payload()
    if not isinstance(payload, list):
        raise _NoParts
    subparts: list[Message] = [p for p in payload if isinstance(p, Message)]
    if subtype != "related":
        for subpart in subparts:
            yield from _find_body(top, subpart)
        return
    candidate = None
    start = part.get_param("start")
    if start:
        candidate = next((p for p in subparts if p.get("content-id") == start), None)
    if candidate is None and subparts:
        candidate = subparts[0]
    if candidate is not None:
        yield from _find_body(top, candidate)


def _body_part(msg: Message) -> Message | None:
    body: Message | None = None
    best = len(_PREFERENCE)
    try:
        for rank, part in _find_body(msg, msg):
            if rank < best:
                best, body = rank, part
                if rank == 0:
                    break
    except Exception:
        body = None
    if body is not None:
        return body
    for part in msg.walk():
        if part.get_content_maintype() == "text" and not _filename(part):
            return part
    return None


def _filename(part: Message) -> str:
    """The part's file name, RFC 2231 and RFC 2047 (which mail clients use anyway) decoded."""
    name = part.get_filename()
    return decoded(name) if name else ""


def _kind_name(part: Message, index: int) -> str:
    name = _filename(part)
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[^\w.\- ]+", "_", header_safe(name, limit=120)).strip(" .")
    if not name:
        subtype = part.get_content_subtype() or "bin"
        name = f"part-{index}.{subtype}"
    return name


def _attachments(msg: Message, body: Message | None) -> list[RawAttachment]:
    out = []
    for index, part in enumerate(msg.walk()):
        if part is body or part.is_multipart() or part.get_content_maintype() == "message":
            continue
        disposition = (part.get_content_disposition() or "").lower()
        if (
            part.get_content_maintype() == "text"
            and not _filename(part)
            and disposition != "attachment"
        ):
            continue  # the other alternative of the body
        data = part.get_payload(decode=True)
        if not isinstance(data, bytes):
            continue
        out.append(RawAttachment(_kind_name(part, index), part.get_content_type(), data))
    return out


def _delivery_report(msg: Message) -> DeliveryReport | None:
    if msg.get_content_type() != "multipart/report":
        return None
    if str(msg.get_param("report-type") or "").lower() != "delivery-status":
        return None
    original: list[str] = []
    recipients: list[str] = []
    action = status = diagnostic = ""
    for part in msg.walk():
        ctype = part.get_content_type()
        if ctype == "message/delivery-status":
            for block in _status_blocks(part):
                if block.get("final-recipient"):
                    recipients.append(
                        header_safe(str(block["final-recipient"]).split(";")[-1].strip())
                    )
                action = action or header_safe(str(block.get("action", "")))
                status = status or header_safe(str(block.get("status", "")))
                diagnostic = diagnostic or header_safe(
                    str(block.get("diagnostic-code", "")), limit=300
                )
        elif ctype in ("message/rfc822", "text/rfc822-headers", "message/rfc822-headers"):
            headers = _embedded_headers(part)
            if headers is not None:
                original.extend(msg_ids(str(headers.get("message-id", ""))))
                original.extend(msg_ids(str(headers.get("references", ""))))
    return DeliveryReport(tuple(original), tuple(recipients), action.lower(), status, diagnostic)


def _status_blocks(part: Message) -> list[Message]:
    payload = part.get_payload()
    if isinstance(payload, list):
        return [p for p in payload if isinstance(p, Message)]
    text = payload if isinstance(payload, str) else ""
    return [HeaderParser().parsestr(chunk) for chunk in re.split(r"\n\s*\n", text) if chunk.strip()]


def _embedded_headers(part: Message) -> Message | None:
    payload = part.get_payload()
    if isinstance(payload, list) and payload and isinstance(payload[0], Message):
        return payload[0]
    if isinstance(payload, str):
        return HeaderParser().parsestr(
            decode_part(part) if part.get("content-transfer-encoding") else payload
        )
    return None


def plausible_name(name: str) -> bool:
    """Whether a From's display name can be taken as the customer's name."""
    return 2 <= len(name) <= 80 and "@" not in name and not any(ch.isdigit() for ch in name)
