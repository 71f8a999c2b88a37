from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from bot.plan.calendar.calendar import ALWAYS, BusinessCalendar, CalendarConfig
from bot.plan.durations import parse_duration

CHICAGO = ZoneInfo("America/Chicago")
DENVER = ZoneInfo("America/Denver")
MADRID = ZoneInfo("Europe/Madrid")
US_HOLIDAYS = {"country": "US"}
HOUR = timedelta(hours=1)
MICRO = timedelta(microseconds=1)


def make_calendar(
    timezone: str = "UTC", open: Sequence[str] = (ALWAYS,), **kwargs: Any
) -> BusinessCalendar:
    return CalendarConfig(timezone=timezone, open=list(open), **kwargs).build()


def calltower() -> BusinessCalendar:
    """CallTower extended business hours: Mon-Fri 06:00-18:00 MT, US federal holidays."""
    return make_calendar("America/Denver", ["mon-fri 06:00-18:00"], holidays=US_HOLIDAYS)


def as_utc(at: datetime) -> datetime:
    """Same-zone datetime arithmetic is wall-clock arithmetic in Python; compare instants in UTC."""
    return at.astimezone(UTC)


def mt(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=DENVER)


def ct(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=CHICAGO)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# --------------------------------------------------------------------------- the plans' promises


def test_calltower_four_hours_from_friday_afternoon_lands_monday_morning() -> None:
    cal = calltower()
    assert cal.business_day == timedelta(hours=12)
    deadline = cal.add(mt(2026, 11, 20, 16, 30), timedelta(hours=4))
    assert deadline == mt(2026, 11, 23, 8, 30)
    assert deadline.tzinfo == DENVER


def test_calltower_one_business_day_skips_thanksgiving() -> None:
    cal = calltower()
    one_day = parse_duration("1 business day", business_day=cal.business_day)
    assert cal.add(mt(2026, 11, 25, 10), one_day.amount) == mt(2026, 11, 27, 10)
    spanish = parse_duration("1 día laborable", business_day=cal.business_day)
    assert spanish.amount == one_day.amount


def test_calltower_chat_hours() -> None:
    chat = make_calendar("America/Denver", ["mon-fri 05:00-24:00", "sat,sun 08:00-17:00"])
    assert chat.is_open(mt(2026, 11, 24, 23, 59))
    assert not chat.is_open(mt(2026, 11, 25, 0, 30))
    assert chat.next_open(mt(2026, 11, 25, 0, 30)) == mt(2026, 11, 25, 5)
    assert chat.next_close(mt(2026, 11, 27, 20)) == mt(2026, 11, 28, 0)
    assert chat.next_open(mt(2026, 11, 28, 0)) == mt(2026, 11, 28, 8)
    assert chat.business_day == timedelta(hours=19)


def test_somos_business_hours_span_the_week() -> None:
    somos = make_calendar("America/Chicago", ["mon 06:00 - sat 00:00"])
    tuesday_evening = ct(2026, 11, 24, 18)
    assert somos.is_open(tuesday_evening)
    assert somos.next_open(tuesday_evening) == tuesday_evening
    assert somos.next_close(tuesday_evening) == ct(2026, 11, 28, 0)
    assert not somos.is_open(ct(2026, 11, 28, 0))
    assert not somos.is_open(ct(2026, 11, 23, 5, 59))
    assert somos.is_open(ct(2026, 11, 23, 6))
    assert somos.next_open(ct(2026, 11, 28, 12)) == ct(2026, 11, 30, 6)
    assert somos.business_day == timedelta(hours=24)
    assert somos.between(ct(2026, 11, 23), ct(2026, 11, 30)) == timedelta(hours=18 + 4 * 24)


def test_somos_text_hours() -> None:
    text = make_calendar("America/Chicago", ["mon-fri 09:00-17:00"])
    assert not text.is_open(ct(2026, 11, 24, 18))
    assert text.next_open(ct(2026, 11, 24, 18)) == ct(2026, 11, 25, 9)
    assert text.next_close(ct(2026, 11, 24, 18)) == ct(2026, 11, 25, 17)


def test_somos_chat_is_one_interval_monday_to_saturday() -> None:
    chat = make_calendar("America/Chicago", ["mon-fri 00:00-24:00"])
    assert chat.next_close(ct(2026, 11, 23, 10)) == ct(2026, 11, 28, 0)
    assert list(chat.open_intervals(ct(2026, 11, 21), ct(2026, 11, 30))) == [
        (ct(2026, 11, 23), ct(2026, 11, 28))
    ]


