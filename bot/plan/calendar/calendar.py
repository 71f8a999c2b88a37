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

from bot.plan.calendar.business import SEARCH_HORIZON, BusinessCalendar
from bot.plan.calendar.config import CalendarConfig, Closure, HolidaysConfig
from bot.plan.calendar.windows import ALWAYS

__all__ = [
    "ALWAYS",
    "BusinessCalendar",
    "CalendarConfig",
    "Closure",
    "HolidaysConfig",
    "SEARCH_HORIZON",
]
