"""Business calendars: when a support plan is "open", and business-time arithmetic.

A calendar is configured (`CalendarConfig`, validated with pydantic at the edge)
and then built into an immutable-in-behaviour `BusinessCalendar` that answers
``is_open`` / ``next_open`` / ``next_close`` and adds or measures open time.

Pure: nothing here reads the clock or does I/O beyond what `zoneinfo` and
`holidays` do to load their data. Every instant comes in as an argument.

Semantics (the decisions a reader would otherwise have to guess):

- **Windows are local wall-clock times** in the calendar's IANA zone. A weekly
  window is one of ``"mon-fri 06:00-18:00"`` (a time range on each listed day;
  ``"fri 22:00-04:00"`` crosses midnight and ends Saturday 04:00; end
  ``"24:00"`` means the next midnight), ``"mon 06:00 - sat 00:00"`` (a span
  across days; a span may wrap over the week end, ``"sat 18:00 - mon 06:00"``),
  a bare ``"08:00-20:00"`` or ``"daily 08:00-20:00"`` (every day), or
  ``"24x7"``. Day lists take names and ranges: ``"sat,sun"``, ``"mon,wed-fri"``.
  Windows must not overlap; windows that touch are merged into one interval.
- **Local times map to instants** by "the first instant at which the wall clock
  reads that time or later". For an ambiguous time (the repeated hour when
  daylight saving time ends) that is the first occurrence, i.e. ``fold=0``; for
  a nonexistent time (the skipped hour when it starts) it is the instant the
  clock jumps. So on the spring-forward day a 00:00-06:00 window is 5 real
  hours, on the fall-back day 7 real hours, and a 02:30-03:00 window on the
  spring-forward day is empty. Durations are real elapsed time (UTC arithmetic).
- **Returned datetimes are in the calendar's zone**. Python subtracts and
  compares two datetimes with the *same* tzinfo by wall clock (ignoring DST
  and ``fold``), so measure open time with `between` or convert to UTC
  before arithmetic across a DST change. Internally everything is UTC.
- **Open intervals are half-open** ``[start, end)``: the calendar is closed at
  the instant it closes, so ``is_open(next_close(t))`` is false.
- **Per-date precedence**: ``overrides`` (the day's windows replaced, ``[]`` =
  closed) beat holidays, which, like ``dates``, close the whole local day
  ``[00:00, 24:00)``. A weekly window crossing midnight into a closed day is
  cut at that midnight. ``closures`` (one-off instants) are removed last, from
  everything. A naive closure time is local time in the calendar's zone.
- **Business day**: ``business_day = "auto"`` is the longest single-day open
  time Monday to Friday of the weekly windows (12 h for 06:00-18:00, 8 h for
  08:00-12:00 + 13:00-17:00, 24 h for 24x7 or the middle of a multi-day span),
  falling back to the longest day of the week when no weekday is open.
- **Search horizon**: `next_open`, `next_close` and `add` look at most
  366 days ahead for the next change (a calendar open for nothing or for
  everything that long is treated as a configuration error): `next_open`
  and `add` raise ``ValueError("... no open time within 366 days ...")``,
  `next_close` raises ``ValueError("... never closes ...")``.
- Holidays come from ``holidays.country_holidays`` (observed days included),
  computed lazily per year and cached, as are the per-day intervals, so
  adding weeks of business time costs a few dictionary look-ups per day.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays as holidays_lib
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from bot.durations import parse_duration

__all__ = [
    "ALWAYS",
    "BusinessCalendar",
    "CalendarConfig",
    "Closure",
    "HolidaysConfig",
    "SEARCH_HORIZON",
]

ALWAYS: Final = "24x7"
SEARCH_HORIZON: Final = timedelta(days=366)

_MINUTES_PER_DAY: Final = 24 * 60
_MINUTES_PER_WEEK: Final = 7 * _MINUTES_PER_DAY
_ONE_DAY: Final = timedelta(days=1)
_ONE_SECOND: Final = timedelta(seconds=1)
_ZERO: Final = timedelta(0)
_DAY_CACHE_LIMIT: Final = 8192

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

_Minutes = tuple[int, int]  # [start, end) minutes
_Interval = tuple[datetime, datetime]  # [start, end) as UTC datetimes


# --------------------------------------------------------------------------- parsing


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
            return _MINUTES_PER_DAY
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
        start, end = d1 * _MINUTES_PER_DAY + t1, d2 * _MINUTES_PER_DAY + t2
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
    length = (t2 - t1) if t2 > t1 else (_MINUTES_PER_DAY - t1 + t2)  # else: crosses midnight
    return [
        _Window(d * _MINUTES_PER_DAY + t1, d * _MINUTES_PER_DAY + t1 + length, entry) for d in days
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


def _merge(minutes: Sequence[_Minutes]) -> tuple[_Minutes, ...]:
    merged: list[_Minutes] = []
    for start, end in sorted(minutes):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def _parse_weekly(entries: Sequence[str]) -> tuple[tuple[_Minutes, ...], ...]:
    """Weekly windows -> per weekday, the merged [start, end) minutes open that local day."""
    if not entries:
        raise ValueError(
            f"open must list at least one window (e.g. 'mon-fri 09:00-17:00' or '{ALWAYS}')"
        )
    windows = [w for entry in entries for w in _parse_window(entry)]
    segments = _week_segments(windows)
    _check_overlaps(segments, what="window")
    per_day: list[list[_Minutes]] = [[] for _ in range(7)]
    for seg in segments:
        for day in range(seg.start // _MINUTES_PER_DAY, (seg.end - 1) // _MINUTES_PER_DAY + 1):
            base = day * _MINUTES_PER_DAY
            start, end = max(seg.start, base) - base, min(seg.end, base + _MINUTES_PER_DAY) - base
            if end > start:
                per_day[day].append((start, end))
    return tuple(_merge(day) for day in per_day)


def _parse_day_windows(entries: Sequence[str], *, day: date) -> tuple[_Minutes, ...]:
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


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValueError(f"unknown time zone {name!r}") from None


def _local_to_utc(naive: datetime, tz: ZoneInfo) -> datetime:
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


def _to_utc(value: datetime, tz: ZoneInfo) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        return _local_to_utc(value, tz)
    return value.astimezone(UTC)


# --------------------------------------------------------------------------- config


class HolidaysConfig(BaseModel):
    """Public holidays from the ``holidays`` package, e.g. ``{country = "US", subdivision = "CO"}``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    country: str
    subdivision: str | None = None
    categories: tuple[str, ...] | None = None

    @model_validator(mode="after")
    def _known(self) -> HolidaysConfig:
        try:
            self._build(years=[])  # validates country, subdivision and categories
        except (NotImplementedError, ValueError, KeyError) as exc:
            raise ValueError(f"unknown holidays {self._label()}: {exc}") from None
        return self

    def _label(self) -> str:
        parts = [self.country] + ([self.subdivision] if self.subdivision else [])
        label = "-".join(parts)
        return f"{label} {list(self.categories)}" if self.categories else label

    def _build(self, *, years: list[int]) -> holidays_lib.HolidayBase:
        if self.categories:
            return holidays_lib.country_holidays(
                self.country, subdiv=self.subdivision, years=years, categories=self.categories
            )
        return holidays_lib.country_holidays(self.country, subdiv=self.subdivision, years=years)

    def lookup(self, year: int) -> frozenset[date]:
        """The holiday dates (observed days included) of one year."""
        return frozenset(self._build(years=[year]).keys())


