"""A local Telegram Bot API (tests/channels/fake_servers.py): `POST /bot<token>/<method>`
answered like the Bot API, file downloads, and the updates a test posts or feeds to
getUpdates."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.channels.fake_servers import Recorder, Server


@dataclass
class TelegramFailure:
    method: str
    error_code: int
    description: str
    retry_after: int | None = None


@dataclass
class FakeTelegramState:
    message_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1000))
    failures: list[TelegramFailure] = field(default_factory=list)


class FakeTelegram(Server, Recorder):
    """POST /bot<token>/<method> answered with {"ok": true, "result": ...} like the Bot API."""

    BOT_ID = 777000111
    USERNAME = "SupportTestBot"

    def __init__(self, *, token: str) -> None:
        Server.__init__(self)
        Recorder.__init__(self)
        self.token = token
        self.state = FakeTelegramState()
        self.updates: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        # files customers sent, by file_id: (file_path, bytes), for getFile and the download
        self.files: dict[str, tuple[str, bytes]] = {}
        self.app.router.add_post("/bot{token}/{method}", self._call)
        self.app.router.add_get("/file/bot{token}/{path:.+}", self._download)

    def fail_next(
        self, method: str, error_code: int, description: str, *, retry_after: int | None = None
    ) -> None:
        self.state.failures.append(TelegramFailure(method, error_code, description, retry_after))

    def bot_user(self) -> dict[str, Any]:
        return {
            "id": self.BOT_ID,
            "is_bot": True,
            "first_name": "Support",
            "username": self.USERNAME,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _params(self, request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            raw: dict[str, Any] = await request.json()
        else:
            raw = dict(await request.post())
        params: dict[str, Any] = {}
        for key, value in raw.items():
            if isinstance(value, web.FileField):  # an upload (sendDocument): name and bytes
                value = {"filename": value.filename, "data": value.file.read()}
            if isinstance(value, str) and value[:1] in "[{":
                try:
                    value = json.loads(value)
                except json.JSONDecodeError:
                    pass
            params[key] = value
        return params

    async def _call(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        method = request.match_info["method"]
        params = await self._params(request)
        for i, failure in enumerate(self.state.failures):
            if failure.method == method:
                del self.state.failures[i]
                await self._record(f"{method}.refused", params)
                body: dict[str, Any] = {
                    "ok": False,
                    "error_code": failure.error_code,
                    "description": failure.description,
                }
                if failure.retry_after is not None:
                    body["parameters"] = {"retry_after": failure.retry_after}
                return web.json_response(body, status=failure.error_code)
        if method != "getUpdates":
            await self._record(method, params)
        if method == "getFile" and str(params.get("file_id", "")) not in self.files:
            body = {"ok": False, "error_code": 400, "description": "Bad Request: invalid file_id"}
            return web.json_response(body, status=400)
        result = await self._result(method, params)
        return web.json_response({"ok": True, "result": result})

    async def _download(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        path = request.match_info["path"]
        await self._record("file.download", {"path": path})
        data = next((d for p, d in self.files.values() if p == path), None)
        return web.Response(status=404) if data is None else web.Response(body=data)

    async def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return self.bot_user()
        if method == "getFile":
            file_id = str(params.get("file_id", ""))
            path, data = self.files[file_id]
            return {
                "file_id": file_id,
                "file_unique_id": f"u-{file_id}",
                "file_size": len(data),
                "file_path": path,
            }
        if method == "sendMessage":
            chat_id = int(params["chat_id"])
            return {
                "message_id": next(self.state.message_ids),
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
                "from": self.bot_user(),
                "text": params.get("text", ""),
            }
        if method == "sendDocument":
            chat_id = int(params["chat_id"])
            doc = params.get("document") or {}
            return {
                "message_id": next(self.state.message_ids),
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "from": self.bot_user(),
                "document": {
                    "file_id": f"sent-{next(self.state.message_ids)}",
                    "file_unique_id": "sent",
                    "file_name": doc.get("filename", "") if isinstance(doc, dict) else "",
                },
            }
        if method == "getUpdates":
            await self._record("getUpdates", params)
            timeout = float(params.get("timeout", 0) or 0)
            try:
                first = await asyncio.wait_for(
                    self.updates.get(), timeout=min(timeout, 1.0) or 0.01
                )
            except TimeoutError:
                return []
            batch = [first]
            while not self.updates.empty():
                batch.append(self.updates.get_nowait())
            return batch
        if method == "getWebhookInfo":
            return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        # setWebhook, deleteWebhook, answerCallbackQuery, setMyCommands ...
        return True


_UPDATE_IDS = itertools.count(500_000)


def _user(chat_id: int, language_code: str = "en") -> dict[str, Any]:
    return {
        "id": abs(chat_id),
        "is_bot": False,
        "first_name": "Ana",
        "last_name": "Pérez",
        "language_code": language_code,
    }


def message_update(
    chat_id: int,
    text: str = "",
    *,
    update_id: int | None = None,
    chat_type: str = "private",
    **extra: Any,
) -> dict[str, Any]:
    """A Bot API Update carrying a message (extra: photo=[...], document={...}, caption=...)."""
    chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
    if chat_type == "private":
        chat["first_name"] = "Ana"
    else:
        chat["title"] = "Office group"
    message: dict[str, Any] = {
        "message_id": next(_UPDATE_IDS),
        "date": int(time.time()),
        "chat": chat,
        "from": _user(chat_id),
    }
    if text:
        message["text"] = text
        if text.startswith("/"):
            message["entities"] = [
                {"type": "bot_command", "offset": 0, "length": len(text.split()[0])}
            ]
    message.update(extra)
    return {
        "update_id": update_id if update_id is not None else next(_UPDATE_IDS),
        "message": message,
    }


def callback_update(chat_id: int, data: str, *, update_id: int | None = None) -> dict[str, Any]:
    """A Bot API Update for a pressed inline keyboard button."""
    return {
        "update_id": update_id if update_id is not None else next(_UPDATE_IDS),
        "callback_query": {
            "id": f"cq{next(_UPDATE_IDS)}",
            "from": _user(chat_id),
            "chat_instance": "ci-1",
            "data": data,
            "message": {
                "message_id": 1,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "from": {"id": FakeTelegram.BOT_ID, "is_bot": True, "first_name": "Support"},
                "text": "question",
            },
        },
    }
