"""The Slack agent desk through the whole ASGI app: SMS customers (signed Twilio
webhooks), agents in Slack (requests signed with slack_sdk's SignatureVerifier),
a local fake Slack Web API recording what the desk posted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.engine.sla_timers import update_timer_key
from bot.store.protocol import Timer, TurnCommit
from domain.types import Mode, TicketStatus
from handoff import slack_blocks as blocks
from tests.handoff.conftest import AGENT, ANA, ONCALL, OTHER_AGENT, QUEUE, Desk

# Tuesday 2026-11-24 02:00 MT: CallTower's chat agents (SMS too) are off until 05:00.
NIGHT = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def card_texts(call: dict) -> str:
    """Every text in a card's attachments, for assertions."""
    out = [call.get("text", "")]
    for att in call.get("attachments", []):
        for block in att.get("blocks", []):
            if "text" in block:
                out.append(block["text"]["text"])
            for f in block.get("fields", []):
                out.append(f["text"])
            for el in block.get("elements", []):
                if el.get("type") == "mrkdwn":
                    out.append(el["text"])
    return "\n".join(out)


def action_ids(call: dict) -> list[str]:
    return [
        el.get("action_id")
        for att in call.get("attachments", [])
        for b in att.get("blocks", [])
        if b.get("type") == "actions"
        for el in b["elements"]
    ]


async def test_sms_customer_to_agent_and_back_the_whole_path(desk: Desk) -> None:
    # 1. the customer asks for a person over SMS; the ticket opens with a card in the queue
    ticket = await desk.open_ticket()
    assert ticket.human_requested
    told = (await desk.outbox_texts())[-1]
    assert "connecting you with an agent" in told.lower() and "1 business day" in told
    cards = desk.slack.posts(channel=QUEUE)
    top = [c for c in cards if not c.get("thread_ts")]
    assert len(top) == 1
    text = card_texts(top[0])
    assert f"Ticket #{ticket.number}" in text and "Priority 4" in text and "sms" in text
    assert "Ana Perez" in text and "AC-10442" in text and "First response due" in text
    assert top[0]["attachments"][0]["color"] == "#1976d2"
    assert action_ids(top[0]) == [
        blocks.ACTION_CLAIM,
        blocks.ACTION_PROGRESS,
        blocks.ACTION_RESOLVE,
        blocks.ACTION_PRIORITY,
        blocks.ACTION_ESCALATE,
        blocks.ACTION_CLOSE,
        blocks.ACTION_MORE,
        blocks.ACTION_CANNED,
    ]
    card = await desk.card(ticket.number)
    intro = desk.slack.posts(thread=card.ts)[0]["text"]
    assert "note:" in intro and "never sent" in intro

    # 2. an agent claims it: card says so, transcript goes in the thread, the customer hears who
    response = await desk.action(blocks.ACTION_CLAIM, str(ticket.number), card=card)
    assert response.status_code == 200
    update = desk.slack.named("chat.update")[-1]
    assert update["ts"] == card.ts and f"Claimed by <@{AGENT}>" in card_texts(update)
    assert blocks.ACTION_CLAIM not in action_ids(update)
    transcript = next(p["text"] for p in desk.slack.posts(thread=card.ts) if "so far" in p["text"])
    assert "Voicemail light stuck on" in transcript and "*Customer:*" in transcript
    claimed = await desk.store.get_ticket(ticket.number)
    assert claimed.status is TicketStatus.IN_PROGRESS
    assert any(e.kind == "first_response" for e in claimed.events)
    conv = await desk.store.load_conversation(claimed.conversation_id)
    assert conv.mode is Mode.AGENT
    assert "María" in (await desk.outbox_texts())[-1]

    # 3. the agent's thread reply reaches the SMS outbox, as plain text, signed
    response = await desk.thread_message(
        card, "Hi! Please *restart* the phone, see <https://kb.example.com/vm|the guide>"
    )
    assert response.status_code == 200
    sent = (await desk.outbox_texts())[-1]
    assert (
        sent == "Hi! Please restart the phone, see the guide (https://kb.example.com/vm)\n— María"
    )
    await desk.services.dispatcher.deliver_due()
    assert any("restart the phone" in m["Body"] for m in desk.twilio.messages)

    # 4. the customer's answer appears in the thread, and the bot keeps quiet
    before = len(await desk.outbox_texts())
    twiml = await desk.text("Done, <!channel> it works now & thanks")
    assert "<Message>" not in twiml.text
    mirrored = desk.slack.posts(thread=card.ts)[-1]["text"]
    assert mirrored == "*Customer:* Done, &lt;!channel&gt; it works now &amp; thanks"
    assert len(await desk.outbox_texts()) == before

    # 5. resolve: the customer is asked to confirm; their "yes" closes the ticket
    await desk.action(blocks.ACTION_RESOLVE, str(ticket.number), card=card)
    assert "resolved" in (await desk.outbox_texts())[-1].lower()
    resolved = await desk.store.get_ticket(ticket.number)
    assert resolved.status is TicketStatus.RESOLVED_PENDING
    reply = await desk.text("yes")
    assert "is closed" in reply.text
    assert (await desk.store.get_ticket(ticket.number)).status is TicketStatus.CLOSED
    assert "confirmed" in desk.slack.posts(thread=card.ts)[-1]["text"]


