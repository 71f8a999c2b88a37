"""The OpenAPI 3.1 document of the API, written by hand next to the handlers it
describes; tests validate it and call every operation it lists."""

from __future__ import annotations

from typing import Any

from api import openapi_maintenance
from api.openapi_base import JSON, NUMBER, TIME, _body, _json, _many, _op, _problems, _query, _ref
from api.openapi_contacts import contact_paths, contact_schemas
from api.openapi_incidents import _incident_paths, _incident_schemas
from api.tickets_read import MAX_LIMIT
from api.tickets_write import MAX_TRACKING, SETTABLE
from bot.config import API_SCOPES, WEBHOOK_EVENTS
from bot.export import FORMATS
from bot.store.search import SORTS
from domain.types import TicketStatus


def _schemas() -> dict[str, Any]:
    author = {
        "type": "string",
        "description": "who the customer sees signing (default: the token's name)",
    }
    return {
        "Problem": {
            "type": "object",
            "description": "RFC 9457 problem details",
            "required": ["type", "title", "status", "detail"],
            "properties": {
                "type": {"type": "string", "format": "uri"},
                "title": {"type": "string"},
                "status": {"type": "integer"},
                "detail": {"type": "string"},
                "instance": {"type": "string"},
            },
        },
        "Agent": {
            "type": "object",
            "properties": {n: {"type": "string"} for n in ("id", "name", "first_name")},
        },
        "Ticket": {
            "type": "object",
            "required": ["number", "status", "priority", "channel", "customer", "created_at"],
            "properties": {
                "number": {"type": "integer"},
                "status": {"type": "string", "enum": [s.value for s in TicketStatus]},
                "priority": {"type": "string"},
                "channel": {"type": "string"},
                "customer": {"type": "string", "description": "channel:id"},
                "lang": {"type": "string"},
                "created_at": TIME,
                "updated_at": {"type": ["string", "null"], "format": "date-time"},
                "first_response_due": {"type": ["string", "null"], "format": "date-time"},
                "next_update_due": {"type": ["string", "null"], "format": "date-time"},
                "fields": {"type": "object", "additionalProperties": {"type": "string"}},
                "summary": {"type": "string"},
                "events": {"type": "array", "items": {"type": "object"}},
                "linked_to": {"type": ["integer", "null"]},
                "breached": {"type": "boolean", "description": "an SLA clock ran out"},
                "breaches": {
                    "type": "array",
                    "description": "each SLA clock that ran out, once, and when",
                    "items": {
                        "type": "object",
                        "required": ["clock", "at"],
                        "properties": {
                            "clock": {
                                "type": "string",
                                "enum": ["first_response", "update", "resolution"],
                            },
                            "at": TIME,
                        },
                    },
                },
                "callback_due": {
                    "type": ["string", "null"],
                    "format": "date-time",
                    "description": "the callback promised to a customer who wrote off duty",
                },
                "assignee": {"oneOf": [_ref("Agent"), {"type": "null"}]},
                "attachments": {
                    "type": "array",
                    "description": "the customer's files; `url` (ticket detail only) is a "
                    "signed download link until `url_expires`, null for a file not kept",
                    "items": _ref("Attachment"),
                },
                "csat": {"oneOf": [_ref("Csat"), {"type": "null"}]},
                "contact": _ref("ContactCheck"),
            },
        },
        "Attachment": {
            "type": "object",
            "required": ["name", "kind", "url"],
            "properties": {
                "name": {"type": "string"},
                "kind": {"type": "string", "enum": ["image", "audio", "video", "document", "file"]},
                "content_type": {"type": "string"},
                "size": {"type": ["integer", "null"]},
                "url": {"type": ["string", "null"], "format": "uri"},
                "url_expires": {"type": ["string", "null"], "format": "date-time"},
            },
        },
        "Csat": {
            "type": "object",
            "description": "the satisfaction question, asked once when the ticket closed "
            "resolved, and the customer's answer (null until they gave one)",
            "required": ["asked_at", "channel", "score", "comment", "answered_at"],
            "properties": {
                "asked_at": TIME,
                "channel": {"type": "string", "description": "where it was asked"},
                "score": {"type": ["integer", "null"], "minimum": 1, "maximum": 5},
                "comment": {"type": "string", "description": "one optional line"},
                "answered_at": {
                    "type": ["string", "null"],
                    "format": "date-time",
                    "description": "when the score came",
                },
            },
        },
        "TicketDetail": {
            "allOf": [
                _ref("Ticket"),
                {
                    "type": "object",
                    "properties": {
                        "transcript": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "at": TIME,
                                    "who": {"type": "string"},
                                    "text": {"type": "string"},
                                },
                            },
                        }
                    },
                },
            ]
        },
        "TicketPage": {
            "type": "object",
            "required": ["tickets", "next_cursor"],
            "properties": {
                "tickets": {"type": "array", "items": _ref("Ticket")},
                "next_cursor": {
                    "type": ["string", "null"],
                    "description": "pass as cursor for the next page",
                },
            },
        },
        "ActionResult": {
            "type": "object",
            "properties": {
                "ticket": _ref("Ticket"),
                "message": {"type": "string"},
                "applied": {"type": "array", "items": {"type": "string"}},
                "opened": {
                    "type": "integer",
                    "description": "a reopen too late for the plan: the new linked case",
                },
            },
        },
        "Text": {
            "type": "object",
            "required": ["text"],
            "properties": {"text": {"type": "string", "minLength": 1}, "author": author},
        },
        "Change": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "status": {
                    "type": "string",
                    "enum": list(SETTABLE),
                    "description": "the desk action reaching it (docs/api.md)",
                },
                "hold_until": {
                    "type": "string",
                    "format": "date",
                    "description": "with status on_hold (required)",
                },
                "tracking": {
                    "type": "string",
                    "maxLength": MAX_TRACKING,
                    "description": "with status shipping: a note for the customer",
                },
                "duplicate_of": {
                    "type": "integer",
                    "description": "with status duplicate (required): the ticket to keep",
                },
                "priority": {"type": "string"},
                "assignee": {
                    "type": ["string", "null"],
                    "description": "reassigns the ticket to this person; null unassigns it",
                },
                "author": author,
            },
        },
        "Author": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"author": author},
        },
        "Merge": {
            "type": "object",
            "required": ["into"],
            "properties": {"into": {"type": "integer"}, "author": author},
        },
        **_incident_schemas(),
        "Delivery": {
            "type": "object",
            "properties": {
                "id": {"type": "string"},
                "endpoint": {"type": "string"},
                "webhook_id": {"type": "string"},
                "event": {"type": "string", "enum": list(WEBHOOK_EVENTS)},
                "ticket_number": {"type": ["integer", "null"]},
                "status": {"type": "string"},
                "attempts": {"type": "integer"},
                "created_at": {"type": ["string", "null"], "format": "date-time"},
                "next_attempt_at": {"type": ["string", "null"], "format": "date-time"},
                "last_error": {"type": "string"},
                "response": {"type": "string"},
                "payload": {"type": "object"},
            },
        },
    }


