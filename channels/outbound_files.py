"""The files an agent sent (`Outbound.attachments`, kept under data_dir), as each channel
delivers them: download links where the channel carries only text (SMS, web chat), the
bytes where it carries files (Telegram documents, email attachments)."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from email.message import EmailMessage
from pathlib import Path

from bot.engine.delivery import PermanentFailure
from bot.files.links import FileLinks
from domain.types import Attachment, Outbound


def link_lines(message: Outbound, files: FileLinks | None) -> list[str]:
    """One "name: link" line per file (the name alone when no link can be made)."""
    out = []
    for i, a in enumerate(message.attachments):
        link = None
        if files is not None and message.ticket_number is not None:
            link = files.link_for(message.ticket_number, a, i)
        out.append(f"{a.name}: {link.url}" if link is not None else a.name)
    return out


def with_links(message: Outbound, files: FileLinks | None) -> Outbound:
    """The message with its files' links after its text, and no files left to send."""
    if not message.attachments:
        return message
    text = "\n".join(filter(None, [message.text, *link_lines(message, files)]))
    return replace(message, text=text, attachments=())


async def read_file(attachment: Attachment) -> bytes:
    """The kept bytes; gone from disk is a failure no retry mends."""
    try:
        return await asyncio.to_thread(Path(attachment.ref).read_bytes)
    except OSError:
        raise PermanentFailure(f"the file {attachment.name} is no longer kept") from None


async def attach_files(mime: EmailMessage, attachments: tuple[Attachment, ...]) -> None:
    """Each file as a part of the mail (which becomes multipart/mixed)."""
    for attachment in attachments:
        maintype, _, subtype = attachment.content_type.partition("/")
        mime.add_attachment(
            await read_file(attachment),
            maintype=maintype if subtype else "application",
            subtype=subtype or "octet-stream",
            filename=attachment.name,
        )
