"""orjson's spelling of a datetime is `isoformat()`'s wherever domain.datetext uses it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from domain.datetext import isoformat, utc_isoformat

_ZONES = st.one_of(
    st.none(),
    st.just(UTC),
    st.sampled_from(
        [
            ZoneInfo(k)
            for k in ("America/Denver", "America/Mexico_City", "Europe/Madrid", "Asia/Kolkata")
        ]
        + [ZoneInfo(k) for k in ("Australia/Eucla", "Africa/Monrovia", "Europe/Amsterdam")]
    ),
    st.timedeltas(min_value=timedelta(hours=-23), max_value=timedelta(hours=23)).map(timezone),
)


@given(st.datetimes(), _ZONES, st.booleans())
def test_isoformat_is_the_datetimes_own(value: datetime, zone: object, whole: bool) -> None:
    value = value.replace(tzinfo=zone)  # type: ignore[arg-type]
    if whole:
        value = value.replace(microsecond=0)
    assert isoformat(value) == value.isoformat()


@given(st.datetimes(timezones=st.just(UTC)), st.booleans())
def test_utc_isoformat_is_fixed_width(value: datetime, whole: bool) -> None:
    if whole:
        value = value.replace(microsecond=0)
    assert utc_isoformat(value) == value.isoformat(timespec="microseconds")


def test_an_offset_in_seconds_and_a_subclass_take_isoformat() -> None:
    lmt = datetime(1850, 1, 1, 12, tzinfo=ZoneInfo("America/Denver"))  # -06:59:56
    assert isoformat(lmt) == lmt.isoformat() == "1850-01-01T12:00:00-06:59:56"

    class Stamp(datetime):
        def isoformat(self, sep: str = "T", timespec: str = "auto") -> str:
            return "its own"

    assert isoformat(Stamp(2026, 12, 7, tzinfo=UTC)) == "its own"
