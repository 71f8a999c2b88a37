"""The SQLite store's rate-limit role (`bot.store.rates`), mixed into `SqliteStore`: one
row per take in `rate_log`, times in milliseconds; each take first deletes the rows whose
window has passed (`expires`, indexed), so the table holds only live windows."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from bot.store.records import require_aware
from bot.store.sqlite import sql

T = TypeVar("T")


class SqliteRates:
    if TYPE_CHECKING:  # SqliteStore's own

        async def _call(self, fn: Callable[..., T], *args: Any) -> T: ...

    async def take_rate(
        self, key: str, *, now: datetime, limit: int, window: timedelta, take: bool = True
    ) -> float:
        at = int(require_aware(now).timestamp() * 1000)
        span = max(1, int(window.total_seconds() * 1000))
        wait = await self._call(sql.transaction, _take, key, at, limit, span, take)
        return wait / 1000


def _take(conn: sqlite3.Connection, key: str, at: int, limit: int, span: int, take: bool) -> int:
    conn.execute("DELETE FROM rate_log WHERE expires <= ?", (at,))
    count, oldest = conn.execute(
        "SELECT COUNT(*), MIN(at) FROM rate_log WHERE key = ? AND at > ?", (key, at - span)
    ).fetchone()
    if count < limit:
        if take:
            conn.execute(
                "INSERT INTO rate_log (key, at, expires) VALUES (?, ?, ?)", (key, at, at + span)
            )
        return 0
    return int(oldest) + span - at
