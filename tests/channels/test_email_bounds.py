"""SMTP resource bounds: past `max_sessions` a connection gets 421 4.7.0; a stalled
session is closed by the server, by the idle timer (not restarted by single bytes), the
DATA deadline or the session deadline. Small configured timeouts; every wait below is a
guard against a hang, not a timed assertion."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from bot.plan.policy import Policy
from bot.store.sqlite.store import SqliteStore
from channels.email_inbox import INTAKE
from tests.channels.email_support import SUPPORT, EmailEnv, corpus, email_env
from tests.conftest import Clock

GUARD = 60.0  # seconds: only a hung test waits this long


@pytest.fixture
def bounded(
    sqlite_store: SqliteStore, calltower: Policy, clock: Clock, tmp_path: Path
) -> Callable[..., Any]:
    @asynccontextmanager
    async def opened(**config: Any) -> AsyncIterator[EmailEnv]:
        async with email_env(sqlite_store, calltower, clock, tmp_path, **config) as env:
            yield env

    return opened


async def connect(port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter, bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    greeting = await asyncio.wait_for(reader.readline(), GUARD)
    return reader, writer, greeting


async def closed_by_server(reader: asyncio.StreamReader) -> bytes:
    """Everything the server still said, up to its closing the connection (EOF). A server
    that closes while the peer's lines are still arriving unread resets the connection
    (TCP RST): closed too, with whatever it said before lost in transit."""
    try:
        return await asyncio.wait_for(reader.read(), GUARD)
    except ConnectionResetError:
        return b""


async def all_closed(env: EmailEnv) -> None:
    """The server counts a session out in connection_lost, which may run a moment after
    the client saw EOF: waited for (guarded), not timed."""
    await asyncio.wait_for(env.channel.listener.sessions_closed(), GUARD)
    assert env.channel.listener.open_sessions == 0


async def test_200_stalled_sessions_past_a_cap_of_20_get_421_and_the_server_closes_the_rest(
    bounded: Callable[..., Any],
) -> None:
    # the idle time only has to outlast the 200 connects (a fraction of a second), or a
    # session closed early would free a place for one more 220
    async with bounded(max_sessions=20, idle_timeout_s=3) as env:
        conns = list(await asyncio.gather(*(connect(env.port) for _ in range(200))))
        greetings = [g for _r, _w, g in conns]
        assert sum(g.startswith(b"220 ") for g in greetings) == 20
        refused = [g for g in greetings if not g.startswith(b"220 ")]
        assert len(refused) == 180 and all(g.startswith(b"421 4.7.0") for g in refused)
        # the 20 accepted stall (nothing more is sent): the server ends every one of them
        tails = await asyncio.gather(*(closed_by_server(r) for r, _w, _g in conns))
        assert all(t == b"" or t.startswith(b"421") for t in tails)
        await all_closed(env)  # counted out: the cap frees again
        for _r, w, _g in conns:
            w.close()
        assert await env.send(corpus("new_en_outage.eml")) == {}  # and mail flows again
        assert len(await env.store.list_tickets()) == 1


async def test_the_idle_timer_is_not_restarted_by_a_byte_at_a_time(
    bounded: Callable[..., Any],
) -> None:
    async with bounded(idle_timeout_s=0.3, session_timeout_s=3600, data_timeout_s=3600) as env:
        reader, writer, greeting = await connect(env.port)
        assert greeting.startswith(b"220 ")

        async def trickle() -> None:  # "NOOP" one byte at a time, never a whole line
            for byte in b"NOOPNOOPNOOP" * 1000:
                writer.write(bytes([byte]))
                await asyncio.sleep(0.02)

        dripping = asyncio.create_task(trickle())
        try:
            assert b"250" not in await closed_by_server(reader)
        finally:
            dripping.cancel()
            writer.close()


async def _start_data(port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    reader, writer, _greeting = await connect(port)
    for line in (
        b"EHLO peer.test",
        b"MAIL FROM:<ana@example.com>",
        f"RCPT TO:<{SUPPORT}>".encode(),
    ):
        writer.write(line + b"\r\n")
        answer = await asyncio.wait_for(reader.readline(), GUARD)
        while answer[3:4] == b"-":  # EHLO's continuation lines
            answer = await asyncio.wait_for(reader.readline(), GUARD)
        assert answer.startswith(b"250"), answer
    writer.write(b"DATA\r\n")
    assert (await asyncio.wait_for(reader.readline(), GUARD)).startswith(b"354")
    return reader, writer


async def _dripping_lines(writer: asyncio.StreamWriter) -> None:
    for _ in range(100_000):  # whole lines, slowly: each would restart a per-line timer
        writer.write(b"Subject: still coming\r\n")
        await asyncio.sleep(0.02)


@pytest.mark.parametrize(
    "limits",
    [
        {"data_timeout_s": 0.5, "idle_timeout_s": 3600, "session_timeout_s": 3600},
        {"session_timeout_s": 0.5, "idle_timeout_s": 3600, "data_timeout_s": 3600},
    ],
    ids=["data-deadline", "session-deadline"],
)
async def test_a_data_phase_that_never_ends_is_closed_by_its_deadline_and_nothing_is_accepted(
    bounded: Callable[..., Any], limits: dict[str, float]
) -> None:
    async with bounded(**limits) as env:
        reader, writer = await _start_data(env.port)
        dripping = asyncio.create_task(_dripping_lines(writer))
        try:
            tail = await closed_by_server(reader)
        finally:
            dripping.cancel()
            writer.close()
        assert b"250" not in tail  # nothing acknowledged, so nothing owed
        assert await env.store.count_outbox(channel=INTAKE) == 0
        await all_closed(env)


async def test_a_slow_upload_within_the_data_deadline_is_not_cut_by_the_idle_timer(
    bounded: Callable[..., Any],
) -> None:
    """The idle timer is for the gaps between commands: a DATA phase taking longer than it
    (but within `data_timeout_s`) is accepted."""
    async with bounded(idle_timeout_s=0.2, data_timeout_s=3600, session_timeout_s=3600) as env:
        reader, writer = await _start_data(env.port)
        lines = corpus("new_en_outage.eml").replace(b"\r\n", b"\n").split(b"\n")
        for line in lines:  # five times the idle time in all, at the least
            writer.write(line + b"\r\n")
            await asyncio.sleep(0.1)
        writer.write(b".\r\n")
        assert (await asyncio.wait_for(reader.readline(), GUARD)).startswith(b"250")
        writer.close()
