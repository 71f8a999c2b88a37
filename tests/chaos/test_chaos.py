"""Chaos under load (issue 15): three `supportbot serve` workers on one Redis take
Telegram webhooks from many customers at once while a worker is SIGKILLed, a worker is
SIGSTOPped past the outbox lease, or Redis is restarted. Afterwards nothing is lost and
nothing is duplicated: every customer message is in its transcript once, one ticket per
customer, and every reply reached the (fake) Bot API at most once. A reply whose send
began and whose outcome its worker never recorded is not sent again (the default
`store.interrupted_sends = "hold"`): it is marked uncertain, and the audit counts how
many of those never reached the provider (`held_unsent`).

Run the full counts with `make test-chaos`; `make test` runs them reduced. The figures
(printed as one JSON line per scenario) are in docs/reliability.md."""

from __future__ import annotations

import asyncio
import re
import signal
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from bot.store.redis.store import RedisStore
from tests.channels.fake_telegram import FakeTelegram
from tests.chaos.cluster import (
    CUSTOMERS,
    KILLS,
    LEASE_SECONDS,
    TOKEN,
    Audit,
    Cluster,
    TelegramDriver,
)
from tests.redis_server import RedisServer

pytestmark = pytest.mark.chaos

INPUTS = CUSTOMERS * 10
OUTAGE_SECONDS = 1.5
# Per worker, a Redis outage shorter than the report interval is at most one line at each
# place that meets it (503s, claims, timers, locks, outcomes) and one when it is over.
MAX_OUTAGE_LINES_PER_WORKER = 12


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(token=TOKEN) as fake:
        yield fake


@pytest.fixture
async def cluster(
    tmp_path: Path, redis: RedisServer, telegram: FakeTelegram
) -> AsyncIterator[Cluster]:
    running = Cluster(tmp_path, redis.url(0), telegram)
    try:
        await asyncio.to_thread(running.start, 3)
        yield running
    finally:
        await asyncio.to_thread(running.stop)


@pytest.fixture
async def store(redis: RedisServer) -> AsyncIterator[RedisStore]:
    async with RedisStore(redis.url(0)) as opened:
        yield opened


async def run_with(cluster: Cluster, store: RedisStore, chaos: object) -> Audit:
    """The load and `chaos` (a coroutine) at once; then settle and audit."""
    limits = httpx.Limits(max_connections=CUSTOMERS * 2, max_keepalive_connections=CUSTOMERS)
    async with httpx.AsyncClient(limits=limits) as client:
        driver = TelegramDriver(cluster, client)
        load = asyncio.create_task(driver.run())
        await asyncio.gather(load, chaos(driver))  # type: ignore[operator]
    await cluster.settle(store)
    return await cluster.audit(store, driver)


def assert_exact(audit: Audit, scenario: str) -> None:
    print(f"\nchaos {audit.figures(scenario)}")
    assert audit.inputs == INPUTS
    assert audit.problems == []
    assert audit.lost == 0
    # nothing got past the fence, no send began twice (interrupted ones are held, not
    # resent), and nothing (transcripts, tickets, sends) is ever duplicated
    assert audit.fenced_sends == 0
    assert audit.window == 0
    assert audit.duplicated == 0
    assert audit.held_unsent <= audit.held


async def test_sigkilled_workers_lose_and_duplicate_nothing(
    cluster: Cluster, store: RedisStore
) -> None:
    async def chaos(driver: TelegramDriver) -> None:
        for k in range(KILLS):
            await driver.until_acked(INPUTS * (k + 1) // (KILLS + 2))
            victim = [w for w in cluster.workers if w.alive][0]
            await asyncio.to_thread(cluster.kill, victim)
            await asyncio.to_thread(cluster.start, 1)  # a replacement, as an orchestrator would

    audit = await run_with(cluster, store, chaos)
    assert sum(w.process.returncode == -signal.SIGKILL for w in cluster.workers) == KILLS
    assert_exact(audit, f"SIGKILL x{KILLS}")


async def test_a_worker_stopped_past_its_lease_does_not_send_what_was_taken_over(
    cluster: Cluster, store: RedisStore
) -> None:
    async def chaos(driver: TelegramDriver) -> None:
        await driver.until_acked(INPUTS // 3)
        hung = cluster.workers[0]
        hung.process.send_signal(signal.SIGSTOP)
        await asyncio.sleep(LEASE_SECONDS + 3)  # past the lease: the others take over
        hung.process.send_signal(signal.SIGCONT)

    audit = await run_with(cluster, store, chaos)
    assert all(w.process.poll() is None for w in cluster.workers)  # resumed, still serving
    assert_exact(audit, "SIGSTOP past the lease")


async def test_a_redis_restart_under_load_loses_nothing_and_logs_a_bounded_outage(
    cluster: Cluster, store: RedisStore, redis: RedisServer
) -> None:
    async def chaos(driver: TelegramDriver) -> None:
        await driver.until_acked(INPUTS // 3)
        await asyncio.to_thread(redis.stop)
        await asyncio.sleep(OUTAGE_SECONDS)
        await asyncio.to_thread(redis.start)

    audit = await run_with(cluster, store, chaos)
    assert_exact(audit, "Redis restart")
    lines = cluster.log_lines()
    outage = [line for line in lines if re.search(r"store (still )?unavailable", line)]
    print(f"outage log lines: {len(outage)} of {len(lines)} for {audit.server_errors} 5xx")
    tracebacks = [i for i, line in enumerate(lines) if "Traceback" in line]
    assert not tracebacks, "\n".join(lines[max(0, tracebacks[0] - 2) : tracebacks[0] + 40])
    assert 0 < len(outage) <= MAX_OUTAGE_LINES_PER_WORKER * len(cluster.workers)
    assert any("store available again" in line for line in lines)  # it recovered
