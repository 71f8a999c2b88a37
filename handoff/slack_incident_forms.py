"""Outage mode's Slack forms: a card's ⋯ "Make master incident…" (the ticket becomes the
master of a new incident, its title and summaries prefilled from the ticket), and the
list of open tickets that match a new incident, offered to link as its children (a
checkbox per ticket, all checked: staff uncheck the ones that are not about it).

The list follows the master form in the same modal (`response_action: update`), or opens
with `/incident open`'s trigger (handoff/slack.py). Slack allows ten options per
checkboxes element, so the list is blocks of ten, at most `MAX_OFFERED` tickets; the
rest are named for `/incident link`. A submission acks first (Slack's 3 seconds), then
links the checked tickets through the same `IncidentDesk.link` as the API."""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any, Final

from slack_bolt.async_app import AsyncApp

from bot.incidents.desk import IncidentDesk, NewIncident, NotFound, Refused
from domain.incident import Incident, IncidentMatch
from domain.types import Ticket

if TYPE_CHECKING:
    from handoff.slack import SlackHandoff

log = logging.getLogger("supportbot.slack")

MASTER_VIEW: Final = "incident_master_form"
CHILDREN_VIEW: Final = "incident_children_form"
TITLE_BLOCK: Final = "title"
SUMMARY_EN_BLOCK: Final = "summary_en"
SUMMARY_ES_BLOCK: Final = "summary_es"
KEYWORDS_BLOCK: Final = "keywords"
REGIONS_BLOCK: Final = "regions"
INPUT: Final = "value"  # every text field's action id
CHILDREN_INPUT: Final = "tickets"
PER_BLOCK: Final = 10  # Slack: at most 10 options in a checkboxes element
MAX_OFFERED: Final = 50


def _text(text: str) -> dict[str, str]:
    return {"type": "plain_text", "text": text}


def _field(
    block_id: str, label: str, *, initial: str = "", optional: bool = False, multiline: bool = False
) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": INPUT,
        "multiline": multiline,
        "max_length": 2000 if multiline else 150,
    }
    if initial:
        element["initial_value"] = initial[: element["max_length"]]
    return {
        "type": "input",
        "block_id": block_id,
        "optional": optional,
        "label": _text(label),
        "element": element,
    }


def master_form(ticket: Ticket, *, channel: str) -> dict[str, Any]:
    """The incident to open with `ticket` as its master, prefilled from the ticket."""
    described = ticket.fields.get("description") or ticket.summary
    en = described if ticket.lang != "es" else ""
    es = described if ticket.lang == "es" else ""
    return {
        "type": "modal",
        "callback_id": MASTER_VIEW,
        "title": _text("Make master incident"),
        "submit": _text("Open incident"),
        "close": _text("Cancel"),
        "private_metadata": json.dumps({"ticket": ticket.number, "channel": channel}),
        "blocks": [
            _field(TITLE_BLOCK, "Title (staff and the status page)", initial=ticket.summary),
            _field(
                SUMMARY_EN_BLOCK, "What customers are told (English)", initial=en, multiline=True
            ),
            _field(
                SUMMARY_ES_BLOCK,
                "What customers are told (Spanish)",
                initial=es,
                optional=True,
                multiline=True,
            ),
            _field(KEYWORDS_BLOCK, "Keywords that match new messages", optional=True),
            _field(
                REGIONS_BLOCK,
                "Only in these places or number prefixes (Dallas, +1214)",
                optional=True,
            ),
            {
                "type": "context",
                "elements": [
                    {
                        "type": "mrkdwn",
                        "text": f"Ticket #{ticket.number} becomes the master, on the plan's"
                        " master priority. Keywords: comma-separated, either language"
                        " (e.g. dallas, troncal sip).",
                    }
                ],
            },
        ],
    }


def children_form(
    incident: Incident, tickets: list[Ticket], *, more: int, channel: str
) -> dict[str, Any]:
    """The open tickets that match `incident`, all checked, to link as its children."""
    blocks: list[dict[str, Any]] = [
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": f"Open tickets that match incident {incident.id}. Uncheck any that"
                " are not about it; the checked ones become its children and hear its updates.",
            },
        }
    ]
    shown = tickets[:MAX_OFFERED]
    for start in range(0, len(shown), PER_BLOCK):
        options = [_option(t) for t in shown[start : start + PER_BLOCK]]
        blocks.append(
            {
                "type": "input",
                "block_id": f"children-{start // PER_BLOCK}",
                "optional": True,
                "label": _text("Link" if start == 0 else "Link (more)"),
                "element": {
                    "type": "checkboxes",
                    "action_id": CHILDREN_INPUT,
                    "options": options,
                    "initial_options": options,
                },
            }
        )
    more += len(tickets) - len(shown)
    if more:
        blocks.append(
            {
                "type": "context",
                "elements": [
                    {
                        "type": "mrkdwn",
                        "text": f"And {more} more: `/incident link {incident.id} <ticket>`.",
                    }
                ],
            }
        )
    return {
        "type": "modal",
        "callback_id": CHILDREN_VIEW,
        "title": _text(f"Incident {incident.id}"[:24]),
        "submit": _text("Link checked"),
        "close": _text("Not now"),
        "private_metadata": json.dumps({"incident": incident.id, "channel": channel}),
        "blocks": blocks,
    }


