"""SMS duplicates a live worker could make, through twilio's own client against the local
fake Twilio API: (a) a create that got no answer (the connection dropped, or the client
timed out, after Twilio accepted it; a 5xx) is settled with Twilio's message log before it
is sent again; (b) a reply cut short by a 429 on a later part sends only the parts not yet
sent, in order, never part 1 again. Each test counts what Twilio accepted per number:
every part once, in order, nothing duplicated, nothing lost."""

from __future__ import annotations

import random
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.engine.delivery import UNSETTLED
from bot.store.protocol import OutboxItem, OutboxStatus, TurnCommit
from channels.sms import STATUS_PATH
from channels.sms_send import part_failed_flag, render_parts
from domain.types import DEFAULT_LIMITS, Address, Outbound, Ticket
from tests.app_harness import app_settings, running_app, twilio_sms
from tests.channels.fake_twilio import FakeTwilio
from tests.channels.test_sms import ACCOUNT_SID, ANA, AUTH_TOKEN, Sms, open_ticket
from tests.conftest import Clock

UPDATE = "Dallas outage: a fix is being deployed; next update by 18:00."
LONG = " ".join(
    f"Step {n}: the carrier is rerouting trunk group {n} to the backup site." for n in range(8)
)
PARTS = render_parts(Outbound(Address("sms", ANA), LONG), DEFAULT_LIMITS["sms"])


@pytest.fixture
async def sms(tmp_path: Path, clock: Clock) -> AsyncIterator[Sms]:
    """The SMS app against the fake Twilio API, a short REST timeout, the fake's log dated
    on the test clock."""
    async with FakeTwilio(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN) as twilio:
        twilio.now = lambda: clock().timestamp()
        twilio.stall_seconds = 1.0  # past the client's timeout below: a hang guard only
        channel = twilio_sms(twilio.url, account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN)
        channel["api_timeout_seconds"] = 0.2
        settings = app_settings(tmp_path, channels={"sms": channel})
        async with running_app(settings, clock) as (services, client):
            yield Sms(client, services, twilio, clock)


async def attempt(sms: Sms, item_id: str) -> OutboxItem:
    """One round: whatever is due now is delivered, then the clock passes any backoff."""
    item = await sms.settled(item_id)
    sms.clock.advance(minutes=10)
    return item


async def test_a_create_whose_connection_dropped_after_twilio_took_it_is_not_sent_again(
    sms: Sms,
) -> None:
    item_id = await sms.agent_reply(UPDATE)
    sms.twilio.after_accept.append("drop")

    first = await attempt(sms, item_id)
    assert first.status == OutboxStatus.PENDING and first.provider_id == UNSETTLED
    second = await attempt(sms, item_id)

    [logged] = sms.twilio.log
    assert sms.twilio.per_number() == {ANA: [UPDATE]}  # once: settled from the log
    assert (second.status, second.provider_id) == (OutboxStatus.SENT, logged["sid"])
    assert len(sms.twilio.named("Messages.list")) == 1


async def test_a_create_the_client_timed_out_on_after_twilio_took_it_is_not_sent_again(
    sms: Sms,
) -> None:
    item_id = await sms.agent_reply(UPDATE)
    sms.twilio.after_accept.append("stall")

    first = await attempt(sms, item_id)
    assert first.provider_id == UNSETTLED and "TimeoutError" in first.last_error
    second = await attempt(sms, item_id)

    assert sms.twilio.per_number() == {ANA: [UPDATE]}
    assert second.status == OutboxStatus.SENT


async def test_a_create_answered_5xx_that_twilio_never_logged_is_sent_once_after_asking(
    sms: Sms,
) -> None:
    item_id = await sms.agent_reply(UPDATE)
    sms.twilio.fail_next(503)

    assert (await attempt(sms, item_id)).provider_id == UNSETTLED
    second = await attempt(sms, item_id)

    assert sms.twilio.per_number() == {ANA: [UPDATE]}
    assert second.status == OutboxStatus.SENT
    assert len(sms.twilio.named("Messages.list")) == 1  # asked before sending again


async def test_a_429_on_part_two_resends_only_the_parts_not_sent_in_order(sms: Sms) -> None:
    assert len(PARTS) == 3
    item_id = await sms.agent_reply(LONG)
    sms.twilio.fail_next(429, code=20429, retry_after="1", after=1)

    first = await attempt(sms, item_id)
    [part_one] = sms.twilio.messages
    assert (first.status, first.provider_id) == (OutboxStatus.PENDING, part_one["Sid"])
    second = await attempt(sms, item_id)

    assert sms.twilio.per_number() == {ANA: PARTS}  # part 1 once, then 2 and 3, in order
    assert second.status == OutboxStatus.SENT
    assert second.provider_id.split() == [m["Sid"] for m in sms.twilio.messages]
    assert sms.twilio.named("Messages.list") == []  # known sids need no log


async def test_a_dropped_answer_on_part_two_is_settled_and_part_three_follows(sms: Sms) -> None:
    item_id = await sms.agent_reply(LONG)
    sms.twilio.after_accept.extend([None, "drop"])

    first = await attempt(sms, item_id)
    assert first.provider_id.split()[1:] == [UNSETTLED]
    second = await attempt(sms, item_id)

    assert sms.twilio.per_number() == {ANA: PARTS}
    assert second.provider_id.split() == [str(m["sid"]) for m in sms.twilio.log]


