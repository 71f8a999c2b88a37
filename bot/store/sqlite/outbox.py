"""The outbox's SQL behind `bot.store.sqlite.store` (the rest is in `bot.store.sqlite.sql`):
claims under a lease with a fence token, and the writes that token guards."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any, Final

from bot.store.records import OutboxItem, OutboxStatus, outbound_from_json
from bot.store.sqlite.sql import from_ts, ts
from domain.types import Address

OUTBOX_COLUMNS: Final = (
    "id, json, status, attempts, not_before, created_at, last_error, provider_id, sends"
)


def get_outbox(conn: sqlite3.Connection, item_id: str) -> OutboxItem | None:
    row = conn.execute(f"SELECT {OUTBOX_COLUMNS} FROM outbox WHERE id = ?", (item_id,)).fetchone()
    return _outbox_item(row) if row else None


def outbox_for(conn: sqlite3.Connection, address: Address) -> list[OutboxItem]:
    """Every item for the address, oldest first."""
    rows = conn.execute(
        f"SELECT {OUTBOX_COLUMNS} FROM outbox WHERE address = ? ORDER BY created_at, rowid",
        (str(address),),
    ).fetchall()
    return [_outbox_item(r) for r in rows]


def count_outbox(conn: sqlite3.Connection, channel: str) -> int:
    """Items for `channel` still owed (pending or sending), through the status index."""
    row = conn.execute(
        "SELECT COUNT(*) FROM outbox WHERE status IN (?, ?) AND address >= ? AND address < ?",
        (OutboxStatus.PENDING, OutboxStatus.SENDING, f"{channel}:", f"{channel};"),
    ).fetchone()
    return int(row[0])


def claim_outbox(
    conn: sqlite3.Connection, now: datetime, limit: int, lease: timedelta, token: str
) -> list[OutboxItem]:
    now_s = ts(now)
    rows = conn.execute(
        f"SELECT {OUTBOX_COLUMNS} FROM outbox"
        " WHERE (status = ? AND (not_before IS NULL OR not_before <= ?))"
        " OR (status = ? AND lease_until <= ?)"
        " ORDER BY created_at, rowid LIMIT ?",
        (OutboxStatus.PENDING, now_s, OutboxStatus.SENDING, now_s, limit),
    ).fetchall()
    if not rows:
        return []
    conn.executemany(
        "UPDATE outbox SET status = ?, lease_until = ?, lease_token = ? WHERE id = ?",
        [(OutboxStatus.SENDING, ts(now + lease), token, r[0]) for r in rows],
    )
    return [replace(_outbox_item(r), status=OutboxStatus.SENDING, lease=token) for r in rows]


def begin_send(
    conn: sqlite3.Connection, item_id: str, token: str, now: datetime, lease: timedelta
) -> int:
    """0: no such item; 1: still `token`'s, lease renewed; 2: taken over or done."""
    changed = conn.execute(
        "UPDATE outbox SET lease_until = ?, sends = sends + 1"
        " WHERE id = ? AND status = ? AND lease_token = ?",
        (ts(now + lease), item_id, OutboxStatus.SENDING, token),
    ).rowcount
    return 1 if changed else _exists(conn, item_id)


def finish_outbox(
    conn: sqlite3.Connection,
    item_id: str,
    status: str,
    provider_id: str,
    error: str,
    token: str | None,
) -> int:
    """0: no such item; 1: recorded; 2: `token` no longer holds it, left alone."""
    fence, args = _fence(token)
    changed = conn.execute(
        "UPDATE outbox SET status = ?, provider_id = ?, last_error = ?, lease_until = NULL,"
        f" lease_token = NULL WHERE id = ?{fence}",
        (status, provider_id, error, item_id, *args),
    ).rowcount
    return 1 if changed else _exists(conn, item_id)


def retry_outbox(
    conn: sqlite3.Connection,
    item_id: str,
    not_before: datetime,
    attempts: int,
    error: str,
    token: str | None,
    provider_id: str = "",
) -> int:
    """0: no such item; 1: pending again; 2: it was finished meanwhile (a late retry
    must not send a message that went out) or `token` no longer holds it: left alone."""
    fence, args = _fence(token)
    changed = conn.execute(
        "UPDATE outbox SET status = ?, not_before = ?, attempts = ?, last_error = ?,"
        " provider_id = ?, lease_until = NULL, lease_token = NULL"
        f" WHERE id = ? AND status IN (?, ?){fence}",
        (
            OutboxStatus.PENDING,
            ts(not_before),
            attempts,
            error,
            provider_id,
            item_id,
            OutboxStatus.PENDING,
            OutboxStatus.SENDING,
            *args,
        ),
    ).rowcount
    return 1 if changed else _exists(conn, item_id)


def _fence(token: str | None) -> tuple[str, tuple[str, ...]]:
    """The WHERE clause that holds a write to the claim `token` (None: anyone)."""
    if token is None:
        return "", ()
    return " AND status = ? AND lease_token = ?", (OutboxStatus.SENDING, token)


def _exists(conn: sqlite3.Connection, item_id: str) -> int:
    return 2 if conn.execute("SELECT 1 FROM outbox WHERE id = ?", (item_id,)).fetchone() else 0


def _outbox_item(row: tuple[Any, ...]) -> OutboxItem:
    item_id, data, status, attempts, not_before, created_at, last_error, provider_id, sends = row
    return OutboxItem(
        id=item_id,
        outbound=outbound_from_json(json.loads(data)),
        status=status,
        attempts=attempts,
        not_before=from_ts(not_before),
        created_at=from_ts(created_at),
        last_error=last_error,
        provider_id=provider_id,
        sends=sends,
    )
