"""Maintenance recurrences and notice times (domain/maintenance.py): local wall times in
America/Denver on both sides of the March and November daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from domain.maintenance import MaintenanceWindow, Recurrence, nth_weekday

DENVER = "America/Denver"
# CallTower: "el tercer viernes de cada mes a las 10 PM MT - 4 AM MT"
MONTHLY = Recurrence(weekday=4, nth=3, start=time(22), end=time(4), zone=DENVER)
# Connect: "los martes por la noche de 21:00 a 23:00 horas en ciclos de tres semanas"
CONNECT = Recurrence(
    weekday=1, weeks=3, anchor=date(2026, 1, 6), start=time(21), end=time(23), zone=DENVER
)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def test_the_third_friday_of_each_month_runs_from_22_00_to_04_00_the_next_morning() -> None:
    found = MONTHLY.occurrences(utc(2026, 12, 1), utc(2027, 2, 1))
    assert [d for d, _, _ in found] == [date(2026, 12, 18), date(2027, 1, 15)]
    _, start, end = found[0]
    assert (start, end) == (utc(2026, 12, 19, 5), utc(2026, 12, 19, 11))  # MST, UTC-7


def test_a_window_still_running_at_after_is_listed() -> None:
    found = MONTHLY.occurrences(utc(2026, 12, 19, 6), utc(2026, 12, 19, 7))
    assert [d for d, _, _ in found] == [date(2026, 12, 18)]
    assert MONTHLY.occurrences(utc(2026, 12, 19, 11), utc(2026, 12, 20)) == []


def test_the_monthly_window_keeps_its_wall_time_across_the_march_change() -> None:
    # DST begins Sunday 14 March 2027: February's window is MST, March's MDT
    (feb,) = MONTHLY.occurrences(utc(2027, 2, 1), utc(2027, 3, 1))
    (mar,) = MONTHLY.occurrences(utc(2027, 3, 1), utc(2027, 4, 1))
    assert feb[1:] == (utc(2027, 2, 20, 5), utc(2027, 2, 20, 11))
    assert mar[1:] == (utc(2027, 3, 20, 4), utc(2027, 3, 20, 10))


def test_a_window_across_the_november_change_is_seven_hours_long() -> None:
    # the last Saturday of October 2026, 22:00 MDT, to 04:00 MST after clocks fall back
    rule = Recurrence(weekday=5, nth=-1, start=time(22), end=time(4), zone=DENVER)
    (found,) = rule.occurrences(utc(2026, 10, 20), utc(2026, 11, 3))
    assert found == (date(2026, 10, 31), utc(2026, 11, 1, 4), utc(2026, 11, 1, 11))


def test_a_window_across_the_march_change_is_five_hours_long() -> None:
    rule = Recurrence(weekday=5, nth=2, start=time(22), end=time(4), zone=DENVER)
    (found,) = rule.occurrences(utc(2027, 3, 1), utc(2027, 3, 31))
    assert found == (date(2027, 3, 13), utc(2027, 3, 14, 5), utc(2027, 3, 14, 10))


def test_a_start_inside_the_spring_gap_falls_after_it() -> None:
    rule = Recurrence(weekday=6, nth=2, start=time(2, 30), end=time(5), zone=DENVER)
    (found,) = rule.occurrences(utc(2027, 3, 1), utc(2027, 3, 31))
    assert found[1] == utc(2027, 3, 14, 9, 30)  # 03:30 MDT: 02:30 does not exist that night


def test_connect_updates_come_every_three_weeks_at_21_00_local_on_both_sides_of_dst() -> None:
    found = CONNECT.occurrences(utc(2026, 10, 1), utc(2026, 11, 30))
    assert [d for d, _, _ in found] == [date(2026, 10, 6), date(2026, 10, 27), date(2026, 11, 17)]
    assert found[1][1:] == (utc(2026, 10, 28, 3), utc(2026, 10, 28, 5))  # MDT
    assert found[2][1:] == (utc(2026, 11, 18, 4), utc(2026, 11, 18, 6))  # MST
    spring = CONNECT.occurrences(utc(2027, 3, 1), utc(2027, 3, 31))
    assert [s for _, s, _ in spring] == [utc(2027, 3, 3, 4), utc(2027, 3, 24, 3)]


def test_no_connect_update_before_its_anchor() -> None:
    assert CONNECT.occurrences(utc(2025, 12, 1), utc(2026, 1, 6)) == []


def test_nth_weekday_has_no_fifth_when_the_month_has_four() -> None:
    assert nth_weekday(2026, 2, 4, 5) is None
    assert nth_weekday(2026, 1, 4, 5) == date(2026, 1, 30)
    assert nth_weekday(2026, 1, 4, -1) == date(2026, 1, 30)


def _window(start: datetime, end: datetime, **kw: object) -> MaintenanceWindow:
    return MaintenanceWindow(
        id="monthly-x", starts_at=start, ends_at=end, title={"en": "t"}, zone=DENVER, **kw
    )  # type: ignore[arg-type]


def test_a_week_before_is_the_same_wall_time_seven_local_days_before() -> None:
    # March 2027's window (22:00 MDT) is announced at 22:00 MST a week before: 169 hours
    window = _window(utc(2027, 3, 20, 4), utc(2027, 3, 20, 10))
    assert window.schedule() == [
        ("7d", utc(2027, 3, 13, 5)),
        ("start", utc(2027, 3, 20, 4)),
        ("end", utc(2027, 3, 20, 10)),
    ]


def test_hours_before_are_elapsed_hours() -> None:
    window = _window(utc(2026, 11, 18, 4), utc(2026, 11, 18, 6), notices=("24h",))
    assert window.schedule() == [("24h", utc(2026, 11, 17, 4))]


def test_a_window_made_at_short_notice_is_announced_when_made() -> None:
    made = utc(2026, 12, 17)
    window = _window(utc(2026, 12, 19, 5), utc(2026, 12, 19, 11), created_at=made)
    assert window.schedule()[0] == ("7d", made)
    late = _window(utc(2026, 12, 19, 5), utc(2026, 12, 19, 11), created_at=utc(2026, 12, 19, 6))
    assert late.schedule() == [("start", utc(2026, 12, 19, 6)), ("end", utc(2026, 12, 19, 11))]
    assert late.announced(utc(2026, 12, 19, 6))
    assert not window.announced(utc(2026, 12, 16))


def test_a_window_affects_messages_by_keyword_or_service() -> None:
    window = _window(utc(2026, 12, 19, 5), utc(2026, 12, 19, 11), keywords=("CallTower Connect",))
    assert window.affects("my calltower connect app is down", service=None)
    assert not window.affects("I can't connect my calls", service="voice")
    voice = _window(utc(2026, 12, 19, 5), utc(2026, 12, 19, 11), services=("voice",))
    assert voice.affects("no dial tone", service="voice")


def test_a_window_round_trips_through_json() -> None:
    window = _window(
        utc(2026, 12, 19, 5),
        utc(2026, 12, 19, 11),
        summary={"en": "Patches", "es": "Parches"},
        products=("CallTower Connect",),
        created_at=utc(2026, 12, 1),
        cancelled_at=utc(2026, 12, 2),
        version=2,
    )
    assert MaintenanceWindow.from_json(window.to_json()) == window