def _option(t: Ticket) -> dict[str, Any]:
    label = f"#{t.number} · {t.channel} · {t.summary or t.fields.get('description', '')}"
    return {"text": _text(label[:75]), "value": str(t.number)}


async def offered(desk: IncidentDesk, incident: Incident) -> tuple[list[Ticket], int]:
    """The candidate tickets to show (at most MAX_OFFERED) and how many more there are."""
    numbers = await desk.candidates(incident)
    tickets = [t for n in numbers[:MAX_OFFERED] if (t := await desk.store.get_ticket(n))]
    return tickets, len(numbers) - len(tickets)


def _values(view: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = view.get("state", {}).get("values", {})
    return values


def _typed(view: dict[str, Any], block_id: str) -> str:
    return str(_values(view).get(block_id, {}).get(INPUT, {}).get("value") or "").strip()


def checked(view: dict[str, Any]) -> list[int]:
    """The ticket numbers checked across the form's checkbox blocks."""
    out: list[int] = []
    for block in _values(view).values():
        for option in (block.get(CHILDREN_INPUT) or {}).get("selected_options") or []:
            value = str(option.get("value", ""))
            if value.isdigit():
                out.append(int(value))
    return out


def register(app: AsyncApp, sh: SlackHandoff) -> None:
    desk = sh.desk

    @app.view(MASTER_VIEW)
    async def on_master(ack: Any, body: dict[str, Any], view: dict[str, Any]) -> None:
        meta = json.loads(view.get("private_metadata") or "{}")
        number, channel = int(meta.get("ticket", 0)), str(meta.get("channel") or "")
        title = _typed(view, TITLE_BLOCK)
        if not title:
            await ack(response_action="errors", errors={TITLE_BLOCK: "Give the incident a title."})
            return
        summary = {"en": _typed(view, SUMMARY_EN_BLOCK) or title}
        if es := _typed(view, SUMMARY_ES_BLOCK):
            summary["es"] = es
        keywords = tuple(k.strip() for k in _typed(view, KEYWORDS_BLOCK).split(",") if k.strip())
        regions = tuple(r.strip() for r in _typed(view, REGIONS_BLOCK).split(",") if r.strip())
        ticket = await sh.store.get_ticket(number)
        service = ticket.assessment.get("service") if ticket is not None else None
        try:
            incident = await sh.incidents.open(
                NewIncident(
                    title=title,
                    summary=summary,
                    service=service if isinstance(service, str) else "",
                    match=IncidentMatch(keywords=keywords, regions=regions),
                    master_ticket=number,
                )
            )
        except (NotFound, Refused) as exc:
            await ack(response_action="errors", errors={TITLE_BLOCK: str(exc).capitalize() + "."})
            return
        tickets, more = await offered(sh.incidents, incident)
        if tickets:  # the same modal goes on to the tickets to link
            form = children_form(incident, tickets, more=more, channel=channel)
            await ack(response_action="update", view=form)
        else:
            await ack()
        agent = await desk.agent(body["user"]["id"])
        master = await sh.store.get_ticket(number)
        card = await sh.cards.get(number)
        if master is not None and card is not None:
            await sh.handoff.refresh_card(master, card, owner=await sh.cards.owner(number))
            await desk.post_in_thread(
                card,
                f"<@{agent.id}> made ticket #{number} the master of incident {incident.id}"
                f" ({master.priority}). `/incident update {incident.id} <text>` tells its"
                " customers.",
            )
        log.info("incident opened from a card", extra={"incident": incident.id})

    @app.view(CHILDREN_VIEW)
    async def on_children(ack: Any, body: dict[str, Any], view: dict[str, Any]) -> None:
        await ack()
        meta = json.loads(view.get("private_metadata") or "{}")
        incident_id, channel = int(meta.get("incident", 0)), str(meta.get("channel") or "")
        linked, refused = [], []
        for number in checked(view):
            try:
                await sh.incidents.link(incident_id, number)
                linked.append(number)
            except (NotFound, Refused) as exc:
                refused.append(f"#{number}: {exc}")
        text = f"Linked {len(linked)} tickets to incident {incident_id}."
        if refused:
            text += " Not linked: " + "; ".join(refused) + "."
        await desk.tell(channel=channel or desk.queue_channel, user=body["user"]["id"], text=text)
