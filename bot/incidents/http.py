"""The incidents API (`/api/incidents...`), for staff tools with an API token (api/tokens.py):
the `incidents:write` scope to change, `tickets:read` to read.

POST /api/incidents                      {title, summary {en, es}, service, match
                                          {keywords, services, accounts}, status,
                                          priority, master_ticket}
GET  /api/incidents[?status=open]
GET  /api/incidents/{id}                 children as ticket numbers, updates, subscribers
POST /api/incidents/{id}/children        {ticket}
DELETE /api/incidents/{id}/children/{ticket}  the ticket leaves (its own priority back)
POST /api/incidents/{id}/updates         {text, text_es?, status?}
POST /api/incidents/{id}/resolve         {text, text_es?}
POST /api/incidents/{id}/redeliver       every update's fan-out again, in the request
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any, Final

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from bot.incidents.desk import IncidentDesk, NewIncident, NotFound, Refused
from bot.incidents.fanout import FanoutResult
from domain.incident import Incident, IncidentMatch, IncidentStatus

# (request, scope) -> None, or the refusal to send (401 without a token, 403 without the scope)
Authorize = Callable[[Request, str], Response | None]
READ: Final = "tickets:read"  # an incident lists ticket numbers
WRITE: Final = "incidents:write"
MAX_BODY: Final = 64 * 1024
MAX_TEXT: Final = 2000


class BadRequest(ValueError):
    pass


def incident_json(incident: Incident, children: list[int] | None = None) -> dict[str, Any]:
    data = incident.to_json()
    data.pop("version", None)
    data["subscribers"] = len(incident.subscribers)  # a count: addresses are personal data
    if children is not None:
        data["children"] = children
    return data


def incident_routes(desk: IncidentDesk, authorize: Authorize) -> list[BaseRoute]:
    def guarded(
        handler: Callable[[Request], Awaitable[Response]], scope: str = WRITE
    ) -> Callable[..., Any]:
        async def run(request: Request) -> Response:
            denied = authorize(request, scope)
            if denied is not None:
                return denied
            try:
                return await handler(request)
            except BadRequest as exc:
                return JSONResponse({"error": "bad_request", "detail": str(exc)}, 400)
            except NotFound as exc:
                return JSONResponse({"error": "not_found", "detail": str(exc)}, 404)
            except Refused as exc:
                return JSONResponse({"error": "conflict", "detail": str(exc)}, 409)

        return run

    async def create(request: Request) -> Response:
        body = await _body(request)
        title = _text(body, "title", required=True)
        summary = body.get("summary", {})
        if not isinstance(summary, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in summary.items()
        ):
            raise BadRequest("summary must be an object of language -> text")
        match = body.get("match", {})
        if not isinstance(match, dict):
            raise BadRequest("match must be an object")
        spec = NewIncident(
            title=title,
            summary={k: v[:MAX_TEXT] for k, v in summary.items() if k in ("en", "es")},
            service=_text(body, "service"),
            match=IncidentMatch(
                keywords=_strings(match, "keywords"),
                services=_strings(match, "services"),
                accounts=_strings(match, "accounts"),
            ),
            status=_status(body) or IncidentStatus.INVESTIGATING,
            priority=_text(body, "priority").upper(),
            master_ticket=_number(body, "master_ticket", required=False),
        )
        if spec.status is IncidentStatus.RESOLVED:
            raise BadRequest("a new incident cannot be resolved")
        incident = await desk.open(spec)
        data = incident_json(incident, [])
        # open tickets that match: staff link them with POST .../children
        data["candidates"] = await desk.candidates(incident)
        return JSONResponse(data, status_code=201)

    async def listing(request: Request) -> Response:
        open_only = request.query_params.get("status") == "open"
        incidents = await desk.store.list_incidents(open_only=open_only, limit=200)
        return JSONResponse({"incidents": [incident_json(i) for i in incidents]})

    async def one(request: Request) -> Response:
        incident_id = _path_id(request)
        incident = await desk.get(incident_id)
        return JSONResponse(incident_json(incident, await desk.children(incident_id)))

    async def children(request: Request) -> Response:
        body = await _body(request)
        number = _number(body, "ticket", required=True)
        assert number is not None
        ticket = await desk.link(_path_id(request), number)
        return JSONResponse({"ticket": ticket.number, "priority": ticket.priority})

    async def unlink(request: Request) -> Response:
        raw = request.path_params["ticket"]
        if not raw.isdigit():
            raise BadRequest("ticket numbers are digits")
        ticket = await desk.unlink(_path_id(request), int(raw))
        return JSONResponse({"ticket": ticket.number, "priority": ticket.priority})

    async def updates(request: Request) -> Response:
        body = await _body(request)
        incident, result = await desk.post_update(
            _path_id(request),
            _text(body, "text", required=True),
            text_es=_text(body, "text_es"),
            status=_status(body),
        )
        return _posted(incident, result)

    async def resolve(request: Request) -> Response:
        body = await _body(request)
        incident, result = await desk.resolve(
            _path_id(request), _text(body, "text", required=True), text_es=_text(body, "text_es")
        )
        return _posted(incident, result)

    async def redeliver(request: Request) -> Response:
        result = await desk.redeliver(_path_id(request))
        return JSONResponse({"told": result.told, "skipped": result.skipped})

    return [
        Route("/api/incidents", guarded(create), methods=["POST"]),
        Route("/api/incidents", guarded(listing, READ), methods=["GET"]),
        Route("/api/incidents/{id}", guarded(one, READ), methods=["GET"]),
        Route("/api/incidents/{id}/children", guarded(children), methods=["POST"]),
        Route("/api/incidents/{id}/children/{ticket}", guarded(unlink), methods=["DELETE"]),
        Route("/api/incidents/{id}/updates", guarded(updates), methods=["POST"]),
        Route("/api/incidents/{id}/resolve", guarded(resolve), methods=["POST"]),
        Route("/api/incidents/{id}/redeliver", guarded(redeliver), methods=["POST"]),
    ]


def _posted(incident: Incident, result: FanoutResult) -> Response:
    data = incident_json(incident)
    # the fan-out runs in the background (bot.incidents.jobs): `queued` children are being
    # told; `told` counts those told before this answer (0 then)
    data["told"] = result.told
    data["queued"] = result.queued
    return JSONResponse(data)


async def _body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if len(raw) > MAX_BODY:
        raise BadRequest("body too large")
    try:
        data = json.loads(raw or b"{}")
    except (ValueError, RecursionError) as exc:
        raise BadRequest("body must be JSON") from exc
    if not isinstance(data, dict):
        raise BadRequest("body must be a JSON object")
    return data


def _text(body: dict[str, Any], key: str, *, required: bool = False) -> str:
    value = body.get(key, "")
    if not isinstance(value, str):
        raise BadRequest(f"{key} must be a string")
    value = value.strip()
    if required and not value:
        raise BadRequest(f"{key} is required")
    return value[:MAX_TEXT]


def _strings(body: dict[str, Any], key: str) -> tuple[str, ...]:
    value = body.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise BadRequest(f"match.{key} must be a list of strings")
    return tuple(v.strip()[:200] for v in value if v.strip())[:200]


def _number(body: dict[str, Any], key: str, *, required: bool) -> int | None:
    value = body.get(key)
    if value is None and not required:
        return None
    if isinstance(value, str) and value.lstrip("#").isdigit():
        value = int(value.lstrip("#"))
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise BadRequest(f"{key} must be a ticket number")
    return value


def _status(body: dict[str, Any]) -> IncidentStatus | None:
    value = body.get("status")
    if value is None:
        return None
    try:
        return IncidentStatus(value)
    except ValueError as exc:
        known = ", ".join(s.value for s in IncidentStatus)
        raise BadRequest(f"status must be one of {known}") from exc


def _path_id(request: Request) -> int:
    raw = request.path_params["id"]
    if not raw.isdigit():
        raise BadRequest("incident ids are digits")
    return int(raw)
