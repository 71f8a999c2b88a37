"""Ticket numbers on Redis, taken in blocks while they are in demand.

A storm turn's ticket number was its own round trip (one of three). `TicketNumbers` takes
one number at a time while tickets are rare, exactly as a plain INCR did; when a block is
used up within `fresh` seconds of being taken, the next one is twice as large (up to
`most`), so a worker opening hundreds of tickets a second takes its numbers a block at a
time. A block is used only while fresh: a number handed out was taken from Redis at most
`fresh` seconds before, so across workers numbers are unique and follow the time they
were opened to within that, not exactly (in one worker they always increase). What is
left of a block gone stale is given back in the next take's own round trip (and at
close) when nobody took numbers after it; otherwise it is a gap, as a worker killed with
a block in hand leaves one (SQLite's blocks do the same).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Final

# take(size, give back from, give back to) -> the last number of the block taken
Take = Callable[[int, int, int], Awaitable[int]]

FRESH: Final = 0.5  # seconds a block is used for after it was taken
# the largest block: well above the calls in flight (a storm worker's 32), or each loop
# turn's callers use a block up and the next turn's all wait for a take (a round trip and
# a suspension more for most storm messages at 32)
MOST: Final = 256


class TicketNumbers:
    def __init__(
        self,
        take: Take,
        *,
        fresh: float = FRESH,
        most: int = MOST,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._take = take
        self._fresh = fresh
        self._most = most
        self._clock = clock
        self._next = 1
        self._last = 0  # the block is next..last; empty when next > last
        self._size = 0
        self._taken_at = 0.0
        self._waiting = 0  # callers waiting for the take under way
        self._taking: asyncio.Future[None] | None = None

    def _ready(self) -> bool:
        return self._next <= self._last and self._clock() - self._taken_at < self._fresh

    def _hand_out(self) -> int:
        number = self._next
        self._next += 1
        return number

    async def next(self) -> int:
        while not self._ready():  # no await between the check and the hand-out
            # One take at a time, awaited by every caller that needs it: they all wake in
            # the same turn of the loop (a lock would wake them one loop turn apart).
            if self._taking is None:
                self._taking = asyncio.ensure_future(self._take_block())
            self._waiting += 1
            try:
                await asyncio.shield(self._taking)
            finally:
                self._waiting -= 1
        return self._hand_out()

    async def _take_block(self) -> None:
        try:
            await asyncio.sleep(0)  # the callers of this loop turn count themselves in first
            now = self._clock()
            used_up = self._next > self._last
            in_demand = used_up and self._size and now - self._taken_at < self._fresh
            size = min(self._most, self._size * 2) if in_demand else 1
            size = min(self._most, max(size, self._waiting))  # enough for those waiting
            back = (0, 0) if used_up else (self._next, self._last)
            self._next, self._last = 1, 0  # given back (or a gap) whatever the take does
            last = await self._take(size, *back)
            self._next, self._last = last - size + 1, last
            self._size, self._taken_at = size, now
        finally:
            self._taking = None

    async def give_back(self) -> None:
        """What is left of the block back to Redis, if nobody took numbers after it."""
        if self._next <= self._last:
            back = (self._next, self._last)
            self._next, self._last = 1, 0
            await self._take(0, *back)
