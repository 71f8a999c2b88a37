"""The write endpoints do what the same Slack action does: the customer hears the same
words on their channel, the ticket, owner and card change the same way."""

from __future__ import annotations

import re

import pytest

from domain.types import TicketStatus
from handoff import slack_blocks as blocks
from tests.api.conftest import READER, WRITER, Api
from tests.handoff.conftest import ANA, Desk
from tests.handoff.test_slack import card_texts

JOE = "+14155550123"


def _same(texts: list[str], a: int, b: int) -> list[str]:
    return [re.sub(rf"#{b}\b", f"#{a}", t) for t in texts]


@pytest.mark.route("POST /api/tickets/{number}/replies")
async def test_a_reply_reaches_the_customer_as_a_reply_in_the_slack_thread_does(
    desk: Desk, api: Api
) -> None:
    by_slack = await desk.open_ticket()
    by_api = await desk.open_ticket(sender=JOE)
    before_slack, before_api = len(await desk.outbox_texts()), len(await desk.outbox_texts(JOE))

    card = await desk.card(by_slack.number)
    await desk.thread_message(card, "Please restart the phone")  # claims it by replying
    replied = await api.post(
        f"/api/tickets/{by_api.number}/replies",
        json={"text": "Please restart the phone", "author": "María Gómez"},
        token=WRITER,
    )
    assert replied.status_code == 201, replied.text
    assert replied.json()["ticket"]["assignee"]["name"] == "María Gómez"

    slack_said = (await desk.outbox_texts())[before_slack:]
    api_said = (await desk.outbox_texts(JOE))[before_api:]
    assert len(api_said) == 1 and "María" in api_said[0]
    assert _same(api_said, by_slack.number, by_api.number) == slack_said
    await desk.services.dispatcher.deliver_due()
    bodies = [m["Body"] for m in desk.twilio.messages if m["To"] == JOE]
    assert any("restart the phone" in b for b in bodies)  # on the customer's own channel

    a = await desk.store.get_ticket(by_slack.number)
    b = await desk.store.get_ticket(by_api.number)
    assert a.status is b.status is TicketStatus.IN_PROGRESS
    assert [e.kind for e in a.events] == [e.kind for e in b.events]
    # the card follows the API too, and names the agent without a bogus mention
    api_card = await desk.card(by_api.number)
    update = [u for u in desk.slack.named("chat.update") if u["ts"] == api_card.ts][-1]
    assert "Claimed by María Gómez (via API)" in card_texts(update)
    # a later reply shows in the thread, as an agent's own reply in Slack does
    again = await api.post(
        f"/api/tickets/{by_api.number}/replies",
        json={"text": "Any better?", "author": "María Gómez"},
        token=WRITER,
    )
    assert again.status_code == 201
    last = desk.slack.posts(thread=api_card.ts)[-1]["text"]
    assert last == "María Gómez (via API) replied to the customer: Any better?"


@pytest.mark.route("POST /api/tickets/{number}/notes")
async def test_a_note_stays_internal_and_shows_in_the_cards_thread(desk: Desk, api: Api) -> None:
    ticket = await desk.open_ticket()
    count = len(await desk.outbox_texts())
    r = await api.post(
        f"/api/tickets/{ticket.number}/notes", json={"text": "old firmware"}, token=WRITER
    )
    assert r.status_code == 201 and "does not see it" in r.json()["message"]
    assert len(await desk.outbox_texts()) == count
    notes = [e for e in (await desk.store.get_ticket(ticket.number)).events if e.kind == "note"]
    assert [(n.detail, n.by) for n in notes] == [("old firmware", "agent:crm")]
    card = await desk.card(ticket.number)
    assert "old firmware" in desk.slack.posts(thread=card.ts)[-1]["text"]


