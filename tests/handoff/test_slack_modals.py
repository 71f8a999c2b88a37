"""The card's ⋯ menu through the whole app: signed block_actions open a form with
views.open (recorded by the fake Web API); signed view_submissions put the ticket on
hold or close it as a duplicate, or keep the form open with the problem shown."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import httpx

from domain.types import Ticket, TicketStatus
from handoff import slack_blocks as blocks
from handoff.slack_modals import (
    DUPLICATE_BLOCK,
    DUPLICATE_INPUT,
    DUPLICATE_VIEW,
    HOLD_BLOCK,
    HOLD_INPUT,
    HOLD_VIEW,
)
from tests.handoff.conftest import AGENT, OTHER_AGENT, Desk, signed
from tests.handoff.fake_slack import EXPIRED_TRIGGER

BOB = "+14155550123"


async def open_form(desk: Desk, ticket: Ticket, choice: str) -> dict[str, Any]:
    """Pick `choice` in the card's menu; the view the desk asked Slack to open."""
    card = await desk.card(ticket.number)
    opened = len(desk.slack.named("views.open"))
    response = await desk.action(
        blocks.ACTION_MORE, f"{ticket.number}:{choice}", card=card, overflow=True
    )
    assert response.status_code == 200
    calls = desk.slack.named("views.open")[opened:]
    assert len(calls) == 1 and calls[0]["trigger_id"] == "1.2.3"
    view: dict[str, Any] = calls[0]["view"]
    return view


def date_picked(day: str | None) -> dict[str, Any]:
    return {HOLD_BLOCK: {HOLD_INPUT: {"type": "datepicker", "selected_date": day}}}


def number_typed(text: str) -> dict[str, Any]:
    return {DUPLICATE_BLOCK: {DUPLICATE_INPUT: {"type": "plain_text_input", "value": text}}}


def form_error(response: httpx.Response, block_id: str) -> str:
    assert response.status_code == 200
    answer = response.json()
    assert answer["response_action"] == "errors"
    error: str = answer["errors"][block_id]
    return error


async def test_card_menu_offers_shipping_hold_reassign_duplicate_and_master_incident(
    desk: Desk,
) -> None:
    ticket = await desk.open_ticket()
    card = [c for c in desk.slack.posts() if not c.get("thread_ts")][0]
    (actions,) = [b for b in card["attachments"][0]["blocks"] if b["type"] == "actions"]
    (menu,) = [e for e in actions["elements"] if e["type"] == "overflow"]
    assert menu["action_id"] == blocks.ACTION_MORE
    # Slack allows five options: "Set in progress" is a button beside Claim now
    assert [(o["text"]["text"], o["value"]) for o in menu["options"]] == [
        ("Shipping…", f"{ticket.number}:shipping"),
        ("Put on hold…", f"{ticket.number}:hold"),
        ("Reassign to…", f"{ticket.number}:reassign"),
        ("Mark duplicate of…", f"{ticket.number}:duplicate"),
        ("Make master incident…", f"{ticket.number}:master"),
    ]
    buttons = [e["action_id"] for e in actions["elements"] if e["type"] == "button"]
    assert blocks.ACTION_PROGRESS in buttons


async def test_put_on_hold_from_the_card_menu(desk: Desk) -> None:
    ticket = await desk.open_ticket()
    card = await desk.card(ticket.number)
    view = await open_form(desk, ticket, blocks.MORE_HOLD)
    assert view["callback_id"] == HOLD_VIEW and view["type"] == "modal"
    assert json.loads(view["private_metadata"]) == {
        "ticket": ticket.number,
        "channel": card.channel,
    }
    assert view["blocks"][0]["element"]["type"] == "datepicker"
    assert (await desk.store.get_ticket(ticket.number)).status is TicketStatus.NEW  # not yet

    response = await desk.submit(view, date_picked("2026-12-01"))
    assert response.status_code == 200 and response.text == ""  # the form closes
    held = await desk.store.get_ticket(ticket.number)
    assert held.status is TicketStatus.ON_HOLD
    assert [e.detail for e in held.events if e.kind == "on_hold"] == ["2026-12-01"]
    # the same path as `/ticket N hold`: the customer is told, the card and thread follow
    assert "on hold until December 1, 2026" in (await desk.outbox_texts())[-1]
    assert "Status: *On hold* · until 2026-12-01" in str(
        desk.slack.named("chat.update")[-1]["attachments"]
    )
    assert desk.slack.posts(thread=card.ts)[-1]["text"] == f"On hold until 2026-12-01 (<@{AGENT}>)."


