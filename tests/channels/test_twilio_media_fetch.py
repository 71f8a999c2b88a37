"""Twilio MMS media fetched with the account's credentials, only from Twilio, within a cap."""

from __future__ import annotations

import pytest

from bot.files.serve import FetchFailed, TooLarge
from channels.sms_media import TwilioMedia
from channels.twilio_rest import TWILIO_API
from tests.channels.fake_twilio import FakeTwilio

SID = "AC" + "3" * 32
TOKEN = "media-auth-token"


async def test_media_is_fetched_with_basic_auth_from_the_configured_base() -> None:
    async with FakeTwilio(account_sid=SID, auth_token=TOKEN) as twilio:
        media = TwilioMedia(account_sid=SID, auth_token=TOKEN, api_base_url=twilio.url)
        url = twilio.add_media(b"GIF89a....", "image/gif")
        try:
            assert await media.fetch(url, limit=1024) == b"GIF89a...."
            as_sent = TWILIO_API + url.removeprefix(twilio.url)  # what a webhook carries
            assert await media.fetch(as_sent, limit=1024) == b"GIF89a...."
        finally:
            await media.close()
        assert [c["authorized"] for c in twilio.named("Media.fetch")] == [True, True]


async def test_a_url_that_is_not_twilios_gets_no_credentials() -> None:
    media = TwilioMedia(account_sid=SID, auth_token=TOKEN, api_base_url=TWILIO_API)
    with pytest.raises(FetchFailed, match="not a Twilio media URL"):
        await media.fetch("https://attacker.example/steal", limit=1024)
    with pytest.raises(FetchFailed):
        await media.fetch("https://api.twilio.com.attacker.example/x", limit=1024)


async def test_media_over_the_limit_and_refusals_raise() -> None:
    async with FakeTwilio(account_sid=SID, auth_token=TOKEN) as twilio:
        media = TwilioMedia(account_sid=SID, auth_token=TOKEN, api_base_url=twilio.url)
        wrong = TwilioMedia(account_sid=SID, auth_token="not-the-token", api_base_url=twilio.url)
        url = twilio.add_media(b"x" * 5000, "image/jpeg")
        try:
            with pytest.raises(TooLarge):
                await media.fetch(url, limit=4096)
            with pytest.raises(FetchFailed, match="twilio answered 401"):
                await wrong.fetch(url, limit=10_000)
            with pytest.raises(FetchFailed, match="twilio answered 404"):
                await media.fetch(url + "0", limit=10_000)
        finally:
            await media.close()
            await wrong.close()
