"""The maintenance part of the OpenAPI document (api/maintenance.py), merged into it by
`api.openapi.document`."""

from __future__ import annotations

from typing import Any, Final

from domain.dimensions import SERVICES

JSON: Final = "application/json"
PROBLEM: Final = "application/problem+json"
TIME: Final = {"type": "string", "format": "date-time"}
_WORDS: Final = {
    "type": "object",
    "description": "the text in English (en) and Spanish (es)",
    "properties": {"en": {"type": "string"}, "es": {"type": "string"}},
    "additionalProperties": False,
}
_STRINGS: Final = {"type": "array", "items": {"type": "string"}, "maxItems": 20}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _answer(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": schema}}}


def _problems(*codes: int) -> dict[str, Any]:
    return {
        str(c): {"description": "See the detail", "content": {PROBLEM: {"schema": _ref("Problem")}}}
        for c in codes
    }


def schemas() -> dict[str, Any]:
    return {
        "MaintenanceWindow": {
            "type": "object",
            "required": ["id", "starts_at", "ends_at", "title", "origin", "notices"],
            "properties": {
                "id": {"type": "string", "description": "digits, or <plan rule>-<local date>"},
                "starts_at": TIME,
                "ends_at": TIME,
                "title": _WORDS,
                "summary": _WORDS,
                "reason": _WORDS,
                "products": _STRINGS,
                "services": {"type": "array", "items": {"type": "string", "enum": list(SERVICES)}},
                "keywords": _STRINGS,
                "zone": {"type": "string"},
                "origin": {"type": "string", "enum": ["plan", "api"]},
                "rule": {"type": "string"},
                "created_at": {"type": ["string", "null"], "format": "date-time"},
                "cancelled_at": {"type": ["string", "null"], "format": "date-time"},
                "notices": {
                    "type": "array",
                    "description": "when subscribers are emailed",
                    "items": {
                        "type": "object",
                        "properties": {"notice": {"type": "string"}, "at": TIME},
                    },
                },
                "subscribers_told": {
                    "type": "boolean",
                    "description": "on cancelling: it had been announced, so subscribers are told",
                },
            },
        },
        "NewMaintenance": {
            "type": "object",
            "required": ["title", "starts_at", "ends_at"],
            "additionalProperties": False,
            "properties": {
                "title": {"oneOf": [{"type": "string"}, _WORDS]},
                "summary": _WORDS,
                "reason": _WORDS,
                "starts_at": {**TIME, "description": "ISO 8601 with its UTC offset"},
                "ends_at": {**TIME, "description": "ISO 8601 with its UTC offset"},
                "products": {**_STRINGS, "description": "names customers read"},
                "services": {
                    "type": "array",
                    "items": {"type": "string", "enum": list(SERVICES)},
                    "description": "the classifier's services: intake mentions the window",
                },
                "keywords": {**_STRINGS, "description": "words (en or es) naming what it affects"},
            },
        },
    }


def paths(read: str, write: str) -> dict[str, Any]:
    def op(summary: str, scope: str, responses: dict[str, Any], **more: Any) -> dict[str, Any]:
        return {
            "summary": summary,
            "security": [{"bearer": [scope]}],
            "responses": responses,
            **more,
        }

    window = _ref("MaintenanceWindow")
    return {
        "/api/maintenance": {
            "get": op(
                "Maintenance windows under way and of the next three months (the plan's too)",
                read,
                {
                    "200": _answer(
                        {
                            "type": "object",
                            "required": ["windows"],
                            "properties": {"windows": {"type": "array", "items": window}},
                        },
                        "By start time",
                    ),
                    **_problems(400, 401, 403),
                },
            ),
            "post": op(
                "Schedule a maintenance window; subscribers get the notices",
                write,
                {"201": _answer(window, "Scheduled"), **_problems(400, 401, 403, 409)},
                requestBody={
                    "required": True,
                    "content": {JSON: {"schema": _ref("NewMaintenance")}},
                },
            ),
        },
        "/api/maintenance/{id}": {
            "parameters": [
                {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
            "delete": op(
                "Call a window off (a plan window too); subscribers are told if it was announced",
                write,
                {"200": _answer(window, "Cancelled"), **_problems(400, 401, 403, 404, 409)},
            ),
        },
    }
