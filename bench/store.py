"""Store backends side by side: turns/s through the engine on SQLite and on Redis in
one run, then Redis memory per stored conversation after 100,000 conversations.

Turns: N simulated SMS customers, each a whole intake conversation ending in a
ticket (10 messages: problem, name, account, email, "skip", "yes", follow-ups),
C at a time, through `Engine.handle` (dedup, lock, read, step, commit): the
same work a webhook does minus HTTP. SQLite is the same-run baseline.

Memory: a redis-server of its own (no persistence) is filled with 100,000
conversations by `commit()` directly, each as the engine leaves it after a
customer's first message (the conversation record with the problem described,
the two transcript lines, the dedup mark, the inline reply in the outbox), and
`INFO memory` used_memory before and after is divided by 100,000. A completed
intake (10 turns and a ticket) is measured the same way on a smaller sample.

Outbox queue: 20,000 PENDING items (replies that go out later) are committed,
which puts each on the outbox stream; then one consumer drains them the way the
dispatcher does (claim 50, finish each) and the stream's memory is read again:
acknowledged entries are deleted, so only the finished records (kept 7 days) remain.

    python bench/store.py [--customers 200] [--concurrency 16] [--conversations 100000]

Needs redis-server on PATH (scripts/ensure-system-deps.sh installs it).
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.engine.turns import Engine
from bot.plan.policy import load_policy
from bot.store.protocol import OutboxItem, OutboxStatus, Store, TranscriptLine, TurnCommit
from bot.store.redis.keys import RedisKeys
from bot.store.redis.store import OUTBOX_GROUP, RedisStore
from bot.store.sqlite.store import SqliteStore
from domain.types import Address, Conversation, Inbound, Outbound

NOW = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)  # business hours for the CallTower plan


def script(i: int) -> list[str]:
    return [
        f"Since this morning none of our phones can make outbound calls, office {i} is down",
        f"Maria Lopez {i}",
        f"ACC-{48000 + i}",
        f"customer{i}@acme-voip.com",
        "skip",
        "yes",
        "Any update?",
        f"Also the fax line at site {i} is down",
        "thanks",
        "ok",
    ]


async def engine_run(store: Store, customers: int, concurrency: int, tag: str) -> tuple[int, float]:
    engine = Engine(store=store, policy=load_policy("calltower"), clock=lambda: NOW)
    gate = asyncio.Semaphore(concurrency)
    turns = 0

    async def customer(i: int) -> None:
        nonlocal turns
        async with gate:
            who = Address("sms", f"+1415{i:07d}")
            for j, text in enumerate(script(i)):
                inbound = Inbound(who, text, f"{tag}{i}-{j}", NOW, meta={"known_phone": who.id})
                await engine.handle(inbound, inline=True)
                turns += 1

    began = time.perf_counter()
    await asyncio.gather(*(customer(i) for i in range(customers)))
    return turns, time.perf_counter() - began


def first_turn(i: int) -> TurnCommit:
    address = Address("sms", f"+1628{i:07d}")
    conv_id = str(address)
    problem = f"Since this morning none of our phones can make outbound calls, office {i} is down"
    question = "May I have your full name?"
    conv = Conversation(
        id=conv_id,
        address=address,
        state="collecting",
        lang="en",
        fields={"phone": address.id, "description": problem},
        pending="name",
        assessment={"impact": "outage", "scope": "site", "service": "calls", "confidence": 0.8},
        version=1,
        turns=1,
        created_at=NOW,
        updated_at=NOW,
    )
    reply = Outbound(address=address, text=question, meta={"in_reply_to": f"SM{i:032d}"})
    return TurnCommit(
        at=NOW,
        dedup_key=f"sms:SM{i:032d}",
        conversation=conv,
        outbox=(OutboxItem(id=f"m{i:x}", outbound=reply, status=OutboxStatus.INLINE),),
        transcript=(
            TranscriptLine(conv_id, NOW, "customer", problem),
            TranscriptLine(conv_id, NOW, "bot", question),
        ),
    )


async def used_memory(store: RedisStore) -> int:
    info: dict[str, Any] = await store.redis.info("memory")
    return int(info["used_memory"])


async def memory_run(store: RedisStore, conversations: int) -> tuple[float, float, dict[str, int]]:
    await store.redis.flushdb()
    before = await used_memory(store)
    began = time.perf_counter()
    batch = 500
    for start in range(0, conversations, batch):
        await asyncio.gather(
            *(store.commit(first_turn(i)) for i in range(start, min(conversations, start + batch)))
        )
    secs = time.perf_counter() - began
    after = await used_memory(store)
    sample = first_turn(7)
    assert sample.conversation is not None
    assert sample.dedup_key is not None
    k = RedisKeys(store.prefix)
    keys = {
        "conversation": k.conversation(sample.conversation.id),
        "transcript": k.transcript(sample.conversation.id),
        "dedup mark": k.dedup(sample.dedup_key),
        "outbox item": k.outbox(sample.outbox[0].id),
        "outbox address index": k.outbox_of(sample.conversation.address),
    }
    usage = {name: int(await store.redis.memory_usage(key) or 0) for name, key in keys.items()}
    return (after - before) / conversations, conversations / secs, usage


async def outbox_run(store: RedisStore, items: int) -> dict[str, float]:
    """Queue `items` PENDING replies, then drain them as the dispatcher does."""
    await store.redis.flushdb()
    before = await used_memory(store)
    stream = RedisKeys(store.prefix).outbox_stream()
    batch = 500

    def turn(i: int) -> TurnCommit:
        reply = Outbound(address=Address("sms", f"+1628{i:07d}"), text="An agent replied: ...")
        return TurnCommit(at=NOW, outbox=(OutboxItem(id=f"q{i:x}", outbound=reply),))

    for start in range(0, items, batch):
        await asyncio.gather(
            *(store.commit(turn(i)) for i in range(start, min(items, start + batch)))
        )
    queued = await used_memory(store)
    stream_queued = int(await store.redis.memory_usage(stream) or 0)
    began = time.perf_counter()
    drained = 0
    while claimed := await store.claim_outbox(now=NOW, limit=50):
        await asyncio.gather(
            *(store.finish_outbox(i.id, status=OutboxStatus.SENT) for i in claimed)
        )
        drained += len(claimed)
    secs = time.perf_counter() - began
    assert drained == items, (drained, items)
    pending = await store.redis.xpending(stream, OUTBOX_GROUP)
    return {
        "queued_each": (queued - before) / items,
        "stream_each": stream_queued / items,
        "drain_rate": items / secs,
        "after_each": (await used_memory(store) - before) / items,
        "stream_after": int(await store.redis.memory_usage(stream) or 0),
        "xlen_after": int(await store.redis.xlen(stream)),
        "pending_after": int(pending["pending"]),
    }


async def full_intake_memory(store: RedisStore, customers: int) -> float:
    await store.redis.flushdb()
    before = await used_memory(store)
    await engine_run(store, customers, 16, "mem")
    return (await used_memory(store) - before) / customers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_redis(workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    binary = shutil.which("redis-server")
    if binary is None:
        sys.exit("redis-server is not installed: run scripts/ensure-system-deps.sh")
    port = free_port()
    proc = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(workdir),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                sys.exit("redis-server did not start")
            time.sleep(0.02)
    return proc, f"redis://127.0.0.1:{port}/0"


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--conversations", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        proc, url = start_redis(Path(tmp))
        try:
            async with SqliteStore(Path(tmp) / "bench.db") as sqlite, RedisStore(url) as redis:
                await engine_run(sqlite, 20, 4, "warm")  # policy, calendars, regexes
                await engine_run(redis, 20, 4, "warm")
                rates = {}
                for name, store in (("sqlite", sqlite), ("redis", redis)):
                    turns, secs = await engine_run(store, args.customers, args.concurrency, "run")
                    rates[name] = turns / secs
                    print(
                        f"{name:6} engine turns: {turns} in {secs:.2f}s = {rates[name]:,.0f} turns/s"
                    )
                print(f"redis/sqlite turns/s ratio: {rates['redis'] / rates['sqlite']:.2f}")

                per_conv, commit_rate, usage = await memory_run(redis, args.conversations)
                print(
                    f"redis memory after {args.conversations:,} first-turn conversations: "
                    f"{per_conv:,.0f} bytes each (target <= 2,048: "
                    f"{'met' if per_conv <= 2048 else 'NOT met'}); "
                    f"filled at {commit_rate:,.0f} commits/s"
                )
                print("  MEMORY USAGE of one:", ", ".join(f"{k} {v} B" for k, v in usage.items()))
                q = await outbox_run(redis, 20_000)
                print(
                    f"redis outbox queue, 20,000 pending items: {q['queued_each']:,.0f} bytes each "
                    f"queued (stream {q['stream_each']:,.0f} B of it); drained (claim 50 + finish "
                    f"each) at {q['drain_rate']:,.0f} items/s; after: {q['after_each']:,.0f} bytes "
                    f"each (finished records), stream XLEN {q['xlen_after']}, "
                    f"{q['pending_after']} unacknowledged, {q['stream_after']:,} B"
                )
                full = await full_intake_memory(redis, 1000)
                print(
                    f"redis memory per completed intake (10 turns + ticket, 1,000 customers): "
                    f"{full:,.0f} bytes"
                )
        finally:
            proc.kill()
            proc.wait()


if __name__ == "__main__":
    asyncio.run(main())
