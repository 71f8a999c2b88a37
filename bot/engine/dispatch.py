"""Delivers the outbox through the channels, with retry and backoff.

A send that fails leaves its message in the outbox with a later `not_before`;
nothing is dropped until a channel says the failure is permanent (an
unsubscribed number, a bad address) or the attempts run out, and then the
failure is written on the ticket so an agent sees it.

Lanes (bot/engine/dispatch_lanes.py): each channel's items start in claim order in a lane
of their own, so a slow or paced channel holds up only its own items.

Fencing (bot/store/outbox.py): every send is preceded by `store.begin_send` with the
claim's lease token and skipped when the store refuses (another worker took the item over
after this one hung past its lease); the outcome is recorded with the same token, so a
stale worker neither sends nor overwrites the new holder's outcome. The sender sees the
item id as `meta["outbox_id"]`, stable across retries, for providers that deduplicate.

Interrupted sends: a worker killed, or frozen past its lease, after `begin_send` and before
recording the outcome leaves an item whose send may or may not have reached the customer
(`sends > attempts` when it is claimed again). Telegram and Twilio take no idempotency key,
so sending it again is a duplicate whenever the first send got through. `interrupted` says
what the next holder does: "hold" (the default in config: at most once) marks it
`uncertain`, notes it on the ticket and tells the agents in its thread
(`on_undelivered`), so a person decides instead of the customer getting it twice;
"resend" (at least once) sends it again. A sender whose far side deduplicates sets
`resend_interrupted = True` and is always resent: email (a stable Message-ID per item),
the email intake (turns are deduplicated on the Message-ID), webhooks (`webhook-id`).
A sender whose provider keeps a log reconciles instead (`reconcile`, see `Sender`): SMS
records what Twilio's log has of it and sends only the rest; when the log cannot be read,
the item is held as above.

Progress: a sender may fail part-way (a long SMS whose part 2 got a 429) or not know
whether the provider took its request (a timeout, a connection dropped after the request
went out). `TemporaryFailure(progress=...)` says what the provider has so far (SMS: the
accepted parts' sids), ending in UNSETTLED when the last request's outcome is unknown. It
is kept with the retry (the pending item's `provider_id`) and handed to the next attempt as
`meta["progress"]`: only what is missing is sent, and an UNSETTLED send is first settled
with the provider (`reconcile`). A log that cannot be read then is asked again at the next
retry; when the attempts run out, the item is held as uncertain.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta

from bot.engine.delivery import (
    UNSETTLED,
    DeliveryStore,
    PermanentFailure,
    Receipt,
    Sender,
    TemporaryFailure,
    Unreconciled,
)
from bot.engine.dispatch_lanes import Lanes
from bot.metrics import Metrics
from bot.outage import Outage
from bot.store.protocol import (
    OutboxItem,
    OutboxStatus,
    StoreError,
    TurnCommit,
    locked_ticket,
)
from domain.types import Outbound, TicketEvent

log = logging.getLogger("supportbot.dispatch")


class Dispatcher:
    def __init__(
        self,
        *,
        store: DeliveryStore,
        senders: Mapping[str, Sender],
        clock: Callable[[], datetime],
        max_attempts: int = 8,
        base_delay: float = 1.0,
        max_delay: float = 300.0,
        poll_interval: float = 1.0,
        concurrency: int = 16,
        batch: int = 50,
        lane_depth: int = 50,
        max_claimed: int = 1000,
        coalesce: float = 0.005,
        metrics: Metrics | None = None,
        record_patience: float = 60.0,
        interrupted: str = "resend",
        on_undelivered: Callable[[OutboxItem, str, str], Awaitable[None]] | None = None,
    ) -> None:
        if interrupted not in ("hold", "resend"):
            raise ValueError(f"interrupted must be 'hold' or 'resend', not {interrupted!r}")
        self.store = store
        self.metrics = metrics if metrics is not None else Metrics()
        self.senders = dict(senders)
        self.clock = clock
        self.max_attempts = max_attempts
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.poll_interval = poll_interval
        # per lane unless its sender says: sends at once; items claimed and unfinished
        self.concurrency = concurrency
        self.lane_depth = lane_depth
        self.batch = batch  # items per claim, at most
        self.max_claimed = max_claimed  # items claimed and unfinished in all, at most
        # While sends are in flight, a commit waits this long (seconds) for the next ones to
        # share its claim (Nagle's algorithm): in an email burst every accepted mail is a
        # commit, and a claim for each competes with SMTP acceptance for the store.
        self.coalesce = coalesce
        # seconds a sent item's outcome is retried while the store is down (see `_record`)
        self.record_patience = record_patience
        self.interrupted = interrupted  # module docstring, Interrupted sends
        # told (item, "failed" | "uncertain", why) once an item will not reach the customer
        # or may not have: the agent desk posts it in the ticket's thread
        self.on_undelivered = on_undelivered
        self._wake = asyncio.Event()  # a commit (or stop)
        self._room = asyncio.Event()  # room for a claim again (or stop)
        # one report per interval while the store is down (claims, and outcomes in lanes)
        self.outage = Outage(log, "outbox claims")
        self._lanes = Lanes(
            self._deliver,
            limit=self._concurrency,
            on_done=self._done,
            outage=Outage(log, "outbox outcomes"),
        )
        self._claims = 0  # items claimed so far
        self._stopping = False

    def kick(self) -> None:
        """A commit put something in the outbox: look now instead of at the next poll."""
        self._wake.set()

    def add_sender(self, channel: str, sender: Sender) -> None:
        self.senders[channel] = sender

    async def run(self) -> None:
        """Claim and deliver until `stop()`, then finish what was claimed. Cancelled, it
        cancels its sends (their items come back when their leases run out)."""
        try:
            while not self._stopping:
                self._wake.clear()
                self._room.clear()
                try:
                    dry = await self._fill()
                    self.outage.ok()
                except StoreError as exc:
                    self.outage.failed(exc)
                    dry = True
                except Exception:
                    log.exception("outbox claim failed; retrying")
                    dry = True
                # Dry: wait for a commit, polling as a fallback (with several workers on
                # one Redis, another worker's commit cannot set our event). Full: wait for
                # room (the poll bounds it, should `deliver_due` have cleared the event).
                await self._wait(self._wake if dry else self._room)
                if dry and self._lanes and not self._stopping:
                    await asyncio.sleep(self.coalesce)
            while self._lanes:
                self._room.clear()
                await self._wait(self._room)
        except asyncio.CancelledError:
            await self._lanes.cancel()
            raise

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        self._room.set()

    async def deliver_due(self) -> int:
        """Claim and deliver until nothing is due and nothing is being sent (tests, a
        one-off run); returns how many items it claimed."""
        first = self._claims
        while True:
            self._room.clear()
            if await self._fill(exhaust=True) and not self._lanes:
                return self._claims - first
            await self._wait(self._room)

    async def deliver(self, item: OutboxItem) -> None:
        """Deliver one item the caller claimed itself, outside the lanes (with retries)."""
        await self._deliver(item)

    def _concurrency(self, channel: str) -> int:
        return int(getattr(self.senders.get(channel), "concurrency", self.concurrency))

    def _depth(self, channel: str) -> int:
        return int(getattr(self.senders.get(channel), "depth", self.lane_depth))

    def _space(self) -> tuple[int, int]:
        """How many items the next claim may bring, now and were nothing held. It may be
        all one channel's, so it must fit every lane."""
        idle = now = min(self.batch, self.max_claimed, self.lane_depth)
        now = min(now, self.max_claimed - len(self._lanes))
        for channel in self.senders.keys() | self._lanes.channels():
            depth = self._depth(channel)
            idle, now = min(idle, depth), min(now, depth - self._lanes.held(channel))
        return now, idle

    def _done(self) -> None:
        # Full, claim again once half a claim fits, not once per finished item (which made
        # bench/smtp_intake.py claim 599 times instead of 34 for its 1,320 items).
        now, idle = self._space()
        if now >= max(1, idle // 2):
            self._room.set()

    async def _fill(self, *, exhaust: bool = False) -> bool:
        """Claim while there is room; True when a claim came back short: nothing more is
        due. A backend may return a short page with more due (Redis promotes due retries
        a page per claim): the next commit or poll claims the rest, or with `exhaust`,
        the loop goes on until a claim comes back empty."""
        while (limit := self._space()[0]) > 0:
            items = await self.store.claim_outbox(now=self.clock(), limit=limit)
            self._claims += sum(self._lanes.add(item) for item in items)
            if not items or (len(items) < limit and not exhaust):
                return True
        return False

    async def _wait(self, event: asyncio.Event) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), timeout=self.poll_interval)

    async def _deliver(self, item: OutboxItem) -> None:
        channel = item.outbound.address.channel
        sender = self.senders.get(channel)
        if sender is None:
            await self._retry(item, f"no sender for channel {channel}", None)
            return
        reconcile = None
        progress = item.provider_id  # a pending item's: what earlier attempts got accepted
        interrupted = item.sends > item.attempts
        if interrupted and not getattr(sender, "resend_interrupted", False):
            # an interrupted send: asked of the provider where it can be (under either
            # setting: a resend it spares is a duplicate spared), else held or resent
            reconcile = getattr(sender, "reconcile", None)
            if reconcile is None and self.interrupted == "hold":
                await self._hold(item)
                return
        elif progress.endswith(UNSETTLED):  # the last request got no answer: ask first
            reconcile = getattr(sender, "reconcile", None)
        if not await self.store.begin_send(
            item.id, lease=self._lanes.lease(item), now=self.clock()
        ):
            # Our claim was taken over (we hung past the lease) or the item was settled
            # meanwhile: its new holder sends it, not us.
            log.warning("outbox item %s not sent: its lease was taken over", item.id)
            self.metrics.delivery(channel, "fenced").inc()
            return
        meta = {**item.outbound.meta, "outbox_id": item.id}
        if progress:
            meta["progress"] = progress
        outbound = replace(item.outbound, meta=meta)
        try:
            receipt = None
            if reconcile is not None:
                receipt = await self._reconcile(item, outbound, reconcile, interrupted=interrupted)
            if receipt is None:
                receipt = await sender.send(outbound)
        except Unreconciled as exc:  # under "hold" only (`_reconcile`)
            await self._hold(item, why=str(exc))
            return
        except TemporaryFailure as exc:
            await self._retry(item, str(exc), exc.retry_after, progress=exc.progress)
            return
        except PermanentFailure as exc:
            await self._fail(item, str(exc))
            return
        except StoreError as exc:  # the sender's own store read: one outage line, a retry
            self._lanes.outage.failed(exc)
            if reconcile is not None:
                # A retry would make it look like a clean failure, and the next holder
                # would send it blind: left to its lease, it is reconciled again.
                return
            await self._retry(item, f"store unavailable: {exc}", None, quiet=True)
            return
        except Exception as exc:  # an unknown error is treated as temporary: never drop
            log.exception("send failed on %s", channel)
            await self._retry(item, f"{type(exc).__name__}: {exc}", None)
            return
        recorded = await self._record(item, receipt)
        if not recorded:  # sent after all, past the lease: the new holder may send it again
            log.warning(
                "outbox item %s sent past its lease; outcome left to its new holder", item.id
            )
            self.metrics.delivery(channel, "late").inc()
            return
        self.metrics.delivery(channel, receipt.status).inc()
        if item.created_at is not None:  # commit to send, retries and their waits included
            lag = (self.clock() - item.created_at).total_seconds()
            self.metrics.lag(channel).observe(max(0.0, lag))

    async def _record(self, item: OutboxItem, receipt: Receipt) -> bool:
        """Record a send the provider accepted. The store may be down for a moment (a
        Redis restart): keep trying, for up to `record_patience` seconds, since an outcome
        left unrecorded makes the item go out again once its lease runs out (or, under
        "hold", never). The lease token stays valid until another claim takes the item
        over, so a record after the store is back usually lands before any other worker's
        claim."""
        return await self._patiently(
            lambda: self.store.finish_outbox(
                item.id,
                status=receipt.status,
                provider_id=receipt.provider_id,
                error=receipt.error,
                lease=self._lanes.lease(item),  # we may have claimed it again meanwhile
            )
        )

    async def _patiently(self, write: Callable[[], Awaitable[bool]]) -> bool:
        """An outcome write, retried while the store is down, for up to `record_patience`."""
        delay, waited = 0.05, 0.0
        while True:
            try:
                done = await write()
            except StoreError as exc:
                if waited >= self.record_patience:
                    raise
                self._lanes.outage.failed(exc)
                await asyncio.sleep(delay)  # the store is down: back off, then retry
                waited += delay
                delay = min(delay * 2, 1.0)
                continue
            if waited:
                self._lanes.outage.ok()
            return done

    def backoff(self, attempts: int) -> float:
        delay = min(self.max_delay, self.base_delay * (2 ** max(0, attempts - 1)))
        return delay * (0.8 + 0.4 * random.random())

    async def _retry(
        self,
        item: OutboxItem,
        error: str,
        retry_after: float | None,
        *,
        quiet: bool = False,
        progress: str | None = None,
    ) -> None:
        self.metrics.delivery(item.outbound.address.channel, "retry").inc()
        attempts = item.attempts + 1
        progress = item.provider_id if progress is None else progress
        sender = self.senders.get(item.outbound.address.channel)
        if attempts >= int(getattr(sender, "max_attempts", self.max_attempts)):
            if progress.endswith(UNSETTLED):  # the provider may have it: not "failed"
                why = f"gave up after {attempts} attempts, the last one's outcome unknown"
                await self._hold(item, why=f"{why}: {error}", interrupted=False)
                return
            await self._fail(item, f"gave up after {attempts} attempts: {error}")
            return
        delay = retry_after if retry_after is not None else self.backoff(attempts)
        not_before = self.clock() + timedelta(seconds=delay)
        if not quiet:  # a store outage is reported by the outage log, not per item
            log.warning(
                "delivery attempt %d failed (%s); next at %s",
                attempts,
                error,
                not_before.isoformat(),
            )
        # recorded patiently too: a failed send whose retry went unrecorded would look
        # like an interrupted one (sends > attempts) to its next holder
        await self._patiently(
            lambda: self.store.retry_outbox(
                item.id,
                not_before=not_before,
                attempts=attempts,
                error=error,
                lease=self._lanes.lease(item),
                provider_id=progress,
            )
        )

    async def _reconcile(
        self,
        item: OutboxItem,
        outbound: Outbound,
        reconcile: Callable[..., Awaitable[Receipt | None]],
        *,
        interrupted: bool,
    ) -> Receipt | None:
        """An interrupted (or unsettled) send settled with its provider: the receipt of what
        the provider has, or None to send it. A provider that cannot be asked: under
        "hold", `Unreconciled` (held) for an interrupted send, a retry later for an
        unsettled one (its worker is alive: the log may be readable soon); None (sent
        again) under "resend"."""
        channel = outbound.address.channel
        what = "an interrupted send" if interrupted else "a send with no answer"
        try:
            receipt = await reconcile(outbound, since=item.created_at or self.clock())
        except Unreconciled as exc:
            log.warning("outbox item %s, %s, not reconciled: %s", item.id, what, exc)
            self.metrics.delivery(channel, "unreconciled").inc()
            if self.interrupted == "hold" and interrupted:
                raise
            if self.interrupted == "hold":
                raise TemporaryFailure(str(exc)) from exc
            return None
        found = "found at the provider" if receipt else "not at the provider: sent now"
        log.warning("outbox item %s, %s, %s", item.id, what, found)
        self.metrics.delivery(channel, "reconciled" if receipt else "resent").inc()
        return receipt

    async def _hold(self, item: OutboxItem, *, why: str = "", interrupted: bool = True) -> None:
        """At most once: a send of this item began and its outcome was never recorded (its
        worker was killed, or frozen past the lease; or, not `interrupted`, its provider
        never answered and could not be asked); it is not sent again. `why`: the reason
        the provider could not settle it (a reconciling sender's failed look-up)."""
        channel = item.outbound.address.channel
        stopped = "its worker stopped before recording" if interrupted else "no answer gave"
        error = (
            f"not sent again: a send began but {stopped} the outcome, so the customer may "
            "or may not have it"
        ) + (f" ({why})" if why else "")
        if not await self.store.finish_outbox(
            item.id, status=OutboxStatus.UNCERTAIN, error=error, lease=self._lanes.lease(item)
        ):
            return  # another worker holds it now: its outcome decides
        log.warning("outbox item %s held: its earlier send was interrupted", item.id)
        self.metrics.delivery(channel, OutboxStatus.UNCERTAIN).inc()
        await self._note(item, "delivery_uncertain", error)

    async def _note(self, item: OutboxItem, kind: str, error: str) -> None:
        """Write an undelivered item on its ticket, then tell the agent desk."""
        number = item.outbound.ticket_number
        if number is not None:
            async with locked_ticket(self.store, number) as ticket:
                if ticket is not None:
                    now = self.clock()
                    event = TicketEvent(now, kind, error, by="system")
                    await self.store.commit(
                        TurnCommit(at=now, tickets=(replace(ticket.with_event(event)),))
                    )
        if self.on_undelivered is not None:
            try:
                await self.on_undelivered(item, kind.removeprefix("delivery_"), error)
            except Exception:  # the desk is down: the ticket event above still records it
                log.exception("could not tell the agent desk about outbox item %s", item.id)

    async def _fail(self, item: OutboxItem, error: str) -> None:
        sender = self.senders.get(item.outbound.address.channel)
        failed = getattr(sender, "failed", None)
        if failed is not None:
            await failed(item.outbound, error)
        self.metrics.delivery(item.outbound.address.channel, "failed").inc()
        if not await self.store.finish_outbox(
            item.id, status=OutboxStatus.FAILED, error=error, lease=self._lanes.lease(item)
        ):
            return  # another worker holds it now: its outcome decides
        await self._note(item, "delivery_failed", error)
