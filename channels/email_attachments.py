"""A mail's attachments, kept on disk under the data dir, named by their content."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from datetime import datetime
from pathlib import Path
from typing import Final

from channels.email_parse import RawAttachment
from domain.types import Attachment

log = logging.getLogger("supportbot.email")

MAX_ATTACHMENTS: Final = 20


def attachment_kind(content_type: str) -> str:
    major = content_type.partition("/")[0]
    if major in ("image", "audio"):
        return major
    if (
        major == "text"
        or content_type in ("application/pdf", "application/msword")
        or "document" in content_type
    ):
        return "document"
    return "file"


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        tmp = path.with_name(path.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(path)


async def store_attachments(
    raws: tuple[RawAttachment, ...], now: datetime, *, root: Path, cap: int
) -> tuple[Attachment, ...]:
    """Keep a mail's attachments on disk (content-addressed); larger than `cap`: listed only."""
    out: list[Attachment] = []
    for raw in raws[:MAX_ATTACHMENTS]:
        kind = attachment_kind(raw.content_type)
        size = len(raw.data)
        if size > cap:
            log.warning(
                "attachment of %d bytes over the %d byte cap: listed, not stored", size, cap
            )
            out.append(Attachment(kind, raw.name, raw.content_type, size, ref=""))
            continue
        digest = hashlib.sha256(raw.data).hexdigest()[:16]
        path = root / f"{now:%Y}" / f"{now:%m}" / f"{digest}-{raw.name}"
        await asyncio.to_thread(_write, path, raw.data)
        out.append(Attachment(kind, raw.name, raw.content_type, size, ref=str(path)))
    return tuple(out)
