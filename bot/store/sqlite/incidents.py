"""The SQLite store's incident SQL (`bot.store.incidents`), run on its one connection."""

from __future__ import annotations

import json
import sqlite3

from bot.store.records import dumps
from bot.store.sqlite import sql
from domain.incident import Incident

_COUNTER = "incident"


def next_incident_id(conn: sqlite3.Connection) -> int:
    conn.execute("INSERT OR IGNORE INTO counters (name, value) VALUES (?, 0)", (_COUNTER,))
    row = conn.execute(
        "UPDATE counters SET value = value + 1 WHERE name = ? RETURNING value", (_COUNTER,)
    ).fetchone()
    return int(row[0])


def save_incident(conn: sqlite3.Connection, incident: Incident) -> None:
    if incident.version < 1:
        raise ValueError(f"incident {incident.id}: a save needs version >= 1")
    data = dumps(incident.to_json())
    if incident.version == 1:
        written = conn.execute(
            "INSERT OR IGNORE INTO incidents (id, version, open, json) VALUES (?, 1, ?, ?)",
            (incident.id, int(incident.is_open), data),
        ).rowcount
    else:
        written = conn.execute(
            "UPDATE incidents SET version = ?, open = ?, json = ? WHERE id = ? AND version = ?",
            (incident.version, int(incident.is_open), data, incident.id, incident.version - 1),
        ).rowcount
    if written == 0:
        sql.refuse_stale(conn, "incidents", "incident", incident.id, incident.version)


def get_incident(conn: sqlite3.Connection, incident_id: int) -> Incident | None:
    row = conn.execute("SELECT json FROM incidents WHERE id = ?", (incident_id,)).fetchone()
    return Incident.from_json(json.loads(row[0])) if row else None


def list_incidents(conn: sqlite3.Connection, open_only: bool, limit: int) -> list[Incident]:
    where = " WHERE open = 1" if open_only else ""
    rows = conn.execute(
        f"SELECT json FROM incidents{where} ORDER BY id DESC LIMIT ?", (max(0, limit),)
    ).fetchall()
    return [Incident.from_json(json.loads(r[0])) for r in rows]


def incident_children(
    conn: sqlite3.Connection, incident_id: int, after: int, limit: int
) -> list[int]:
    rows = conn.execute(
        "SELECT ticket FROM incident_children WHERE incident = ? AND ticket > ?"
        " ORDER BY ticket LIMIT ?",
        (incident_id, after, max(0, limit)),
    ).fetchall()
    return [int(r[0]) for r in rows]


def count_incident_children(conn: sqlite3.Connection, incident_id: int) -> int:
    row = conn.execute(
        "SELECT COUNT(*) FROM incident_children WHERE incident = ?", (incident_id,)
    ).fetchone()
    return int(row[0])


def remove_incident_child(conn: sqlite3.Connection, incident_id: int, number: int) -> bool:
    done = conn.execute(
        "DELETE FROM incident_children WHERE incident = ? AND ticket = ?", (incident_id, number)
    )
    return done.rowcount > 0
