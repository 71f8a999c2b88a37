"""The durable inbox: DATA is answered 250 once the raw message is committed, the turn
runs behind it from the outbox, exactly once per message, in order per sender."""

from __future__ import annotations

import base64
from typing import Any

from bot.store.protocol import OutboxStatus, StoreError
from channels.email_flow import AcceptFirst
from channels.email_inbox import INTAKE, InboxProcessor, inbox_dedup
from domain.types import Address
from tests.channels.email_support import EmailEnv, corpus

ANA_INBOX = Address(INTAKE, "ana@example.com")

FOLLOW_UP = (
    b"From: Ana Perez <ana@example.com>\r\nTo: support@example.com\r\n"
    b"Subject: Re: Phones down at our office\r\n"
    b"Message-ID: <CAF1newen001-followup@mail.gmail.com>\r\n"
    b"In-Reply-To: <CAF1newen001@mail.gmail.com>\r\n"
    b"References: <CAF1newen001@mail.gmail.com>\r\n"
    b'MIME-Version: 1.0\r\nContent-Type: text/plain; charset="UTF-8"\r\n\r\n'
    b"Sorry, forgot: you can call me back at +1 415 555 2671.\r\n"
)


async def test_the_250_comes_before_the_turn_and_the_ticket_once_the_inbox_is_drained(
    env: EmailEnv,
) -> None:
    assert await env.send(corpus("new_en_outage.eml"), drain=False) == {}
    # accepted: the raw message is committed, nothing turned yet
    assert await env.store.list_tickets() == []
    (item,) = await env.store.outbox_for(ANA_INBOX)
    assert item.status == OutboxStatus.PENDING
    raw = await env.store.get_flag(item.outbound.text)  # the bytes wait in their own flag
    assert raw is not None and base64.b64decode(raw).startswith(b"From: Ana Perez")
    assert item.outbound.meta == {"mail_from": "ana@example.com", "rcpt_tos": "support@example.com"}
    assert await env.drain() == 1
    ticket = await env.store.get_ticket(10001)
    assert ticket is not None and ticket.channel == "email"
    (done,) = await env.store.outbox_for(ANA_INBOX)
    assert done.status == OutboxStatus.DELIVERED
    assert await env.store.get_flag(item.outbound.text) is None  # turned: the raw mail is gone
    assert len(await env.deliver()) == 1


