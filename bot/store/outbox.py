"""The outbox: what the bot owes customers and agents, claimed and sent by the
dispatcher. Items enter it with a turn's commit.

Sends are fenced: a claim hands each item out with a fresh `lease` token; the holder
calls `begin_send` right before the provider call (refused once another claim took the
item over, so a worker that hung past its lease does not send) and records the outcome
with the same token (refused likewise). What is left is the window between a provider
accepting a message and its outcome being recorded: a worker that dies there leaves an
item the next claimer sends again (docs/reliability.md measures it)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.store.records import OutboxItem
from domain.types import Address


class Outbox(Protocol):
    async def claim_outbox(self, *, now: datetime, limit: int = 50) -> list[OutboxItem]:
        """Up to `limit` PENDING items due at `now` (`not_before` unset or <= now), in
        commit order (a turn's items in their order; where a retry that came due
        re-enters the order is the backend's), returned `sending` and leased
        to the caller: no other claim returns them while the lease lasts. An item
        whose lease ran out unfinished (its dispatcher died) is claimable again.
        How lease time is measured is the backend's: SQLite against the `now`
        passed in, Redis on the server's clock (a stream entry's idle time), so
        the contract tests age leases through a per-backend `age_leases` hook.
        Each returned item carries a new `lease` token (see `begin_send`)."""
        ...

    async def begin_send(self, item_id: str, *, lease: str, now: datetime) -> bool:
        """The fence before a provider call, atomically: True when `lease` is still
        the item's claim (no later claim took it over, it is neither finished nor
        retried), and the lease is renewed from `now` for a whole lease, so the send
        has that long before anyone may take the item over. False: do not send."""
        ...

    async def finish_outbox(
        self,
        item_id: str,
        *,
        status: str,
        provider_id: str = "",
        error: str = "",
        lease: str | None = None,
    ) -> bool:
        """Record the item's outcome; a finished item is never claimed again. With
        `lease` (the dispatcher), only while that claim still holds the item: False,
        and nothing changes, once another claim took it over or it was finished.
        Without (a delivery receipt), any time. Raises KeyError for an unknown item."""
        ...

    async def retry_outbox(
        self,
        item_id: str,
        *,
        not_before: datetime,
        attempts: int,
        error: str,
        lease: str | None = None,
        provider_id: str = "",
    ) -> bool:
        """Back to pending, claimable from `not_before`; True when it was. A retry
        that comes after the item was finished, or (with `lease`) after another claim
        took it over, changes nothing. Raises KeyError for an unknown item.
        `provider_id` replaces the item's: on a pending item it is what the provider
        already has of it (the parts of a long SMS it accepted before a 429, and whether
        the last one's outcome is unknown: bot.engine.dispatch, Progress), so a retry
        sends only the rest; a later claim returns it."""
        ...

    async def get_outbox(self, item_id: str) -> OutboxItem | None: ...

    async def outbox_for(self, address: Address) -> list[OutboxItem]:
        """Every item (still kept) for the address, oldest first."""
        ...

    async def count_outbox(self, *, channel: str) -> int:
        """How many items for `channel` are still owed: pending (due or not) or
        sending. It reads every owed item of the outbox (SQLite: through the status
        index; Redis: the stream and the retry set, a page per script), so it is for
        start-up and occasional checks, not for every message."""
        ...