class Closure(BaseModel):
    """A one-off closure ``[start, end)``; naive times are local in the calendar's zone."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: datetime
    end: datetime
    reason: str | None = None


class CalendarConfig(BaseModel):
    """A business calendar as written in a policy file. See the module docstring."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    timezone: str
    open: list[str]
    holidays: HolidaysConfig | None = None
    dates: list[date] = Field(default_factory=list)
    closures: list[Closure] = Field(default_factory=list)
    overrides: dict[date, list[str]] = Field(default_factory=dict)
    business_day: str = "auto"

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        _zone(value)
        return value

    @field_validator("open")
    @classmethod
    def _check_open(cls, value: list[str]) -> list[str]:
        _parse_weekly(value)
        return value

    @field_validator("overrides")
    @classmethod
    def _check_overrides(cls, value: dict[date, list[str]]) -> dict[date, list[str]]:
        for day, entries in value.items():
            _parse_day_windows(entries, day=day)
        return value

    @field_validator("business_day")
    @classmethod
    def _check_business_day(cls, value: str) -> str:
        if value.strip().lower() == "auto":
            return "auto"
        parsed = parse_duration(value, business_day=_ONE_DAY)
        if parsed.business:
            raise ValueError(f"business_day {value!r} must be wall time such as '8h'")
        if parsed.amount > _ONE_DAY:
            raise ValueError(f"business_day {value!r} is longer than a day")
        return value

    @model_validator(mode="after")
    def _check_cross_fields(self) -> CalendarConfig:
        both = sorted(set(self.dates) & set(self.overrides))
        if both:
            raise ValueError(
                f"date {both[0].isoformat()} is both closed (dates) and overridden (overrides)"
            )
        tz = _zone(self.timezone)
        for closure in self.closures:
            if _to_utc(closure.end, tz) <= _to_utc(closure.start, tz):
                raise ValueError(
                    f"closure {closure.start.isoformat()} - {closure.end.isoformat()} ends before it starts"
                )
        return self

    def build(self) -> BusinessCalendar:
        tz = _zone(self.timezone)
        weekly = _parse_weekly(self.open)
        if self.business_day == "auto":
            business_day = _auto_business_day(weekly)
        else:
            business_day = parse_duration(self.business_day, business_day=_ONE_DAY).amount
        return BusinessCalendar(
            tz=tz,
            weekly=weekly,
            overrides={d: _parse_day_windows(v, day=d) for d, v in self.overrides.items()},
            closed_dates=frozenset(self.dates),
            holidays=self.holidays,
            closures=[(_to_utc(c.start, tz), _to_utc(c.end, tz)) for c in self.closures],
            business_day=business_day,
        )


