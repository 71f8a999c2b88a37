"""A store outage during a burst of mail is logged once an interval (bot/outage.py), not
once a mail: neither while SMTP answers 451 to every DATA, nor while the inbox's accepted
mail cannot be turned. Nothing is lost: the 451s are retried by the senders, the inbox's
items by the dispatcher."""

from __future__ import annotations

import logging
import smtplib
from pathlib import Path
from typing import Any

import pytest

from bot.plan.policy import Policy
from bot.store.protocol import StoreError, TurnCommit
from bot.store.sqlite.store import SqliteStore
from channels.email_inbox import INTAKE
from tests.channels.email_support import email_env
from tests.channels.test_email_flow import FakeTime, mail
from tests.conftest import Clock

BURST = 12


class DownStore:
    """The real store, except that what `down` names fails like a lost Redis."""

    def __init__(self, inner: SqliteStore) -> None:
        self.inner = inner
        self.down: set[str] = set()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def _check(self, what: str) -> None:
        if what in self.down:
            raise StoreError("redis: ConnectionError: Error 111 connecting to 127.0.0.1:6379.")

    async def commit(self, turn: TurnCommit) -> None:
        self._check("commit")
        await self.inner.commit(turn)

    async def count_outbox(self, **kwargs: Any) -> int:
        self._check("count")
        return await self.inner.count_outbox(**kwargs)

    async def get_flag(self, key: str) -> str | None:
        self._check("flags")
        return await self.inner.get_flag(key)


def _warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


async def test_a_burst_answered_451_while_the_store_is_down_logs_the_outage_once_an_interval(
    sqlite_store: SqliteStore,
    calltower: Policy,
    clock: Clock,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    store = DownStore(sqlite_store)
    store.down = {"commit", "count"}
    time = FakeTime()
    async with email_env(
        store,  # type: ignore[arg-type]
        calltower,
        clock,
        tmp_path,
        monotonic=time,
        sleep=time.sleep,
    ) as env:
        for n in range(BURST):
            with pytest.raises(smtplib.SMTPDataError) as refused:
                await env.send(mail(n), drain=False)
            assert refused.value.smtp_code == 451
        assert _warnings(caplog) == [
            "store unavailable (inbox backlog not read): redis: ConnectionError: Error 111 "
            "connecting to 127.0.0.1:6379.",
            "store unavailable (email answered 451): redis: ConnectionError: Error 111 "
            "connecting to 127.0.0.1:6379.",
        ]
        time.now += 10.0  # an interval later: one line with the count
        with pytest.raises(smtplib.SMTPDataError):
            await env.send(mail(BURST), drain=False)
        later = _warnings(caplog)[2:]
        assert len(later) == 2 and all("still unavailable" in w for w in later)
        assert f"{BURST} failures in the last 10 s" in later[1]
        store.down = set()  # back: the senders' retries are taken
        assert await env.send(mail(0), drain=False) == {}
        assert [w.split(" after ")[0] for w in _warnings(caplog)[4:]] == [
            "store available again (inbox backlog not read)",
            "store available again (email answered 451)",
        ]
    assert not [r for r in caplog.records if r.exc_info]


async def test_accepted_mail_the_inbox_cannot_turn_is_one_outage_line_and_is_turned_later(
    sqlite_store: SqliteStore,
    calltower: Policy,
    clock: Clock,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    store = DownStore(sqlite_store)
    async with email_env(store, calltower, clock, tmp_path) as env:  # type: ignore[arg-type]
        for n in range(BURST):
            assert await env.send(mail(n), drain=False) == {}  # 250: committed
        # one interval for the whole burst, however slow this machine is
        outage = env.dispatcher._lanes.outage
        outage.monotonic = lambda: 0.0
        before = len(_warnings(caplog))
        store.down = {"flags"}
        assert await env.drain() == BURST  # every turn failed on the store
        said = _warnings(caplog)[before:]
        assert len(said) == 1 and said[0].startswith("store unavailable (outbox outcomes)")
        pending = await sqlite_store.count_outbox(channel=INTAKE)
        assert pending == BURST  # kept, each with its backoff
        assert await sqlite_store.list_tickets() == []
        store.down = set()
        clock.advance(minutes=5)
        assert await env.drain() == BURST
        assert len(await sqlite_store.list_tickets()) == BURST  # none lost, none twice
        assert await sqlite_store.count_outbox(channel=INTAKE) == 0
    assert not [r for r in caplog.records if r.exc_info]
