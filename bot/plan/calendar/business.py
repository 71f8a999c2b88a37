"""`BusinessCalendar`: open-time arithmetic over per-day intervals (is_open, next_open, add, between)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Final, Protocol
from zoneinfo import ZoneInfo

from bot.plan.calendar.windows import MINUTES_PER_DAY, Minutes
from bot.plan.calendar.zone import local_to_utc

SEARCH_HORIZON: Final = timedelta(days=366)

_ONE_DAY: Final = timedelta(days=1)
_ZERO: Final = timedelta(0)
_DAY_CACHE_LIMIT: Final = 8192
_NOT_YET: Final = (datetime.max.replace(tzinfo=UTC), datetime.min.replace(tzinfo=UTC))

_Interval = tuple[datetime, datetime]  # [start, end) as UTC datetimes


class HolidaySource(Protocol):
    """Where a calendar's public holidays come from (`HolidaysConfig`)."""

    def lookup(self, year: int) -> frozenset[date]: ...


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
        "_open_now",
    )

    def __init__(
        self,
        *,
        tz: ZoneInfo,
        weekly: Sequence[Sequence[Minutes]],
        overrides: dict[date, tuple[Minutes, ...]],
        closed_dates: frozenset[date],
        holidays: HolidaySource | None,
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
        # the open interval last found around a time: a turn's deadlines and "on duty" ask
        # about the same moment again and again (an interval holds for every time in it)
        self._open_now: _Interval = _NOT_YET

    def __repr__(self) -> str:
        return f"BusinessCalendar(tz={self.tz.key!r}, business_day={self.business_day})"

    # ----------------------------------------------------------------- public API

    def is_open(self, at: datetime) -> bool:
        """Whether ``at`` lies in an open interval (intervals are ``[start, end)``)."""
        u = self._aware(at)
        s, e = self._open_now
        if s <= u < e:
            return True
        for s, e in self._day(self._day_of(u)).intervals:
            if s <= u < e:
                self._open_now = (s, e)
                return True
        return False

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
        s, e = self._open_now
        if s <= cursor and cursor + business <= e:  # what the loop finds in its first interval
            return (cursor + business).astimezone(self.tz)
        remaining = business
        while True:
            found = False
            for s, e in self._raw(cursor, cursor + SEARCH_HORIZON):
                found = True
                if s <= cursor:  # intervals are disjoint: the one around `cursor`
                    self._open_now = (s, e)
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
        for s, e in self._raw(ua, ub):
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

    def _raw(self, u: datetime, until: datetime) -> Iterator[_Interval]:
        """Each day's open intervals ending after ``u`` and starting before ``until``,
        unmerged. Summing open time needs no merging, and merging a 24x7 calendar
        would walk every day of the search horizon before yielding anything."""
        day = self._day_of(u)
        while True:
            record = self._day(day)
            if record.start >= until:
                return
            for s, e in record.intervals:
                if e <= u:
                    continue
                if s >= until:
                    return
                yield s, e
            day += _ONE_DAY

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
        start = local_to_utc(midnight, self.tz)
        end = local_to_utc(midnight + _ONE_DAY, self.tz)
        minutes: Sequence[Minutes]
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
                else local_to_utc(midnight + timedelta(minutes=m_start), self.tz)
            )
            e = (
                end
                if m_end == MINUTES_PER_DAY
                else local_to_utc(midnight + timedelta(minutes=m_end), self.tz)
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
