"""The whole app with SMS and the Slack desk enabled, against local fakes of Twilio
and Slack's Web API. Slack requests are signed with slack_sdk's SignatureVerifier
and POSTed to /slack/events; customer texts arrive as signed Twilio webhooks."""

from __future__ import annotations

import contextlib
import itertools
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from slack_sdk.signature import SignatureVerifier

from bot.app import Services
from bot.config import Settings
from channels.sms import INBOUND_PATH
from domain.types import Address, Ticket
from handoff.desk import Card
from handoff.slack import SlackHandoff
from tests.app_harness import PUBLIC, app_settings, running_app, twilio_sms
from tests.channels.fake_twilio import FakeTwilio, signed_form, sms_params
from tests.conftest import Clock
from tests.handoff.fake_slack import BOT_ID, TEAM, FakeSlack

SIGNING_SECRET = "slack-signing-secret-for-tests"
BOT_TOKEN = "xoxb-test-token"
QUEUE = "CQUEUE0001"
ONCALL = "SONCALL001"
AUTH_TOKEN = "twilio-auth-token-for-tests"
ACCOUNT_SID = "AC" + "2" * 32
ANA = "+14155552671"
AGENT = "UAGENTMARIA"
OTHER_AGENT = "UAGENTJOE"
USERS = {AGENT: ("María Gómez", "María"), OTHER_AGENT: ("Joe Smith", "Joe")}

_EVENT_IDS = itertools.count(1)


def desk_settings(
    tmp_path: Path,
    *,
    slack_url: str,
    twilio_url: str,
    channels: dict[str, Any] | None = None,
    **sections: Any,
) -> Settings:
    sms = twilio_sms(twilio_url, account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN)
    slack = {
        "enabled": True,
        "bot_token": BOT_TOKEN,
        "signing_secret": SIGNING_SECRET,
        "queue_channel": QUEUE,
        "oncall_group": ONCALL,
        "api_base_url": slack_url,
    }
    slack |= sections.pop("slack", {})
    return app_settings(
        tmp_path, channels={"sms": sms, **(channels or {})}, slack=slack, **sections
    )


def signed(
    body: str, *, secret: str = SIGNING_SECRET, timestamp: int | None = None
) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    return {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": SignatureVerifier(secret).generate_signature(timestamp=ts, body=body),
    }


def event_body(event: dict[str, Any], *, event_id: str = "") -> dict[str, Any]:
    """An Events API event_callback envelope around `event`."""
    return {
        "token": "legacy",
        "team_id": TEAM,
        "api_app_id": "A0DESK",
        "type": "event_callback",
        "event_id": event_id or f"Ev{next(_EVENT_IDS):08d}",
        "event_time": int(time.time()),
        "event": {"event_ts": event.get("ts", ""), **event},
        "authorizations": [{"team_id": TEAM, "user_id": "UBOTSUPPORT", "is_bot": True}],
    }


