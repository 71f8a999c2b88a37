"""Poison mail: whatever arrives over SMTP and is answered 250 reaches a person: a
ticket with what could be read, or a dead letter (raw bytes kept) with a ticket saying
the message could not be read. No inbox item is retried without bound."""

from __future__ import annotations

import asyncio
import base64
import json
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.plan.policy import Policy
from bot.store.protocol import OutboxStatus, Store, StoreError
from bot.store.redis.store import RedisStore
from bot.store.sqlite.store import SqliteStore
from channels.email_dead import DeadLetters
from channels.email_inbox import INTAKE
from channels.email_salvage import NOTE
from domain.types import Address, Outbound
from tests.channels.email_support import EmailEnv, email_env
from tests.conftest import Clock

ANA_INBOX = Address(INTAKE, "ana@example.com")


def mail(head: bytes, body: bytes = b"Our phones are down since this morning.\r\n") -> bytes:
    return (
        b"From: Ana Perez <ana@example.com>\r\nTo: support@example.com\r\n"
        b"Subject: Phones down\r\nMessage-ID: <poison-1@example.com>\r\nMIME-Version: 1.0\r\n"
        + head
        + b"\r\n\r\n"
        + body
    )


def nested(depth: int) -> bytes:
    heads = b"".join(
        b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i)
        for i in range(depth)
    )
    tail = b"".join(b"\r\n--b%d--" % i for i in reversed(range(depth)))
    return (
        b"From: ana@example.com\r\nTo: support@example.com\r\nSubject: deep\r\n"
        b"Message-ID: <poison-deep@example.com>\r\nMIME-Version: 1.0\r\n"
        + heads
        + b"Content-Type: text/plain\r\n\r\nOur phones are down since this morning."
        + tail
        + b"\r\n"
    )


POISON_CHARSET = mail(b'Content-Type: text/plain; charset="utf\x00-8"')
BROKEN: dict[str, bytes] = {
    "charset with a NUL": POISON_CHARSET,
    "bad base64": mail(
        b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64",
        b"T3VyIHBob25lcyBhcmUgZG93bi!!!@@@###===\r\n",
    ),
    "charset garbage": mail(b'Content-Type: text/plain; charset="\xff\xfe\x80zz"'),
    "nested multiparts 200 deep": nested(200),
    "a header with a NUL": mail(b"X-Mailer: evil\x00mailer\r\nKeywords: a\x00b"),
}


async def cli(*argv: str) -> int:
    """The CLI runs its own event loop: in a thread, against the test's SQLite file."""
    return await asyncio.to_thread(main, list(argv))


async def owed(env: EmailEnv) -> list[Any]:
    return [i for i in await env.store.outbox_for(ANA_INBOX) if i.status == OutboxStatus.PENDING]


async def test_the_poison_charset_mail_is_accepted_once_and_turned_into_a_ticket_with_its_words(
    env: EmailEnv,
) -> None:
    assert await env.send(POISON_CHARSET) == {}  # 250: and it reaches a person
    (ticket,) = await env.store.list_tickets()
    assert ticket.address == Address("email", "ana@example.com")
    conv = await env.store.load_conversation(ticket.conversation_id)
    assert conv is not None
    lines = [line.text for line in await env.store.transcript(conv.id)]
    assert any(NOTE in t and "phones are down" in t for t in lines)
    (item,) = await env.store.outbox_for(ANA_INBOX)
    assert item.status == OutboxStatus.DELIVERED and item.attempts == 0  # not retried
    assert await DeadLetters(env.store).list() == []


@pytest.mark.parametrize("name", list(BROKEN))
async def test_broken_mime_through_smtp_gets_250_only_with_a_ticket_and_nothing_left_owed(
    env: EmailEnv, name: str
) -> None:
    assert await env.send(BROKEN[name]) == {}
    tickets = await env.store.list_tickets()
    assert len(tickets) == 1 and tickets[0].address.id == "ana@example.com"
    assert await owed(env) == []
    assert await DeadLetters(env.store).list() == []


