"""Turns per second through the engine on the SQLite store.

Drives N simulated customers (each a whole intake conversation ending in a
ticket) through `Engine.handle`, C at a time, and prints turns/s and p50/p99
turn latency next to the same run's baseline: a bare store round-trip (load a
conversation and commit a one-line turn), so the figure reads as a ratio.

    python bench/turns.py [--customers 400] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bot.engine.turns import Engine
from bot.plan.policy import load_policy
from bot.store.protocol import TranscriptLine, TurnCommit
from bot.store.sqlite.store import SqliteStore
from domain.types import Address, Conversation, Inbound

SCRIPTS = [
    [
        "Voicemail light is stuck on for my phone only",
        "Ana Pérez",
        "AC-10442",
        "+1 415 555 2671",
        "ana@example.com",
        "yes",
        "thanks!",
    ],
    [
        "La luz de mensaje en espera no funciona para un solo usuario",
        "me llamo Luis García",
        "cuenta 4471",
        "+34 612 345 678",
        "luis@ejemplo.es",
        "sí",
        "gracias",
    ],
    [
        "The whole office lost inbound calls since 8am, toll free goes to fast busy",
        "This is Tom Baker",
        "account 55012",
        "303-555-0147",
        "tom@acme.io",
        "skip",
        "yes",
    ],
]
NOW = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def engine_run(
    store: SqliteStore, customers: int, concurrency: int
) -> tuple[int, float, list[float]]:
    engine = Engine(store=store, policy=load_policy("calltower"), clock=lambda: NOW)
    latencies: list[float] = []
    gate = asyncio.Semaphore(concurrency)

    async def customer(i: int) -> None:
        async with gate:
            who = Address("webchat", f"bench-{i}")
            for j, text in enumerate(SCRIPTS[i % len(SCRIPTS)]):
                began = time.perf_counter()
                await engine.handle(Inbound(who, text, f"{i}-{j}", NOW), inline=True)
                latencies.append(time.perf_counter() - began)

    began = time.perf_counter()
    await asyncio.gather(*(customer(i) for i in range(customers)))
    return len(latencies), time.perf_counter() - began, latencies


async def bare_run(store: SqliteStore, turns: int) -> tuple[int, float, list[float]]:
    latencies: list[float] = []
    began = time.perf_counter()
    for i in range(turns):
        t0 = time.perf_counter()
        conv_id = f"bare-{i}"
        await store.load_conversation(conv_id)
        conv = Conversation(
            id=conv_id, address=Address("webchat", conv_id), version=1, created_at=NOW
        )
        await store.commit(
            TurnCommit(
                at=NOW,
                dedup_key=f"bare:{i}",
                conversation=conv,
                transcript=(TranscriptLine(conv_id, NOW, "customer", "hello"),),
            )
        )
        latencies.append(time.perf_counter() - t0)
    return turns, time.perf_counter() - began, latencies


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        async with SqliteStore(Path(tmp) / "bench.db") as store:
            await engine_run(store, 30, 4)  # warm up caches (policy, calendars, regexes)
            n, secs, lat = await engine_run(store, args.customers, args.concurrency)
            bn, bsecs, blat = await bare_run(store, 2000)
    rate, bare_rate = n / secs, bn / bsecs
    print(
        f"engine turns:        {n} in {secs:.2f}s = {rate:,.0f} turns/s "
        f"(p50 {percentile(lat, 0.5) * 1e3:.2f} ms, p99 {percentile(lat, 0.99) * 1e3:.2f} ms, "
        f"mean {statistics.mean(lat) * 1e3:.2f} ms)"
    )
    print(
        f"bare store baseline: {bn} in {bsecs:.2f}s = {bare_rate:,.0f} round-trips/s "
        f"(p50 {percentile(blat, 0.5) * 1e3:.2f} ms, p99 {percentile(blat, 0.99) * 1e3:.2f} ms)"
    )
    print(
        f"ratio: a turn costs {bare_rate / rate:.2f}x a bare store round-trip; target >= 1,000 turns/s: "
        f"{'met' if rate >= 1000 else 'NOT met'}"
    )


if __name__ == "__main__":
    asyncio.run(main())
