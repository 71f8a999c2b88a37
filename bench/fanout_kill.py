"""Part (c) of bench/outage_storm.py with real processes: an incident update fanned out to N
children (20,000 by default) by two `supportbot serve` workers on one redis-server, one of
them SIGKILLed half-way through the deliveries and restarted; every child must receive the
update exactly once.

Set-up, untimed: redis-server (bench/store.py's start_redis), the SMS provider's stand-in
(bench/twilio_standin.py: Twilio's Messages API in a process of its own, counting per
number), two workers whose Twilio client is pointed at it (`[channels.sms] api_base_url`),
an incident opened over HTTP (`POST /api/incidents`) and N children seeded straight into
the store as SMS tickets linked to it (500 per commit, as bench (b) does).

Timed from the update's `POST /api/incidents/{id}/updates` (API token) to the stand-in's
last message: the posting worker runs the fan-out job (one commit per child), both workers'
dispatchers drain the outbox through twilio's REST client. With the kill, once the stand-in
has seen N/2 messages, one worker (by default the one that took the POST and runs the
fan-out job) is SIGKILLed and a replacement started, as an orchestrator would. The outbox
lease is 5 s (`store.lease_seconds`, the least the config allows; the default 60 s would
only lengthen the wait for the dead worker's claimed items), sends interrupted by the kill
are reconciled with the stand-in's message log (bot/engine/dispatch.py, channels/sms.py).

Afterwards: messages per number from the stand-in (lost: 0; duplicated: more than 1), the
fan-out's outbox items from the store (uncertain = held; sends > 1 = a send interrupted
and settled again), the workers' reconcile log lines.

    python bench/outage_storm.py --parts c [--children 20000] [--victim both|other|poster]
    python bench/fanout_kill.py [CHILDREN [VICTIM...]]    (with bench/ and the repo on PYTHONPATH)
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from store import free_port, start_redis  # bench/ is on sys.path when a bench runs

from bot.store.backends import open_store
from bot.store.protocol import OutboxStatus, Store, TurnCommit
from domain.types import Address, Ticket, TicketStatus

BENCH = Path(__file__).resolve().parent
ACCOUNT_SID = "AC" + "5" * 32
AUTH_TOKEN = "fanout-auth-token"
API_TOKEN = "fanout-api-token"
FROM_NUMBER = "+15005550006"
PUBLIC = "https://support.example.com"
LEASE_SECONDS = 5
START_LIMIT = 60.0  # seconds for a process to answer
QUIET_LIMIT = 150.0  # no new message for this long with nothing owed: the run is over
# (longer than the fan-out job's 2-minute lease, after which a dead worker's job resumes)
RUN_LIMIT = 900.0
SEED_BATCH = 500
UPDATE = "Dallas outage: a fix is being deployed; next update by 18:00."


@dataclass
class Worker:
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def cpu_seconds(proc: subprocess.Popen[bytes]) -> float:
    """A live process's CPU time so far (/proc: user + system)."""
    fields = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUPPORTBOT_")}
    env["PYTHONPATH"] = os.pathsep.join([str(BENCH), str(BENCH.parent)])
    return env


def wait_answering(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_LIMIT
    while True:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            sys.exit(f"{url} did not come up:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.05)


class Processes:
    """The stand-in and the workers, all stopped at the end."""

    def __init__(self, tmp: Path, store_url: str) -> None:
        self.tmp = tmp
        self.store_url = store_url
        self.workers: list[Worker] = []
        self.others: list[subprocess.Popen[bytes]] = []
        self.standin = ""

    def start_standin(self) -> None:
        port = free_port()
        log = self.tmp / "standin.log"
        command = [sys.executable, str(BENCH / "twilio_standin.py"), str(port)]
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [*command, ACCOUNT_SID, AUTH_TOKEN],
                stdout=out,
                stderr=subprocess.STDOUT,
                env=environment(),
            )
        self.others.append(proc)
        self.standin = f"http://127.0.0.1:{port}"
        wait_answering(self.standin + "/_stats", proc, log)

    def spawn(self) -> Worker:
        n, port = len(self.workers), free_port()
        config = self.tmp / f"worker{n}.toml"
        config.write_text(
            f'data_dir = "{self.tmp}/var{n}"\nlog_level = "WARNING"\n'
            f'[server]\nport = {port}\npublic_base_url = "{PUBLIC}"\napi_token = "{API_TOKEN}"\n'
            f"[store]\nlease_seconds = {LEASE_SECONDS}\n"
            "[channels.webchat]\nenabled = false\n"
            f'[channels.sms]\nenabled = true\naccount_sid = "{ACCOUNT_SID}"\n'
            f'auth_token = "{AUTH_TOKEN}"\nfrom_number = "{FROM_NUMBER}"\n'
            f'api_base_url = "{self.standin}"\n',
            encoding="utf-8",
        )
        log = self.tmp / f"worker{n}.log"
        command = [sys.executable, "-m", "bot.cli", "serve", "--config", str(config)]
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [*command, "--store", self.store_url],
                stdout=out,
                stderr=subprocess.STDOUT,
                env=environment(),
            )
        worker = Worker(port, proc, log)
        self.workers.append(worker)
        wait_answering(worker.base + "/healthz", proc, log)
        return worker

    def log_lines(self) -> list[str]:
        return [
            line for w in self.workers for line in w.log.read_text(errors="replace").splitlines()
        ]

    def stop(self) -> None:
        procs = [w.process for w in self.workers] + self.others
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


