"""Issue 17 through the whole app: a card for every ticket (email included, routed by
`[slack.routes]`), every status of the CallTower plan from the card and from `/ticket`,
the no-response close and the reopen window, escalation that notifies each level's
people, and SLA breaches on the card and in the API. Slack requests are signed with
slack_sdk's SignatureVerifier; the clock is the test's."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from channels.email import EmailChannel
from domain.types import Address, Ticket, TicketStatus
from handoff import slack_blocks as blocks
from handoff.slack_modals import REASSIGN_BLOCK, REASSIGN_INPUT, SHIPPING_BLOCK, SHIPPING_INPUT
from tests.channels.email_support import (
    SUPPORT,
    CapturingRelay,
    corpus,
    drain_inbox,
    send,
    text_of,
)
from tests.conftest import Clock
from tests.handoff.conftest import AGENT, ANA, OTHER_AGENT, Desk, running_desk
from tests.handoff.test_slack import card_texts

EMAIL_QUEUE = "CEMAILQ01"
URGENT = "CURGENT01"
PROFILES = Path(__file__).resolve().parents[2] / "bot" / "profiles"


def last_card(desk: Desk, number: int) -> str:
    """The card as Slack shows it now: its latest chat.update, else the post."""
    updates = [u for u in desk.slack.named("chat.update") if f"#{number} " in u.get("text", "")]
    if updates:
        return card_texts(updates[-1])
    posts = [p for p in desk.slack.posts() if not p.get("thread_ts")]
    return card_texts([p for p in posts if f"#{number} " in p.get("text", "")][-1])


def thread(desk: Desk, ts: str) -> list[str]:
    return [p["text"] for p in desk.slack.posts(thread=ts)]


async def answer_intake(desk: Desk, first: str, *, sender: str = ANA) -> Ticket:
    """Open a ticket over SMS, answering whatever the plan's intake asks."""
    reply = (await desk.text(first, sender=sender)).text
    for _ in range(12):
        tickets = await desk.store.list_tickets(address=Address("sms", sender))
        if tickets:
            return tickets[0]
        low = reply.lower()
        if "name" in low and "business" not in low:
            answer = "Ana Perez"
        elif "account" in low:
            answer = "AC-10442"
        elif "email" in low:
            answer = "ana@example.com"
        elif "business" in low or "location" in low:
            answer = "Acme Corp, 100 Main St Dallas"
        elif "phone" in low or "number" in low:
            answer = "+1 214 555 0100"
        elif "how long" in low or "since" in low:
            answer = "since 8am"
        elif "skip" in low:
            answer = "skip"
        else:
            answer = "yes"
        reply = (await desk.text(answer, sender=sender)).text
    raise AssertionError(f"no ticket opened; the bot last said {reply!r}")


# -- 1. a card for every ticket; an email customer and an agent in its thread --------------


@pytest.fixture
async def relay() -> AsyncIterator[CapturingRelay]:
    relay = CapturingRelay()
    await relay.start()
    yield relay
    await relay.stop()


async def test_email_p4_ticket_gets_a_routed_card_and_the_agent_and_customer_talk_in_its_thread(
    tmp_path: Path, clock: Clock, relay: CapturingRelay
) -> None:
    email = {
        "enabled": True,
        "listen_port": 0,
        "addresses": [SUPPORT],
        "from_address": SUPPORT,
        "relay": {"host": "127.0.0.1", "port": relay.port},
    }
    routes = {"email": EMAIL_QUEUE, "P1": URGENT}
    async with running_desk(
        tmp_path, clock, channels={"email": email}, slack={"routes": routes}
    ) as desk:
        channel = desk.services.channels["email"]
        assert isinstance(channel, EmailChannel) and channel.port is not None
        services = desk.services

        async def mail(raw: bytes) -> None:
            assert await send(channel.port or 0, raw) == {}
            await drain_inbox(desk.store, services.dispatcher, clock)

        await mail(corpus("new_en_outage.eml"))
        (ticket,) = await desk.store.list_tickets(address=Address("email", "ana@example.com"))
        assert ticket.priority == "P4" and not ticket.human_requested  # nobody asked for one
        (top,) = [p for p in desk.slack.posts() if not p.get("thread_ts")]
        assert top["channel"] == EMAIL_QUEUE  # the route for email, not the queue (or P1's)
        assert "Customer asked for a person" not in card_texts(top)
        card = await desk.card(ticket.number)
        assert card.channel == EMAIL_QUEUE
        await services.dispatcher.deliver_due()  # the bot's own reply
        sent_before = len(relay.received)

        await desk.action(blocks.ACTION_CLAIM, str(ticket.number), card=card)
        await desk.thread_message(
            card, "Hi Ana, we are checking the trunk. What number can we call?"
        )
        await services.dispatcher.deliver_due()
        # the claim notice and the reply are two outbox items that may go out on two SMTP
        # sessions at once: the reply is whichever carries the agent's words
        mails = relay.received[sent_before:]
        (agent,) = [m for m in mails if "we are checking the trunk" in text_of(m.message)]
        agent_mail = agent.message
        assert agent.rcpt_tos == ["ana@example.com"]
        assert "— María" in text_of(agent_mail)
        assert f"[#{ticket.number}]" in agent_mail["Subject"]

        await mail(corpus("outlook_reply_en.eml", TICKET=ticket.number))
        assert "*Customer:* You can reach me at 303-555-0147." in thread(desk, card.ts)


