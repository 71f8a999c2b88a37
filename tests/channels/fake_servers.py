"""What the local stand-ins for the remote providers share: a real HTTP server on a free
127.0.0.1 port, and a record of what it was asked that a test can wait on.

The fakes themselves: Twilio's REST API in tests/channels/fake_twilio.py, Telegram's Bot API
in tests/channels/fake_telegram.py, Slack's Web API in tests/handoff/fake_slack.py. The
providers' own client libraries talk to them unchanged (twilio's Client,
python-telegram-bot's Bot, slack_sdk), so the tests exercise the real request encoding
and response parsing. Each fake records what it was asked and lets a test
script failures. Waiting is event-driven: `await fake.wait_for(n)`.
"""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web

WAIT_LIMIT = 10.0  # seconds a test waits for an expected request before failing


class Recorder:
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


class Server:
    def __init__(self) -> None:
        self.app = web.Application()
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def __aenter__(self) -> Server:
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
