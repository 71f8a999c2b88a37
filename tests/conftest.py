"""Shared fixtures: the default plan, a real SQLite store on a temp file, an engine
on a controllable clock, and a collecting sender that doubles as a test spy."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.engine.delivery import Receipt
from bot.engine.turns import Engine
from bot.plan.policy import Policy, load_policy
from bot.store.sqlite.store import SqliteStore
from domain.types import Address, Inbound, Outbound
from tests.logscan import LogScan
from tests.redis_server import redis_server  # noqa: F401  (session fixture: a real redis-server)

# Tuesday 2026-11-24 10:00 MT: CallTower chat and business hours are open.
OPEN_HOURS = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime = OPEN_HOURS) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


class CollectingSender:
    """A channel's send() that records what it was asked to deliver."""

    def __init__(self) -> None:
        self.sent: list[Outbound] = []

    async def send(self, message: Outbound) -> Receipt:
        self.sent.append(message)
        return Receipt(provider_id=f"id-{len(self.sent)}")


@pytest.fixture(autouse=True)
def log_scan(request: pytest.FixtureRequest) -> Iterator[LogScan]:
    """Fails any test whose log lines carry a configured secret, or an identity at INFO."""
    import logging

    scan = LogScan()
    root = logging.getLogger()
    level = root.level
    root.setLevel(min(level, logging.INFO) if level else logging.INFO)
    root.addHandler(scan)
    try:
        yield scan
    finally:
        root.removeHandler(scan)
        root.setLevel(level)
    if scan.hits and "log_scan_exempt" not in request.keywords:
        pytest.fail("log lines break the logging rule:\n" + "\n".join(scan.hits[:10]))


@pytest.fixture(scope="session")
def calltower() -> Policy:
    return load_policy("calltower")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def sqlite_store(tmp_path: Path) -> AsyncIterator[SqliteStore]:
    async with SqliteStore(tmp_path / "bot.db") as opened:
        yield opened


@pytest.fixture
def engine(sqlite_store: SqliteStore, calltower: Policy, clock: Clock) -> Engine:
    return Engine(store=sqlite_store, policy=calltower, clock=clock)


@pytest.fixture
def say(engine: Engine, clock: Clock) -> Callable[..., object]:
    """say(text, who=..., channel=...) -> the bot's reply text for one customer message."""
    counter = iter(range(1, 1_000_000))

    async def _say(text: str, *, who: str = "ana", channel: str = "webchat", **meta: str) -> str:
        inbound = Inbound(
            address=Address(channel, who),
            text=text,
            external_id=f"m{next(counter)}",
            received_at=clock(),
            meta=dict(meta),
        )
        result = await engine.handle(inbound, inline=True)
        return "\n".join(r.text for r in result.replies)

    return _say
