"""The chaos tests' cluster: real `supportbot serve` workers on a Redis of their own
(append-only, fsync always, so a restart keeps what was acknowledged), Telegram enabled
against the local fake Bot API (tests.channels.fake_telegram.FakeTelegram), which counts every
sendMessage: the sends are what exactly-once delivery is about. Given a FakeTwilio, the
workers also send SMS through it (tests/chaos/test_chaos_fanout.py).

`TelegramDriver` plays Telegram: it posts webhook updates for many customers at once,
each customer's in order; an update counts as delivered only on a 2xx, and a dropped
connection, a timeout or a 5xx sends the very same update (same update_id) again, to the
next worker, as Telegram's retries do. `Cluster.audit()` then reads the store and the
fake's log and counts what was lost or duplicated.

Scale comes from the environment (`make test-chaos` sets the full counts; `make test`
runs the defaults, sized to fit about a minute and a half for all scenarios):
CHAOS_CUSTOMERS (default 12) customers, 10 messages each; CHAOS_KILLS (default 1).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bot.store.protocol import OutboxStatus
from bot.store.redis.store import RedisStore
from channels.telegram import escape
from domain.types import Address
from tests.channels.fake_telegram import FakeTelegram, message_update
from tests.channels.fake_twilio import FakeTwilio
from tests.e2e.serve import wait_healthy
from tests.redis_server import free_port

TOKEN = "777000111:chaos-test-token"
SECRET = "chaos-webhook-secret"
PUBLIC = "https://support.example.test"
WEBHOOK = "/webhooks/telegram"
SMS_FROM = "+15005550006"
LEASE_SECONDS = 5  # the shortest lease the config allows: SIGSTOP past it stays short
START_LIMIT = 60.0  # seconds for a worker to answer /healthz (2 cores shared by many)
SETTLE_LIMIT = 90.0  # seconds for the outbox to drain after the load
REQUEST_TIMEOUT = 10.0  # a stopped worker holds a request this long before the retry (past
# the 8 s stop: retries on a loaded machine pile turns onto one conversation lock)
DELIVERY_DEADLINE_S = 240.0  # per update (a bound, not a timing assertion)

CUSTOMERS = int(os.environ.get("CHAOS_CUSTOMERS", "12"))
KILLS = int(os.environ.get("CHAOS_KILLS", "1"))


def script(i: int) -> list[str]:
    """One customer's ten messages: an outage report through to the ticket and after."""
    return [
        f"Since this morning none of our phones can make outbound calls, office {i} is down",
        f"Maria Lopez {chr(65 + i % 26)}",
        f"ACC-{48000 + i}",
        f"+1 415 555 {2600 + i % 1000:04d}",
        f"customer{i}@acme-voip.com",
        "skip",
        "yes",
        "Any update?",
        f"Also the fax line at site {i} is down",
        "thanks",
    ]


@dataclass
class Worker:
    n: int
    port: int
    process: subprocess.Popen[bytes]
    log: Path
    alive: bool = True

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass
class Audit:
    """What the store and the provider show after a run."""

    inputs: int  # customer messages acknowledged
    lost: int  # messages or replies missing (transcript, ticket, provider)
    duplicated: int  # transcript lines, tickets or provider sends there twice
    window: int  # sends begun again after a holder's send began and never recorded (no
    # failed attempt recorded in between)
    # replies whose send was interrupted and, at most once, not made again (uncertain):
    # how many, and of those how many never reached the provider (noted on the ticket,
    # told to the agents: the price of no duplicates)
    held: int
    held_unsent: int
    fenced_sends: int  # duplicates beyond that window: what the fence must prevent
    server_errors: int  # 5xx answers the driver got (and retried)
    refused: int  # sends the fence refused (workers' log lines)
    problems: list[str] = field(default_factory=list)

    def figures(self, scenario: str) -> str:
        return json.dumps(
            {
                "scenario": scenario,
                "inputs": self.inputs,
                "lost": self.lost,
                "duplicated": self.duplicated,
                "window": self.window,
                "held": self.held,
                "held_unsent": self.held_unsent,
                "fence_refused": self.refused,
                "5xx": self.server_errors,
            }
        )


