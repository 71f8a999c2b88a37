"""Local stand-ins for the remote providers, as real HTTP servers on 127.0.0.1
free ports: Twilio's REST API (Messages.json) and Telegram's Bot API.

The providers' own client libraries talk to them unchanged (twilio's Client,
python-telegram-bot's Bot), so the tests exercise the real request encoding
and response parsing. Each fake records what it was asked and lets a test
script failures. Waiting is event-driven: `await fake.wait_for(n)`.

Other suites use the helpers at the bottom to post signed Twilio webhooks.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from twilio.request_validator import RequestValidator

WAIT_LIMIT = 10.0  # seconds a test waits for an expected request before failing


class _Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self._changed = asyncio.Condition()

    async def _record(self, name: str, params: dict[str, Any]) -> None:
        async with self._changed:
            self.calls.append((name, params))
            self._changed.notify_all()

    def named(self, name: str) -> list[dict[str, Any]]:
        return [p for n, p in self.calls if n == name]

    async def wait_until(self, predicate: Any) -> None:
        """Block until `predicate(calls)` holds (at most WAIT_LIMIT seconds)."""
        async with asyncio.timeout(WAIT_LIMIT):
            async with self._changed:
                await self._changed.wait_for(lambda: predicate(self.calls))

    async def wait_for(self, name: str, count: int = 1) -> list[dict[str, Any]]:
        """Block until `count` calls named `name` were recorded (at most WAIT_LIMIT seconds)."""
        async with asyncio.timeout(WAIT_LIMIT):
            async with self._changed:
                await self._changed.wait_for(lambda: len(self.named(name)) >= count)
        return self.named(name)


class _Server:
    def __init__(self) -> None:
        self.app = web.Application()
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def __aenter__(self) -> _Server:
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


# -- Twilio REST ---------------------------------------------------------------------------


@dataclass
class TwilioFailure:
    status: int
    code: int = 0
    retry_after: str | None = None


def twilio_date(at: float) -> str:
    """A Unix time as Twilio writes its dates (RFC 2822, GMT)."""
    return time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(at))


def twilio_message(
    account_sid: str, sid: str, to: str, sender: str, body: str, at: float
) -> dict[str, Any]:
    """A Message resource as Twilio's REST API returns it (created, still queued)."""
    return {
        "sid": sid,
        "account_sid": account_sid,
        "to": to,
        "from": sender,
        "body": body,
        "status": "queued",
        "num_segments": "1",
        "num_media": "0",
        "direction": "outbound-api",
        "api_version": "2010-04-01",
        "date_created": twilio_date(at),
        "date_updated": twilio_date(at),
        "date_sent": None,
        "error_code": None,
        "error_message": None,
        "price": None,
        "price_unit": "USD",
        "uri": f"/2010-04-01/Accounts/{account_sid}/Messages/{sid}.json",
        "subresource_uris": {},
    }


def twilio_page(
    account_sid: str, messages: list[dict[str, Any]], query: dict[str, str]
) -> dict[str, Any]:
    """One page of `GET .../Messages.json` (`messages` newest first, already filtered), in
    Twilio's paging shape: `Page` and `PageSize` from the query, `next_page_uri` while more
    remain (twilio's client follows it)."""
    size = max(1, min(1000, int(query.get("PageSize") or 50)))
    number = max(0, int(query.get("Page") or 0))
    start = number * size
    chunk = messages[start : start + size]
    base = f"/2010-04-01/Accounts/{account_sid}/Messages.json"
    kept = {k: v for k, v in query.items() if k not in ("Page", "PageSize", "PageToken")}

    def uri(page: int) -> str:
        token = {"PageToken": f"PA{page}"} if page else {}
        return base + "?" + urlencode({**kept, "PageSize": size, "Page": page, **token})

    more = start + size < len(messages)
    return {
        "messages": chunk,
        "page": number,
        "page_size": size,
        "start": start,
        "end": start + max(0, len(chunk) - 1),
        "uri": uri(number),
        "first_page_uri": uri(0),
        "previous_page_uri": uri(number - 1) if number else None,
        "next_page_uri": uri(number + 1) if more else None,
    }


