"""Outage mode under load (issue 14), in one run:

(a) a storm of N distinct customers' first SMS (default 20,000), each a signed Twilio
webhook matching an incident opened over HTTP, sent by wrk at 64 connections to real
`supportbot serve` workers (SQLite, one worker; Redis, two), beside the same run's bare web
stack; afterwards every customer must be linked to the incident and told it is known
(bench/storm_intake.py, bench/storm.lua);

(b) N children, seeded as tickets linked to one incident (committed 500 per transaction,
untimed); then, timed from the update's POST-equivalent (`IncidentDesk.post_update`):
the fan-out's commits (one per child, pages of 500; an update takes no lock), and the dispatcher
draining the outbox to an in-process stand-in SMS sender (no network: it counts), to the
last delivery. Printed: commit time, time to last delivery, sends per second.

(c) with real processes (bench/fanout_kill.py): two `supportbot serve` workers on a
redis-server, the SMS provider a stand-in HTTP server in its own process speaking Twilio's
Messages API (bench/twilio_standin.py, counting per number), N children seeded as SMS
tickets linked to an incident opened over HTTP, the update posted over HTTP
(`POST /api/incidents/{id}/updates`); once the stand-in has seen half the messages a
worker is SIGKILLed and a replacement started. Printed: lost (0) and duplicated (> 1)
children, items held as uncertain, sends interrupted and reconciled with the stand-in's
message log, time to the last message and sends per second; first the same run without
the kill, for comparison. `--victim other` kills the worker that only delivers, `poster`
the one that took the update and runs its fan-out job, `both` runs each (the default).

    python bench/outage_storm.py [--children 20000] [--customers 20000] [--parts abc]
                                 [--victim both|other|poster]

Needs wrk and redis-server on PATH (scripts/ensure-system-deps.sh installs them).
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from fanout_kill import run_part_c
from store import start_redis  # bench/store.py: a bench runs with bench/ on sys.path
from storm_intake import run_part_a

from bot.engine.delivery import Receipt
from bot.engine.dispatch import Dispatcher
from bot.incidents.desk import IncidentDesk, NewIncident
from bot.metrics import Metrics
from bot.plan.policy import Policy, load_policy
from bot.store.protocol import Store, TurnCommit
from bot.store.redis.store import RedisStore
from bot.store.sqlite.store import SqliteStore
from domain.incident import IncidentMatch
from domain.types import Address, Outbound, Ticket, TicketStatus

NOW = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)
SEED_BATCH = 500


class StandIn:
    """The SMS provider's stand-in: accepts every message, counts them per number."""

    concurrency = 64

    def __init__(self) -> None:
        self.sent: Counter[str] = Counter()
        self.last_at = 0.0

    async def send(self, message: Outbound) -> Receipt:
        self.sent[message.address.id] += 1
        self.last_at = time.perf_counter()
        await asyncio.sleep(0)
        return Receipt(provider_id="standin")


def clock() -> datetime:
    return NOW


async def seed(store: Store, desk: IncidentDesk, children: int, first_number: int) -> int:
    incident = await desk.open(
        NewIncident(title="Dallas down", summary={}, match=IncidentMatch(keywords=("dallas",)))
    )
    for start in range(0, children, SEED_BATCH):
        tickets = []
        for i in range(start, min(children, start + SEED_BATCH)):
            number = first_number + i
            address = Address("sms", f"+1555{number:07d}")
            tickets.append(
                Ticket(
                    number=number,
                    status=TicketStatus.NEW,
                    priority="P1G",
                    channel="sms",
                    address=address,
                    lang="en",
                    created_at=NOW,
                    first_response_due=None,
                    next_update_due=None,
                    fields={"incident": str(incident.id), "incident_seen": "0"},
                    conversation_id=str(address),
                )
            )
        await store.commit(
            TurnCommit(
                at=NOW,
                tickets=tuple(tickets),
                incident_children=tuple((incident.id, t.number) for t in tickets),
            )
        )
    return incident.id


async def run(store: Store, policy: Policy, name: str, children: int) -> None:
    await store.open()
    try:
        standin = StandIn()
        dispatcher = Dispatcher(
            store=store, senders={"sms": standin}, clock=clock, metrics=Metrics()
        )
        desk = IncidentDesk(store=store, policy=policy, clock=clock, kick=lambda: None)
        incident_id = await seed(store, desk, children, 1_000_000)

        began = time.perf_counter()
        _, result = await desk.post_update(incident_id, "A fix is being deployed.")
        committed = time.perf_counter() - began
        await dispatcher.deliver_due()
        last = standin.last_at - began
        assert result.told == children, result
        print(
            f"{name:6} (b) fan-out to {children} children: commits {committed:.1f} s,"
            f" last delivery {last:.1f} s, {children / last:.0f} sends/s;"
            f" delivered {sum(standin.sent.values())}"
        )

    finally:
        await store.close()


async def fanout_parts(children: int) -> None:
    policy = load_policy("calltower")
    with tempfile.TemporaryDirectory() as tmp:
        await run(SqliteStore(Path(tmp) / "bench.db"), policy, "sqlite", children)
        proc, url = start_redis(Path(tmp))
        try:
            await run(RedisStore(url, prefix="storm:"), policy, "redis", children)
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=20_000, help="(b) and (c)")
    parser.add_argument(
        "--victim", default="both", choices=("both", "other", "poster"), help="(c)'s kill"
    )
    parser.add_argument("--customers", type=int, default=20_000, help="(a)")
    parser.add_argument("--parts", default="abc", help="which parts to run: a, b and c")
    parser.add_argument(
        "--log-level", default="WARNING", help="(a) the workers' log level (INFO logs each turn)"
    )
    args = parser.parse_args()
    if "a" in args.parts:
        run_part_a(args.customers, args.log_level)
    if "b" in args.parts:
        asyncio.run(fanout_parts(args.children))
    if "c" in args.parts:
        victims = ("other", "poster") if args.victim == "both" else (args.victim,)
        run_part_c(args.children, victims)


if __name__ == "__main__":
    main()
