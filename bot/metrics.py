"""What GET /metrics exports, on prometheus_client.

Every metric lives on one `CollectorRegistry` that the composition root (`bot/app.py`)
makes and hands to whoever counts (the engine, the dispatcher; channels reach it through
the engine, as they reach the store). There is no module-level registry: a test builds
its own `Metrics()` and reads it, and two apps in one process never add to each other's
figures. In-process: each worker reports its own, and Prometheus scrapes every worker
(docs/production.md, "Metrics").

Hot path: `.labels(...)` validates its arguments and takes a lock each call, so labelled
children are resolved once per label value and kept (`ChannelMeters`, `_Children`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter as Tally
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final, Generic, TypeVar

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.metrics import MetricWrapperBase
from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from domain.types import Ticket, TicketStatus

log = logging.getLogger("supportbot.metrics")

# A turn is 0.3-10 ms on one worker (docs/benchmarks.md); a store outage or a lock held by a
# slow turn on another worker is what the upper buckets catch.
TURN_BUCKETS: Final = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)
# Commit to successful send: milliseconds when the dispatcher is idle, seconds behind a burst,
# minutes to hours through retries with backoff (and a relay that refuses our settings).
LAG_BUCKETS: Final = (0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 30, 60, 300, 900, 3600, 14400)

# The `route` label of supportbot_webhook_duration_seconds: provider-facing entry points.
WEBHOOK_ROUTES: Final = ("twilio_sms", "telegram", "slack_events", "smtp_data")

OUTBOX_DEPTH: Final = "supportbot_outbox_depth"
OUTBOX_DEPTH_HELP: Final = (
    "Outbox items a channel still owes (pending, due later or being sent), read from the "
    "store at scrape time."
)

M = TypeVar("M", bound=MetricWrapperBase)


class _Children(Generic[M]):
    """A labelled metric's children, each resolved by `.labels()` once and kept."""

    __slots__ = ("_metric", "_kids")

    def __init__(self, metric: M) -> None:
        self._metric = metric
        self._kids: dict[tuple[str, ...], M] = {}

    def __call__(self, *values: str) -> M:
        kid = self._kids.get(values)
        if kid is None:
            kid = self._kids[values] = self._metric.labels(*values)
        return kid


class _Held(Collector):
    """The counts the hot path keeps as plain numbers (`HeldCount`, `HeldObservations`),
    added to their prometheus_client children whenever the registry is collected (a
    scrape, `Metrics.value`): registered on the registry before every metric, so each
    collection sees them all. A Counter's `inc` and a Histogram's `observe` take a lock,
    check their labels and (a Histogram) walk the buckets on each call: on every storm
    message, four of them cost more than the route's own Starlette work. The figures a
    collection reads are the same, float for float: each held observation is added to its
    child in order, as `observe` would have added it. For what is counted on the event
    loop's thread (every turn, every webhook), where the collections also run."""

    def __init__(self) -> None:
        self.meters: list[HeldCount | HeldObservations] = []

    def collect(self) -> Iterable[Metric]:
        for meter in self.meters:
            meter.flush()
        return ()


class HeldCount:
    """A Counter child's `inc()`, held until the registry is collected (`_Held`)."""

    __slots__ = ("child", "held")

    def __init__(self, child: Counter) -> None:
        self.child = child
        self.held = 0

    def inc(self, amount: int = 1) -> None:
        self.held += amount

    def flush(self) -> None:
        held = self.held
        if held:
            self.held = 0
            self.child.inc(held)  # whole numbers: the float a run of inc(1) gives


class HeldObservations:
    """A Histogram child's `observe()`, held until the registry is collected (`_Held`),
    or until `bound` are held (the memory a worker nobody scrapes keeps)."""

    __slots__ = ("child", "held", "bound")

    def __init__(self, child: Histogram, bound: int = 1024) -> None:
        self.child = child
        self.held: list[float] = []
        self.bound = bound

    def observe(self, amount: float) -> None:
        held = self.held
        held.append(amount)
        if len(held) >= self.bound:
            self.flush()

    def flush(self) -> None:
        held, self.held = self.held, []
        observe = self.child.observe
        for amount in held:
            observe(amount)


