"""The first-message reading a storm-path child was spared, done after its turn.

An outage's child opens on the storm path (flows.dialogue.incident.at_intake) without the
classifier: it runs on the master's priority, so nothing in its answer or its SLA waits
on it, and its own first-message priority shows `pending`. The turn that opens it also
commits a store timer, `reading:<ticket>` (kind `child_reading`), so the reading is owed
durably: a worker that dies or restarts before it leaves the timer for the next one.

`DeferredReadings` drains those timers when its worker is idle (`Engine.busy`: no turn
under way and none begun for a quarter of a second, seen twice a poll apart: during a
storm a worker is between turns many times a second, and one the machine did not run for
a while has requests waiting that begin at its next poll) and at least a batch every
`max_wait` seconds, so a steady trickle of turns cannot starve it: a storm's answers do
not wait on the classifier. A claimed batch is first pushed on by a lease, so a worker
killed half-way leaves the rest due again; the batch's readings are committed together
with their timers' cancellations, under their conversations' locks.

The timer is due `HORIZON` after the turn, and the drain claims up to `HORIZON` ahead:
the timer loop, which reads past kinds it does not handle, never reads through a storm's
worth of readings unless they were starved for that long.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Final

from bot.engine.opening import route_event
from bot.outage import Outage
from bot.plan.policy import Policy
from bot.store.protocol import Store, StoreError, Timer, TurnCommit
from domain.types import Ticket
from flows.dialogue.incident import PENDING, read_child
from flows.dialogue.turn import TurnContext

log = logging.getLogger("supportbot.readings")

KIND: Final = "child_reading"
HORIZON: Final = timedelta(minutes=5)
LEASE: Final = timedelta(minutes=2)


def reading_timer(t: Ticket, now: datetime) -> Timer:
    payload = {"ticket": str(t.number), "conversation": t.conversation_id or str(t.address)}
    return Timer(key=f"reading:{t.number}", due=now + HORIZON, kind=KIND, payload=payload)


def is_pending(t: Ticket) -> bool:
    return t.fields.get("own_priority") == PENDING


def settle(policy: Policy, t: Ticket, now: datetime) -> Ticket:
    """`t` with its first message read, if it was left for later; else `t` itself."""
    if not is_pending(t):
        return t
    reading = read_child(t, TurnContext(now=now, policy=policy, channel=t.channel))
    fields = {**t.fields, **reading.fields, "own_priority": reading.own_priority}
    ticket = replace(t, fields=fields, assessment={**t.assessment, **reading.assessment})
    if not any(e.kind == "routed" for e in t.events):
        # the route the full path would have recorded at opening, read from the same text
        route = policy.route_for(
            impact=reading.assessment.get("impact"),
            service=reading.assessment.get("service"),
            text=t.fields.get("description", ""),
        )
        if route is not None:
            ticket = ticket.with_event(route_event(route, now))
    return ticket


class DeferredReadings:
    def __init__(
        self,
        *,
        store: Store,
        policy: Policy,
        clock: Callable[[], datetime],
        busy: Callable[[], bool] = lambda: False,
        batch: int = 32,
        max_wait: float = 5.0,
        idle_poll: float = 0.05,
        poll_interval: float = 2.0,
    ) -> None:
        self.store = store
        self.policy = policy
        self.clock = clock
        self.busy = busy
        self.batch = batch
        self.max_wait = max_wait
        self.idle_poll = idle_poll
        self.poll_interval = poll_interval
        self._outage = Outage(log, "deferred readings")
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self.run(), name="deferred-readings")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            # bounded, as the lock renewer's: a cancel redis-py turned into an error is
            # seen by `run`, but a stop must not wait for ever on a task that missed it
            await asyncio.wait({task}, timeout=5)

    async def run(self) -> None:
        me = asyncio.current_task()
        last = time.monotonic()
        done = 0
        while True:
            if self.busy() and time.monotonic() - last < self.max_wait:
                await asyncio.sleep(self.idle_poll)  # turns first
                done = 0
                continue
            if not done and time.monotonic() - last < self.max_wait:
                # idle, or only not scheduled for a while (a busy machine): then requests
                # are waiting in its sockets and begin as soon as the loop polls them
                # (looked at again before the first batch of a run, not between batches)
                await asyncio.sleep(self.idle_poll)
                if self.busy():
                    continue
            try:
                done = await self.drain_batch()
                self._outage.ok()
            except Exception as exc:
                if me is not None and me.cancelling():
                    return  # a cancel that came out of the store as an error
                if isinstance(exc, StoreError):
                    # the store is down (a Redis restart): one bounded line, no traceback a
                    # round; the readings stay owed in the store and are read when it is back
                    self._outage.failed(exc)
                else:
                    log.exception("deferred readings failed; retrying")
                done = 0
            last = time.monotonic()
            if not done:
                await asyncio.sleep(self.poll_interval)

    async def drain(self) -> int:
        """Every reading owed now, whatever else runs (tests, a shutdown); how many."""
        total = 0
        while done := await self.drain_batch():
            total += done
        return total

    async def drain_batch(self) -> int:
        now = self.clock()
        claimed = await self.store.claim_due_timers(
            now=now + HORIZON, limit=self.batch, kinds=(KIND,)
        )
        if not claimed:
            return 0
        # held, not lost: if this worker dies before a reading is committed, it falls due again
        held = tuple(replace(t, due=now + HORIZON + LEASE) for t in claimed)
        await self.store.commit(TurnCommit(at=now, timers=held))
        numbers = [int(t.payload.get("ticket", "0")) for t in claimed]
        where = {int(t.payload.get("ticket", "0")): t.payload.get("conversation") for t in claimed}
        for number, conv in list(where.items()):
            if not conv:  # not named in the timer: from the ticket itself
                first = await self.store.get_ticket(number)
                where[number] = (first.conversation_id or str(first.address)) if first else None
        # the batch's conversations locked (in one order: no two holders wait on each
        # other), read, and written back in one commit with their timers' cancellations
        async with contextlib.AsyncExitStack() as locks:
            for key in sorted({c for c in where.values() if c}):
                await locks.enter_async_context(self.store.lock(key))
            read: list[Ticket] = []
            for number in numbers:
                t = await self.store.get_ticket(number) if where.get(number) else None
                settled = settle(self.policy, t, now) if t is not None else None
                if settled is not None and settled is not t:
                    read.append(settled)
                await asyncio.sleep(0)  # a turn's CPU part goes first (its lock may wait)
            cancel = tuple(t.key for t in claimed)
            await self.store.commit(TurnCommit(at=now, tickets=tuple(read), cancel_timers=cancel))
        return len(claimed)
