"""The embedded Store backend: one SQLite file, one worker thread, one connection.

Every call runs on a single dedicated thread that owns the connection, so the
event loop never waits on disk and no connection is shared between threads. A
whole `commit(turn)` is one call into that thread and one `BEGIN IMMEDIATE ...
COMMIT` transaction: all of the turn is written, or none of it.

Timestamps used for ordering and comparisons (`due`, `not_before`,
`created_at`, `lease_until`, `at`) are stored as fixed-width ISO-8601 strings
in UTC, so text order is time order; naive datetimes are refused.

Locks are asyncio locks held in this process: this backend serves one process.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any, Final, TypeVar

from bot.store import (
    DuplicateTurn,
    OutboxItem,
    OutboxStatus,
    StoreError,
    Timer,
    TranscriptLine,
    TurnCommit,
    TurnStart,
    VersionConflict,
    outbound_from_json,
    outbound_to_json,
)
from bot.types import Address, Conversation, Ticket, TicketStatus

T = TypeVar("T")

MEMORY: Final = ":memory:"
DEFAULT_FIRST_TICKET_NUMBER: Final = 10001
DEFAULT_DEDUP_TTL: Final = timedelta(days=7)
DEFAULT_LEASE: Final = timedelta(seconds=60)
DEFAULT_PURGE_EVERY: Final = 1000  # commits between two dedup purges
DEFAULT_BUSY_TIMEOUT_MS: Final = 5000  # another process holding the write lock
_TICKET_COUNTER: Final = "ticket_number"
_CLOSED_STATUSES: Final = tuple(s.value for s in TicketStatus if s.is_closed)

_SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tickets (
    number INTEGER PRIMARY KEY,
    address TEXT NOT NULL,
    status TEXT NOT NULL,
    updated_at TEXT,
    json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS tickets_address ON tickets (address, number);
CREATE TABLE IF NOT EXISTS outbox (
    id TEXT PRIMARY KEY,
    address TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    not_before TEXT,
    created_at TEXT NOT NULL,
    json TEXT NOT NULL,
    last_error TEXT NOT NULL DEFAULT '',
    provider_id TEXT NOT NULL DEFAULT '',
    lease_until TEXT
);
CREATE INDEX IF NOT EXISTS outbox_status ON outbox (status, created_at);
CREATE INDEX IF NOT EXISTS outbox_address ON outbox (address, created_at);
CREATE TABLE IF NOT EXISTS timers (
    key TEXT PRIMARY KEY,
    due TEXT NOT NULL,
    kind TEXT NOT NULL,
    json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS timers_due ON timers (due);
CREATE TABLE IF NOT EXISTS dedup (
    key TEXT PRIMARY KEY,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS dedup_at ON dedup (at);
CREATE TABLE IF NOT EXISTS transcript (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT NOT NULL,
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS transcript_conversation ON transcript (conversation_id, id);
CREATE TABLE IF NOT EXISTS flags (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
"""

_OUTBOX_COLUMNS: Final = (
    "id, json, status, attempts, not_before, created_at, last_error, provider_id"
)


