"""Three real `supportbot serve` workers on one Redis: 100 customers send 1,000
signed Twilio SMS webhooks spread over the workers, one worker is SIGKILLed
mid-run, and what it had not acknowledged is sent again to another worker (as
Twilio would). Afterwards the store must show exactly one reply per customer
message, one ticket per customer, every field intact, unique ticket numbers."""

from __future__ import annotations

import asyncio
import os
import signal
import smtplib
import subprocess
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import redis.asyncio as aioredis

from bot.store.protocol import OutboxStatus
from bot.store.redis.store import RedisStore
from domain.types import Address
from tests.channels.fake_twilio import signed_form, sms_params
from tests.e2e.serve import wait_healthy
from tests.redis_server import RedisServer, free_port

AUTH_TOKEN = "e2e-twilio-auth-token"
PUBLIC = "https://support.example.test"
WEBHOOK = "/webhooks/twilio/sms"
CUSTOMERS = 100
KILL_AFTER = 350  # acknowledged webhooks before worker 0 is killed
START_LIMIT = 40.0  # seconds for a worker to answer /healthz
SEND_ATTEMPTS = 8  # per message, over the surviving workers


@dataclass
class Worker:
    port: int
    process: subprocess.Popen[bytes]
    log: Path
    alive: bool = True

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass
class Customer:
    index: int
    phone: str
    name: str
    account: str
    email: str
    script: list[str] = field(default_factory=list)

    @classmethod
    def make(cls, i: int) -> Customer:
        c = cls(
            i,
            f"+1415555{i:04d}",
            f"Maria Lopez{'' if i % 2 else 'a'} {chr(65 + i % 26)}",
            f"ACC-{48000 + i}",
            f"customer{i}@acme-voip.com",
        )
        c.script = [
            f"Since this morning none of our phones can make outbound calls, office {i} is down",
            c.name,
            c.account,
            c.email,
            "skip",
            "yes",
            "Any update?",
            f"Also the fax line at site {i} is down",
            "thanks",
            "ok",
        ]
        return c


def _start_worker(tmp: Path, n: int, redis_url: str, *, smtp_port: int | None = None) -> Worker:
    port = free_port()
    cfg = tmp / f"worker{n}.toml"
    email = (
        f"[channels.email]\nenabled = true\nlisten_port = {smtp_port}\n"
        f'addresses = ["{SUPPORT}"]\nfrom_address = "{SUPPORT}"\n'
        if smtp_port is not None
        else ""
    )
    cfg.write_text(
        f'data_dir = "{tmp}/var{n}"\nlog_level = "WARNING"\n'
        f'[server]\nport = {port}\npublic_base_url = "{PUBLIC}"\napi_token = "t"\n'
        f'[channels.sms]\nenabled = true\nauth_token = "{AUTH_TOKEN}"\n'
        # every reply here is inline TwiML: the REST API is configured, never reached
        f'account_sid = "ACe2e"\napi_base_url = "http://127.0.0.1:9"\n'
        f'from_number = "+15005550006"\n' + email,
        encoding="utf-8",
    )
    log = tmp / f"worker{n}.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUPPORTBOT_")}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "serve", "--config", str(cfg), "--store", redis_url],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    return Worker(port, process, log)


def _wait_healthy(workers: list[Worker]) -> None:
    deadline = time.monotonic() + START_LIMIT
    for w in workers:
        wait_healthy(
            w.base,
            w.process,
            deadline=deadline,
            name=f"worker on :{w.port}",
            output=w.log.read_text,
        )


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    return redis_server.url(3)


@pytest.fixture
def workers(tmp_path: Path, redis_url: str) -> Iterator[list[Worker]]:
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    started = [_start_worker(tmp_path, n, redis_url) for n in range(3)]
    try:
        _wait_healthy(started)
        yield started
    finally:
        for w in started:
            if w.process.poll() is None:
                w.process.terminate()
        for w in started:
            try:
                w.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                w.process.kill()
                w.process.wait()