async def test_a_claim_without_a_card_gets_one_with_a_thread(desk: Desk) -> None:
    ticket = await desk.open_ticket()
    await desk.store.set_flag(f"desk:card:{ticket.number}", None)  # a ticket from before
    answer = (await desk.command(f"{ticket.number} claim")).json()["text"]
    assert "replies in this thread go to the customer" in answer
    card = await desk.card(ticket.number)
    assert any("Claimed by" in t for t in thread(desk, card.ts))


# -- 2. every status, from /ticket and from the card ----------------------------------------


async def test_every_status_transition_from_the_ticket_command(desk: Desk) -> None:
    ticket = await desk.open_ticket()
    other = await desk.open_ticket(sender="+14155550123")
    n = ticket.number
    card = await desk.card(n)

    async def run(words: str) -> str:
        text: str = (await desk.command(f"{n} {words}")).json()["text"]
        return text

    async def status() -> TicketStatus:
        return (await desk.store.get_ticket(n)).status

    await run("claim")
    assert await status() is TicketStatus.IN_PROGRESS and "Status: *In progress*" in last_card(
        desk, n
    )
    assert "back in the queue" in await run("unclaim")
    assert "Unclaimed" in last_card(desk, n) and await desk.sh.cards.owner(n) is None
    await run(f"reassign <@{OTHER_AGENT}|joe>")
    assert (await desk.sh.cards.owner(n)).id == OTHER_AGENT
    assert f"Claimed by <@{OTHER_AGENT}>" in last_card(desk, n)
    assert "Joe from CallTower support now has ticket" in (await desk.outbox_texts())[-1]
    await run("hold 2026-12-01")
    assert await status() is TicketStatus.ON_HOLD and "*On hold* · until 2026-12-01" in last_card(
        desk, n
    )
    await run("progress")
    assert await status() is TicketStatus.IN_PROGRESS
    assert "working on ticket" in (await desk.outbox_texts())[-1]
    await run("shipping UPS 1Z999AA10123456784")
    assert await status() is TicketStatus.SHIPPING
    assert "*Shipping* · tracking: UPS 1Z999AA10123456784" in last_card(desk, n)
    assert "Tracking: UPS 1Z999AA10123456784" in (await desk.outbox_texts())[-1]
    await run("resolve")
    assert await status() is TicketStatus.RESOLVED_PENDING
    assert "Resolved, follow-up required" in last_card(desk, n)
    await run("close")
    assert await status() is TicketStatus.CLOSED and "Status: *Closed*" in last_card(desk, n)
    assert f"Ticket #{n} is closed" in (await desk.outbox_texts())[-1]
    await run("reopen")
    assert await status() is TicketStatus.REOPENED and "Customer reopened" in last_card(desk, n)
    await desk.command(f"{other.number} duplicate {n}")
    dup = await desk.store.get_ticket(other.number)
    assert dup.status is TicketStatus.DUPLICATE and "Status: *Duplicate*" in last_card(
        desk, other.number
    )
    assert f"Closed by <@{AGENT}> as a duplicate of #{n}." in thread(
        desk, (await desk.card(other.number)).ts
    )
    assert card.ts  # the same card all along