@dataclass(frozen=True, slots=True)
class ChannelMeters:
    """One channel's children, resolved once: what the engine touches on every turn."""

    turns: HeldCount
    duplicates: HeldCount
    turn_seconds: HeldObservations


class Metrics:
    """Every metric supportbot exports, registered on `registry`."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry if registry is not None else CollectorRegistry()
        r = self.registry
        self._held = _Held()  # first, so a collection adds the held counts before any metric
        r.register(self._held)
        self.up = Gauge("supportbot_up", "1 while this worker is serving.", registry=r)
        self.channels = Gauge("supportbot_channels", "Channels enabled in this worker.", registry=r)
        self.turns = Counter(
            "supportbot_turns_total",
            "Customer messages committed, by channel.",
            ["channel"],
            registry=r,
        )
        self.duplicates = Counter(
            "supportbot_duplicates_total",
            "Provider retries recognised and dropped, by channel.",
            ["channel"],
            registry=r,
        )
        self.turn_errors = Counter(
            "supportbot_turn_errors_total",
            "Dialogue steps that failed and got the apology reply.",
            registry=r,
        )
        self.paced_turns = Counter(
            "supportbot_paced_turns_total",
            "Customer messages over the per-minute limit: kept, not answered.",
            registry=r,
        )
        self.tickets_opened = Counter(
            "supportbot_tickets_opened_total",
            "Tickets opened, by priority.",
            ["priority"],
            registry=r,
        )
        self.csat_scores = Counter(
            "supportbot_csat_responses_total",
            "Satisfaction scores customers gave (1 very poor to 5 excellent), by score and "
            "the ticket's priority.",
            ["score", "priority"],
            registry=r,
        )
        self.deliveries = Counter(
            "supportbot_deliveries_total",
            "Outbox delivery attempts, by channel and result.",
            ["channel", "result"],
            registry=r,
        )
        self.email_refused = Counter(
            "supportbot_email_refused_total",
            "SMTP refusals, by stage: 451 at rcpt/data (the inbox is full), 421 at connect "
            "(too many sessions).",
            ["stage"],
            registry=r,
        )
        self.email_dead_letters = Counter(
            "supportbot_email_dead_letters_total",
            "Accepted emails the inbox gave up on: kept as dead letters, each with a ticket "
            "(supportbot inbox dead-letters).",
            registry=r,
        )
        self.email_relay_errors = Counter(
            "supportbot_email_relay_errors_total",
            "Email sends the relay refused over our TLS/AUTH settings, by reason.",
            ["reason"],
            registry=r,
        )
        self.turn_seconds = Histogram(
            "supportbot_turn_duration_seconds",
            "Engine.handle() of a committed turn (lock wait, retries and the after-commit "
            "listeners such as the Slack desk included), by channel.",
            ["channel"],
            buckets=TURN_BUCKETS,
            registry=r,
        )
        self.webhook_seconds = Histogram(
            "supportbot_webhook_duration_seconds",
            "A provider's request answered: Twilio SMS, Telegram and Slack webhooks (request "
            "in to response out) and SMTP DATA (end of data to the 250/451), by route.",
            ["route"],
            buckets=TURN_BUCKETS,
            registry=r,
        )
        self.delivery_lag = Histogram(
            "supportbot_outbox_delivery_lag_seconds",
            "Outbox items from their commit to their successful send, by channel.",
            ["channel"],
            buckets=LAG_BUCKETS,
            registry=r,
        )
        self.sla_breaches = Counter(
            "supportbot_sla_breaches_total",
            "SLA clocks that ran out (first_response, update, resolution), once per ticket "
            "and clock, by clock and priority.",
            ["clock", "priority"],
            registry=r,
        )
        self._deliveries = _Children(self.deliveries)
        self._lag = _Children(self.delivery_lag)
        self._tickets: dict[str, HeldCount] = {}
        self._channel_meters: dict[str, ChannelMeters] = {}
        self.outbox: OutboxDepth | None = None
        self.tickets: TicketGauges | None = None

    # -- children, resolved once ----------------------------------------------------------

    def channel(self, name: str) -> ChannelMeters:
        meters = self._channel_meters.get(name)
        if meters is None:
            meters = self._channel_meters[name] = ChannelMeters(
                turns=self.held_count(self.turns.labels(name)),
                duplicates=self.held_count(self.duplicates.labels(name)),
                turn_seconds=self.held_observations(self.turn_seconds.labels(name)),
            )
        return meters

    def held_count(self, child: Counter) -> HeldCount:
        """`child`'s increments held until the registry is collected: for the event loop's
        thread only (`_Held`)."""
        held = HeldCount(child)
        self._held.meters.append(held)
        return held

    def held_observations(self, child: Histogram) -> HeldObservations:
        """`child`'s observations held until the registry is collected: for the event
        loop's thread only (`_Held`)."""
        held = HeldObservations(child)
        self._held.meters.append(held)
        return held

    def delivery(self, channel: str, result: str) -> Counter:
        return self._deliveries(channel, result)

    def lag(self, channel: str) -> Histogram:
        return self._lag(channel)

    def ticket_opened(self, priority: str) -> HeldCount:
        """The opened-tickets count of `priority` (the engine's, on the loop's thread)."""
        held = self._tickets.get(priority)
        if held is None:
            held = self._tickets[priority] = self.held_count(self.tickets_opened.labels(priority))
        return held

    def csat_received(self, score: int, priority: str) -> Counter:
        return self.csat_scores.labels(str(score), priority)  # rare: no children cache

    def webhook(self, route: str) -> Histogram:
        """The latency child of one of `WEBHOOK_ROUTES`, for its handler to keep."""
        if route not in WEBHOOK_ROUTES:
            raise ValueError(f"unknown webhook route {route!r}; add it to WEBHOOK_ROUTES")
        return self.webhook_seconds.labels(route)

    # -- scrape ---------------------------------------------------------------------------

    def watch_outbox(
        self,
        count: Callable[..., Awaitable[int]],
        channels: Callable[[], Iterable[str]],
        *,
        timeout: float = 2.0,
    ) -> OutboxDepth:
        """Export supportbot_outbox_depth{channel}: `count(channel=...)` (the store's
        `count_outbox`) for each of `channels()`, read when /metrics is scraped."""
        self.outbox = OutboxDepth(count=count, channels=channels, timeout=timeout)
        self.registry.register(self.outbox)
        return self.outbox

    def watch_tickets(
        self,
        open_tickets: Callable[[], Awaitable[Sequence[Ticket]]],
        clock: Callable[[], datetime],
    ) -> TicketGauges:
        """Export the open-ticket gauges (by priority and status, the oldest waiting for
        an agent, breached by clock), read from the store when /metrics is scraped."""
        self.tickets = TicketGauges(open_tickets=open_tickets, clock=clock)
        self.registry.register(self.tickets)
        return self.tickets

    async def exposition(self) -> bytes:
        """The text format for GET /metrics: store-backed gauges read first (awaited, on
        the loop), then every metric rendered by prometheus_client."""
        if self.outbox is not None:
            await self.outbox.refresh()
        if self.tickets is not None:
            await self.tickets.refresh()
        return generate_latest(self.registry)

    def value(self, name: str, **labels: str) -> float:
        """A sample's current value, 0 if it was never touched (tests read this)."""
        found = self.registry.get_sample_value(name, labels)
        return 0.0 if found is None else found


