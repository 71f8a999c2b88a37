"""Reporting a store outage without flooding the log.

While Redis is down every request, claim, timer round and lock renewal fails, hundreds
a second; a traceback for each buried everything else (issue 15: 121-654 tracebacks
for one second down). Each place that meets the failure keeps an `Outage` and reports
through it: the first failure at WARNING, then at most one line per `interval` with how
many failures it stood for, and one line when the store answers again (where the place
sees successes; a failure after a quiet interval starts a new outage otherwise). The
503s, the retries and the leases carry on as before; only the logging is bounded.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Final

INTERVAL: Final = 10.0  # seconds between two reports of one outage at one place


class Outage:
    """One place's view of a recurring failure (`where`: what was failing there)."""

    def __init__(
        self,
        logger: logging.Logger,
        where: str,
        *,
        interval: float = INTERVAL,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.log = logger
        self.where = where
        self.interval = interval
        self.monotonic = monotonic
        self._since: float | None = None  # when the outage began, as this place saw it
        self._reported: float = 0.0  # when it was last reported
        self._last: float = 0.0  # the latest failure
        self._unreported = 0  # failures since that report
        self.failures = 0  # failures in this outage

    @property
    def down(self) -> bool:
        return self._since is not None

    def failed(self, exc: BaseException) -> None:
        """One more failure: logged (one line, no traceback) if none was this interval."""
        now = self.monotonic()
        quiet = now - self._last > self.interval  # nothing failed for a while: a new outage
        self._last = now
        self.failures += 1
        self._unreported += 1
        if self._since is None or quiet:
            self.failures = 1
            self._since = self._reported = now
            self._unreported = 0
            self.log.warning("store unavailable (%s): %s", self.where, _short(exc))
        elif now - self._reported >= self.interval:
            self.log.warning(
                "store still unavailable (%s): %d failures in the last %.0f s: %s",
                self.where,
                self._unreported,
                now - self._reported,
                _short(exc),
            )
            self._reported, self._unreported = now, 0

    def ok(self) -> None:
        """A success: if an outage was on, one line that it is over, with its total."""
        if self._since is None:
            return
        self.log.warning(
            "store available again (%s) after %d failures over %.1f s",
            self.where,
            self.failures,
            self.monotonic() - self._since,
        )
        self._since, self._unreported, self.failures = None, 0, 0


def _short(exc: BaseException) -> str:
    """The exception in one line (a Redis error can run to several)."""
    text = " ".join(str(exc).split())
    return text[:200] if text else type(exc).__name__