async def test_every_status_transition_from_the_card(desk: Desk) -> None:
    ticket = await desk.open_ticket()
    n = ticket.number
    card = await desk.card(n)
    value = str(n)

    async def status() -> TicketStatus:
        return (await desk.store.get_ticket(n)).status

    await desk.action(blocks.ACTION_CLAIM, value, card=card)
    assert await status() is TicketStatus.IN_PROGRESS
    await desk.action(blocks.ACTION_UNCLAIM, value, card=card)
    assert "Unclaimed" in last_card(desk, n)
    # the ⋯ menu: reassign (a form with a user picker)
    await desk.action(blocks.ACTION_MORE, f"{n}:{blocks.MORE_REASSIGN}", card=card, overflow=True)
    view = desk.slack.named("views.open")[-1]["view"]
    values = {
        REASSIGN_BLOCK: {REASSIGN_INPUT: {"type": "users_select", "selected_user": OTHER_AGENT}}
    }
    assert (await desk.submit(view, values)).status_code == 200
    assert (await desk.sh.cards.owner(n)).id == OTHER_AGENT
    # shipping with a tracking note (a form), then in progress (at once)
    await desk.action(blocks.ACTION_MORE, f"{n}:{blocks.MORE_SHIPPING}", card=card, overflow=True)
    view = desk.slack.named("views.open")[-1]["view"]
    values = {SHIPPING_BLOCK: {SHIPPING_INPUT: {"type": "plain_text_input", "value": "FedEx 7712"}}}
    await desk.submit(view, values, user=OTHER_AGENT)
    assert await status() is TicketStatus.SHIPPING and "tracking: FedEx 7712" in last_card(desk, n)
    await desk.action(
        blocks.ACTION_MORE,
        f"{n}:{blocks.MORE_PROGRESS}",
        card=card,
        overflow=True,
        user=OTHER_AGENT,
    )
    assert await status() is TicketStatus.IN_PROGRESS
    await desk.action(blocks.ACTION_RESOLVE, value, card=card, user=OTHER_AGENT)
    assert await status() is TicketStatus.RESOLVED_PENDING
    update = desk.slack.named("chat.update")[-1]
    assert [a for a in _action_ids(update)] == [blocks.ACTION_REOPEN, blocks.ACTION_CLOSE]
    await desk.action(blocks.ACTION_CLOSE, value, card=card)
    assert await status() is TicketStatus.CLOSED
    assert _action_ids(desk.slack.named("chat.update")[-1]) == [blocks.ACTION_REOPEN]
    await desk.action(blocks.ACTION_REOPEN, value, card=card)
    assert await status() is TicketStatus.REOPENED
    assert blocks.ACTION_CLAIM in _action_ids(desk.slack.named("chat.update")[-1])


def _action_ids(call: dict[str, Any]) -> list[str]:
    return [
        el.get("action_id")
        for att in call.get("attachments", [])
        for b in att.get("blocks", [])
        if b.get("type") == "actions"
        for el in b["elements"]
    ]


# -- the no-response close and the reopen rules ------------------------------------------------


async def test_a_no_response_close_shows_on_the_card_and_in_its_thread(desk: Desk) -> None:
    ticket = await desk.open_ticket()
    card = await desk.card(ticket.number)
    await desk.action(blocks.ACTION_CLAIM, str(ticket.number), card=card)
    await desk.thread_message(card, "Can you try rebooting the phone and tell me if it helps?")
    desk.clock.advance(days=4)  # two business days of silence (Tuesday -> Saturday)
    await desk.services.timers.run_due()
    closed = await desk.store.get_ticket(ticket.number)
    assert closed.status is TicketStatus.CLOSED_NO_RESPONSE
    assert "Status: *Closed, no response*" in last_card(desk, ticket.number)
    assert any("closed, no response" in t and "new case linked" in t for t in thread(desk, card.ts))


async def test_reopen_within_the_window_reopens_the_case(desk: Desk) -> None:
    ticket = await desk.open_ticket()
    await desk.command(f"{ticket.number} claim")
    await desk.command(f"{ticket.number} close")
    desk.clock.advance(days=6)
    await desk.command(f"{ticket.number} reopen")
    reopened = await desk.store.get_ticket(ticket.number)
    assert reopened.status is TicketStatus.REOPENED
    assert f"Ticket #{ticket.number} is reopened" in (await desk.outbox_texts())[-1]
    assert len(await desk.store.list_tickets()) == 1


