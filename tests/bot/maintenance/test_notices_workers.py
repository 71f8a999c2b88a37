"""Maintenance notices on both store backends with two workers: one dies half-way through a
notice's mail, the other fires it again (the start-up catch-up); every subscriber has the
notice exactly once in the outbox."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.engine.timefmt import format_local
from bot.incidents.subscriptions import Subscriptions
from bot.maintenance.notices import CATCH_UP, NOTICE, MaintenanceNotices
from bot.maintenance.windows import MaintenanceCalendar
from bot.plan.policy import Policy
from bot.store.protocol import Store, TurnCommit
from bot.store.redis.store import RedisStore
from bot.store.sqlite.store import SqliteStore
from domain.types import Address
from tests.conftest import Clock
from tests.redis_server import RedisServer

SUBSCRIBERS = [f"email:noc{n}@customer.example" for n in range(6)]
WEEK_BEFORE = datetime(2027, 3, 13, 5, tzinfo=UTC)  # March's monthly window, 22:00 MST


@pytest.fixture(params=["sqlite", "redis"])
async def stores(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[list[Store]]:
    """Two workers' stores on one data set (SQLite serves one process: the same store)."""
    if request.param == "sqlite":
        one = SqliteStore(tmp_path / "bot.db")
        await one.open()
        yield [one, one]
        await one.close()
        return
    server: RedisServer = request.getfixturevalue("redis_server")
    import redis.asyncio as aioredis

    client = aioredis.Redis.from_url(server.url(3))
    await client.flushdb()
    await client.aclose()
    workers: list[Store] = [RedisStore(server.url(3), prefix="mw:") for _ in range(2)]
    for s in workers:
        await s.open()
    yield workers
    for s in workers:
        await s.close()


class DiesAfter:
    """The store, except that commits fail after `allowed` of them: a worker killed."""

    def __init__(self, store: Store, allowed: int) -> None:
        self._store = store
        self.allowed = allowed

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    async def commit(self, turn: TurnCommit) -> None:
        if self.allowed <= 0:
            raise RuntimeError("worker killed")
        self.allowed -= 1
        await self._store.commit(turn)


def _worker(store: Any, policy: Policy, clock: Clock) -> MaintenanceNotices:
    subs = Subscriptions(
        store=store, secret="s", clock=clock, kick=lambda: None, base_url="https://x"
    )
    return MaintenanceNotices(
        store=store,
        policy=policy,
        calendar=MaintenanceCalendar(store=store, policy=policy),
        subscriptions=subs,
        clock=clock,
        format_time=lambda at, lang: format_local(at, lang, ZoneInfo(policy.plan.timezone)),
        kick=lambda: None,
    )


async def test_a_notice_half_sent_by_a_dead_worker_is_finished_by_another_exactly_once(
    stores: list[Store], calltower: Policy
) -> None:
    clock = Clock(datetime(2027, 3, 1, tzinfo=UTC))
    first, second = stores
    await first.set_flag("subscribers:platform:voice", "\n".join(SUBSCRIBERS))
    await _worker(first, calltower, clock).plan()
    clock.now = WEEK_BEFORE
    due = await first.claim_due_timers(now=clock(), kinds=(NOTICE,))
    [timer] = [t for t in due if t.payload["window"].startswith("monthly")]
    assert timer.payload == {
        "window": "monthly-2027-03-19",
        "notice": "7d",
        "at": "2027-03-13T05:00:00+00:00",
    }
    dying = _worker(DiesAfter(first, allowed=2), calltower, clock)
    with pytest.raises(RuntimeError):
        await dying.on_notice(timer)
    # the other worker starts: what fell due in the last hour is fired again
    clock.now = WEEK_BEFORE.replace(minute=20)
    await _worker(second, calltower, clock).plan(catch_up=CATCH_UP)
    [again] = await second.claim_due_timers(now=clock(), kinds=(NOTICE,))
    assert again.key == timer.key
    await _worker(second, calltower, clock).on_notice(again)
    for address in SUBSCRIBERS:
        owed = await second.outbox_for(Address.parse(address))
        assert len(owed) == 1, address
        assert owed[0].outbound.meta["subject"].startswith("Scheduled maintenance: Monthly")
