"""What every API handler is given (built once by bot.app), and the checks every
handler makes first: the bearer token and its scope, the query parameters it knows."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from starlette.requests import Request

from api.problems import Problem
from api.tokens import ApiToken, TokenRing
from bot.contacts.directory import Directory
from bot.files.links import FileLinks
from bot.incidents.desk import IncidentDesk
from bot.maintenance.desk import MaintenanceDesk
from bot.plan.policy import Policy
from bot.store.protocol import Store
from handoff.actions import ActionResult, AgentActions

MAX_BODY: Final = 64 * 1024

# after an action (the Slack desk refreshes the ticket's card and posts in its thread)
AfterAction = Callable[[int, ActionResult, str], Awaitable[None]]


async def nothing_after(number: int, result: ActionResult, note: str) -> None:
    return None


@dataclass
class ApiContext:
    store: Store
    policy: Policy
    tokens: TokenRing
    actions: AgentActions
    clock: Callable[[], datetime]
    kick: Callable[[], None]
    after_action: AfterAction = field(default=nothing_after)
    webhooks: Collection[str] = field(default_factory=tuple)  # endpoint names
    maintenance: MaintenanceDesk | None = None  # staff's maintenance windows (api/maintenance.py)
    contacts: Directory | None = None  # the authorized contacts (api/contacts.py)
    files: FileLinks | None = None  # signed download links for the customer's files
    incidents: IncidentDesk | None = None  # outage mode (api/incidents.py)

    def authorize(self, request: Request, scope: str) -> ApiToken:
        header = request.headers.get("authorization", "")
        scheme, _, given = header.partition(" ")
        token = self.tokens.authenticate(given.strip()) if scheme.lower() == "bearer" else None
        if token is None:
            raise Problem(401, "unauthorized", "send Authorization: Bearer <an API token>")
        if scope not in token.scopes:
            raise Problem(403, "forbidden", f"this needs a token with the {scope} scope")
        return token


def query(request: Request, known: Collection[str]) -> dict[str, list[str]]:
    """The query parameters by name, each with every value given (repeated or
    comma-separated); a name the route does not know is a 400, never ignored."""
    out: dict[str, list[str]] = {}
    for name, value in request.query_params.multi_items():
        if name not in known:
            raise Problem(
                400,
                "unknown-parameter",
                f"unknown query parameter {name!r}; this route takes "
                + (", ".join(sorted(known)) or "none"),
                parameter=name,
            )
        out.setdefault(name, []).extend(v.strip() for v in value.split(",") if v.strip())
    return out


def one(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name)
    if not values:
        return None
    if len(values) > 1:
        raise Problem(400, "bad-request", f"{name} takes one value", parameter=name)
    return values[0]


async def body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if len(raw) > MAX_BODY:
        raise Problem(400, "bad-request", f"the body is over {MAX_BODY} bytes")
    try:
        data = json.loads(raw or b"{}")
    except ValueError:
        raise Problem(400, "bad-request", "the body is not JSON") from None
    if not isinstance(data, dict):
        raise Problem(400, "bad-request", "the body must be a JSON object")
    return data


def ticket_number(request: Request) -> int:
    raw = str(request.path_params["number"])
    if not raw.isdigit() or len(raw) > 12:
        raise Problem(400, "bad-request", "ticket numbers are digits", parameter="number")
    return int(raw)


def when(value: str, name: str) -> datetime:
    """An ISO 8601 date or date-time; a bare date is midnight UTC, a naive time is UTC."""
    from datetime import UTC

    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise Problem(
            400, "bad-request", f"{name}: expected an ISO 8601 date or date-time", parameter=name
        ) from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)
