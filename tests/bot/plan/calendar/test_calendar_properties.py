"""Property tests for business calendars (hypothesis): monotonic, additive, `between`
inverts `add`, and `is_open` agrees with an independent wall-clock check, on random
calendars in several zones, weighted towards DST changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bot.plan.calendar.calendar import ALWAYS, BusinessCalendar
from tests.bot.plan.calendar.test_calendar import MICRO, US_HOLIDAYS, as_utc, make_calendar

# --------------------------------------------------------------------------- property tests

ZONES = ["UTC", "America/Chicago", "America/Denver", "Europe/Madrid"]
WEEK = 7 * 24 * 60
DAY = 24 * 60
ABBR = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
YEAR_START = datetime(2026, 1, 1, tzinfo=UTC)
DST_INSTANTS = [
    datetime(2026, 3, 8, 8, tzinfo=UTC),  # Chicago spring forward
    datetime(2026, 3, 8, 9, tzinfo=UTC),  # Denver spring forward
    datetime(2026, 3, 29, 1, tzinfo=UTC),  # Madrid spring forward
    datetime(2026, 10, 25, 1, tzinfo=UTC),  # Madrid fall back
    datetime(2026, 11, 1, 7, tzinfo=UTC),  # Chicago fall back
    datetime(2026, 11, 1, 8, tzinfo=UTC),  # Denver fall back
    datetime(2026, 12, 31, 23, tzinfo=UTC),
]


@dataclass(frozen=True)
class Spec:
    """A random calendar plus the minutes-of-the-week it should be open (the oracle)."""

    timezone: str
    open: tuple[str, ...]
    segments: tuple[tuple[int, int], ...]  # [start, end) minutes of week; end may pass WEEK
    holidays: bool

    def build(self) -> BusinessCalendar:
        return make_calendar(
            self.timezone, self.open, holidays=US_HOLIDAYS if self.holidays else None
        )


def hhmm(minutes: int, *, midnight: str = "00:00") -> str:
    if minutes % DAY == 0 and minutes > 0:
        return midnight
    minutes %= DAY
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@st.composite
def point_windows(draw: st.DrawFn) -> tuple[list[str], list[tuple[int, int]]]:
    """1-4 disjoint windows anywhere in the week, as spans or day windows (possibly crossing midnight)."""
    count = draw(st.integers(1, 4))
    points = sorted(
        draw(
            st.lists(
                st.integers(0, WEEK // 15 - 1), min_size=2 * count, max_size=2 * count, unique=True
            )
        )
    )
    offset = draw(st.integers(0, WEEK // 15 - 1)) * 15
    entries: list[str] = []
    segments: list[tuple[int, int]] = []
    for i in range(count):
        start = (points[2 * i] * 15 + offset) % WEEK
        end = start + (points[2 * i + 1] - points[2 * i]) * 15
        pieces = [(start, end)]
        if end - start > 6 * DAY:  # one span cannot end on its start weekday: split (touching)
            pieces = [(start, start + 3 * DAY), (start + 3 * DAY, end)]
        for s, e in pieces:
            s_norm = s % WEEK
            e_norm = s_norm + (e - s)
            segments.append((s_norm, e_norm))
            day = s_norm // DAY
            if e - s < DAY and draw(st.booleans()):
                end_text = hhmm(e_norm, midnight=draw(st.sampled_from(["24:00", "00:00"])))
                entries.append(f"{ABBR[day]} {hhmm(s_norm)}-{end_text}")
            else:
                entries.append(
                    f"{ABBR[day]} {hhmm(s_norm)} - {ABBR[(e_norm // DAY) % 7]} {hhmm(e_norm)}"
                )
    return entries, segments


@st.composite
def daily_windows(draw: st.DrawFn) -> tuple[list[str], list[tuple[int, int]]]:
    """Split shifts on a set of weekdays, possibly rotated so that one crosses midnight."""
    days = sorted(draw(st.sets(st.integers(0, 6), min_size=1)))
    count = draw(st.integers(1, 3))
    points = sorted(
        draw(
            st.lists(st.integers(0, DAY // 15), min_size=2 * count, max_size=2 * count, unique=True)
        )
    )
    rotation = draw(st.sampled_from([0, 0, draw(st.integers(0, DAY // 15 - 1)) * 15]))
    day_text = "mon-fri" if days == [0, 1, 2, 3, 4] else ",".join(ABBR[d] for d in days)
    entries: list[str] = []
    segments: list[tuple[int, int]] = []
    for i in range(count):
        a, b = points[2 * i] * 15 + rotation, points[2 * i + 1] * 15 + rotation
        if a >= DAY:
            a, b = a - DAY, b - DAY
        entries.append(f"{day_text} {hhmm(a)}-{hhmm(b, midnight='24:00')}")
        segments.extend((d * DAY + a, d * DAY + b) for d in days)
    return entries, segments


@st.composite
def specs(draw: st.DrawFn) -> Spec:
    zone = draw(st.sampled_from(ZONES))
    kind = draw(st.sampled_from(["points", "daily", "always"]))
    if kind == "always":
        entries, segments = [ALWAYS], [(0, WEEK)]
    else:
        entries, segments = draw(point_windows() if kind == "points" else daily_windows())
    return Spec(zone, tuple(entries), tuple(segments), draw(st.booleans()))


instants = st.one_of(
    st.integers(0, 365 * 24 * 3600).map(lambda s: YEAR_START + timedelta(seconds=s)),
    st.tuples(st.sampled_from(DST_INSTANTS), st.integers(-3 * 24 * 3600, 3 * 24 * 3600)).map(
        lambda p: p[0] + timedelta(seconds=p[1])
    ),
)
durations = st.one_of(
    st.integers(0, 60 * 24 * 20).map(lambda m: timedelta(minutes=m)),
    st.integers(1, 10**6).map(lambda s: timedelta(seconds=s, microseconds=s % 7)),
)
PROPERTY = settings(
    max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY
@given(spec=specs())
def test_random_specs_are_valid(spec: Spec) -> None:
    spec.build()


@PROPERTY
@given(spec=specs(), t=instants, a=durations, b=durations)
def test_add_is_monotonic_and_additive(spec: Spec, t: datetime, a: timedelta, b: timedelta) -> None:
    cal = spec.build()
    lo, hi = sorted((a, b))
    assert as_utc(cal.add(t, lo)) <= as_utc(cal.add(t, hi))
    assert as_utc(cal.add(cal.add(t, a), b)) == as_utc(cal.add(t, a + b))


@PROPERTY
@given(spec=specs(), t=instants, d=durations)
def test_between_inverts_add(spec: Spec, t: datetime, d: timedelta) -> None:
    cal = spec.build()
    end = as_utc(cal.add(t, d))
    assert end >= t
    assert cal.between(t, end) == d
    assert cal.between(end, t) == -d
    assert sum((as_utc(e) - as_utc(s) for s, e in cal.open_intervals(t, end)), timedelta(0)) == d
    if d > timedelta(0):
        assert cal.is_open(end) or cal.is_open(end - MICRO)  # open, or exactly at a close


@PROPERTY
@given(spec=specs(), t=instants)
def test_next_open_and_next_close(spec: Spec, t: datetime) -> None:
    cal = spec.build()
    opened = as_utc(cal.next_open(t))
    assert opened >= t
    assert cal.is_open(opened)
    assert (opened == t) == cal.is_open(t)
    assert cal.between(t, opened) == timedelta(0)
    if spec.open == (ALWAYS,) and not spec.holidays:
        with pytest.raises(ValueError, match="never closes"):
            cal.next_close(t)
        return
    closed = as_utc(cal.next_close(t))
    assert closed > opened
    assert not cal.is_open(closed)
    assert cal.is_open(closed - MICRO)
    assert cal.between(opened, closed) == closed - opened


@PROPERTY
@given(spec=specs(), a=instants, b=instants, c=instants)
def test_between_is_additive(spec: Spec, a: datetime, b: datetime, c: datetime) -> None:
    cal = spec.build()
    assert cal.between(a, b) + cal.between(b, c) == cal.between(a, c)


def near_transition(zone: ZoneInfo, u: datetime) -> bool:
    offsets = {(u + timedelta(hours=h)).astimezone(zone).utcoffset() for h in (-3, 0, 3)}
    return len(offsets) > 1


@PROPERTY
@given(spec=specs(), u=instants)
def test_is_open_matches_the_wall_clock_oracle(spec: Spec, u: datetime) -> None:
    zone = ZoneInfo(spec.timezone)
    assume(not near_transition(zone, u))
    local = u.astimezone(zone)
    cal = spec.build()
    holidays = {d for d in _us_holidays(local.year)} if spec.holidays else set()
    minute = local.weekday() * DAY + local.hour * 60 + local.minute + local.second / 60
    expected = local.date() not in holidays and any(
        s <= minute < e or s <= minute + WEEK < e for s, e in spec.segments
    )
    assert cal.is_open(u) == expected


def _us_holidays(year: int) -> set[date]:
    import holidays

    return set(holidays.country_holidays("US", years=year))


@PROPERTY
@given(
    spec=specs(),
    ts=st.lists(instants, min_size=2, max_size=6),
    ds=st.lists(durations, min_size=2, max_size=6),
)
def test_a_calendar_that_answered_before_answers_as_a_new_one(
    spec: Spec, ts: list[datetime], ds: list[timedelta]
) -> None:
    # the open interval it remembers from one question never changes the next answer
    used = spec.build()
    for t in ts:
        for d in ds:
            near = t + d / 3  # a nearby moment, as a turn's clocks ask
            assert used.is_open(near) == spec.build().is_open(near)
            assert used.add(t, d) == spec.build().add(t, d)
            assert used.add(near, d) == spec.build().add(near, d)
