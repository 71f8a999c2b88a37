"""Delivers the outbox through the channels, with retry and backoff.

A send that fails leaves its message in the outbox with a later `not_before`;
nothing is dropped until a channel says the failure is permanent (an
unsubscribed number, a bad address) or the attempts run out, and then the
failure is written on the ticket so an agent sees it.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Protocol

from bot.metrics import METRICS
from bot.store import OutboxItem, OutboxStatus, Store, TurnCommit, locked_ticket
from bot.types import Outbound, TicketEvent

log = logging.getLogger("supportbot.dispatch")


@dataclass(frozen=True, slots=True)
class Receipt:
    provider_id: str = ""
    status: str = OutboxStatus.SENT


class TemporaryFailure(Exception):
    """Try again later (HTTP 429/5xx, SMTP 4xx, a disconnected socket)."""

    def __init__(self, reason: str, *, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class PermanentFailure(Exception):
    """Will never succeed (opted out, invalid address): mark failed, tell the agent."""


class Sender(Protocol):
    """A channel's delivery. A sender may also set `keeps_trying = True` (the email
    inbox does): its items are retried past `max_attempts`, because giving up would
    lose a message we already acknowledged."""

    async def send(self, message: Outbound) -> Receipt: ...


class Dispatcher:
    def __init__(
        self,
        *,
        store: Store,
        senders: Mapping[str, Sender],
        clock: Callable[[], datetime],
        max_attempts: int = 8,
        base_delay: float = 1.0,
        max_delay: float = 300.0,
        poll_interval: float = 1.0,
        concurrency: int = 16,
    ) -> None:
        self.store = store
        self.senders = dict(senders)
        self.clock = clock
        self.max_attempts = max_attempts
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.poll_interval = poll_interval
        self._wake = asyncio.Event()
        self._limit = asyncio.Semaphore(concurrency)
        self._stopping = False

    def kick(self) -> None:
        """A commit put something in the outbox: look now instead of at the next poll."""
        self._wake.set()

    def add_sender(self, channel: str, sender: Sender) -> None:
        self.senders[channel] = sender

    async def run(self) -> None:
        # Polling stays as a fallback: with several workers on one Redis, another
        # worker's commit cannot set our event.
        while not self._stopping:
            try:
                await self.deliver_due()
            except Exception:
                log.exception("outbox delivery round failed; retrying")
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=self.poll_interval)
            except TimeoutError:
                pass
            self._wake.clear()

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()

    async def deliver_due(self) -> int:
        """Claim and deliver everything due now; returns how many were attempted."""
        total = 0
        while True:
            items = await self.store.claim_outbox(now=self.clock(), limit=50)
            if not items:
                return total
            total += len(items)
            await asyncio.gather(*(self._deliver(item) for item in items))

    async def deliver(self, item: OutboxItem) -> None:
        """Deliver one item the caller claimed (retry and failure bookkeeping included)."""
        await self._deliver(item)

    async def _deliver(self, item: OutboxItem) -> None:
        async with self._limit:
            channel = item.outbound.address.channel
            sender = self.senders.get(channel)
            if sender is None:
                await self._retry(item, f"no sender for channel {channel}", None)
                return
            try:
                receipt = await sender.send(item.outbound)
            except TemporaryFailure as exc:
                await self._retry(item, str(exc), exc.retry_after)
                return
            except PermanentFailure as exc:
                await self._fail(item, str(exc))
                return
            except Exception as exc:  # an unknown error is treated as temporary: never drop
                log.exception("send failed on %s", channel)
                await self._retry(item, f"{type(exc).__name__}: {exc}", None)
                return
            await self.store.finish_outbox(
                item.id, status=receipt.status, provider_id=receipt.provider_id
            )
            METRICS.inc("supportbot_deliveries_total", channel=channel, result=receipt.status)

    def backoff(self, attempts: int) -> float:
        delay = min(self.max_delay, self.base_delay * (2 ** max(0, attempts - 1)))
        return delay * (0.8 + 0.4 * random.random())

    async def _retry(self, item: OutboxItem, error: str, retry_after: float | None) -> None:
        METRICS.inc(
            "supportbot_deliveries_total", channel=item.outbound.address.channel, result="retry"
        )
        attempts = item.attempts + 1
        sender = self.senders.get(item.outbound.address.channel)
        if attempts >= self.max_attempts and not getattr(sender, "keeps_trying", False):
            await self._fail(item, f"gave up after {attempts} attempts: {error}")
            return
        delay = retry_after if retry_after is not None else self.backoff(attempts)
        not_before = self.clock() + timedelta(seconds=delay)
        log.warning(
            "delivery attempt %d failed (%s); next at %s", attempts, error, not_before.isoformat()
        )
        await self.store.retry_outbox(
            item.id, not_before=not_before, attempts=attempts, error=error
        )

    async def _fail(self, item: OutboxItem, error: str) -> None:
        METRICS.inc(
            "supportbot_deliveries_total", channel=item.outbound.address.channel, result="failed"
        )
        await self.store.finish_outbox(item.id, status=OutboxStatus.FAILED, error=error)
        number = item.outbound.ticket_number
        if number is None:
            return
        async with locked_ticket(self.store, number) as ticket:
            if ticket is None:
                return
            now = self.clock()
            event = TicketEvent(now, "delivery_failed", error, by="system")
            await self.store.commit(
                TurnCommit(at=now, tickets=(replace(ticket.with_event(event)),))
            )
