"""Signed, expiring download links for the files on a ticket.

A file is named by its ticket and a digest of its reference (the stored path, the Twilio
media URL, the Telegram file_id): `10001-3f9a0c...`, the same for as long as the ticket
carries it. A link is `<public base>/files/<file id>/<name>?expires=<unix>&sig=<hmac>`, the
HMAC-SHA256 of `<file id>:<expires>` under the links' secret: whoever holds the link may
download the file until it expires, and nobody can make one for another file or a later
expiry. The name in the path is for the browser only; it is never looked up.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final
from urllib.parse import quote

from domain.types import Attachment, Ticket

PATH: Final = "/files"
DEFAULT_TTL: Final = timedelta(days=7)
FILE_ID: Final = re.compile(r"^(\d{1,12})-([0-9a-f]{24})$")
_NAME_UNSAFE: Final = re.compile(r"[^A-Za-z0-9._-]+")


def file_id(ticket: int, attachment: Attachment) -> str:
    digest = hashlib.sha256(attachment.ref.encode("utf-8")).hexdigest()[:24]
    return f"{ticket}-{digest}"


def find(ticket: Ticket, fid: str) -> Attachment | None:
    """The ticket's attachment with this file id (None for one not kept: no reference)."""
    return next((a for a in ticket.attachments if a.ref and file_id(ticket.number, a) == fid), None)


def display_name(attachment: Attachment, index: int = 0) -> str:
    name = _NAME_UNSAFE.sub("_", attachment.name).strip("._")[:80]
    return name or f"{attachment.kind or 'file'}-{index + 1}"


@dataclass(frozen=True, slots=True)
class FileLink:
    name: str
    kind: str
    content_type: str
    size: int | None
    url: str
    expires: datetime


class FileLinks:
    """Makes and checks the links; one per app (`bot/app.py`), shared by the desk and the API."""

    def __init__(
        self,
        *,
        secret: str,
        base_url: str,
        clock: Callable[[], datetime],
        ttl: timedelta = DEFAULT_TTL,
    ) -> None:
        if not secret:
            raise ValueError("a file link secret is required")
        self._key = secret.encode("utf-8")
        self.base_url = base_url.rstrip("/")
        self.clock = clock
        self.ttl = ttl

    def signature(self, fid: str, expires: int) -> str:
        msg = f"{fid}:{expires}".encode()
        return hmac.new(self._key, msg, hashlib.sha256).hexdigest()

    def valid(self, fid: str, expires: str, sig: str) -> bool:
        """The signature is ours and the link has not expired."""
        if not expires.isdigit() or len(expires) > 12 or len(sig) != 64:
            return False
        if not hmac.compare_digest(self.signature(fid, int(expires)), sig.lower()):
            return False
        return int(expires) > self.clock().timestamp()

    def link(self, ticket: Ticket, attachment: Attachment, index: int = 0) -> FileLink | None:
        """A link to one of the ticket's files; None for a file that was not kept."""
        return self.link_for(ticket.number, attachment, index)

    def link_for(self, number: int, attachment: Attachment, index: int = 0) -> FileLink | None:
        """A link to a file ticket `number` carries (the ticket itself is not needed)."""
        if not attachment.ref:
            return None
        fid = file_id(number, attachment)
        expires_at = self.clock() + self.ttl
        expires = int(expires_at.timestamp())
        name = display_name(attachment, index)
        url = (
            f"{self.base_url}{PATH}/{fid}/{quote(name)}"
            f"?expires={expires}&sig={self.signature(fid, expires)}"
        )
        return FileLink(
            name=name,
            kind=attachment.kind,
            content_type=attachment.content_type,
            size=attachment.size,
            url=url,
            expires=expires_at,
        )

    def links(self, ticket: Ticket, attachments: tuple[Attachment, ...] = ()) -> list[FileLink]:
        """Links to `attachments` (all the ticket's files when empty), those kept."""
        chosen = attachments or ticket.attachments
        found = (self.link(ticket, a, i) for i, a in enumerate(chosen))
        return [link for link in found if link is not None]