def test_connexcs_daily_utc_hours() -> None:
    cal = make_calendar("UTC", ["08:00-20:00"])
    assert cal.is_open(utc(2026, 11, 29, 8))  # a Sunday
    assert not cal.is_open(utc(2026, 11, 29, 20))
    assert cal.add(utc(2026, 11, 29, 19), 2 * HOUR) == utc(2026, 11, 30, 9)


# --------------------------------------------------------------------------- window shapes


def test_split_shift() -> None:
    cal = make_calendar("America/Chicago", ["mon-fri 08:00-12:00", "mon-fri 13:00-17:00"])
    assert cal.business_day == timedelta(hours=8)
    assert not cal.is_open(ct(2026, 11, 24, 12, 30))
    assert cal.next_open(ct(2026, 11, 24, 12, 30)) == ct(2026, 11, 24, 13)
    assert cal.next_close(ct(2026, 11, 24, 9)) == ct(2026, 11, 24, 12)
    assert cal.add(ct(2026, 11, 24, 11), 2 * HOUR) == ct(2026, 11, 24, 14)
    assert cal.between(ct(2026, 11, 24), ct(2026, 11, 25)) == 8 * HOUR


def test_window_crossing_midnight_ends_next_day() -> None:
    cal = make_calendar("UTC", ["fri 22:00-04:00"])
    assert cal.is_open(utc(2026, 11, 28, 3))  # Saturday
    assert not cal.is_open(utc(2026, 11, 28, 4))
    assert cal.next_close(utc(2026, 11, 27, 23)) == utc(2026, 11, 28, 4)
    assert cal.next_open(utc(2026, 11, 23)) == utc(2026, 11, 27, 22)


def test_span_wrapping_over_the_week_end() -> None:
    cal = make_calendar("UTC", ["sat 18:00 - mon 06:00"])
    assert cal.is_open(utc(2026, 11, 29, 12))
    assert cal.next_close(utc(2026, 11, 28, 19)) == utc(2026, 11, 30, 6)


def test_weekend_windows_and_fallback_business_day() -> None:
    cal = make_calendar("America/Denver", ["sat,sun 08:00-17:00"])
    assert cal.business_day == timedelta(hours=9)
    assert cal.next_open(mt(2026, 11, 24, 12)) == mt(2026, 11, 28, 8)


def test_day_ranges_lists_and_names() -> None:
    a = make_calendar("UTC", ["mon,wed-fri 09:00-10:00"])
    b = make_calendar("UTC", ["Monday, Wednesday - Friday 09:00 - 10:00"])
    for day in range(23, 30):
        at = utc(2026, 11, day, 9, 30)
        assert a.is_open(at) == b.is_open(at) == (day in (23, 25, 26, 27))


def test_adjacent_windows_merge() -> None:
    cal = make_calendar("UTC", ["mon 06:00-24:00", "tue 00:00-18:00", "tue 18:00 - wed 02:00"])
    assert cal.next_close(utc(2026, 11, 23, 7)) == utc(2026, 11, 25, 2)
    assert list(cal.open_intervals(utc(2026, 11, 23), utc(2026, 11, 30))) == [
        (utc(2026, 11, 23, 6), utc(2026, 11, 25, 2))
    ]


def test_always_open() -> None:
    cal = make_calendar("UTC", [ALWAYS])
    t = utc(2026, 11, 24, 13, 7)
    assert cal.is_open(t)
    assert cal.next_open(t) == t
    assert cal.business_day == timedelta(hours=24)
    assert cal.add(t, timedelta(days=400)) == t + timedelta(days=400)
    assert cal.between(t, t + timedelta(days=3)) == timedelta(days=3)
    with pytest.raises(ValueError, match="never closes"):
        cal.next_close(t)


def test_explicit_business_day() -> None:
    cal = make_calendar("America/Denver", ["mon-fri 06:00-18:00"], business_day="8h")
    assert cal.business_day == timedelta(hours=8)


def test_open_intervals_are_clipped_merged_and_local() -> None:
    cal = calltower()
    intervals = list(cal.open_intervals(mt(2026, 11, 24, 12), mt(2026, 11, 28)))
    assert intervals == [
        (mt(2026, 11, 24, 12), mt(2026, 11, 24, 18)),
        (mt(2026, 11, 25, 6), mt(2026, 11, 25, 18)),
        (mt(2026, 11, 27, 6), mt(2026, 11, 27, 18)),
    ]
    assert all(s.tzinfo == DENVER and e.tzinfo == DENVER for s, e in intervals)
    assert list(cal.open_intervals(mt(2026, 11, 28), mt(2026, 11, 24))) == []


