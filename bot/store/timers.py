"""Timers: SLA re-pings and breaches, update reminders, auto-closes, hold ends.
A turn's commit sets and cancels them; a timer loop claims the due ones."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Protocol

from bot.store.records import Timer
from bot.store.turns import Turns


class Timers(Turns, Protocol):
    async def claim_due_timers(
        self, *, now: datetime, limit: int = 100, kinds: Collection[str] | None = None
    ) -> list[Timer]:
        """Up to `limit` timers due at `now`, earliest first (then by key), each
        removed as it is returned, so of several claimers exactly one gets it.
        With `kinds`, only timers of those kinds are claimed (none if it is empty);
        the others stay as they are, for a loop that handles them."""
        ...
