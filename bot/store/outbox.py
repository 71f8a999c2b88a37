"""The outbox: what the bot owes customers and agents, claimed and sent by the
dispatcher. Items enter it with a turn's commit; delivery is at least once."""

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
        Delivery is at least once: a dispatcher that outlives its lease may send
        an item the next claimer sends too; keep the lease above the longest send."""
        ...

    async def finish_outbox(
        self, item_id: str, *, status: str, provider_id: str = "", error: str = ""
    ) -> None:
        """Record the item's outcome (also later ones: a delivery receipt); a finished
        item is never claimed again. Raises KeyError for an unknown item."""
        ...

    async def retry_outbox(
        self, item_id: str, *, not_before: datetime, attempts: int, error: str
    ) -> None:
        """Back to pending, claimable from `not_before`. A retry that comes after the
        item was finished changes nothing. Raises KeyError for an unknown item."""
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
