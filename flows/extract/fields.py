"""Intake-field extraction from free customer text (English and Spanish).

Pure functions: no I/O, no clock. Every regex is precompiled and bounded so that
a 100 kB message is handled in a few milliseconds; the expensive libphonenumber
matcher only ever sees short candidate substrings, and at most
``_MAX_PHONE_CANDIDATES`` of them (`flows.extract.phone`).

Fields are claimed in a fixed order (Call-ID, email, ticket, account, phone) and
a span claimed by one field is never reported as another: a Call-ID that looks
like an email address is not an email, an account number is not a phone.

This module is the public face: `extract` runs the per-field extractors
(`flows.extract.ids`, `flows.extract.phone`, `flows.extract.name` and
`flows.extract.signoff`,
`flows.extract.error`, over text cleaned by `flows.extract.text`), and
direct answers are read by `flows.extract.answers`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Final

from domain.evolve import evolve
from flows.extract.answers import (
    Answer,
    is_correction,
    is_no,
    is_skip,
    is_yes,
    non_answer,
    parse_answer,
)
from flows.extract.error import find_error
from flows.extract.ids import find_account, find_call_id, find_emails, find_ticket, pick_email
from flows.extract.phone import extension_after, find_phones, pick_phone_item
from flows.extract.signoff import find_name
from flows.extract.text import Span, clean_text

__all__ = [
    "Answer",
    "Extraction",
    "extract",
    "extract_contacts",
    "is_correction",
    "is_no",
    "is_skip",
    "is_yes",
    "non_answer",
    "parse_answer",
]


@dataclass(frozen=True, slots=True)
class Extraction:
    """Intake fields found in one message; ``None`` where nothing reliable was found."""

    name: str | None = None
    phone: str | None = None
    phone_extension: str | None = None  # "ext. 12" written with the callback number
    email: str | None = None
    call_id: str | None = None
    ticket: str | None = None
    account_id: str | None = None
    error_text: str | None = None

    @property
    def callback(self) -> str | None:
        """The number as a ticket keeps it: E.164, plus its extension ("+14155550100 ext. 12")."""
        if self.phone and self.phone_extension:
            return f"{self.phone} ext. {self.phone_extension}"
        return self.phone

    def as_dict(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for name in _EXTRACTION_FIELDS:
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        return out


_EXTRACTION_FIELDS: Final = tuple(f.name for f in fields(Extraction))


# Long messages are read from their head and their signature only.
_HEAD_CHARS: Final = 10_000
_TAIL_CHARS: Final = 3_000


def _occurrences(text: str, token: str, limit: int = 50) -> list[Span]:
    spans: list[Span] = []
    pos = text.find(token)
    while pos != -1 and len(spans) < limit:
        spans.append((pos, pos + len(token)))
        pos = text.find(token, pos + 1)
    return spans


def _window(text: str) -> str:
    """Bound the work on huge inputs: the head of a message and its signature."""
    if len(text) <= _HEAD_CHARS + _TAIL_CHARS:
        return text
    return text[:_HEAD_CHARS] + "\n\n" + text[-_TAIL_CHARS:]


def extract(text: str, *, region: str = "US", contacts: Extraction | None = None) -> Extraction:
    """Find intake fields in one free-text customer message.

    Messages longer than about 16 kB are read from their first ``_HEAD_CHARS``
    and last ``_TAIL_CHARS`` characters only (intake details and signatures).
    `contacts`: what `extract_contacts` read in the same text already; only the rest
    (the name and the error text) is read then.
    """
    if not text:
        return Extraction()
    clean = _window(clean_text(text))
    found = contacts if contacts is not None else _contacts(clean, region)
    return evolve(found, name=find_name(clean), error_text=find_error(clean))


def extract_contacts(text: str, *, region: str = "US") -> Extraction:
    """`extract` without the name and the error text: the identifiers (Call-ID, email,
    ticket, account, callback number), read exactly as `extract` reads them. What an
    outage's child needs at once (bot: the storm path); the rest is read later."""
    if not text:
        return Extraction()
    return _contacts(_window(clean_text(text)), region)


def _contacts(clean: str, region: str) -> Extraction:
    claimed: list[Span] = []

    call_id = find_call_id(clean)
    if call_id:
        claimed.extend(_occurrences(clean, call_id[0]))

    email_found = find_emails(clean, claimed)
    email = pick_email(email_found)
    claimed.extend(span for _, span, _ in email_found)

    ticket = find_ticket(clean)
    if ticket:
        claimed.append(ticket[1])

    account = find_account(clean, claimed)
    if account:
        claimed.append(account[1])

    picked = pick_phone_item(find_phones(clean, region, claimed))
    phone = picked[0] if picked else None
    extension = extension_after(clean, picked[1][1]) if picked else None

    return Extraction(
        phone=phone,
        phone_extension=extension,
        email=email[0] if email else None,
        call_id=call_id[0] if call_id else None,
        ticket=ticket[0] if ticket else None,
        account_id=account[0] if account else None,
    )
