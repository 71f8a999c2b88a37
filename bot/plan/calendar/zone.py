"""Local wall-clock times of an IANA zone mapped to UTC instants (DST gaps and folds)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_ONE_SECOND: Final = timedelta(seconds=1)


def load_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValueError(f"unknown time zone {name!r}") from None


def local_to_utc(naive: datetime, tz: ZoneInfo) -> datetime:
    """The first instant at which the wall clock in ``tz`` reads ``naive`` or later.

    Existing and ambiguous times: ``fold=0`` (first occurrence). Nonexistent
    times (in a spring-forward gap): the instant the clock jumps.
    """
    first = naive.replace(tzinfo=tz, fold=0).astimezone(UTC)
    if first.astimezone(tz).replace(tzinfo=None) == naive:
        return first
    other = naive.replace(tzinfo=tz, fold=1).astimezone(UTC)
    lo, hi = min(first, other), max(first, other)
    # Binary search the transition; offsets and transitions are whole seconds.
    while hi - lo > _ONE_SECOND:
        mid = lo + _ONE_SECOND * (((hi - lo) // _ONE_SECOND) // 2)
        if mid.astimezone(tz).replace(tzinfo=None) >= naive:
            hi = mid
        else:
            lo = mid
    return hi


def to_utc(value: datetime, tz: ZoneInfo) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        return local_to_utc(value, tz)
    return value.astimezone(UTC)
