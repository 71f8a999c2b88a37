"""`kill -USR1 <worker>`: every asyncio task's stack in the log (WARNING), for a worker
that looks stuck (a conversation lock held for minutes, a send that never ends). Code
locations only: no locals, so nothing a customer wrote."""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import signal

log = logging.getLogger("supportbot.tasks")


def install() -> None:
    """On the running loop, when it runs in the main thread (not under a test client)."""
    with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
        asyncio.get_running_loop().add_signal_handler(signal.SIGUSR1, dump)


def dump() -> None:
    tasks = asyncio.all_tasks()
    log.warning("SIGUSR1: %d asyncio tasks", len(tasks))
    for task in tasks:
        out = io.StringIO()
        task.print_stack(limit=40, file=out)
        log.warning("task %s\n%s", task.get_name(), out.getvalue())