def test_results_are_in_calendar_zone_for_any_input_zone() -> None:
    cal = calltower()
    at = datetime(2026, 11, 24, 12, tzinfo=UTC)  # 05:00 MT
    assert cal.next_open(at) == mt(2026, 11, 24, 6)
    assert cal.next_open(at).tzinfo == DENVER


def test_naive_datetimes_are_rejected() -> None:
    cal = calltower()
    with pytest.raises(ValueError, match="must be timezone-aware"):
        cal.is_open(datetime(2026, 11, 24, 12))
    with pytest.raises(ValueError, match="must be timezone-aware"):
        cal.add(datetime(2026, 11, 24, 12), HOUR)


def test_add_negative_is_rejected_and_zero_is_identity() -> None:
    cal = calltower()
    t = mt(2026, 11, 22, 12)  # closed (Sunday)
    assert cal.add(t, timedelta(0)) == t
    with pytest.raises(ValueError, match="negative"):
        cal.add(t, -HOUR)


def test_add_ending_at_close_returns_the_close() -> None:
    cal = calltower()
    assert cal.add(mt(2026, 11, 24, 16), 2 * HOUR) == mt(2026, 11, 24, 18)


def test_between_is_negative_when_reversed() -> None:
    cal = calltower()
    assert cal.between(mt(2026, 11, 24, 10), mt(2026, 11, 24, 8)) == -2 * HOUR


# --------------------------------------------------------------------------- DST


@pytest.mark.parametrize("zone", [CHICAGO, DENVER])
def test_spring_forward_day(zone: ZoneInfo) -> None:
    day = datetime(2026, 3, 8, tzinfo=zone)
    night = make_calendar(zone.key, ["00:00-06:00"])
    assert night.between(day, day + timedelta(days=1)) == 5 * HOUR
    business = make_calendar(zone.key, ["06:00-18:00"])
    assert business.between(day, day + timedelta(days=1)) == 12 * HOUR
    # A window starting inside the skipped hour opens when the clock jumps.
    gap = make_calendar(zone.key, ["02:30-04:00"])
    assert list(gap.open_intervals(day, day + timedelta(days=1))) == [
        (datetime(2026, 3, 8, 3, tzinfo=zone), datetime(2026, 3, 8, 4, tzinfo=zone))
    ]
    empty = make_calendar(zone.key, ["02:15-02:45", "05:00-06:00"])
    assert empty.between(day, day + timedelta(days=1)) == HOUR


@pytest.mark.parametrize("zone", [CHICAGO, DENVER])
def test_fall_back_day(zone: ZoneInfo) -> None:
    day = datetime(2026, 11, 1, tzinfo=zone)
    night = make_calendar(zone.key, ["00:00-06:00"])
    assert night.between(day, day + timedelta(days=1)) == 7 * HOUR
    # Ambiguous 01:30 resolves to its first occurrence (fold=0).
    ambiguous = make_calendar(zone.key, ["01:30-03:00"])
    [(start, end)] = ambiguous.open_intervals(day, day + timedelta(days=1))
    assert start.astimezone(UTC) == datetime(2026, 11, 1, 1, 30, tzinfo=zone).astimezone(UTC)
    assert as_utc(end) - as_utc(start) == timedelta(hours=2, minutes=30)


@pytest.mark.parametrize("zone", [CHICAGO, DENVER])
def test_business_hours_across_the_dst_weekends(zone: ZoneInfo) -> None:
    cal = make_calendar(zone.key, ["mon-fri 06:00-18:00"])
    # Spring: Friday 2026-03-06 (standard time) -> Monday 2026-03-09 (daylight time).
    assert cal.add(datetime(2026, 3, 6, 16, tzinfo=zone), 4 * HOUR) == datetime(
        2026, 3, 9, 8, tzinfo=zone
    )
    assert cal.between(
        datetime(2026, 3, 6, 17, tzinfo=zone), datetime(2026, 3, 9, 7, tzinfo=zone)
    ) == (2 * HOUR)
    # Autumn: Friday 2026-10-30 (daylight) -> Monday 2026-11-02 (standard).
    assert cal.add(datetime(2026, 10, 30, 16, tzinfo=zone), 4 * HOUR) == datetime(
        2026, 11, 2, 8, tzinfo=zone
    )


