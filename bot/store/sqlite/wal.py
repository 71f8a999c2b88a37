"""WAL checkpoints for the SQLite store, off the event loop.

The store writes on the event loop's thread (see `bot.store.sqlite.store`), with
SQLite's automatic checkpoint turned off on that connection: a checkpoint copies
the WAL back into the database file and fsyncs it, which can take milliseconds
to seconds on a busy disk, and must not stall every channel while it runs. This
thread does it instead, on a connection of its own, in PASSIVE mode (it never
waits for, or blocks, the writer): after every `every_commits` committed
transactions, and at least every `idle_seconds` while there is anything to copy.
The writer restarts the WAL from its beginning once a checkpoint has copied all of
it, and `journal_size_limit` keeps the file from staying large after a burst.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from typing import Final

log = logging.getLogger("supportbot.store")

DEFAULT_EVERY_COMMITS: Final = 200
DEFAULT_IDLE_SECONDS: Final = 1.0


class WalCheckpointer:
    """One daemon thread running `PRAGMA wal_checkpoint(PASSIVE)` on its own connection."""

    def __init__(
        self,
        path: str,
        *,
        busy_timeout_ms: int,
        every_commits: int = DEFAULT_EVERY_COMMITS,
        idle_seconds: float = DEFAULT_IDLE_SECONDS,
    ) -> None:
        self.path = path
        self.busy_timeout_ms = busy_timeout_ms
        self.every_commits = every_commits
        self.idle_seconds = idle_seconds
        self.checkpoints = 0  # completed runs (tests and /metrics read it)
        self._since = 0  # loop thread only: transactions since the last wake-up
        self._dirty = False
        self._wake = threading.Event()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="sqlite-checkpoint", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def committed(self, transactions: int = 1) -> None:
        """Called on the loop thread after each write transaction: cheap (a counter,
        and an Event set every `every_commits`)."""
        self._dirty = True
        self._since += transactions
        if self._since >= self.every_commits:
            self._since = 0
            self._wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        self._stopping = True
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def checkpoint(self, conn: sqlite3.Connection) -> tuple[int, int, int]:
        """(busy, frames in the WAL, frames copied) as SQLite reports them."""
        busy, frames, copied = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        self.checkpoints += 1
        return int(busy), int(frames), int(copied)

    def _run(self) -> None:
        try:
            conn = sqlite3.connect(self.path, isolation_level=None)
        except sqlite3.Error as exc:
            log.error("WAL checkpoints are off, could not open %s: %s", self.path, exc)
            return
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")
            while not self._stopping:
                self._wake.wait(self.idle_seconds)
                self._wake.clear()
                if self._stopping or not self._dirty:
                    continue
                self._dirty = False
                try:
                    self.checkpoint(conn)
                except sqlite3.Error as exc:  # e.g. disk full: the next run tries again
                    self._dirty = True
                    log.warning("WAL checkpoint failed: %s", exc)
        finally:
            conn.close()
