"""Inbox flow control: turns yield to SMTP acceptance for a bounded time, and past the
backlog bound SMTP answers 451 (the sender retries) instead of accepting.

Time here is a fake monotonic clock whose `sleep` moves it forward: nothing waits."""

from __future__ import annotations

import smtplib
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiosmtplib
import pytest

from bot.plan.policy import Policy
from bot.store.protocol import TurnCommit
from bot.store.sqlite.store import SqliteStore
from channels.email_flow import AcceptFirst, Backlog
from channels.email_inbox import INTAKE, inbox_dedup, inbox_item
from tests.channels.email_support import SUPPORT, email_env
from tests.conftest import Clock

MAX_WAIT = 0.05
REFUSED = "supportbot_email_refused_total"
QUIET = 0.01


class FakeTime:
    """A monotonic clock; `sleep` advances it, then runs `during_sleep` (what the rest of
    the loop does meanwhile, e.g. SMTP accepting another mail)."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []
        self.during_sleep: Callable[[], Awaitable[None]] | None = None

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds
        if self.during_sleep is not None:
            await self.during_sleep()


def mail(n: int) -> bytes:
    return (
        f"From: Customer {n} <c{n}@example.net>\r\nTo: {SUPPORT}\r\n"
        f"Subject: Phones down at site {n}\r\nMessage-ID: <flow-{n}@example.net>\r\n"
        'MIME-Version: 1.0\r\nContent-Type: text/plain; charset="utf-8"\r\n\r\n'
        "Nobody at our office can make or receive calls since 9am.\r\n"
    ).encode()


def pacing(store: SqliteStore, time: FakeTime, *, below: int = 1000) -> AcceptFirst:
    backlog = Backlog(store=store, limit=10 * below, clock=time)
    return AcceptFirst(
        backlog=backlog, max_wait=MAX_WAIT, below=below, quiet=QUIET, clock=time, sleep=time.sleep
    )


# AcceptFirst: when a turn may start


async def test_a_turn_starts_at_once_when_no_mail_is_being_accepted(
    sqlite_store: SqliteStore,
) -> None:
    time = FakeTime()
    first = pacing(sqlite_store, time)
    assert await first.before_turn() == 0
    assert time.slept == []


async def test_a_turn_waits_out_the_quiet_window_after_the_last_answer(
    sqlite_store: SqliteStore,
) -> None:
    time = FakeTime()
    first = pacing(sqlite_store, time)
    first.data_started()
    first.data_done()  # a 250 just went out
    time.now += 0.004
    assert await first.before_turn() == pytest.approx(QUIET - 0.004)


async def test_a_turn_starts_after_max_wait_however_busy_smtp_stays(
    sqlite_store: SqliteStore,
) -> None:
    time = FakeTime()
    first = pacing(sqlite_store, time)

    async def another_250() -> None:  # every time the turn looks, a mail was just accepted
        first.data_started()
        first.data_done()

    time.during_sleep = another_250
    await another_250()
    assert await first.before_turn() == pytest.approx(MAX_WAIT)
    assert await first.before_turn() == pytest.approx(MAX_WAIT)  # and so on: never starved


async def test_a_turn_starts_after_max_wait_while_a_data_is_stuck_being_answered(
    sqlite_store: SqliteStore,
) -> None:
    time = FakeTime()
    first = pacing(sqlite_store, time)
    first.data_started()  # e.g. its commit hangs on a slow disk
    assert await first.before_turn() == pytest.approx(MAX_WAIT)


async def test_a_turn_starts_when_the_answer_it_waits_for_goes_out(
    sqlite_store: SqliteStore,
) -> None:
    time = FakeTime()
    first = pacing(sqlite_store, time)
    first.data_started()

    async def answered_then_quiet() -> None:
        if first._answering:
            first.data_done()

    time.during_sleep = answered_then_quiet
    waited = await first.before_turn()
    assert QUIET <= waited < MAX_WAIT


async def test_turns_do_not_wait_once_the_backlog_is_a_flood(sqlite_store: SqliteStore) -> None:
    time = FakeTime()
    first = pacing(sqlite_store, time, below=100)
    first.data_started()
    first.backlog.pending = 100  # a tenth of the bound waits: a flood, not a burst
    assert await first.before_turn() == 0
    assert time.slept == []


async def test_turns_proceed_while_smtp_keeps_accepting(
    sqlite_store: SqliteStore, calltower: Policy, clock: Clock, tmp_path: Path
) -> None:
    time = FakeTime()
    async with email_env(
        sqlite_store, calltower, clock, tmp_path, monotonic=time, sleep=time.sleep
    ) as env:
        sent = 1
        tickets_while_accepting: list[int] = []

        async def smtp_accepts_another() -> None:
            nonlocal sent
            if sent < 12:  # a steady stream: a mail accepted every time the turn looks
                sent += 1
                await aiosmtplib.send(
                    mail(sent),
                    hostname="127.0.0.1",
                    port=env.port,
                    sender=f"c{sent}@example.net",
                    recipients=[SUPPORT],
                )
                tickets_while_accepting.append(len(await env.store.list_tickets()))

        assert await env.send(mail(1), drain=False) == {}
        time.during_sleep = smtp_accepts_another
        assert await env.drain() == 12
        # tickets were opened while mail kept coming in: processing was not starved
        assert max(tickets_while_accepting[:-1]) > 0
        assert len(await env.store.list_tickets()) == 12
        assert all(s <= MAX_WAIT + 1e-9 for s in time.slept)
        assert env.channel.backlog.pending == 0


# Backlog: the bound, 451, nothing lost


async def test_past_the_backlog_bound_smtp_answers_451_and_the_mail_is_accepted_once_drained(
    sqlite_store: SqliteStore, calltower: Policy, clock: Clock, tmp_path: Path
) -> None:
    async with email_env(sqlite_store, calltower, clock, tmp_path, max_backlog=2) as env:
        assert await env.send(mail(1), drain=False) == {}
        # a session that got past RCPT while there was room ...
        late = aiosmtplib.SMTP(hostname="127.0.0.1", port=env.port, start_tls=False)
        await late.connect()
        await late.mail("c3@example.net")
        await late.rcpt(SUPPORT)
        assert await env.send(mail(2), mail_from="c2@example.net", drain=False) == {}
        # ... is refused at DATA once the inbox is full: 451, never 250-then-lost
        with pytest.raises(aiosmtplib.SMTPDataError) as at_data:
            await late.data(mail(3))
        assert at_data.value.code == 451 and at_data.value.message.startswith("4.3.1")
        await late.quit()
        # a new session is refused at RCPT, before it sends the body
        with pytest.raises(smtplib.SMTPRecipientsRefused) as at_rcpt:
            await env.send(mail(3), mail_from="c3@example.net", drain=False)
        ((code, text),) = at_rcpt.value.recipients.values()
        assert code == 451 and text.startswith(b"4.3.1")
        assert await env.store.count_outbox(channel=INTAKE) == 2  # the refused one is not in
        assert env.metrics.value(REFUSED, stage="data") == 1
        assert env.metrics.value(REFUSED, stage="rcpt") == 1

        assert await env.drain() == 2
        assert await env.send(mail(3), mail_from="c3@example.net") == {}  # the retry
        tickets = await env.store.list_tickets()
        assert sorted(t.address.id for t in tickets) == [
            "c1@example.net",
            "c2@example.net",
            "c3@example.net",
        ]
        assert await env.store.count_outbox(channel=INTAKE) == 0


async def test_mail_accepted_before_a_restart_counts_against_the_bound(
    sqlite_store: SqliteStore, calltower: Policy, clock: Clock, tmp_path: Path
) -> None:
    async with email_env(sqlite_store, calltower, clock, tmp_path, max_backlog=2) as env:
        assert await env.send(mail(1), drain=False) == {}
        assert await env.send(mail(2), mail_from="c2@example.net", drain=False) == {}
    # the worker restarts with both still waiting
    async with email_env(sqlite_store, calltower, clock, tmp_path, max_backlog=2) as env:
        assert env.channel.backlog.pending == 2
        with pytest.raises(smtplib.SMTPRecipientsRefused):
            await env.send(mail(3), mail_from="c3@example.net", drain=False)
        assert await env.drain() == 2
        assert await env.send(mail(3), mail_from="c3@example.net") == {}
        assert len(await env.store.list_tickets()) == 3


async def test_the_backlog_is_read_again_from_the_store_every_resync_seconds(
    sqlite_store: SqliteStore, clock: Clock
) -> None:
    time = FakeTime()
    backlog = Backlog(store=sqlite_store, limit=2, resync=5.0, clock=time)
    assert await backlog.has_room() and backlog.pending == 0
    for n in (1, 2):  # another worker accepts two mails: this one cannot know yet
        raw = mail(n)
        item, flag = inbox_item(
            raw, mail_from=f"c{n}@example.net", rcpt_tos=(SUPPORT,), now=clock()
        )
        await sqlite_store.commit(
            TurnCommit(at=clock(), dedup_key=inbox_dedup(raw), outbox=(item,), flags=(flag,))
        )
    time.now += 4.9
    assert await backlog.has_room()
    time.now += 0.1
    assert not await backlog.has_room()
    assert backlog.pending == 2
