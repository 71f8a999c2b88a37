"""The DATA phase is spooled (channels/email_smtp.py): past its first SPOOL_IN_MEMORY
bytes a message in transit waits on disk, not in memory, however long its sender
stalls; the message accepted is the one sent, dot-unstuffed; the spool directory holds
no file at any time (the spool file is unnamed) and nothing stays after the session."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from channels.email_inbox import INTAKE
from channels.email_smtp import SPOOL_IN_MEMORY
from tests.channels.email_support import EmailEnv
from tests.channels.test_email_bounds import GUARD, _start_data, all_closed, bounded

__all__ = ["bounded"]  # the fixture, shared with the bounds tests


def capture(env: EmailEnv) -> list[bytes]:
    """What the SMTP session handed to the intake, message by message."""
    received: list[bytes] = []
    receive = env.channel.receive

    async def recording(raw: bytes, **kwargs: Any) -> str:
        received.append(raw)
        return await receive(raw, **kwargs)

    env.channel.receive = recording  # type: ignore[method-assign]
    return received


def spooled(env: EmailEnv) -> list[int]:
    """Files left in the spool directory: never any (the spool file is unnamed)."""
    spool = env.channel.listener.spool_dir
    assert spool is not None
    return [p.stat().st_size for p in spool.iterdir()]


def in_transit(env: EmailEnv) -> list[tuple[int, int, bool]]:
    """(bytes received, bytes of it in memory, on disk) per session in DATA."""
    return [(s.size, s.in_memory, s.on_disk) for s in env.channel.listener.spools]


async def until(predicate: Callable[[], bool]) -> None:
    # polled (the server has no event for it), bounded by the guard: not timed
    async with asyncio.timeout(GUARD):
        while not predicate():  # noqa: ASYNC110
            await asyncio.sleep(0.01)


def message(body_lines: int) -> list[bytes]:
    head = [b"From: Ana <ana@example.com>", b"To: support@example.com", b"Subject: logs", b""]
    body = [f"line {i:06d} of the trace, and some more words".encode() for i in range(body_lines)]
    return head + body + [b"..a line that began with a dot", b"."]


async def test_a_stalled_message_waits_on_disk_and_is_accepted_whole_when_it_ends(
    bounded: Callable[..., Any],
) -> None:
    async with bounded(data_timeout_s=3600, idle_timeout_s=3600) as env:
        received = capture(env)
        reader, writer = await _start_data(env.port)
        lines = message(20_000)  # about 1 MB, most of it past what memory keeps
        *sent, dot = lines
        writer.write(b"\r\n".join(sent[:-1]) + b"\r\n")
        await writer.drain()
        # the sender stalls here; what arrived is on disk, none of it in memory
        await until(lambda: sum(size for size, _, _ in in_transit(env)) > 10 * SPOOL_IN_MEMORY)
        ((size, memory, on_disk),) = in_transit(env)
        assert on_disk and memory == 0
        assert spooled(env) == []
        writer.write(sent[-1] + b"\r\n" + dot + b"\r\n")
        answer = await asyncio.wait_for(reader.readline(), GUARD)
        assert answer.startswith(b"250"), answer
        writer.close()
        expected = b"\r\n".join(sent).replace(b"\r\n..a line", b"\r\n.a line") + b"\r\n"
        assert received == [expected]
        assert await env.store.count_outbox(channel=INTAKE) == 1
        await all_closed(env)
        assert spooled(env) == []


async def test_a_session_lost_during_data_leaves_nothing_in_the_spool_and_nothing_accepted(
    bounded: Callable[..., Any],
) -> None:
    async with bounded(data_timeout_s=3600, idle_timeout_s=3600) as env:
        _reader, writer = await _start_data(env.port)
        writer.write(b"\r\n".join(message(20_000)[:-1]))
        await writer.drain()
        await until(lambda: any(on_disk for _, _, on_disk in in_transit(env)))
        writer.transport.abort()
        await all_closed(env)
        assert in_transit(env) == [] and spooled(env) == []
        assert await env.store.count_outbox(channel=INTAKE) == 0


@pytest.mark.parametrize(
    ("lines", "answer"),
    [
        ([b"x" * 2000], b"500"),  # a line past RFC 5321's 1,000
        ([b"y" * 900] * 200, b"552"),  # 180 KB past a 100 KB message limit
    ],
    ids=["line-too-long", "too-much-data"],
)
async def test_a_refused_message_is_read_to_its_end_then_refused_and_dropped(
    bounded: Callable[..., Any], lines: list[bytes], answer: bytes
) -> None:
    async with bounded(max_message_bytes=100_000) as env:
        received = capture(env)
        reader, writer = await _start_data(env.port)
        writer.write(b"\r\n".join([b"Subject: big", b"", *lines, b"."]) + b"\r\n")
        assert (await asyncio.wait_for(reader.readline(), GUARD)).startswith(answer)
        writer.write(b"QUIT\r\n")
        assert (await asyncio.wait_for(reader.readline(), GUARD)).startswith(b"221")
        writer.close()
        await all_closed(env)
        assert received == [] and spooled(env) == []
        assert await env.store.count_outbox(channel=INTAKE) == 0