def _list_params() -> list[dict[str, Any]]:
    statuses = ["open", *(s.value for s in TicketStatus)]
    return [
        _query("status", _many(statuses), "any of (repeat or comma-separate); open = not closed"),
        _query("priority", _many(), "any of the plan's priority ids"),
        _query("channel", _many(), "any of sms, email, telegram, webchat, ..."),
        _query("created_after", TIME, "created at or after (ISO 8601; a date is midnight UTC)"),
        _query("created_before", TIME, "created before"),
        _query("updated_after", TIME, "last changed at or after"),
        _query("updated_before", TIME, "last changed before"),
        _query("breached", {"type": "boolean"}, "an SLA clock ran out"),
        _query(
            "csat",
            {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": 5}},
            "any of these satisfaction scores (repeat or comma-separate): csat=1,2 for the unhappy",
        ),
        _query("assignee", {"type": "string"}, "the owner's desk id or name"),
        _query("incident", {"type": "integer"}, "the tickets linked to this incident"),
        _query(
            "q",
            {"type": "string"},
            "full text: every word (or word start) in the summary, fields, comments or notes",
        ),
        _query(
            "sort",
            {"type": "string", "enum": list(SORTS), "default": "-created"},
            "- = newest first",
        ),
        _query("cursor", {"type": "string"}, "next_cursor of the page before"),
        _query(
            "limit",
            {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 50},
            "page size",
        ),
    ]


def document() -> dict[str, Any]:
    read, write = "tickets:read", "tickets:write"
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "supportbot ticket API",
            "version": "1.0.0",
            "description": "Tickets, their conversations, webhook deliveries (docs/api.md)"
            " and outage incidents (docs/outage.md).",
        },
        "components": {
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "a named API token; scopes: " + ", ".join(API_SCOPES),
                }
            },
            "schemas": {**_schemas(), **openapi_maintenance.schemas(), **contact_schemas()},
        },
        "paths": {
            "/api/openapi.json": {
                "get": {
                    "summary": "This document",
                    "security": [],
                    "responses": {
                        "200": _json({"type": "object"}, "The OpenAPI document"),
                        **_problems(400),
                    },
                }
            },
            "/api/tickets": {
                "get": _op(
                    "List tickets",
                    read,
                    {"200": _json(_ref("TicketPage"), "A page"), **_problems(400, 401, 403)},
                    parameters=_list_params(),
                )
            },
            "/api/tickets/export": {
                "get": _op(
                    "Export tickets created since a date, oldest first",
                    read,
                    {
                        "200": {
                            "description": "JSON lines or CSV",
                            "content": {
                                "application/jsonl": {"schema": {"type": "string"}},
                                "text/csv": {"schema": {"type": "string"}},
                            },
                        },
                        **_problems(400, 401, 403),
                    },
                    parameters=[
                        _query("since", TIME, "created at or after"),
                        _query(
                            "format",
                            {"type": "string", "enum": list(FORMATS)},
                            "jsonl (default) or csv",
                        ),
                    ],
                )
            },
            "/api/tickets/{number}": {
                "parameters": [NUMBER],
                "get": _op(
                    "A ticket with its transcript",
                    read,
                    {
                        "200": _json(_ref("TicketDetail"), "The ticket"),
                        **_problems(400, 401, 403, 404),
                    },
                ),
                "patch": _op(
                    "Change status, priority or assignee (each the desk's own action)",
                    write,
                    {
                        "200": _json(_ref("ActionResult"), "Changed"),
                        **_problems(400, 401, 403, 404, 409),
                    },
                    requestBody=_body(_ref("Change")),
                ),
            },
            "/api/tickets/{number}/replies": {
                "parameters": [NUMBER],
                "post": _op(
                    "A public reply, sent to the customer on their channel",
                    write,
                    {
                        "201": _json(_ref("ActionResult"), "Queued for the customer"),
                        **_problems(400, 401, 403, 404, 409),
                    },
                    requestBody=_body(_ref("Text")),
                ),
            },
            "/api/tickets/{number}/notes": {
                "parameters": [NUMBER],
                "post": _op(
                    "An internal note (the customer never sees it)",
                    write,
                    {
                        "201": _json(_ref("ActionResult"), "Noted"),
                        **_problems(400, 401, 403, 404, 409),
                    },
                    requestBody=_body(_ref("Text")),
                ),
            },
            "/api/tickets/{number}/merge": {
                "parameters": [NUMBER],
                "post": _op(
                    "Close the ticket as a duplicate of another",
                    write,
                    {
                        "200": _json(_ref("ActionResult"), "Merged"),
                        **_problems(400, 401, 403, 404, 409),
                    },
                    requestBody=_body(_ref("Merge")),
                ),
            },
            "/api/tickets/{number}/escalate": {
                "parameters": [NUMBER],
                "post": _op(
                    "One level up the plan's escalation ladder; its people are told",
                    write,
                    {
                        "200": _json(_ref("ActionResult"), "Escalated"),
                        **_problems(400, 401, 403, 404, 409),
                    },
                    requestBody={"required": False, "content": {JSON: {"schema": _ref("Author")}}},
                ),
            },
            **contact_paths(read, "contacts:write"),
            "/api/webhooks/deliveries": {
                "get": _op(
                    "The webhook delivery log, newest first",
                    read,
                    {
                        "200": _json(
                            {
                                "type": "object",
                                "properties": {
                                    "deliveries": {"type": "array", "items": _ref("Delivery")}
                                },
                            },
                            "Deliveries",
                        ),
                        **_problems(400, 401, 403),
                    },
                    parameters=[
                        _query("endpoint", _many(), "configured webhook names"),
                        _query("status", _many(), "pending, sending, delivered, failed"),
                        _query("event", _many(list(WEBHOOK_EVENTS)), "event types"),
                        _query(
                            "limit", {"type": "integer", "minimum": 1, "maximum": 500}, "at most"
                        ),
                    ],
                )
            },
            "/api/webhooks/deliveries/{id}/replay": {
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "post": _op(
                    "Deliver again (same payload, same webhook-id)",
                    write,
                    {"202": _json(_ref("Delivery"), "Queued"), **_problems(401, 403, 404, 409)},
                ),
            },
            **openapi_maintenance.paths("tickets:read", "incidents:write"),
            **_incident_paths(),
        },
    }