@dataclass
class Desk:
    client: httpx.AsyncClient
    services: Services
    slack: FakeSlack
    twilio: FakeTwilio
    clock: Clock
    sh: SlackHandoff

    @property
    def store(self) -> Any:
        return self.services.store

    # -- the customer, over SMS --------------------------------------------------------------

    async def text(self, body: str, *, sender: str = ANA) -> httpx.Response:
        body_, headers = signed_form(AUTH_TOKEN, PUBLIC + INBOUND_PATH, sms_params(sender, body))
        response = await self.client.post(INBOUND_PATH, content=body_, headers=headers)
        assert response.status_code == 200, response.text
        return response

    async def outbox_texts(self, sender: str = ANA) -> list[str]:
        return [item.outbound.text for item in await self.store.outbox_for(Address("sms", sender))]

    async def open_ticket(
        self, *, sender: str = ANA, first: str = "I want to talk to a person"
    ) -> Ticket:
        for text in (
            first,
            "Voicemail light stuck on for my phone only",
            "Ana Perez",
            "AC-10442",
            "ana@example.com",
            "yes",
        ):
            await self.text(text, sender=sender)
        tickets = await self.store.list_tickets(address=Address("sms", sender))
        return tickets[0]

    async def card(self, number: int) -> Card:
        card = await self.sh.cards.get(number)
        assert card is not None, f"no card for ticket #{number}"
        return card

    # -- Slack -----------------------------------------------------------------------------------

    async def post(self, body: str, content_type: str, headers: dict[str, str]) -> httpx.Response:
        return await self.client.post(
            "/slack/events", content=body, headers={"Content-Type": content_type, **headers}
        )

    async def event(
        self, event: dict[str, Any], *, event_id: str = "", retry: int | None = None, **sign: Any
    ) -> httpx.Response:
        payload = event_body(event, event_id=event_id)
        body = json.dumps(payload)
        headers = signed(body, **sign)
        if retry is not None:
            headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
        return await self.post(body, "application/json", headers)

    async def thread_message(
        self, card: Card, text: str, *, user: str = AGENT, **kw: Any
    ) -> httpx.Response:
        ts = self.slack.next_ts()
        return await self.event(
            {
                "type": "message",
                "channel": card.channel,
                "user": user,
                "text": text,
                "ts": ts,
                "thread_ts": card.ts,
                "channel_type": "channel",
            },
            **kw,
        )

    async def action(
        self,
        action_id: str,
        value: str,
        *,
        user: str = AGENT,
        card: Card | None = None,
        selected: bool = False,
        overflow: bool = False,
        trigger_id: str = "1.2.3",
    ) -> httpx.Response:
        act: dict[str, Any] = {
            "action_id": action_id,
            "block_id": "ticket",
            "action_ts": str(time.time()),
        }
        if selected or overflow:
            act |= {
                "type": "overflow" if overflow else "static_select",
                "selected_option": {"value": value, "text": {"type": "plain_text", "text": value}},
            }
        else:
            act |= {
                "type": "button",
                "value": value,
                "text": {"type": "plain_text", "text": action_id},
            }
        payload = {
            "type": "block_actions",
            "api_app_id": "A0DESK",
            "token": "legacy",
            "trigger_id": trigger_id,
            "user": {"id": user, "username": "agent", "team_id": TEAM},
            "team": {"id": TEAM, "domain": "support"},
            "channel": {"id": card.channel if card else QUEUE, "name": "queue"},
            "container": {
                "type": "message",
                "message_ts": card.ts if card else "",
                "channel_id": QUEUE,
            },
            "message": {
                "type": "message",
                "ts": card.ts if card else "",
                "bot_id": BOT_ID,
                "text": "",
            },
            "actions": [act],
        }
        body = urlencode({"payload": json.dumps(payload)})
        return await self.post(body, "application/x-www-form-urlencoded", signed(body))

    async def submit(
        self, view: dict[str, Any], values: dict[str, dict[str, Any]], *, user: str = AGENT
    ) -> httpx.Response:
        """A view_submission of `view` (as sent to views.open) with the fields' `values`:
        {block_id: {action_id: {"type": ..., "value" or "selected_date": ...}}}."""
        payload = {
            "type": "view_submission",
            "api_app_id": "A0DESK",
            "token": "legacy",
            "trigger_id": "1.2.4",
            "user": {"id": user, "username": "agent", "team_id": TEAM},
            "team": {"id": TEAM, "domain": "support"},
            "view": {
                "id": "V0FORM",
                "team_id": TEAM,
                "type": "modal",
                "callback_id": view["callback_id"],
                "private_metadata": view.get("private_metadata", ""),
                "blocks": view.get("blocks", []),
                "state": {"values": values},
                "hash": "1700000000.abc",
            },
        }
        body = urlencode({"payload": json.dumps(payload)})
        return await self.post(body, "application/x-www-form-urlencoded", signed(body))

    async def command(
        self, text: str, *, user: str = AGENT, name: str = "/ticket", trigger_id: str = "1.2.3"
    ) -> httpx.Response:
        body = urlencode(
            {
                "token": "legacy",
                "team_id": TEAM,
                "team_domain": "support",
                "channel_id": QUEUE,
                "channel_name": "queue",
                "user_id": user,
                "user_name": "agent",
                "command": name,
                "text": text,
                "api_app_id": "A0DESK",
                "response_url": "https://hooks.slack.invalid/commands/1",
                "trigger_id": trigger_id,
            }
        )
        return await self.post(body, "application/x-www-form-urlencoded", signed(body))


@contextlib.asynccontextmanager
async def running_desk(
    tmp_path: Path, clock: Clock, *, app_token: str = "", **config: Any
) -> AsyncIterator[Desk]:
    """The app with the desk; `config` adds settings (channels=..., slack=..., policy=...)."""
    async with (
        FakeSlack(users=USERS) as slack,
        FakeTwilio(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN) as twilio,
    ):
        settings = desk_settings(tmp_path, slack_url=slack.api_url, twilio_url=twilio.url, **config)
        settings.slack.app_token = app_token
        async with running_app(settings, clock) as (services, client):
            sh = next(c for c in services.components if isinstance(c, SlackHandoff))
            services.timers.stop()  # the tests run the desk's timers themselves, deterministically
            yield Desk(client, services, slack, twilio, clock, sh)


@pytest.fixture
async def desk(tmp_path: Path, clock: Clock) -> AsyncIterator[Desk]:
    async with running_desk(tmp_path, clock) as running:
        yield running
