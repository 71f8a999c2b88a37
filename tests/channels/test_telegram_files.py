"""A Telegram customer's file, opened by an agent: the ticket (API detail) lists it with a
signed link; the first download asks the Bot API (`getFile`, then the file) through
python-telegram-bot's Bot against the local fake, with the bot token; later ones are kept."""

from __future__ import annotations

from datetime import timedelta

from bot.store.protocol import TurnCommit
from domain.types import Address, Attachment
from tests.app_harness import PUBLIC
from tests.channels import test_telegram
from tests.channels.test_telegram import ANA, Tg
from tests.factories import make_ticket

fake = test_telegram.fake
tg = test_telegram.tg

JPEG = b"\xff\xd8\xff\xe0" + b"phone screen" * 200


async def _ticket_with(tg: Tg, *files: Attachment) -> int:
    ticket = make_ticket(
        number=10007,
        address=Address("telegram", str(ANA)),
        conversation_id=f"telegram:{ANA}",
        attachments=files,
        created_at=tg.clock() - timedelta(minutes=5),
    )
    await tg.services.store.commit(TurnCommit(at=tg.clock(), tickets=(ticket,)))
    return ticket.number


async def _detail(tg: Tg, number: int) -> dict:
    response = await tg.client.get(
        f"/api/tickets/{number}", headers={"Authorization": "Bearer t0ken"}
    )
    assert response.status_code == 200, response.text
    return response.json()


async def test_a_telegram_photo_is_fetched_through_the_bot_api_on_first_download(tg: Tg) -> None:
    tg.fake.files["big-id"] = ("photos/file_7.jpg", JPEG)
    photo = Attachment("image", "photo-u2", "image/jpeg", len(JPEG), ref="big-id")
    number = await _ticket_with(tg, photo)
    [listed] = (await _detail(tg, number))["attachments"]
    assert listed["name"] == "photo-u2" and listed["kind"] == "image"
    assert "ref" not in listed and "big-id" not in listed["url"]
    assert not tg.fake.named("getFile")  # nothing fetched until someone downloads it
    first = await tg.client.get(listed["url"].removeprefix(PUBLIC))
    assert first.status_code == 200 and first.content == JPEG
    assert first.headers["content-disposition"].startswith("attachment;")
    [asked] = tg.fake.named("getFile")
    assert asked["file_id"] == "big-id"
    assert [c["path"] for c in tg.fake.named("file.download")] == ["photos/file_7.jpg"]
    again = await tg.client.get(listed["url"].removeprefix(PUBLIC))
    assert again.content == JPEG and len(tg.fake.named("getFile")) == 1


async def test_a_file_telegram_no_longer_has_is_502_and_stays_on_the_ticket(tg: Tg) -> None:
    voice = Attachment("audio", "voice-1", "audio/ogg", 3000, ref="gone-id")
    number = await _ticket_with(tg, voice)
    [listed] = (await _detail(tg, number))["attachments"]
    answer = await tg.client.get(listed["url"].removeprefix(PUBLIC))
    assert answer.status_code == 502 and "telegram did not give the file" in answer.json()["error"]
    [again] = (await _detail(tg, number))["attachments"]
    assert again["name"] == "voice-1"
