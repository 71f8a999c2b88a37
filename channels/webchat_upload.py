"""Files from the web chat: `POST /chat/upload`.

The body is the file itself (no multipart): `Authorization: Bearer <session token>`
names the conversation (the token the page holds, never a URL parameter, so it stays
out of access logs), `X-File-Name` (percent-encoded) its name, `X-Upload-Id` a
client id that makes a retried upload count once, `Content-Type` the type the browser
declares. The body is read up to the cap and no further; its type is decided by its
first bytes (PNG, JPEG, GIF, WebP, PDF, or UTF-8 text without NUL bytes), and a
declared type that contradicts them is refused, so an executable or an SVG renamed
`.png` is not kept. A kept file is stored like an email attachment and enters the
conversation as a turn with that attachment: the bot acknowledges it, the ticket
carries it, the agent desk shows it.

Answers: 200 {"attachment": {...}}, 401 {"error": "session"}, 413 {"error":
"too_large", "limit"}, 415 {"error": "type"}, 400 {"error": "empty"}, 429 {"error":
"rate"} (more than `max_per_minute` uploads in a session's last minute: files reach the
disk before the turn's own per-minute limit could stop them).
"""

from __future__ import annotations

import asyncio
import codecs
import logging
import time
import uuid
from collections import deque
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Final
from urllib.parse import unquote

from starlette.requests import Request
from starlette.responses import JSONResponse

from channels.attachments import attachment_kind, safe_name, stored_path, write_once
from domain.types import Attachment

log = logging.getLogger("supportbot.webchat")

SNIFF_BYTES: Final = 8192
_MAGIC: Final = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
)
# What a browser may declare for each sniffed type ("" and octet-stream: it did not know).
_UNSURE: Final = frozenset({"", "application/octet-stream"})
_DECLARED: Final[dict[str, frozenset[str]]] = {
    "application/pdf": frozenset({"application/pdf", "application/x-pdf"}),
}


def sniff(data: bytes) -> str | None:
    """The content type the bytes themselves show, or None for anything not accepted."""
    for magic, ctype in _MAGIC:
        if data.startswith(magic):
            return ctype
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    head = data[:SNIFF_BYTES]
    if b"\x00" in head:
        return None
    try:
        # incremental: the sample may cut a multi-byte character in two
        codecs.getincrementaldecoder("utf-8")().decode(head, final=len(data) <= SNIFF_BYTES)
    except UnicodeDecodeError:
        return None
    return "text/plain"


def declared_fits(declared: str, sniffed: str) -> bool:
    declared = declared.partition(";")[0].strip().lower()
    if declared in _UNSURE:
        return True
    if sniffed.startswith("image/"):
        return declared.startswith("image/") and declared != "image/svg+xml"
    if sniffed == "text/plain":
        # a log may be declared as any text type; markup that runs (html, svg) may not
        return declared.startswith("text/") and declared not in ("text/html", "text/xml")
    return declared in _DECLARED.get(sniffed, frozenset({sniffed}))


async def read_capped(request: Request, cap: int) -> bytes | None:
    """The body, or None as soon as it is known to exceed `cap` (nothing more is read)."""
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > cap:
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


SessionOf = Callable[[str], Awaitable[str | None]]
Deliver = Callable[[str, str, Attachment], Awaitable[None]]


class Uploads:
    """The endpoint; `session_of(token)` is the web chat's check of a current session
    token, `deliver(sid, upload_id, attachment)` runs the turn and pushes its replies."""

    def __init__(
        self,
        *,
        root: Path,
        max_bytes: int,
        session_of: SessionOf,
        deliver: Deliver,
        clock: Callable[[], datetime],
        max_per_minute: int = 10,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.root = root
        self.max_bytes = max_bytes
        self.max_per_minute = max_per_minute
        self.monotonic = monotonic
        self._recent: dict[str, deque[float]] = {}  # upload times by session, last minute
        self._session_of = session_of
        self._deliver = deliver
        self._clock = clock

    async def handle(self, request: Request) -> JSONResponse:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        sid = await self._session_of(token.strip()) if scheme.lower() == "bearer" else None
        if sid is None:
            return JSONResponse({"error": "session"}, status_code=401)
        if self._too_many(sid):
            log.warning("webchat: uploads over %d a minute refused", self.max_per_minute)
            return JSONResponse({"error": "rate"}, status_code=429)
        data = await read_capped(request, self.max_bytes)
        if data is None:
            log.info("webchat: upload over the %d byte cap refused", self.max_bytes)
            return JSONResponse({"error": "too_large", "limit": self.max_bytes}, status_code=413)
        if not data:
            return JSONResponse({"error": "empty"}, status_code=400)
        declared = request.headers.get("content-type", "")
        sniffed = sniff(data)
        if sniffed is None or not declared_fits(declared, sniffed):
            log.info("webchat: upload refused, content is not an accepted type")
            return JSONResponse({"error": "type"}, status_code=415)
        name = safe_name(unquote(request.headers.get("x-file-name", "")), default="upload")
        upload_id = request.headers.get("x-upload-id", "")[:100] or uuid.uuid4().hex
        path = stored_path(self.root, self._clock(), data, name)
        await asyncio.to_thread(write_once, path, data)
        attachment = Attachment(attachment_kind(sniffed), name, sniffed, len(data), ref=str(path))
        await self._deliver(sid, upload_id, attachment)
        return JSONResponse(
            {
                "attachment": {
                    "name": name,
                    "kind": attachment.kind,
                    "content_type": sniffed,
                    "size": len(data),
                }
            }
        )

    def _too_many(self, sid: str) -> bool:
        """Counts this upload in the session's last minute; True when over the limit."""
        if not self.max_per_minute:
            return False
        now = self.monotonic()
        for key in [k for k, q in self._recent.items() if not q or now - q[-1] >= 60.0]:
            del self._recent[key]  # sessions quiet for a minute are forgotten
        recent = self._recent.setdefault(sid, deque())
        while recent and now - recent[0] >= 60.0:
            recent.popleft()
        if len(recent) >= self.max_per_minute:
            return True
        recent.append(now)
        return False
