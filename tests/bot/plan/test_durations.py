from __future__ import annotations

from datetime import timedelta

import pytest

from bot.plan.durations import SlaDuration, parse_duration

TWELVE_HOURS = timedelta(hours=12)


@pytest.mark.parametrize(
    ("text", "amount", "business"),
    [
        ("15m", timedelta(minutes=15), False),
        ("30 min", timedelta(minutes=30), False),
        ("15 minutes", timedelta(minutes=15), False),
        ("1 minute", timedelta(minutes=1), False),
        ("1h", timedelta(hours=1), False),
        ("2 hours", timedelta(hours=2), False),
        ("4h", timedelta(hours=4), False),
        ("4 HR", timedelta(hours=4), False),
        ("1.5h", timedelta(minutes=90), False),
        ("1d", timedelta(hours=24), False),
        ("2 days", timedelta(hours=48), False),
        ("1w", timedelta(weeks=1), False),
        ("4 horas", timedelta(hours=4), False),
        ("30 minutos", timedelta(minutes=30), False),
        ("2 días", timedelta(days=2), False),
        ("1 business day", TWELVE_HOURS, True),
        ("2 business days", 2 * TWELVE_HOURS, True),
        ("3 working days", 3 * TWELVE_HOURS, True),
        ("8 business hours", timedelta(hours=8), True),
        ("45 business minutes", timedelta(minutes=45), True),
        ("1 día laborable", TWELVE_HOURS, True),
        ("1 dia laborable", TWELVE_HOURS, True),
        ("2 días laborables", 2 * TWELVE_HOURS, True),
        ("2 Días Hábiles", 2 * TWELVE_HOURS, True),
        ("4 horas laborables", timedelta(hours=4), True),
        ("  1   business   day  ", TWELVE_HOURS, True),
    ],
)
def test_parse_duration(text: str, amount: timedelta, business: bool) -> None:
    parsed = parse_duration(text, business_day=TWELVE_HOURS)
    assert parsed == SlaDuration(amount=amount, business=business, text=text)


def test_business_days_use_the_calendar_business_day() -> None:
    assert parse_duration("1 business day", business_day=timedelta(hours=8)).amount == timedelta(
        hours=8
    )
    assert parse_duration("1.5 business days", business_day=timedelta(hours=8)).amount == timedelta(
        hours=12
    )


def test_duration_is_frozen() -> None:
    parsed = parse_duration("1h", business_day=TWELVE_HOURS)
    with pytest.raises(AttributeError):
        parsed.business = True  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty duration"),
        ("   ", "empty duration"),
        ("soon", "cannot parse duration 'soon'"),
        ("h", "cannot parse duration 'h'"),
        ("4", "cannot parse duration '4'"),
        ("4 fortnights", "unknown unit 'fortnights'"),
        ("90s", "seconds are not supported"),
        ("30 seconds", "seconds are not supported"),
        ("0h", "must be positive"),
        ("0 business days", "must be positive"),
        ("-1h", "must be positive"),
        ("-2 business days", "must be positive"),
        ("1h30", "cannot parse duration"),
    ],
)
def test_bad_durations_have_clear_reasons(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_duration(text, business_day=TWELVE_HOURS)


def test_business_day_must_be_positive() -> None:
    with pytest.raises(ValueError, match="business_day must be positive"):
        parse_duration("1h", business_day=timedelta(0))
