"""The whole app with four customer channels at once (SMS through a fake Twilio, Telegram
through a fake Bot API, email over SMTP to a capturing relay, web chat through the engine
as its websocket handler calls it), for the outage-mode tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import httpx

from bot.app import Services
from channels.email import EmailChannel
from channels.sms import INBOUND_PATH
from channels.telegram import WEBHOOK_PATH
from domain.types import Address, Inbound
from tests.app_harness import app_settings, running_app, twilio_sms
from tests.channels.email_support import SUPPORT, CapturingRelay, send, text_of
from tests.channels.fake_telegram import FakeTelegram, message_update
from tests.channels.fake_twilio import FakeTwilio, signed_form, sms_params
from tests.channels.test_sms import twiml_messages
from tests.conftest import Clock

AUTH_TOKEN = "twilio-auth-token-for-tests"
ACCOUNT_SID = "AC" + "2" * 32
TG_TOKEN = "123456:TEST-token"
TG_SECRET = "webhook-secret-token"
API = {"Authorization": "Bearer t0ken"}


@dataclass
class Outage:
    client: httpx.AsyncClient
    services: Services
    twilio: FakeTwilio
    telegram: FakeTelegram
    relay: CapturingRelay
    clock: Clock

    # staff

    async def api(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        response = await self.client.request(method, path, json=body, headers=API)
        assert response.status_code in (200, 201, 202), response.text
        return response.json()

    # customers, each on their channel; each returns what the bot answered at once

    async def sms(self, sender: str, body: str) -> str:
        params = sms_params(sender, body)
        content, headers = signed_form(AUTH_TOKEN, str(self.client.base_url) + INBOUND_PATH, params)
        response = await self.client.post(INBOUND_PATH, content=content, headers=headers)
        assert response.status_code == 200, response.text
        return "\n".join(twiml_messages(response))

    async def tg(self, chat: int, text: str) -> str:
        before = len(self.telegram.named("sendMessage"))
        response = await self.client.post(
            WEBHOOK_PATH,
            json=message_update(chat, text),
            headers={"X-Telegram-Bot-Api-Secret-Token": TG_SECRET},
        )
        assert response.status_code == 200, response.text
        await self.deliver()
        return "\n".join(c["text"] for c in self.telegram.named("sendMessage")[before:])

    async def mail(self, sender: str, subject: str, body: str) -> list[EmailMessage]:
        raw = (
            f"From: {sender}\r\nTo: {SUPPORT}\r\nSubject: {subject}\r\n"
            f"Message-ID: <{abs(hash((sender, subject, body)))}@customer.example>\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
        ).encode()
        before = len(self.relay.received)
        port = self.email.port
        assert port is not None
        refused = await send(port, raw, mail_from=sender)
        assert not refused
        await self.deliver()
        return [c.message for c in self.relay.received[before:]]

    async def chat(self, session: str, text: str, n: int) -> str:
        inbound = Inbound(
            address=Address("webchat", session),
            text=text,
            external_id=f"{session}-{n}",
            received_at=self.clock(),
        )
        result = await self.services.engine.handle(inbound, inline=True)
        return "\n".join(r.text for r in result.replies)

    @property
    def email(self) -> EmailChannel:
        channel = self.services.channels["email"]
        assert isinstance(channel, EmailChannel)
        return channel

    async def deliver(self) -> None:
        """Let the background fan-outs finish (bot.incidents.jobs), then run the outbox
        until nothing is due (an email's turn, then its reply)."""
        await self.services.incidents.jobs.drain()
        for _ in range(4):
            await self.services.dispatcher.deliver_due()


def mail_text(message: EmailMessage) -> str:
    return text_of(message)


@asynccontextmanager
async def outage_app(tmp_path: Path, clock: Clock, **sections: Any) -> AsyncIterator[Outage]:
    """`sections`: further top-level settings (e.g. `contacts`)."""
    relay = CapturingRelay()
    await relay.start()
    try:
        async with (
            FakeTwilio(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN) as twilio,
            FakeTelegram(token=TG_TOKEN) as telegram,
        ):
            channels = {
                "webchat": {"enabled": True},
                "sms": twilio_sms(twilio.url, account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN),
                "telegram": {
                    "enabled": True,
                    "token": TG_TOKEN,
                    "mode": "webhook",
                    "secret_token": TG_SECRET,
                    "api_base_url": telegram.url,
                },
                "email": {
                    "enabled": True,
                    "listen_host": "127.0.0.1",
                    "listen_port": 0,
                    "addresses": [SUPPORT],
                    "from_address": SUPPORT,
                    "relay": {"host": "127.0.0.1", "port": relay.port},
                },
            }
            settings = app_settings(tmp_path, channels=channels, **sections)
            async with running_app(settings, clock) as (services, client):
                yield Outage(client, services, twilio, telegram, relay, clock)
    finally:
        await relay.stop()
