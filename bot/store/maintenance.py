"""Maintenance windows staff scheduled (the API) and plan windows they changed (called
off): saved whole under a version like an incident, listed by time. A plan's recurring
windows are computed from the plan, not stored; a stored record with the same id (a
cancellation) wins over the computed one (`bot.maintenance.windows`)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from domain.maintenance import MaintenanceWindow


class MaintenanceWindows(Protocol):
    async def next_maintenance_id(self) -> int:
        """Strictly increasing from 1, never handed out twice (also across workers)."""
        ...

    async def save_maintenance(self, window: MaintenanceWindow) -> None:
        """Write `window` whole. Raises `VersionConflict` unless the stored version is
        `window.version - 1` (0 = must not exist), `ValueError` for a version below 1 or
        naive times."""
        ...

    async def get_maintenance(self, window_id: str) -> MaintenanceWindow | None: ...

    async def list_maintenance(
        self, *, ending_after: datetime, limit: int = 100
    ) -> list[MaintenanceWindow]:
        """The windows (cancelled ones too) that end after `ending_after`, by start time,
        then id; at most `limit`."""
        ...
