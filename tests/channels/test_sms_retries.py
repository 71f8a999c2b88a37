"""Twilio retries a webhook (same MessageSid) when our first answer was lost after the
commit: the retry runs no second turn and answers with the reply that turn stored, whatever
it was: a dialogue reply, the rate-limit notice, a BAJA or ALTA confirmation. An empty
TwiML is right only when the turn stored no reply (STOP, which Twilio confirms itself; a
rate-limited turn past its one notice; an opted-out number)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from channels.sms import optout_key
from domain.types import Address
from flows.catalog import messages as catalog
from tests.app_harness import app_settings, running_app, twilio_sms
from tests.channels import test_sms
from tests.channels.fake_twilio import FakeTwilio
from tests.channels.test_sms import ACCOUNT_SID, ANA, AUTH_TOKEN, Sms, twiml_messages
from tests.conftest import Clock

sms = test_sms.sms  # the app with the SMS channel and a fake Twilio API
SPAIN = "+34612345678"
LIMIT = 2


@pytest.fixture
async def paced(tmp_path: Path, clock: Clock) -> AsyncIterator[Sms]:
    """The SMS app with a per-conversation limit of LIMIT turns a minute."""
    async with FakeTwilio(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN) as twilio:
        channel = twilio_sms(twilio.url, account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN)
        settings = app_settings(
            tmp_path, channels={"sms": channel}, limits={"turns_per_minute": LIMIT}
        )
        async with running_app(settings, clock) as (services, client):
            yield Sms(client, services, twilio, clock)


def _sid(n: int) -> str:
    return f"SM{n:032d}"


async def _twice(sms: Sms, body: str, sid: str, *, sender: str = ANA) -> tuple[list[str], ...]:
    first = await sms.text(body, sid=sid, sender=sender)
    again = await sms.text(body, sid=sid, sender=sender)
    assert first.status_code == again.status_code == 200
    return twiml_messages(first), twiml_messages(again)


async def _said_by_customer(sms: Sms, sender: str, body: str) -> int:
    transcript = await sms.services.store.transcript(str(Address("sms", sender)))
    return sum(1 for line in transcript if line.who == "customer" and line.text == body)


async def test_a_retry_of_the_turn_that_got_the_rate_limit_notice_gets_the_notice_again(
    paced: Sms,
) -> None:
    for n in range(LIMIT):
        assert twiml_messages(await paced.text(f"message {n}", sid=_sid(n)))
    notice = catalog.render("en", "slow_down", short=True, limit=LIMIT)
    first, again = await _twice(paced, "one more", _sid(LIMIT))
    assert first == again and "\n".join(first).replace("\n", " ") == notice.replace("\n", " ")
    # past the one notice the turns are silent, and so are their retries
    assert await _twice(paced, "and another", _sid(LIMIT + 1)) == ([], [])
    assert await _said_by_customer(paced, ANA, "one more") == 1  # no second turn


async def test_a_retry_of_baja_gets_its_confirmation_again_and_one_of_stop_gets_nothing(
    sms: Sms,
) -> None:
    first, again = await _twice(sms, "Baja", _sid(1), sender=SPAIN)
    assert first and "No recibirá más SMS" in "\n".join(first)
    assert again == first
    assert await sms.services.store.get_flag(optout_key(SPAIN)) is not None
    assert await _said_by_customer(sms, SPAIN, "Baja") == 1
    # Twilio answers its own STOP on a real number: that turn stored no reply
    assert await _twice(sms, "STOP", _sid(2)) == ([], [])
    assert await sms.services.store.get_flag(optout_key(ANA)) is not None


async def test_a_retry_of_alta_gets_its_confirmation_again_even_after_a_later_baja(
    sms: Sms,
) -> None:
    await sms.say("Baja", sender=SPAIN)
    first, again = await _twice(sms, "ALTA", _sid(3), sender=SPAIN)
    assert first and "Volverá a recibir" in "\n".join(first) and again == first
    await sms.text("Baja", sid=_sid(4), sender=SPAIN)  # opted out again since
    late = twiml_messages(await sms.text("ALTA", sid=_sid(3), sender=SPAIN))
    assert late == first  # what that turn said, not a second opt-in
    assert await sms.services.store.get_flag(optout_key(SPAIN)) is not None
    assert await _said_by_customer(sms, SPAIN, "ALTA") == 1
