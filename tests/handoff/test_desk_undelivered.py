"""A reply that will not, or may not, reach the customer is told to the agents in the
ticket's thread, with what it said, so a person follows up (bot/engine/dispatch.py,
Interrupted sends)."""

from __future__ import annotations

from datetime import timedelta

from bot.store.protocol import OutboxItem, OutboxStatus, TurnCommit
from domain.types import Address, Outbound
from tests.handoff.conftest import ANA, Desk


async def test_a_reply_interrupted_mid_send_is_held_and_told_in_the_tickets_thread(
    desk: Desk,
) -> None:
    ticket = await desk.open_ticket()
    card = await desk.card(ticket.number)
    await desk.services.dispatcher.deliver_due()
    store = desk.store
    reply = "Your trunk is back <up> & answering"
    item = OutboxItem(
        id="reply-1",
        outbound=Outbound(Address("sms", ANA), reply, ticket_number=ticket.number, kind="agent"),
        created_at=desk.clock(),
    )
    await store.commit(TurnCommit(at=desk.clock(), outbox=(item,)))
    # a worker claims it and begins the send, then is killed before recording the outcome
    (claimed,) = [i for i in await store.claim_outbox(now=desk.clock()) if i.id == "reply-1"]
    assert await store.begin_send("reply-1", lease=claimed.lease, now=desk.clock())
    sent_before = len(desk.twilio.messages)
    desk.clock.advance(seconds=(store.lease + timedelta(seconds=1)).total_seconds())
    # SMS settles an interrupted send with Twilio's message log; when that log cannot be
    # read the reply is held (tests/channels/test_sms_reconcile.py has the other outcomes)
    desk.twilio.list_failures.append(503)

    await desk.services.dispatcher.deliver_due()

    assert len(desk.twilio.messages) == sent_before  # not sent a second time
    held = await store.get_outbox("reply-1")
    assert held is not None and held.status == OutboxStatus.UNCERTAIN
    said = [p["text"] for p in desk.slack.posts(thread=card.ts)]
    notice = next(t for t in said if "may not have reached the customer" in t)
    assert f"ticket #{ticket.number}" in notice
    assert "&lt;up&gt; &amp; answering" in notice  # the reply, made safe for Slack
    stored = await store.get_ticket(ticket.number)
    assert stored is not None and stored.events[-1].kind == "delivery_uncertain"