async def test_a_failed_turn_after_the_250_is_retried_and_opens_the_ticket_once(
    env: EmailEnv,
) -> None:
    real = env.engine.handle
    calls = 0

    async def crashing(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise StoreError("the store went away")  # temporary: retried with backoff
        return await real(*args, **kwargs)

    env.engine.handle = crashing  # type: ignore[method-assign]
    assert await env.send(corpus("new_en_outage.eml")) == {}  # 250, then the turn fails
    assert await env.store.list_tickets() == []
    (item,) = await env.store.outbox_for(ANA_INBOX)
    assert item.status == OutboxStatus.PENDING and item.attempts == 1  # kept, with backoff
    assert await env.drain() == 0  # not due yet
    env.clock.advance(minutes=5)
    assert await env.drain() == 1
    assert [t.number for t in await env.store.list_tickets()] == [10001]
    env.clock.advance(minutes=5)
    assert await env.drain() == 0  # finished: never turned again
    assert len(await env.deliver()) == 1


async def test_a_worker_dying_after_the_turn_is_taken_over_without_a_second_ticket(
    env: EmailEnv,
) -> None:
    assert await env.send(corpus("new_en_outage.eml"), drain=False) == {}
    # a worker claims the item and commits the turn, then dies before finishing the item
    (claimed,) = await env.store.claim_outbox(now=env.clock(), limit=10)
    encoded = await env.store.get_flag(claimed.outbound.text)
    assert encoded is not None
    await env.channel.process(base64.b64decode(encoded), "ana@example.com")
    assert [t.number for t in await env.store.list_tickets()] == [10001]
    assert await env.drain() == 0  # leased to the dead worker
    env.clock.advance(minutes=2)  # the lease runs out: another worker takes the item over
    assert await env.drain() == 1
    assert [t.number for t in await env.store.list_tickets()] == [10001]
    assert len(await env.deliver()) == 1  # one reply: the re-run was the engine's duplicate


async def test_a_retried_transaction_after_the_250_is_accepted_and_opens_one_ticket(
    env: EmailEnv,
) -> None:
    raw = corpus("new_en_outage.eml")
    assert await env.send(raw, drain=False) == {}
    # the sender did not see our 250 (a dropped connection) and sends it again
    assert await env.send(raw, drain=False) == {}
    assert len(await env.store.outbox_for(ANA_INBOX)) == 1
    assert await env.store.seen(inbox_dedup(raw.replace(b"\n", b"\r\n")))
    assert await env.drain() == 1
    assert await env.send(raw) == {}  # and once more after the turn
    assert [t.number for t in await env.store.list_tickets()] == [10001]
    assert len(await env.deliver()) == 1


async def test_two_mails_from_one_sender_are_turned_in_order(env: EmailEnv) -> None:
    assert await env.send(corpus("new_en_outage.eml"), drain=False) == {}
    assert await env.send(FOLLOW_UP, drain=False) == {}
    assert await env.drain() == 2  # one batch, run concurrently: the sender's lock orders it
    (ticket,) = await env.store.list_tickets()
    assert ticket.number == 10001
    assert ticket.fields["phone"] == "+14155552671"  # the follow-up joined the first's ticket
    assert ticket.fields["account_id"] == "AC-10442"


async def test_two_mails_from_one_sender_are_turned_in_order_through_the_dispatchers_lane(
    env: EmailEnv,
) -> None:
    assert await env.send(corpus("new_en_outage.eml"), drain=False) == {}
    assert await env.send(FOLLOW_UP, drain=False) == {}
    # both start at once in the inbox's lane, in claim order: the sender's lock orders them
    replies = await env.deliver()
    assert replies and all(r.rcpt_tos == ["ana@example.com"] for r in replies)
    (ticket,) = await env.store.list_tickets()
    assert ticket.fields["phone"] == "+14155552671"
    assert ticket.fields["account_id"] == "AC-10442"
    assert [i.status for i in await env.store.outbox_for(ANA_INBOX)] == [OutboxStatus.DELIVERED] * 2
    # turned in the order accepted: the follow-up came after the ticket was opened
    assert [e.kind for e in ticket.events if e.by != "bot"] == ["comment", "fields_changed"]


async def test_the_inbox_lane_holds_what_is_turned_in_a_third_of_a_lease(env: EmailEnv) -> None:
    """The dispatcher claims up to `depth` accepted mails ahead for the inbox; the last of
    them must be turned well inside its lease, each turn stepping aside up to max_wait."""
    assert env.channel.inbox.depth == 363  # 60 s lease / 3, 50 ms + 5 ms a turn
    paced = AcceptFirst(backlog=env.channel.backlog, max_wait=1.0, below=1)
    assert InboxProcessor(env.channel.process, store=env.store, pacing=paced).depth == 19
    assert InboxProcessor(env.channel.process, store=env.store).depth == 500  # at most


async def test_an_accepted_mail_is_retried_past_the_usual_attempt_limit(env: EmailEnv) -> None:
    """Delivery of a reply gives up after N attempts; an accepted mail has its own,
    longer bound (`inbox_max_attempts`) while the store fails."""
    from bot.engine.dispatch import Dispatcher

    dispatcher = Dispatcher(store=env.store, senders={}, clock=env.clock, max_attempts=2)
    dispatcher.add_sender("email-intake", env.channel.inbox)
    real = env.engine.handle
    calls = 0

    async def failing(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls <= 3:
            raise StoreError("the store is having a bad day")
        return await real(*args, **kwargs)

    env.engine.handle = failing  # type: ignore[method-assign]
    await env.send(corpus("new_en_outage.eml"), drain=False)
    for _ in range(4):
        await dispatcher.deliver_due()
        env.clock.advance(minutes=10)
    (item,) = await env.store.outbox_for(ANA_INBOX)
    assert item.status == OutboxStatus.DELIVERED and calls == 4
    assert len(await env.store.list_tickets()) == 1


async def test_smtp_data_acceptance_and_the_wait_for_the_turn_are_measured(env: EmailEnv) -> None:
    assert await env.send(corpus("new_en_outage.eml"), drain=False) == {}
    count = "supportbot_webhook_duration_seconds_count"
    assert env.metrics.value(count, route="smtp_data") == 1
    assert env.metrics.value("supportbot_outbox_delivery_lag_seconds_count", channel=INTAKE) == 0
    env.clock.advance(seconds=3)  # accepted, then turned 3 s later
    assert await env.drain() == 1
    lag = "supportbot_outbox_delivery_lag_seconds"
    assert env.metrics.value(f"{lag}_count", channel=INTAKE) == 1
    assert env.metrics.value(f"{lag}_sum", channel=INTAKE) == 3.0
    assert env.metrics.value(f"{lag}_bucket", channel=INTAKE, le="2.5") == 0
    assert env.metrics.value(f"{lag}_bucket", channel=INTAKE, le="5.0") == 1
    assert env.metrics.value("supportbot_deliveries_total", channel=INTAKE, result="delivered") == 1
    assert env.metrics.value("supportbot_turns_total", channel="email") == 1