class OutboxDepth(Collector):
    """supportbot_outbox_depth{channel}, collected at scrape time.

    prometheus_client calls `collect()` synchronously inside `generate_latest`, and the
    store is async: a collector that ran the query itself would have to block the event
    loop on Redis (or start a second loop). So the /metrics handler awaits `refresh()`
    first (the store's `count_outbox` for each channel, on the loop like any other read)
    and `collect()` reports what that read found. Concurrent scrapes share one read. A
    read that fails or takes longer than `timeout` leaves the family out of that scrape
    (a gap, not a stale figure) and is logged; /metrics itself still answers.
    """

    def __init__(
        self,
        *,
        count: Callable[..., Awaitable[int]],
        channels: Callable[[], Iterable[str]],
        timeout: float = 2.0,
    ) -> None:
        self._count = count
        self._channels = channels
        self._timeout = timeout
        self._depths: Mapping[str, int] = {}
        self._reading: asyncio.Future[None] | None = None

    async def refresh(self) -> None:
        if self._reading is None:
            self._reading = asyncio.ensure_future(self._read())
            self._reading.add_done_callback(self._read_done)
        await asyncio.shield(self._reading)

    def _read_done(self, future: asyncio.Future[None]) -> None:
        self._reading = None

    async def _read(self) -> None:
        names = sorted(set(self._channels()))
        began = time.perf_counter()
        try:
            async with asyncio.timeout(self._timeout):
                depths = await asyncio.gather(*(self._count(channel=name) for name in names))
        except Exception as exc:  # a gap in the graph; the scrape itself must not fail
            log.warning(
                "outbox depth not read for /metrics (%s) after %.1f s",
                type(exc).__name__,
                time.perf_counter() - began,
            )
            self._depths = {}
            return
        self._depths = dict(zip(names, depths, strict=True))

    def describe(self) -> Iterable[Metric]:
        return [GaugeMetricFamily(OUTBOX_DEPTH, OUTBOX_DEPTH_HELP, labels=["channel"])]

    def collect(self) -> Iterator[Metric]:
        if not self._depths:
            return
        family = GaugeMetricFamily(OUTBOX_DEPTH, OUTBOX_DEPTH_HELP, labels=["channel"])
        for name, depth in self._depths.items():
            family.add_metric([name], depth)
        yield family