@pytest.mark.route("PATCH /api/tickets/{number}")
async def test_status_and_priority_changes_are_the_desk_actions(desk: Desk, api: Api) -> None:
    ticket = await desk.open_ticket()
    n = ticket.number
    r = await api.patch(f"/api/tickets/{n}", json={"priority": "P2"})
    assert r.status_code == 200 and r.json()["ticket"]["priority"] == "P2"
    assert "Priority 2" in (await desk.outbox_texts())[-1]
    assert "Priority 2 (P2)" in card_texts(desk.slack.named("chat.update")[-1])
    again = await api.patch(f"/api/tickets/{n}", json={"priority": "P2"})
    assert again.status_code == 409 and "already P2" in again.json()["detail"]
    held = await api.patch(
        f"/api/tickets/{n}", json={"status": "on_hold", "hold_until": "2026-12-01"}
    )
    assert held.status_code == 200 and held.json()["ticket"]["status"] == "on_hold"
    back = await api.patch(f"/api/tickets/{n}", json={"status": "in_progress"})
    assert back.json()["ticket"]["status"] == "in_progress"
    done = await api.patch(f"/api/tickets/{n}", json={"status": "resolved_pending_confirmation"})
    assert done.json()["ticket"]["status"] == "resolved_pending_confirmation"
    assert "resolved" in (await desk.outbox_texts())[-1].lower()
    for body in ({"status": "new"}, {"hold_until": "2026-12-01"}, {"colour": "red"}, {}):
        bad = await api.patch(f"/api/tickets/{n}", json=body)
        assert bad.status_code == 400, body
    partial = await api.patch(f"/api/tickets/{n}", json={"priority": "P1", "status": "on_hold"})
    assert partial.status_code == 400  # on_hold without a date: refused before anything runs
    assert (await desk.store.get_ticket(n)).priority == "P2"


@pytest.mark.route("POST /api/tickets/{number}/merge")
async def test_merge_closes_a_duplicate_and_tells_its_customer(desk: Desk, api: Api) -> None:
    first = await desk.open_ticket()
    second = await desk.open_ticket(sender=JOE)
    r = await api.post(f"/api/tickets/{second.number}/merge", json={"into": first.number})
    assert r.status_code == 200
    closed = await desk.store.get_ticket(second.number)
    assert closed.status is TicketStatus.DUPLICATE and closed.linked_to == first.number
    assert f"#{first.number}" in (await desk.outbox_texts(JOE))[-1]
    self_merge = await api.post(f"/api/tickets/{first.number}/merge", json={"into": first.number})
    assert self_merge.status_code == 409
    assert (await api.post("/api/tickets/99999/merge", json={"into": 1})).status_code == 404
    assert (
        await api.post(f"/api/tickets/{first.number}/merge", json={"into": "x"})
    ).status_code == 400


@pytest.mark.route("POST /api/tickets/{number}/replies")
async def test_writes_need_the_write_scope_and_an_idempotency_key_sends_once(
    desk: Desk, api: Api
) -> None:
    ticket = await desk.open_ticket()
    url = f"/api/tickets/{ticket.number}/replies"
    denied = await api.post(url, json={"text": "hi"}, token=READER)
    assert denied.status_code == 403 and denied.json()["type"].endswith(":forbidden")
    assert (await api.post(url, json={"text": "  "})).status_code == 400
    assert (await api.post(url, content=b"[1]")).status_code == 400
    count = len(await desk.outbox_texts())
    key = {"Idempotency-Key": "crm-42"}
    for _ in range(2):
        r = await api.post(url, json={"text": "On it"}, headers=key, token=WRITER)
        assert r.status_code == 201
    said = (await desk.outbox_texts())[count:]
    assert sum("On it" in s for s in said) == 1


@pytest.mark.route("POST /api/tickets/{number}/replies")
async def test_a_reply_to_a_closed_conversation_is_refused_not_sent(desk: Desk, api: Api) -> None:
    ticket = await desk.open_ticket()
    card = await desk.card(ticket.number)
    await desk.action(blocks.ACTION_CLAIM, str(ticket.number), card=card)
    await desk.action(blocks.ACTION_RESOLVE, str(ticket.number), card=card)
    count = len(await desk.outbox_texts(ANA))
    r = await api.post(f"/api/tickets/{ticket.number}/replies", json={"text": "one more thing"})
    assert r.status_code == 409 and "closed" in r.json()["detail"]
    assert len(await desk.outbox_texts(ANA)) == count
