"""Every maintenance window, wherever it comes from: the plan's rules computed for the
dates asked about, and the store's records (staff's windows, and plan windows called
off, which replace the computed ones of the same id)."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Final

from bot.plan.policy import Policy
from bot.store.maintenance import MaintenanceWindows
from domain.maintenance import MaintenanceWindow

CACHE_SECONDS: Final = 1.0  # intake asks on every first message; windows change rarely
LONGEST: Final = timedelta(days=2)  # no window runs longer: a stored one may start this early
_PLAN_ID: Final = re.compile(r"^([a-z][a-z0-9_]*)-(\d{4}-\d{2}-\d{2})$")


class MaintenanceCalendar:
    def __init__(
        self,
        *,
        store: MaintenanceWindows,
        policy: Policy,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.policy = policy
        self.monotonic = monotonic
        self._held: tuple[float, datetime, list[MaintenanceWindow]] | None = None
        self._generation = 0  # forget() while a read is under way: that read is not kept
        self._loading: asyncio.Future[tuple[float, datetime, list[MaintenanceWindow]]] | None = None

    async def between(self, after: datetime, until: datetime) -> list[MaintenanceWindow]:
        """The windows that end after `after` and start before `until` (cancelled ones
        too), by start time."""
        zone = self.policy.plan.timezone
        found = {w.id: w for r in self.policy.maintenance for w in r.windows(zone, after, until)}
        for stored in await self.store.list_maintenance(ending_after=after, limit=1000):
            if stored.starts_at < until:
                found[stored.id] = stored
            else:
                found.pop(stored.id, None)  # a plan window called off stays off
        return sorted(found.values(), key=lambda w: (w.starts_at, w.id))

    async def get(self, window_id: str) -> MaintenanceWindow | None:
        """A stored window, or the plan's window of that id ("monthly-2026-12-18")."""
        stored = await self.store.get_maintenance(window_id)
        if stored is not None:
            return stored
        return self.planned(window_id)

    def planned(self, window_id: str) -> MaintenanceWindow | None:
        match = _PLAN_ID.match(window_id)
        if match is None:
            return None
        rule = next((r for r in self.policy.maintenance if r.id == match.group(1)), None)
        try:
            day = date.fromisoformat(match.group(2))
        except ValueError:
            return None
        if rule is None:
            return None
        start, _ = rule.recurrence(self.policy.plan.timezone).span(day)
        windows = rule.windows(self.policy.plan.timezone, start, start + timedelta(seconds=1))
        return next((w for w in windows if w.id == window_id), None)

    async def running(self, now: datetime) -> tuple[MaintenanceWindow, ...]:
        """The windows under way at `now`, not called off; read at most once a second
        (another worker's new window is seen within it)."""
        held = self._held
        stale = held is None or self.monotonic() - held[0] > CACHE_SECONDS
        if held is None or stale or abs(now - held[1]) > LONGEST / 2:  # a clock set far on
            # one read for every turn that asks meanwhile (a storm's turns all find it stale)
            if self._loading is None:
                self._loading = asyncio.ensure_future(self._load(now))
            held = await asyncio.shield(self._loading)
        return tuple(w for w in held[2] if w.running(now))

    async def _load(self, now: datetime) -> tuple[float, datetime, list[MaintenanceWindow]]:
        generation = self._generation
        try:
            windows = await self.between(now - LONGEST, now + LONGEST)
        finally:
            self._loading = None
        held = (self.monotonic(), now, windows)
        if generation == self._generation:  # not forgotten meanwhile: kept for the second
            self._held = held
        return held

    def forget(self) -> None:
        """A window changed here: the next read goes to the store."""
        self._held = None
        self._generation += 1
