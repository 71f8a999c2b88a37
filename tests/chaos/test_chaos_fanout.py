"""Chaos in an outage fan-out (issues 14 and 15): an incident update told by SMS to every
child while a worker is SIGKILLed with sends in flight at Twilio. Two `supportbot serve`
workers on one Redis, SMS against the local fake Twilio API (its Messages list included),
which answers each message 0.5 s after logging it; once half the children have their
message and more sends are in flight at the fake than one worker's lane holds (so both
workers have sends that reached Twilio and are not yet recorded), the worker that did not
take the update is SIGKILLed and a replacement starts. The dead worker's sends are
reconciled with Twilio's message log (channels/sms.py): every child gets the update exactly
once, and none is held as uncertain.

Children: CHAOS_CUSTOMERS x 10 (120 in `make test`, 1,000 in `make test-chaos`). The figures
(one JSON line) are in docs/reliability.md."""

from __future__ import annotations

import asyncio
import json
import signal
import time
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from bot.store.protocol import OutboxStatus, TurnCommit
from bot.store.redis.store import RedisStore
from domain.types import Address, Ticket, TicketStatus
from tests.channels.fake_telegram import FakeTelegram
from tests.channels.fake_twilio import FakeTwilio
from tests.chaos.cluster import CUSTOMERS, TOKEN, Cluster
from tests.redis_server import RedisServer

pytestmark = pytest.mark.chaos

CHILDREN = CUSTOMERS * 10
ACCOUNT_SID = "AC" + "7" * 32
AUTH_TOKEN = "chaos-twilio-token"
UPDATE = "Dallas outage: a fix is being deployed; next update by 18:00."
IN_FLIGHT = 17  # sends in flight at the kill: more than one worker's lane holds (16)
ANSWER_DELAY = 0.5  # seconds the fake takes to answer a send (well inside twilio's 10 s)
WAIT_LIMIT = 120.0  # seconds for the first half to go out (a bound, not a timing assertion)


@pytest.fixture
async def twilio() -> AsyncIterator[FakeTwilio]:
    async with FakeTwilio(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN) as fake:
        yield fake


@pytest.fixture
async def cluster(tmp_path: Path, redis: RedisServer, twilio: FakeTwilio) -> AsyncIterator[Cluster]:
    async with FakeTelegram(token=TOKEN) as telegram:
        running = Cluster(tmp_path, redis.url(0), telegram, twilio)
        try:
            await asyncio.to_thread(running.start, 2)
            yield running
        finally:
            await asyncio.to_thread(running.stop)


@pytest.fixture
async def store(redis: RedisServer) -> AsyncIterator[RedisStore]:
    async with RedisStore(redis.url(0)) as opened:
        yield opened


async def seed(store: RedisStore, incident_id: int) -> list[str]:
    """CHILDREN SMS tickets linked to the incident; their numbers."""
    now = datetime.now(UTC)
    tickets = [
        Ticket(
            number=70_000 + i,
            status=TicketStatus.NEW,
            priority="P1G",
            channel="sms",
            address=Address("sms", f"+1555{70_000 + i:07d}"),
            lang="en",
            created_at=now,
            first_response_due=None,
            next_update_due=None,
            fields={"incident": str(incident_id), "incident_seen": "0"},
            conversation_id=str(Address("sms", f"+1555{70_000 + i:07d}")),
        )
        for i in range(CHILDREN)
    ]
    await store.commit(
        TurnCommit(
            at=now,
            tickets=tuple(tickets),
            incident_children=tuple((incident_id, t.number) for t in tickets),
        )
    )
    return [t.address.id for t in tickets]


async def until(predicate: object, what: str) -> None:
    deadline = time.monotonic() + WAIT_LIMIT
    while not predicate():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError(f"never: {what}")
        await asyncio.sleep(0.02)  # other processes send; bounded by the deadline


async def test_a_worker_sigkilled_with_sms_in_flight_tells_every_child_exactly_once(
    cluster: Cluster, store: RedisStore, twilio: FakeTwilio
) -> None:
    poster, victim = cluster.workers
    headers = {"Authorization": "Bearer t"}
    async with httpx.AsyncClient(timeout=30) as client:
        opened = await client.post(
            poster.base + "/api/incidents",
            headers=headers,
            json={"title": "Dallas: no dial tone", "match": {"keywords": ["dallas"]}},
        )
        incident_id = int(opened.json()["id"])
        numbers = await seed(store, incident_id)
        twilio.answer_delay = ANSWER_DELAY
        posted = await client.post(
            f"{poster.base}/api/incidents/{incident_id}/updates",
            headers=headers,
            json={"text": UPDATE},
        )
        assert posted.status_code == 200, posted.text

        # half told, and both workers have sends logged at Twilio, not yet answered
        await until(
            lambda: len(twilio.messages) >= CHILDREN // 2 and twilio.in_flight >= IN_FLIGHT,
            "half told with both workers' sends in flight",
        )
        await asyncio.to_thread(cluster.kill, victim)
        await asyncio.to_thread(cluster.start, 1)
        await cluster.settle(store, channel="sms")
        await until(lambda: len({m["To"] for m in twilio.messages}) >= CHILDREN, "all told")

    got = Counter(m["To"] for m in twilio.messages)  # only the update goes to these numbers
    lost = sum(got[n] == 0 for n in numbers)
    duplicated = sum(got[n] > 1 for n in numbers)
    statuses: Counter[str] = Counter()
    interrupted = 0
    for number in numbers:
        for item in await store.outbox_for(Address("sms", number)):
            statuses[item.status] += 1
            interrupted += item.sends > 1
    reconciled = Counter(
        outcome
        for line in cluster.log_lines()
        for outcome in ("found at the provider", "not at the provider", "not reconciled")
        if f"an interrupted send, {outcome}" in line
    )
    figures = {
        "scenario": "SIGKILL mid SMS fan-out",
        "children": CHILDREN,
        "lost": lost,
        "duplicated": duplicated,
        "held": statuses[OutboxStatus.UNCERTAIN],
        "interrupted": interrupted,
        "reconciled": dict(reconciled),
    }
    print(f"\nchaos {json.dumps(figures)}")
    assert victim.process.returncode == -signal.SIGKILL
    assert lost == 0
    assert duplicated == 0
    assert statuses[OutboxStatus.UNCERTAIN] == 0  # reconciled with Twilio, none held
    assert set(statuses) == {OutboxStatus.SENT}
    # the victim had sends in flight at Twilio (more were than one worker's lane holds):
    # they were begun again and found in Twilio's log, not sent twice
    assert interrupted >= 1
    assert reconciled["found at the provider"] >= 1
