"""TicketSearch on SQLite: filters in SQL, full text through the `tickets_fts` FTS5
index that triggers on `tickets` keep in step (bot.store.sqlite.schema)."""

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

FTS_SCHEMA: Final = f"""
CREATE VIRTUAL TABLE IF NOT EXISTS tickets_fts USING fts5(
    body, tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS tickets_fts_insert AFTER INSERT ON tickets BEGIN
    INSERT INTO tickets_fts (rowid, body) VALUES (new.number, {_BODY.format(row="new")});
END;
CREATE TRIGGER IF NOT EXISTS tickets_fts_update AFTER UPDATE ON tickets BEGIN
    DELETE FROM tickets_fts WHERE rowid = old.number;
    INSERT INTO tickets_fts (rowid, body) VALUES (new.number, {_BODY.format(row="new")});
END;
CREATE TRIGGER IF NOT EXISTS tickets_fts_delete AFTER DELETE ON tickets BEGIN
    DELETE FROM tickets_fts WHERE rowid = old.number;
END;
-- a database from before the index: its tickets are indexed once, on open
INSERT INTO tickets_fts (rowid, body)
    SELECT number, {_BODY.format(row="tickets")} FROM tickets
    WHERE number NOT IN (SELECT rowid FROM tickets_fts);
"""


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