@pytest.fixture
async def store(redis_url: str) -> AsyncIterator[RedisStore]:
    async with RedisStore(redis_url) as opened:
        yield opened


class Twilio:
    """Posts signed webhooks like Twilio: a message counts as delivered only on a 2xx;
    a dropped connection or a 5xx sends the very same webhook (same MessageSid) again."""

    def __init__(self, workers: list[Worker], client: httpx.AsyncClient) -> None:
        self.started = time.monotonic()
        self.workers = workers
        self.client = client
        self.acked = 0
        self.resent = 0
        self.failed_on_killed = 0  # tries that died with the killed worker (in flight or after)
        self.replies: Counter[str] = Counter()  # MessageSid -> TwiML answers with a reply
        self.kill_now = asyncio.Event()
        self.in_flight: Counter[int] = Counter()  # worker port -> requests awaiting an answer
        self.in_flight_at_kill = 0

    async def deliver(self, params: dict[str, str], preferred: int) -> None:
        body, headers = signed_form(AUTH_TOKEN, PUBLIC + WEBHOOK, params)
        for attempt in range(SEND_ATTEMPTS):
            alive = [w for w in self.workers if w.alive]
            worker = alive[(preferred + attempt) % len(alive)]
            self.in_flight[worker.port] += 1
            try:
                response = await self.client.post(
                    worker.base + WEBHOOK, content=body, headers=headers
                )
            except httpx.TransportError:
                # like a load balancer, learn of the death from a failed request
                if worker.process.poll() is not None:
                    worker.alive = False
                    self.failed_on_killed += 1
                self.resent += 1
                continue
            finally:
                self.in_flight[worker.port] -= 1
            if response.status_code >= 500:
                self.resent += 1
                continue
            assert response.status_code == 200, response.text
            # a long reply is split into several SMS parts: count answers, not parts
            self.replies[params["MessageSid"]] += "<Message>" in response.text
            self.acked += 1
            if self.acked == KILL_AFTER:
                self.kill_now.set()
            return
        pytest.fail(f"webhook {params['MessageSid']} was never acknowledged")

    async def converse(self, customer: Customer) -> list[str]:
        sids = []
        for n, text in enumerate(customer.script):
            params = sms_params(
                customer.phone, text, sid=f"SM{customer.index:04d}{n:02d}{'0' * 26}"
            )
            sids.append(params["MessageSid"])
            await self.deliver(params, preferred=customer.index + n)
        return sids


async def test_killed_worker_loses_nothing(workers: list[Worker], store: RedisStore) -> None:
    customers = [Customer.make(i) for i in range(CUSTOMERS)]
    limits = httpx.Limits(max_connections=CUSTOMERS, max_keepalive_connections=CUSTOMERS)
    async with httpx.AsyncClient(timeout=30, limits=limits) as client:
        twilio = Twilio(workers, client)

        async def killer() -> None:
            await twilio.kill_now.wait()
            victim = workers[0]
            twilio.in_flight_at_kill = twilio.in_flight[victim.port]
            victim.process.send_signal(signal.SIGKILL)
            await asyncio.to_thread(victim.process.wait)

        kill_task = asyncio.create_task(killer())
        sids = await asyncio.gather(*(twilio.converse(c) for c in customers))
        await kill_task

    assert workers[0].process.returncode == -signal.SIGKILL
    assert twilio.acked == CUSTOMERS * 10

    tickets = await store.list_tickets(limit=10 * CUSTOMERS)
    numbers = [t.number for t in tickets]
    assert len(numbers) == len(set(numbers)) == CUSTOMERS, "a ticket was opened twice or lost"
    by_address = {str(t.address): t for t in tickets}
    assert len(by_address) == CUSTOMERS

    for customer, customer_sids in zip(customers, sids, strict=True):
        address = Address("sms", customer.phone)
        items = await store.outbox_for(address)
        replies_to = Counter(i.outbound.meta.get("in_reply_to") for i in items)
        assert all(i.status == OutboxStatus.INLINE for i in items)
        assert replies_to == Counter({sid: 1 for sid in customer_sids}), customer.phone

        lines = await store.transcript(str(address))
        assert [line.who for line in lines] == ["customer", "bot"] * 10
        assert [line.text for line in lines if line.who == "customer"] == customer.script

        ticket = by_address[str(address)]
        assert ticket.fields["name"] == customer.name
        assert ticket.fields["account_id"] == customer.account
        assert ticket.fields["email"] == customer.email
        assert ticket.fields["phone"] == customer.phone
        comments = [e.detail for e in ticket.events if e.kind == "comment"]
        assert comments == customer.script[6:8]  # "thanks" and "ok" are answered, not filed

    # Replies that went back over HTTP: exactly one per message, also where the worker
    # died after committing but before its TwiML answer got out: the retry, a duplicate
    # of a committed turn, is answered with the reply that turn stored.
    assert twilio.failed_on_killed > 0 and twilio.resent >= twilio.failed_on_killed
    assert sum(twilio.replies.values()) == CUSTOMERS * 10
    assert max(twilio.replies.values()) == 1
    print(
        f"\n{twilio.acked} acknowledged, {twilio.resent} re-sent, "
        f"{twilio.in_flight_at_kill} in flight on the killed worker, {twilio.failed_on_killed} tries failed on it"
    )


