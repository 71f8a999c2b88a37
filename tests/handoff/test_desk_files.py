"""Customers' MMS media reach agents as links in the ticket's thread and on its card: signed,
expiring, fetched from Twilio with the account's credentials on the first download only."""

from __future__ import annotations

import re
from pathlib import Path

import httpx

from channels.sms import INBOUND_PATH
from channels.twilio_rest import TWILIO_API
from tests.app_harness import PUBLIC
from tests.channels.fake_twilio import signed_form, sms_params
from tests.conftest import Clock
from tests.handoff.conftest import ANA, AUTH_TOKEN, Desk, running_desk

PNG = b"\x89PNG\r\n\x1a\n" + b"router lights" * 100
LINK = re.compile(r"<(https://support\.example\.com/files/[^|>]+)\|([^>]+)>")


async def _mms(desk: Desk, body: str, media: list[tuple[str, str]]) -> None:
    params = sms_params(ANA, body, media=media)
    content, headers = signed_form(AUTH_TOKEN, PUBLIC + INBOUND_PATH, params)
    response = await desk.client.post(INBOUND_PATH, content=content, headers=headers)
    assert response.status_code == 200, response.text


async def _photo_link(desk: Desk) -> tuple[str, int]:
    """An open ticket, then an MMS photo on it: the link the thread shows, and the ticket."""
    ticket = await desk.open_ticket()
    served = desk.twilio.add_media(PNG, "image/png")
    # the webhook names Twilio's API; the channel fetches from its configured base URL
    twilio_form = TWILIO_API + served.removeprefix(desk.twilio.url)
    await _mms(desk, "here is a photo of the phone", [(twilio_form, "image/png")])
    card = await desk.card(ticket.number)
    post = desk.slack.posts(thread=card.ts)[-1]["text"]
    assert post.startswith("*Customer:* here is a photo of the phone")
    [(url, name)] = LINK.findall(post)
    assert name == "mms-0"
    return url, ticket.number


async def _get(desk: Desk, url: str) -> httpx.Response:
    return await desk.client.get(url.removeprefix(PUBLIC))


async def test_an_mms_photo_is_a_link_in_the_thread_fetched_from_twilio_once(desk: Desk) -> None:
    url, _ = await _photo_link(desk)
    assert not desk.twilio.named("Media.fetch")  # nothing fetched while the turn ran
    first = await _get(desk, url)
    assert first.status_code == 200 and first.content == PNG
    assert first.headers["content-disposition"].startswith("attachment;")
    assert 'filename="mms-0"' in first.headers["content-disposition"]
    assert first.headers["x-content-type-options"] == "nosniff"
    assert first.headers["content-type"] == "image/png"
    [fetch] = desk.twilio.named("Media.fetch")
    assert fetch["authorized"]  # with the account SID and auth token
    again = await _get(desk, url)
    assert again.content == PNG and len(desk.twilio.named("Media.fetch")) == 1  # kept


async def test_the_card_links_the_customers_files(desk: Desk) -> None:
    _, number = await _photo_link(desk)
    await desk.command(f"{number} claim")  # the card is redrawn
    update = desk.slack.named("chat.update")[-1]
    text = update["attachments"][0]["blocks"][0]["text"]["text"]
    [(url, name)] = LINK.findall(text)
    assert name == "mms-0" and (await _get(desk, url)).content == PNG
    listed = (await desk.command(f"{number} files")).json()["text"]
    [(fresh, _)] = LINK.findall(listed)
    assert (await _get(desk, fresh)).status_code == 200


async def test_a_tampered_or_expired_link_is_403_and_an_unknown_file_404(desk: Desk) -> None:
    url, number = await _photo_link(desk)
    sig = url.rsplit("sig=", 1)[1]
    tampered = url.replace(sig, ("0" if sig[0] != "0" else "1") + sig[1:])
    assert (await _get(desk, tampered)).status_code == 403
    later = url.replace("expires=", "expires=9")  # a later expiry the signature does not cover
    assert (await _get(desk, later)).status_code == 403
    unknown = desk.sh.desk.files
    assert unknown is not None
    fid = f"{number}-{'0' * 24}"
    expires = int(desk.clock().timestamp()) + 60
    forged = f"/files/{fid}/x?expires={expires}&sig={unknown.signature(fid, expires)}"
    assert (await desk.client.get(forged)).status_code == 404
    assert (await desk.client.get("/files/..%2F..%2Fetc/passwd")).status_code == 404
    desk.clock.advance(days=7, seconds=1)
    expired = await _get(desk, url)
    assert expired.status_code == 403 and "expired" in expired.json()["error"]
    assert not desk.twilio.named("Media.fetch")


async def test_a_failed_fetch_is_502_and_the_next_download_tries_again(desk: Desk) -> None:
    url, number = await _photo_link(desk)
    desk.twilio.media_failures.append(500)
    failed = await _get(desk, url)
    assert failed.status_code == 502 and "try again" in failed.json()["error"]
    stored = await desk.store.get_ticket(number)
    assert stored.attachments[-1].ref.startswith(TWILIO_API)  # the reference is kept
    assert (await _get(desk, url)).content == PNG


async def test_media_over_the_cap_is_refused_with_502_and_not_kept(
    tmp_path: Path, clock: Clock
) -> None:
    async with running_desk(tmp_path, clock, files={"max_fetch_bytes": 1024}) as desk:
        url, _ = await _photo_link(desk)
        answer = await _get(desk, url)
        assert answer.status_code == 502 and "larger than 1024 bytes" in answer.json()["error"]
        assert not list((tmp_path / "data").rglob("fetched/sms/*"))
