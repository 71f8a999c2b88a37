"""Signed Twilio SMS webhooks per second against a running server.

Starts, one after the other, two uvicorn servers (one worker each, httptools,
uvloop) on free loopback ports, in child processes:

  bare  a Starlette app whose one route parses the form and returns fixed TwiML;
  app   supportbot itself (SQLite store, SMS channel): signature check, dedup,
        the dialogue turn, one commit, TwiML reply.

and drives each with the same load: C simulated customers at once, each texting a
whole intake conversation (waiting for each reply, as a phone does), then the
next customer, until N requests or T seconds. Every request carries a real
X-Twilio-Signature computed beforehand with twilio's RequestValidator. Prints
requests/s and p50/p99 latency for both and the ratio. The client's garbage collector is
off while it drives (as with wrk, its own pauses are not the server's latency).

    python bench/sms_webhooks.py [--concurrency 64] [--requests 6000] [--seconds 30]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import multiprocessing
import socket
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import aiohttp

PUBLIC = "https://support.example.com"
PATH = "/webhooks/twilio/sms"
AUTH_TOKEN = "bench-auth-token"
SCRIPT = [
    "Voicemail light is stuck on for my phone only",
    "Ana Perez",
    "AC-10442",
    "ana@example.com",
    "yes",
    "thanks, one more detail: it started after the firmware update",
]
FIXED_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response><Message>Thanks</Message></Response>'


# -- servers (child processes) ------------------------------------------------------------------


def bare_app() -> object:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse, Response
    from starlette.routing import Route

    async def sms(request: Request) -> Response:
        form = await request.form()
        _ = form.get("Body"), form.get("From")
        return Response(FIXED_TWIML, media_type="application/xml")

    async def healthz(request: Request) -> Response:
        return PlainTextResponse("ok")

    return Starlette(routes=[Route(PATH, sms, methods=["POST"]), Route("/healthz", healthz)])


def _supportbot_app(db: str, log_level: str) -> object:
    import logging

    from bot.app import build_app, build_services
    from bot.config import Settings

    logging.basicConfig(level=log_level)
    settings = Settings.model_validate(
        {
            "log_level": log_level,
            "store": {"url": f"sqlite:///{db}"},
            "server": {"public_base_url": PUBLIC},
            "channels": {
                "webchat": {"enabled": False},
                # replies go back inline as TwiML: the REST API is configured, never reached
                "sms": {
                    "enabled": True,
                    "account_sid": "ACbench",
                    "auth_token": AUTH_TOKEN,
                    "from_number": "+15005550006",
                    "api_base_url": "http://127.0.0.1:9",
                },
            },
        }
    )
    return build_app(build_services(settings))


def _serve(kind: str, port: int, db: str, log_level: str) -> None:
    import uvicorn

    app = bare_app() if kind == "bare" else _supportbot_app(db, log_level)
    # as `supportbot serve` does before it serves; the bare endpoint too, so the
    # ratio compares the two stacks, not two collector settings
    from bot.gc_tuning import tune_for_serving

    tune_for_serving()
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=port,
        workers=1,
        loop="uvloop",
        http="httptools",
        log_level="warning",
        access_log=False,
        lifespan="on",
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- load ---------------------------------------------------------------------------------------


def _requests(concurrency: int, total: int, *, area: str = "415") -> list[list[tuple[bytes, str]]]:
    """Signed bodies per sender: each sender texts whole conversations, one customer after another."""
    from twilio.request_validator import RequestValidator

    validator = RequestValidator(AUTH_TOKEN)
    per_sender = -(-total // concurrency)
    out: list[list[tuple[bytes, str]]] = []
    n = 0
    for sender in range(concurrency):
        bodies = []
        for i in range(per_sender):
            customer, turn = divmod(i, len(SCRIPT))
            n += 1
            params = {
                "MessageSid": f"SM{area}{n:029x}",
                "AccountSid": "AC" + "0" * 32,
                "From": f"+1{area}{sender:03d}{customer:04d}",
                "To": "+15005550006",
                "Body": SCRIPT[turn],
                "NumMedia": "0",
                "NumSegments": "1",
                "ApiVersion": "2010-04-01",
            }
            bodies.append(
                (urlencode(params).encode(), validator.compute_signature(PUBLIC + PATH, params))
            )
        out.append(bodies)
    return out


@dataclass
class Result:
    done: int
    errors: int
    seconds: float
    latencies: list[float]

    @property
    def rate(self) -> float:
        return self.done / self.seconds

    def pct(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


async def _drive(
    base: str, plan: list[list[tuple[bytes, str]]], seconds: float, rate: float = 0.0
) -> Result:
    """Closed loop (each sender texts again as soon as the reply came) or, with `rate`,
    paced: sender i's k-th text is due at start + (k + i / C) * C / rate."""
    interval = len(plan) / rate if rate else 0.0
    connector = aiohttp.TCPConnector(limit=len(plan) + 4)
    # The load generator must not add its own pauses to the latencies it measures (wrk,
    # in C, has none): its collector is off while it drives, its start-up objects frozen.
    # With it on, the client's collections added 5-20 ms to the measured p99.
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        return await _drive_session(connector, base, plan, seconds, interval)
    finally:
        gc.enable()
        gc.unfreeze()


