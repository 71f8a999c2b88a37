"""TicketSearch on SQLite: filters in SQL, full text through the `tickets_fts` FTS5
index: triggers on `tickets` mark what a commit changed, a search indexes it first."""

from __future__ import annotations

import json
import sqlite3
from typing import Any, Final

from bot.store.search import BREACH_EVENT, TEXT_EVENTS, TicketQuery, utc_key
from domain.types import Ticket

# the text one ticket row contributes to the index: summary, field values, and what
# people wrote in its events (bot.store.search.searchable_text reads the same)
_BODY: Final = (
    "coalesce(json_extract({row}.json, '$.summary'), '') || ' ' || "
    "coalesce((SELECT group_concat(value, ' ') FROM json_each({row}.json, '$.fields')), '')"
    " || ' ' || coalesce((SELECT group_concat(json_extract(value, '$.detail'), ' ')"
    " FROM json_each({row}.json, '$.events') WHERE json_extract(value, '$.kind') IN ("
    + ", ".join(f"'{k}'" for k in TEXT_EVENTS)
    + ")), '')"
)

FTS_SCHEMA: Final = """
CREATE VIRTUAL TABLE IF NOT EXISTS tickets_fts USING fts5(
    body, tokenize = 'unicode61 remove_diacritics 2'
);
-- tickets written since the index last caught up: marked by a commit (one small row),
-- indexed by the next search (refresh_index), all in one transaction. NOT EXISTS, not
-- OR IGNORE: in a trigger OR IGNORE gives way to the writing statement's conflict clause
CREATE TABLE IF NOT EXISTS tickets_fts_stale (number INTEGER PRIMARY KEY);
CREATE TRIGGER IF NOT EXISTS tickets_fts_mark_insert AFTER INSERT ON tickets BEGIN
    INSERT INTO tickets_fts_stale (number) SELECT new.number
        WHERE NOT EXISTS (SELECT 1 FROM tickets_fts_stale WHERE number = new.number);
END;
CREATE TRIGGER IF NOT EXISTS tickets_fts_mark_update AFTER UPDATE OF json ON tickets BEGIN
    INSERT INTO tickets_fts_stale (number) SELECT new.number
        WHERE NOT EXISTS (SELECT 1 FROM tickets_fts_stale WHERE number = new.number);
END;
CREATE TRIGGER IF NOT EXISTS tickets_fts_delete AFTER DELETE ON tickets BEGIN
    DELETE FROM tickets_fts WHERE rowid = old.number;
    DELETE FROM tickets_fts_stale WHERE number = old.number;
END;
-- a database from before the index: its tickets are indexed by the first search
INSERT OR IGNORE INTO tickets_fts_stale (number)
    SELECT number FROM tickets WHERE number NOT IN (SELECT rowid FROM tickets_fts);
"""

# Why not index in the commit itself: an FTS5 write in every ticket's transaction cost
# 250-400 us a commit here (its segment and structure records), against about 130 us for
# the whole commit without it (2,000 commits on a shared 2-core machine); marking the ticket
# stale costs next to nothing, and a search indexes what was marked in one transaction
# first, so it never misses a committed change.
_REFRESH: Final = (
    "DELETE FROM tickets_fts WHERE rowid IN (SELECT number FROM tickets_fts_stale)",
    "INSERT INTO tickets_fts (rowid, body) SELECT number, "
    + _BODY.format(row="tickets")
    + " FROM tickets WHERE number IN (SELECT number FROM tickets_fts_stale)",
    "DELETE FROM tickets_fts_stale",
)


def refresh_index(conn: sqlite3.Connection) -> int:
    """Index the tickets marked stale (inside the caller's write transaction)."""
    stale = conn.execute("SELECT count(*) FROM tickets_fts_stale").fetchone()[0]
    if stale:
        for statement in _REFRESH:
            conn.execute(statement)
    return int(stale)


def fts_match(words: tuple[str, ...]) -> str:
    """Every word as a quoted prefix: what people type is never FTS5 syntax."""
    return " AND ".join('"' + w.replace('"', '""') + '"*' for w in words)


def query_tickets(conn: sqlite3.Connection, q: TicketQuery) -> list[Ticket]:
    where: list[str] = []
    args: list[Any] = []

    def among(expr: str, values: frozenset[Any]) -> None:
        where.append(f"{expr} IN ({', '.join('?' * len(values))})")
        args.extend(sorted(values))

    if q.statuses:
        among("status", q.statuses)
    if q.priorities:
        among("json_extract(json, '$.priority')", q.priorities)
    if q.channels:
        among("json_extract(json, '$.channel')", q.channels)
    if q.numbers is not None:
        among("number", q.numbers)
    if q.csat_scores:
        among("json_extract(json, '$.csat.score')", q.csat_scores)
    created = "julianday(json_extract(json, '$.created_at'))"
    for expr, op, value in (
        (created, ">=", q.created_from),
        (created, "<", q.created_to),
        ("updated_at", ">=", q.updated_from),
        ("updated_at", "<", q.updated_to),
    ):
        if value is not None:
            where.append(f"{expr} {op} " + ("julianday(?)" if expr == created else "?"))
            args.append(utc_key(value))
    if q.breached is not None:
        where.append(
            ("" if q.breached else "NOT ")
            + "EXISTS (SELECT 1 FROM json_each(tickets.json, '$.events')"
            " WHERE json_extract(value, '$.kind') = ?)"
        )
        args.append(BREACH_EVENT)
    if q.words:
        where.append("number IN (SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ?)")
        args.append(fts_match(q.words))
    desc = q.sort.startswith("-")
    by_updated = q.sort.endswith("updated")
    if q.after is not None:
        op = "<" if desc else ">"
        if by_updated:
            where.append(f"(updated_at, number) {op} (?, ?)")
            args.extend([q.after.key, q.after.number])
        else:
            where.append(f"number {op} ?")
            args.append(q.after.number)
    order = "DESC" if desc else "ASC"
    sql = "SELECT json FROM tickets"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY {'updated_at ' + order + ', ' if by_updated else ''}number {order} LIMIT ?"
    args.append(q.limit)
    return [Ticket.from_json(json.loads(r[0])) for r in conn.execute(sql, args).fetchall()]
