"""Turns per second through the engine on the SQLite store.

Drives N simulated customers (each a whole intake conversation ending in a
ticket) through `Engine.handle`, C at a time, and prints turns/s and p50/p99
turn latency next to the same run's baseline: a bare store round-trip (load a
conversation and commit a one-line turn), so the figure reads as a ratio.

    python bench/turns.py [--customers 400] [--concurrency 16]

With `--baseline-rev REV` it prints instead the CPU time (process time, not wall time: the
machine is shared) per engine turn, and per first message (the one turn a conversation
classifies), of the tree at REV (unpacked with `git archive`) and of this tree, each in a
fresh process running this file's code, alternating `--rounds` times, best of each:

    python bench/turns.py --baseline-rev 066f6af [--customers 200] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
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
    store: SqliteStore, customers: int, concurrency: int, *, tag: str = ""
) -> tuple[int, float, list[float]]:
    engine = Engine(store=store, policy=load_policy("calltower"), clock=lambda: NOW)
    latencies: list[float] = []
    gate = asyncio.Semaphore(concurrency)

    async def customer(i: int) -> None:
        async with gate:
            who = Address("webchat", f"{tag}bench-{i}")  # a tag per run: no turn is a duplicate
            for j, text in enumerate(SCRIPTS[i % len(SCRIPTS)]):
                began = time.perf_counter()
                await engine.handle(Inbound(who, text, f"{tag}{i}-{j}", NOW), inline=True)
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


async def cpu_run(customers: int, concurrency: int) -> dict[str, float]:
    """CPU seconds per engine turn (`customers` at `concurrency`), and per first message and
    per later turn (one customer at a time, each turn timed on its own)."""
    with tempfile.TemporaryDirectory() as tmp:
        async with SqliteStore(Path(tmp) / "bench.db") as store:
            await engine_run(store, 30, 4, tag="warm-")  # warm up caches (policy, regexes)
            began = time.process_time()
            n, _, _ = await engine_run(store, customers, concurrency)
            per_turn = (time.process_time() - began) / n
            engine = Engine(store=store, policy=load_policy("calltower"), clock=lambda: NOW)
            spent = {"first": 0.0, "later": 0.0}
            counts = {"first": 0, "later": 0}
            for i in range(customers):
                who = Address("webchat", f"seq-{i}")
                for j, text in enumerate(SCRIPTS[i % len(SCRIPTS)]):
                    t0 = time.process_time()
                    await engine.handle(Inbound(who, text, f"seq-{i}-{j}", NOW), inline=True)
                    kind = "first" if j == 0 else "later"
                    spent[kind] += time.process_time() - t0
                    counts[kind] += 1
    return {"turn": per_turn, **{k: spent[k] / counts[k] for k in spent}}


def compare(rev: str, customers: int, concurrency: int, rounds: int) -> None:
    """This tree's CPU per turn against the tree at `rev`, alternating fresh processes."""
    root = Path(__file__).resolve().parent.parent
    best: dict[tuple[str, str], float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(["git", "archive", rev], cwd=root, capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
        for _ in range(rounds):
            for tree, code in (("baseline", tmp), ("this", str(root))):
                done = subprocess.run(
                    [sys.executable, __file__, "--worker", "--customers", str(customers)]
                    + ["--concurrency", str(concurrency)],
                    env={**os.environ, "PYTHONPATH": code, "PYTHONHASHSEED": "0"},
                    cwd=code,
                    capture_output=True,
                    text=True,
                    check=True,
                )
                for key, value in json.loads(done.stdout).items():
                    best[(tree, key)] = min(best.get((tree, key), float("inf")), value)
    print(
        f"CPU per engine turn (process time, best of {rounds} fresh processes each, alternating;"
        f" {customers} customers, {concurrency} at a time; baseline = {rev})"
    )
    for key, what in (
        ("turn", "a turn, customers in flight"),
        ("first", "a first message, one at a time"),
        ("later", "a later turn, one at a time"),
    ):
        base, this = best[("baseline", key)], best[("this", key)]
        print(
            f"  {what:32s} baseline {base * 1e6:7.1f} us  this {this * 1e6:7.1f} us  {this / base:5.2f}x"
        )


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--baseline-rev", help="print CPU per turn against this revision")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(await cpu_run(args.customers, args.concurrency)))
        return
    if args.baseline_rev:
        compare(args.baseline_rev, args.customers, args.concurrency, args.rounds)
        return
    with tempfile.TemporaryDirectory() as tmp:
        async with SqliteStore(Path(tmp) / "bench.db") as store:
            await engine_run(store, 30, 4, tag="warm-")  # warm up caches (policy, regexes)
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
