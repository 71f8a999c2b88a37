"""Emails per second through the SMTP intake, beside two bare aiosmtpd handlers.

C concurrent SMTP sessions (aiosmtplib clients, one connection each) send M new
emails apiece, every one from its own sender, so each is the full path: parse,
loop checks, threading lookups, the email dialogue opening a ticket, and the
store commit before the 250. Two baselines, same clients, same run, same loop:
an aiosmtpd handler that keeps the bytes in a Python list (in memory: lost on a
crash), and one that stores them durably, one INSERT + COMMIT per message into
SQLite (WAL, synchronous=NORMAL, like our store) before it answers 250. The
intake's target is read against the durable one (see docs/benchmarks.md).
Prints messages/s and the p50/p99 time from the end of DATA to the 250.

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

from bot.config import EmailConfig
from bot.engine import Engine
from bot.policy import load_policy
from bot.store_sqlite import SqliteStore
from channels.email import EmailChannel
from flows.email_intake import email_step

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


async def drive(
    port: int, sessions: int, messages: int, tag: str
) -> tuple[int, float, list[float]]:
    latencies: list[float] = []

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
                code, _ = await client.data(raw)
                latencies.append(time.perf_counter() - began)
                if code != 250:
                    raise RuntimeError(f"server answered {code}")
        finally:
            await client.quit()

    began = time.perf_counter()
    await asyncio.gather(*(one_session(s) for s in range(sessions)))
    return len(latencies), time.perf_counter() - began, latencies


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def serve(factory: Callable[[], SMTP]) -> tuple[asyncio.Server, int]:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(factory, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


async def timed(label: str, run: Callable[[], Awaitable[tuple[int, float, list[float]]]]) -> float:
    n, secs, lat = await run()
    rate = n / secs
    print(
        f"{label:<22} {n} emails in {secs:.2f}s = {rate:,.0f} emails/s "
        f"(DATA->250 p50 {percentile(lat, 0.5) * 1e3:.2f} ms, p99 {percentile(lat, 0.99) * 1e3:.2f} ms)"
    )
    return rate


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
            engine = Engine(
                store=store,
                policy=load_policy("calltower"),
                clock=lambda: NOW,
                steps={"email": email_step},
            )
            config = EmailConfig(
                enabled=True, listen_port=0, addresses=[SUPPORT], from_address=SUPPORT
            )
            channel = EmailChannel(engine=engine, config=config, attachments_dir=Path(tmp) / "att")
            await channel.start()
            assert channel.port is not None
            port = channel.port
            try:
                await drive(port, 4, 5, "warm")  # caches: policy, calendars, regexes
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
                rate = await timed(
                    "supportbot intake", lambda: drive(port, args.sessions, args.messages, "s")
                )
                tickets = len(await store.list_tickets(limit=100_000))
            finally:
                await channel.stop()
        for server in (bare_server, durable_server):
            server.close()
            await server.wait_closed()
        durable.conn.close()
    print(f"tickets opened: {tickets}")
    print(f"load average after the run:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"intake / bare handler, memory: {rate / bare_rate:.0%}")
    share = rate / durable_rate
    print(
        f"intake / bare handler, SQLite: {share:.0%} "
        f"(target >= 50 %: {'met' if share >= 0.5 else 'NOT met'})"
    )


if __name__ == "__main__":
    asyncio.run(main())
