"""`domain.types.iso` (orjson's spelling, domain.datetext) spells a datetime as `isoformat()`
does, whatever its zone: folds, gaps, offsets with seconds, subclasses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.datetext import isoformat
from domain.types import iso

ZONES = [
    None,
    UTC,
    timezone(timedelta(hours=-7)),
    timezone(timedelta(hours=5, minutes=30, seconds=15)),  # an offset with seconds
    ZoneInfo("America/Denver"),
    ZoneInfo("Europe/Madrid"),
    ZoneInfo("Australia/Lord_Howe"),  # half-hour DST
    ZoneInfo("America/Chicago"),  # 1883: local mean time, an offset with seconds
]


@settings(max_examples=400)
@given(
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
    st.sampled_from(ZONES),
    st.sampled_from([0, 1]),
    st.sampled_from([None, 0, 1, 999_999]),
)
def test_iso_isisoformat(wall: datetime, zone: object, fold: int, micro: int | None) -> None:
    value = wall.replace(tzinfo=zone, fold=fold)  # type: ignore[arg-type]
    if micro is not None:
        value = value.replace(microsecond=micro)
    assert isoformat(value) == value.isoformat()
    assert iso(value) == value.isoformat()
    # the same second again, another fraction: the kept head, the new fraction
    other = value.replace(microsecond=(value.microsecond + 1) % 1_000_000)
    assert isoformat(other) == other.isoformat()


def test_fold_and_gap_times_keep_their_own_offsets() -> None:
    denver = ZoneInfo("America/Denver")
    first = datetime(2026, 11, 1, 1, 30, 5, 17, tzinfo=denver)  # the hour that repeats
    second = first.replace(fold=1)
    assert isoformat(first) == "2026-11-01T01:30:05.000017-06:00"
    assert isoformat(second) == "2026-11-01T01:30:05.000017-07:00"
    gap = datetime(2026, 3, 8, 2, 30, tzinfo=denver)  # a wall time that never happens
    assert isoformat(gap) == gap.isoformat()


def test_a_subclass_or_another_zone_is_left_toisoformat() -> None:
    class Stamp(datetime):
        def isoformat(self, sep: str = "T", timespec: str = "auto") -> str:
            return "stamp"

    assert isoformat(Stamp(2026, 1, 1, tzinfo=UTC)) == "stamp"