async def test_agent_reply_to_a_closed_conversation_is_refused_visibly(desk: Desk) -> None:
    ticket = await desk.open_ticket()
    card = await desk.card(ticket.number)
    await desk.action(blocks.ACTION_CLAIM, str(ticket.number), card=card)
    await desk.action(blocks.ACTION_RESOLVE, str(ticket.number), card=card)
    count = len(await desk.outbox_texts())
    await desk.thread_message(card, "one more thing")
    assert len(await desk.outbox_texts()) == count
    refusal = desk.slack.named("chat.postEphemeral")[-1]
    assert (
        refusal["user"] == AGENT and refusal["thread_ts"] == card.ts and "closed" in refusal["text"]
    )


async def test_a_second_agent_cannot_take_a_claimed_ticket(desk: Desk) -> None:
    ticket = await desk.open_ticket()
    card = await desk.card(ticket.number)
    await desk.action(blocks.ACTION_CLAIM, str(ticket.number), card=card)
    await desk.action(blocks.ACTION_CLAIM, str(ticket.number), card=card, user=OTHER_AGENT)
    refusal = desk.slack.named("chat.postEphemeral")[-1]
    assert refusal["user"] == OTHER_AGENT and "María Gómez" in refusal["text"]
    count = len(await desk.outbox_texts())
    await desk.thread_message(card, "I'll take it from here", user=OTHER_AGENT)
    assert len(await desk.outbox_texts()) == count


async def test_notes_stay_between_agents(desk: Desk) -> None:
    ticket = await desk.open_ticket()
    card = await desk.card(ticket.number)
    await desk.action(blocks.ACTION_CLAIM, str(ticket.number), card=card)
    count = len(await desk.outbox_texts())
    await desk.thread_message(card, "note: customer is on the old firmware")
    await desk.thread_message(card, "NOTE:  check the VM box")
    response = await desk.command(f"{ticket.number} note escalate if it happens again")
    assert "Internal note saved" in response.json()["text"]
    assert len(await desk.outbox_texts()) == count
    notes = [e for e in (await desk.store.get_ticket(ticket.number)).events if e.kind == "note"]
    assert [n.detail for n in notes] == [
        "customer is on the old firmware",
        "check the VM box",
        "escalate if it happens again",
    ]


async def test_slack_retries_are_deduplicated(desk: Desk) -> None:
    ticket = await desk.open_ticket()
    card = await desk.card(ticket.number)
    await desk.action(blocks.ACTION_CLAIM, str(ticket.number), card=card)
    count = len(await desk.outbox_texts())
    for retry in (None, 1, 2):
        response = await desk.thread_message(card, "Checking now", event_id="EvSAME", retry=retry)
        assert response.status_code == 200
    assert len(await desk.outbox_texts()) == count + 1


async def test_bot_messages_including_our_own_are_ignored(desk: Desk) -> None:
    ticket = await desk.open_ticket()
    card = await desk.card(ticket.number)
    await desk.action(blocks.ACTION_CLAIM, str(ticket.number), card=card)
    count = len(await desk.outbox_texts())
    base = {"type": "message", "channel": card.channel, "thread_ts": card.ts}
    await desk.event({**base, "ts": desk.slack.next_ts(), "bot_id": "BOTHER", "text": "beep"})
    await desk.event(
        {**base, "ts": desk.slack.next_ts(), "subtype": "bot_message", "bot_id": "B2", "text": "x"}
    )
    await desk.event(
        {
            **base,
            "ts": desk.slack.next_ts(),
            "user": "UBOTSUPPORT",
            "bot_id": "BBOTSUPPORT",
            "text": "*Customer:* hello",
        }
    )
    assert len(await desk.outbox_texts()) == count


