"""RSS of the SMTP intake holding N stalled sessions, and how long until it closes them.

The server (an EmailChannel on a throw-away SQLite store) runs in this process; the
stalling clients run in a child process, so the RSS read here (/proc/self/status) is
the server's alone. Half the clients stall after the greeting, half in the DATA phase
after sending `--data-kib` KiB of a message (spooled: past 64 KiB it is on disk). Read: RSS before,
with every session open, and once the server's deadlines closed them all.

    python bench/smtp_stalled.py [--sessions 500] [--data-kib 64] [--idle 5] [--data 10]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bot.config_channels import EmailConfig
from bot.engine.turns import Engine
from bot.plan.policy import load_policy
from bot.store.sqlite.store import SqliteStore
from channels.email import EmailChannel
from flows.dialogue.email_intake import email_step

CLIENT = r"""
import asyncio, sys
port, sessions, kib = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
async def one(i):
    r, w = await asyncio.open_connection("127.0.0.1", port)
    await r.readline()
    if i % 2:
        w.write(b"EHLO peer\r\nMAIL FROM:<a%d@example.com>\r\nRCPT TO:<support@example.com>\r\nDATA\r\n" % i)
        w.write(b"Subject: stalled\r\n\r\n" + (b"x" * 78 + b"\r\n") * (kib * 1024 // 80))  # RFC 5321 lines
    return r, w
async def main():
    conns = [await one(i) for i in range(sessions)]
    print("open", flush=True)
    await asyncio.gather(*(r.read() for r, _ in conns))  # until the server closes each
    print("closed", flush=True)
asyncio.run(main())
"""


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = SqliteStore(Path(tmp) / "bench.db")
        await store.open()
        policy = load_policy("calltower")
        engine = Engine(
            store=store, policy=policy, clock=lambda: datetime.now(UTC), steps={"email": email_step}
        )
        config = EmailConfig(
            enabled=True,
            listen_port=0,
            addresses=["support@example.com"],
            max_sessions=args.sessions,
            idle_timeout_s=args.idle,
            data_timeout_s=args.data,
            session_timeout_s=max(args.idle, args.data) * 2,
        )
        channel = EmailChannel(
            engine=engine,
            config=config,
            attachments_dir=Path(tmp),
            spool_dir=Path(tmp) / "spool",
        )
        await channel.start()
        gc.collect()
        before = rss_mib()
        client = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            CLIENT,
            str(channel.port),
            str(args.sessions),
            str(args.data_kib),
            stdout=subprocess.PIPE,
        )
        assert client.stdout is not None
        assert (await client.stdout.readline()).strip() == b"open"
        # RSS sampled until the server has closed every session: its peak is the figure
        start = time.monotonic()
        held, most = rss_mib(), channel.listener.open_sessions
        closing = asyncio.ensure_future(channel.listener.sessions_closed())
        while not closing.done():
            await asyncio.wait([closing], timeout=0.1)
            held, most = max(held, rss_mib()), max(most, channel.listener.open_sessions)
        closed_after = time.monotonic() - start
        await client.wait()
        gc.collect()
        after = rss_mib()
        await channel.stop()
        await store.close()
    print(
        f"sessions={args.sessions} data_kib={args.data_kib} idle={args.idle}s data={args.data}s\n"
        f"sessions open at once: {most}\n"
        f"RSS before {before:.1f} MiB, peak while they were open {held:.1f} MiB "
        f"(+{held - before:.1f} MiB, {(held - before) * 1024 / args.sessions:.0f} KiB a session), "
        f"after they closed {after:.1f} MiB\n"
        f"all closed by the server {closed_after:.1f} s after the last client connected"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=500)
    parser.add_argument("--data-kib", type=int, default=64)
    parser.add_argument("--idle", type=float, default=5.0)
    parser.add_argument("--data", type=float, default=10.0)
    asyncio.run(main(parser.parse_args()))