class Cluster:
    def __init__(
        self, tmp: Path, redis_url: str, telegram: FakeTelegram, twilio: FakeTwilio | None = None
    ) -> None:
        self.tmp = tmp
        self.redis_url = redis_url
        self.telegram = telegram
        self.twilio = twilio  # SMS enabled against it when given
        self.workers: list[Worker] = []

    def start(self, count: int) -> list[Worker]:
        started = [self._spawn() for _ in range(count)]
        deadline = time.monotonic() + START_LIMIT
        for w in started:
            wait_healthy(
                w.base, w.process, deadline=deadline, name=f"worker {w.n}", output=w.log.read_text
            )
        return started

    def _spawn(self) -> Worker:
        n = len(self.workers)
        port = free_port()
        cfg = self.tmp / f"worker{n}.toml"
        cfg.write_text(
            f'data_dir = "{self.tmp}/var{n}"\nlog_level = "WARNING"\n'
            f'[server]\nport = {port}\npublic_base_url = "{PUBLIC}"\napi_token = "t"\n'
            f"[store]\nlease_seconds = {LEASE_SECONDS}\n"
            f'[channels.telegram]\nenabled = true\ntoken = "{TOKEN}"\n'
            f'secret_token = "{SECRET}"\napi_base_url = "{self.telegram.url}"\n'
            + (self._sms_config() if self.twilio is not None else ""),
            encoding="utf-8",
        )
        log = self.tmp / f"worker{n}.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith("SUPPORTBOT_")}
        with log.open("wb") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "bot.cli", "serve", "--config", str(cfg)]
                + ["--store", self.redis_url],
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
            )
        worker = Worker(n, port, process, log)
        self.workers.append(worker)
        return worker

    def _sms_config(self) -> str:
        assert self.twilio is not None
        return (
            f'[channels.sms]\nenabled = true\naccount_sid = "{self.twilio.account_sid}"\n'
            f'auth_token = "{self.twilio.auth_token}"\nfrom_number = "{SMS_FROM}"\n'
            f'api_base_url = "{self.twilio.url}"\n'
        )

    def kill(self, worker: Worker) -> None:
        worker.alive = False
        worker.process.send_signal(signal.SIGKILL)
        worker.process.wait(timeout=10)

    def stop(self) -> None:
        for w in self.workers:
            if w.process.poll() is None:
                w.process.send_signal(signal.SIGCONT)  # a stopped worker cannot terminate
                w.process.terminate()
        for w in self.workers:
            try:
                w.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                w.process.kill()
                w.process.wait()

    def log_lines(self) -> list[str]:
        return [
            line for w in self.workers for line in w.log.read_text(errors="replace").splitlines()
        ]

    async def settle(self, store: RedisStore, channel: str = "telegram") -> None:
        """Until nothing is owed on `channel` (the dead workers' leases run out first)."""
        deadline = time.monotonic() + SETTLE_LIMIT
        quiet = 0  # Redis counts a page at a time: an item moving meanwhile may be missed once
        while quiet < 3:
            quiet = 0 if await store.count_outbox(channel=channel) else quiet + 1
            if time.monotonic() > deadline:
                raise AssertionError("the outbox did not drain")
            await asyncio.sleep(0.25)  # other processes deliver; bounded by the deadline

    async def audit(self, store: RedisStore, driver: TelegramDriver) -> Audit:
        lost = duplicated = window = beyond = held = held_unsent = 0
        problems: list[str] = []
        numbers: list[int] = []
        sent: dict[int, Counter[str]] = {}
        for params in self.telegram.named("sendMessage"):
            sent.setdefault(int(params["chat_id"]), Counter())[str(params["text"])] += 1
        for i in range(CUSTOMERS):
            chat = chat_id(i)
            address = Address("telegram", str(chat))
            lines = await store.transcript(str(address))
            said = [line.text for line in lines if line.who == "customer"]
            expected = script(i)
            lost += sum((Counter(expected) - Counter(said)).values())
            duplicated += sum((Counter(said) - Counter(expected)).values())
            if said != expected:
                problems.append(f"customer {i}: transcript {said!r}")
            tickets = await store.list_tickets(address=address)
            numbers += [t.number for t in tickets]
            if len(tickets) != 1:
                problems.append(f"customer {i}: {len(tickets)} tickets")
                lost += len(tickets) == 0
                duplicated += max(0, len(tickets) - 1)
            items = await store.outbox_for(address)
            uncertain = [item for item in items if item.status == OutboxStatus.UNCERTAIN]
            owed = Counter(escape(i.outbound.text) for i in items if i not in uncertain)
            maybe = Counter(escape(i.outbound.text) for i in uncertain)
            got = sent.get(chat, Counter())
            missing, extra = owed - got, got - owed
            lost += sum(missing.values())
            held += len(uncertain)
            held_unsent += sum((maybe - extra).values())  # an uncertain one may be there once
            extra -= maybe
            extra_count = sum(extra.values())
            duplicated += extra_count
            # a send begun again with no failure recorded between: a retry after a failed
            # attempt (attempts counts those) is not one
            again = sum(max(0, item.sends - item.attempts - 1) for item in items)
            window += again
            beyond += max(0, extra_count - again)
            done = (OutboxStatus.DELIVERED, OutboxStatus.UNCERTAIN)
            unsent = [i.status for i in items if i.status not in done]
            if unsent:
                problems.append(f"customer {i}: outbox items not delivered: {unsent}")
            bot_lines = sum(line.who == "bot" for line in lines)
            if bot_lines != len(items):
                problems.append(f"customer {i}: {bot_lines} bot lines for {len(items)} replies")
        if len(numbers) != len(set(numbers)):
            problems.append("a ticket number was handed out twice")
        return Audit(
            inputs=driver.acked,
            lost=lost,
            duplicated=duplicated,
            window=window,
            held=held,
            held_unsent=held_unsent,
            fenced_sends=beyond,
            server_errors=driver.server_errors,
            refused=sum("its lease was taken over" in line for line in self.log_lines()),
            problems=problems,
        )


