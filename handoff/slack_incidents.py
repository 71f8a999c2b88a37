"""`/incident` for staff in Slack: open, update, resolve and link master incidents (the
same `bot.incidents.desk.IncidentDesk` the HTTP API uses), and list the open ones.

    /incident open <title> [keywords: dallas, troncal sip]
    /incident update <id> <text>
    /incident resolve <id> <text>
    /incident link <id> <ticket>
    /incident unlink <id> <ticket>
    /incident list

The answer is the command's ephemeral reply, within Slack's 3 seconds however large the
incident: an update's fan-out is a durable background job (bot.incidents.jobs), so the
answer says how many linked customers are being told."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Final

from bot.incidents.desk import IncidentDesk, NewIncident, NotFound, Refused
from bot.incidents.fanout import FanoutResult
from domain.incident import Incident, IncidentMatch

USAGE: Final = (
    "Usage: `/incident open <title> [keywords: a, b] [regions: Dallas, +1214]`, `/incident update <id> <text>`, "
    "`/incident resolve <id> <text>`, `/incident link <id> <ticket>`, "
    "`/incident unlink <id> <ticket>`, `/incident list`"
)
# "keywords: a, b" and "regions: Dallas, +1214" after the title, in either order
_LISTS: Final = re.compile(r"\s*\b(keywords|palabras|regions|regiones)\s*:\s*", re.IGNORECASE)
_REGION_WORDS: Final = frozenset({"regions", "regiones"})
_ID_REST: Final = re.compile(r"^#?(\d+)\s+(.+)$", re.DOTALL)


# shows the open tickets that match a new incident as a form; False: list them in the answer
Offer = Callable[[Incident], Awaitable[bool]]


async def incident_command(desk: IncidentDesk, text: str, *, offer: Offer | None = None) -> str:
    verb, _, rest = text.strip().partition(" ")
    verb, rest = verb.lower(), rest.strip()
    try:
        if verb == "open" and rest:
            return await _open(desk, rest, offer)
        if verb == "list":
            return await _list(desk)
        m = _ID_REST.match(rest)
        if m is None:
            return USAGE
        incident_id, words = int(m.group(1)), m.group(2).strip()
        if verb == "update":
            incident, result = await desk.post_update(incident_id, words)
            return (
                f"Update {len(incident.updates)} posted on incident {incident_id};"
                f" {_telling(result)}."
            )
        if verb == "resolve":
            incident, result = await desk.resolve(incident_id, words)
            return (
                f"Incident {incident_id} resolved; {_telling(result)},"
                " their tickets await confirmation."
            )
        if verb == "link" and words.lstrip("#").isdigit():
            ticket = await desk.link(incident_id, int(words.lstrip("#")))
            return f"Ticket #{ticket.number} is now a child of incident {incident_id} ({ticket.priority})."
        if verb == "unlink" and words.lstrip("#").isdigit():
            ticket = await desk.unlink(incident_id, int(words.lstrip("#")))
            return (
                f"Ticket #{ticket.number} left incident {incident_id}; back on {ticket.priority}."
            )
    except (NotFound, Refused) as exc:
        return str(exc).capitalize() + "."
    return USAGE


def _telling(result: FanoutResult) -> str:
    if result.queued or not result.told:
        return f"telling {result.queued} linked customers now"
    return f"told {result.told} customers"


async def _open(desk: IncidentDesk, rest: str, offer: Offer | None) -> str:
    rest, keywords, regions = _title_and_lists(rest)
    if not rest:
        return USAGE
    incident = await desk.open(
        NewIncident(
            title=rest,
            summary={"en": rest},
            match=IncidentMatch(keywords=keywords, regions=regions),
        )
    )
    matching = f" matching {', '.join(keywords)}" if keywords else ""
    if regions:
        matching += f" in {', '.join(regions)}"
    matching = matching or " (no keywords: link tickets)"
    answer = (
        f"Incident {incident.id} opened{matching}: master ticket #{incident.master_ticket}"
        f" at {incident.priority}."
    )
    if offer is not None and await offer(incident):
        return answer + "\nOpen tickets match it: check the ones to link in the form."
    candidates = await desk.candidates(incident)
    if candidates:
        shown = ", ".join(f"#{n}" for n in candidates[:20])
        more = f" and {len(candidates) - 20} more" if len(candidates) > 20 else ""
        answer += (
            f"\nOpen tickets that match: {shown}{more}."
            f" Link each with `/incident link {incident.id} <ticket>`."
        )
    return answer


def _title_and_lists(rest: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """ "Dallas down keywords: sip trunk, troncal regions: Dallas, +1214" -> the title, the
    keywords and the regions (each list comma-separated, in either order)."""
    parts = _LISTS.split(rest)
    keywords: list[str] = []
    regions: list[str] = []
    for label, items in zip(parts[1::2], parts[2::2], strict=True):
        into = regions if label.lower() in _REGION_WORDS else keywords
        into.extend(k.strip() for k in items.split(",") if k.strip())
    return parts[0].strip(), tuple(keywords), tuple(regions)


async def _list(desk: IncidentDesk) -> str:
    incidents = await desk.store.list_incidents(open_only=True)
    if not incidents:
        return "No open incidents."
    lines = []
    for i in incidents:
        children = await desk.store.count_incident_children(i.id)
        lines.append(f"• {i.id}: {i.title} ({i.status.value}, {children} linked tickets)")
    return "\n".join(lines)
