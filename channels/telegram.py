"""Telegram through python-telegram-bot's `Bot`, in webhook or polling mode.

Webhook: `POST /webhooks/telegram` checks `X-Telegram-Bot-Api-Secret-Token`
(403 otherwise), parses the update with PTB's `Update.de_json`, runs the turn
and answers 200 only after the commit (a 503 makes Telegram retry). At start
the channel registers the webhook (`setWebhook` with the secret token and the
update types we handle). Polling (`mode = "polling"`, for development) removes
the webhook and long-polls `getUpdates`, feeding the same handler.

Replies go through the outbox and the dispatcher (`engine.handle(inline=False)`),
not in the webhook response: Telegram ignores the result of a method returned
there, so an error would go unnoticed and `RetryAfter` could not be honoured.
`send()` renders choices as an inline keyboard; a pressed button's callback
query is answered and its value fed to the dialogue as the customer's text.
Text goes out with parse_mode=HTML, escaped.

Private chats only: in a group the bot says once that it works in private chat
(a flag per chat) and then stays quiet.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import warnings
from datetime import timedelta
from typing import Any, Final

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from telegram import Bot, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, InvalidToken, RetryAfter, TelegramError
from telegram.warnings import PTBDeprecationWarning

from bot.config import Settings
from bot.engine.delivery import PermanentFailure, Receipt, TemporaryFailure
from bot.engine.turns import Engine
from bot.outage import Outage
from bot.store.protocol import OutboxStatus, StoreError
from channels.base import opt_out_flag
from channels.direct import commit_direct, note_on_tickets
from channels.outbound_files import read_file
from channels.telegram_files import TelegramFiles
from channels.telegram_updates import (
    LANGUAGE_CHOICES,
    Parsed,
    chunks,
    command_text,
    escape,
    keyboard,
    malformed_update,
    parse_update,
)
from domain.types import DEFAULT_LIMITS, Address, ChannelLimits, Inbound, Outbound
from flows.catalog import messages as catalog
from flows.dialogue.inputs import EDIT_OF, EDITED

log = logging.getLogger("supportbot.telegram")
_STORE_DOWN = Outage(log, "Telegram updates answered 503")

WEBHOOK_PATH: Final = "/webhooks/telegram"
ALLOWED_UPDATES: Final = ("message", "edited_message", "callback_query", "my_chat_member")
MAX_BODY_BYTES: Final = 1024 * 1024
POLL_TIMEOUT: Final = 25  # seconds a getUpdates long poll may wait
MAX_BACKOFF: Final = 300.0
REMEMBERED_CHARS: Final = 500  # of a message's text, kept so an edit of it can be placed


def group_flag(chat_id: int) -> str:
    return f"telegram:group_notice:{chat_id}"


def message_flag(chat_id: int, message_id: int) -> str:
    """Where a customer message's text is kept, for an edit of it to say what it corrects."""
    return f"telegram:message:{chat_id}:{message_id}"


