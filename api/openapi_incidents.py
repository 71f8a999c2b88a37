"""The OpenAPI document's part for the incidents API (api/incidents.py)."""

from __future__ import annotations

from typing import Any

from api.openapi_base import TIME, _body, _json, _op, _problems, _query, _ref
from domain.incident import IncidentStatus


def _incident_schemas() -> dict[str, Any]:
    texts = {"type": "object", "additionalProperties": {"type": "string"}}
    strings = {"type": "array", "items": {"type": "string"}}
    status = {"type": "string", "enum": [s.value for s in IncidentStatus]}
    match = {
        "type": "object",
        "properties": {
            "keywords": strings,
            "services": strings,
            "accounts": strings,
            "regions": {
                **strings,
                "description": "places the message names or E.164 prefixes of the customer's"
                " number; with keywords or services a message must also be in one ('sites'"
                " is accepted as the same list on input)",
            },
        },
    }
    update = {
        "type": "object",
        "required": ["seq", "at", "text", "status"],
        "properties": {
            "seq": {"type": "integer"},
            "at": TIME,
            "text": {"type": "string"},
            "text_es": {"type": "string"},
            "status": status,
        },
    }
    return {
        "Incident": {
            "type": "object",
            "required": ["id", "title", "status", "priority", "created_at", "updates"],
            "properties": {
                "id": {"type": "integer"},
                "title": {"type": "string"},
                "created_at": TIME,
                "summary": {**texts, "description": "language -> what customers are told"},
                "service": {"type": "string"},
                "match": match,
                "status": status,
                "priority": {"type": "string"},
                "master_ticket": {"type": ["integer", "null"]},
                "updates": {"type": "array", "items": update},
                "subscribers": {"type": "integer", "description": "a count"},
                "updated_at": {"type": ["string", "null"], "format": "date-time"},
                "resolved_at": {"type": ["string", "null"], "format": "date-time"},
                "children": {"type": "array", "items": {"type": "integer"}},
                "candidates": {
                    "type": "array",
                    "items": {"type": "integer"},
                    "description": "on creation: open tickets that match, to link",
                },
                "told": {"type": "integer", "description": "customers told before the answer"},
                "queued": {
                    "type": "integer",
                    "description": "linked customers being told in the background",
                },
            },
        },
        "NewIncident": {
            "type": "object",
            "required": ["title"],
            "properties": {
                "title": {"type": "string", "minLength": 1},
                "summary": texts,
                "service": {"type": "string"},
                "match": match,
                "status": status,
                "priority": {"type": "string"},
                "master_ticket": {"type": "integer"},
            },
        },
        "IncidentUpdate": {
            "type": "object",
            "required": ["text"],
            "properties": {
                "text": {"type": "string", "minLength": 1},
                "text_es": {"type": "string"},
                "status": status,
            },
        },
        "Child": {
            "type": "object",
            "required": ["ticket"],
            "properties": {"ticket": {"type": "integer"}, "priority": {"type": "string"}},
        },
        "Redelivery": {
            "type": "object",
            "properties": {
                "job": {"type": "string", "description": "the background job's key"},
                "queued": {"type": "integer", "description": "children it goes through"},
            },
        },
    }


def _incident_paths() -> dict[str, Any]:
    read, write = "tickets:read", "incidents:write"
    one = _ref("Incident")
    ident = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
    changed = {"200": _json(one, "The incident"), **_problems(400, 401, 403, 404, 409)}
    return {
        "/api/incidents": {
            "post": _op(
                "Open an incident (a master case); lists the open tickets that match",
                write,
                {"201": _json(one, "Opened"), **_problems(400, 401, 403, 404, 409)},
                requestBody=_body(_ref("NewIncident")),
            ),
            "get": _op(
                "The incidents, newest first",
                read,
                {
                    "200": _json(
                        {
                            "type": "object",
                            "properties": {"incidents": {"type": "array", "items": one}},
                        },
                        "Incidents",
                    ),
                    **_problems(400, 401, 403),
                },
                parameters=[_query("status", {"type": "string", "enum": ["open"]}, "open only")],
            ),
        },
        "/api/incidents/{id}": {
            "parameters": [ident],
            "get": _op(
                "An incident with its children (ticket numbers)",
                read,
                {"200": _json(one, "The incident"), **_problems(400, 401, 403, 404)},
            ),
        },
        "/api/incidents/{id}/children": {
            "parameters": [ident],
            "post": _op(
                "Link a ticket as a child (the master's priority and SLA clocks)",
                write,
                {"200": _json(_ref("Child"), "Linked"), **_problems(400, 401, 403, 404, 409)},
                requestBody=_body(_ref("Child")),
            ),
        },
        "/api/incidents/{id}/children/{ticket}": {
            "parameters": [
                ident,
                {"name": "ticket", "in": "path", "required": True, "schema": {"type": "integer"}},
            ],
            "delete": _op(
                "The ticket leaves the incident (its own priority and clocks back)",
                write,
                {"200": _json(_ref("Child"), "Unlinked"), **_problems(400, 401, 403, 404, 409)},
            ),
        },
        "/api/incidents/{id}/updates": {
            "parameters": [ident],
            "post": _op(
                "Post an update; every child and subscriber is told in the background",
                write,
                changed,
                requestBody=_body(_ref("IncidentUpdate")),
            ),
        },
        "/api/incidents/{id}/resolve": {
            "parameters": [ident],
            "post": _op(
                "Resolve; every child is told and awaits confirmation",
                write,
                changed,
                requestBody=_body(_ref("IncidentUpdate")),
            ),
        },
        "/api/incidents/{id}/redeliver": {
            "parameters": [ident],
            "post": _op(
                "Every update's fan-out again, as a background job (nobody is told twice)",
                write,
                {
                    "202": _json(_ref("Redelivery"), "Queued"),
                    **_problems(400, 401, 403, 404),
                },
            ),
        },
    }
