"""The store every part of the app is given when webhooks are configured: the real
one, whose `commit` also enqueues the commit's webhook deliveries in the same commit
(so a crash cannot keep the change and lose its event, or the reverse)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any, cast

from bot.store.protocol import Store, TurnCommit
from bot.webhooks.events import Endpoint, deliveries, events_of, incident_events
from domain.incident import Incident
from domain.types import Ticket


class WebhookStore:
    """Delegates everything to `inner`; `commit` adds the deliveries. Callers commit
    under the conversation's lock, so the tickets read here are the ones the commit
    replaces."""

    def __init__(self, inner: Store, endpoints: Sequence[Endpoint]) -> None:
        self.inner = inner
        self.endpoints = tuple(endpoints)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def commit(self, turn: TurnCommit) -> None:
        before: dict[int, Ticket | None] = {
            t.number: await self.inner.get_ticket(t.number) for t in turn.tickets
        }
        items = deliveries(turn, events_of(turn, before), self.endpoints)
        await self.inner.commit(replace(turn, outbox=turn.outbox + items) if items else turn)

    async def save_incident(self, incident: Incident) -> None:
        """Save, then enqueue its events: an incident is saved whole, outside a turn's
        commit, so its events follow in a commit of their own (a crash between the two
        loses the event, never the incident)."""
        before = await self.inner.get_incident(incident.id)
        await self.inner.save_incident(incident)
        at = incident.updated_at or incident.created_at
        turn = TurnCommit(at=at)
        items = deliveries(turn, incident_events(before, incident), self.endpoints)
        if items:
            await self.inner.commit(replace(turn, outbox=items))


def with_webhooks(store: Store, endpoints: Sequence[Endpoint]) -> Store:
    return cast(Store, WebhookStore(store, endpoints)) if endpoints else store
