"""Rate limits shared by every worker: a sliding log per key. At most `limit` takes of a
key fall in any `window`, wherever the window starts, so a burst at the edge of a clock
window cannot pass twice the limit as a fixed-window count lets it (the subscription
limits, bot/incidents/request_limits.py)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol


class RateLimits(Protocol):
    async def take_rate(
        self, key: str, *, now: datetime, limit: int, window: timedelta, take: bool = True
    ) -> float:
        """Atomically: when fewer than `limit` takes of `key` fall in (now - window, now],
        record one at `now` (unless `take` is False: a look) and return 0; otherwise take
        nothing and return the seconds until the oldest of them leaves the window, when the
        next take would pass. Takes older than the window are forgotten."""
        ...
