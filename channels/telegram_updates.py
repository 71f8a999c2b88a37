"""Pure translators for Telegram: a PTB `Update` -> what the channel must do,
and a command -> the text the dialogue understands. No I/O."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Final

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from domain.types import Attachment, Choice

PRIVATE: Final = "private"
MAX_TEXT: Final = 4096
CHUNK: Final = 3500  # raw characters per message: HTML escaping can grow the text
LANGUAGE_CHOICES: Final = (Choice("english", "English"), Choice("español", "Español"))


@dataclass(frozen=True, slots=True)
class Parsed:
    """What an update asks of us. `kind`: "message", "callback", "group", "member"
    (the customer blocked or unblocked the bot) or "ignore"."""

    kind: str
    update_id: int
    chat_id: int = 0
    text: str = ""
    attachments: tuple[Attachment, ...] = ()
    callback_id: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    message_id: int = 0
    edited: bool = False  # an edited_message: a correction of message `message_id`
    member_status: str = ""  # my_chat_member's new status: "kicked", "member", ...


def parse_update(update: Update) -> Parsed:
    query = update.callback_query
    if query is not None:
        msg = query.message
        if msg is None or msg.chat.type != PRIVATE or not query.data:
            return Parsed("ignore", update.update_id, callback_id=query.id)
        return Parsed(
            "callback",
            update.update_id,
            chat_id=msg.chat.id,
            text=str(query.data),
            callback_id=query.id,
        )
    member = update.my_chat_member
    if member is not None:
        if member.chat.type != PRIVATE:
            return Parsed("ignore", update.update_id)
        return Parsed(
            "member",
            update.update_id,
            chat_id=member.chat.id,
            member_status=str(member.new_chat_member.status),
        )
    edited = update.message is None and update.edited_message is not None
    message = update.message or update.edited_message
    if message is None:  # channel posts, polls ...
        return Parsed("ignore", update.update_id)
    if message.chat.type != PRIVATE:
        # an edit in a group is not a new message there: no second notice
        return Parsed("ignore" if edited else "group", update.update_id, chat_id=message.chat.id)
    text = message.text or message.caption or ""
    if message.contact is not None and message.contact.phone_number:
        # a shared contact is the callback number: as text, the extractor files it
        text = contact_phone(message.contact.phone_number)
    # an edit carries the same files again: they were recorded with the original
    attachments = () if edited else message_attachments(message)
    if not text and not attachments:
        return Parsed("ignore", update.update_id)  # stickers, locations, emptied captions ...
    if edited and text.startswith("/"):
        return Parsed("ignore", update.update_id)  # a command already ran; an edit can't undo it
    meta = {}
    if message.from_user is not None and message.from_user.language_code:
        meta["telegram_language"] = message.from_user.language_code
    return Parsed(
        "message",
        update.update_id,
        chat_id=message.chat.id,
        text=text,
        attachments=attachments,
        meta=meta,
        message_id=message.message_id,
        edited=edited,
    )


def contact_phone(number: str) -> str:
    """A contact's number as the extractor reads it. Telegram sends an account's number
    internationally without the "+"; one typed into an address book may be national
    (a leading 0), and then the plan's region reads it."""
    digits = "".join(ch for ch in number if ch.isdigit())
    if not digits or digits.startswith("0"):
        return digits
    return f"+{digits}"


def message_attachments(message: Message) -> tuple[Attachment, ...]:
    found: list[Attachment] = []
    if message.photo:
        best = message.photo[-1]  # Telegram lists the sizes smallest first
        found.append(
            Attachment(
                kind="image",
                name=f"photo-{best.file_unique_id}",
                content_type="image/jpeg",
                size=best.file_size,
                ref=best.file_id,
            )
        )
    doc = message.document
    if doc is not None:
        kind = "image" if (doc.mime_type or "").startswith("image/") else "document"
        found.append(
            Attachment(
                kind=kind,
                name=doc.file_name or "",
                content_type=doc.mime_type or "",
                size=doc.file_size,
                ref=doc.file_id,
            )
        )
    for media, kind in (
        (message.voice, "audio"),
        (message.audio, "audio"),
        (message.video, "video"),
    ):
        if media is not None:
            found.append(
                Attachment(
                    kind=kind,
                    content_type=media.mime_type or "",
                    size=media.file_size,
                    ref=media.file_id,
                )
            )
    return tuple(found)


