"""Which webhook events a commit makes, from the commit and the tickets stored before it."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

from bot.store.protocol import TranscriptLine, TurnCommit
from bot.webhooks.events import CHANNEL, Endpoint, deliveries, events_of
from domain.types import TicketEvent, TicketStatus
from tests.factories import T0, make_conversation, make_ticket

LATER = T0 + timedelta(minutes=5)


def _types(turn: TurnCommit, before: dict) -> list[str]:  # type: ignore[type-arg]
    return [e.type for e in events_of(turn, before)]


def test_a_new_ticket_is_opened_and_a_changed_one_updated_or_status_changed() -> None:
    t = make_ticket()
    assert _types(TurnCommit(at=T0, tickets=(t,)), {t.number: None}) == ["ticket.opened"]
    noted = t.with_event(TicketEvent(LATER, "note", "x", by="agent:a"))
    assert _types(TurnCommit(at=LATER, tickets=(noted,)), {t.number: t}) == ["ticket.updated"]
    moved = replace(t, status=TicketStatus.IN_PROGRESS)
    assert _types(TurnCommit(at=LATER, tickets=(moved,)), {t.number: t}) == [
        "ticket.status_changed"
    ]
    touched = replace(t, updated_at=LATER)  # only the stamp: nothing happened
    assert _types(TurnCommit(at=LATER, tickets=(touched,)), {t.number: t}) == []


def test_a_breach_event_is_a_breached_event_once() -> None:
    t = make_ticket()
    breach = TicketEvent(LATER, "sla_breached", "first_response", by="system")
    once = t.with_event(breach)
    assert _types(TurnCommit(at=LATER, tickets=(once,)), {t.number: t}) == ["ticket.breached"]
    again = once.with_event(TicketEvent(LATER, "note", "x"))
    assert _types(TurnCommit(at=LATER, tickets=(again,)), {t.number: once}) == ["ticket.updated"]


def test_customer_lines_are_messages_received_and_bot_lines_are_not() -> None:
    conv = make_conversation(ticket_number=10001)
    turn = TurnCommit(
        at=T0,
        conversation=conv,
        transcript=(
            TranscriptLine(conv.id, T0, "customer", "no dial tone"),
            TranscriptLine(conv.id, T0, "bot", "Sorry about that"),
        ),
    )
    (event,) = events_of(turn, {})
    assert event.type == "message.received" and event.ticket == 10001
    assert event.data["message"]["text"] == "no dial tone"


def test_deliveries_go_only_to_subscribed_endpoints_with_a_fixed_id() -> None:
    t = make_ticket()
    turn = TurnCommit(at=T0, tickets=(t,))
    endpoints = [
        Endpoint("crm", "https://crm", "whsec_x", frozenset({"ticket.opened"})),
        Endpoint("noc", "https://noc", "whsec_y", frozenset({"ticket.breached"})),
    ]
    (item,) = deliveries(turn, events_of(turn, {t.number: None}), endpoints)
    assert item.outbound.address.channel == CHANNEL and item.outbound.address.id == "crm"
    assert item.outbound.meta["webhook_id"].startswith("msg_")
    assert item.outbound.ticket_number is None  # a failed delivery is not noted on the ticket
    body = json.loads(item.outbound.text)
    assert body["type"] == "ticket.opened" and body["data"]["ticket"]["number"] == t.number
