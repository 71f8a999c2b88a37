"""An incident's children fold under the master's card (handoff/incident_cards.py), through
the fake Slack API and the whole app: no card per child, a line in the master's thread, the
master's card counting them, the customer's later words in the master's thread; a ticket
that had a card keeps it; an agent acting on a folded child gives it a card of its own."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from tests.conftest import Clock
from tests.handoff.conftest import Desk, running_desk

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


async def test_past_the_threshold_links_are_summed_up_and_unlinked_children_leave_the_count(
    tmp_path: Path, clock: Clock
) -> None:
    slack = {"link_lines": 3, "link_summary_seconds": 300}
    async with running_desk(tmp_path, clock, slack=slack) as desk:
        await _incident(desk, "open Dallas SIP trunks down keywords: dallas")
        [incident] = await desk.store.list_incidents(open_only=True)
        assert incident.master_ticket is not None
        senders = [f"+1415555{n:04d}" for n in range(8)]
        for sender in senders:
            await desk.text("Calls through Dallas fail since 9am", sender=sender)
        master = await desk.card(incident.master_ticket)
        thread = [p["text"] for p in desk.slack.posts(thread=master.ts)]
        assert sum("linked to incident 1." in t for t in thread) == 3  # then batched
        assert master.children == 3

        desk.clock.advance(minutes=4)
        await desk.services.timers.run_due()
        assert not any("customers linked" in p["text"] for p in desk.slack.posts(thread=master.ts))
        desk.clock.advance(minutes=1)
        await desk.services.timers.run_due()
        thread = [p["text"] for p in desk.slack.posts(thread=master.ts)]
        assert "+5 customers linked in the last 5 min, 8 in all." in thread
        assert (await desk.card(incident.master_ticket)).children == 8

        # one says "not that", staff unlink another: the card and the API count 6
        await desk.text("not that", sender=senders[0])
        children = await desk.store.incident_children(incident.id)
        await _incident(desk, f"unlink 1 {children[-1]}")
        assert (await desk.card(incident.master_ticket)).children == 6
        detail = await desk.client.get(
            "/api/incidents/1", headers={"Authorization": "Bearer t0ken"}
        )
        assert len(detail.json()["children"]) == 6
        redraws = [u for u in desk.slack.named("chat.update") if u["ts"] == master.ts]
        assert "Master of incident 1: 6 linked tickets" in _card_text(redraws[-1])
        # nothing pending: the next summary says nothing
        desk.clock.advance(minutes=10)
        await desk.services.timers.run_due()
        assert (
            sum(
                "customers linked" in t
                for t in [p["text"] for p in desk.slack.posts(thread=master.ts)]
            )
            == 1
        )