class FakeTwilio(_Server, _Recorder):
    """POST /2010-04-01/Accounts/{sid}/Messages.json answered like Twilio does, and the
    message log read back by `GET` of the same path (To and From filters, newest first,
    Twilio's paging)."""

    def __init__(self, *, account_sid: str, auth_token: str) -> None:
        _Server.__init__(self)
        _Recorder.__init__(self)
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.failures: list[TwilioFailure] = []
        # MMS media by path (/2010-04-01/Accounts/AC.../Messages/MM.../Media/ME...): the bytes
        # and their type; `media_failures` HTTP statuses answer the next media GETs
        self.media: dict[str, tuple[bytes, str]] = {}
        self.media_failures: list[int] = []
        # the message log, oldest first; `list_failures` HTTP statuses answer the next reads
        self.log: list[dict[str, Any]] = []
        self.list_failures: list[int] = []
        # Each create is logged, then answered `answer_delay` seconds later: meanwhile the
        # send is in flight, at Twilio but not yet known to its sender (`in_flight` counts).
        self.answer_delay = 0.0
        self.in_flight = 0
        self.app.router.add_post("/2010-04-01/Accounts/{sid}/Messages.json", self._create)
        self.app.router.add_get("/2010-04-01/Accounts/{sid}/Messages.json", self._list)
        self.app.router.add_get("/2010-04-01/Accounts/{sid}/Messages/{mm}/Media/{me}", self._media)

    def fail_next(self, status: int, *, code: int = 0, retry_after: str | None = None) -> None:
        self.failures.append(TwilioFailure(status, code, retry_after))

    def add_media(self, data: bytes, content_type: str, *, message: str = "MM1") -> str:
        """Keep an MMS media item; returns the MediaUrl a webhook would carry (on this server)."""
        path = (
            f"/2010-04-01/Accounts/{self.account_sid}/Messages/{message}/Media/ME{len(self.media)}"
        )
        self.media[path] = (data, content_type)
        return self.url + path

    async def _media(self, request: web.Request) -> web.Response:
        authorized = request.headers.get("Authorization") == (
            "Basic " + base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        )
        await self._record("Media.fetch", {"path": request.path, "authorized": authorized})
        if not authorized:
            return web.json_response({"code": 20003, "message": "Authenticate"}, status=401)
        if self.media_failures:
            return web.json_response({"message": "scripted"}, status=self.media_failures.pop(0))
        found = self.media.get(request.path)
        if found is None:
            return web.json_response({"code": 20404, "message": "not found"}, status=404)
        return web.Response(body=found[0], content_type=found[1])

    @property
    def messages(self) -> list[dict[str, Any]]:
        return self.named("Messages.create")

    async def _create(self, request: web.Request) -> web.Response:
        expected = (
            "Basic " + base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        )
        if (
            request.headers.get("Authorization") != expected
            or request.match_info["sid"] != self.account_sid
        ):
            return web.json_response(
                {"code": 20003, "message": "Authenticate", "status": 401}, status=401
            )
        form = dict(await request.post())
        if self.failures:
            failure = self.failures.pop(0)
            await self._record("Messages.refused", {**form, "status": failure.status})
            headers = {"Retry-After": failure.retry_after} if failure.retry_after else {}
            body = {
                "code": failure.code or failure.status,
                "message": "scripted failure",
                "more_info": "https://www.twilio.com/docs/errors",
                "status": failure.status,
            }
            return web.json_response(body, status=failure.status, headers=headers)
        sid = "SM" + uuid.uuid4().hex
        await self._record("Messages.create", {**form, "Sid": sid})
        message = self.logged(str(form.get("To")), str(form.get("Body")), sid=sid)
        message["from"] = form.get("From")
        if self.answer_delay:
            self.in_flight += 1
            try:
                await asyncio.sleep(self.answer_delay)  # a slow provider
            finally:
                self.in_flight -= 1
        return web.json_response(message, status=201)

    def logged(
        self, to: str, body: str, *, sid: str = "", sender: str = "+15005550006", at: float = 0.0
    ) -> dict[str, Any]:
        """Put a message in the log as if it had been created (by a worker since killed, or
        at `at`, a Unix time); returns it."""
        sid = sid or "SM" + uuid.uuid4().hex
        message = twilio_message(self.account_sid, sid, to, sender, body, at or time.time())
        self.log.append(message)
        return message

    async def _list(self, request: web.Request) -> web.Response:
        expected = (
            "Basic " + base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        )
        if request.headers.get("Authorization") != expected:
            return web.json_response({"code": 20003, "message": "Authenticate"}, status=401)
        query = dict(request.query)
        await self._record("Messages.list", query)
        if self.list_failures:
            status = self.list_failures.pop(0)
            return web.json_response({"code": status, "message": "scripted"}, status=status)
        found = [
            m
            for m in reversed(self.log)
            if m["to"] == query.get("To", m["to"]) and m["from"] == query.get("From", m["from"])
        ]
        return web.json_response(twilio_page(self.account_sid, found, query))


def twilio_signature(auth_token: str, url: str, params: dict[str, str]) -> str:
    return RequestValidator(auth_token).compute_signature(url, params)


def signed_form(auth_token: str, url: str, params: dict[str, str]) -> tuple[str, dict[str, str]]:
    """(body, headers) for a webhook POST to `url` signed the way Twilio signs it."""
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Twilio-Signature": twilio_signature(auth_token, url, params),
    }
    return urlencode(params), headers


_SIDS = itertools.count(1)


def sms_params(
    sender: str,
    body: str,
    *,
    to: str = "+15005550006",
    sid: str = "",
    media: list[tuple[str, str]] | None = None,
) -> dict[str, str]:
    """The fields of an inbound Twilio message webhook (MMS media as (url, type))."""
    sid = sid or f"SM{next(_SIDS):032x}"
    params = {
        "ToCountry": "US",
        "SmsMessageSid": sid,
        "NumMedia": str(len(media or [])),
        "SmsSid": sid,
        "SmsStatus": "received",
        "Body": body,
        "To": to,
        "NumSegments": "1",
        "MessageSid": sid,
        "AccountSid": "AC" + "0" * 32,
        "From": sender,
        "ApiVersion": "2010-04-01",
    }
    for i, (url, ctype) in enumerate(media or []):
        params[f"MediaUrl{i}"] = url
        params[f"MediaContentType{i}"] = ctype
    return params


# -- Telegram Bot API ----------------------------------------------------------------------


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


class FakeTelegram(_Server, _Recorder):
    """POST /bot<token>/<method> answered with {"ok": true, "result": ...} like the Bot API."""

    BOT_ID = 777000111
    USERNAME = "SupportTestBot"

    def __init__(self, *, token: str) -> None:
        _Server.__init__(self)
        _Recorder.__init__(self)
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
