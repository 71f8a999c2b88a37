"""The SQL behind `bot.store.sqlite.store`: every statement, row conversion (the tables
are in `bot.store.sqlite.schema`).

Each function takes the connection first; writes run inside the caller's
transaction (`transaction()`), and none of them commits by itself.

Timestamps used for ordering and comparisons (`due`, `not_before`,
`created_at`, `lease_until`, `at`) are stored as fixed-width ISO-8601 strings
in UTC, so text order is time order; naive datetimes are refused.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Final, TypeVar

from bot.store.errors import DuplicateTurn, StoreError, VersionConflict
from bot.store.records import (
    OutboxItem,
    Timer,
    TranscriptLine,
    TurnCommit,
    TurnStart,
    dumps,
    outbound_to_json,
    require_aware,
)
from bot.store.sqlite.schema import ADDED_COLUMNS, SCHEMA
from domain.datetext import utc_isoformat
from domain.incident import child_links
from domain.types import Address, Conversation, Ticket, TicketStatus, iso

MMAP_BYTES: Final = 256 * 1024 * 1024
PAGE_BYTES: Final = 2048
JOURNAL_SIZE_LIMIT: Final = 64 * 1024 * 1024  # the WAL file's size kept after a checkpoint
# statements the writer keeps prepared (sqlite3's default is 128): a group commit's
# multi-row INSERTs have a text per table and row count (bot.store.sqlite.batch), seven
# tables times up to 32 rows, beside the store's other statements
STATEMENT_CACHE: Final = 512

T = TypeVar("T")

MEMORY: Final = ":memory:"
_TICKET_COUNTER: Final = "ticket_number"
_CLOSED_STATUSES: Final = tuple(s.value for s in TicketStatus if s.is_closed)


def ts(value: datetime) -> str:
    """A fixed-width UTC ISO string: lexical order is chronological order."""
    if value.tzinfo is UTC and value.microsecond:
        # the engine's clock: the same text as `isoformat()`, which the turn's JSON records
        # have asked for already (a group commit writes each table for all its turns, so
        # the last conversion below is seldom this instant's)
        return iso(value)
    # A turn stamps its dedup mark, outbox items and transcript lines with the same
    # instant: the last conversion is reused (datetimes are immutable).
    global _last_ts
    seen, text = _last_ts  # one tuple: a consistent pair even across threads
    if seen is value:
        return text
    text = utc_isoformat(require_aware(value).astimezone(UTC))
    _last_ts = (value, text)
    return text


_last_ts: tuple[datetime | None, str] = (None, "")


def _opt_ts(value: datetime | None) -> str | None:
    return ts(value) if value is not None else None


def from_ts(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


# connections


def connect_writer(
    path: str,
    *,
    busy_timeout_ms: int,
    first_ticket_number: int,
    checkpoints_elsewhere: bool = False,
) -> sqlite3.Connection:
    """The store's connection (WAL, synchronous=NORMAL), the schema in place.
    `checkpoints_elsewhere`: no automatic checkpoint on commit (`bot.store.sqlite.wal`
    runs them on a thread of its own)."""
    if path != MEMORY:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(
        path, isolation_level=None, check_same_thread=False, cached_statements=STATEMENT_CACHE
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        # A new file only (an existing one keeps its size): a turn dirties about six
        # pages in as many B-trees, each written whole to the WAL, so smaller pages
        # write less. 2 KiB against the default 4 KiB: 88 -> 62 us of CPU per SMS turn
        # committed, 65 -> 47 MB of WAL for 7,680 turns (docs/benchmarks.md).
        conn.execute(f"PRAGMA page_size = {PAGE_BYTES}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        # A group commit's savepoints keep the first image of every page they change in a
        # sub-journal, which SQLite spills to a new temporary file past 64 KiB: a batch of
        # storm turns went over it, and each turn then cost about eight more write system
        # calls on that file and the batch an open and an unlink (strace). In memory: about
        # 100 KiB a batch, freed at its commit. (Temporary tables and sorts too: the store
        # sorts through its indexes.)
        conn.execute("PRAGMA temp_store = MEMORY")
        if checkpoints_elsewhere:
            conn.execute("PRAGMA wal_autocheckpoint = 0")
            conn.execute(f"PRAGMA journal_size_limit = {JOURNAL_SIZE_LIMIT}")
        conn.executescript(SCHEMA)
        for table, column, kind in ADDED_COLUMNS:
            have = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
            if column not in have:
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
        conn.execute(
            "INSERT OR IGNORE INTO counters (name, value) VALUES (?, ?)",
            (_TICKET_COUNTER, first_ticket_number - 1),
        )
    except BaseException:
        conn.close()
        raise
    return conn


def transaction(conn: sqlite3.Connection, fn: Callable[..., T], *args: Any) -> T:
    """`fn(conn, *args)` inside BEGIN IMMEDIATE ... COMMIT; rolled back if it raises."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        result = fn(conn, *args)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # sqlite may already have rolled back (disk full)
            conn.execute("ROLLBACK")
        raise
    return result


