"""The OpenAPI document's building blocks, shared by api/openapi.py (tickets, webhooks)
and api/openapi_incidents.py (outage mode)."""

from __future__ import annotations

from typing import Any, Final

JSON: Final = "application/json"
PROBLEM: Final = "application/problem+json"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": schema}}}


def _problems(*codes: int) -> dict[str, Any]:
    text = {
        400: "Invalid request (an unknown query parameter included)",
        401: "Missing or unknown token",
        403: "The token lacks the scope",
        404: "No such resource",
        409: "The action was refused (the detail says why)",
    }
    return {
        str(c): {"description": text[c], "content": {PROBLEM: {"schema": _ref("Problem")}}}
        for c in codes
    }


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


def _many(values: list[str] | None = None) -> dict[str, Any]:
    item: dict[str, Any] = {"type": "string"}
    if values:
        item["enum"] = values
    return {"type": "array", "items": item}


NUMBER: Final = {"name": "number", "in": "path", "required": True, "schema": {"type": "integer"}}
TIME: Final = {"type": "string", "format": "date-time"}


def _op(summary: str, scope: str, responses: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {"summary": summary, "security": [{"bearer": [scope]}], "responses": responses, **more}


def _body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"required": True, "content": {JSON: {"schema": schema}}}
