"""Store outages are logged once per interval with a count, not once per failure."""

from __future__ import annotations

import logging

import pytest

from bot.outage import Outage
from bot.store.protocol import StoreError


class Ticks:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "test.outage"]


def test_a_burst_of_failures_is_one_warning_then_one_per_interval_with_the_count(
    caplog: pytest.LogCaptureFixture,
) -> None:
    ticks = Ticks()
    outage = Outage(logging.getLogger("test.outage"), "claims", interval=10, monotonic=ticks)
    error = StoreError("redis: ConnectionError: Error 111 connecting\n to 127.0.0.1:6379.")
    for _ in range(500):  # half a second of failures
        outage.failed(error)
        ticks.now += 0.001
    assert lines(caplog) == [
        "store unavailable (claims): redis: ConnectionError: Error 111 connecting to 127.0.0.1:6379."
    ]
    assert all(r.levelno == logging.WARNING and r.exc_info is None for r in caplog.records)
    ticks.now += 9.6  # still failing 10 s after the first report
    outage.failed(error)
    assert lines(caplog)[-1].startswith(
        "store still unavailable (claims): 500 failures in the last"
    )
    outage.ok()
    outage.ok()  # already over: nothing more
    assert lines(caplog)[-1].startswith("store available again (claims) after 501 failures")
    assert len(lines(caplog)) == 3


def test_a_failure_after_a_quiet_interval_is_a_new_outage(
    caplog: pytest.LogCaptureFixture,
) -> None:
    ticks = Ticks()
    outage = Outage(logging.getLogger("test.outage"), "503s", interval=10, monotonic=ticks)
    outage.failed(StoreError("down"))
    ticks.now += 3600  # nobody called ok(): the place never sees successes
    outage.failed(StoreError("down again"))
    assert lines(caplog) == [
        "store unavailable (503s): down",
        "store unavailable (503s): down again",
    ]