def command_text(text: str, *, has_conversation: bool) -> str | None:
    """The dialogue's words for a bot command; None means "show the language menu".
    Text that is not a command is returned unchanged."""
    if not text.startswith("/"):
        return text
    head, _, rest = text.partition(" ")
    name = head[1:].partition("@")[0].lower()  # "/help@SupportBot" in groups and menus
    arg = rest.strip()
    if name == "start":
        return "/restart" if has_conversation else "/start"
    if name == "help":
        return "/help"
    if name == "status":
        return f"/status {arg}".strip()
    if name == "human":
        return "/human"
    if name == "lang":
        if arg.lower() in ("es", "español", "espanol", "spanish"):
            return "/lang es"
        if arg.lower() in ("en", "english", "inglés", "ingles"):
            return "/lang en"
        return None
    return "/help"  # an unknown command: explain what the bot understands


def chunks(text: str, limit: int = CHUNK) -> list[str]:
    """Split a long text at line breaks (or spaces) into pieces of at most `limit`."""
    text = text.strip()
    out: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        if cut <= 0:
            cut = text.rfind(" ", 0, limit)
        if cut <= 0:
            cut = limit
        out.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        out.append(text)
    return out


def escape(text: str) -> str:
    """Text for parse_mode=HTML: only &, < and > are special there."""
    return html.escape(text, quote=False)


def keyboard(choices: tuple[Choice, ...]) -> InlineKeyboardMarkup | None:
    if not choices:
        return None
    # callback_data is limited to 64 bytes; choice values are short identifiers
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    c.label, callback_data=c.value.encode()[:64].decode(errors="ignore")
                )
            ]
            for c in choices
        ]
    )


# Unix seconds a message date can hold (python-telegram-bot turns it into a datetime).
_LATEST_DATE: Final = 10**10
_MESSAGE_KINDS: Final = ("message", "edited_message", "channel_post", "edited_channel_post")


def malformed_update(data: dict[str, object]) -> str | None:
    """Why a decoded update is not one the Bot API sends, for the fields we read; or None."""
    for kind in _MESSAGE_KINDS:
        if kind in data:
            problem = _malformed_message(data[kind])
            if problem:
                return f"{kind}: {problem}"
    if "callback_query" in data:
        query = data["callback_query"]
        if not isinstance(query, dict) or not isinstance(query.get("id"), str):
            return "callback_query without an id"
        if not _has_int_id(query.get("from")):
            return "callback_query without a sender"
        if "data" in query and not isinstance(query["data"], str):
            return "callback_query data is not a string"
        if "message" in query:
            problem = _malformed_message(query["message"])
            if problem:
                return f"callback_query message: {problem}"
    if "my_chat_member" in data:
        change = data["my_chat_member"]
        if not isinstance(change, dict) or not _has_int_id(change.get("chat")):
            return "my_chat_member without a chat id"
        new = change.get("new_chat_member")
        if not isinstance(new, dict) or not isinstance(new.get("status"), str):
            return "my_chat_member without a new status"
    return None


def _malformed_message(message: object) -> str | None:
    if not isinstance(message, dict):
        return "not an object"
    if not isinstance(message.get("message_id"), int):
        return "no message_id"
    date = message.get("date")
    if not isinstance(date, int) or isinstance(date, bool) or not 0 <= date <= _LATEST_DATE:
        return "date out of range"
    if not _has_int_id(message.get("chat")):
        return "no chat id"
    if "from" in message and not _has_int_id(message["from"]):
        return "sender without an id"
    for key in ("text", "caption"):
        if key in message and not isinstance(message[key], str):
            return f"{key} is not a string"
    for key in ("entities", "caption_entities", "photo"):
        value = message.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            return f"{key} is not a list of objects"
    for key in ("contact", "document", "voice", "video", "audio", "sticker", "location"):
        if key in message and not isinstance(message[key], dict):
            return f"{key} is not an object"
    return None


def _has_int_id(value: object) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("id"), int)
        and not isinstance(value.get("id"), bool)
    )
