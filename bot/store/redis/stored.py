"""The conversation's and the ticket's stored JSON, as a turn's COMMIT writes them.

The text is exactly what `dumps` writes of the records' `to_json` (the conversation's with
its empty values left out, `_compact`; the ticket's without its five seldom fields when
empty), but built in one step: the datetimes are handed to orjson as they are, which writes
`isoformat()`'s text in C (domain.datetext), instead of spelling each through `iso` first,
and the nested dicts are not copied. A storm turn writes one of each; their `to_json`, the
compacting and the datetimes' text were about a third of `turn_payload`.

Where orjson's text of a datetime could differ from `isoformat()`'s (a subclass, a zone
whose offset has seconds, a tzinfo without an offset) or orjson refuses a value (an integer
beyond 64 bits, a lone surrogate, a key that is not a string), the record is written the
old way: the same text either way (tests/bot/store/test_redis_stored.py).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Final

import orjson

from bot.store.records import dumps
from domain.types import Conversation, Outbound, Ticket

_orjson: Final = orjson.dumps
_EMPTY: Final[tuple[object, ...]] = (None, "", [], {})


def compact(data: dict[str, Any]) -> dict[str, Any]:
    """Drop empty values: every `from_json` reads a missing key as its empty default."""
    # `v or`: most values are not empty, and a true value is none of the four
    return {k: v for k, v in data.items() if v or v not in _EMPTY}


def native(value: datetime | None) -> bool:
    """orjson writes `value.isoformat()`'s text for it (None: null, as `_iso` writes)."""
    if value is None:
        return True
    if value.__class__ is not datetime:
        return False
    tz = value.tzinfo
    if tz is UTC or tz is None:
        return True
    offset = value.utcoffset()
    return offset is not None and not (offset.seconds % 60 or offset.microseconds)


def conversation_json(conv: Conversation) -> str:
    """`dumps(compact(conv.to_json()))`: every value but the empty ones (None, "", [], {})."""
    created, updated, burst = conv.created_at, conv.updated_at, conv.burst_start
    if native(created) and native(updated) and native(burst):
        data: dict[str, Any] = {"id": conv.id, "address": str(conv.address)}
        if conv.state:
            data["state"] = conv.state
        if conv.lang:
            data["lang"] = conv.lang
        if conv.fields:
            data["fields"] = conv.fields
        if conv.pending:
            data["pending"] = conv.pending
        if conv.skipped:
            data["skipped"] = conv.skipped
        if conv.ticket_number is not None:
            data["ticket_number"] = conv.ticket_number
        data["mode"] = conv.mode._value_
        if conv.assessment:
            data["assessment"] = conv.assessment
        if conv.attachments:
            data["attachments"] = [a.to_json() for a in conv.attachments]
        data["version"] = conv.version
        data["turns"] = conv.turns
        if created is not None:
            data["created_at"] = created
        if updated is not None:
            data["updated_at"] = updated
        if burst is not None:
            data["burst_start"] = burst
        data["burst_turns"] = conv.burst_turns
        try:
            return _orjson(data).decode()
        except TypeError:  # orjson.JSONEncodeError is one
            pass
    return dumps(compact(conv.to_json()))


def ticket_json(t: Ticket) -> str:
    """`dumps` of the ticket's `to_json` without `attachments`, `needs_review`,
    `human_requested`, `linked_to`, `csat` when empty (`Ticket.from_json` reads them missing
    as empty)."""
    events = t.events
    if (
        t.created_at is not None
        and native(t.created_at)
        and native(t.first_response_due)
        and native(t.next_update_due)
        and native(t.updated_at)
        and all(native(e.at) for e in events)
    ):
        data: dict[str, Any] = {
            "number": t.number,
            "status": t.status._value_,
            "priority": t.priority,
            "channel": t.channel,
            "address": str(t.address),
            "lang": t.lang,
            "created_at": t.created_at,
            "first_response_due": t.first_response_due,
            "next_update_due": t.next_update_due,
            "fields": t.fields,
            "summary": t.summary,
            "events": [
                {"at": e.at, "kind": e.kind, "detail": e.detail, "by": e.by} for e in events
            ],
        }
        if t.attachments:
            data["attachments"] = [a.to_json() for a in t.attachments]
        data["conversation_id"] = t.conversation_id
        data["assessment"] = t.assessment
        if t.needs_review:
            data["needs_review"] = t.needs_review
        if t.human_requested:
            data["human_requested"] = t.human_requested
        if t.linked_to is not None:
            data["linked_to"] = t.linked_to
        data["updated_at"] = t.updated_at
        if t.csat is not None:
            data["csat"] = t.csat.to_json()
        try:
            return _orjson(data).decode()
        except TypeError:
            pass
    return dumps(ticket_dict(t))


def ticket_dict(t: Ticket) -> dict[str, Any]:
    """The ticket's stored JSON as a dict: `to_json` without the five seldom fields when
    empty. A record of an older worker, with them all, reads the same."""
    data = t.to_json()
    if not data["attachments"]:
        del data["attachments"]
    if not data["needs_review"]:
        del data["needs_review"]
    if not data["human_requested"]:
        del data["human_requested"]
    if data["linked_to"] is None:
        del data["linked_to"]
    if data["csat"] is None:
        del data["csat"]
    return data


def outbound_json(msg: Outbound) -> str:
    """`dumps(compact(outbound_to_json(msg)))`: an outbox record's message, its empty values
    left out."""
    data: dict[str, Any] = {"address": str(msg.address)}
    if msg.text:
        data["text"] = msg.text
    if msg.choices:
        data["choices"] = [[c.value, c.label] for c in msg.choices]
    if msg.ticket_number is not None:
        data["ticket_number"] = msg.ticket_number
    if msg.kind:
        data["kind"] = msg.kind
    if msg.thread:
        data["thread"] = msg.thread
    if msg.meta:
        data["meta"] = dict(msg.meta)
    if msg.attachments:
        data["attachments"] = [a.to_json() for a in msg.attachments]
    return dumps(data)