async def test_redis_outage_answers_503_and_resumes(tmp_path: Path) -> None:
    server = RedisServer(tmp_path, aof=True)
    server.start()
    smtp_port = free_port()
    (worker,) = [_start_worker(tmp_path, 9, server.url(0), smtp_port=smtp_port)]
    try:
        _wait_healthy([worker])
        async with httpx.AsyncClient(timeout=30) as client:

            async def post(text: str, sid: str) -> httpx.Response:
                params = sms_params("+14155550999", text, sid=sid)
                body, headers = signed_form(AUTH_TOKEN, PUBLIC + WEBHOOK, params)
                return await client.post(worker.base + WEBHOOK, content=body, headers=headers)

            first = await post("Our SIP trunk drops every call after 30 seconds", "SM" + "1" * 32)
            assert first.status_code == 200 and "<Message>" in first.text

            server.stop()
            down = await post("Maria Lopez", "SM" + "2" * 32)
            assert down.status_code == 503
            assert down.headers["retry-after"]
            health = await client.get(worker.base + "/healthz")
            assert health.status_code == 503
            # SMTP answers 451 after DATA: the sending server keeps the mail and retries
            code, _ = await asyncio.to_thread(_send_mail, smtp_port)
            assert code == 451

            server.start()  # back on the same port, data from its append-only file
            again = await post("Maria Lopez", "SM" + "2" * 32)  # the provider's retry
            assert again.status_code == 200 and "account" in again.text.lower()
            assert (await client.get(worker.base + "/healthz")).status_code == 200
            code, _ = await asyncio.to_thread(_send_mail, smtp_port)  # the sender's retry
            assert code == 250
        client_r = aioredis.Redis.from_url(server.url(0), decode_responses=True)
        try:
            assert await client_r.exists("sb:d:sms:SM" + "2" * 32) == 1
            # nothing half-written: the failed attempt left no trace, the retry one turn
            lines = await client_r.lrange("sb:tx:sms:+14155550999", 0, -1)
            assert len(lines) == 4
        finally:
            await client_r.aclose()
    finally:
        worker.process.terminate()
        worker.process.wait(timeout=15)
        server.stop()


SUPPORT = "support@example.com"


def _send_mail(port: int) -> tuple[int, bytes]:
    """One email over real SMTP; returns the reply code to DATA."""
    message = (
        f"From: Ana <ana@example.net>\r\nTo: {SUPPORT}\r\nSubject: Phones down\r\n"
        "Message-ID: <outage-1@example.net>\r\n\r\nNobody at the office can make calls.\r\n"
    )
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
        smtp.ehlo()
        smtp.mail("ana@example.net")
        smtp.rcpt(SUPPORT)
        return smtp.data(message.encode())
