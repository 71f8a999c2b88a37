"""A send interrupted by a worker's death (claimed, `begin_send` done, no outcome) is
settled with Twilio's message log when it is claimed again, through twilio's own client
against the local fake's `GET .../Messages.json`: found there, it is recorded with
Twilio's sid and not sent again; absent, it is sent once; part of a long message there,
only the rest is sent; the log unreadable, it is held as uncertain."""

from __future__ import annotations

import pytest

from bot.store.protocol import OutboxItem, OutboxStatus
from channels.sms_send import render_parts
from domain.types import DEFAULT_LIMITS, Address, Outbound
from tests.app_harness import TWILIO_FROM
from tests.bot.engine.test_dispatch import PAST_LEASE
from tests.channels import test_sms
from tests.channels.test_sms import ANA, Sms

sms = test_sms.sms  # the app with the SMS channel and a fake Twilio API
UPDATE = "Dallas outage: a fix is being deployed; next update by 18:00."
LONG = " ".join(
    f"Step {n}: the carrier is rerouting trunk group {n} to the backup site." for n in range(8)
)


async def interrupted(sms: Sms, text: str) -> str:
    """An outbox item whose worker began its send and died: the lease runs out."""
    item_id = await sms.agent_reply(text)
    store = sms.services.store
    (claimed,) = await store.claim_outbox(now=sms.clock())
    assert await store.begin_send(item_id, lease=claimed.lease, now=sms.clock())
    sms.clock.advance(seconds=PAST_LEASE.total_seconds())
    return item_id


def logged_at(sms: Sms, body: str, *, to: str = ANA, minutes: float = 0.0) -> str:
    """A message in Twilio's log, created `minutes` after the test clock's now."""
    at = sms.clock().timestamp() + minutes * 60
    return str(sms.twilio.logged(to, body, sender=TWILIO_FROM, at=at)["sid"])


async def test_an_interrupted_send_twilio_has_is_recorded_with_its_sid_and_not_sent_again(
    sms: Sms,
) -> None:
    item_id = await interrupted(sms, UPDATE)
    sid = logged_at(sms, UPDATE)  # the dead worker's send reached Twilio
    for n in range(130):  # newer messages to the number: it is on the log's second page
        logged_at(sms, f"reminder {n}", minutes=1)
    logged_at(sms, UPDATE, to="+14155550000")  # the same text to someone else

    item = await sms.settled(item_id)

    assert (item.status, item.provider_id) == (OutboxStatus.SENT, sid)
    assert sms.twilio.messages == []  # nothing created again
    [first, second] = sms.twilio.named("Messages.list")
    assert first["To"] == ANA and first["From"] == TWILIO_FROM and "DateSent>" not in first
    assert second["Page"] == "1"  # twilio's client followed next_page_uri


async def test_an_interrupted_send_twilio_never_got_is_sent_once(sms: Sms) -> None:
    item_id = await interrupted(sms, UPDATE)
    logged_at(sms, UPDATE, minutes=-60)  # the same text an hour before this item: not its send

    item = await sms.settled(item_id)

    [sent] = sms.twilio.messages
    assert sent["Body"] == UPDATE and sent["To"] == ANA
    assert (item.status, item.provider_id) == (OutboxStatus.SENT, sent["Sid"])


async def test_a_message_another_item_recorded_is_not_taken_for_the_interrupted_one(
    sms: Sms,
) -> None:
    earlier = await sms.settled(await sms.agent_reply(UPDATE))  # told once, recorded
    item_id = await interrupted(sms, UPDATE)  # the same text again, its send interrupted

    item = await sms.settled(item_id)

    assert [m["Body"] for m in sms.twilio.messages] == [UPDATE, UPDATE]
    assert item.provider_id != earlier.provider_id
    assert item.status == OutboxStatus.SENT


async def test_of_a_long_message_cut_short_only_the_parts_twilio_lacks_are_sent(sms: Sms) -> None:
    parts = render_parts(Outbound(Address("sms", ANA), LONG), DEFAULT_LIMITS["sms"])
    assert len(parts) == 3
    item_id = await interrupted(sms, LONG)
    first = logged_at(sms, parts[0])  # the worker died after the first part

    item = await sms.settled(item_id)

    assert [m["Body"] for m in sms.twilio.messages] == parts[1:]
    assert item.provider_id.split()[0] == first
    assert len(item.provider_id.split()) == 3 and item.status == OutboxStatus.SENT


@pytest.mark.parametrize("status", [503, 403])
async def test_an_interrupted_send_is_held_when_twilios_log_cannot_be_read(
    sms: Sms, status: int
) -> None:
    item_id = await interrupted(sms, UPDATE)
    sms.twilio.list_failures.append(status)

    item: OutboxItem = await sms.settled(item_id)

    assert item.status == OutboxStatus.UNCERTAIN and "message log" in item.last_error
    assert str(status) in item.last_error and ANA not in item.last_error
    assert sms.twilio.messages == []