async def seed(store: Store, incident_id: int, children: int, first: int) -> list[str]:
    """N SMS tickets, children of the incident, committed 500 at a time; their numbers."""
    now = datetime.now(UTC)
    numbers = []
    for start in range(0, children, SEED_BATCH):
        tickets = []
        for i in range(start, min(children, start + SEED_BATCH)):
            address = Address("sms", f"+1555{first + i:07d}")
            numbers.append(address.id)
            tickets.append(
                Ticket(
                    number=first + i,
                    status=TicketStatus.NEW,
                    priority="P1G",
                    channel="sms",
                    address=address,
                    lang="en",
                    created_at=now,
                    first_response_due=None,
                    next_update_due=None,
                    fields={"incident": str(incident_id), "incident_seen": "0"},
                    conversation_id=str(address),
                )
            )
        await store.commit(
            TurnCommit(
                at=now,
                tickets=tuple(tickets),
                incident_children=tuple((incident_id, t.number) for t in tickets),
            )
        )
    return numbers


@dataclass
class Run:
    children: int
    killed: bool
    kill_at: int = 0  # messages the stand-in had seen when the worker was killed
    fanout_running: bool = False  # the fan-out job (on the poster) was still committing then
    sends: int = 0
    last_s: float = 0.0
    lost: int = 0
    duplicated: int = 0
    uncertain: int = 0
    interrupted: int = 0  # fan-out items whose send was begun again (sends > 1)
    other: Counter[str] = field(default_factory=Counter)  # items neither sent nor held
    reconciled: Counter[str] = field(default_factory=Counter)  # from the workers' logs
    load: float = 0.0
    workers_cpu: float = 0.0  # the workers' CPU seconds from the POST to the end (the
    # victim's up to its kill, the replacement's start-up included)
    standin_cpu: float = 0.0

    def line(self) -> str:
        how = (
            f"worker SIGKILLed at {self.kill_at:,} messages"
            + (" (the fan-out job still committing)" if self.fanout_running else "")
            + ", restarted"
            if self.killed
            else "no kill"
        )
        rate = self.sends / self.last_s if self.last_s else 0.0
        return (
            f"redis  (c) 2 workers, {self.children:,} children, {how}: last delivery"
            f" {self.last_s:.1f} s, {rate:,.0f} sends/s; lost {self.lost}, duplicated"
            f" {self.duplicated}, held/uncertain {self.uncertain}; interrupted sends settled"
            f" again {self.interrupted} (workers' log: {dict(self.reconciled) or 'none'})"
            + (f"; not sent: {dict(self.other)}" if self.other else "")
            + f"; CPU per message: workers {self.workers_cpu / max(1, self.sends) * 1e6:,.0f} us,"
            f" stand-in {self.standin_cpu / max(1, self.sends) * 1e6:,.0f} us"
            f"; load average {self.load:.1f}"
        )


async def standin_stats(client: httpx.AsyncClient, base: str) -> dict[str, Any]:
    response = await client.get(base + "/_stats")
    stats: dict[str, Any] = response.json()
    return stats


