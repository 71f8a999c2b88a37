"""Runs due timers (SLA re-pings, breaches, hold ends) by kind.

The loop claims only the kinds it has handlers for (`Timers.claim_due_timers(kinds=...)`):
a timer of another kind stays in the store untouched, for a loop that knows it.
A handler that fails gets its timer back a minute later.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Final

from bot.outage import Outage
from bot.store.protocol import StoreError, Timer, Timers, TurnCommit

log = logging.getLogger("supportbot.timers")

TimerHandler = Callable[[Timer], Awaitable[None]]
RETRY_AFTER: Final = timedelta(minutes=1)


class TimerLoop:
    def __init__(
        self, *, store: Timers, clock: Callable[[], datetime], poll_interval: float = 5.0
    ) -> None:
        self.store = store
        self.clock = clock
        self.poll_interval = poll_interval
        self.handlers: dict[str, TimerHandler] = {}
        self._stop = asyncio.Event()
        self.outage = Outage(log, "timer claims")

    def register(self, kind: str, handler: TimerHandler) -> None:
        self.handlers[kind] = handler

    async def run_due(self) -> int:
        """Claim and run what is due now; returns how many timers this loop handled."""
        now = self.clock()
        handled = 0
        put_back: list[Timer] = []
        for timer in await self.store.claim_due_timers(now=now, kinds=tuple(self.handlers)):
            handler = self.handlers[timer.kind]
            try:
                await handler(timer)
                handled += 1
            except StoreError as exc:
                self.outage.failed(exc)
                put_back.append(Timer(timer.key, now + RETRY_AFTER, timer.kind, timer.payload))
            except Exception:
                log.exception("timer %s failed; retrying later", timer.key)
                put_back.append(Timer(timer.key, now + RETRY_AFTER, timer.kind, timer.payload))
        if put_back:
            await self.store.commit(TurnCommit(at=now, timers=tuple(put_back)))
        return handled

    async def run(self) -> None:
        while not self._stop.is_set():
            try:
                await self.run_due()
                self.outage.ok()
            except StoreError as exc:
                self.outage.failed(exc)  # bounded: not a traceback per round
            except Exception:
                log.exception("timer round failed; retrying")
            try:
                await asyncio.wait_for(self._stop.wait(), timeout=self.poll_interval)
            except TimeoutError:
                pass

    def stop(self) -> None:
        self._stop.set()
