"""Outage mode's Slack forms through the fake Slack API and the whole app: a card's ⋯
"Make master incident…" opens a form prefilled from the ticket and opens the incident with
the ticket as master; the open tickets that match are offered as checkboxes, and the
checked ones are linked. `/incident open` offers the same list with its trigger."""

from __future__ import annotations

import itertools
from typing import Any

from handoff import slack_blocks as blocks
from handoff.slack_incident_forms import (
    CHILDREN_INPUT,
    CHILDREN_VIEW,
    INPUT,
    KEYWORDS_BLOCK,
    MASTER_VIEW,
    SUMMARY_EN_BLOCK,
    SUMMARY_ES_BLOCK,
    TITLE_BLOCK,
)
from tests.handoff.conftest import Desk

BOB = "+14155550123"
_TRIGGERS = itertools.count(1)


def _typed(**fields: str) -> dict[str, Any]:
    return {
        block: {INPUT: {"type": "plain_text_input", "value": value}}
        for block, value in fields.items()
    }


def _checked(view: dict[str, Any], numbers: list[int]) -> dict[str, Any]:
    """The children form's state with `numbers` checked (in its first checkbox block)."""
    first = next(b for b in view["blocks"] if b["type"] == "input")
    options = [o for o in first["element"]["options"] if int(o["value"]) in numbers]
    return {
        first["block_id"]: {CHILDREN_INPUT: {"type": "checkboxes", "selected_options": options}}
    }


def _offered(view: dict[str, Any]) -> list[int]:
    return [
        int(o["value"])
        for b in view["blocks"]
        if b["type"] == "input"
        for o in b["element"]["initial_options"]
    ]


async def test_make_master_incident_from_the_card_menu_then_link_the_matching_tickets(
    desk: Desk,
) -> None:
    ana = await desk.open_ticket()
    bob = await desk.open_ticket(sender=BOB)
    card = await desk.card(ana.number)
    update = [
        p for p in desk.slack.posts() if not p.get("thread_ts") and f"#{ana.number} " in p["text"]
    ][0]
    (actions,) = [b for b in update["attachments"][0]["blocks"] if b["type"] == "actions"]
    (menu,) = [e for e in actions["elements"] if e["type"] == "overflow"]
    assert ("Make master incident…", f"{ana.number}:master") in [
        (o["text"]["text"], o["value"]) for o in menu["options"]
    ]

    await desk.action(blocks.ACTION_MORE, f"{ana.number}:master", card=card, overflow=True)
    view = desk.slack.named("views.open")[-1]["view"]
    assert view["callback_id"] == MASTER_VIEW
    fields = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    assert fields[TITLE_BLOCK]["element"]["initial_value"] == ana.summary
    assert "Voicemail light stuck" in fields[SUMMARY_EN_BLOCK]["element"]["initial_value"]

    answer = await desk.submit(
        view,
        _typed(
            **{
                TITLE_BLOCK: "Voicemail lights stuck",
                SUMMARY_EN_BLOCK: "Message lights stay on after messages are heard.",
                SUMMARY_ES_BLOCK: "Las luces de mensaje siguen encendidas.",
                KEYWORDS_BLOCK: "voicemail light, luz de mensaje",
            }
        ),
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["response_action"] == "update"  # the same modal goes on to the list
    children = body["view"]
    assert children["callback_id"] == CHILDREN_VIEW
    assert _offered(children) == [bob.number]  # all checked; the master is not offered

    [incident] = await desk.store.list_incidents(open_only=True)
    assert incident.master_ticket == ana.number
    assert incident.summary == {
        "en": "Message lights stay on after messages are heard.",
        "es": "Las luces de mensaje siguen encendidas.",
    }
    assert incident.match.keywords == ("voicemail light", "luz de mensaje")
    master = await desk.store.get_ticket(ana.number)
    assert master is not None and master.priority == "P1G"
    assert master.fields["incident_master"] == str(incident.id)
    redraw = [u for u in desk.slack.named("chat.update") if u["ts"] == card.ts][-1]
    assert f"Master of incident {incident.id}" in str(redraw["attachments"])

    await desk.submit(children, _checked(children, [bob.number]))
    assert await desk.store.incident_children(incident.id) == [bob.number]
    told = desk.slack.named("chat.postEphemeral")[-1]["text"]
    assert told == f"Linked 1 tickets to incident {incident.id}."


async def test_the_master_form_wants_a_title(desk: Desk) -> None:
    ana = await desk.open_ticket()
    card = await desk.card(ana.number)
    await desk.action(blocks.ACTION_MORE, f"{ana.number}:master", card=card, overflow=True)
    view = desk.slack.named("views.open")[-1]["view"]
    answer = await desk.submit(view, _typed(**{TITLE_BLOCK: "  "}))
    assert answer.json() == {
        "response_action": "errors",
        "errors": {TITLE_BLOCK: "Give the incident a title."},
    }
    assert await desk.store.list_incidents() == []


async def test_incident_open_offers_the_matching_tickets_as_a_checkbox_form(desk: Desk) -> None:
    ana = await desk.open_ticket()
    response = await desk.command(
        "open Voicemail lights stuck keywords: voicemail light",
        name="/incident",
        trigger_id=f"7.7.{next(_TRIGGERS)}",
    )
    assert "check the ones to link in the form" in response.json()["text"]
    view = desk.slack.named("views.open")[-1]["view"]
    assert view["callback_id"] == CHILDREN_VIEW and _offered(view) == [ana.number]
    await desk.submit(view, _checked(view, []))  # nothing checked: nothing linked
    assert await desk.store.incident_children(1) == []
    await desk.submit(view, _checked(view, [ana.number]))
    assert await desk.store.incident_children(1) == [ana.number]