async def drive(procs: Processes, store: Store, children: int, first: int, kill: str) -> Run:
    run = Run(children=children, killed=bool(kill))
    headers = {"Authorization": f"Bearer {API_TOKEN}"}
    async with httpx.AsyncClient(timeout=30) as client:
        alive = [w for w in procs.workers if w.process.poll() is None]
        poster, other = alive[0], alive[1]
        opened = await client.post(
            poster.base + "/api/incidents",
            headers=headers,
            json={"title": "Dallas: no dial tone", "match": {"keywords": ["dallas"]}},
        )
        incident_id = int(opened.json()["id"])
        numbers = await seed(store, incident_id, children, first)
        before = (await standin_stats(client, procs.standin))["total"]
        cpu_before = {w.process.pid: cpu_seconds(w.process) for w in alive}
        standin_before = cpu_seconds(procs.others[0])
        posted_at = time.time()
        answer = await client.post(
            f"{poster.base}/api/incidents/{incident_id}/updates",
            headers=headers,
            json={"text": UPDATE},
        )
        assert answer.status_code in (200, 201), answer.text
        seq = max(int(u["seq"]) for u in answer.json()["updates"])
        if kill:
            half = before + children // 2
            while (await standin_stats(client, procs.standin))["total"] < half:  # noqa: ASYNC110
                await asyncio.sleep(0.02)  # the stand-in, another process, counts
            victim = poster if kill == "poster" else other
            run.workers_cpu += cpu_seconds(victim.process) - cpu_before.pop(victim.process.pid)
            victim.process.send_signal(signal.SIGKILL)
            victim.process.wait()
            run.kill_at = (await standin_stats(client, procs.standin))["total"] - before
            run.fanout_running = await job_running(store, incident_id, seq)
            await asyncio.to_thread(procs.spawn)
        # until every child has it and nothing is owed, or nothing moved for QUIET_LIMIT
        last_total, moved_at, started = -1, time.monotonic(), time.monotonic()
        settled = 0
        while settled < 3 and time.monotonic() - started < RUN_LIMIT:
            await asyncio.sleep(0.2)
            stats = await standin_stats(client, procs.standin)
            if stats["total"] != last_total:
                last_total, moved_at = stats["total"], time.monotonic()
            quiet = time.monotonic() - moved_at
            if stats["total"] - before >= children or quiet > 5:
                owed = await store.count_outbox(channel="sms")
                done = owed == 0 and (stats["total"] - before >= children or quiet > QUIET_LIMIT)
                settled = settled + 1 if done else 0
        stats = await standin_stats(client, procs.standin)
        run.standin_cpu = cpu_seconds(procs.others[0]) - standin_before
        for w in procs.workers:
            if w.process.poll() is None:
                run.workers_cpu += cpu_seconds(w.process) - cpu_before.get(w.process.pid, 0.0)
        counts: dict[str, int] = (await client.get(procs.standin + "/_counts")).json()
    run.sends = stats["total"] - before
    run.last_s = stats["last_at"] - posted_at
    run.lost = sum(1 for n in numbers if counts.get(n, 0) == 0)
    run.duplicated = sum(1 for n in numbers if counts.get(n, 0) > 1)
    await audit_outbox(store, numbers, run)
    return run


async def job_running(store: Store, incident_id: int, seq: int) -> bool:
    """The update's fan-out job still holds its lease timer (bot/incidents/jobs.py): it has
    not finished its commits. Read from the Redis store's timer set directly (a bench's
    peek, not an API)."""
    redis = getattr(store, "redis", None)
    if redis is None:
        return False
    key = f"incident:{incident_id}:fanout:{seq}"
    return await redis.zscore(getattr(store, "prefix", "") + "tm", key) is not None


async def audit_outbox(store: Store, numbers: list[str], run: Run) -> None:
    """The update's outbox item of each child: held (uncertain), begun again, or not sent."""
    for start in range(0, len(numbers), 500):
        chunk = numbers[start : start + 500]
        found = await asyncio.gather(*(store.outbox_for(Address("sms", n)) for n in chunk))
        for items in found:
            for item in items:
                if item.status == OutboxStatus.UNCERTAIN:
                    run.uncertain += 1
                elif item.status not in (OutboxStatus.SENT, OutboxStatus.DELIVERED):
                    run.other[item.status] += 1
                run.interrupted += item.sends > 1


def reconcile_counts(lines: list[str]) -> Counter[str]:
    outcomes = {
        "found at the provider": "found",
        "not at the provider: sent now": "sent",
        "not reconciled": "unreadable",
        "held: its earlier send was interrupted": "held",
    }
    counted: Counter[str] = Counter()
    for line in lines:
        for text, name in outcomes.items():
            if text in line:
                counted[name] += 1
    return counted


async def part_c(tmp: Path, store_url: str, children: int, victims: tuple[str, ...]) -> list[Run]:
    procs = Processes(tmp, store_url)
    store = open_store(store_url)
    await store.open()
    runs = []
    try:
        procs.start_standin()
        await asyncio.to_thread(procs.spawn)
        await asyncio.to_thread(procs.spawn)
        for n, kill in enumerate(("", *victims)):  # the same set-up without, then with kills
            seen = reconcile_counts(procs.log_lines())
            run = await drive(procs, store, children, (n + 1) * 1_000_000, kill)
            run.reconciled = reconcile_counts(procs.log_lines()) - seen
            run.load = os.getloadavg()[0]
            print(run.line(), flush=True)
            runs.append(run)
    finally:
        await store.close()
        procs.stop()
    return runs


def run_part_c(children: int, victims: tuple[str, ...] = ("other", "poster")) -> list[Run]:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        redis_proc, url = start_redis(tmp)
        try:
            return asyncio.run(part_c(tmp, url, children, victims))
        finally:
            redis_proc.terminate()
            redis_proc.wait(timeout=10)


if __name__ == "__main__":
    run_part_c(
        int(sys.argv[1]) if len(sys.argv) > 1 else 20_000,
        tuple(sys.argv[2:]) or ("other", "poster"),
    )