# reads


def refuse_stale(
    conn: sqlite3.Connection, table: str, what: str, record_id: object, version: int
) -> None:
    """A versioned save wrote no row: the stored version was not `version - 1`."""
    row = conn.execute(f"SELECT version FROM {table} WHERE id = ?", (record_id,)).fetchone()
    raise VersionConflict(
        f"{what} {record_id}: stored version {row[0] if row else 0}, save has {version}"
    )


def ping(conn: sqlite3.Connection) -> None:
    conn.execute("SELECT 1").fetchone()


def seen(conn: sqlite3.Connection, dedup_key: str) -> bool:
    return conn.execute("SELECT 1 FROM dedup WHERE key = ?", (dedup_key,)).fetchone() is not None


def load_conversation(conn: sqlite3.Connection, conversation_id: str) -> Conversation | None:
    row = conn.execute(
        "SELECT version, json FROM conversations WHERE id = ?", (conversation_id,)
    ).fetchone()
    if row is None:
        return None
    return replace(Conversation.from_json(json.loads(row[1])), version=row[0])


def begin_turn(
    conn: sqlite3.Connection,
    dedup_key: str,
    conversation_id: str,
    address: Address,
    ticket_limit: int,
    flags: tuple[str, ...] = (),
    known: Conversation | None = None,
) -> TurnStart:
    """`known`: the conversation as the caller last committed it, if it has it (its
    SELECT and JSON are skipped)."""
    # One statement, so one snapshot for all of it (a statement is its own read
    # transaction): the dedup mark, the conversation, the address's newest tickets and the
    # flags, instead of a BEGIN, a SELECT each and a COMMIT.
    args: list[Any] = [dedup_key, str(address), ticket_limit]
    if known is None:
        args.append(conversation_id)
    args.extend(flags)
    rows = conn.execute(_begin_sql(known is None, len(flags)), args).fetchall()
    conv = known
    numbered: list[tuple[int, str]] = []
    values: dict[str, str | None] = dict.fromkeys(flags)
    for kind, first, second in rows:
        if kind == "d":
            return TurnStart(seen=True, conversation=None, tickets=())
        if kind == "t":
            numbered.append((first, second))
        elif kind == "c":
            conv = replace(Conversation.from_json(json.loads(second)), version=first)
        else:
            values[first] = second
    numbered.sort(reverse=True)  # newest (highest number) first
    tickets = tuple(Ticket.from_json(json.loads(text)) for _, text in numbered)
    return TurnStart(seen=False, conversation=conv, tickets=tickets, flags=values)


@lru_cache(maxsize=32)
def _begin_sql(with_conversation: bool, flag_count: int) -> str:
    parts = [
        "SELECT 'd', NULL, NULL FROM dedup WHERE key = ?",
        "SELECT 't', number, json FROM"
        " (SELECT number, json FROM tickets WHERE address = ? ORDER BY number DESC LIMIT ?)",
    ]
    if with_conversation:
        parts.append("SELECT 'c', version, json FROM conversations WHERE id = ?")
    parts += ["SELECT 'f', key, value FROM flags WHERE key = ?"] * flag_count
    return " UNION ALL ".join(parts)


def get_ticket(conn: sqlite3.Connection, number: int) -> Ticket | None:
    row = conn.execute("SELECT json FROM tickets WHERE number = ?", (number,)).fetchone()
    return Ticket.from_json(json.loads(row[0])) if row else None


def list_tickets(
    conn: sqlite3.Connection, address: Address | None, open_only: bool, limit: int
) -> list[Ticket]:
    """Newest (highest number) first."""
    where: list[str] = []
    args: list[Any] = []
    if address is not None:
        where.append("address = ?")
        args.append(str(address))
    if open_only:
        where.append(f"status NOT IN ({', '.join('?' * len(_CLOSED_STATUSES))})")
        args.extend(_CLOSED_STATUSES)
    sql = "SELECT json FROM tickets"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY number DESC LIMIT ?"
    args.append(limit)
    return [Ticket.from_json(json.loads(r[0])) for r in conn.execute(sql, args).fetchall()]


