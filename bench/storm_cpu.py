"""CPU per storm message in one process, without a socket: the ASGI app `supportbot serve`
builds (bot/app.py, SQLite or Redis store), called directly with the same signed Twilio
webhooks bench/outage_storm.py's part (a) sends with wrk, `--concurrency` in flight. What it
leaves out is uvicorn and httptools (the same on both sides of part (a)'s ratio); what it
measures is everything a storm message costs from Starlette's router to the commit, as
process CPU time (all threads) per message: a quicker loop than wrk for trying a change,
and, with `--profile`, a cProfile of the storm (sorted by own time, or dumped to a file).

    python bench/storm_cpu.py [--customers 3000] [--concurrency 32] [--store URL | --redis]
                              [--profile] [--dump FILE]

The CPU figure is this process's; with --redis, redis-server's own is printed beside it
(its scripts' time by INFO commandstats, and its process CPU by /proc).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import pstats
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import uvloop
from store import start_redis
from storm_intake import (  # bench/ is on sys.path when a bench runs
    API_TOKEN,
    AUTH_TOKEN,
    FROM_NUMBER,
    KNOWN,
    PATH,
    PUBLIC,
    storm_body,
    worker_config,
)

from bot.app import build_app, build_services
from bot.config import load_settings
from bot.gc_tuning import tune_for_serving

WARM_UP = 300

Asgi = Any


def signed_requests(customers: int, area: str) -> list[tuple[bytes, bytes]]:
    from twilio.request_validator import RequestValidator

    validator = RequestValidator(AUTH_TOKEN)
    out = []
    for i in range(customers):
        params = {
            "MessageSid": f"SM{area}{i:029x}",
            "AccountSid": "AC" + "0" * 32,
            "From": f"+1{area}{i:07d}",
            "To": FROM_NUMBER,
            "Body": storm_body(i),
            "NumMedia": "0",
            "NumSegments": "1",
            "ApiVersion": "2010-04-01",
        }
        signature = validator.compute_signature(PUBLIC + PATH, params)
        out.append((signature.encode(), urlencode(params).encode()))
    return out


async def call(
    app: Asgi, method: str, path: str, headers: list[tuple[bytes, bytes]], body: bytes
) -> tuple[int, bytes]:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1"), (b"content-length", str(len(body)).encode())]
        + headers,
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8080),
    }
    sent = False
    status = 0
    chunks: list[bytes] = []

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.Event().wait()  # a disconnect never comes
        raise AssertionError

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, b"".join(chunks)


async def drive(app: Asgi, requests: list[tuple[bytes, bytes]], concurrency: int) -> list[bytes]:
    queue = iter(requests)
    answers: list[bytes] = []

    async def sender() -> None:
        for signature, body in queue:
            status, answer = await call(
                app,
                "POST",
                PATH,
                [
                    (b"content-type", b"application/x-www-form-urlencoded"),
                    (b"x-twilio-signature", signature),
                ],
                body,
            )
            assert status == 200, (status, answer)
            answers.append(answer)

    await asyncio.gather(*(sender() for _ in range(concurrency)))
    return answers


async def run(args: argparse.Namespace, tmp: Path) -> None:
    config = tmp / "worker.toml"
    config.write_text(worker_config(tmp / "var", 8080, "WARNING"), "utf-8")
    overrides = {"store.url": args.store or f"sqlite:///{tmp}/storm.db"}
    settings = load_settings(config, overrides=overrides)
    app = build_app(build_services(settings))
    storm = signed_requests(args.customers, "214")
    warm = signed_requests(WARM_UP, "972")
    async with app.router.lifespan_context(app):
        incident = {
            "title": "Dallas: no dial tone",
            "summary": {"en": "Phones at Dallas sites have no dial tone.", "es": "Sin tono."},
            "match": {"keywords": ["dallas"]},
        }
        status, _ = await call(
            app,
            "POST",
            "/api/incidents",
            [
                (b"authorization", f"Bearer {API_TOKEN}".encode()),
                (b"content-type", b"application/json"),
            ],
            json.dumps(incident).encode(),
        )
        assert status in (200, 201), status
        await drive(app, warm, args.concurrency)
        tune_for_serving()
        profile = cProfile.Profile() if args.profile or args.dump else None
        server = _server_cpu(args)
        cpu, wall = time.process_time(), time.perf_counter()
        if profile is not None:
            profile.enable()
        answers = await drive(app, storm, args.concurrency)
        if profile is not None:
            profile.disable()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        server = _server_cpu(args, server)
    told = sum(KNOWN[0].encode() in a for a in answers)
    print(
        f"{args.customers} storm messages, {args.concurrency} in flight: "
        f"{cpu / args.customers * 1e6:.0f} us CPU each, {args.customers / wall:.0f} msgs/s; "
        f"told it is known: {told}"
    )
    if server is not None:
        scripts, total = server
        print(
            f"redis-server: {total / args.customers:.0f} us CPU each (/proc), "
            f"its scripts {scripts / args.customers:.0f} us (INFO commandstats)"
        )
    if profile is not None:
        if args.dump:
            profile.dump_stats(args.dump)
        else:
            pstats.Stats(profile).sort_stats("tottime").print_stats(45)


def _server_cpu(
    args: argparse.Namespace, since: tuple[float, float] | None = None
) -> tuple[float, float] | None:
    """redis-server's own CPU (us): its scripts' time by INFO commandstats (EVALSHA and
    EVAL, reset at the first call) and the process's user + system time by /proc; with
    `since`, the difference from it. None without a redis-server of our own."""
    pid = getattr(args, "redis_pid", None)
    if pid is None:
        return None
    import redis

    client = redis.Redis.from_url(args.store)
    try:
        if since is None:
            client.config_resetstat()
        stats = client.info("commandstats")
    finally:
        client.close()
    scripts = sum(float(stats.get(f"cmdstat_{c}", {}).get("usec", 0)) for c in ("evalsha", "eval"))
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    total = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK") * 1e6
    if since is None:
        return scripts, total
    return scripts - since[0], total - since[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--store", help="a store URL (default: a new SQLite file)")
    parser.add_argument("--redis", action="store_true", help="on a redis-server of its own")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--dump", help="write the cProfile stats to this file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        redis = None
        if args.redis:
            redis, args.store = start_redis(Path(tmp))
            args.redis_pid = redis.pid
        try:
            uvloop.run(run(args, Path(tmp)))
        finally:
            if redis is not None:
                redis.terminate()
                redis.wait(timeout=10)


if __name__ == "__main__":
    main()