async def test_a_mail_whose_turn_fails_even_from_what_could_be_read_is_a_dead_letter_with_a_ticket(
    env: EmailEnv, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = env.engine.handle
    broken = True

    async def failing(*args: Any, **kwargs: Any) -> Any:
        if broken:
            raise ValueError("this input breaks the turn")
        return await real(*args, **kwargs)

    env.engine.handle = failing  # type: ignore[method-assign]
    metrics = env.engine.metrics
    before = metrics.value("supportbot_email_dead_letters_total")
    assert await env.send(POISON_CHARSET) == {}
    (item,) = await env.store.outbox_for(ANA_INBOX)
    assert item.status == OutboxStatus.FAILED  # given up on at once: no retry loop
    (letter,) = await DeadLetters(env.store).list()
    assert letter.sender == "ana@example.com" and "ValueError" in letter.reason
    raw = await env.store.get_flag(letter.raw_key)  # the raw message is kept
    assert raw is not None and base64.b64decode(raw) == POISON_CHARSET
    ticket = await env.store.get_ticket(letter.ticket or 0)
    assert ticket is not None and ticket.needs_review
    assert "ana@example.com could not be read" in ticket.summary
    assert metrics.value("supportbot_email_dead_letters_total") == before + 1
    assert b"supportbot_email_dead_letters_total 1.0" in await metrics.exposition()
    assert env.channel.backlog.pending == 0  # no backlog slot held

    # the operator's view, then a retry once the fault is fixed
    (tmp_path / "supportbot.toml").write_text('[store]\nurl = "sqlite:///bot.db"\n')
    cfg = str(tmp_path / "supportbot.toml")
    assert await cli("inbox", "--config", cfg, "dead-letters", "--json") == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert listed["id"] == letter.id and listed["ticket"] == letter.ticket
    broken = False
    assert await cli("inbox", "--config", cfg, "dead-letters", "--retry", letter.id) == 0
    assert "queued again" in capsys.readouterr().out
    assert await env.drain() == 1
    assert await DeadLetters(env.store).list() == []
    assert len(await env.store.list_tickets()) == 2  # the unreadable-mail one, and the mail's
    assert await env.store.get_flag(letter.raw_key) is None  # turned: the bytes are gone
    assert await cli("inbox", "--config", cfg, "dead-letters") == 0
    assert capsys.readouterr().out == "No dead letters.\n"


async def test_a_store_that_stays_down_ends_in_a_dead_letter_after_max_attempts(
    sqlite_store: SqliteStore, calltower: Policy, clock: Clock, tmp_path: Path
) -> None:
    async with email_env(sqlite_store, calltower, clock, tmp_path, inbox_max_attempts=3) as env:
        calls = 0

        async def down(*args: Any, **kwargs: Any) -> Any:
            nonlocal calls
            calls += 1
            raise StoreError("connection refused")

        env.engine.handle = down  # type: ignore[method-assign]
        assert await env.send(mail(b"Content-Type: text/plain")) == {}
        for _ in range(10):  # far past the bound: the clock moves, nothing sleeps
            clock.advance(hours=1)
            await env.drain()
        assert calls == 3  # temporary failures are not salvaged: retried, then given up
        (item,) = await env.store.outbox_for(ANA_INBOX)
        assert item.status == OutboxStatus.FAILED and item.attempts == 2
        (letter,) = await DeadLetters(env.store).list()
        assert "gave up after 3 attempts" in letter.reason
        assert await env.store.get_flag(letter.raw_key) is not None


@pytest.fixture(params=["sqlite", "redis"])
async def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    if request.param == "sqlite":
        async with SqliteStore(tmp_path / "both.db") as sqlite:
            yield sqlite
    else:
        server = request.getfixturevalue("redis_server")
        async with RedisStore(server.url(4), prefix=f"dead-{uuid.uuid4().hex}:") as redis:
            yield redis


async def test_dead_letters_are_kept_listed_and_retried_once_on_both_backends(
    any_store: Store, calltower: Policy, clock: Clock, tmp_path: Path
) -> None:
    async with email_env(any_store, calltower, clock, tmp_path) as env:
        real = env.engine.handle

        async def failing(*args: Any, **kwargs: Any) -> Any:
            raise ValueError("this input breaks the turn")

        env.engine.handle = failing  # type: ignore[method-assign]
        assert await env.send(POISON_CHARSET) == {}
        await env.drain()  # a second drain finds nothing: the item is finished, not retried
        assert await env.drain() == 0
        letters = DeadLetters(env.store)
        (letter,) = await letters.list()
        again = await letters.add(  # a worker that died after the commit does it again
            Outbound(Address(INTAKE, "ana@example.com"), text=letter.raw_key),
            "again",
            policy=calltower,
            now=clock(),
        )
        assert again == letter and len(await env.store.list_tickets()) == 1
        env.engine.handle = real  # type: ignore[method-assign]
        assert await letters.retry(letter.id, now=clock()) is not None
        assert await letters.retry(letter.id, now=clock()) is None  # once
        assert await env.drain() == 1
        assert await letters.list() == []
        assert len(await env.store.list_tickets()) == 2
