"""Telegram through the whole ASGI app, with python-telegram-bot's own `Bot`
talking to a local fake Bot API: webhook verification, a full intake with
inline keyboards, dedup, groups, attachments, escaping, flood control, polling."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.app import Services, build_app, build_services
from bot.config import Settings
from bot.store.protocol import OutboxItem, OutboxStatus
from channels.telegram import WEBHOOK_PATH, TelegramChannel, group_flag
from domain.types import Address
from tests.app_harness import PUBLIC, app_settings, running_app
from tests.channels.fake_telegram import FakeTelegram, callback_update, message_update
from tests.conftest import Clock

TOKEN = "123456:TEST-token"
SECRET = "webhook-secret-token"
ANA = 4242


@dataclass
class Tg:
    client: httpx.AsyncClient
    services: Services
    fake: FakeTelegram
    clock: Clock

    @property
    def channel(self) -> TelegramChannel:
        channel = self.services.channels["telegram"]
        assert isinstance(channel, TelegramChannel)
        return channel

    async def post(
        self, update: dict[str, Any] | bytes, *, secret: str | None = SECRET
    ) -> httpx.Response:
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        body = update if isinstance(update, bytes) else json.dumps(update).encode()
        return await self.client.post(WEBHOOK_PATH, content=body, headers=headers)

    async def replies(self, update: dict[str, Any]) -> list[dict[str, Any]]:
        """Post an update, deliver the outbox, return the sendMessage calls it caused."""
        before = len(self.fake.named("sendMessage"))
        response = await self.post(update)
        assert response.status_code == 200, response.text
        await self.services.dispatcher.deliver_due()
        return self.fake.named("sendMessage")[before:]

    async def say(self, text: str, *, chat: int = ANA) -> dict[str, Any]:
        [reply] = await self.replies(message_update(chat, text))
        return reply

    async def press(self, value: str, *, chat: int = ANA) -> dict[str, Any]:
        [reply] = await self.replies(callback_update(chat, value))
        return reply

    async def outbox(self, chat: int = ANA) -> list[OutboxItem]:
        return await self.services.store.outbox_for(Address("telegram", str(chat)))


def buttons(call: dict[str, Any]) -> list[str]:
    markup = call.get("reply_markup") or {"inline_keyboard": []}
    return [b["callback_data"] for row in markup["inline_keyboard"] for b in row]


def tg_settings(tmp_path: Path, api_base_url: str, mode: str = "webhook") -> Settings:
    telegram = {
        "enabled": True,
        "token": TOKEN,
        "mode": mode,
        "secret_token": SECRET,
        "api_base_url": api_base_url,
    }
    return app_settings(tmp_path, channels={"telegram": telegram})


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(token=TOKEN) as server:
        yield server


@pytest.fixture
async def tg(tmp_path: Path, clock: Clock, fake: FakeTelegram) -> AsyncIterator[Tg]:
    async with running_app(tg_settings(tmp_path, fake.url), clock) as (services, client):
        yield Tg(client, services, fake, clock)


# -- start-up ---------------------------------------------------------------------------------


async def test_start_registers_the_webhook_with_the_secret_and_the_update_types(tg: Tg) -> None:
    [call] = await tg.fake.wait_for("setWebhook")
    assert call["url"] == PUBLIC + WEBHOOK_PATH
    assert call["secret_token"] == SECRET
    assert set(call["allowed_updates"]) == {
        "message",
        "edited_message",
        "callback_query",
        "my_chat_member",
    }
    assert tg.fake.named("getMe")


async def test_polling_mode_removes_the_webhook_and_feeds_updates_to_the_dialogue(
    tmp_path: Path, clock: Clock, fake: FakeTelegram
) -> None:
    services = build_services(tg_settings(tmp_path, fake.url, mode="polling"), clock=clock)
    app = build_app(services)
    async with app.router.lifespan_context(app):
        await fake.wait_for("deleteWebhook")
        update = message_update(ANA, "Voicemail light stuck on for my phone only")
        await fake.updates.put(update)
        # the next poll acknowledges the update by asking for the ones after it
        await fake.wait_until(
            lambda calls: any(
                n == "getUpdates" and int(p.get("offset", 0)) == update["update_id"] + 1
                for n, p in calls
            )
        )
        assert await services.store.seen(f"telegram:{update['update_id']}")
        await fake.wait_for("sendMessage")  # the dispatcher runs here: the reply goes out by itself
    assert not fake.named("setWebhook")


# -- a whole conversation ---------------------------------------------------------------------


async def test_full_intake_with_inline_keyboards_ends_in_a_ticket(tg: Tg) -> None:
    assert "not working" in (await tg.say("/start"))["text"]
    assert "name" in (await tg.say("Calls are dropping"))["text"].lower()
    assert "account" in (await tg.say("Ana Perez"))["text"].lower()
    assert "phone" in (await tg.say("AC-10442"))["text"].lower()
    assert "email" in (await tg.say("+1 415 555 2671"))["text"].lower()
    assert "call-id" in (await tg.say("ana@example.com"))["text"].lower()
    scope = await tg.say("skip")
    assert buttons(scope) == ["site", "several", "one"]
    confirm = await tg.press("several")
    assert buttons(confirm) == ["yes", "no"] and confirm["parse_mode"] == "HTML"
    opened = await tg.press("yes")
    assert "Ticket #10001" in opened["text"]
    assert len(tg.fake.named("answerCallbackQuery")) == 2

    ticket = await tg.services.store.get_ticket(10001)
    assert ticket is not None and ticket.channel == "telegram"
    assert ticket.address == Address("telegram", str(ANA))
    assert ticket.fields["phone"] == "+14155552671"
    assert ticket.assessment.get("scope") == "several"


async def test_commands_map_to_the_dialogues_intents(tg: Tg) -> None:
    await tg.say("Voicemail light stuck on for my phone only")
    assert "+1 (800) 347-5444" in (await tg.say("/help@SupportTestBot"))["text"]
    assert "tickets" in (await tg.say("/status"))["text"]
    menu = await tg.say("/lang")
    assert buttons(menu) == ["english", "español"]
    assert "español" in (await tg.press("español"))["text"]
    assert "persona" in (await tg.say("/human"))["text"]


async def test_text_is_escaped_for_the_html_parse_mode(tg: Tg) -> None:
    for text in (
        "Voicemail light stuck on for my phone <only> & the desk set",
        "Ana Perez",
        "AC-10442",
        "+1 415 555 2671",
    ):
        await tg.say(text)
    summary = await tg.say("ana@example.com")
    assert summary["parse_mode"] == "HTML"
    assert "&lt;only&gt; &amp; the desk set" in summary["text"]


# -- dedup and verification -------------------------------------------------------------------


async def test_a_replayed_update_gets_no_second_reply(tg: Tg) -> None:
    update = message_update(ANA, "Voicemail light stuck on for my phone only", update_id=77)
    assert len(await tg.replies(update)) == 1
    assert await tg.replies(update) == []
    assert len(await tg.outbox()) == 1
    press = callback_update(ANA, "yes", update_id=78)
    await tg.replies(press)
    assert await tg.replies(press) == []
    assert len(await tg.outbox()) == 2


@pytest.mark.parametrize("secret", [None, "wrong-secret"], ids=["missing", "wrong"])
async def test_a_missing_or_wrong_secret_token_gets_403_and_stores_nothing(
    tg: Tg, secret: str | None
) -> None:
    update = message_update(ANA, "Voicemail light stuck on for my phone only", update_id=90)
    response = await tg.post(update, secret=secret)
    assert response.status_code == 403
    assert not await tg.services.store.seen("telegram:90")
    assert await tg.services.store.load_conversation(f"telegram:{ANA}") is None


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"[1, 2]", b'{"message": {"text": "no update id"}}', b'{"update_id": "7"}'],
    ids=["broken json", "a list", "no update_id", "string update_id"],
)
async def test_malformed_json_gets_400(tg: Tg, body: bytes) -> None:
    assert (await tg.post(body)).status_code == 400


async def test_unknown_update_types_are_acknowledged_and_ignored(tg: Tg) -> None:
    poll = {
        "update_id": 92,
        "poll": {
            "id": "p",
            "question": "?",
            "options": [],
            "total_voter_count": 0,
            "is_closed": False,
            "is_anonymous": True,
            "type": "regular",
            "allows_multiple_answers": False,
        },
    }
    sticker_only = message_update(ANA, "", update_id=93)
    future = {"update_id": 94, "some_future_type": {"x": 1}}
    for update in (poll, sticker_only, future):
        assert (await tg.post(update)).status_code == 200
    assert await tg.services.store.load_conversation(f"telegram:{ANA}") is None
    assert await tg.outbox() == []


# -- groups, attachments ----------------------------------------------------------------------


async def test_in_a_group_the_bot_says_once_that_it_works_in_private_then_stays_quiet(
    tg: Tg,
) -> None:
    group = -100123
    [notice] = await tg.replies(message_update(group, "/help", chat_type="supergroup"))
    assert notice["chat_id"] == str(group) or int(notice["chat_id"]) == group
    assert "private" in notice["text"] and "@SupportTestBot" in notice["text"]
    assert await tg.services.store.get_flag(group_flag(group)) is not None
    assert (
        await tg.replies(message_update(group, "Our phones are down", chat_type="supergroup")) == []
    )
    assert await tg.services.store.load_conversation(f"telegram:{group}") is None
    lines = await tg.services.store.transcript(f"telegram:{group}")
    assert [line.who for line in lines] == ["bot"]  # the group's own words are not kept


async def test_photos_and_documents_are_recorded_as_attachments(tg: Tg) -> None:
    photo = [
        {
            "file_id": "small-id",
            "file_unique_id": "u1",
            "width": 90,
            "height": 90,
            "file_size": 1200,
        },
        {
            "file_id": "big-id",
            "file_unique_id": "u2",
            "width": 1280,
            "height": 960,
            "file_size": 88000,
        },
    ]
    await tg.replies(
        message_update(ANA, caption="Voicemail light stuck on for my phone only", photo=photo)
    )
    document = {
        "file_id": "doc-id",
        "file_unique_id": "u3",
        "file_name": "trace.pcap",
        "mime_type": "application/vnd.tcpdump.pcap",
        "file_size": 5000,
    }
    await tg.replies(message_update(ANA, caption="Ana Perez", document=document))
    conv = await tg.services.store.load_conversation(f"telegram:{ANA}")
    assert conv is not None
    got = {(a.kind, a.ref, a.size, a.name) for a in conv.attachments}
    assert got == {
        ("image", "big-id", 88000, "photo-u2"),
        ("document", "doc-id", 5000, "trace.pcap"),
    }


# -- outbound failures ------------------------------------------------------------------------


async def test_flood_control_retry_after_is_honoured(tg: Tg) -> None:
    tg.fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 7", retry_after=7)
    assert await tg.replies(message_update(ANA, "Voicemail light stuck on for my phone only")) == []
    [item] = await tg.outbox()
    assert item.status == OutboxStatus.PENDING and item.attempts == 1
    assert item.not_before == tg.clock() + timedelta(seconds=7)
    tg.clock.advance(seconds=8)
    await tg.services.dispatcher.deliver_due()
    [item] = await tg.outbox()
    assert item.status == OutboxStatus.DELIVERED and len(tg.fake.named("sendMessage")) == 1


async def test_a_bot_blocked_by_the_user_is_a_permanent_failure(tg: Tg) -> None:
    tg.fake.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user")
    await tg.replies(message_update(ANA, "Voicemail light stuck on for my phone only"))
    [item] = await tg.outbox()
    assert item.status == OutboxStatus.FAILED and "blocked" in item.last_error


async def test_each_webhook_update_is_timed_under_the_telegram_route(tg: Tg) -> None:
    await tg.say("Voicemail light stuck on for my phone only")
    await tg.press("yes")
    timed = "supportbot_webhook_duration_seconds_count"
    assert tg.services.metrics.value(timed, route="telegram") == 2
    assert tg.services.metrics.value("supportbot_turns_total", channel="telegram") == 2
