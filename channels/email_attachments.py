"""A mail's attachments, kept on disk under the data dir, named by their content
(channels/attachments.py, as the web chat's uploads are)."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from pathlib import Path
from typing import Final

from channels.attachments import attachment_kind, stored_path, write_once
from channels.email_parse import RawAttachment
from domain.types import Attachment

log = logging.getLogger("supportbot.email")

MAX_ATTACHMENTS: Final = 20


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
        path = stored_path(root, now, raw.data, raw.name)
        await asyncio.to_thread(write_once, path, raw.data)
        out.append(Attachment(kind, raw.name, raw.content_type, size, ref=str(path)))
    return tuple(out)
