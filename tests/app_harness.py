"""The whole ASGI app in a test: settings on a temp store, started through its lifespan,
an httpx client on its ASGI transport. Channel and desk tests build on this with
their own fake provider servers (tests/channels/fake_twilio.py, fake_telegram.py,
tests/handoff/fake_slack.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx

from bot.app import Services, build_app, build_services
from bot.config import Settings
from tests.conftest import Clock

PUBLIC = "https://support.example.com"
TWILIO_FROM = "+15005550006"


def app_settings(tmp_path: Path, *, channels: dict[str, Any], **sections: Any) -> Settings:
    """SQLite and the data directory in `tmp_path`, web chat off, `channels` on; `sections`
    are further top-level keys."""
    return Settings.model_validate(
        {
            "data_dir": str(tmp_path / "data"),
            "store": {"url": f"sqlite:///{tmp_path}/bot.db"},
            "server": {"public_base_url": PUBLIC, "api_token": "t0ken"},
            "channels": {"webchat": {"enabled": False}, **channels},
            **sections,
        }
    )


def twilio_sms(api_base_url: str, *, account_sid: str, auth_token: str) -> dict[str, Any]:
    """The `channels.sms` section for a fake Twilio API at `api_base_url`."""
    return {
        "enabled": True,
        "account_sid": account_sid,
        "auth_token": auth_token,
        "from_number": TWILIO_FROM,
        "api_base_url": api_base_url,
    }


@asynccontextmanager
async def running_app(
    settings: Settings, clock: Clock
) -> AsyncIterator[tuple[Services, httpx.AsyncClient]]:
    """The app started, its dispatcher stopped: the tests deliver the outbox themselves
    (`services.dispatcher.deliver_due()`), deterministically."""
    services = build_services(settings, clock=clock)
    app = build_app(services)
    async with app.router.lifespan_context(app):
        services.dispatcher.stop()
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=PUBLIC) as client:
            yield services, client
