"""`kill -USR1` on a worker logs every asyncio task's stack (bot/taskdump.py)."""

from __future__ import annotations

import asyncio
import logging
import os
import signal

import pytest

from bot import taskdump


async def test_sigusr1_logs_the_stack_of_every_task(caplog: pytest.LogCaptureFixture) -> None:
    async def waiting_for_a_lock(lock: asyncio.Lock) -> None:
        async with lock:
            pass

    lock = asyncio.Lock()
    await lock.acquire()
    stuck = asyncio.create_task(waiting_for_a_lock(lock), name="stuck-turn")
    await asyncio.sleep(0)
    taskdump.install()
    got = asyncio.Event()
    with caplog.at_level(logging.WARNING, logger="supportbot.tasks"):
        os.kill(os.getpid(), signal.SIGUSR1)
        for _ in range(100):  # the handler runs on the loop's next turn
            if any("stuck-turn" in r.getMessage() for r in caplog.records):
                got.set()
                break
            await asyncio.sleep(0.01)
    asyncio.get_running_loop().remove_signal_handler(signal.SIGUSR1)
    lock.release()
    await stuck
    assert got.is_set()
    dump = next(r.getMessage() for r in caplog.records if "stuck-turn" in r.getMessage())
    assert "waiting_for_a_lock" in dump
