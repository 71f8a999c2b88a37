"""Waiting for a `supportbot serve` child process to come up."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable

import httpx
import pytest


def wait_healthy(
    base: str,
    process: subprocess.Popen[bytes],
    *,
    deadline: float,
    name: str,
    output: Callable[[], str],
) -> None:
    """Poll `base`/healthz until it answers 200. Fails the test, with the tail of the
    server's `output()`, if the process exits or `deadline` (time.monotonic) passes."""
    while True:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"{name} did not start:\n{output()[-3000:]}")
        time.sleep(0.05)  # a child process coming up; bounded by the deadline
