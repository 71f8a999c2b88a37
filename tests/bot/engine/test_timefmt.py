"""format_local drops seconds before its cache (bot/engine/timefmt.py): the text must be
what babel gives for the exact time, around a DST change too, in both languages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_datetime

from bot.engine.timefmt import _PATTERNS, _SHORT_PATTERNS, format_local

DENVER = ZoneInfo("America/Denver")
# 2026-03-08 02:00 MST -> 03:00 MDT is 09:00 UTC; 2026-11-01 02:00 MDT -> 01:00 MST is 08:00 UTC
CHANGES = (datetime(2026, 3, 8, 9, 0, tzinfo=UTC), datetime(2026, 11, 1, 8, 0, tzinfo=UTC))


def babel_text(at: datetime, lang: str, short: bool) -> str:
    local = at.astimezone(DENVER)
    pattern = (_SHORT_PATTERNS if short else _PATTERNS)[lang]
    text = format_datetime(local, pattern, tzinfo=DENVER, locale="es" if lang == "es" else "en_US")
    return f"{text} {local.tzname()}"


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("short", [False, True])
def test_format_local_reads_as_babel_for_any_second_across_dst_changes(
    lang: str, short: bool
) -> None:
    for change in CHANGES:
        for offset in range(-130, 130, 7):  # seconds either side, through the change
            at = change + timedelta(seconds=offset, microseconds=offset * 997 % 1_000_000)
            assert format_local(at, lang, DENVER, short=short) == babel_text(at, lang, short)


def test_format_local_gives_one_text_for_one_minute_and_another_for_the_next() -> None:
    minute = datetime(2026, 11, 24, 17, 5, tzinfo=UTC)
    texts = {format_local(minute + timedelta(seconds=s), "en", DENVER) for s in (0, 1, 30, 59)}
    assert texts == {"Tuesday, November 24 at 10:05 AM MST"}
    assert format_local(minute + timedelta(seconds=60), "en", DENVER).endswith("10:06 AM MST")
