"""A real HTTP receiver on 127.0.0.1 that checks every delivery with the `standardwebhooks`
package (an implementation independent of ours) and can answer 500 on demand."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


@dataclass
class Received:
    webhook_id: str
    type: str
    data: dict[str, Any]


@dataclass
class Receiver:
    url: str = ""
    got: list[Received] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # signature failures
    fail_next: int = 0  # answer 500 to this many requests first
    attempts: int = 0

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        self.attempts += 1
        try:
            payload = Webhook(SECRET).verify(body, dict(request.headers))
        except WebhookVerificationError as exc:
            self.refused.append(str(exc))
            return web.Response(status=400)
        if self.fail_next:
            self.fail_next -= 1
            return web.Response(status=500)
        self.got.append(Received(request.headers["webhook-id"], payload["type"], payload["data"]))
        return web.Response(status=204)

    def types(self) -> list[str]:
        return [r.type for r in self.got]


@asynccontextmanager
async def receiver() -> AsyncIterator[Receiver]:
    rec = Receiver()
    app = web.Application()
    app.router.add_post("/hooks", rec.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    rec.url = f"http://127.0.0.1:{port}/hooks"
    try:
        yield rec
    finally:
        await runner.cleanup()


def payload_of(received: Received) -> str:
    return json.dumps(received.data, sort_keys=True)
