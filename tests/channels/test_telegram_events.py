"""Telegram updates that carry customer input without being a fresh text message,
posted as the Bot API sends them, with python-telegram-bot's Bot answering through
the local fake Bot API: a shared contact, an edited message, a photo without a
caption, and the customer blocking (then unblocking) the bot."""

from __future__ import annotations

import time
from typing import Any

import pytest

from bot.engine.delivery import PermanentFailure
from channels.base import opt_out_flag
from domain.types import Address, Outbound
from tests.channels import test_telegram
from tests.channels.fake_telegram import FakeTelegram, message_update
from tests.channels.test_telegram import ANA, Tg

# the Telegram fixtures of test_telegram: the app with PTB's Bot and the fake Bot API
fake = test_telegram.fake
tg = test_telegram.tg

CHAT = Address("telegram", str(ANA))
PHOTO = [
    {"file_id": "thumb", "file_unique_id": "t1", "width": 90, "height": 160, "file_size": 900},
    {
        "file_id": "shot-id",
        "file_unique_id": "s1",
        "width": 720,
        "height": 1280,
        "file_size": 64000,
    },
]
_IDS = iter(range(900_000, 999_999))


def edited(original: dict[str, Any], text: str) -> dict[str, Any]:
    """The update Telegram sends when the customer edits `original`'s message."""
    message = {**original["message"], "text": text, "edit_date": int(time.time())}
    return {"update_id": next(_IDS), "edited_message": message}


def membership(status: str, *, old: str) -> dict[str, Any]:
    """A my_chat_member update: the customer blocked ("kicked") or restarted the bot."""
    bot = {"id": FakeTelegram.BOT_ID, "is_bot": True, "first_name": "Support"}

    def member(state: str) -> dict[str, Any]:
        # a banned member carries until_date (0: for ever), as the Bot API sends it
        return {"user": bot, "status": state} | ({"until_date": 0} if state == "kicked" else {})

    return {
        "update_id": next(_IDS),
        "my_chat_member": {
            "chat": {"id": ANA, "type": "private", "first_name": "Ana"},
            "from": {"id": ANA, "is_bot": False, "first_name": "Ana"},
            "date": int(time.time()),
            "old_chat_member": member(old),
            "new_chat_member": member(status),
        },
    }


async def fields(tg: Tg) -> dict[str, str]:
    conv = await tg.services.store.load_conversation(str(CHAT))
    assert conv is not None
    return dict(conv.fields)


async def open_ticket(tg: Tg) -> dict[str, Any]:
    """A whole intake; returns the update of the first message (the description)."""
    first = message_update(ANA, "Calls are dropping")
    await tg.replies(first)
    for answer in ("Ana Perez", "AC-10442", "+1 415 555 2671", "ana@example.com", "skip"):
        await tg.say(answer)
    await tg.press("several")
    assert "Ticket #10001" in (await tg.press("yes"))["text"]
    return first


# -- a shared contact -------------------------------------------------------------------------


async def test_a_shared_contact_fills_the_callback_phone_and_the_intake_moves_on(tg: Tg) -> None:
    await tg.say("Calls are dropping")
    await tg.say("Ana Perez")
    assert "phone" in (await tg.say("AC-10442"))["text"].lower()
    contact = {"phone_number": "14155552671", "first_name": "Ana", "user_id": ANA}
    [reply] = await tg.replies(message_update(ANA, contact=contact))
    assert "email" in reply["text"].lower()
    assert (await fields(tg))["phone"] == "+14155552671"


# -- edited messages --------------------------------------------------------------------------


async def test_an_edited_answer_corrects_that_field_and_the_current_question_is_asked_again(
    tg: Tg,
) -> None:
    await tg.say("Calls are dropping")
    typo = message_update(ANA, "Ana Perz")
    [asked] = await tg.replies(typo)
    assert "account" in asked["text"].lower()
    [reply] = await tg.replies(edited(typo, "Ana Perez"))
    assert "updated" in reply["text"].lower() and "account" in reply["text"].lower()
    assert (await fields(tg))["name"] == "Ana Perez"


async def test_an_edit_is_deduplicated_on_its_own_update_id(tg: Tg) -> None:
    await tg.say("Calls are dropping")
    typo = message_update(ANA, "Ana Perz")
    await tg.replies(typo)
    edit = edited(typo, "Ana Perez")
    assert len(await tg.replies(edit)) == 1
    assert await tg.replies(edit) == []  # Telegram's retry of the same edit