class TicketGauges(Collector):
    """The open tickets as gauges, read from the store at scrape time (every worker reports
    the same figures): supportbot_open_tickets{priority,status},
    supportbot_oldest_unclaimed_seconds (the longest a ticket has waited for an agent since
    it opened or was reopened) and supportbot_open_breached_tickets{clock}. Read like
    `OutboxDepth`: awaited before the render; a failed read leaves them out of the scrape."""

    def __init__(
        self,
        *,
        open_tickets: Callable[[], Awaitable[Sequence[Ticket]]],
        clock: Callable[[], datetime],
    ) -> None:
        self._open = open_tickets
        self._clock = clock
        self._tickets: Sequence[Ticket] | None = None

    async def refresh(self) -> None:
        try:
            async with asyncio.timeout(2.0):
                self._tickets = await self._open()
        except Exception as exc:  # a gap in the graph; the scrape itself must not fail
            log.warning("open tickets not read for /metrics (%s)", type(exc).__name__)
            self._tickets = None

    def describe(self) -> Iterable[Metric]:
        return []  # read at scrape time: nothing to check at registration

    def collect(self) -> Iterator[Metric]:
        if self._tickets is None:
            return
        open_ = [t for t in self._tickets if not t.status.is_closed]
        by_status = GaugeMetricFamily(
            "supportbot_open_tickets",
            "Open tickets, by priority and status.",
            labels=["priority", "status"],
        )
        for (priority, status), n in sorted(
            Tally((t.priority, t.status.value) for t in open_).items()
        ):
            by_status.add_metric([priority, status], n)
        yield by_status
        now = self._clock()
        waiting = [
            now - max((e.at for e in t.events if e.kind == "reopened"), default=t.created_at)
            for t in open_
            if t.status in (TicketStatus.NEW, TicketStatus.REOPENED)
        ]
        yield GaugeMetricFamily(
            "supportbot_oldest_unclaimed_seconds",
            "How long the oldest ticket waiting for an agent has waited.",
            value=max((w.total_seconds() for w in waiting), default=0.0),
        )
        breached = GaugeMetricFamily(
            "supportbot_open_breached_tickets",
            "Open tickets with an SLA clock that ran out, by clock.",
            labels=["clock"],
        )
        counts = Tally(clock for t in open_ for clock, _ in t.breaches)
        for clock in ("first_response", "update", "resolution"):
            breached.add_metric([clock], counts[clock])
        yield breached


class TimedRoutes:
    """ASGI middleware: the latency of the provider webhooks (`routes`: path -> route
    label) into supportbot_webhook_duration_seconds, from the request's arrival in the app
    to the handler's return (its response sent). Other paths pass through untouched."""

    def __init__(self, app: Any, *, metrics: Metrics, routes: Mapping[str, str]) -> None:
        self.app = app
        self.children = {
            path: metrics.held_observations(metrics.webhook(route))
            for path, route in routes.items()
        }

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        child = self.children.get(scope["path"]) if scope["type"] == "http" else None
        if child is None:
            await self.app(scope, receive, send)
            return
        began = time.perf_counter()
        try:
            await self.app(scope, receive, send)
        finally:
            child.observe(time.perf_counter() - began)
