"""Inbox flow control: SMTP acceptance first during a burst, and a bound on the backlog.

An MTA keeps taking mail into its queue while its delivery agents work the queue
down, and refuses with a 4xx (the sender retries) when the queue is full. The
durable inbox does the same on one event loop, where the SMTP sessions and the
inbox turns share the loop (and the GIL):

- `Backlog` counts accepted mail not yet turned; at `limit` the channel answers
  451 4.3.1 to RCPT and DATA instead of 250: a message is refused before it is
  accepted, never accepted and then dropped.
- `AcceptFirst` lets a turn wait while mail is being accepted (a DATA being
  answered, or answered in the last `quiet` seconds), for at most `max_wait` in a
  row, so a burst is acknowledged at nearly the speed of the commit alone and
  turned right behind it. A turn always starts after `max_wait` however busy SMTP
  is (processing never starves: under continuous acceptance, one turn per
  `max_wait` at least), and does not wait at all once the backlog reaches `below`:
  a sustained flood is not a burst, and the turns then compete for the loop as
  usual, so the sustained rate does not fall.

Both read a monotonic clock, and `AcceptFirst` sleeps through an injected `sleep`,
so tests drive them with a fake clock instead of waiting.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Final

from bot.outage import Outage
from bot.store.protocol import Outbox, StoreError
from channels.email_inbox import INTAKE

log = logging.getLogger("supportbot.email")

BACKLOG_FULL: Final = "451 4.3.1 Too much mail waiting to be processed, please try again later"
QUIET: Final = 0.010  # answers closer together than this are a burst (over 100 mails/s)
RESYNC: Final = 5.0  # seconds between two reads of the backlog from the store


class Backlog:
    """Accepted mail not yet turned (`pending`), counted in this process.

    Read from the store at start (`Store.count_outbox` of `email-intake`), +1 for
    every message this process accepts, -1 for every inbox item it finishes, and
    read again when a caller asks (`has_room`) and the last read is `resync`
    seconds old. On SQLite (one process) the count is exact. With several workers
    on Redis each worker sees the others' accepts and turns only at its next read,
    so the bound may be overshot by what the other workers accept in `resync`
    seconds, and a worker may refuse for up to `resync` seconds after the others
    drained the backlog (a 4xx the sender retries; nothing is lost either way).
    """

    def __init__(
        self,
        *,
        store: Outbox,
        limit: int,
        resync: float = RESYNC,
        clock: Callable[[], float] = time.monotonic,
        outage: Outage | None = None,
    ) -> None:
        self.store = store
        self.limit = limit
        self.resync = resync
        self._clock = clock
        # a failed read is tried again by the next mail: one log line an interval
        self._outage = outage or Outage(log, "inbox backlog not read", monotonic=clock)
        self.pending = 0
        self._read_at: float | None = None
        self._reading = False

    async def read(self) -> None:
        """Take the count from the store (at start, then every `resync` seconds)."""
        self._reading = True
        try:
            self.pending = await self.store.count_outbox(channel=INTAKE)
            self._read_at = self._clock()
        finally:
            self._reading = False

    async def has_room(self) -> bool:
        """Whether one more message may be accepted (reads the store when due)."""
        due = self._read_at is None or self._clock() - self._read_at >= self.resync
        if due and not self._reading:  # one read at a time; the others use the count
            try:
                await self.read()
            except StoreError as exc:  # keep counting; the commit will answer 451 if need be
                self._outage.failed(exc)
            else:
                self._outage.ok()
        return self.pending < self.limit

    def accepted(self) -> None:
        self.pending += 1

    def finished(self) -> None:
        self.pending = max(0, self.pending - 1)


class AcceptFirst:
    """Inbox turns wait while SMTP is accepting a burst, never longer than `max_wait`.

    The channel brackets each DATA with `data_started()` / `data_done()`. A turn
    waits while a DATA is being answered (its commit is on its way: a turn now
    would hold the loop and queue its own commit ahead of the next ones) and for
    `quiet` seconds after the last answer (the sessions' next messages are on the
    wire), for at most `max_wait` in all.
    """

    def __init__(
        self,
        *,
        backlog: Backlog,
        max_wait: float,
        below: int,
        quiet: float = QUIET,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.backlog = backlog
        self.max_wait = max_wait
        self.below = below
        self.quiet = quiet
        self._clock = clock
        self._sleep = sleep
        self._answering = 0  # DATA commands between the end of the message and the reply
        self._idle = asyncio.Event()
        self._idle.set()
        self._last_answer = float("-inf")

    def data_started(self) -> None:
        self._answering += 1
        self._idle.clear()

    def data_done(self) -> None:
        self._answering -= 1
        self._last_answer = self._clock()
        if not self._answering:
            self._idle.set()

    async def before_turn(self) -> float:
        """Return when the next turn may start; how long it waited."""
        start = self._clock()
        deadline = start + self.max_wait
        while self.backlog.pending < self.below:
            now = self._clock()
            if now >= deadline:
                break
            if self._answering:
                await self._until_idle(deadline - now)
                continue
            # "no answer for `quiet` seconds" is a matter of time: each sleep ends at the
            # quiet deadline or the bound, whichever is first
            until = min(self._last_answer + self.quiet, deadline)
            if until <= now:
                break
            await self._sleep(until - now)
        return self._clock() - start

    async def _until_idle(self, at_most: float) -> None:
        """Until no DATA is being answered, or for `at_most` seconds (the injected sleep)."""
        idle = asyncio.ensure_future(self._idle.wait())
        bound = asyncio.ensure_future(self._sleep(at_most))
        try:
            await asyncio.wait((idle, bound), return_when=asyncio.FIRST_COMPLETED)
        finally:
            idle.cancel()
            bound.cancel()