def _auto_business_day(weekly: Sequence[Sequence[_Minutes]]) -> timedelta:
    totals = [sum(end - start for start, end in day) for day in weekly]
    longest = max(totals[:5]) or max(totals)
    return timedelta(minutes=longest)


# --------------------------------------------------------------------------- calendar


@dataclass(frozen=True, slots=True)
class _Day:
    start: datetime  # local 00:00 as UTC
    end: datetime  # next local 00:00 as UTC
    intervals: tuple[_Interval, ...]  # sorted, disjoint, within [start, end)


class BusinessCalendar:
    """Open time of a support plan. Build with `CalendarConfig.build`.

    All methods take timezone-aware datetimes (`ValueError` otherwise) and
    return datetimes in the calendar's zone (`tz`).
    """

    __slots__ = (
        "tz",
        "business_day",
        "_weekly",
        "_overrides",
        "_closed_dates",
        "_holidays",
        "_closures",
        "_days",
        "_holiday_years",
    )

    def __init__(
        self,
        *,
        tz: ZoneInfo,
        weekly: Sequence[Sequence[_Minutes]],
        overrides: dict[date, tuple[_Minutes, ...]],
        closed_dates: frozenset[date],
        holidays: HolidaysConfig | None,
        closures: Sequence[_Interval],
        business_day: timedelta,
    ) -> None:
        self.tz: ZoneInfo = tz
        self.business_day: timedelta = business_day
        self._weekly = tuple(tuple(day) for day in weekly)
        self._overrides = dict(overrides)
        self._closed_dates = closed_dates
        self._holidays = holidays
        self._closures = tuple(sorted(closures))
        self._days: dict[date, _Day] = {}
        self._holiday_years: dict[int, frozenset[date]] = {}

    def __repr__(self) -> str:
        return f"BusinessCalendar(tz={self.tz.key!r}, business_day={self.business_day})"

    # ----------------------------------------------------------------- public API

    def is_open(self, at: datetime) -> bool:
        """Whether ``at`` lies in an open interval (intervals are ``[start, end)``)."""
        u = self._aware(at)
        return any(s <= u < e for s, e in self._day(self._day_of(u)).intervals)

    def next_open(self, at: datetime) -> datetime:
        """``at`` itself if open, else the start of the next open interval."""
        u = self._aware(at)
        for start, _ in self._merged(u, u + SEARCH_HORIZON):
            return max(start, u).astimezone(self.tz)
        raise ValueError(f"no open time within {SEARCH_HORIZON.days} days after {at.isoformat()}")

    def next_close(self, at: datetime) -> datetime:
        """End of the open interval containing ``at``, or of the next one if closed.

        Adjacent intervals are one interval (a window ending 24:00 and one
        starting 00:00 the next day never "close"). Raises `ValueError` when the
        calendar does not close within the search horizon (e.g. 24x7).
        """
        u = self._aware(at)
        until = u + SEARCH_HORIZON
        for _, end in self._merged(u, until):
            if end >= until:
                break
            return end.astimezone(self.tz)
        else:
            raise ValueError(
                f"no open time within {SEARCH_HORIZON.days} days after {at.isoformat()}"
            )
        raise ValueError(
            f"calendar never closes: open for the next {SEARCH_HORIZON.days} days after {at.isoformat()}"
        )

    def add(self, start: datetime, business: timedelta) -> datetime:
        """The instant when ``business`` of open time has elapsed after ``start``.

        ``add(t, 0)`` is ``t``. When the time runs out exactly at a close, the
        close is returned (not the next opening).
        """
        cursor = self._aware(start)
        if business < _ZERO:
            raise ValueError(f"cannot add a negative business duration ({business})")
        if business == _ZERO:
            return cursor.astimezone(self.tz)
        remaining = business
        while True:
            found = False
            for s, e in self._merged(cursor, cursor + SEARCH_HORIZON):
                found = True
                s = max(s, cursor)
                if remaining <= e - s:
                    return (s + remaining).astimezone(self.tz)
                remaining -= e - s
                cursor = e
            if not found:
                raise ValueError(
                    f"no open time within {SEARCH_HORIZON.days} days after {cursor.astimezone(self.tz).isoformat()}"
                )

    def between(self, a: datetime, b: datetime) -> timedelta:
        """Open time in ``[a, b)``; negative when ``b < a``."""
        ua, ub = self._aware(a), self._aware(b)
        if ub < ua:
            return -self.between(b, a)
        total = _ZERO
        for s, e in self._merged(ua, ub):
            total += min(e, ub) - max(s, ua)
        return total

    def open_intervals(self, start: datetime, end: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Merged open intervals intersecting ``[start, end)``, clipped to it, in the calendar's zone."""
        ua, ub = self._aware(start), self._aware(end)
        return self._clipped(ua, ub)

    # ----------------------------------------------------------------- internals

    def _clipped(self, ua: datetime, ub: datetime) -> Iterator[tuple[datetime, datetime]]:
        if ub <= ua:
            return
        for s, e in self._merged(ua, ub):
            yield max(s, ua).astimezone(self.tz), min(e, ub).astimezone(self.tz)

    @staticmethod
    def _aware(at: datetime) -> datetime:
        if at.tzinfo is None or at.utcoffset() is None:
            raise ValueError(f"datetime {at.isoformat()} must be timezone-aware")
        return at.astimezone(UTC)

    def _merged(self, u: datetime, until: datetime) -> Iterator[_Interval]:
        """Merged intervals ending after ``u`` and starting before ``until``.

        The last interval is cut at the end of the last day scanned (>= ``until``).
        """
        pending: _Interval | None = None
        day = self._day_of(u)
        while True:
            record = self._day(day)
            if record.start >= until:
                break
            for s, e in record.intervals:
                if e <= u:
                    continue
                if s >= until:
                    break
                if pending is not None and s <= pending[1]:
                    pending = (pending[0], max(pending[1], e))
                else:
                    if pending is not None:
                        yield pending
                    pending = (s, e)
            day += _ONE_DAY
        if pending is not None:
            yield pending

    def _day_of(self, u: datetime) -> date:
        day = u.astimezone(self.tz).date()
        record = self._day(day)
        if u < record.start:
            return day - _ONE_DAY
        if u >= record.end:
            return day + _ONE_DAY
        return day

    def _is_holiday(self, day: date) -> bool:
        if self._holidays is None:
            return False
        year = self._holiday_years.get(day.year)
        if year is None:
            year = self._holiday_years[day.year] = self._holidays.lookup(day.year)
        return day in year

    def _day(self, day: date) -> _Day:
        record = self._days.get(day)
        if record is None:
            if len(self._days) >= _DAY_CACHE_LIMIT:
                self._days.clear()
            record = self._days[day] = self._compute_day(day)
        return record

    def _compute_day(self, day: date) -> _Day:
        midnight = datetime.combine(day, time())
        start = _local_to_utc(midnight, self.tz)
        end = _local_to_utc(midnight + _ONE_DAY, self.tz)
        minutes: Sequence[_Minutes]
        if day in self._overrides:
            minutes = self._overrides[day]
        elif day in self._closed_dates or self._is_holiday(day):
            minutes = ()
        else:
            minutes = self._weekly[day.weekday()]
        intervals: list[_Interval] = []
        for m_start, m_end in minutes:
            s = (
                start
                if m_start == 0
                else _local_to_utc(midnight + timedelta(minutes=m_start), self.tz)
            )
            e = (
                end
                if m_end == _MINUTES_PER_DAY
                else _local_to_utc(midnight + timedelta(minutes=m_end), self.tz)
            )
            if e > s:  # a window inside a spring-forward gap is empty
                intervals.extend(_subtract(s, e, self._closures))
        return _Day(start, end, tuple(intervals))


def _subtract(s: datetime, e: datetime, closures: Sequence[_Interval]) -> list[_Interval]:
    pieces = [(s, e)]
    for cs, ce in closures:
        if ce <= s or cs >= e:
            continue
        next_pieces: list[_Interval] = []
        for ps, pe in pieces:
            if ce <= ps or cs >= pe:
                next_pieces.append((ps, pe))
                continue
            if ps < cs:
                next_pieces.append((ps, cs))
            if ce < pe:
                next_pieces.append((ce, pe))
        pieces = next_pieces
    return pieces