def test_always_open_local_calendar_counts_real_hours_across_dst() -> None:
    cal = make_calendar("America/Chicago", [ALWAYS])
    assert cal.add(ct(2026, 3, 7, 12), timedelta(hours=24)) == ct(2026, 3, 8, 13)
    assert cal.add(ct(2026, 10, 31, 12), timedelta(hours=24)) == ct(2026, 11, 1, 11)


def test_madrid_dst_last_sunday_of_march() -> None:
    cal = make_calendar("Europe/Madrid", ["00:00-24:00"])
    day = datetime(2026, 3, 29, tzinfo=MADRID)
    assert cal.between(day, day + timedelta(days=1)) == 23 * HOUR


# --------------------------------------------------------------------------- holidays, dates, closures, overrides


def test_year_end_with_new_years_day() -> None:
    daily = make_calendar("UTC", ["08:00-20:00"], holidays=US_HOLIDAYS)
    assert daily.add(utc(2026, 12, 31, 18), 4 * HOUR) == utc(2027, 1, 2, 10)
    assert not daily.is_open(utc(2027, 1, 1, 12))
    cal = calltower()
    assert cal.add(mt(2026, 12, 31, 16), 4 * HOUR) == mt(2027, 1, 4, 8)
    # New Year's Day 2028 is a Saturday, observed Friday 2027-12-31.
    assert not cal.is_open(mt(2027, 12, 31, 10))
    assert cal.next_open(mt(2027, 12, 30, 19)) == mt(2028, 1, 3, 6)


def test_holiday_subdivision() -> None:
    colorado = make_calendar(
        "America/Denver", ["mon-fri 06:00-18:00"], holidays={"country": "US", "subdivision": "CO"}
    )
    assert not colorado.is_open(mt(2026, 3, 31, 10))  # Cesar Chavez Day
    assert calltower().is_open(mt(2026, 3, 31, 10))


def test_holiday_closes_the_whole_local_day_even_of_a_span() -> None:
    somos = make_calendar("America/Chicago", ["mon 06:00 - sat 00:00"], holidays=US_HOLIDAYS)
    assert not somos.is_open(ct(2026, 11, 26, 12))  # Thanksgiving
    assert somos.next_close(ct(2026, 11, 25, 12)) == ct(2026, 11, 26, 0)
    assert somos.next_open(ct(2026, 11, 26, 12)) == ct(2026, 11, 27, 0)


def test_listed_date_pushes_a_deadline() -> None:
    cal = make_calendar(
        "America/Denver", ["mon-fri 06:00-18:00"], holidays=US_HOLIDAYS, dates=["2026-11-27"]
    )
    assert cal.add(mt(2026, 11, 25, 10), cal.business_day) == mt(2026, 11, 30, 10)


def test_closure_pushes_a_deadline() -> None:
    local = make_calendar(
        "America/Denver",
        ["mon-fri 06:00-18:00"],
        closures=[
            {"start": "2026-11-23T06:00", "end": "2026-11-23T12:00", "reason": "office move"}
        ],
    )
    assert local.add(mt(2026, 11, 20, 16, 30), 4 * HOUR) == mt(2026, 11, 23, 14, 30)
    aware = make_calendar(
        "America/Denver",
        ["mon-fri 06:00-18:00"],
        closures=[{"start": "2026-11-23T13:00Z", "end": "2026-11-23T15:00Z"}],  # 06:00-08:00 MT
    )
    assert aware.add(mt(2026, 11, 20, 16, 30), 4 * HOUR) == mt(2026, 11, 23, 10, 30)
    assert not aware.is_open(mt(2026, 11, 23, 7))
    assert aware.next_open(mt(2026, 11, 23, 7)) == mt(2026, 11, 23, 8)


def test_overrides_replace_the_day() -> None:
    cal = make_calendar(
        "America/Denver",
        ["mon-fri 06:00-18:00"],
        holidays=US_HOLIDAYS,
        overrides={
            "2026-12-24": ["06:00-12:00"],
            "2026-12-23": [],
            "2026-12-26": ["10:00-14:00"],  # a Saturday opened
        },
    )
    assert not cal.is_open(mt(2026, 12, 23, 10))
    assert cal.next_close(mt(2026, 12, 24, 10)) == mt(2026, 12, 24, 12)
    # 2 h left on the 24th, Christmas (Friday) closed, 2 h on the opened Saturday.
    assert cal.add(mt(2026, 12, 24, 10), 4 * HOUR) == mt(2026, 12, 26, 12)