async def test_bad_signature_and_stale_timestamp_are_rejected(desk: Desk) -> None:
    ticket = await desk.open_ticket()
    card = await desk.card(ticket.number)
    count = len(await desk.outbox_texts())
    forged = await desk.thread_message(card, "pay here", secret="not-the-secret")
    assert forged.status_code in (401, 403)
    stale = await desk.thread_message(
        card, "old", timestamp=int(datetime.now().timestamp()) - 6 * 60
    )
    assert stale.status_code in (401, 403)
    unsigned = await desk.client.post(
        "/slack/events", content="{}", headers={"Content-Type": "application/json"}
    )
    assert unsigned.status_code in (401, 403)
    assert len(await desk.outbox_texts()) == count
    assert (await desk.store.get_ticket(ticket.number)).status is TicketStatus.NEW


async def test_url_verification_answers_the_challenge(desk: Desk) -> None:
    import json

    from tests.handoff.conftest import signed

    body = json.dumps({"token": "x", "challenge": "abc123", "type": "url_verification"})
    response = await desk.post(body, "application/json", signed(body))
    assert response.status_code == 200 and "abc123" in response.text


async def test_off_duty_customer_hears_when_agents_return(desk: Desk) -> None:
    desk.clock.now = NIGHT
    ticket = await desk.open_ticket()
    told = (await desk.outbox_texts())[-1]
    assert "Agents back Tue Nov 24, 5:00 AM" in told  # the SMS wording of "after_hours"
    assert "connecting you" not in told.lower()
    # the card waits in the queue for the morning; a P4 is not worth waking anyone for
    card_call = [c for c in desk.slack.posts(channel=QUEUE) if not c.get("thread_ts")][0]
    assert "After hours" in card_texts(card_call)
    assert not [p for p in desk.slack.posts() if f"subteam^{ONCALL}" in p.get("text", "")]
    assert ticket.priority == "P4"


def last_update(desk: Desk) -> str:
    return card_texts(desk.slack.named("chat.update")[-1])


async def test_card_updates_keep_the_after_hours_note_until_an_agent_claims(desk: Desk) -> None:
    desk.clock.now = NIGHT
    ticket = await desk.open_ticket()
    card = await desk.card(ticket.number)
    note = "After hours: customer told agents return Tuesday, November 24 at 5:00 AM"
    posted = [c for c in desk.slack.posts(channel=QUEUE) if not c.get("thread_ts")][0]
    assert note in card_texts(posted)
    # still waiting for an agent: a priority change, an escalation redraw the card with it
    await desk.action(blocks.ACTION_PRIORITY, f"{ticket.number}:P3", card=card, selected=True)
    assert "Priority 3 (P3)" in last_update(desk) and note in last_update(desk)
    await desk.command(f"{ticket.number} escalate")
    assert note in last_update(desk)
    # an agent has it: the customer no longer waits for the morning, the note goes for good
    desk.clock.advance(hours=4)
    await desk.action(blocks.ACTION_CLAIM, str(ticket.number), card=card)
    assert "Claimed by" in last_update(desk) and "After hours" not in last_update(desk)
    await desk.action(blocks.ACTION_RESOLVE, str(ticket.number), card=card)
    assert "After hours" not in last_update(desk)
    assert (await desk.card(ticket.number)).after_hours is None


async def test_the_breach_redraw_keeps_the_after_hours_note(desk: Desk) -> None:
    desk.clock.now = NIGHT
    number = await open_p1(desk)  # on-call paged; 15 minutes to first response, round the clock
    desk.clock.advance(minutes=16)
    await desk.services.timers.run_due()
    updated = last_update(desk)
    assert "breached" in updated and "After hours: customer told agents return" in updated
    assert (await desk.card(number)).breached


