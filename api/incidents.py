"""The incidents API (`/api/incidents...`, docs/outage.md), for staff tools with an API
token (api/tokens.py): the `incidents:write` scope to change, `tickets:read` to read (an
incident lists ticket numbers). Errors are problem+json like the rest of the API; every
operation is in the OpenAPI document (api/openapi.py).

POST   /api/incidents                         {title, summary {en, es}, service, match
                                               {keywords, services, accounts}, status,
                                               priority, master_ticket}
GET    /api/incidents[?status=open]
GET    /api/incidents/{id}                    children as ticket numbers, updates, subscribers
POST   /api/incidents/{id}/children           {ticket}
DELETE /api/incidents/{id}/children/{ticket}  the ticket leaves (its own priority back)
POST   /api/incidents/{id}/updates            {text, text_es?, status?}
POST   /api/incidents/{id}/resolve            {text, text_es?}
POST   /api/incidents/{id}/redeliver          every update's fan-out again, as a background job (202)
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Final

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from api.context import ApiContext, body, one, query
from api.problems import Problem
from bot.incidents.desk import IncidentDesk, NewIncident, NotFound, Refused
from bot.incidents.fanout import FanoutResult
from domain.incident import Incident, IncidentMatch, IncidentStatus

READ: Final = "tickets:read"  # an incident lists ticket numbers
WRITE: Final = "incidents:write"
MAX_TEXT: Final = 2000

Handler = Callable[[ApiContext, Request], Awaitable[Response]]


def incident_json(incident: Incident, children: list[int] | None = None) -> dict[str, Any]:
    data = incident.to_json()
    data.pop("version", None)
    data["subscribers"] = len(incident.subscribers)  # a count: addresses are personal data
    if children is not None:
        data["children"] = children
    return data


def _desk(ctx: ApiContext, request: Request, scope: str) -> IncidentDesk:
    ctx.authorize(request, scope)
    if ctx.incidents is None:
        raise Problem(404, "not-found", "outage mode is not running here")
    return ctx.incidents


def _refusals(handler: Handler) -> Handler:
    """The desk's refusals as problems: no such incident or ticket (404), a change that
    does not apply (409)."""

    async def run(ctx: ApiContext, request: Request) -> Response:
        try:
            return await handler(ctx, request)
        except NotFound as exc:
            raise Problem(404, "not-found", str(exc)) from None
        except Refused as exc:
            raise Problem(409, "refused", str(exc)) from None

    return run


@_refusals
async def create(ctx: ApiContext, request: Request) -> Response:
    desk = _desk(ctx, request, WRITE)
    query(request, ())
    data = await body(request)
    title = _text(data, "title", required=True)
    summary = data.get("summary", {})
    if not isinstance(summary, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in summary.items()
    ):
        raise _bad("summary must be an object of language -> text", "summary")
    match = data.get("match", {})
    if not isinstance(match, dict):
        raise _bad("match must be an object", "match")
    spec = NewIncident(
        title=title,
        summary={k: v[:MAX_TEXT] for k, v in summary.items() if k in ("en", "es")},
        service=_text(data, "service"),
        match=IncidentMatch(
            keywords=_strings(match, "keywords"),
            services=_strings(match, "services"),
            accounts=_strings(match, "accounts"),
            # "sites" is the same list under the name a provider with offices uses
            regions=_strings(match, "regions") + _strings(match, "sites"),
        ),
        status=_status(data) or IncidentStatus.INVESTIGATING,
        priority=_text(data, "priority").upper(),
        master_ticket=_number(data, "master_ticket", required=False),
    )
    if spec.status is IncidentStatus.RESOLVED:
        raise _bad("a new incident cannot be resolved", "status")
    incident = await desk.open(spec)
    out = incident_json(incident, [])
    # open tickets that match: staff link them with POST .../children
    out["candidates"] = await desk.candidates(incident)
    return JSONResponse(out, status_code=201)


@_refusals
async def listing(ctx: ApiContext, request: Request) -> Response:
    desk = _desk(ctx, request, READ)
    status = one(query(request, ("status",)), "status")
    if status not in (None, "open"):
        raise _bad("status: open, or leave it out for all", "status")
    incidents = await desk.store.list_incidents(open_only=status == "open", limit=200)
    return JSONResponse({"incidents": [incident_json(i) for i in incidents]})


@_refusals
async def one_incident(ctx: ApiContext, request: Request) -> Response:
    desk = _desk(ctx, request, READ)
    query(request, ())
    incident_id = _path_id(request)
    incident = await desk.get(incident_id)
    return JSONResponse(incident_json(incident, await desk.children(incident_id)))


@_refusals
async def link(ctx: ApiContext, request: Request) -> Response:
    desk = _desk(ctx, request, WRITE)
    query(request, ())
    number = _number(await body(request), "ticket", required=True)
    assert number is not None
    ticket = await desk.link(_path_id(request), number)
    return JSONResponse({"ticket": ticket.number, "priority": ticket.priority})


@_refusals
async def unlink(ctx: ApiContext, request: Request) -> Response:
    desk = _desk(ctx, request, WRITE)
    query(request, ())
    raw = str(request.path_params["ticket"])
    if not raw.isdigit() or len(raw) > 12:
        raise _bad("ticket numbers are digits", "ticket")
    ticket = await desk.unlink(_path_id(request), int(raw))
    return JSONResponse({"ticket": ticket.number, "priority": ticket.priority})


@_refusals
async def update(ctx: ApiContext, request: Request) -> Response:
    desk = _desk(ctx, request, WRITE)
    query(request, ())
    data = await body(request)
    incident, result = await desk.post_update(
        _path_id(request),
        _text(data, "text", required=True),
        text_es=_text(data, "text_es"),
        status=_status(data),
    )
    return _posted(incident, result)


@_refusals
async def resolve(ctx: ApiContext, request: Request) -> Response:
    desk = _desk(ctx, request, WRITE)
    query(request, ())
    data = await body(request)
    incident, result = await desk.resolve(
        _path_id(request), _text(data, "text", required=True), text_es=_text(data, "text_es")
    )
    return _posted(incident, result)


@_refusals
async def redeliver(ctx: ApiContext, request: Request) -> Response:
    desk = _desk(ctx, request, WRITE)
    query(request, ())
    job, queued = await desk.redeliver_later(_path_id(request))
    # a background job (bot.incidents.jobs): 20,000 children are not gone through here
    return JSONResponse({"job": job, "queued": queued}, status_code=202)


def _posted(incident: Incident, result: FanoutResult) -> Response:
    data = incident_json(incident)
    # the fan-out runs in the background (bot.incidents.jobs): `queued` children are being
    # told; `told` counts those told before this answer (0 then)
    data["told"] = result.told
    data["queued"] = result.queued
    return JSONResponse(data)


def _bad(detail: str, parameter: str) -> Problem:
    return Problem(400, "bad-request", detail, parameter=parameter)


def _text(data: dict[str, Any], key: str, *, required: bool = False) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise _bad(f"{key} must be a string", key)
    value = value.strip()
    if required and not value:
        raise _bad(f"{key} is required", key)
    return value[:MAX_TEXT]


def _strings(data: dict[str, Any], key: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _bad(f"match.{key} must be a list of strings", f"match.{key}")
    return tuple(v.strip()[:200] for v in value if v.strip())[:200]


def _number(data: dict[str, Any], key: str, *, required: bool) -> int | None:
    value = data.get(key)
    if value is None and not required:
        return None
    if isinstance(value, str) and value.lstrip("#").isdigit():
        value = int(value.lstrip("#"))
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise _bad(f"{key} must be a ticket number", key)
    return value


def _status(data: dict[str, Any]) -> IncidentStatus | None:
    value = data.get("status")
    if value is None:
        return None
    try:
        return IncidentStatus(value)
    except ValueError:
        known = ", ".join(s.value for s in IncidentStatus)
        raise _bad(f"status must be one of {known}", "status") from None


def _path_id(request: Request) -> int:
    raw = str(request.path_params["id"])
    if not raw.isdigit() or len(raw) > 12:
        raise _bad("incident ids are digits", "id")
    return int(raw)
