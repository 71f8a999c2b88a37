"""The embedded Store backend: one SQLite file, one writer thread, one reader.

Writes run on a single dedicated thread that owns the writing connection, so
the event loop never waits on disk and no connection is shared between
threads. A turn's `commit(turn)` is written inside one `BEGIN IMMEDIATE ...
COMMIT` transaction (with the turns queued behind it: group commit), each turn
in its own SAVEPOINT: all of a turn is written, or none of it. Reads run on the
loop thread through a read-only connection. The SQL itself lives in
`bot.store_sqlite_sql`.

Locks are asyncio locks held in this process: this backend serves one process.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractAsyncContextManager
from datetime import datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any, Final, TypeVar

from bot import store_sqlite_sql as sql
from bot.locks import KeyedLocks
from bot.store import (
    OutboxItem,
    StoreError,
    Timer,
    TranscriptLine,
    TurnCommit,
    TurnStart,
)
from bot.store_records import DEFAULT_DEDUP_TTL, DEFAULT_FIRST_TICKET_NUMBER, DEFAULT_LEASE
from bot.store_sqlite_sql import MEMORY
from bot.types import Address, Conversation, Ticket

T = TypeVar("T")

DEFAULT_PURGE_EVERY: Final = 1000  # commits between two dedup purges
DEFAULT_BUSY_TIMEOUT_MS: Final = 5000  # another process holding the write lock


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
        self._locks = KeyedLocks()
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
                self._reader = sql.connect_reader(self.path, busy_timeout_ms=self.busy_timeout_ms)
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
        await self._read(sql.ping)

    # turns

    async def seen(self, dedup_key: str) -> bool:
        return await self._read(sql.seen, dedup_key)

    def lock(self, key: str) -> AbstractAsyncContextManager[None]:
        return self._locks.hold(key)

    async def load_conversation(self, conversation_id: str) -> Conversation | None:
        return await self._read(sql.load_conversation, conversation_id)

    async def begin_turn(
        self, *, dedup_key: str, conversation_id: str, address: Address, ticket_limit: int = 20
    ) -> TurnStart:
        return await self._read(sql.begin_turn, dedup_key, conversation_id, address, ticket_limit)

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
                outcomes = await self._call(
                    sql.transaction, sql.commit_batch, [t for t, _ in batch], self._commit_sync
                )
            except BaseException as exc:  # the transaction itself failed: none of them is written
                for _, done in batch:
                    if not done.done():
                        done.set_exception(
                            exc if isinstance(exc, Exception) else StoreError(str(exc))
                        )
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

    def _commit_sync(self, conn: sqlite3.Connection, turn: TurnCommit) -> None:
        sql.commit_turn(conn, turn)
        self._commits += 1
        if (self._commits - 1) % self.purge_every == 0:  # the first commit, then every N
            sql.purge_dedup(conn, turn.at - self.dedup_ttl)

    # tickets

    async def next_ticket_number(self) -> int:
        return await self._call(sql.transaction, sql.next_ticket_number, self.first_ticket_number)

    async def get_ticket(self, number: int) -> Ticket | None:
        return await self._read(sql.get_ticket, number)

    async def list_tickets(
        self, *, address: Address | None = None, open_only: bool = False, limit: int = 100
    ) -> list[Ticket]:
        """Newest (highest number) first."""
        return await self._read(sql.list_tickets, address, open_only, limit)

    # outbox

    async def claim_outbox(self, *, now: datetime, limit: int = 50) -> list[OutboxItem]:
        """Pending items due at `now`, and `sending` items whose lease expired by
        `now` (a dispatcher crashed), by `created_at` (the committing turn's
        time: commit order); they come back `sending`, leased for `self.lease`.
        `attempts` is left alone: `retry_outbox` sets it."""
        return await self._call(sql.transaction, sql.claim_outbox, now, limit, self.lease)

    async def finish_outbox(
        self, item_id: str, *, status: str, provider_id: str = "", error: str = ""
    ) -> None:
        """Raises KeyError for an unknown item."""
        if not await self._call(sql.finish_outbox, item_id, status, provider_id, error):
            raise KeyError(f"no outbox item {item_id!r}")

    async def retry_outbox(
        self, item_id: str, *, not_before: datetime, attempts: int, error: str
    ) -> None:
        """Back to pending, not claimable before `not_before`; nothing changes if the
        item was finished meanwhile. Raises KeyError for an unknown item."""
        if not await self._call(sql.retry_outbox, item_id, not_before, attempts, error):
            raise KeyError(f"no outbox item {item_id!r}")

    async def get_outbox(self, item_id: str) -> OutboxItem | None:
        return await self._read(sql.get_outbox, item_id)

    async def outbox_for(self, address: Address) -> list[OutboxItem]:
        """Every item for the address, oldest first."""
        return await self._read(sql.outbox_for, address)

    # timers

    async def claim_due_timers(self, *, now: datetime, limit: int = 100) -> list[Timer]:
        """Return and delete, in one transaction, the timers due at `now` (earliest first)."""
        return await self._call(sql.transaction, sql.claim_timers, now, limit)

    # transcript and flags

    async def transcript(self, conversation_id: str, *, limit: int = 200) -> list[TranscriptLine]:
        """The last `limit` lines, in the order they were committed."""
        return await self._read(sql.transcript, conversation_id, limit)

    async def get_flag(self, key: str) -> str | None:
        return await self._read(sql.get_flag, key)

    async def set_flag(self, key: str, value: str | None) -> None:
        await self._call(sql.set_flag, key, value)

    # maintenance (not part of the protocol)

    async def purge_dedup(self, *, now: datetime) -> int:
        """Forget dedup keys older than the TTL; commits also do this every `purge_every`."""
        return await self._call(sql.transaction, sql.purge_dedup, now - self.dedup_ttl)

    # threads

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

    def _open_sync(self, _conn: None) -> None:
        self._conn = sql.connect_writer(
            self.path,
            busy_timeout_ms=self.busy_timeout_ms,
            first_ticket_number=self.first_ticket_number,
        )

    def _close_sync(self, conn: sqlite3.Connection) -> None:
        self._conn = None
        conn.close()