def transcript(conn: sqlite3.Connection, conversation_id: str, limit: int) -> list[TranscriptLine]:
    """The last `limit` lines, in the order they were committed."""
    rows = conn.execute(
        "SELECT at, who, text FROM transcript WHERE conversation_id = ? ORDER BY id DESC LIMIT ?",
        (conversation_id, limit),
    ).fetchall()
    return [
        TranscriptLine(conversation_id, datetime.fromisoformat(at), who, text)
        for at, who, text in reversed(rows)
    ]


def get_flag(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM flags WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


# writes (inside the caller's transaction)


def commit_batch(
    conn: sqlite3.Connection,
    turns: list[TurnCommit],
    commit_one: Callable[[sqlite3.Connection, TurnCommit], None],
) -> list[Exception | None]:
    """Each turn inside its own SAVEPOINT: one turn's conflict rolls back that turn only.
    Returns, per turn, None (written) or the exception its caller should hear."""
    outcomes: list[Exception | None] = []
    for turn in turns:
        conn.execute("SAVEPOINT turn")
        try:
            commit_one(conn, turn)
        except (DuplicateTurn, VersionConflict, ValueError, sqlite3.IntegrityError) as exc:
            conn.execute("ROLLBACK TO turn")
            conn.execute("RELEASE turn")
            outcomes.append(StoreError(f"sqlite: {exc}") if isinstance(exc, sqlite3.Error) else exc)
            continue
        conn.execute("RELEASE turn")
        outcomes.append(None)
    return outcomes


def commit_turn(conn: sqlite3.Connection, turn: TurnCommit) -> None:
    """Write one turn. Raises `DuplicateTurn`, `VersionConflict` or `ValueError`
    (a version below 1, a naive datetime); the caller's SAVEPOINT undoes what was written."""
    at = ts(turn.at)
    # One statement each for the dedup mark and the versioned write: the checks are
    # the statements' own outcomes (rows changed), not extra reads.
    if turn.dedup_key is not None:
        added = conn.execute(DEDUP_MARK.one, (turn.dedup_key, at))
        if added.rowcount == 0:
            raise DuplicateTurn(f"turn {turn.dedup_key!r} was already committed")

    conv = turn.conversation
    if conv is not None:
        if conv.version < 1:
            raise ValueError(f"conversation {conv.id!r}: a commit needs version >= 1")
        data = dumps(conv.to_json())
        if conv.version == 1:
            written = conn.execute(NEW_CONVERSATION.one, (conv.id, data)).rowcount
        else:
            written = conn.execute(
                "UPDATE conversations SET version = ?, json = ? WHERE id = ? AND version = ?",
                (conv.version, data, conv.id, conv.version - 1),
            ).rowcount
        if written == 0:
            found = conn.execute(
                "SELECT version FROM conversations WHERE id = ?", (conv.id,)
            ).fetchone()
            stored = found[0] if found else 0
            raise VersionConflict(
                f"conversation {conv.id!r}: stored version {stored}, commit has {conv.version}"
            )

    if turn.tickets:
        conn.executemany(TICKETS.one, ticket_rows(turn.tickets))
    if turn.outbox:
        conn.executemany(OUTBOX.one, outbox_rows(turn.outbox, at))
    if turn.cancel_timers:
        conn.executemany(DELETE_TIMER, [(k,) for k in turn.cancel_timers])
    if turn.timers:
        conn.executemany(TIMERS.one, timer_rows(turn.timers))
    if turn.transcript:
        conn.executemany(LINES.one, line_rows(turn.transcript))
    for key, value in turn.flags:
        set_flag(conn, key, value)
    children = (*turn.incident_children, *child_links(turn.tickets))
    if children:
        conn.executemany(CHILDREN.one, children)


# a turn's rows, table by table (commit_turn; bot.store.sqlite.batch writes many turns' at once)


class RowsInsert:
    """An INSERT of a table's rows, written once: `head`, then `row` once per row (comma
    separated), then `tail`. `one` is its one-row statement (commit_turn);
    bot.store.sqlite.batch writes many rows with one statement from the same parts."""

    __slots__ = ("head", "one", "row", "tail")

    def __init__(self, head: str, row: str, tail: str = "") -> None:
        self.head, self.row, self.tail = head, row, tail
        self.one = head + row + tail


DEDUP_MARK: Final = RowsInsert("INSERT OR IGNORE INTO dedup (key, at) VALUES ", "(?, ?)")
NEW_CONVERSATION: Final = RowsInsert(
    "INSERT OR IGNORE INTO conversations (id, version, json) VALUES ", "(?, 1, ?)"
)
TICKETS: Final = RowsInsert(
    "INSERT INTO tickets (number, address, status, updated_at, json) VALUES ",
    "(?, ?, ?, ?, ?)",
    " ON CONFLICT (number) DO UPDATE SET"
    " address = excluded.address, status = excluded.status,"
    " updated_at = excluded.updated_at, json = excluded.json",
)
OUTBOX: Final = RowsInsert(
    "INSERT INTO outbox (id, address, status, attempts, not_before, created_at,"
    " json, last_error, provider_id) VALUES ",
    "(?, ?, ?, ?, ?, ?, ?, ?, ?)",
)
DELETE_TIMER: Final = "DELETE FROM timers WHERE key = ?"
TIMERS: Final = RowsInsert(
    "INSERT OR REPLACE INTO timers (key, due, kind, json) VALUES ", "(?, ?, ?, ?)"
)
LINES: Final = RowsInsert(
    "INSERT INTO transcript (conversation_id, at, who, text) VALUES ", "(?, ?, ?, ?)"
)
CHILDREN: Final = RowsInsert(
    "INSERT OR IGNORE INTO incident_children (incident, ticket) VALUES ", "(?, ?)"
)


def ticket_rows(tickets: Iterable[Ticket]) -> list[tuple[Any, ...]]:
    return [
        (
            t.number,
            str(t.address),
            t.status._value_,
            ts(t.updated_at or t.created_at),
            dumps(t.to_json()),
        )
        for t in tickets
    ]


def outbox_rows(items: Iterable[OutboxItem], at: str) -> list[tuple[Any, ...]]:
    return [
        (
            item.id,
            str(item.outbound.address),
            item.status,
            item.attempts,
            _opt_ts(item.not_before),
            ts(item.created_at) if item.created_at else at,
            dumps(outbound_to_json(item.outbound)),
            item.last_error,
            item.provider_id,
        )
        for item in items
    ]


def timer_rows(timers: Iterable[Timer]) -> list[tuple[Any, ...]]:
    return [(t.key, ts(t.due), t.kind, dumps(t.payload)) for t in timers]


def line_rows(lines: Iterable[TranscriptLine]) -> list[tuple[Any, ...]]:
    return [(line.conversation_id, ts(line.at), line.who, line.text) for line in lines]


def next_ticket_number(conn: sqlite3.Connection, first_ticket_number: int) -> int:
    return reserve_ticket_numbers(conn, first_ticket_number, 1)


def reserve_ticket_numbers(conn: sqlite3.Connection, first_ticket_number: int, count: int) -> int:
    """Take `count` numbers for this connection alone; the last of them (the block is
    `last - count + 1 .. last`)."""
    # MAX() lets a raised first_ticket_number take effect on an existing file.
    row = conn.execute(
        "UPDATE counters SET value = MAX(value, ?) + ? WHERE name = ? RETURNING value",
        (first_ticket_number - 1, count, _TICKET_COUNTER),
    ).fetchone()
    return int(row[0])


def return_ticket_numbers(conn: sqlite3.Connection, last_used: int, reserved_to: int) -> bool:
    """Give back a block's unused numbers (`last_used + 1 .. reserved_to`) if no one took a
    number after it; True when they were."""
    return (
        conn.execute(
            "UPDATE counters SET value = ? WHERE name = ? AND value = ?",
            (last_used, _TICKET_COUNTER, reserved_to),
        ).rowcount
        == 1
    )


def purge_dedup(conn: sqlite3.Connection, cutoff: datetime) -> int:
    """Forget the dedup keys committed before `cutoff`."""
    return conn.execute("DELETE FROM dedup WHERE at < ?", (ts(cutoff),)).rowcount


def claim_timers(
    conn: sqlite3.Connection, now: datetime, limit: int, kinds: tuple[str, ...] | None
) -> list[Timer]:
    """The due timers (of `kinds`, unless None), deleted as they are read."""
    of_kinds = "" if kinds is None else f" AND kind IN ({', '.join('?' * len(kinds))})"
    rows = conn.execute(
        f"SELECT key, due, kind, json FROM timers WHERE due <= ?{of_kinds} "
        "ORDER BY due, key LIMIT ?",
        (ts(now), *(kinds or ()), limit),
    ).fetchall()
    conn.executemany("DELETE FROM timers WHERE key = ?", [(r[0],) for r in rows])
    return [
        Timer(key=key, due=datetime.fromisoformat(due), kind=kind, payload=json.loads(payload))
        for key, due, kind, payload in rows
    ]


def set_flag(conn: sqlite3.Connection, key: str, value: str | None) -> None:
    if value is None:
        conn.execute("DELETE FROM flags WHERE key = ?", (key,))
    else:
        conn.execute(
            "INSERT INTO flags (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