async def test_hold_form_keeps_a_past_or_missing_date_open_with_the_reason(desk: Desk) -> None:
    ticket = await desk.open_ticket()
    view = await open_form(desk, ticket, blocks.MORE_HOLD)
    updates = len(desk.slack.named("chat.update"))
    past = await desk.submit(view, date_picked("2026-11-01"))
    assert form_error(past, HOLD_BLOCK) == "The hold date must be in the future."
    missing = await desk.submit(view, date_picked(None))
    assert "Pick the date" in form_error(missing, HOLD_BLOCK)
    assert (await desk.store.get_ticket(ticket.number)).status is TicketStatus.NEW
    assert len(desk.slack.named("chat.update")) == updates


async def test_mark_duplicate_from_the_card_menu_checks_the_number_in_the_form(
    desk: Desk,
) -> None:
    first = await desk.open_ticket()
    second = await desk.open_ticket(sender=BOB)
    card = await desk.card(second.number)
    view = await open_form(desk, second, blocks.MORE_DUPLICATE)
    assert view["callback_id"] == DUPLICATE_VIEW
    assert view["blocks"][0]["element"]["type"] == "plain_text_input"

    unknown = await desk.submit(view, number_typed("99999"))
    assert form_error(unknown, DUPLICATE_BLOCK) == "There is no ticket #99999."
    itself = await desk.submit(view, number_typed(str(second.number)))
    assert "itself" in form_error(itself, DUPLICATE_BLOCK)
    words = await desk.submit(view, number_typed("the other one"))
    assert "number" in form_error(words, DUPLICATE_BLOCK)
    assert (await desk.store.get_ticket(second.number)).status is TicketStatus.NEW

    valid = await desk.submit(view, number_typed(f" #{first.number} "))
    assert valid.status_code == 200 and valid.text == ""
    closed = await desk.store.get_ticket(second.number)
    assert closed.status is TicketStatus.DUPLICATE and closed.linked_to == first.number
    assert f"#{first.number}" in (await desk.outbox_texts(BOB))[-1]
    assert desk.slack.posts(thread=card.ts)[-1]["text"] == (
        f"Closed by <@{AGENT}> as a duplicate of #{first.number}."
    )


async def test_an_action_refused_after_the_form_closed_is_told_to_that_agent(desk: Desk) -> None:
    first = await desk.open_ticket()
    second = await desk.open_ticket(sender=BOB)
    hold = await open_form(desk, second, blocks.MORE_HOLD)  # an agent opens the hold form...
    await desk.command(f"{second.number} duplicate {first.number}")  # ...another closes it
    response = await desk.submit(hold, date_picked("2026-12-01"), user=OTHER_AGENT)
    assert response.status_code == 200
    assert (await desk.store.get_ticket(second.number)).status is TicketStatus.DUPLICATE
    told = desk.slack.named("chat.postEphemeral")[-1]
    assert told["user"] == OTHER_AGENT and "nothing was changed" in told["text"]


async def test_an_expired_trigger_tells_the_agent_the_form_did_not_open(desk: Desk) -> None:
    ticket = await desk.open_ticket()
    card = await desk.card(ticket.number)
    response = await desk.action(
        blocks.ACTION_MORE,
        f"{ticket.number}:{blocks.MORE_DUPLICATE}",
        card=card,
        overflow=True,
        trigger_id=EXPIRED_TRIGGER,
    )
    assert response.status_code == 200
    told = desk.slack.named("chat.postEphemeral")[-1]
    assert told["user"] == AGENT and "did not open" in told["text"]


async def test_forged_submission_is_rejected(desk: Desk) -> None:
    first = await desk.open_ticket()
    second = await desk.open_ticket(sender=BOB)
    view = await open_form(desk, second, blocks.MORE_DUPLICATE)
    payload = {
        "type": "view_submission",
        "user": {"id": AGENT},
        "view": {**view, "state": {"values": number_typed(str(first.number))}},
    }
    body = urlencode({"payload": json.dumps(payload)})
    forged = await desk.post(
        body, "application/x-www-form-urlencoded", signed(body, secret="not-the-secret")
    )
    assert forged.status_code in (401, 403)
    assert (await desk.store.get_ticket(second.number)).status is TicketStatus.NEW


async def test_the_in_progress_button_sets_a_shipping_ticket_in_progress(
    desk: Desk,
) -> None:
    ticket = await desk.open_ticket()
    card = await desk.card(ticket.number)
    await desk.action(blocks.ACTION_CLAIM, str(ticket.number), card=card)
    await desk.action(blocks.ACTION_MORE, f"{ticket.number}:shipping", card=card, overflow=True)
    view = desk.slack.named("views.open")[-1]["view"]
    await desk.submit(view, {})
    assert (await desk.store.get_ticket(ticket.number)).status is TicketStatus.SHIPPING
    await desk.action(blocks.ACTION_PROGRESS, str(ticket.number), card=card)
    assert (await desk.store.get_ticket(ticket.number)).status is TicketStatus.IN_PROGRESS
