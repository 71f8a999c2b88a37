"""Canned replies: the plan's saved answers, chosen from the card's menu or with
`/ticket N reply KEY`, reach the customer in their language as an agent's thread reply does."""

from __future__ import annotations

from domain.types import Address, TicketStatus
from handoff import slack_blocks as blocks
from tests.handoff.conftest import AGENT, ANA, Desk

LUCIA = "+14155550177"


def canned_menu(call: dict) -> dict:
    return next(
        el
        for att in call.get("attachments", [])
        for b in att.get("blocks", [])
        if b.get("type") == "actions"
        for el in b["elements"]
        if el.get("action_id") == blocks.ACTION_CANNED
    )


async def test_the_card_offers_the_plans_canned_replies(desk: Desk) -> None:
    ticket = await desk.open_ticket()
    card_call = next(c for c in desk.slack.posts() if not c.get("thread_ts"))
    menu = canned_menu(card_call)
    values = [o["value"] for o in menu["options"]]
    assert values[:2] == [f"{ticket.number}:reboot", f"{ticket.number}:mpoc"]
    assert menu["options"][0]["text"]["text"] == "Please reboot the phone"


async def test_a_canned_reply_from_the_menu_reaches_the_customer_signed_and_is_in_the_thread(
    desk: Desk,
) -> None:
    ticket = await desk.open_ticket()
    card = await desk.card(ticket.number)
    response = await desk.action(
        blocks.ACTION_CANNED, f"{ticket.number}:reboot", card=card, selected=True
    )
    assert response.status_code == 200
    sent = (await desk.outbox_texts())[-1]
    assert "Please reboot the phone" in sent and "María" in sent
    stored = await desk.store.get_ticket(ticket.number)
    assert (
        stored.status is TicketStatus.IN_PROGRESS
    )  # sending it claimed the ticket, as a reply does
    assert stored.events[-1].kind == "agent_reply" and "reboot" in stored.events[-1].detail
    lines = await desk.store.transcript(stored.conversation_id)
    assert any(
        line.who == "agent:María Gómez" and "reboot the phone" in line.text for line in lines
    )
    thread = [p["text"] for p in desk.slack.posts(thread=card.ts)]
    assert any(
        t.startswith(f"Canned reply `reboot` sent by <@{AGENT}>") and "reboot the phone" in t
        for t in thread
    )


async def test_a_spanish_customer_gets_the_spanish_text(desk: Desk) -> None:
    for text in (
        "Quiero hablar con una persona",
        "La luz del buzón de voz sigue encendida, solo en mi teléfono",
        "Lucía Pérez",
        "AC-10442",
        "lucia@example.com",
        "sí",
    ):
        await desk.text(text, sender=LUCIA)
    ticket = (await desk.store.list_tickets(address=Address("sms", LUCIA)))[0]
    assert ticket.lang == "es"
    response = await desk.command(f"{ticket.number} reply mpoc")
    assert response.status_code == 200
    sent = (await desk.outbox_texts(LUCIA))[-1]
    assert "aprobación" in sent and "MPOC" in sent and "approval" not in sent


async def test_an_unknown_key_is_refused_to_the_agent_with_the_plans_keys(desk: Desk) -> None:
    ticket = await desk.open_ticket()
    before = await desk.outbox_texts()
    response = await desk.command(f"{ticket.number} reply restart")
    answer = response.json()["text"]
    assert "restart" in answer and "`reboot`" in answer and "`mpoc`" in answer
    assert await desk.outbox_texts() == before
    card = await desk.card(ticket.number)
    await desk.action(blocks.ACTION_CANNED, f"{ticket.number}:nope", card=card, selected=True)
    told = desk.slack.named("chat.postEphemeral")[-1]
    assert told["user"] == AGENT and "`reboot`" in told["text"]
    assert await desk.outbox_texts() == before


async def test_a_canned_reply_on_a_resolved_ticket_is_refused(desk: Desk) -> None:
    ticket = await desk.open_ticket()
    await desk.command(f"{ticket.number} resolve")
    before = await desk.outbox_texts(ANA)
    response = await desk.command(f"{ticket.number} reply reboot")
    assert "not sent" in response.json()["text"]
    assert await desk.outbox_texts(ANA) == before