def test_override_opens_a_holiday() -> None:
    cal = make_calendar(
        "America/Denver",
        ["mon-fri 06:00-18:00"],
        holidays=US_HOLIDAYS,
        overrides={"2026-11-26": ["08:00-12:00", "12:00-13:00"]},
    )
    assert cal.is_open(mt(2026, 11, 26, 12, 30))
    assert cal.next_close(mt(2026, 11, 26, 9)) == mt(2026, 11, 26, 13)


def test_no_open_time_within_horizon() -> None:
    cal = make_calendar(
        "UTC",
        ["mon-fri 09:00-17:00"],
        closures=[{"start": "2026-01-01T00:00Z", "end": "2028-01-01T00:00Z"}],
    )
    with pytest.raises(ValueError, match="no open time within 366 days"):
        cal.next_open(utc(2026, 3, 1))
    with pytest.raises(ValueError, match="no open time within 366 days"):
        cal.add(utc(2026, 3, 1), HOUR)
    assert cal.next_open(utc(2027, 6, 1)) == utc(2028, 1, 3, 9)


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"open": ["mon-fri 06:00-18:00", "fri 17:00-20:00"]},
            "'mon-fri 06:00-18:00' and 'fri 17:00-20:00' overlap",
        ),
        ({"open": ["mon 06:00 - sat 00:00", "fri 22:00-04:00"]}, "overlap"),
        ({"open": ["sun 22:00-02:00", "mon 01:00-03:00"]}, "overlap"),
        ({"open": ["mon 10:00 - mon 09:00"]}, "'mon 10:00 - mon 09:00' ends before it starts"),
        ({"open": ["tue 06:00 - tue 06:00"]}, "is empty"),
        ({"open": ["mon-fri 09:00-09:00"]}, "is empty"),
        ({"open": ["mon-fry 09:00-17:00"]}, "unknown weekday 'fry'"),
        ({"open": ["funday 09:00 - sat 00:00"]}, "unknown weekday 'funday'"),
        ({"open": ["mon-fri 09:00-25:00"]}, "invalid time '25:00'"),
        ({"open": ["mon-fri 24:00-06:00"]}, "24:00 is only allowed as an end time"),
        ({"open": ["mon-fri nine to five"]}, "cannot parse window 'mon-fri nine to five'"),
        ({"open": []}, "at least one window"),
        ({"timezone": "Mars/Olympus_Mons"}, "unknown time zone 'Mars/Olympus_Mons'"),
        ({"timezone": "../etc/passwd"}, "unknown time zone"),
        ({"holidays": {"country": "XX"}}, "unknown holidays XX"),
        ({"holidays": {"country": "US", "subdivision": "ZZ"}}, "unknown holidays US-ZZ"),
        ({"holidays": {"country": "US", "region": "CO"}}, "Extra inputs are not permitted"),
        ({"overrides": {"2026-12-24": ["18:00-02:00"]}}, "must start and end on that date"),
        ({"overrides": {"2026-12-24": ["06:00-12:00", "11:00-13:00"]}}, "overlap"),
        ({"overrides": {"2026-12-24": ["noon"]}}, "expected 'HH:MM-HH:MM'"),
        ({"dates": ["2026-12-24"], "overrides": {"2026-12-24": []}}, "both closed"),
        (
            {"closures": [{"start": "2026-11-23T12:00", "end": "2026-11-23T06:00"}]},
            "ends before it starts",
        ),
        ({"business_day": "2 business days"}, "must be wall time"),
        ({"business_day": "30h"}, "longer than a day"),
        ({"business_day": "forever"}, "cannot parse duration 'forever'"),
        ({"business_day": "-8h"}, "must be positive"),
        ({"weekly": ["mon"]}, "Extra inputs are not permitted"),
    ],
)
def test_invalid_configs_have_clear_messages(overrides: dict[str, Any], message: str) -> None:
    fields: dict[str, Any] = {"timezone": "America/Denver", "open": ["mon-fri 06:00-18:00"]}
    fields.update(overrides)
    with pytest.raises(ValidationError, match=message):
        CalendarConfig(**fields)


def test_touching_windows_are_not_overlapping() -> None:
    CalendarConfig(
        timezone="UTC", open=["mon-fri 08:00-12:00", "mon-fri 12:00-17:00", "fri 17:00-04:00"]
    )
