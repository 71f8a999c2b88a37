"""GET /files/{file id}/{name}: a customer's file, to whoever holds a valid link.

403 for a signature that is not ours or has expired, 404 for a file no ticket carries (or a
reference outside the attachments folder), 502 when the provider would not give it. Files
the bot keeps itself (email attachments, web chat uploads) are read from disk; files that
stay at the provider (Twilio MMS media, Telegram files) are fetched with the provider's
credentials on the first download, no larger than the cap, and kept beside the others, so a
turn never waits on a provider and a failed fetch loses nothing: the reference stays on the
ticket and the next download tries again. Every answer is a download (Content-Disposition:
attachment) that the browser may not sniff or run.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Final, Protocol

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Route

from bot.files.links import FILE_ID, PATH, FileLinks, display_name, find
from bot.store.protocol import Store
from domain.types import Attachment, Ticket

log = logging.getLogger("supportbot.files")

DEFAULT_MAX_BYTES: Final = 25 * 1024 * 1024
# types a browser would render or run: always served as bytes
_ACTIVE: Final = ("text/html", "image/svg", "text/xml", "application/xml", "javascript", "xhtml")
HEADERS: Final = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cache-Control": "private, no-store",
    "Referrer-Policy": "no-referrer",
}


class FetchFailed(Exception):
    """The provider did not give the file (network, auth, gone); the message is for logs and
    the person downloading, and never carries a credential or the provider's URL."""


class TooLarge(FetchFailed):
    pass


class Fetcher(Protocol):
    """A channel's way to get a file it only holds a reference to."""

    async def fetch(self, ref: str, *, limit: int) -> bytes: ...


class FileServer:
    def __init__(
        self,
        *,
        store: Store,
        links: FileLinks,
        root: Path,
        fetchers: Mapping[str, Fetcher],
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        self.store = store
        self.links = links
        self.root = root
        self.fetchers = dict(fetchers)
        self.max_bytes = max_bytes
        self._locks: dict[str, asyncio.Lock] = {}

    def routes(self) -> list[BaseRoute]:
        return [Route(PATH + "/{fid}/{name}", self.handle, methods=["GET"])]

    async def handle(self, request: Request) -> Response:
        fid = str(request.path_params["fid"])
        m = FILE_ID.match(fid)
        if m is None:
            return _error(404, "no such file")
        params = request.query_params
        if not self.links.valid(fid, params.get("expires", ""), params.get("sig", "")):
            return _error(403, "this link is not valid or has expired; ask for a new one")
        ticket = await self.store.get_ticket(int(m.group(1)))
        attachment = find(ticket, fid) if ticket is not None else None
        if ticket is None or attachment is None:
            return _error(404, "no such file")
        # an agent's file, an upload or an email attachment is on disk; a customer's MMS
        # or Telegram file is at the provider until someone asks for it
        fetcher = None if attachment.by else self.fetchers.get(ticket.address.channel)
        if fetcher is None:
            path = self._kept(attachment.ref)
            if path is None:
                return _error(404, "the file is no longer kept")
        else:
            fetched = await self._fetched(ticket, attachment, fetcher)
            if isinstance(fetched, Response):
                return fetched
            path = fetched
        index = ticket.attachments.index(attachment)
        return FileResponse(
            path,
            media_type=_served_type(attachment.content_type),
            filename=display_name(attachment, index),
            content_disposition_type="attachment",
            headers=HEADERS,
        )

    def _kept(self, ref: str) -> Path | None:
        """A stored file under the attachments folder, never a path that leaves it."""
        root = self.root.resolve()
        try:
            path = Path(ref).resolve()
        except (OSError, ValueError):
            return None
        if not path.is_relative_to(root) or not path.is_file():
            return None
        return path

    async def _fetched(
        self, ticket: Ticket, attachment: Attachment, fetcher: Fetcher
    ) -> Path | Response:
        channel = ticket.address.channel
        digest = hashlib.sha256(attachment.ref.encode("utf-8")).hexdigest()[:32]
        path = self.root / "fetched" / channel / digest
        lock = self._locks.setdefault(digest, asyncio.Lock())
        try:
            async with lock:  # two first downloads at once fetch once
                if path.is_file():
                    return path
                try:
                    data = await fetcher.fetch(attachment.ref, limit=self.max_bytes)
                except TooLarge:
                    log.warning("file over the fetch cap", extra={"ticket": ticket.number})
                    return _error(
                        502, f"the file is larger than {self.max_bytes} bytes and was not fetched"
                    )
                except FetchFailed as exc:
                    log.warning(
                        "file fetch failed: %s",
                        exc,
                        extra={"ticket": ticket.number, "channel": channel},
                    )
                    return _error(502, f"{channel} did not give the file; try again later")
                await asyncio.to_thread(_write, path, data)
                return path
        finally:
            if not lock.locked():
                self._locks.pop(digest, None)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(path)


def _served_type(content_type: str) -> str:
    kind = content_type.partition(";")[0].strip().lower()
    if not kind or "/" not in kind or any(a in kind for a in _ACTIVE):
        return "application/octet-stream"
    return kind


def _error(status: int, detail: str) -> Response:
    return JSONResponse({"error": detail}, status_code=status, headers=HEADERS)
