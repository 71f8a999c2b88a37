"""Files customers sent on Telegram, fetched when an agent first opens them
(`bot/files/serve.py`): `getFile` for the file's path, then the download, both through
python-telegram-bot's `Bot` (the bot token is in the download URL: nothing here logs it or
an exception's text, only its kind)."""

from __future__ import annotations

from telegram import Bot
from telegram.error import TelegramError

from bot.files.serve import FetchFailed, TooLarge


class TelegramFiles:
    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def fetch(self, ref: str, *, limit: int) -> bytes:
        try:
            file = await self.bot.get_file(ref)
            if file.file_size is not None and file.file_size > limit:
                raise TooLarge(f"{file.file_size} bytes")
            data = bytes(await file.download_as_bytearray())
        except (TelegramError, OSError, RuntimeError) as exc:
            raise FetchFailed(f"telegram: {type(exc).__name__}") from None
        if len(data) > limit:
            raise TooLarge(f"{len(data)} bytes")
        return data