def chat_id(i: int) -> int:
    return 5_000_000 + i


class TelegramDriver:
    """Telegram's side of the webhook: every update retried until a worker answers 2xx."""

    def __init__(self, cluster: Cluster, client: httpx.AsyncClient) -> None:
        self.cluster = cluster
        self.client = client
        self.acked = 0
        self.server_errors = 0
        self.retried = 0
        self.progress = asyncio.Condition()
        self._next_update = 900_000

    async def until_acked(self, count: int) -> None:
        async with self.progress:
            await self.progress.wait_for(lambda: self.acked >= count)

    async def deliver(self, update: dict[str, Any], preferred: int) -> None:
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        # Telegram retries an update for a day; the test gives up after a bounded time, not a
        # count of attempts (on a busy machine many attempts end in the stopped worker's timeout)
        deadline = time.monotonic() + DELIVERY_DEADLINE_S
        for attempt in itertools.count():
            if time.monotonic() > deadline:
                break
            alive = [w for w in self.cluster.workers if w.alive]
            worker = alive[(preferred + attempt) % len(alive)]
            try:
                response = await self.client.post(
                    worker.base + WEBHOOK, json=update, headers=headers, timeout=REQUEST_TIMEOUT
                )
            except httpx.TransportError:
                if worker.process.poll() is not None:
                    worker.alive = False
                self.retried += 1
                await asyncio.sleep(0.05 * min(attempt, 10))  # Telegram backs off too
                continue
            if response.status_code >= 500:
                self.server_errors += 1
                self.retried += 1
                await asyncio.sleep(0.05 * min(attempt, 10))
                continue
            assert response.status_code == 200, response.text
            async with self.progress:
                self.acked += 1
                self.progress.notify_all()
            return
        raise AssertionError(f"update {update['update_id']} was never acknowledged")

    async def converse(self, i: int) -> None:
        for n, text in enumerate(script(i)):
            update = message_update(chat_id(i), text, update_id=chat_id(i) * 100 + n)
            await self.deliver(update, preferred=i + n)

    async def run(self) -> None:
        await asyncio.gather(*(self.converse(i) for i in range(CUSTOMERS)))
