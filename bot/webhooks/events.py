"""Which webhook events a commit makes, and the outbox items that carry them.

Derived from the commit itself and the tickets as stored before it, so every writer
(a customer's turn, an agent's action in Slack or through the API, a timer, the
dispatcher noting a failure) emits the same events without knowing about webhooks:

    ticket.opened          a ticket the store did not have
    ticket.status_changed  a ticket whose status differs from the stored one
    ticket.breached        a ticket that gained an `sla_breached` event
    ticket.updated         any other change to a stored ticket
    message.received       a customer's line in the commit's transcript
    csat.received          a ticket whose satisfaction score arrived (or changed), or whose
                           comment did; sent besides ticket.updated

and, from an incident's save (`incident_events`): `incident.opened` for a new incident,
`incident.updated` for a new update, a resolution or a change of what it says or
matches (a subscriber joining or leaving is no event: addresses are not published).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final

from bot.store.records import OutboxItem, TurnCommit, dumps
from bot.store.search import BREACH_EVENT
from domain.incident import Incident
from domain.types import Address, Outbound, Ticket

CHANNEL: Final = "webhook"  # the outbox address channel of a delivery
KIND: Final = "webhook"


@dataclass(frozen=True, slots=True)
class Endpoint:
    name: str
    url: str
    secret: str = field(repr=False)  # whsec_<base64>: never in a repr or a log line
    events: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Event:
    type: str
    ticket: int | None
    data: dict[str, Any]


def public_ticket(ticket: Ticket) -> dict[str, Any]:
    data = ticket.to_json()
    data["customer"] = data.pop("address")
    return data


def csat_answer(old: Ticket, new: Ticket) -> dict[str, Any] | None:
    """The satisfaction answer `new` has and `old` had not (a score, a changed score, a
    comment), as the event carries it with the ticket's priority; None if nothing came."""
    got = new.csat
    if got is None or got.score is None:
        return None
    had = old.csat
    if had is not None and (had.score, had.comment) == (got.score, got.comment):
        return None
    return {**got.to_json(), "priority": new.priority}


def events_of(turn: TurnCommit, before: Mapping[int, Ticket | None]) -> list[Event]:
    out: list[Event] = []
    for t in turn.tickets:
        old = before.get(t.number)
        body = {"ticket": public_ticket(t)}
        if old is None:
            out.append(Event("ticket.opened", t.number, body))
            continue
        if old.status != t.status:
            status = {"from": old.status.value, "to": t.status.value}
            out.append(Event("ticket.status_changed", t.number, {**body, "status": status}))
        had = sum(1 for e in old.events if e.kind == BREACH_EVENT)
        breaches = [e for e in t.events if e.kind == BREACH_EVENT][had:]
        for e in breaches:
            out.append(Event("ticket.breached", t.number, {**body, "clock": e.detail}))
        answer = csat_answer(old, t)
        if answer is not None:
            out.append(Event("csat.received", t.number, {**body, "csat": answer}))
        changed = replace(old, updated_at=None) != replace(t, updated_at=None)
        if old.status == t.status and not breaches and changed:
            out.append(Event("ticket.updated", t.number, body))
    conv = turn.conversation
    for line in turn.transcript:
        if line.who != "customer":
            continue
        number = conv.ticket_number if conv is not None else None
        message = {
            "conversation_id": line.conversation_id,
            "channel": conv.address.channel if conv is not None else "",
            "customer": str(conv.address) if conv is not None else "",
            "ticket_number": number,
            "at": line.at.isoformat(),
            "text": line.text,
        }
        out.append(Event("message.received", number, {"message": message}))
    return out


def public_incident(incident: Incident) -> dict[str, Any]:
    data = incident.to_json()
    data.pop("version", None)
    data["subscribers"] = len(incident.subscribers)  # a count: addresses are personal data
    return data


def incident_events(before: Incident | None, after: Incident) -> list[Event]:
    body: dict[str, Any] = {"incident": public_incident(after)}
    if before is None:
        return [Event("incident.opened", None, body)]
    if replace(before, subscribers=(), version=0, updated_at=None) == replace(
        after, subscribers=(), version=0, updated_at=None
    ):
        return []  # only its subscribers changed
    if len(after.updates) > len(before.updates) and after.latest is not None:
        body["update"] = after.latest.to_json()
    return [Event("incident.updated", None, body)]


def deliveries(
    turn: TurnCommit, events: Sequence[Event], endpoints: Sequence[Endpoint]
) -> tuple[OutboxItem, ...]:
    """One outbox item per event and subscribed endpoint. The payload and its
    `webhook-id` (the receiver's idempotency key) are fixed here, at commit time:
    retries and replays send the very same bytes under the same id."""
    items: list[OutboxItem] = []
    for event in events:
        for endpoint in endpoints:
            if event.type not in endpoint.events:
                continue
            webhook_id = "msg_" + uuid.uuid4().hex
            payload = {"type": event.type, "timestamp": turn.at.isoformat(), "data": event.data}
            meta = {"webhook_id": webhook_id, "event": event.type}
            if event.ticket is not None:
                meta["ticket"] = str(event.ticket)
            message = Outbound(
                address=Address(CHANNEL, endpoint.name),
                text=dumps(payload),
                kind=KIND,
                meta=meta,
            )  # no ticket_number: a failed delivery is the integration's, not the ticket's
            items.append(
                OutboxItem(
                    id=uuid.uuid4().hex, outbound=message, created_at=turn.at, not_before=turn.at
                )
            )
    return tuple(items)