async def test_p1_after_hours_pages_the_oncall_group(desk: Desk) -> None:
    desk.clock.now = NIGHT
    for text in (
        "Our phones are down at the whole office, nobody can make or receive calls",
        "Ana Perez",
        "AC-10442",
        "ana@example.com",
        "skip",
        "yes",
    ):
        await desk.text(text)
    ticket = (await desk.store.list_tickets())[0]
    assert ticket.priority == "P1"
    pages = [p for p in desk.slack.posts() if f"<!subteam^{ONCALL}>" in p.get("text", "")]
    assert (
        len(pages) == 1 and f"#{ticket.number}" in pages[0]["text"] and pages[0]["reply_broadcast"]
    )


async def test_unclaimed_card_is_repinged_at_80_percent_and_marked_breached_at_100(
    desk: Desk,
) -> None:
    first = "Our phones are down at the whole office, nobody can make or receive calls"
    for text in (first, "Ana Perez", "AC-10442", "ana@example.com", "skip", "yes"):
        await desk.text(text)
    ticket = (await desk.store.list_tickets())[0]
    assert ticket.priority == "P1"  # 15 minutes to first response
    card = await desk.card(ticket.number)
    desk.clock.advance(minutes=11)
    assert await desk.services.timers.run_due() == 0
    desk.clock.advance(minutes=1, seconds=1)
    assert await desk.services.timers.run_due() == 1
    ping = desk.slack.posts(thread=card.ts)[-1]
    assert ping["reply_broadcast"] and "80 %" in ping["text"]
    desk.clock.advance(minutes=3)
    assert await desk.services.timers.run_due() == 1
    assert "breached" in card_texts(desk.slack.named("chat.update")[-1])
    assert any(
        e.kind == "sla_breached" for e in (await desk.store.get_ticket(ticket.number)).events
    )


async def test_claimed_card_is_not_repinged(desk: Desk) -> None:
    ticket = await desk.open_ticket()
    card = await desk.card(ticket.number)
    await desk.action(blocks.ACTION_CLAIM, str(ticket.number), card=card)
    posts = len(desk.slack.posts())
    desk.clock.advance(days=3)
    await desk.services.timers.run_due()
    later = [p["text"] for p in desk.slack.posts()[posts:]]
    assert not [text for text in later if "unclaimed" in text or "first-response" in text]
    # what is still owed is an update: its clock is breached (once), and the owner is
    # reminded (P4: every 2 business days)
    breach, reminder = later
    assert breach == f"Ticket #{ticket.number} breached its customer-update time."
    assert reminder.startswith(f"<@{AGENT}> Customer update due")


async def test_priority_select_recomputes_the_sla_and_tells_the_customer(desk: Desk) -> None:
    ticket = await desk.open_ticket()
    card = await desk.card(ticket.number)
    await desk.action(blocks.ACTION_PRIORITY, f"{ticket.number}:P2", card=card, selected=True)
    changed = await desk.store.get_ticket(ticket.number)
    assert changed.priority == "P2"
    assert changed.first_response_due == changed.created_at + timedelta(minutes=30)
    assert "Priority 2" in (await desk.outbox_texts())[-1]
    assert "Priority 2 (P2)" in card_texts(desk.slack.named("chat.update")[-1])


async def test_ticket_command_shows_a_ticket_and_the_queue(desk: Desk) -> None:
    first = await desk.open_ticket()
    second = await desk.open_ticket(sender="+14155550123")
    shown = (await desk.command(str(first.number))).json()["text"]
    assert f"Ticket #{first.number}" in shown and "unclaimed" in shown
    await desk.action(blocks.ACTION_CLAIM, str(first.number), card=await desk.card(first.number))
    queue = (await desk.command("queue")).json()["text"]
    assert f"#{second.number}" in queue and f"#{first.number}" not in queue
    assert (await desk.command("99999")).json()["text"] == "There is no ticket #99999."
    assert "/ticket queue" in (await desk.command("")).json()["text"]


async def test_ticket_command_actions_hold_duplicate_escalate(desk: Desk) -> None:
    first = await desk.open_ticket()
    second = await desk.open_ticket(sender="+14155550123")
    escalated = (await desk.command(f"{first.number} escalate")).json()["text"]
    assert "level 2" in escalated
    assert "escalated" in (await desk.outbox_texts())[-1]
    held = (await desk.command(f"{first.number} hold 2026-12-01")).json()["text"]
    assert "on hold" in held
    assert (await desk.store.get_ticket(first.number)).status is TicketStatus.ON_HOLD
    dup = (await desk.command(f"{second.number} duplicate {first.number}")).json()["text"]
    assert "duplicate" in dup
    closed = await desk.store.get_ticket(second.number)
    assert closed.status is TicketStatus.DUPLICATE and closed.linked_to == first.number
    assert f"#{first.number}" in (await desk.outbox_texts("+14155550123"))[-1]
    bad = (await desk.command(f"{first.number} hold someday")).json()["text"]
    assert "YYYY-MM-DD" in bad
    desk.clock.now = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    await desk.services.timers.run_due()
    assert (await desk.store.get_ticket(first.number)).status is TicketStatus.IN_PROGRESS