async def test_an_unsettled_send_waits_while_twilios_log_cannot_be_read(sms: Sms) -> None:
    item_id = await sms.agent_reply(UPDATE)
    sms.twilio.after_accept.append("drop")
    sms.twilio.list_failures.append(503)

    await attempt(sms, item_id)
    waiting = await attempt(sms, item_id)  # the log answered 503: nothing sent, asked later
    assert waiting.status == OutboxStatus.PENDING and waiting.provider_id == UNSETTLED
    settled = await attempt(sms, item_id)

    assert sms.twilio.per_number() == {ANA: [UPDATE]}
    assert settled.status == OutboxStatus.SENT


async def test_a_receipt_for_part_one_does_not_finish_a_message_still_going_out(
    sms: Sms,
) -> None:
    item_id = await sms.agent_reply(LONG)
    sms.twilio.fail_next(429, retry_after="1", after=1)
    first = await attempt(sms, item_id)
    receipt = {"MessageSid": first.provider_id, "MessageStatus": "delivered", "To": ANA}

    assert (await sms.post(STATUS_PATH, receipt)).status_code == 204
    second = await attempt(sms, item_id)

    assert sms.twilio.per_number() == {ANA: PARTS}
    assert second.status == OutboxStatus.SENT


async def a_part_fails_while_going_out(sms: Sms, state: str, code: str) -> tuple[Ticket, str]:
    """An agent's long reply whose first part went out before a 429 cut the send short,
    and Twilio's receipt for that part saying `state` (error `code`); the ticket and item."""
    ticket = await open_ticket(sms)
    item_id = await sms.agent_reply(LONG, ticket=ticket.number)
    sms.twilio.fail_next(429, retry_after="1", after=1)
    first = await attempt(sms, item_id)
    failed = {"MessageSid": first.provider_id, "MessageStatus": state, "To": ANA, "ErrorCode": code}
    assert (await sms.post(STATUS_PATH, failed)).status_code == 204
    return ticket, item_id


async def test_a_failed_part_of_a_message_still_going_out_is_noted_and_fails_the_message(
    sms: Sms,
) -> None:
    ticket, item_id = await a_part_fails_while_going_out(sms, "undelivered", "30003")
    noted = await sms.services.store.get_ticket(ticket.number)
    second = await attempt(sms, item_id)
    last_sid = second.provider_id.split()[-1]
    delivered = {"MessageSid": last_sid, "MessageStatus": "delivered", "To": ANA}
    assert (await sms.post(STATUS_PATH, delivered)).status_code == 204
    outcome = await sms.services.store.get_outbox(item_id)

    assert noted is not None and any(
        e.kind == "delivery_failed" and "30003" in e.detail for e in noted.events
    )
    assert sms.twilio.per_number() == {ANA: PARTS}  # the rest still went out, once
    assert outcome is not None and outcome.status == OutboxStatus.FAILED
    assert "30003" in outcome.last_error


async def test_a_message_whose_part_failed_while_going_out_finishes_failed_without_more_receipts(
    sms: Sms,
) -> None:
    _, item_id = await a_part_fails_while_going_out(sms, "failed", "30008")

    await attempt(sms, item_id)  # the rest goes out; no other receipt ever comes
    outcome = await sms.services.store.get_outbox(item_id)

    assert sms.twilio.per_number() == {ANA: PARTS}
    assert outcome is not None and outcome.status == OutboxStatus.FAILED
    assert "30008" in outcome.last_error
    assert await sms.services.store.get_flag(part_failed_flag(item_id)) is None


async def test_many_customers_through_429s_drops_and_timeouts_get_every_part_once_in_order(
    sms: Sms,
) -> None:
    numbers = [f"+1415555{n:04d}" for n in range(24)]
    texts = {n: LONG if i % 2 else UPDATE for i, n in enumerate(numbers)}
    items = []
    for number, text in texts.items():
        item = OutboxItem(
            id=uuid.uuid4().hex,
            outbound=Outbound(address=Address("sms", number), text=text, kind="update"),
            created_at=sms.clock(),
            not_before=sms.clock(),
        )
        items.append(item)
    await sms.services.store.commit(TurnCommit(at=sms.clock(), outbox=tuple(items)))
    draw = random.Random(14)
    for _ in range(40):  # the provider misbehaves on about one create in three
        sms.twilio.after_accept.append(draw.choice([None, None, "drop", "stall"]))
        if draw.random() < 0.3:
            sms.twilio.fail_next(draw.choice([429, 503]), retry_after="1", after=draw.randint(0, 3))

    for _ in range(12):
        await attempt(sms, items[0].id)
    states = [await sms.services.store.get_outbox(item.id) for item in items]

    assert all(s is not None and s.status == OutboxStatus.SENT for s in states)
    expected = {
        n: render_parts(Outbound(Address("sms", n), t), DEFAULT_LIMITS["sms"])
        for n, t in texts.items()
    }
    assert sms.twilio.per_number() == expected  # 0 duplicated, 0 lost, parts in order
