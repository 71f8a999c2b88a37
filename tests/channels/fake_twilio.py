"""A local Twilio REST API (tests/channels/fake_servers.py): `Messages.json` to create
messages and read the message log back, MMS media; and the helpers other suites use to post
signed Twilio webhooks."""

from __future__ import annotations

import asyncio
import base64
import itertools
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from twilio.request_validator import RequestValidator

from tests.channels.fake_servers import Recorder, Server


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


class FakeTwilio(Server, Recorder):
    """POST /2010-04-01/Accounts/{sid}/Messages.json answered like Twilio does, and the
    message log read back by `GET` of the same path (To and From filters, newest first,
    Twilio's paging)."""

    def __init__(self, *, account_sid: str, auth_token: str) -> None:
        Server.__init__(self)
        Recorder.__init__(self)
        self.account_sid = account_sid
        self.auth_token = auth_token
        # the next creates' answers: a failure, or None for a create answered as usual
        self.failures: list[TwilioFailure | None] = []
        # what follows the next creates Twilio accepted (logged): "drop", the connection
        # closed with no answer; "stall", no answer for `stall_seconds` (the client's timeout
        # passes first); None, answered as usual
        self.after_accept: list[str | None] = []
        self.stall_seconds = 5.0
        self.now: Callable[[], float] = time.time  # the log's clock (date_created)
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

    def fail_next(
        self, status: int, *, code: int = 0, retry_after: str | None = None, after: int = 0
    ) -> None:
        """Refuse a create with `status`, once `after` more creates were answered as usual."""
        self.failures.extend([None] * after)
        self.failures.append(TwilioFailure(status, code, retry_after))

    def per_number(self) -> dict[str, list[str]]:
        """The bodies Twilio accepted for each number, in the order it accepted them."""
        out: dict[str, list[str]] = {}
        for message in self.log:
            out.setdefault(str(message["to"]), []).append(str(message["body"]))
        return out

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
        failure = self.failures.pop(0) if self.failures else None
        if failure is not None:
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
        then = self.after_accept.pop(0) if self.after_accept else None
        if then == "drop":  # accepted, and the connection lost before the answer
            assert request.transport is not None
            request.transport.close()
            return web.Response(status=500)  # never reaches the client
        if then == "stall":
            await asyncio.sleep(self.stall_seconds)
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
        message = twilio_message(self.account_sid, sid, to, sender, body, at or self.now())
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
