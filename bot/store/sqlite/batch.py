"""A group commit's turns written table by table: one statement per table for the whole
batch instead of about a dozen per turn (`commit_many`), with the same outcome as writing
them one after another.

Each table's rows go in as one multi-row statement (`INSERT ... VALUES (...), (...)`, up to
`CHUNK` rows a statement), not an `executemany` of the one-row statement: SQLite runs one
program for all of them instead of binding, stepping, halting and resetting it once a row
(about 10 us of a storm turn's 75 us of commit). A statement's text is made once per row
count (`_Rows`) and kept prepared by the connection's statement cache
(`sql.STATEMENT_CACHE`); rows are written in their order, so the transcript's ids, the
timers a later row replaces and the row counts are what one row at a time gives.

Only a batch every turn of which goes through is written so: inside a SAVEPOINT, the
dedup marks and the versioned conversation writes are checked by the statements' own
row counts (an executemany sums them); a batch where one turn is refused (a duplicate,
a version conflict, an outbox id taken, a naive datetime), or where the order between
turns could matter (two turns of one conversation or dedup key, a timer one turn sets
and another cancels), is rolled back and left to the turn-by-turn path, which tells
each turn its own outcome.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from itertools import chain
from typing import Any, Final

from bot.store.records import TurnCommit, dumps
from bot.store.sqlite import sql
from domain.incident import child_links

NEXT_CONVERSATION: Final = (
    "UPDATE conversations SET version = ?, json = ? WHERE id = ? AND version = ?"
)
CHUNK: Final = 32  # rows a multi-row statement takes at most (more: several statements)


class _Rows:
    """A table's multi-row INSERT (`sql.RowsInsert`): its text per row count, made once."""

    def __init__(self, insert: sql.RowsInsert) -> None:
        self.texts = [
            insert.head + ", ".join([insert.row] * n) + insert.tail for n in range(CHUNK + 1)
        ]

    def write(self, conn: sqlite3.Connection, rows: Sequence[Sequence[Any]]) -> int:
        """Every row, in order; how many rows the statements changed (their row counts)."""
        changed = 0
        for start in range(0, len(rows), CHUNK):
            part = rows[start : start + CHUNK]
            changed += conn.execute(self.texts[len(part)], list(chain.from_iterable(part))).rowcount
        return changed


DEDUP: Final = _Rows(sql.DEDUP_MARK)
NEW_CONVERSATION: Final = _Rows(sql.NEW_CONVERSATION)
TICKETS: Final = _Rows(sql.TICKETS)
OUTBOX: Final = _Rows(sql.OUTBOX)
TIMERS: Final = _Rows(sql.TIMERS)
LINES: Final = _Rows(sql.LINES)
CHILDREN: Final = _Rows(sql.CHILDREN)


class _Refused(Exception):
    """Some turn of the batch would not go through as written: leave it to one by one."""


def commit_many(conn: sqlite3.Connection, turns: Sequence[TurnCommit]) -> bool:
    """Write every turn of `turns` (inside the caller's transaction) and return True, or
    write nothing and return False when one of them needs the turn-by-turn path."""
    if not _independent(turns):
        return False
    conn.execute("SAVEPOINT batch")
    try:
        _write(conn, turns)
    except (_Refused, ValueError, sqlite3.IntegrityError):
        conn.execute("ROLLBACK TO batch")
        conn.execute("RELEASE batch")
        return False
    conn.execute("RELEASE batch")
    return True


def _independent(turns: Sequence[TurnCommit]) -> bool:
    """No two turns share a dedup key or a conversation, and no turn cancels a timer an
    earlier one sets: then writing table by table is writing turn after turn."""
    dedup = [t.dedup_key for t in turns if t.dedup_key is not None]
    convs = [t.conversation.id for t in turns if t.conversation is not None]
    if len(set(dedup)) < len(dedup) or len(set(convs)) < len(convs):
        return False
    earlier: set[str] = set()
    for turn in turns:
        if not earlier.isdisjoint(turn.cancel_timers):
            return False
        earlier.update(timer.key for timer in turn.timers)
    return True


def _write(conn: sqlite3.Connection, turns: Sequence[TurnCommit]) -> None:
    marks = [(t.dedup_key, sql.ts(t.at)) for t in turns if t.dedup_key is not None]
    if marks and DEDUP.write(conn, marks) != len(marks):
        raise _Refused("a turn was committed before")
    new, later = [], []
    for turn in turns:
        conv = turn.conversation
        if conv is None:
            continue
        if conv.version < 1:
            raise _Refused("a version below 1")
        data = dumps(conv.to_json())
        if conv.version == 1:
            new.append((conv.id, data))
        else:
            later.append((conv.version, data, conv.id, conv.version - 1))
    if new and NEW_CONVERSATION.write(conn, new) != len(new):
        raise _Refused("a conversation exists already")
    if later and conn.executemany(NEXT_CONVERSATION, later).rowcount != len(later):
        raise _Refused("a conversation's stored version moved")
    tickets = [t for turn in turns for t in turn.tickets]
    if tickets:
        TICKETS.write(conn, sql.ticket_rows(tickets))
    outbox = [row for turn in turns for row in sql.outbox_rows(turn.outbox, sql.ts(turn.at))]
    if outbox:
        OUTBOX.write(conn, outbox)
    cancel = [(k,) for turn in turns for k in turn.cancel_timers]
    if cancel:
        conn.executemany(sql.DELETE_TIMER, cancel)
    timers = [timer for turn in turns for timer in turn.timers]
    if timers:
        TIMERS.write(conn, sql.timer_rows(timers))
    lines = [line for turn in turns for line in turn.transcript]
    if lines:
        LINES.write(conn, sql.line_rows(lines))
    for turn in turns:
        for key, value in turn.flags:
            sql.set_flag(conn, key, value)
    children = [c for t in turns for c in (*t.incident_children, *child_links(t.tickets))]
    if children:
        CHILDREN.write(conn, children)


def commit_turns(
    conn: sqlite3.Connection,
    turns: list[TurnCommit],
    commit_one: Callable[[sqlite3.Connection, TurnCommit], None],
    written: Callable[[sqlite3.Connection, TurnCommit], None],
) -> list[Exception | None]:
    """A group commit's turns: table by table when they all go through (`written` called
    for each, as `commit_one` does), else one by one (`sql.commit_batch`)."""
    if len(turns) > 1 and commit_many(conn, turns):
        for turn in turns:
            written(conn, turn)
        return [None] * len(turns)
    return sql.commit_batch(conn, turns, commit_one)
