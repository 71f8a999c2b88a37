"""A local stand-in for Slack's Web API: a real HTTP server on a 127.0.0.1 free port
that slack_sdk's AsyncWebClient talks to through its `base_url`. It records every
call (chat.postMessage, chat.update, chat.postEphemeral, views.open, users.info,
auth.test) and answers with JSON shaped like Slack's."""

from __future__ import annotations

import asyncio
import itertools
import json
from typing import Any

from aiohttp import web

from tests.channels.fake_servers import Recorder, Server

BOT_USER = "UBOTSUPPORT"
BOT_ID = "BBOTSUPPORT"
TEAM = "T0SUPPORT"
EXPIRED_TRIGGER = "0.expired"  # views.open answers expired_trigger_id


class FakeSlack(Server, Recorder):
    def __init__(self, *, users: dict[str, tuple[str, str]] | None = None) -> None:
        Server.__init__(self)
        Recorder.__init__(self)
        # user id -> (real name, first name)
        self.users = dict(users or {})
        self._ts = itertools.count(1)
        self.app.router.add_route("*", "/api/{method}", self._call)
        self.app.router.add_get("/socket", self._socket)
        # files agents shared, by id: (name, mimetype, bytes), for files.info and the download
        self.files: dict[str, tuple[str, str, bytes]] = {}
        self.app.router.add_get("/files-pri/{key}/{name}", self._download)
        # Socket Mode: envelopes a test wants delivered over the websocket
        self.envelopes: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def next_ts(self) -> str:
        return f"1700000000.{next(self._ts):06d}"

    def posts(
        self, *, thread: str | None = None, channel: str | None = None
    ) -> list[dict[str, Any]]:
        """chat.postMessage calls, optionally only those in one thread / channel."""
        out = self.named("chat.postMessage")
        if thread is not None:
            out = [p for p in out if p.get("thread_ts") == thread]
        if channel is not None:
            out = [p for p in out if p.get("channel") == channel]
        return out

    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            params.update(await request.json())
        elif request.can_read_body:
            params.update(dict(await request.post()))
        for key in ("attachments", "blocks", "view"):
            if isinstance(params.get(key), str):
                params[key] = json.loads(params[key])
        return params

    async def _call(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if not request.headers.get("Authorization", "").startswith(
            ("Bearer xoxb-", "Bearer xapp-")
        ):
            return web.json_response({"ok": False, "error": "not_authed"})
        params = await self._params(request)
        await self._record(method, params)
        return web.json_response(self._answer(method, params))

    def _answer(self, method: str, p: dict[str, Any]) -> dict[str, Any]:
        if method == "apps.connections.open":
            return {"ok": True, "url": self.url.replace("http://", "ws://") + "/socket"}
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://support.slack.com/",
                "team": "Support",
                "user": "supportbot",
                "team_id": TEAM,
                "user_id": BOT_USER,
                "bot_id": BOT_ID,
                "is_enterprise_install": False,
            }
        if method == "chat.postMessage":
            ts = self.next_ts()
            message = {
                "type": "message",
                "text": p.get("text", ""),
                "user": BOT_USER,
                "bot_id": BOT_ID,
                "ts": ts,
            }
            if p.get("thread_ts"):
                message["thread_ts"] = p["thread_ts"]
            return {"ok": True, "channel": p.get("channel"), "ts": ts, "message": message}
        if method == "chat.update":
            return {
                "ok": True,
                "channel": p.get("channel"),
                "ts": p.get("ts"),
                "text": p.get("text", ""),
            }
        if method == "views.open":
            if p.get("trigger_id") == EXPIRED_TRIGGER:
                return {"ok": False, "error": "expired_trigger_id"}
            return {"ok": True, "view": {"id": f"V{next(self._ts):08d}", **p.get("view", {})}}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self.next_ts()}
        if method == "users.info":
            uid = p.get("user", "")
            if uid not in self.users:
                return {"ok": False, "error": "user_not_found"}
            real, first = self.users[uid]
            return {
                "ok": True,
                "user": {
                    "id": uid,
                    "team_id": TEAM,
                    "name": first.lower(),
                    "real_name": real,
                    "profile": {
                        "real_name": real,
                        "first_name": first,
                        "display_name": first.lower(),
                    },
                },
            }
        if method == "files.info":
            fid = str(p.get("file", ""))
            if fid not in self.files:
                return {"ok": False, "error": "file_not_found"}
            name, mimetype, data = self.files[fid]
            url = f"{self.url}/files-pri/{TEAM}-{fid}/{name}"
            return {
                "ok": True,
                "file": {
                    "id": fid,
                    "name": name,
                    "title": name,
                    "mimetype": mimetype,
                    "size": len(data),
                    "url_private": url,
                    "url_private_download": url + "?download=1",
                },
            }
        return {"ok": False, "error": "unknown_method"}

    def share(self, file_id: str, name: str, mimetype: str, data: bytes) -> dict[str, Any]:
        """Keep a file an agent shares; returns it as a file_share event lists it."""
        self.files[file_id] = (name, mimetype, data)
        return {"id": file_id, "name": name, "mimetype": mimetype, "file_access": "visible"}

    async def _download(self, request: web.Request) -> web.Response:
        authorized = request.headers.get("Authorization", "").startswith("Bearer xoxb-")
        file_id = request.match_info["key"].rpartition("-")[2]
        await self._record("file.download", {"file": file_id, "authorized": authorized})
        if not authorized:
            return web.Response(status=302, headers={"Location": "/login"})
        if file_id not in self.files:
            return web.Response(status=404)
        return web.Response(body=self.files[file_id][2], content_type=self.files[file_id][1])

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        """Socket Mode: say hello, push queued envelopes, record the client's acks."""
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_json({"type": "hello", "num_connections": 1, "debug_info": {"host": "fake"}})

        async def push() -> None:
            while True:
                await ws.send_json(await self.envelopes.get())

        pusher = asyncio.create_task(push())
        try:
            async for msg in ws:
                if msg.type == web.WSMsgType.TEXT:
                    await self._record("socket.ack", json.loads(msg.data))
        finally:
            pusher.cancel()
        return ws
