"""Emails per second through the SMTP intake, beside two bare aiosmtpd handlers.

C concurrent SMTP sessions (aiosmtplib clients, one connection each) send M new
emails apiece, every one from its own sender. Two baselines, same clients, same
run, same loop: an aiosmtpd handler that keeps the bytes in a Python list (in
memory: lost on a crash), and one that stores them durably, one INSERT + COMMIT
per message into SQLite (WAL, synchronous=NORMAL, like our store) before it
answers 250. The intake's target is read against the durable one (see
docs/benchmarks.md).

supportbot answers 250 once the raw message is committed to its inbox (an outbox
item), and the turn (parse, loop checks, threading lookups, the email dialogue
opening a ticket, its commit) runs behind it, from the dispatcher, in the same
process and loop, with the channel's default flow control (`channels.email_flow`:
turns wait up to `turn_defer_ms` while SMTP is accepting a burst, as long as
fewer than a tenth of `max_backlog` mails wait). So two figures, never to be
mixed up:

- acceptance: emails/s and p50/p99 from the end of DATA to the 250, with the
  dispatcher turning mail at the same time (what a sending server sees);
- end to end: emails / (time from the first DATA to the last ticket committed),
  i.e. the sustained processing rate. The bot's replies go to a sender that
  discards them (no relay), so their delivery costs only the outbox bookkeeping.

    python bench/smtp_intake.py [--sessions 16] [--messages 40]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiosmtplib
from aiosmtpd.smtp import SMTP

from bot.config_channels import EmailConfig
from bot.engine.delivery import Receipt
from bot.engine.dispatch import Dispatcher
from bot.engine.turns import Engine
from bot.plan.policy import load_policy
from bot.store.sqlite.store import SqliteStore
from channels.email import EmailChannel
from channels.email_inbox import INTAKE, InboxProcessor
from domain.types import Outbound
from flows.dialogue.email_intake import email_step

NOW = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)
SUPPORT = "support@example.com"
BODIES = [
    (
        "Phones down at our office",
        "Hi,\r\n\r\nsince 9am nobody at the whole office can make or receive calls, every call\r\n"
        "gets a fast busy. Our account is AC-10442.\r\n\r\nThanks,\r\nAna Perez\r\nAcme Dental\r\n",
    ),
    (
        "Se cortan las llamadas",
        "Hola, se cortan las llamadas a varios usuarios de la oficina al transferir.\r\n"
        "Cuenta 4471, teléfono +34 612 345 678.\r\n\r\nUn saludo,\r\nLuis\r\n",
    ),
    (
        "Voicemail light stuck",
        "The voicemail light is stuck on for my phone only. Call me at 303-555-0147.\r\n"
        "\r\nOn Tue, Nov 24, 2026 at 10:01 AM Someone <x@example.com> wrote:\r\n> old text\r\n",
    ),
]


def message(session: int, n: int) -> tuple[str, bytes]:
    sender = f"c{session}-{n}@bench.example"
    subject, body = BODIES[(session + n) % len(BODIES)]
    raw = (
        f"From: Customer {session} <{sender}>\r\nTo: {SUPPORT}\r\nSubject: {subject}\r\n"
        f"Message-ID: <bench-{session}-{n}@bench.example>\r\nMIME-Version: 1.0\r\n"
        f'Content-Type: text/plain; charset="utf-8"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{body}'
    )
    return sender, raw.encode("utf-8")


class BareHandler:
    """Keeps the bytes in a list: the least a handler can do, durable it is not."""

    def __init__(self) -> None:
        self.kept: list[bytes] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.kept.append(envelope.content)
        return "250 OK"


class DurableHandler:
    """Stores the raw bytes in SQLite (one INSERT + COMMIT per message, WAL,
    synchronous=NORMAL as our store) before the 250: the least a handler can do
    that never loses an accepted message. It commits on the loop thread, which is
    the cheapest way (no thread hop), so the ratio against it is not flattered."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.execute(
            "CREATE TABLE inbox (id INTEGER PRIMARY KEY, mail_from TEXT, raw BLOB NOT NULL)"
        )

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.conn.execute("BEGIN")
        self.conn.execute(
            "INSERT INTO inbox (mail_from, raw) VALUES (?, ?)",
            (envelope.mail_from, envelope.original_content),
        )
        self.conn.execute("COMMIT")
        return "250 OK"


Timing = tuple[int, float, list[float], float]  # emails, seconds, latencies, first DATA


async def drive(port: int, sessions: int, messages: int, tag: str) -> Timing:
    latencies: list[float] = []
    first: list[float] = []

    async def one_session(s: int) -> None:
        client = aiosmtplib.SMTP(hostname="127.0.0.1", port=port, start_tls=False, timeout=60)
        await client.connect()
        try:
            for n in range(messages):
                sender, raw = message(s, n)
                raw = raw.replace(b"<bench-", f"<{tag}-".encode())
                await client.mail(sender)
                await client.rcpt(SUPPORT)
                began = time.perf_counter()
                if not first:
                    first.append(began)
                code, _ = await client.data(raw)
                latencies.append(time.perf_counter() - began)
                if code != 250:
                    raise RuntimeError(f"server answered {code}")
        finally:
            await client.quit()

    began = time.perf_counter()
    await asyncio.gather(*(one_session(s) for s in range(sessions)))
    return len(latencies), time.perf_counter() - began, latencies, first[0]


