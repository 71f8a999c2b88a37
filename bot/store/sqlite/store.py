"""The embedded Store backend: one SQLite file, one connection, on the event loop.

Reads and writes run on the loop's own thread, through one connection. A turn's
`commit(turn)` is written inside one `BEGIN IMMEDIATE ... COMMIT` transaction
with every turn that reached its commit in the same pass of the loop (group
commit), each turn in its own SAVEPOINT: all of a turn is written, or none of it.

Why not a writer thread: this store did write from a thread of its own, and on a
worker saturated with webhooks the two threads spent more time handing the GIL
back and forth (each SQLite call releases and retakes it) than writing: about 300
us of CPU per SMS turn more than the same SQL run here, and each read after a
commit found its page cache dropped because another connection had written
(docs/benchmarks.md). With synchronous=NORMAL a commit appends to the WAL without
fsync, so the loop waits on memory copies, not on the disk. What does touch the
disk, the WAL checkpoint, runs on a thread of its own (`bot.store.sqlite.wal`).
The cost: another process holding the write lock (`supportbot chat` on the same
file) stalls the loop for up to `busy_timeout_ms`, then the turn fails with
StoreError (webhooks answer 503 and are retried). The SQL lives in
`bot.store.sqlite.sql`.

Locks are asyncio locks held in this process: this backend serves one process.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import sqlite3
from collections import OrderedDict
from collections.abc import Callable, Collection, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any, Final, TypeVar

from bot.store.errors import StoreError
from bot.store.incidents import OpenIncidentsCache
from bot.store.locks import KeyedLocks
from bot.store.records import (
    DEFAULT_DEDUP_TTL,
    DEFAULT_FIRST_TICKET_NUMBER,
    DEFAULT_LEASE,
    OutboxItem,
    Timer,
    TranscriptLine,
    TurnCommit,
    TurnStart,
)
from bot.store.search import TicketQuery
from bot.store.sqlite import contacts as contact_sql
from bot.store.sqlite import incidents as incident_sql
from bot.store.sqlite import outbox as outbox_sql
from bot.store.sqlite import search, sql
from bot.store.sqlite.batch import commit_turns
from bot.store.sqlite.maintenance import SqliteMaintenance
from bot.store.sqlite.rates import SqliteRates
from bot.store.sqlite.sql import MEMORY
from bot.store.sqlite.wal import WalCheckpointer
from domain.contacts import Contact
from domain.incident import Incident
from domain.types import Address, Conversation, Ticket

T = TypeVar("T")
log = logging.getLogger("supportbot.store")

DEFAULT_PURGE_EVERY: Final = 1000  # commits between two dedup purges
# conversations kept decoded after their commit: a customer's next turn skips the
# SELECT and the JSON (about 40 us of a 600 us SMS webhook)
RECENT_CONVERSATIONS: Final = 4096
DEFAULT_BUSY_TIMEOUT_MS: Final = 5000  # another process holding the write lock
# ticket numbers taken from the file at a time: one write transaction per block instead
# of one per ticket (in an outage storm every first message opens a ticket)
TICKET_NUMBER_BLOCK: Final = 16


class SqliteStore(SqliteMaintenance, SqliteRates):
    """Every `bot.store.protocol` role on one SQLite file (WAL, synchronous=NORMAL).

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
        self._conn: sqlite3.Connection | None = None  # the loop thread's one connection
        self.checkpointer: WalCheckpointer | None = None  # file databases only
        self._locks = KeyedLocks()
        self._commits = 0
        # group commit: turns waiting for the transaction at the end of this loop pass
        self._queued: list[tuple[TurnCommit, asyncio.Future[None]]] = []
        self._drain_scheduled = False
        # the last committed version of recent conversations, as this store wrote them;
        # a version conflict (another process wrote the file) drops the entry
        self._recent: OrderedDict[str, Conversation] = OrderedDict()
        self._open_incidents = OpenIncidentsCache()
        # this process's block of ticket numbers: the next to hand out, the last reserved
        self._next_number, self._last_number = 1, 0

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
        if self._conn is not None:
            return
        try:
            self._conn = sql.connect_writer(
                self.path,
                busy_timeout_ms=self.busy_timeout_ms,
                first_ticket_number=self.first_ticket_number,
                checkpoints_elsewhere=self.path != MEMORY,
            )
        except sqlite3.Error as exc:
            raise StoreError(f"sqlite: cannot open {self.path}: {exc}") from exc
        if self.path != MEMORY:
            self.checkpointer = WalCheckpointer(self.path, busy_timeout_ms=self.busy_timeout_ms)
            self.checkpointer.start()

    async def close(self) -> None:
        conn = self._conn
        if conn is None:
            return
        if self._queued:  # turns already waiting are written, not dropped
            self._drain()
        self._return_numbers()
        if self.checkpointer is not None:
            await asyncio.to_thread(self.checkpointer.stop)
            self.checkpointer = None
        self._conn = None
        conn.close()  # the last connection out checkpoints the WAL and removes it

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
        known = self._known(conversation_id)
        if known is not None:
            return known
        return await self._read(sql.load_conversation, conversation_id)

    async def begin_turn(
        self,
        *,
        dedup_key: str,
        conversation_id: str,
        address: Address,
        ticket_limit: int = 20,
        flags: Sequence[str] = (),
    ) -> TurnStart:
        return await self._read(
            sql.begin_turn,
            dedup_key,
            conversation_id,
            address,
            ticket_limit,
            tuple(flags),
            self._known(conversation_id),
        )

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
        if not self._drain_scheduled:
            self._drain_scheduled = True
            loop.call_soon(self._drain)
        await done

    def _drain(self) -> None:
        """Group commit: every turn that reached `commit()` in this pass of the loop
        goes into one transaction, each inside its own SAVEPOINT, so one turn's
        conflict rolls back that turn only. Under load this spends one BEGIN/COMMIT
        on many turns; alone, a turn commits by itself. A turn's caller hears back
        only after the COMMIT that holds its turn."""
        self._drain_scheduled = False
        batch, self._queued = self._queued, []
        if not batch:
            return
        try:
            turns = [t for t, _ in batch]
            outcomes = self._write(
                sql.transaction, commit_turns, turns, self._commit_sync, self._written
            )
        except Exception as exc:  # the transaction itself failed: none of them is written
            outcomes = [exc] * len(batch)
        # a caller cancelled meanwhile (done already) has its turn committed all the same
        for (turn, done), outcome in zip(batch, outcomes, strict=True):
            if outcome is None:
                self._remember(turn)
                if not done.done():
                    done.set_result(None)
            else:
                self._forget(turn)
                if not done.done():
                    done.set_exception(outcome)

    def _commit_sync(self, conn: sqlite3.Connection, turn: TurnCommit) -> None:
        sql.commit_turn(conn, turn)
        self._written(conn, turn)

    def _written(self, conn: sqlite3.Connection, turn: TurnCommit) -> None:
        self._commits += 1
        if (self._commits - 1) % self.purge_every == 0:  # the first commit, then every N
            sql.purge_dedup(conn, turn.at - self.dedup_ttl)

    # tickets

    async def next_ticket_number(self) -> int:
        """From a block of `TICKET_NUMBER_BLOCK` reserved in the file (strictly increasing
        in this process, never reused by any). `close()` gives the rest back unless someone
        took numbers after it; a process that dies without closing leaves a gap."""
        if self._next_number > self._last_number:
            # no await between the check and the update: two turns never share a block
            last = self._write(
                sql.transaction,
                sql.reserve_ticket_numbers,
                self.first_ticket_number,
                TICKET_NUMBER_BLOCK,
            )
            self._next_number, self._last_number = last - TICKET_NUMBER_BLOCK + 1, last
        number = self._next_number
        self._next_number += 1
        return number

    def _return_numbers(self) -> None:
        if self._next_number > self._last_number:
            return
        try:
            self._write(
                sql.transaction,
                sql.return_ticket_numbers,
                self._next_number - 1,
                self._last_number,
            )
        except StoreError as exc:  # a gap in the numbers, nothing worse
            log.warning(
                "ticket numbers %d-%d not given back: %s", self._next_number, self._last_number, exc
            )
        self._next_number, self._last_number = 1, 0

    async def get_ticket(self, number: int) -> Ticket | None:
        return await self._read(sql.get_ticket, number)

    async def list_tickets(
        self, *, address: Address | None = None, open_only: bool = False, limit: int = 100
    ) -> list[Ticket]:
        """Newest (highest number) first."""
        return await self._read(sql.list_tickets, address, open_only, limit)

    async def query_tickets(self, query: TicketQuery) -> list[Ticket]:
        if query.words:  # the index catches up with what was committed, then is read
            await self._call(sql.transaction, search.refresh_index)
        return await self._read(search.query_tickets, query)

    # outbox

    async def claim_outbox(self, *, now: datetime, limit: int = 50) -> list[OutboxItem]:
        """Pending items due at `now`, and `sending` items whose lease expired by
        `now` (a dispatcher crashed), by `created_at` (the committing turn's
        time: commit order); they come back `sending`, leased for `self.lease`
        under a new token. `attempts` is left alone: `retry_outbox` sets it."""
        token = secrets.token_hex(8)
        return await self._call(
            sql.transaction, outbox_sql.claim_outbox, now, limit, self.lease, token
        )

    async def begin_send(self, item_id: str, *, lease: str, now: datetime) -> bool:
        return self._held(
            await self._call(outbox_sql.begin_send, item_id, lease, now, self.lease), item_id
        )

    async def finish_outbox(
        self,
        item_id: str,
        *,
        status: str,
        provider_id: str = "",
        error: str = "",
        lease: str | None = None,
    ) -> bool:
        """Raises KeyError for an unknown item."""
        result = await self._call(
            outbox_sql.finish_outbox, item_id, status, provider_id, error, lease
        )
        return self._held(result, item_id)

    async def retry_outbox(
        self,
        item_id: str,
        *,
        not_before: datetime,
        attempts: int,
        error: str,
        lease: str | None = None,
        provider_id: str = "",
    ) -> bool:
        """Back to pending, not claimable before `not_before`; nothing changes if the
        item was finished meanwhile. Raises KeyError for an unknown item."""
        result = await self._call(
            outbox_sql.retry_outbox, item_id, not_before, attempts, error, lease, provider_id
        )
        return self._held(result, item_id)

    @staticmethod
    def _held(result: int, item_id: str) -> bool:
        """`sql`'s 0 (no such item), 1 (done), 2 (refused) as the Outbox role says."""
        if not result:
            raise KeyError(f"no outbox item {item_id!r}")
        return result == 1

    async def get_outbox(self, item_id: str) -> OutboxItem | None:
        return await self._read(outbox_sql.get_outbox, item_id)

    async def outbox_for(self, address: Address) -> list[OutboxItem]:
        """Every item for the address, oldest first."""
        return await self._read(outbox_sql.outbox_for, address)

    async def count_outbox(self, *, channel: str) -> int:
        return await self._read(outbox_sql.count_outbox, channel)

    # timers

    async def claim_due_timers(
        self, *, now: datetime, limit: int = 100, kinds: Collection[str] | None = None
    ) -> list[Timer]:
        """Return and delete, in one transaction, the timers due at `now` (earliest
        first), of `kinds` if given."""
        if kinds is not None and not kinds:
            return []
        wanted = None if kinds is None else tuple(kinds)
        return await self._call(sql.transaction, sql.claim_timers, now, limit, wanted)

    # transcript and flags

    async def transcript(self, conversation_id: str, *, limit: int = 200) -> list[TranscriptLine]:
        """The last `limit` lines, in the order they were committed."""
        return await self._read(sql.transcript, conversation_id, limit)

    async def get_flag(self, key: str) -> str | None:
        return await self._read(sql.get_flag, key)

    async def set_flag(self, key: str, value: str | None) -> None:
        await self._call(sql.set_flag, key, value)

    # incidents

    async def next_incident_id(self) -> int:
        return await self._call(sql.transaction, incident_sql.next_incident_id)

    async def save_incident(self, incident: Incident) -> None:
        self._open_incidents.clear()
        await self._call(sql.transaction, incident_sql.save_incident, incident)

    async def get_incident(self, incident_id: int) -> Incident | None:
        return await self._read(incident_sql.get_incident, incident_id)

    async def list_incidents(self, *, open_only: bool = False, limit: int = 100) -> list[Incident]:
        if open_only and limit == 100:  # the engine's read, every turn
            return await self._open_incidents.read(
                lambda: self._read(incident_sql.list_incidents, True, 100)
            )
        return await self._read(incident_sql.list_incidents, open_only, limit)

    async def incident_children(
        self, incident_id: int, *, after: int = 0, limit: int = 500
    ) -> list[int]:
        return await self._read(incident_sql.incident_children, incident_id, after, limit)

    async def count_incident_children(self, incident_id: int) -> int:
        return await self._read(incident_sql.count_incident_children, incident_id)

    async def remove_incident_child(self, incident_id: int, number: int) -> bool:
        return await self._call(
            sql.transaction, incident_sql.remove_incident_child, incident_id, number
        )

    # contacts

    async def save_contact(self, contact: Contact) -> None:
        await self._call(sql.transaction, contact_sql.save_contact, contact)

    async def delete_contact(self, account: str, contact_id: str) -> bool:
        return await self._call(sql.transaction, contact_sql.delete_contact, account, contact_id)

    async def list_contacts(self, account: str | None = None) -> list[Contact]:
        return await self._read(contact_sql.list_contacts, account)

    # maintenance (not part of the protocol)

    async def purge_dedup(self, *, now: datetime) -> int:
        """Forget dedup keys older than the TTL; commits also do this every `purge_every`."""
        return await self._call(sql.transaction, sql.purge_dedup, now - self.dedup_ttl)

    # recent conversations

    def _known(self, conversation_id: str) -> Conversation | None:
        conv = self._recent.get(conversation_id)
        if conv is not None:
            self._recent.move_to_end(conversation_id)
        return conv

    def _remember(self, turn: TurnCommit) -> None:
        conv = turn.conversation
        if conv is None:
            return
        self._recent[conv.id] = conv
        self._recent.move_to_end(conv.id)
        if len(self._recent) > RECENT_CONVERSATIONS:
            self._recent.popitem(last=False)

    def _forget(self, turn: TurnCommit) -> None:
        if turn.conversation is not None:
            self._recent.pop(turn.conversation.id, None)

    # the connection

    def _run(self, fn: Callable[..., T], *args: Any) -> T:
        """`fn(conn, *args)` on the loop thread; sqlite errors become StoreError."""
        conn = self._conn
        if conn is None:
            raise StoreError("the SQLite store is not open")
        try:
            return fn(conn, *args)
        except sqlite3.Error as exc:
            raise StoreError(f"sqlite: {exc}") from exc

    async def _read(self, fn: Callable[..., T], *args: Any) -> T:
        """A read: it sees every turn whose commit() has returned."""
        return self._run(fn, *args)

    def _write(self, fn: Callable[..., T], *args: Any) -> T:
        """A write transaction; the checkpointer counts it."""
        result = self._run(fn, *args)
        if self.checkpointer is not None:
            self.checkpointer.committed()
        return result

    async def _call(self, fn: Callable[..., T], *args: Any) -> T:
        """A write outside a turn (claims, retries, flags, counters): its own transaction."""
        return self._write(fn, *args)