async def _drive_session(
    connector: aiohttp.TCPConnector,
    base: str,
    plan: list[list[tuple[bytes, str]]],
    seconds: float,
    interval: float,
) -> Result:
    latencies: list[float] = []
    errors = 0
    async with aiohttp.ClientSession(connector=connector) as session:
        start = time.perf_counter()
        deadline = start + seconds

        async def sender(index: int, bodies: list[tuple[bytes, str]]) -> None:
            nonlocal errors
            for k, (body, signature) in enumerate(bodies):
                if interval:
                    due = start + (k + index / len(plan)) * interval
                    await asyncio.sleep(max(0.0, due - time.perf_counter()))
                if time.perf_counter() > deadline:
                    return
                headers = {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "X-Twilio-Signature": signature,
                }
                t0 = time.perf_counter()
                async with session.post(base + PATH, data=body, headers=headers) as response:
                    await response.read()
                    if response.status != 200:
                        errors += 1
                latencies.append(time.perf_counter() - t0)

        await asyncio.gather(*(sender(i, b) for i, b in enumerate(plan)))
        elapsed = time.perf_counter() - start
    return Result(len(latencies), errors, elapsed, latencies)


async def _wait_ready(base: str) -> None:
    async with aiohttp.ClientSession() as session:
        for _ in range(300):  # bounded: 30 s
            try:
                async with session.get(base + "/healthz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError(f"server at {base} did not become ready")


Plan = list[list[tuple[bytes, str]]]


def _run(
    kind: str, args: argparse.Namespace, runs: list[tuple[Plan, float]], db: str
) -> list[Result]:
    """Start one server, warm it up, then drive it with each (plan, rate) in turn."""
    port = _free_port()
    ctx = multiprocessing.get_context("spawn")
    proc = ctx.Process(target=_serve, args=(kind, port, db, args.log_level), daemon=True)
    proc.start()
    try:
        base = f"http://127.0.0.1:{port}"
        asyncio.run(_wait_ready(base))
        warm_up = _requests(8, 8 * len(SCRIPT), area="416")  # not counted
        asyncio.run(_drive(base, warm_up, 5))
        return [asyncio.run(_drive(base, plan, args.seconds, rate)) for plan, rate in runs]
    finally:
        proc.terminate()
        proc.join(10)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--requests", type=int, default=6000)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument(
        "--paced-share",
        type=float,
        default=0.2,
        help="the paced run sends at this share of the bare endpoint's closed-loop rate",
    )
    parser.add_argument(
        "--log-level", default="WARNING", help="the app's log level (INFO logs each turn)"
    )
    args = parser.parse_args()
    closed = _requests(args.concurrency, args.requests)
    with tempfile.TemporaryDirectory() as tmp:
        [bare] = _run("bare", args, [(closed, 0.0)], "")
        paced_rate = args.paced_share * bare.rate
        paced = _requests(
            args.concurrency, min(args.requests, int(paced_rate * args.seconds)), area="417"
        )
        db = str(Path(tmp) / "bench.db")
        app, app_paced = _run("app", args, [(closed, 0.0), (paced, paced_rate)], db)
    print(
        f"{args.concurrency} concurrent senders, up to {args.requests} requests or {args.seconds:.0f} s"
        f" per run, one uvicorn worker (httptools, uvloop), SQLite store, app log level {args.log_level}"
    )
    rows = (
        ("bare form->TwiML, closed loop", bare),
        ("supportbot, closed loop", app),
        (f"supportbot, paced at {paced_rate:.0f}/s", app_paced),
    )
    for name, r in rows:
        print(
            f"{name:34s} {r.rate:8.0f} req/s  p50 {r.pct(0.50):6.1f} ms  p99 {r.pct(0.99):6.1f} ms"
            f"  ({r.done} requests, {r.errors} non-200)"
        )
    print(f"ratio: {app.rate / bare.rate:.1%} of the bare endpoint's throughput (target >= 20 %)")
    print(
        f"p99: closed loop {app.pct(0.99):.1f} ms; paced at {args.paced_share:.0%} of the bare rate"
        f" {app_paced.pct(0.99):.1f} ms (target < 50 ms)"
    )


if __name__ == "__main__":
    main()