class Counting:
    """The inbox processor, counting turns run; `done` is set after the `expect`-th."""

    def __init__(self, inner: InboxProcessor) -> None:
        self.inner = inner
        self.depth = inner.depth  # the lane the dispatcher gives the inbox, as in production
        self.count = 0
        self.expect = 0
        self.done = asyncio.Event()
        self.last = 0.0

    def reset(self, expect: int) -> None:
        self.count, self.expect, self.last = 0, expect, 0.0
        self.done.clear()

    async def send(self, message: Outbound) -> Receipt:
        receipt = await self.inner.send(message)
        self.count += 1
        if self.count >= self.expect:
            self.last = time.perf_counter()
            self.done.set()
        return receipt


class Discard:
    """Where the bot's replies go: no relay in this bench."""

    async def send(self, message: Outbound) -> Receipt:
        return Receipt(provider_id="discarded")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def serve(factory: Callable[[], SMTP]) -> tuple[asyncio.Server, int]:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(factory, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


def report(label: str, n: int, secs: float, lat: list[float]) -> float:
    rate = n / secs
    print(
        f"{label:<30} {n} emails in {secs:.2f}s = {rate:,.0f} emails/s "
        f"(DATA->250 p50 {percentile(lat, 0.5) * 1e3:.2f} ms, p99 {percentile(lat, 0.99) * 1e3:.2f} ms)"
    )
    return rate


async def timed(label: str, run: Callable[[], Awaitable[Timing]]) -> float:
    n, secs, lat, _first = await run()
    return report(label, n, secs, lat)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=16)
    parser.add_argument("--messages", type=int, default=40)
    args = parser.parse_args()
    loop = asyncio.get_running_loop()
    print(f"load average before the run: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as tmp:
        bare = BareHandler()
        bare_server, bare_port = await serve(lambda: SMTP(bare, hostname="bench", loop=loop))
        durable = DurableHandler(Path(tmp) / "inbox.db")
        durable_server, durable_port = await serve(
            lambda: SMTP(durable, hostname="bench", loop=loop)
        )
        async with SqliteStore(Path(tmp) / "bench.db") as store:
            dispatcher = Dispatcher(store=store, senders={}, clock=lambda: NOW)
            engine = Engine(
                store=store,
                policy=load_policy("calltower"),
                clock=lambda: NOW,
                steps={"email": email_step},
                on_commit=dispatcher.kick,
            )
            config = EmailConfig(
                enabled=True, listen_port=0, addresses=[SUPPORT], from_address=SUPPORT
            )
            print(
                f"supportbot flow control (defaults): turn_defer_ms {config.turn_defer_ms}, "
                f"max_backlog {config.max_backlog:,}"
            )
            channel = EmailChannel(engine=engine, config=config, attachments_dir=Path(tmp) / "att")
            counting = Counting(channel.inbox)
            dispatcher.add_sender(INTAKE, counting)
            dispatcher.add_sender("email", Discard())
            worker = asyncio.create_task(dispatcher.run())
            await channel.start()
            assert channel.port is not None
            port = channel.port
            total = args.sessions * args.messages
            try:
                counting.reset(4 * 5)
                await drive(port, 4, 5, "warm")  # caches: policy, calendars, regexes
                await counting.done.wait()
                await drive(bare_port, 4, 5, "warm")
                await drive(durable_port, 4, 5, "warm")
                bare_rate = await timed(
                    "bare handler, memory",
                    lambda: drive(bare_port, args.sessions, args.messages, "b"),
                )
                durable_rate = await timed(
                    "bare handler, SQLite",
                    lambda: drive(durable_port, args.sessions, args.messages, "d"),
                )
                counting.reset(total)
                n, secs, lat, first = await drive(port, args.sessions, args.messages, "s")
                rate = report("supportbot acceptance", n, secs, lat)
                backlog = n - counting.count  # accepted, not yet turned, at the last 250
                await counting.done.wait()
                e2e_secs = counting.last - first
                e2e_rate = n / e2e_secs
                print(
                    f"{'supportbot end to end':<30} {n} tickets in {e2e_secs:.2f}s = "
                    f"{e2e_rate:,.0f} emails/s (first DATA to last ticket committed; "
                    f"{backlog} still to turn when the last 250 went out)"
                )
                tickets = len(await store.list_tickets(limit=100_000))
            finally:
                await channel.stop()
                dispatcher.stop()
                await worker
        for server in (bare_server, durable_server):
            server.close()
            await server.wait_closed()
        durable.conn.close()
    print(f"tickets opened: {tickets} (expected {total + 4 * 5})")
    print(f"load average after the run:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"acceptance / bare handler, memory: {rate / bare_rate:.0%}")
    share = rate / durable_rate
    print(
        f"acceptance / bare handler, SQLite: {share:.0%} "
        f"(target >= 50 %: {'met' if share >= 0.5 else 'NOT met'})"
    )
    print(
        f"end to end / bare handler, SQLite: {e2e_rate / durable_rate:.0%} "
        "(sustained processing: tickets opened per second)"
    )


if __name__ == "__main__":
    asyncio.run(main())
