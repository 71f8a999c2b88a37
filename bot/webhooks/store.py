"""The store every part of the app is given when webhooks are configured: the real
one, whose `commit` also enqueues the commit's webhook deliveries in the same commit
(so a crash cannot keep the change and lose its event, or the reverse)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any, cast

from bot.store.protocol import Store, TurnCommit
from bot.webhooks.events import Endpoint, deliveries, events_of
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


def with_webhooks(store: Store, endpoints: Sequence[Endpoint]) -> Store:
    return cast(Store, WebhookStore(store, endpoints)) if endpoints else store
