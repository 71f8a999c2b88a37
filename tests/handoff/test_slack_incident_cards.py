"""An incident's children fold under the master's card (handoff/incident_cards.py), through
the fake Slack API and the whole app: no card per child, a line in the master's thread, the
master's card counting them, the customer's later words in the master's thread; a ticket
that had a card keeps it; an agent acting on a folded child gives it a card of its own."""

from __future__ import annotations

import itertools
from typing import Any

from tests.handoff.conftest import Desk

_TRIGGERS = itertools.count(100)
BEA = "+14155550123"


async def _incident(desk: Desk, text: str) -> str:
    response = await desk.command(text, name="/incident", trigger_id=f"8.8.{next(_TRIGGERS)}")
    assert response.status_code == 200, response.text
    answer: str = response.json()["text"]
    return answer


def _cards_posted(desk: Desk, number: int) -> list[dict[str, Any]]:
    """Top-level cards for ticket `number` (not thread replies)."""
    return [
        p
        for p in desk.slack.posts()
        if not p.get("thread_ts") and p.get("text", "").startswith(f"Ticket #{number} ")
    ]


def _card_text(update: dict[str, Any]) -> str:
    return str(update["attachments"])


async def test_a_child_linked_at_intake_gets_no_card_but_a_line_in_the_masters_thread(
    desk: Desk,
) -> None:
    await _incident(desk, "open Dallas SIP trunks down keywords: dallas")
    [incident] = await desk.store.list_incidents(open_only=True)
    assert incident.master_ticket is not None

    await desk.text("Calls through Dallas fail since 9am")
    await desk.text("Calls via Dallas drop for us too", sender=BEA)
    children = await desk.store.incident_children(incident.id)
    assert len(children) == 2
    for child in children:
        assert await desk.sh.cards.get(child) is None
        assert _cards_posted(desk, child) == []

    master = await desk.card(incident.master_ticket)
    assert master.children == 2
    thread = [p["text"] for p in desk.slack.posts(thread=master.ts)]
    for child in children:
        assert f"Ticket #{child} (sms) linked to incident 1." in thread
    redraws = [u for u in desk.slack.named("chat.update") if u["ts"] == master.ts]
    assert "Master of incident 1: 2 linked tickets" in _card_text(redraws[-1])

    # the customer's next words reach agents in the master's thread, under their ticket
    ana_child = children[0]
    await desk.text("It is still down here")
    thread = [p["text"] for p in desk.slack.posts(thread=master.ts)]
    assert f"*Ticket #{ana_child}, customer on sms:* It is still down here" in thread
    assert sum("linked to incident 1" in t for t in thread) == 2  # each link said once


async def test_an_agent_acting_on_a_folded_child_gives_it_its_own_card(desk: Desk) -> None:
    await _incident(desk, "open Dallas SIP trunks down keywords: dallas")
    await desk.text("Calls through Dallas fail since 9am")
    [child] = await desk.store.incident_children(1)

    await desk.command(f"{child} claim")
    card = await desk.card(child)
    await desk.text("Can someone call me back?")
    assert "*Customer:* Can someone call me back?" in [
        p["text"] for p in desk.slack.posts(thread=card.ts)
    ]


async def test_a_ticket_with_a_card_keeps_it_when_linked_and_the_master_hears_of_it(
    desk: Desk,
) -> None:
    ticket = await desk.open_ticket()
    own = await desk.card(ticket.number)
    await _incident(desk, "open Voicemail lights stuck")
    assert await _incident(desk, f"link 1 {ticket.number}") == (
        f"Ticket #{ticket.number} is now a child of incident 1 (P1G)."
    )
    [incident] = await desk.store.list_incidents(open_only=True)
    assert incident.master_ticket is not None
    master = await desk.card(incident.master_ticket)
    assert master.children == 1
    assert f"Ticket #{ticket.number} (sms, account AC-10442) linked to incident 1." in [
        p["text"] for p in desk.slack.posts(thread=master.ts)
    ]
    own_thread = [p["text"] for p in desk.slack.posts(thread=own.ts)]
    assert f"Linked to incident 1; its master is ticket #{incident.master_ticket}." in own_thread

    await desk.text("Any news?")
    assert "*Customer:* Any news?" in [p["text"] for p in desk.slack.posts(thread=own.ts)]
    assert len(_cards_posted(desk, ticket.number)) == 1