@pytest.mark.parametrize("how", ["after the window", "closed for no response"])
async def test_reopen_after_the_window_or_a_no_response_close_opens_a_linked_case(
    desk: Desk, how: str
) -> None:
    ticket = await desk.open_ticket()
    n = ticket.number
    card = await desk.card(n)
    await desk.command(f"{n} claim")
    if how == "after the window":
        await desk.command(f"{n} close")
        desk.clock.advance(days=8)
    else:
        await desk.thread_message(card, "Does it work after a reboot?")
        desk.clock.advance(days=4)
        await desk.services.timers.run_due()
        assert (await desk.store.get_ticket(n)).status is TicketStatus.CLOSED_NO_RESPONSE
    answer = (await desk.command(f"{n} reopen")).json()["text"]
    assert f"new case #{n + 1} opened, linked to it" in answer
    old, new = await desk.store.get_ticket(n), await desk.store.get_ticket(n + 1)
    assert old.status.is_closed and new.status is TicketStatus.NEW and new.linked_to == n
    told = (await desk.outbox_texts())[-1]
    assert f"Ticket #{n} can no longer be reopened, so we've opened ticket #{n + 1}" in told
    new_card = await desk.card(n + 1)
    assert "linked to #" in last_card(desk, n + 1) and new_card.ts != card.ts
    assert f"New case #{n + 1} opened, linked to this one." in thread(desk, card.ts)
    conv = await desk.store.load_conversation(new.conversation_id)
    assert conv.ticket_number == n + 1  # the customer's next message goes to the new case


async def test_a_customer_cannot_reopen_a_case_closed_for_no_response(desk: Desk) -> None:
    ticket = await desk.open_ticket()
    card = await desk.card(ticket.number)
    await desk.command(f"{ticket.number} claim")
    await desk.thread_message(card, "Does it work after a reboot?")
    desk.clock.advance(days=4)
    await desk.services.timers.run_due()
    reply = (await desk.text("reopen")).text
    assert (await desk.store.get_ticket(ticket.number)).status is TicketStatus.CLOSED_NO_RESPONSE
    assert "reopened" not in reply


# -- 3. escalation that reaches people ---------------------------------------------------------


def att_with_notify(tmp_path: Path) -> str:
    """AT&T's plan with each level's people named (a workspace's ids)."""
    text = (PROFILES / "att-bvoip.toml").read_text()
    targets = iter(["S0TIER1", "S0TEAMMGR", "U0CSMGR", "C0DIRECTOR"])
    text = re.sub(
        r"(\[\[escalation\.levels\]\]\nlevel = \d+\n)",
        lambda m: m.group(1) + f'notify = "{next(targets)}"\n',
        text,
    )
    path = tmp_path / "att.toml"
    path.write_text(text)
    return str(path)


async def test_att_customer_escalation_notifies_each_levels_people_with_the_right_mention(
    tmp_path: Path, clock: Clock
) -> None:
    async with running_desk(tmp_path, clock, policy=att_with_notify(tmp_path)) as desk:
        ticket = await answer_intake(
            desk, "Nobody at our Dallas site can make or receive calls, the whole site is down"
        )
        assert ticket.priority == "SEV1"
        card = await desk.card(ticket.number)
        too_soon = (await desk.text("escalate")).text
        assert "can go to the Team Lead" in too_soon  # the plan's SMS wording of level 2
        assert not any("escalated to level" in t for t in thread(desk, card.ts))
        expected = {
            2: "<!subteam^S0TEAMMGR>",
            3: "<@U0CSMGR>",
            4: None,  # a channel: told there, the thread says so
        }
        for hours, level in ((2, 2), (3, 3), (4, 4)):
            clock.now = ticket.created_at + timedelta(hours=hours, minutes=1)
            assert "I've escalated" in (await desk.text("escalate")).text
            post = [p for p in desk.slack.posts(thread=card.ts) if f"level {level}:" in p["text"]][
                -1
            ]
            mention = expected[level]
            if mention is not None:
                assert post["text"].startswith(
                    f"{mention} Ticket #{ticket.number} (SEV1) is escalated to level {level}"
                )
            else:
                assert "<#C0DIRECTOR> was told" in post["text"]
                (there,) = desk.slack.posts(channel="C0DIRECTOR")
                assert "escalated to level 4" in there["text"]
            assert f"Escalated to level {level}" in last_card(desk, ticket.number)
        told = [
            e.detail
            for e in (await desk.store.get_ticket(ticket.number)).events
            if e.kind == "escalation_notified"
        ]
        assert told == ["level 2: S0TEAMMGR", "level 3: U0CSMGR", "level 4: C0DIRECTOR"]
        assert "highest escalation level" in (await desk.text("escalate")).text


