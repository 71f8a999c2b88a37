"""Helpers for the email tests: the corpus, a real SMTP client, a capturing relay
(a second aiosmtpd on a free port, on the test's own loop) and a wired-up channel."""

from __future__ import annotations

import asyncio
import re
import smtplib
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

from aiosmtpd.smtp import SMTP

from bot.config_channels import EmailConfig, RelayConfig
from bot.engine.dispatch import Dispatcher
from bot.engine.turns import Engine
from bot.metrics import Metrics
from bot.plan.policy import Policy
from bot.store.protocol import Store
from channels.email import EmailChannel
from channels.email_inbox import INTAKE
from flows.dialogue.email_intake import email_step
from tests.conftest import Clock

CORPUS = Path(__file__).resolve().parent.parent / "data" / "email"
SUPPORT = "support@example.com"


def corpus(name: str, **subs: object) -> bytes:
    """A recorded mail; {OUR_MSGID} and {TICKET} are filled from the conversation so far."""
    raw = (CORPUS / name).read_bytes()
    for key, value in subs.items():
        raw = raw.replace(f"{{{key}}}".encode(), str(value).encode())
    return raw


@dataclass
class Captured:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


@dataclass
class CapturingRelay:
    """The outbound relay: records what the bot sends; `answer` can make it refuse."""

    received: list[Captured] = field(default_factory=list)
    answer: str = "250 OK"
    port: int = 0
    _server: asyncio.Server | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if not self.answer.startswith("250"):
            return self.answer
        message = BytesParser(policy=policy.default).parsebytes(envelope.content)
        self.received.append(Captured(envelope.mail_from, list(envelope.rcpt_tos), message))
        return self.answer

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(
            lambda: SMTP(self, hostname="relay.test", loop=loop), "127.0.0.1", 0
        )
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    def last(self) -> EmailMessage:  # not a property: aiosmtpd reads every attribute of a handler
        return self.received[-1].message


def crlf(raw: bytes) -> bytes:
    return re.sub(rb"\r?\n", b"\r\n", raw)


def smtp_send(
    port: int, raw: bytes, *, mail_from: str = "ana@example.com", to: tuple[str, ...] = (SUPPORT,)
) -> dict[str, tuple[int, bytes]]:
    """Blocking: one message through smtplib, like any mail server would send it
    (smtplib sends bytes as they are, so the corpus' LF line ends become CRLF here)."""
    raw = crlf(raw)
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        return client.sendmail(mail_from, list(to), raw)


async def send(port: int, raw: bytes, **kwargs: Any) -> dict[str, tuple[int, bytes]]:
    return await asyncio.to_thread(smtp_send, port, raw, **kwargs)


async def drain_inbox(store: Store, dispatcher: Dispatcher, clock: Clock) -> int:
    """Turn every accepted email waiting in the inbox (and nothing else: the bot's
    replies stay in the outbox for the test's own `deliver()`); how many were run."""
    total = 0
    while True:
        items = await store.claim_outbox(now=clock(), limit=10_000)
        intake = [i for i in items if i.outbound.address.channel == INTAKE]
        for other in items:
            if other.outbound.address.channel != INTAKE:  # handed back as it was
                await store.retry_outbox(
                    other.id,
                    not_before=other.not_before or clock(),
                    attempts=other.attempts,
                    error=other.last_error,
                )
        if not intake:
            return total
        total += len(intake)
        await asyncio.gather(*(dispatcher.deliver(item) for item in intake))


def text_of(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    return str(body.get_content())


@dataclass
class EmailEnv:
    channel: EmailChannel
    relay: CapturingRelay
    dispatcher: Dispatcher
    store: Store
    engine: Engine
    clock: Clock
    metrics: Metrics  # the engine's, the channel's and the dispatcher's (one registry)

    @property
    def port(self) -> int:
        assert self.channel.port is not None
        return self.channel.port

    async def send(
        self, raw: bytes, *, drain: bool = True, **kwargs: Any
    ) -> dict[str, tuple[int, bytes]]:
        """One mail over SMTP; then (unless `drain=False`) its turn from the inbox."""
        refused = await send(self.port, raw, **kwargs)
        if drain:
            await self.drain()
        return refused

    async def drain(self) -> int:
        return await drain_inbox(self.store, self.dispatcher, self.clock)

    async def deliver(self) -> list[Captured]:
        """Run the outbox once; returns what reached the relay this time."""
        before = len(self.relay.received)
        await self.dispatcher.deliver_due()
        return self.relay.received[before:]


@asynccontextmanager
async def email_env(
    store: Store,
    policy_: Policy,
    clock: Clock,
    tmp_path: Path,
    *,
    monotonic: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    **config: Any,
) -> AsyncIterator[EmailEnv]:
    """A started channel, its relay and a dispatcher; `monotonic` and `sleep` drive the
    channel's flow control (a fake clock in tests of it), `config` overrides EmailConfig."""
    relay = CapturingRelay()
    await relay.start()
    settings = {
        "enabled": True,
        "listen_host": "127.0.0.1",
        "listen_port": 0,
        "addresses": [SUPPORT, "soporte@example.com"],
        "from_address": SUPPORT,
        "relay": RelayConfig(host="127.0.0.1", port=relay.port),
    } | config
    metrics = Metrics()
    engine = Engine(
        store=store, policy=policy_, clock=clock, steps={"email": email_step}, metrics=metrics
    )
    channel = EmailChannel(
        engine=engine,
        config=EmailConfig(**settings),
        attachments_dir=tmp_path / "attachments",
        spool_dir=tmp_path / "smtp-spool",
        monotonic=monotonic,
        sleep=sleep,
    )
    dispatcher = Dispatcher(
        store=store,
        senders={"email": channel, INTAKE: channel.inbox},
        clock=clock,
        metrics=metrics,
    )
    await channel.start()
    try:
        yield EmailEnv(channel, relay, dispatcher, store, engine, clock, metrics)
    finally:
        await channel.stop()
        await relay.stop()
