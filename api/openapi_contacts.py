"""The contacts part of the OpenAPI document (api/contacts.py), merged by api.openapi."""

from __future__ import annotations

from typing import Any, Final

from domain.contacts import ROLES, SOURCES

JSON: Final = "application/json"
PROBLEM: Final = "application/problem+json"
_TEXTS: Final = {
    400: "Invalid request (the problems list says which keys and why)",
    401: "Missing or unknown token",
    403: "The token lacks the scope",
    404: "No such contact",
    409: "Already listed, or an entry of the operator's file",
}
ACCOUNT: Final = {"name": "account", "in": "path", "required": True, "schema": {"type": "string"}}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _problems(*codes: int) -> dict[str, Any]:
    return {
        str(c): {"description": _TEXTS[c], "content": {PROBLEM: {"schema": _ref("Problem")}}}
        for c in codes
    }


def _text(description: str) -> dict[str, str]:
    return {"type": "string", "description": description}


def contact_schemas() -> dict[str, Any]:
    fields = {
        "name": {"type": "string", "minLength": 1},
        "role": {"type": "string", "enum": list(ROLES), "default": "authorized"},
        "phone": _text("E.164 (other forms are read in the plan's default region)"),
        "email": {"type": "string"},
        "telegram": _text("the numeric Telegram user id"),
        "products": {
            "type": "array",
            "items": {"type": "string"},
            "description": "the products the account uses (maintenance notices: only windows"
            " that touch one; none listed for the account: every window)",
        },
    }
    return {
        "Contact": {
            "type": "object",
            "required": ["id", "account", "name", "role", "source"],
            "properties": {
                "id": _text("file:<n> for the operator's file, else the store's id"),
                "account": {"type": "string"},
                **fields,
                "source": {"type": "string", "enum": list(SOURCES)},
            },
        },
        "NewContact": {
            "type": "object",
            "required": ["name"],
            "description": "at least one of phone, email, telegram",
            "properties": {"account": {"type": "string"}, **fields},
        },
        "ContactCheck": {
            "type": "object",
            "description": "the authorized contacts check; null where the plan makes none",
            "properties": {
                "verified": {"type": ["boolean", "null"]},
                "account": _text("the account the customer named"),
                "approval": {
                    "type": ["string", "null"],
                    "enum": ["awaiting", "approved", "denied", None],
                    "description": "a MACD request held for an MPOC's approval",
                },
            },
        },
    }


def contact_paths(read: str, write: str) -> dict[str, Any]:
    def op(summary: str, scope: str, responses: dict[str, Any], **more: Any) -> dict[str, Any]:
        return {
            "summary": summary,
            "security": [{"bearer": [scope]}],
            "responses": responses,
            **more,
        }

    listing = {
        "type": "object",
        "required": ["account", "contacts"],
        "properties": {
            "account": {"type": "string"},
            "contacts": {"type": "array", "items": _ref("Contact")},
        },
    }
    return {
        "/api/accounts/{account}/contacts": {
            "parameters": [ACCOUNT],
            "get": op(
                "The account's authorized contacts (the operator's file and the API's)",
                read,
                {
                    "200": {"description": "Contacts", "content": {JSON: {"schema": listing}}},
                    **_problems(400, 401, 403),
                },
            ),
            "post": op(
                "Add a contact to the account (kept in the store)",
                write,
                {
                    "201": {"description": "Added", "content": {JSON: {"schema": _ref("Contact")}}},
                    **_problems(400, 401, 403, 409),
                },
                requestBody={"required": True, "content": {JSON: {"schema": _ref("NewContact")}}},
            ),
        },
        "/api/accounts/{account}/contacts/{id}": {
            "parameters": [
                ACCOUNT,
                {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
            ],
            "delete": op(
                "Remove a contact the API added",
                write,
                {"204": {"description": "Removed"}, **_problems(400, 401, 403, 404, 409)},
            ),
        },
    }