async def test_the_escalate_button_moves_exactly_one_level(tmp_path: Path, clock: Clock) -> None:
    async with running_desk(tmp_path, clock, policy=att_with_notify(tmp_path)) as desk:
        ticket = await answer_intake(
            desk, "Nobody at our Dallas site can make or receive calls, the whole site is down"
        )
        card = await desk.card(ticket.number)
        await desk.action(blocks.ACTION_ESCALATE, str(ticket.number), card=card)
        levels = [
            e.detail
            for e in (await desk.store.get_ticket(ticket.number)).events
            if e.kind == "escalated"
        ]
        assert len(levels) == 1 and levels[0].startswith("level 2:")  # no interval needed
        assert any(
            t.startswith("<!subteam^S0TEAMMGR>") and f"<@{AGENT}>" in t
            for t in thread(desk, card.ts)
        )
        await desk.action(blocks.ACTION_ESCALATE, str(ticket.number), card=card)
        levels = [
            e.detail
            for e in (await desk.store.get_ticket(ticket.number)).events
            if e.kind == "escalated"
        ]
        assert [d.split(":")[0] for d in levels] == ["level 2", "level 3"]


async def test_calltower_escalation_is_refused_until_a_clock_is_overdue(desk: Desk) -> None:
    ticket = await desk.open_ticket()  # a P4 by SMS: first response within 1 business day
    card = await desk.card(ticket.number)
    refused = (await desk.text("escalate")).text
    assert "can go to the 24/7 escalation manager" in refused  # the plan's SMS wording
    assert [
        e for e in (await desk.store.get_ticket(ticket.number)).events if e.kind == "escalated"
    ] == []
    assert ticket.first_response_due is not None
    desk.clock.now = ticket.first_response_due + timedelta(minutes=1)
    await desk.services.timers.run_due()  # the breach
    accepted = (await desk.text("escalate")).text
    assert "I've escalated ticket" in accepted and "24/7 escalation manager" in accepted
    assert any("is escalated to level 2" in t for t in thread(desk, card.ts))
    # one level per accepted request, and a P4 never reaches the VP or the CEO
    assert "highest escalation level" in (await desk.text("escalate")).text


# -- 4. SLA visibility ---------------------------------------------------------------------------


async def test_a_p3_breach_is_marked_on_its_card_and_listed_in_the_api(desk: Desk) -> None:
    ticket = await answer_intake(
        desk, "My desk phone does not register at all, only mine is affected"
    )
    assert ticket.priority == "P3"
    card = await desk.card(ticket.number)
    assert ticket.first_response_due is not None
    desk.clock.now = ticket.first_response_due + timedelta(seconds=1)
    await desk.services.timers.run_due()
    assert "First-response SLA breached" in last_card(desk, ticket.number)
    assert f"Ticket #{ticket.number} breached its first-response time." in thread(desk, card.ts)
    response = await desk.client.get(
        f"/api/tickets/{ticket.number}", headers={"Authorization": "Bearer t0ken"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["breached"] is True
    assert body["breaches"] == [{"clock": "first_response", "at": desk.clock().isoformat()}]
    metrics = desk.services.metrics
    assert (
        metrics.value("supportbot_sla_breaches_total", clock="first_response", priority="P3") == 1
    )
    scraped = (await desk.client.get("/metrics")).text
    assert 'supportbot_open_breached_tickets{clock="first_response"} 1.0' in scraped
    assert 'supportbot_open_tickets{priority="P3",status="new"} 1.0' in scraped
    waited = (desk.clock() - ticket.created_at).total_seconds()
    assert f"supportbot_oldest_unclaimed_seconds {waited}" in scraped
    metrics = (await desk.client.get("/metrics")).text
    assert 'supportbot_sla_breaches_total{clock="first_response",priority="P3"}' in metrics
    assert 'supportbot_open_breached_tickets{clock="first_response"} 1' in metrics
    assert 'supportbot_open_tickets{priority="P3",status="new"} 1' in metrics
    age = int(desk.clock().timestamp() - ticket.created_at.timestamp())
    assert f"supportbot_oldest_unclaimed_seconds {age}" in metrics
