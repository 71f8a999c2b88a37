"""What staff do with maintenance windows (the API, `api/maintenance.py`): schedule one,
list what is coming, call one off. A plan window can be called off too (its id is
"<rule>-<local date>"): the cancellation is stored and replaces the computed window."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Final

from bot.maintenance.notices import MaintenanceNotices
from bot.maintenance.windows import MaintenanceCalendar
from bot.plan.policy import Policy
from bot.store.protocol import MaintenanceWindows, VersionConflict
from domain.maintenance import MaintenanceWindow

LIST_AHEAD: Final = timedelta(days=92)  # GET /api/maintenance: the next three months
LONGEST: Final = timedelta(days=2)
STAFF_NOTICES: Final = ("7d", "start", "end")  # the plan's words for unscheduled work


class NotFound(LookupError):
    pass


class Refused(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class NewWindow:
    title: dict[str, str]
    starts_at: datetime
    ends_at: datetime
    summary: dict[str, str]
    reason: dict[str, str]
    products: tuple[str, ...]
    services: tuple[str, ...]
    keywords: tuple[str, ...]


class MaintenanceDesk:
    def __init__(
        self,
        *,
        store: MaintenanceWindows,
        policy: Policy,
        calendar: MaintenanceCalendar,
        notices: MaintenanceNotices,
        clock: Callable[[], datetime],
    ) -> None:
        self.store = store
        self.policy = policy
        self.calendar = calendar
        self.notices = notices
        self.clock = clock

    async def create(self, spec: NewWindow) -> MaintenanceWindow:
        now = self.clock()
        if spec.ends_at <= spec.starts_at:
            raise Refused("ends_at must be after starts_at")
        if spec.ends_at <= now:
            raise Refused("the window is already over")
        if spec.ends_at - spec.starts_at > LONGEST:
            raise Refused(f"a window lasts at most {LONGEST.days} days")
        window = MaintenanceWindow(
            id=str(await self.store.next_maintenance_id()),
            starts_at=spec.starts_at.astimezone(UTC),  # shown and stored in UTC
            ends_at=spec.ends_at.astimezone(UTC),
            title=spec.title,
            summary=spec.summary,
            reason=spec.reason,
            products=spec.products,
            services=spec.services,
            keywords=spec.keywords,
            notices=STAFF_NOTICES,
            zone=self.policy.plan.timezone,
            origin="api",
            created_at=now,
        )
        await self.store.save_maintenance(window)
        await self.notices.scheduled(window)
        return window

    async def upcoming(self) -> list[MaintenanceWindow]:
        """Running and coming windows (the next three months), not called off."""
        now = self.clock()
        return [w for w in await self.calendar.between(now, now + LIST_AHEAD) if not w.cancelled]

    async def get(self, window_id: str) -> MaintenanceWindow:
        window = await self.calendar.get(window_id)
        if window is None:
            raise NotFound(f"no maintenance window {window_id}")
        return window

    async def cancel(self, window_id: str) -> tuple[MaintenanceWindow, bool]:
        """(the window called off, whether subscribers are told: a notice of it was due)."""
        now = self.clock()
        stored = await self.store.get_maintenance(window_id)
        window = stored or self.calendar.planned(window_id)
        if window is None:
            raise NotFound(f"no maintenance window {window_id}")
        if window.cancelled:
            raise Refused(f"maintenance window {window_id} is already cancelled")
        if window.ends_at <= now:
            raise Refused(f"maintenance window {window_id} is already over")
        version = window.version + 1 if stored is not None else 1
        gone = replace(window, cancelled_at=now, version=version)
        try:
            await self.store.save_maintenance(gone)
        except VersionConflict:
            raise Refused(f"maintenance window {window_id} changed meanwhile; try again") from None
        tell = window.announced(now)
        await self.notices.cancelled(gone, tell=tell)
        return gone, tell
