"""Tickets exported for a team's own reporting: JSON lines or CSV, oldest first, the
ones created since a date. `supportbot tickets export` and GET /api/tickets/export
stream the same rows, a store page at a time."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Final, Literal

from bot.store.search import TicketQuery, TicketSearch, breached, cursor_of
from domain.types import Ticket

Format = Literal["jsonl", "csv"]
FORMATS: Final[tuple[Format, ...]] = ("jsonl", "csv")
PAGE: Final = 500
COLUMNS: Final = (
    "number",
    "status",
    "priority",
    "channel",
    "customer",
    "lang",
    "created_at",
    "updated_at",
    "first_response_due",
    "next_update_due",
    "breached",
    "linked_to",
    "summary",
    "fields",
    "csat_score",
    "csat_comment",
    "csat_at",
    "csat_channel",
)
MEDIA_TYPES: Final[dict[str, str]] = {
    "jsonl": "application/jsonl; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}


async def tickets_since(store: TicketSearch, since: datetime | None) -> AsyncIterator[Ticket]:
    query = TicketQuery(created_from=since, sort="created", limit=PAGE)
    while True:
        page = await store.query_tickets(query)
        for ticket in page:
            yield ticket
        if len(page) < PAGE:
            return
        query = TicketQuery(
            created_from=since, sort="created", limit=PAGE, after=cursor_of(page[-1], "created")
        )


def row(ticket: Ticket) -> dict[str, object]:
    data = ticket.to_json()
    csat = ticket.csat
    return {
        "number": ticket.number,
        "status": ticket.status.value,
        "priority": ticket.priority,
        "channel": ticket.channel,
        "customer": data["address"],
        "lang": ticket.lang,
        "created_at": data["created_at"],
        "updated_at": data["updated_at"],
        "first_response_due": data["first_response_due"],
        "next_update_due": data["next_update_due"],
        "breached": breached(ticket),
        "linked_to": ticket.linked_to,
        "summary": ticket.summary,
        "fields": dict(ticket.fields),
        # the satisfaction answer (bot/engine/csat.py): when the score came, where asked
        "csat_score": csat.score if csat else None,
        "csat_comment": csat.comment if csat else "",
        "csat_at": data["csat"]["answered_at"] if csat else None,
        "csat_channel": csat.channel if csat else "",
    }


def _csv_line(values: list[object]) -> str:
    out = io.StringIO()
    csv.writer(out).writerow(values)
    return out.getvalue()


def _cell(value: object) -> object:
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if value is None:
        return ""
    text = str(value)
    # a spreadsheet would run a cell starting like a formula: quote it (CSV injection)
    return "'" + text if text[:1] in ("=", "+", "-", "@") and isinstance(value, str) else text


async def export_lines(
    store: TicketSearch, since: datetime | None, fmt: Format
) -> AsyncIterator[str]:
    if fmt == "csv":
        yield _csv_line(list(COLUMNS))
    async for ticket in tickets_since(store, since):
        data = row(ticket)
        if fmt == "jsonl":
            yield json.dumps(data, ensure_ascii=False) + "\n"
        else:
            yield _csv_line([_cell(data[c]) for c in COLUMNS])