def _ts(value: datetime) -> str:
    """A fixed-width UTC ISO string: lexical order is chronological order."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime {value!r}: the store needs tz-aware datetimes")
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def _opt_ts(value: datetime | None) -> str | None:
    return _ts(value) if value is not None else None


def _from_ts(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


class _KeyedLocks:
    """asyncio locks by key; an entry lives only while someone holds or waits on it."""

    __slots__ = ("_entries",)

    def __init__(self) -> None:
        # key -> (lock, number of tasks holding or waiting)
        self._entries: dict[str, list[Any]] = {}

    def __len__(self) -> int:
        return len(self._entries)

    @asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        entry = self._entries.get(key)
        if entry is None:
            entry = self._entries[key] = [asyncio.Lock(), 0]
        entry[1] += 1
        try:
            async with entry[0]:
                yield
        finally:
            entry[1] -= 1
            if entry[1] == 0:
                del self._entries[key]


class SqliteStore:
    """The `bot.store.Store` protocol on one SQLite file (WAL, synchronous=NORMAL).

    `path` is a file path (its parent directory is created on `open()`) or
    ":memory:" for tests. Also usable as `async with SqliteStore(...) as store`.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        first_ticket_number: int = DEFAULT_FIRST_TICKET_NUMBER,
        dedup_ttl: timedelta = DEFAULT_DEDUP_TTL,
        lease: timedelta = DEFAULT_LEASE,
        purge_every: int = DEFAULT_PURGE_EVERY,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    ) -> None:
        if first_ticket_number < 1:
            raise ValueError("first_ticket_number must be positive")
        if purge_every < 1:
            raise ValueError("purge_every must be positive")
        self.path = str(path)
        self.first_ticket_number = first_ticket_number
        self.dedup_ttl = dedup_ttl
        self.lease = lease
        self.purge_every = purge_every
        self.busy_timeout_ms = busy_timeout_ms
        self._executor: ThreadPoolExecutor | None = None
        self._conn: sqlite3.Connection | None = None  # touched only on the worker thread
        self._reader: sqlite3.Connection | None = None  # loop thread only: read-only queries
        self._locks = _KeyedLocks()
        self._commits = 0  # worker thread only
        # group commit (loop thread only): turns waiting for the next transaction
        self._queued: list[tuple[TurnCommit, asyncio.Future[None]]] = []
        self._drainer: asyncio.Task[None] | None = None

    @classmethod
    def from_url(cls, url: str, **options: Any) -> SqliteStore:
        """`sqlite:///relative/path`, `sqlite:////absolute/path` or `sqlite:///:memory:`."""
        prefix = "sqlite:///"
        if not url.startswith(prefix):
            raise ValueError(f"not a sqlite URL: {url!r} (expected 'sqlite:///path')")
        path = url[len(prefix) :]
        if not path:
            raise ValueError(f"sqlite URL without a path: {url!r}")
        return cls(path, **options)

    # lifecycle

    async def open(self) -> None:
        if self._executor is not None:
            return
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite-store")
        try:
            await self._call(self._open_sync)
            if self.path != MEMORY:
                reader = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
                reader.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")
                reader.execute("PRAGMA query_only = 1")
                self._reader = reader
        except BaseException:
            self._executor.shutdown(wait=False)
            self._executor = None
            raise

    async def close(self) -> None:
        executor = self._executor
        if executor is None:
            return
        if self._drainer is not None and not self._drainer.done():
            await asyncio.gather(self._drainer, return_exceptions=True)
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        try:
            await self._call(self._close_sync)
        finally:
            self._executor = None
            executor.shutdown(wait=False)

    async def __aenter__(self) -> SqliteStore:
        await self.open()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def ping(self) -> None:
        await self._read(lambda conn: conn.execute("SELECT 1").fetchone())

    # turns

    async def seen(self, dedup_key: str) -> bool:
        row = await self._read(
            lambda conn: conn.execute("SELECT 1 FROM dedup WHERE key = ?", (dedup_key,)).fetchone()
        )
        return row is not None

    def lock(self, key: str) -> AbstractAsyncContextManager[None]:
        return self._locks.hold(key)

    async def load_conversation(self, conversation_id: str) -> Conversation | None:
        row = await self._read(
            lambda conn: conn.execute(
                "SELECT version, json FROM conversations WHERE id = ?", (conversation_id,)
            ).fetchone()
        )
        if row is None:
            return None
        return replace(Conversation.from_json(json.loads(row[1])), version=row[0])

    async def begin_turn(
        self, *, dedup_key: str, conversation_id: str, address: Address, ticket_limit: int = 20
    ) -> TurnStart:
        def read(conn: sqlite3.Connection) -> tuple[bool, Any, list[Any]]:
            seen = conn.execute("SELECT 1 FROM dedup WHERE key = ?", (dedup_key,)).fetchone()
            if seen is not None:
                return True, None, []
            conv = conn.execute(
                "SELECT version, json FROM conversations WHERE id = ?", (conversation_id,)
            ).fetchone()
            tickets = conn.execute(
                "SELECT json FROM tickets WHERE address = ? ORDER BY number DESC LIMIT ?",
                (str(address), ticket_limit),
            ).fetchall()
            return False, conv, tickets

        seen, row, rows = await self._read(read)
        if seen:
            return TurnStart(seen=True, conversation=None, tickets=())
        conv = None
        if row is not None:
            conv = replace(Conversation.from_json(json.loads(row[1])), version=row[0])
        tickets = tuple(Ticket.from_json(json.loads(r[0])) for r in rows)
        return TurnStart(seen=False, conversation=conv, tickets=tickets)

    async def commit(self, turn: TurnCommit) -> None:
        """Write the whole turn or nothing.

        Raises `DuplicateTurn` if `turn.dedup_key` was committed before (checked
        first), `VersionConflict` unless the stored version is
        `conversation.version - 1` (0 = must not exist). Timer cancellations
        apply before the turn's new timers, so a turn can cancel and re-set a key.
        """
        loop = asyncio.get_running_loop()
        done: asyncio.Future[None] = loop.create_future()
        self._queued.append((turn, done))
        if self._drainer is None or self._drainer.done():
            self._drainer = loop.create_task(self._drain_commits(), name="sqlite-group-commit")
        await done

    async def _drain_commits(self) -> None:
        """Group commit: turns that queue up while a transaction is on the disk go
        together in the next one, each inside its own SAVEPOINT, so one turn's
        conflict rolls back that turn only. Under load this spends one BEGIN/COMMIT
        and one thread hop on many turns; alone, a turn commits as before. A turn's
        caller hears back only after the COMMIT that holds it."""
        while self._queued:
            batch, self._queued = self._queued, []
            try:
                outcomes = await self._call(self._transaction, self._commit_batch_sync, [t for t, _ in batch])
            except BaseException as exc:  # the transaction itself failed: none of them is written
                for _, done in batch:
                    if not done.done():
                        done.set_exception(exc if isinstance(exc, Exception) else StoreError(str(exc)))
                if not isinstance(exc, Exception):
                    raise
                continue
            for (_, done), outcome in zip(batch, outcomes, strict=True):
                if done.done():  # the caller was cancelled; its turn is committed all the same
                    continue
                if outcome is None:
                    done.set_result(None)
                else:
                    done.set_exception(outcome)

    def _commit_batch_sync(
        self, conn: sqlite3.Connection, turns: list[TurnCommit]
    ) -> list[Exception | None]:
        outcomes: list[Exception | None] = []
        for turn in turns:
            conn.execute("SAVEPOINT turn")
            try:
                self._commit_sync(conn, turn)
            except (DuplicateTurn, VersionConflict, ValueError, sqlite3.IntegrityError) as exc:
                conn.execute("ROLLBACK TO turn")
                conn.execute("RELEASE turn")
                outcomes.append(StoreError(f"sqlite: {exc}") if isinstance(exc, sqlite3.Error) else exc)
                continue
            conn.execute("RELEASE turn")
            outcomes.append(None)
        return outcomes

    # tickets

    async def next_ticket_number(self) -> int:
        return await self._call(self._transaction, self._next_ticket_sync)

    async def get_ticket(self, number: int) -> Ticket | None:
        row = await self._read(
            lambda conn: conn.execute(
                "SELECT json FROM tickets WHERE number = ?", (number,)
            ).fetchone()
        )
        return Ticket.from_json(json.loads(row[0])) if row else None

    async def list_tickets(
        self, *, address: Address | None = None, open_only: bool = False, limit: int = 100
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
        rows = await self._read(lambda conn: conn.execute(sql, args).fetchall())
        return [Ticket.from_json(json.loads(r[0])) for r in rows]

    # outbox

    async def claim_outbox(self, *, now: datetime, limit: int = 50) -> list[OutboxItem]:
        """Pending items due at `now`, and `sending` items whose lease expired (a
        dispatcher crashed), oldest first; they come back `sending`, leased for
        `self.lease`. `attempts` is left alone: `retry_outbox` sets it."""
        return await self._call(self._transaction, self._claim_outbox_sync, now, limit)

    async def finish_outbox(
        self, item_id: str, *, status: str, provider_id: str = "", error: str = ""
    ) -> None:
        """Raises KeyError for an unknown item."""
        await self._update_outbox(
            item_id,
            "UPDATE outbox SET status = ?, provider_id = ?, last_error = ?, lease_until = NULL"
            " WHERE id = ?",
            (status, provider_id, error, item_id),
        )

    async def retry_outbox(
        self, item_id: str, *, not_before: datetime, attempts: int, error: str
    ) -> None:
        """Back to pending, not claimable before `not_before`. Raises KeyError for an unknown item."""
        await self._update_outbox(
            item_id,
            "UPDATE outbox SET status = ?, not_before = ?, attempts = ?, last_error = ?,"
            " lease_until = NULL WHERE id = ?",
            (OutboxStatus.PENDING, _ts(not_before), attempts, error, item_id),
        )

    async def get_outbox(self, item_id: str) -> OutboxItem | None:
        row = await self._read(
            lambda conn: conn.execute(
                f"SELECT {_OUTBOX_COLUMNS} FROM outbox WHERE id = ?", (item_id,)
            ).fetchone()
        )
        return _outbox_item(row) if row else None

    async def outbox_for(self, address: Address) -> list[OutboxItem]:
        """Every item for the address, oldest first."""
        rows = await self._read(
            lambda conn: conn.execute(
                f"SELECT {_OUTBOX_COLUMNS} FROM outbox WHERE address = ?"
                " ORDER BY created_at, rowid",
                (str(address),),
            ).fetchall()
        )
        return [_outbox_item(r) for r in rows]

    # timers

    async def claim_due_timers(self, *, now: datetime, limit: int = 100) -> list[Timer]:
        """Return and delete, in one transaction, the timers due at `now` (earliest first)."""
        return await self._call(self._transaction, self._claim_timers_sync, now, limit)

    # transcript and flags

    async def transcript(self, conversation_id: str, *, limit: int = 200) -> list[TranscriptLine]:
        """The last `limit` lines, in the order they were committed."""
        rows = await self._read(
            lambda conn: conn.execute(
                "SELECT at, who, text FROM transcript WHERE conversation_id = ?"
                " ORDER BY id DESC LIMIT ?",
                (conversation_id, limit),
            ).fetchall()
        )
        return [
            TranscriptLine(conversation_id, datetime.fromisoformat(at), who, text)
            for at, who, text in reversed(rows)
        ]

    async def get_flag(self, key: str) -> str | None:
        row = await self._read(
            lambda conn: conn.execute("SELECT value FROM flags WHERE key = ?", (key,)).fetchone()
        )
        return row[0] if row else None

    async def set_flag(self, key: str, value: str | None) -> None:
        await self._call(_set_flag, key, value)

    # maintenance (not part of the protocol)

    async def purge_dedup(self, *, now: datetime) -> int:
        """Forget dedup keys older than the TTL; commits also do this every `purge_every`."""
        return await self._call(self._transaction, self._purge_sync, _ts(now - self.dedup_ttl))

    # worker thread plumbing

    async def _read(self, fn: Callable[..., T], *args: Any) -> T:
        """Reads run on the loop thread on their own connection: an indexed lookup
        costs less than the hop to the writer thread and back, and WAL readers never
        wait for the writer. A read sees every turn whose commit() has returned."""
        reader = self._reader
        if reader is None:  # ":memory:" has no second connection to the same data
            return await self._call(fn, *args)
        try:
            return fn(reader, *args)
        except sqlite3.Error as exc:
            raise StoreError(f"sqlite: {exc}") from exc

    async def _call(self, fn: Callable[..., T], *args: Any) -> T:
        """Run `fn(conn, *args)` on the worker thread; sqlite errors become StoreError."""
        executor = self._executor
        if executor is None:
            raise StoreError("the SQLite store is not open")
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(executor, self._with_conn, fn, args)
        except sqlite3.Error as exc:
            raise StoreError(f"sqlite: {exc}") from exc
        except RuntimeError as exc:  # the executor was shut down under us
            if self._executor is None:
                raise StoreError("the SQLite store is closed") from exc
            raise

    def _with_conn(self, fn: Callable[..., T], args: tuple[Any, ...]) -> T:
        if self._conn is None and fn != self._open_sync:
            raise StoreError("the SQLite store is not open")
        return fn(self._conn, *args)

    def _transaction(self, conn: sqlite3.Connection, fn: Callable[..., T], *args: Any) -> T:
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = fn(conn, *args)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:  # sqlite may already have rolled back (disk full)
                conn.execute("ROLLBACK")
            raise
        return result

    def _open_sync(self, _conn: None) -> None:
        if self.path != MEMORY:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, isolation_level=None)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.executescript(_SCHEMA)
            conn.execute(
                "INSERT OR IGNORE INTO counters (name, value) VALUES (?, ?)",
                (_TICKET_COUNTER, self.first_ticket_number - 1),
            )
        except BaseException:
            conn.close()
            raise
        self._conn = conn

    def _close_sync(self, conn: sqlite3.Connection) -> None:
        self._conn = None
        conn.close()

    def _next_ticket_sync(self, conn: sqlite3.Connection) -> int:
        # MAX() lets a raised first_ticket_number take effect on an existing file.
        row = conn.execute(
            "UPDATE counters SET value = MAX(value, ?) + 1 WHERE name = ? RETURNING value",
            (self.first_ticket_number - 1, _TICKET_COUNTER),
        ).fetchone()
        return int(row[0])

    def _purge_sync(self, conn: sqlite3.Connection, cutoff: str) -> int:
        return conn.execute("DELETE FROM dedup WHERE at < ?", (cutoff,)).rowcount

    def _commit_sync(self, conn: sqlite3.Connection, turn: TurnCommit) -> None:
        at = _ts(turn.at)
        if turn.dedup_key is not None:
            if conn.execute("SELECT 1 FROM dedup WHERE key = ?", (turn.dedup_key,)).fetchone():
                raise DuplicateTurn(f"turn {turn.dedup_key!r} was already committed")
            conn.execute("INSERT INTO dedup (key, at) VALUES (?, ?)", (turn.dedup_key, at))

        conv = turn.conversation
        if conv is not None:
            if conv.version < 1:
                raise ValueError(f"conversation {conv.id!r}: a commit needs version >= 1")
            row = conn.execute("SELECT version FROM conversations WHERE id = ?", (conv.id,))
            found = row.fetchone()
            stored = found[0] if found else 0
            if stored != conv.version - 1:
                raise VersionConflict(
                    f"conversation {conv.id!r}: stored version {stored}, commit has {conv.version}"
                )
            conn.execute(
                "INSERT INTO conversations (id, version, json) VALUES (?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET version = excluded.version, json = excluded.json",
                (conv.id, conv.version, _dumps(conv.to_json())),
            )

        if turn.tickets:
            conn.executemany(
                "INSERT INTO tickets (number, address, status, updated_at, json)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (number) DO UPDATE SET"
                " address = excluded.address, status = excluded.status,"
                " updated_at = excluded.updated_at, json = excluded.json",
                [
                    (
                        t.number,
                        str(t.address),
                        t.status.value,
                        _ts(t.updated_at or t.created_at),
                        _dumps(t.to_json()),
                    )
                    for t in turn.tickets
                ],
            )

        if turn.outbox:
            conn.executemany(
                "INSERT INTO outbox (id, address, status, attempts, not_before, created_at,"
                " json, last_error, provider_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        item.id,
                        str(item.outbound.address),
                        item.status,
                        item.attempts,
                        _opt_ts(item.not_before),
                        _ts(item.created_at) if item.created_at else at,
                        _dumps(outbound_to_json(item.outbound)),
                        item.last_error,
                        item.provider_id,
                    )
                    for item in turn.outbox
                ],
            )

        if turn.cancel_timers:
            conn.executemany("DELETE FROM timers WHERE key = ?", [(k,) for k in turn.cancel_timers])
        if turn.timers:
            conn.executemany(
                "INSERT OR REPLACE INTO timers (key, due, kind, json) VALUES (?, ?, ?, ?)",
                [(t.key, _ts(t.due), t.kind, _dumps(t.payload)) for t in turn.timers],
            )

        if turn.transcript:
            conn.executemany(
                "INSERT INTO transcript (conversation_id, at, who, text) VALUES (?, ?, ?, ?)",
                [
                    (line.conversation_id, _ts(line.at), line.who, line.text)
                    for line in turn.transcript
                ],
            )

        for key, value in turn.flags:
            _set_flag(conn, key, value)

        self._commits += 1
        if (self._commits - 1) % self.purge_every == 0:  # the first commit, then every N
            self._purge_sync(conn, _ts(turn.at - self.dedup_ttl))

    def _claim_outbox_sync(
        self, conn: sqlite3.Connection, now: datetime, limit: int
    ) -> list[OutboxItem]:
        now_s = _ts(now)
        rows = conn.execute(
            f"SELECT {_OUTBOX_COLUMNS} FROM outbox"
            " WHERE (status = ? AND (not_before IS NULL OR not_before <= ?))"
            " OR (status = ? AND lease_until <= ?)"
            " ORDER BY created_at, rowid LIMIT ?",
            (OutboxStatus.PENDING, now_s, OutboxStatus.SENDING, now_s, limit),
        ).fetchall()
        if not rows:
            return []
        conn.executemany(
            "UPDATE outbox SET status = ?, lease_until = ? WHERE id = ?",
            [(OutboxStatus.SENDING, _ts(now + self.lease), r[0]) for r in rows],
        )
        return [replace(_outbox_item(r), status=OutboxStatus.SENDING) for r in rows]

    def _claim_timers_sync(
        self, conn: sqlite3.Connection, now: datetime, limit: int
    ) -> list[Timer]:
        rows = conn.execute(
            "SELECT key, due, kind, json FROM timers WHERE due <= ? ORDER BY due, key LIMIT ?",
            (_ts(now), limit),
        ).fetchall()
        conn.executemany("DELETE FROM timers WHERE key = ?", [(r[0],) for r in rows])
        return [
            Timer(key=key, due=datetime.fromisoformat(due), kind=kind, payload=json.loads(payload))
            for key, due, kind, payload in rows
        ]

    async def _update_outbox(self, item_id: str, sql: str, args: tuple[Any, ...]) -> None:
        changed = await self._call(lambda conn: conn.execute(sql, args).rowcount)
        if not changed:
            raise KeyError(f"no outbox item {item_id!r}")


def _set_flag(conn: sqlite3.Connection, key: str, value: str | None) -> None:
    if value is None:
        conn.execute("DELETE FROM flags WHERE key = ?", (key,))
    else:
        conn.execute(
            "INSERT INTO flags (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )


def _outbox_item(row: tuple[Any, ...]) -> OutboxItem:
    item_id, data, status, attempts, not_before, created_at, last_error, provider_id = row
    return OutboxItem(
        id=item_id,
        outbound=outbound_from_json(json.loads(data)),
        status=status,
        attempts=attempts,
        not_before=_from_ts(not_before),
        created_at=_from_ts(created_at),
        last_error=last_error,
        provider_id=provider_id,
    )