def _retry_after(exc: RetryAfter) -> float:
    # PTB 22 warns that the int form will become a timedelta; accept either
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class TelegramChannel:
    """A Telegram bot: verified webhook or polling, inline keyboards, private chats only."""

    name = "telegram"

    def __init__(
        self,
        *,
        engine: Engine,
        bot: Bot,
        secret_token: str,
        mode: str = "webhook",
        webhook_url: str = "",
        limits: ChannelLimits | None = None,
    ) -> None:
        self.engine = engine
        self.bot = bot
        self.secret_token = secret_token
        self.mode = mode
        self.webhook_url = webhook_url
        self.limits: ChannelLimits = limits or DEFAULT_LIMITS["telegram"]
        self._tasks: set[asyncio.Task[None]] = set()
        self.file_fetcher = TelegramFiles(bot)  # customers' files for the agents' links
        self.ready = asyncio.Event()  # set once the bot is registered (webhook) or polling

    def routes(self) -> list[BaseRoute]:
        return [Route(WEBHOOK_PATH, self.webhook, methods=["POST"])]

    # -- lifecycle --------------------------------------------------------------------------

    async def start(self) -> None:
        if self.mode == "webhook" and not self.secret_token:
            log.error("channels.telegram.secret_token is empty: every webhook call will get 403")
        # Connecting runs in the background: a Bot API outage must not stop the server.
        self._spawn(self._connect(), "telegram-connect")

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()
        try:
            await self.bot.shutdown()
        except TelegramError:
            log.exception("closing the Telegram client failed")

    def _spawn(self, coro: Any, name: str) -> None:
        task = asyncio.create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _connect(self) -> None:
        delay = 1.0
        while True:
            try:
                await self.bot.initialize()
                if self.mode == "polling":
                    await self.bot.delete_webhook()
                else:
                    await self.bot.set_webhook(
                        url=self.webhook_url,
                        secret_token=self.secret_token or None,
                        allowed_updates=list(ALLOWED_UPDATES),
                    )
                break
            except RetryAfter as exc:
                delay = _retry_after(exc)
            except (TelegramError, OSError) as exc:
                log.warning(
                    "Telegram Bot API not reachable (%s); retrying in %.0fs",
                    type(exc).__name__,
                    delay,
                )
            await asyncio.sleep(delay)
            delay = min(MAX_BACKOFF, delay * 2)
        log.info("telegram %s mode ready", self.mode)
        self.ready.set()
        if self.mode == "polling":
            await self._poll()

    async def _poll(self) -> None:
        offset: int | None = None
        delay = 1.0
        while True:
            try:
                updates = await self.bot.get_updates(
                    offset=offset, timeout=POLL_TIMEOUT, allowed_updates=list(ALLOWED_UPDATES)
                )
                for update in updates:
                    await self.process(update)
                    offset = update.update_id + 1
                delay = 1.0
            except RetryAfter as exc:
                await asyncio.sleep(_retry_after(exc))
            except (TelegramError, StoreError, OSError) as exc:
                # the update is not acknowledged (offset unchanged): it comes again
                log.warning("polling failed (%s); retrying in %.0fs", type(exc).__name__, delay)
                await asyncio.sleep(delay)
                delay = min(MAX_BACKOFF, delay * 2)

    # -- webhook ----------------------------------------------------------------------------

    async def webhook(self, request: Request) -> Response:
        given = request.headers.get("x-telegram-bot-api-secret-token", "")
        if not self.secret_token or not hmac.compare_digest(
            given.encode(), self.secret_token.encode()
        ):
            return Response("bad secret token", status_code=403, media_type="text/plain")
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            return Response("body too large", status_code=413, media_type="text/plain")
        # Telegram retries a non-2xx update for a day: anything malformed is a 400 (it will
        # not get better), never a 5xx. Deep nesting, a date out of range and a non-string
        # text used to escape as RecursionError, OverflowError or a failure in the turn.
        try:
            data = json.loads(body)
            if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                raise ValueError("not an update")
            if not any(kind in data for kind in ALLOWED_UPDATES):
                # an update type we do not handle (polls, channel posts...): ack and forget
                return Response(status_code=200)
            problem = malformed_update(data)
            if problem is not None:
                raise ValueError(problem)
            update = Update.de_json(data, self.bot)
            parse_update(update)  # what the turn will read, read now while a 400 is possible
        except (
            ValueError,
            TypeError,
            KeyError,
            AttributeError,
            RecursionError,
            OverflowError,
            OSError,
        ) as exc:
            log.warning("telegram: malformed update refused (%s)", type(exc).__name__)
            return Response(
                "expected a Telegram Update as JSON", status_code=400, media_type="text/plain"
            )
        try:
            await self.process(update)
        except StoreError as exc:  # Telegram retries the update; one log line per interval
            _STORE_DOWN.failed(exc)
            return Response("store unavailable", status_code=503)
        return Response(status_code=200)

    async def process(self, update: Update) -> None:
        """Handle one update (webhook or polling); returns after the commit."""
        parsed = parse_update(update)
        if parsed.kind == "group":
            await self._group_notice(parsed)
        elif parsed.kind == "member":
            await self._membership(parsed)
        elif parsed.kind in ("message", "callback"):
            await self._turn(parsed)
        if parsed.callback_id:
            await self._answer_callback(parsed.callback_id)

    async def _turn(self, parsed: Parsed) -> None:
        address = Address("telegram", str(parsed.chat_id))
        text = parsed.text
        if parsed.kind == "message" and text.startswith("/"):
            has_conversation = await self.engine.store.load_conversation(str(address)) is not None
            mapped = command_text(text, has_conversation=has_conversation)
            if mapped is None:
                await self._language_menu(parsed, address)
                return
            text = mapped
        meta = dict(parsed.meta)
        flags: tuple[tuple[str, str | None], ...] = ()
        if parsed.kind == "message" and text and not text.startswith("/"):
            key = message_flag(parsed.chat_id, parsed.message_id)
            if parsed.edited:
                # a correction of that message: the dialogue changes what it said, and
                # the edit's own update id is the dedup key (each edit is one turn)
                meta[EDITED] = "1"
                meta[EDIT_OF] = await self.engine.store.get_flag(key) or ""
            flags = ((key, text[:REMEMBERED_CHARS]),)
        inbound = Inbound(
            address=address,
            text=text,
            external_id=str(parsed.update_id),
            received_at=self.engine.clock(),
            attachments=parsed.attachments,
            meta=meta,
        )
        await self.engine.handle(inbound, inline=False, flags=flags)

    async def _membership(self, parsed: Parsed) -> None:
        """The customer blocked the bot ("kicked") or unblocked it ("member"): like an SMS
        STOP and START, the opt-out flag stops every send to the chat until it is lifted."""
        address = Address("telegram", str(parsed.chat_id))
        key = opt_out_flag(address)
        blocked = parsed.member_status == "kicked"
        was_blocked = await self.engine.store.get_flag(key) is not None
        change: tuple[tuple[str, str | None], ...] = ()
        if blocked and not was_blocked:
            change = ((key, self.engine.clock().isoformat()),)
        elif parsed.member_status == "member" and was_blocked:
            change = ((key, None),)
        inbound = Inbound(
            address=address,
            text="",
            external_id=str(parsed.update_id),
            received_at=self.engine.clock(),
        )
        committed = await commit_direct(self.engine, inbound, flags=change, record_text=False)
        if not committed or not change:
            return
        log.info("telegram chat %s the bot", "blocked" if blocked else "unblocked")
        kind, detail = (
            ("telegram_blocked", "the customer blocked the bot on Telegram; nothing reaches them")
            if blocked
            else ("telegram_unblocked", "the customer unblocked the bot on Telegram")
        )
        await note_on_tickets(self.engine, address, kind, detail)

    async def _language_menu(self, parsed: Parsed, address: Address) -> None:
        conv = await self.engine.store.load_conversation(str(address))
        lang = (conv.lang if conv else "") or self.engine.policy.plan.default_language
        inbound = Inbound(
            address=address,
            text=parsed.text,
            external_id=str(parsed.update_id),
            received_at=self.engine.clock(),
        )
        await commit_direct(
            self.engine,
            inbound,
            reply=catalog.render(lang, "telegram.choose_language"),
            choices=LANGUAGE_CHOICES,
        )

    async def _group_notice(self, parsed: Parsed) -> None:
        flag = group_flag(parsed.chat_id)
        if await self.engine.store.get_flag(flag) is not None:
            return  # said it once; stay quiet
        lang = self.engine.policy.plan.default_language
        notice = catalog.render(lang, "telegram.private_only", bot=await self._username())
        inbound = Inbound(
            address=Address("telegram", str(parsed.chat_id)),
            text="",
            external_id=str(parsed.update_id),
            received_at=self.engine.clock(),
        )
        # the group's messages are not for us: nothing of theirs is recorded
        await commit_direct(
            self.engine, inbound, reply=notice, flags=((flag, "1"),), record_text=False
        )

    async def _username(self) -> str:
        try:
            return self.bot.username
        except RuntimeError:  # not initialized yet
            return (await self.bot.get_me()).username or ""

    async def _answer_callback(self, callback_id: str) -> None:
        try:
            await self.bot.answer_callback_query(callback_id)
        except TelegramError as exc:  # too old or already answered: the press was still handled
            log.debug("answerCallbackQuery failed: %s", exc)

    # -- outbound ---------------------------------------------------------------------------

    async def send(self, message: Outbound) -> Receipt:
        if await self.engine.store.get_flag(opt_out_flag(message.address)) is not None:
            raise PermanentFailure("the customer blocked the bot on Telegram; nothing was sent")
        pieces = chunks(message.text) if message.text.strip() else []
        ids: list[str] = []
        try:
            for i, piece in enumerate(pieces):
                last = i == len(pieces) - 1
                sent = await self.bot.send_message(
                    chat_id=int(message.address.id),
                    text=escape(piece),
                    parse_mode=ParseMode.HTML,
                    reply_markup=keyboard(message.choices) if last else None,
                )
                ids.append(str(sent.message_id))
            for attachment in message.attachments:  # an agent's files, as documents
                doc = await self.bot.send_document(
                    chat_id=int(message.address.id),
                    document=await read_file(attachment),
                    filename=attachment.name,
                )
                ids.append(str(doc.message_id))
        except RetryAfter as exc:
            raise TemporaryFailure("telegram flood control", retry_after=_retry_after(exc)) from exc
        except (Forbidden, BadRequest) as exc:  # blocked by the user, chat gone, bad request
            raise PermanentFailure(f"telegram refused: {exc.message}") from exc
        except (InvalidToken, TelegramError) as exc:  # network errors, timeouts, a bad token
            raise TemporaryFailure(f"telegram error: {type(exc).__name__}") from exc
        except ValueError as exc:  # a non-numeric chat id: not a Telegram address
            raise PermanentFailure(f"not a Telegram chat id: {exc}") from exc
        return Receipt(provider_id=" ".join(ids), status=OutboxStatus.DELIVERED)


def build_telegram_channel(settings: Settings, engine: Engine) -> TelegramChannel:
    """The Telegram channel from `[channels.telegram]`; the Bot API base URL is configurable."""
    tg = settings.channels.telegram
    if not tg.token:
        raise ValueError("channels.telegram.token is required when the Telegram channel is enabled")
    base = tg.api_base_url.rstrip("/")
    bot = Bot(tg.token.get_secret_value(), base_url=f"{base}/bot", base_file_url=f"{base}/file/bot")
    return TelegramChannel(
        engine=engine,
        bot=bot,
        secret_token=tg.secret_token.get_secret_value(),
        mode=tg.mode,
        webhook_url=settings.server.public_base_url.rstrip("/") + WEBHOOK_PATH,
        limits=engine.limits.get("telegram"),
    )