async def test_an_edit_after_the_ticket_opened_changes_that_ticket_and_opens_no_other(
    tg: Tg,
) -> None:
    first = await open_ticket(tg)
    [reply] = await tg.replies(edited(first, "Calls are dropping on every phone in the office"))
    assert "updated" in reply["text"].lower()
    ticket = await tg.services.store.get_ticket(10001)
    assert ticket is not None
    assert ticket.fields["description"] == "Calls are dropping on every phone in the office"
    assert [e.kind for e in ticket.events].count("fields_changed") == 1
    assert len(await tg.services.store.list_tickets(address=CHAT)) == 1


async def test_an_edited_phone_number_replaces_the_one_on_the_ticket(tg: Tg) -> None:
    await open_ticket(tg)
    phone = message_update(ANA, "also call my cell +1 415 555 0100")
    await tg.replies(phone)
    await tg.replies(edited(phone, "also call my cell +1 415 555 0199"))
    ticket = await tg.services.store.get_ticket(10001)
    assert ticket is not None and ticket.fields["phone"] == "+14155550199"
    assert len(await tg.services.store.list_tickets(address=CHAT)) == 1


# -- files without a caption ------------------------------------------------------------------


async def test_a_photo_without_caption_is_acknowledged_kept_and_the_question_asked_again(
    tg: Tg,
) -> None:
    await tg.say("Calls are dropping")
    [reply] = await tg.replies(message_update(ANA, photo=PHOTO))
    text = reply["text"]
    assert "screenshot" in text and "name" in text.lower() and "didn't get" not in text
    conv = await tg.services.store.load_conversation(str(CHAT))
    assert conv is not None and [a.ref for a in conv.attachments] == ["shot-id"]
    assert "name" not in conv.fields  # the photo is not an answer


async def test_a_photo_without_caption_in_spanish_is_acknowledged_in_spanish(tg: Tg) -> None:
    await tg.say("Las llamadas se cortan desde esta mañana")
    [reply] = await tg.replies(message_update(ANA, photo=PHOTO))
    assert "captura" in reply["text"]


async def test_a_document_sent_to_an_open_ticket_is_attached_to_it(tg: Tg) -> None:
    await open_ticket(tg)
    document = {
        "file_id": "pcap-id",
        "file_unique_id": "p1",
        "file_name": "trace.pcap",
        "mime_type": "application/vnd.tcpdump.pcap",
        "file_size": 5000,
    }
    [reply] = await tg.replies(message_update(ANA, document=document))
    assert "file" in reply["text"] and "#10001" in reply["text"]
    ticket = await tg.services.store.get_ticket(10001)
    assert ticket is not None and "pcap-id" in [a.ref for a in ticket.attachments]


# -- blocking the bot -------------------------------------------------------------------------


async def test_a_chat_that_blocks_the_bot_gets_nothing_until_it_unblocks(tg: Tg) -> None:
    await open_ticket(tg)
    assert (await tg.post(membership("kicked", old="member"))).status_code == 200
    assert await tg.services.store.get_flag(opt_out_flag(CHAT)) is not None
    before = len(tg.fake.named("sendMessage"))
    with pytest.raises(PermanentFailure):
        await tg.channel.send(Outbound(address=CHAT, text="An agent update", kind="agent"))
    assert len(tg.fake.named("sendMessage")) == before
    ticket = await tg.services.store.get_ticket(10001)
    assert ticket is not None and "telegram_blocked" in [e.kind for e in ticket.events]

    assert (await tg.post(membership("member", old="kicked"))).status_code == 200
    assert await tg.services.store.get_flag(opt_out_flag(CHAT)) is None
    await tg.channel.send(Outbound(address=CHAT, text="An agent update", kind="agent"))
    assert len(tg.fake.named("sendMessage")) == before + 1


async def test_blocking_in_a_group_is_not_an_opt_out(tg: Tg) -> None:
    update = membership("kicked", old="member")
    update["my_chat_member"]["chat"] = {"id": -100123, "type": "supergroup", "title": "Office"}
    assert (await tg.post(update)).status_code == 200
    assert await tg.services.store.get_flag(opt_out_flag(Address("telegram", "-100123"))) is None


async def test_a_malformed_member_update_is_refused_with_400_and_changes_nothing(tg: Tg) -> None:
    update = membership("kicked", old="member")
    update["my_chat_member"]["chat"]["id"] = "4242"
    assert (await tg.post(update)).status_code == 400
    del update["my_chat_member"]["new_chat_member"]["status"]
    update["my_chat_member"]["chat"]["id"] = ANA
    assert (await tg.post(update)).status_code == 400
    assert await tg.services.store.get_flag(opt_out_flag(CHAT)) is None
