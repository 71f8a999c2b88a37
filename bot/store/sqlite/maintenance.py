"""The SQLite store's maintenance role (`bot.store.maintenance`), mixed into `SqliteStore`."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from bot.store.records import dumps, require_aware
from bot.store.sqlite import sql
from domain.maintenance import MaintenanceWindow

T = TypeVar("T")
_COUNTER = "maintenance"


class SqliteMaintenance:
    if TYPE_CHECKING:  # SqliteStore's own

        async def _read(self, fn: Callable[..., T], *args: Any) -> T: ...
        async def _call(self, fn: Callable[..., T], *args: Any) -> T: ...

    async def next_maintenance_id(self) -> int:
        return await self._call(sql.transaction, _next_id)

    async def save_maintenance(self, window: MaintenanceWindow) -> None:
        if window.version < 1:
            raise ValueError(f"maintenance {window.id}: a save needs version >= 1")
        require_aware(window.starts_at)
        require_aware(window.ends_at)
        await self._call(sql.transaction, _save, window)

    async def get_maintenance(self, window_id: str) -> MaintenanceWindow | None:
        return await self._read(_get, window_id)

    async def list_maintenance(
        self, *, ending_after: datetime, limit: int = 100
    ) -> list[MaintenanceWindow]:
        return await self._read(_list, _key(require_aware(ending_after)), limit)


def _key(at: datetime) -> str:
    """A UTC instant as text that sorts as time does."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")


def _next_id(conn: sqlite3.Connection) -> int:
    conn.execute("INSERT OR IGNORE INTO counters (name, value) VALUES (?, 0)", (_COUNTER,))
    row = conn.execute(
        "UPDATE counters SET value = value + 1 WHERE name = ? RETURNING value", (_COUNTER,)
    ).fetchone()
    return int(row[0])


def _save(conn: sqlite3.Connection, window: MaintenanceWindow) -> None:
    data = dumps(window.to_json())
    starts, ends = _key(window.starts_at), _key(window.ends_at)
    if window.version == 1:
        written = conn.execute(
            "INSERT OR IGNORE INTO maintenance (id, version, starts_at, ends_at, json)"
            " VALUES (?, 1, ?, ?, ?)",
            (window.id, starts, ends, data),
        ).rowcount
    else:
        written = conn.execute(
            "UPDATE maintenance SET version = ?, starts_at = ?, ends_at = ?, json = ?"
            " WHERE id = ? AND version = ?",
            (window.version, starts, ends, data, window.id, window.version - 1),
        ).rowcount
    if written == 0:
        sql.refuse_stale(conn, "maintenance", "maintenance", window.id, window.version)


def _get(conn: sqlite3.Connection, window_id: str) -> MaintenanceWindow | None:
    row = conn.execute("SELECT json FROM maintenance WHERE id = ?", (window_id,)).fetchone()
    return MaintenanceWindow.from_json(json.loads(row[0])) if row else None


def _list(conn: sqlite3.Connection, after: str, limit: int) -> list[MaintenanceWindow]:
    rows = conn.execute(
        "SELECT json FROM maintenance WHERE ends_at > ? ORDER BY starts_at, id LIMIT ?",
        (after, max(0, limit)),
    ).fetchall()
    return [MaintenanceWindow.from_json(json.loads(r[0])) for r in rows]
