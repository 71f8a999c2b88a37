"""GET /api/tickets (filters, full text, sort, cursor pages) and GET /api/tickets/{number}
(the ticket, its assignee and its conversation's transcript). Scope: tickets:read."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any, Final, cast

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from api.context import ApiContext, one, query, ticket_number, when
from api.problems import Problem
from bot.files.links import FileLinks
from bot.store.search import SORTS, Cursor, Sort, TicketQuery, breached, cursor_of
from domain.contacts import contact_status
from domain.types import Ticket, TicketStatus
from handoff.cards import Agent, owner_key

READ: Final = "tickets:read"
DEFAULT_LIMIT: Final = 50
MAX_LIMIT: Final = 500
# an assignee filter reads owners ticket by ticket: a page looks through at most this many
ASSIGNEE_SCAN: Final = 2000
LIST_PARAMS: Final = frozenset(
    {
        "status",
        "priority",
        "channel",
        "created_after",
        "created_before",
        "updated_after",
        "updated_before",
        "breached",
        "csat",
        "assignee",
        "incident",
        "q",
        "sort",
        "cursor",
        "limit",
    }
)
OPEN: Final = "open"  # a status shorthand: every status that is not closed


def ticket_json(
    ticket: Ticket, *, assignee: Agent | None = None, files: FileLinks | None = None
) -> dict[str, Any]:
    data = ticket.to_json()
    data["customer"] = data.pop("address")
    data["attachments"] = attachments_json(ticket, files)
    data["breached"] = breached(ticket)
    # which SLA clocks broke and when (issue 17); `breached` stays the filterable flag
    data["breaches"] = [{"clock": c, "at": at.isoformat()} for c, at in ticket.breaches]
    due = ticket.callback_due
    data["callback_due"] = due.isoformat() if due is not None else None
    data["assignee"] = assignee.to_json() if assignee is not None else None
    # the authorized contacts check (docs/contacts.md); all null where the plan makes none
    data["contact"] = contact_status(ticket.events).to_json()
    return data


def attachments_json(ticket: Ticket, files: FileLinks | None) -> list[dict[str, Any]]:
    """The customer's files: name, kind, type, size and a signed download link (`url`, null
    for a file that was not kept); where the server or the provider keeps it is not shown."""
    out = []
    for i, a in enumerate(ticket.attachments):
        link = files.link(ticket, a, i) if files is not None else None
        out.append(
            {
                "name": a.name,
                "kind": a.kind,
                "content_type": a.content_type,
                "size": a.size,
                "url": link.url if link else None,
                "url_expires": link.expires.isoformat() if link else None,
            }
        )
    return out


async def assignee_of(ctx: ApiContext, number: int) -> Agent | None:
    raw = await ctx.store.get_flag(owner_key(number))
    return Agent.from_json(json.loads(raw)) if raw else None


def encode_cursor(sort: Sort, cursor: Cursor) -> str:
    raw = json.dumps({"s": sort, "k": cursor.key, "n": cursor.number}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(text: str, sort: Sort) -> Cursor:
    try:
        data = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
        cursor = Cursor(str(data["k"]), int(data["n"]))
        same_sort = data["s"] == sort
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise Problem(
            400, "bad-request", "cursor: not a cursor this API gave", parameter="cursor"
        ) from None
    if not same_sort:
        raise Problem(400, "bad-request", "cursor: it belongs to another sort", parameter="cursor")
    return cursor


def _statuses(values: list[str]) -> frozenset[str]:
    known = {s.value for s in TicketStatus}
    out: set[str] = set()
    for v in values:
        if v == OPEN:
            out |= {s.value for s in TicketStatus if not s.is_closed}
        elif v in known:
            out.add(v)
        else:
            raise Problem(
                400,
                "bad-request",
                f"status: {v!r} is not one of {OPEN}, {', '.join(sorted(known))}",
                parameter="status",
            )
    return frozenset(out)


def parse_list(ctx: ApiContext, params: dict[str, list[str]]) -> tuple[TicketQuery, str | None]:
    """The store query the parameters ask for, and the assignee to filter on."""
    sort = one(params, "sort") or "-created"
    if sort not in SORTS:
        raise Problem(400, "bad-request", f"sort: one of {', '.join(SORTS)}", parameter="sort")
    raw_limit = one(params, "limit") or str(DEFAULT_LIMIT)
    if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= MAX_LIMIT:
        raise Problem(
            400, "bad-request", f"limit: a number from 1 to {MAX_LIMIT}", parameter="limit"
        )
    priorities = {p.upper() for p in params.get("priority", [])}
    if unknown := priorities - set(ctx.policy.priority_by_id):
        raise Problem(
            400,
            "bad-request",
            f"priority: {', '.join(sorted(unknown))} not in this plan "
            f"({', '.join(p.id for p in ctx.policy.priorities)})",
            parameter="priority",
        )
    flag = one(params, "breached")
    if flag not in (None, "true", "false"):
        raise Problem(400, "bad-request", "breached: true or false", parameter="breached")
    scores = params.get("csat", [])
    if bad := [v for v in scores if v not in ("1", "2", "3", "4", "5")]:
        raise Problem(
            400, "bad-request", f"csat: {bad[0]!r} is not a score from 1 to 5", parameter="csat"
        )
    times = {
        name: when(value, name)
        for name in ("created_after", "created_before", "updated_after", "updated_before")
        if (value := one(params, name)) is not None
    }
    cursor_text = one(params, "cursor")
    typed_sort = cast(Sort, sort)
    q = TicketQuery(
        statuses=_statuses(params.get("status", [])),
        priorities=frozenset(priorities),
        channels=frozenset(params.get("channel", [])),
        created_from=times.get("created_after"),
        created_to=times.get("created_before"),
        updated_from=times.get("updated_after"),
        updated_to=times.get("updated_before"),
        breached=None if flag is None else flag == "true",
        csat_scores=frozenset(int(v) for v in scores),
        text=" ".join(params.get("q", [])),
        sort=typed_sort,
        after=decode_cursor(cursor_text, typed_sort) if cursor_text else None,
        limit=int(raw_limit),
    )
    return q, one(params, "assignee")


def _is(agent: Agent | None, who: str) -> bool:
    return agent is not None and who.casefold() in (agent.id.casefold(), agent.name.casefold())


async def list_page(
    ctx: ApiContext, q: TicketQuery, assignee: str | None, incident: int | None = None
) -> tuple[list[tuple[Ticket, Agent | None]], Cursor | None]:
    """One page and the cursor after it (None: nothing more). With an assignee, owners
    live beside the tickets (the desk's owner flags), so pages of the other filters
    are read and kept ticket by ticket; a page may then come back short, with a cursor.
    With an incident, the store narrows to the incident's children and a child that
    left it ("not that", an unlink) is dropped the same way."""
    if incident is not None:
        children = await _children(ctx, incident)
        known = children if q.numbers is None else children & q.numbers
        q = TicketQuery(**{**_fields(q), "numbers": known})
    if assignee is None and incident is None:
        tickets = await ctx.store.query_tickets(q)
        owners = [await assignee_of(ctx, t.number) for t in tickets]
        last = cursor_of(tickets[-1], q.sort) if len(tickets) == q.limit else None
        return list(zip(tickets, owners, strict=True)), last
    kept: list[tuple[Ticket, Agent | None]] = []
    scanned = 0
    cursor = q.after
    while len(kept) < q.limit and scanned < ASSIGNEE_SCAN:
        batch = await ctx.store.query_tickets(
            TicketQuery(**{**_fields(q), "after": cursor, "limit": 200})
        )
        for t in batch:
            scanned += 1
            owner = await assignee_of(ctx, t.number)
            cursor = cursor_of(t, q.sort)
            if (assignee is None or _is(owner, assignee)) and (
                incident is None or t.fields.get("incident") == str(incident)
            ):
                kept.append((t, owner))
                if len(kept) == q.limit:
                    return kept, cursor
        if len(batch) < 200:
            return kept, None
    return kept, cursor


async def _children(ctx: ApiContext, incident: int) -> frozenset[int]:
    out: list[int] = []
    while page := await ctx.store.incident_children(
        incident, after=out[-1] if out else 0, limit=1000
    ):
        out.extend(page)
    return frozenset(out)


def _fields(q: TicketQuery) -> dict[str, Any]:
    return {name: getattr(q, name) for name in TicketQuery.__dataclass_fields__ if name != "_words"}


async def list_tickets(ctx: ApiContext, request: Request) -> Response:
    ctx.authorize(request, READ)
    params = query(request, LIST_PARAMS)
    q, assignee = parse_list(ctx, params)
    incident = one(params, "incident")
    if incident is not None and (not incident.isdigit() or len(incident) > 12):
        raise Problem(400, "bad-request", "incident: an incident id", parameter="incident")
    rows, after = await list_page(ctx, q, assignee, int(incident) if incident else None)
    return JSONResponse(
        {
            "tickets": [ticket_json(t, assignee=owner) for t, owner in rows],
            "next_cursor": encode_cursor(q.sort, after) if after is not None else None,
        }
    )


async def get_ticket(ctx: ApiContext, request: Request) -> Response:
    ctx.authorize(request, READ)
    query(request, ())
    number = ticket_number(request)
    ticket = await ctx.store.get_ticket(number)
    if ticket is None:
        raise Problem(404, "not-found", f"there is no ticket #{number}")
    lines = await ctx.store.transcript(ticket.conversation_id or str(ticket.address))
    data = ticket_json(ticket, assignee=await assignee_of(ctx, number), files=ctx.files)
    data["transcript"] = [
        {"at": line.at.isoformat(), "who": line.who, "text": line.text} for line in lines
    ]
    return JSONResponse(data)