async def test_customer_status_question_is_answered_while_with_an_agent(desk: Desk) -> None:
    ticket = await desk.open_ticket()
    card = await desk.card(ticket.number)
    await desk.action(blocks.ACTION_CLAIM, str(ticket.number), card=card)
    reply = await desk.text("status")
    assert f"Ticket #{ticket.number}" in reply.text and "in progress" in reply.text
    assert desk.slack.posts(thread=card.ts)[-1]["text"] == "*Customer:* status"
    assert ANA  # the customer stays on their own channel


async def open_p1(desk: Desk) -> int:
    first = "Our phones are down at the whole office, nobody can make or receive calls"
    for text in (first, "Ana Perez", "AC-10442", "ana@example.com", "skip", "yes"):
        await desk.text(text)
    ticket = (await desk.store.list_tickets())[0]
    assert ticket.priority == "P1"  # an update every hour, wall time
    return ticket.number


async def test_an_overdue_customer_update_is_reminded_once_in_the_tickets_thread(
    desk: Desk,
) -> None:
    number = await open_p1(desk)
    card = await desk.card(number)
    await desk.thread_message(card, "We see it, rerouting your numbers now.")  # claims, updates
    posts = len(desk.slack.posts())
    desk.clock.advance(minutes=59)
    assert await desk.services.timers.run_due() == 0
    desk.clock.advance(minutes=1)
    assert await desk.services.timers.run_due() == 1
    assert await desk.services.timers.run_due() == 0  # re-armed for the next interval, not now
    breach, reminder = desk.slack.posts()[posts:]
    assert breach["reply_broadcast"] and "breached its customer-update time" in breach["text"]
    assert reminder["channel"] == card.channel and reminder["thread_ts"] == card.ts
    assert not reminder.get("reply_broadcast")
    assert reminder["text"] == (
        f"<@{AGENT}> Customer update due for #{number} (P1: every 1 hour); last customer "
        "update Tuesday, November 24 at 10:00 AM MST. Reply in this thread to update the customer."
    )
    # the agent updates the customer: the clock moves, the hour after the reminder is quiet
    desk.clock.advance(minutes=10)
    await desk.thread_message(card, "Calls are flowing again on the backup trunk.")
    posts = len(desk.slack.posts())
    desk.clock.advance(minutes=55)
    assert await desk.services.timers.run_due() == 0
    assert len(desk.slack.posts()) == posts


async def test_a_stale_update_timer_posts_nothing(desk: Desk) -> None:
    number = await open_p1(desk)
    card = await desk.card(number)
    await desk.thread_message(card, "On it.")
    desk.clock.advance(minutes=30)
    owed = (await desk.store.get_ticket(number)).next_update_due
    assert owed > desk.clock()
    stale = Timer(update_timer_key(number), desk.clock(), "sla_update_due", {"ticket": str(number)})
    await desk.store.commit(TurnCommit(at=desk.clock(), timers=(stale,)))
    posts = len(desk.slack.posts())
    assert await desk.services.timers.run_due() == 1
    assert len(desk.slack.posts()) == posts
    # the clock's own timer still stands
    (again,) = await desk.store.claim_due_timers(now=owed)
    assert again.key == update_timer_key(number) and again.due == owed


async def test_each_slack_request_is_timed_under_the_slack_events_route(desk: Desk) -> None:
    ticket = await desk.open_ticket()  # over SMS: not a Slack request
    timed = "supportbot_webhook_duration_seconds_count"
    assert desk.services.metrics.value(timed, route="slack_events") == 0
    card = await desk.card(ticket.number)
    await desk.action(blocks.ACTION_CLAIM, str(ticket.number), card=card)
    await desk.thread_message(card, "Checking now")
    assert desk.services.metrics.value(timed, route="slack_events") == 2
    assert desk.services.metrics.value(timed, route="twilio_sms") > 0
