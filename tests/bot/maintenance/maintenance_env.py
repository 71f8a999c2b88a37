"""The whole app with the email channel (SMTP to a capturing relay) on a settable clock,
its timer loop stopped: a test walks the clock to a time and runs what is due there."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import httpx

from bot.app import Services
from tests.app_harness import app_settings, running_app
from tests.channels.email_support import SUPPORT, CapturingRelay, text_of
from tests.conftest import Clock

API = {"Authorization": "Bearer t0ken"}


@dataclass
class MaintenanceEnv:
    client: httpx.AsyncClient
    services: Services
    relay: CapturingRelay
    clock: Clock

    async def subscribe(self, email: str, platform: str) -> None:
        """A confirmed status-page subscription (the link's own token, applied)."""
        subs = self.services.incidents.subscriptions
        token = subs.token("confirm", f"email:{email}", platform=platform)
        await subs.apply(token, expected="confirm")

    async def at(self, when: datetime) -> list[EmailMessage]:
        """Set the clock to `when`, run the timers due then and deliver: the mail sent."""
        self.clock.now = when
        before = len(self.relay.received)
        while await self.services.timers.run_due():
            pass
        await self.deliver()
        return [c.message for c in self.relay.received[before:]]

    async def deliver(self) -> None:
        for _ in range(3):
            await self.services.dispatcher.deliver_due()

    async def api(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        response = await self.client.request(method, path, json=body, headers=API)
        assert response.status_code in (200, 201), response.text
        return response.json()


def to(message: EmailMessage) -> str:
    return str(message["To"])


def subject(message: EmailMessage) -> str:
    return str(message["Subject"])


def body(message: EmailMessage) -> str:
    return text_of(message)


@asynccontextmanager
async def maintenance_app(tmp_path: Path, clock: Clock) -> AsyncIterator[MaintenanceEnv]:
    relay = CapturingRelay()
    await relay.start()
    try:
        email = {
            "enabled": True,
            "listen_host": "127.0.0.1",
            "listen_port": 0,
            "addresses": [SUPPORT],
            "from_address": SUPPORT,
            "relay": {"host": "127.0.0.1", "port": relay.port},
        }
        settings = app_settings(tmp_path, channels={"email": email})
        async with running_app(settings, clock) as (services, client):
            services.timers.stop()  # the test runs the timers, at the times it sets
            yield MaintenanceEnv(client, services, relay, clock)
    finally:
        await relay.stop()
