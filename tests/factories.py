"""Factories for domain values: sensible defaults, override any field by keyword."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

from domain.types import Address, Conversation, Outbound, Ticket, TicketStatus

T0 = datetime(2025, 3, 3, 14, 0, tzinfo=UTC)  # a Monday, 14:00 UTC
ADDRESS = Address("sms", "+14155550100")

_ids = itertools.count(1)


def make_conversation(**overrides: Any) -> Conversation:
    n = next(_ids)
    values: dict[str, Any] = {
        "id": f"conv-{n}",
        "address": ADDRESS,
        "version": 1,
        "created_at": T0,
        "updated_at": T0,
    }
    values.update(overrides)
    return Conversation(**values)


def make_ticket(**overrides: Any) -> Ticket:
    values: dict[str, Any] = {
        "number": 10001,
        "status": TicketStatus.NEW,
        "priority": "p3",
        "channel": ADDRESS.channel,
        "address": ADDRESS,
        "lang": "en",
        "created_at": T0,
        "first_response_due": T0 + timedelta(hours=1),
        "next_update_due": T0 + timedelta(hours=4),
    }
    values.update(overrides)
    if "channel" not in overrides:
        values["channel"] = values["address"].channel
    return Ticket(**values)


def make_outbound(**overrides: Any) -> Outbound:
    values: dict[str, Any] = {"address": ADDRESS, "text": "Thanks, we are on it."}
    values.update(overrides)
    return Outbound(**values)
