"""Open-window grammar of a business calendar: parse and validate, per weekday minutes out."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

ALWAYS: Final = "24x7"

MINUTES_PER_DAY: Final = 24 * 60
_MINUTES_PER_WEEK: Final = 7 * MINUTES_PER_DAY

_DAY_NAMES: Final[dict[str, int]] = {
    **dict.fromkeys(["mon", "monday"], 0),
    **dict.fromkeys(["tue", "tues", "tuesday"], 1),
    **dict.fromkeys(["wed", "wednesday"], 2),
    **dict.fromkeys(["thu", "thur", "thurs", "thursday"], 3),
    **dict.fromkeys(["fri", "friday"], 4),
    **dict.fromkeys(["sat", "saturday"], 5),
    **dict.fromkeys(["sun", "sunday"], 6),
}
_EVERY_DAY: Final = frozenset({"daily", "every day", "everyday", "all", "mon-sun"})
_TIME: Final = r"\d{1,2}:\d{2}"
_SPAN_RE: Final = re.compile(
    rf"^(?P<d1>[a-z]+)\s+(?P<t1>{_TIME})\s*-\s*(?P<d2>[a-z]+)\s+(?P<t2>{_TIME})$"
)
_DAILY_RE: Final = re.compile(
    rf"^(?:(?P<days>[a-z][a-z ,\-]*?)\s+)?(?P<t1>{_TIME})\s*-\s*(?P<t2>{_TIME})$"
)

Minutes = tuple[int, int]  # [start, end) minutes


@dataclass(frozen=True, slots=True)
class _Window:
    """A weekly window in minutes of the week (Monday 00:00 = 0); ``end`` may pass the week end."""

    start: int
    end: int
    source: str


def _parse_time(text: str, *, entry: str, allow_24: bool) -> int:
    hours_s, minutes_s = text.split(":")
    hours, minutes = int(hours_s), int(minutes_s)
    if hours == 24 and minutes == 0:
        if allow_24:
            return MINUTES_PER_DAY
        raise ValueError(f"window {entry!r}: 24:00 is only allowed as an end time")
    if not (0 <= hours <= 23 and 0 <= minutes <= 59):
        raise ValueError(f"window {entry!r}: invalid time {text!r}")
    return hours * 60 + minutes


def _parse_day(name: str, *, entry: str) -> int:
    try:
        return _DAY_NAMES[name.strip()]
    except KeyError:
        raise ValueError(
            f"window {entry!r}: unknown weekday {name.strip()!r} (use mon, tue, wed, thu, fri, sat, sun)"
        ) from None


def _parse_days(spec: str, *, entry: str) -> list[int]:
    spec = spec.strip()
    if spec in _EVERY_DAY:
        return list(range(7))
    days: list[int] = []
    for part in spec.split(","):
        if not part.strip():
            raise ValueError(f"window {entry!r}: empty weekday in {spec!r}")
        if "-" in part:
            first_s, _, last_s = part.partition("-")
            first, last = _parse_day(first_s, entry=entry), _parse_day(last_s, entry=entry)
            span = (last - first) % 7
            days.extend((first + i) % 7 for i in range(span + 1))
        else:
            days.append(_parse_day(part, entry=entry))
    if len(set(days)) != len(days):
        raise ValueError(f"window {entry!r}: a weekday is listed twice")
    return days


def _parse_window(entry: str) -> list[_Window]:
    text = " ".join(entry.lower().split())
    if text in (ALWAYS, "24/7"):
        return [_Window(0, _MINUTES_PER_WEEK, entry)]
    span = _SPAN_RE.match(text)
    if span is not None:
        d1, d2 = _parse_day(span["d1"], entry=entry), _parse_day(span["d2"], entry=entry)
        t1 = _parse_time(span["t1"], entry=entry, allow_24=False)
        t2 = _parse_time(span["t2"], entry=entry, allow_24=True)
        start, end = d1 * MINUTES_PER_DAY + t1, d2 * MINUTES_PER_DAY + t2
        if d2 < d1:  # wraps over the week end, e.g. "sat 18:00 - mon 06:00"
            end += _MINUTES_PER_WEEK
        if end <= start:
            kind = "is empty" if end == start else "ends before it starts"
            raise ValueError(f"window {entry!r} {kind}")
        return [_Window(start, end, entry)]
    daily = _DAILY_RE.match(text)
    if daily is None:
        raise ValueError(
            f"cannot parse window {entry!r}: expected e.g. 'mon-fri 06:00-18:00', "
            f"'mon 06:00 - sat 00:00' or '{ALWAYS}'"
        )
    days = _parse_days(daily["days"], entry=entry) if daily["days"] else list(range(7))
    t1 = _parse_time(daily["t1"], entry=entry, allow_24=False)
    t2 = _parse_time(daily["t2"], entry=entry, allow_24=True)
    if t1 == t2:
        raise ValueError(f"window {entry!r} is empty (starts and ends at the same time)")
    length = (t2 - t1) if t2 > t1 else (MINUTES_PER_DAY - t1 + t2)  # else: crosses midnight
    return [
        _Window(d * MINUTES_PER_DAY + t1, d * MINUTES_PER_DAY + t1 + length, entry) for d in days
    ]


def _week_segments(windows: Sequence[_Window]) -> list[_Window]:
    """Split windows at the week end so each lies in [0, week); sorted by start."""
    segments: list[_Window] = []
    for w in windows:
        if w.end <= _MINUTES_PER_WEEK:
            segments.append(w)
        else:
            segments.append(_Window(w.start, _MINUTES_PER_WEEK, w.source))
            segments.append(_Window(0, w.end - _MINUTES_PER_WEEK, w.source))
    return sorted(segments, key=lambda s: (s.start, s.end))


def _check_overlaps(segments: Sequence[_Window], *, what: str) -> None:
    for a, b in zip(segments, segments[1:], strict=False):
        if b.start < a.end:
            if a.source == b.source:
                raise ValueError(f"{what} {a.source!r} overlaps itself")
            raise ValueError(f"{what} {a.source!r} and {b.source!r} overlap")


def _merge(minutes: Sequence[Minutes]) -> tuple[Minutes, ...]:
    merged: list[Minutes] = []
    for start, end in sorted(minutes):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def parse_weekly(entries: Sequence[str]) -> tuple[tuple[Minutes, ...], ...]:
    """Weekly windows -> per weekday, the merged [start, end) minutes open that local day."""
    if not entries:
        raise ValueError(
            f"open must list at least one window (e.g. 'mon-fri 09:00-17:00' or '{ALWAYS}')"
        )
    windows = [w for entry in entries for w in _parse_window(entry)]
    segments = _week_segments(windows)
    _check_overlaps(segments, what="window")
    per_day: list[list[Minutes]] = [[] for _ in range(7)]
    for seg in segments:
        for day in range(seg.start // MINUTES_PER_DAY, (seg.end - 1) // MINUTES_PER_DAY + 1):
            base = day * MINUTES_PER_DAY
            start, end = max(seg.start, base) - base, min(seg.end, base + MINUTES_PER_DAY) - base
            if end > start:
                per_day[day].append((start, end))
    return tuple(_merge(day) for day in per_day)


def parse_day_windows(entries: Sequence[str], *, day: date) -> tuple[Minutes, ...]:
    """Override windows for one date: "HH:MM-HH:MM" within that day (end 24:00 allowed)."""
    windows: list[_Window] = []
    for entry in entries:
        label = f"{day.isoformat()} {entry}"
        match = re.fullmatch(rf"\s*({_TIME})\s*-\s*({_TIME})\s*", entry)
        if match is None:
            raise ValueError(f"override {label!r}: expected 'HH:MM-HH:MM' (e.g. '06:00-12:00')")
        start = _parse_time(match[1], entry=label, allow_24=False)
        end = _parse_time(match[2], entry=label, allow_24=True)
        if end <= start:
            raise ValueError(
                f"override {label!r} must start and end on that date (end after start, "
                "24:00 for midnight); list the next date separately"
            )
        windows.append(_Window(start, end, label))
    segments = sorted(windows, key=lambda w: (w.start, w.end))
    _check_overlaps(segments, what="override")
    return _merge([(w.start, w.end) for w in segments])


def auto_business_day(weekly: Sequence[Sequence[Minutes]]) -> timedelta:
    totals = [sum(end - start for start, end in day) for day in weekly]
    longest = max(totals[:5]) or max(totals)
    return timedelta(minutes=longest)
