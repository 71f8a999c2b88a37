"""Times and durations the way a customer reads them, in their language and the
plan's time zone ("Monday, November 23 at 8:30 AM MST", "lunes 23 de noviembre, 08:30")."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

# durations are worded by the dialogue too ("how long will it take?"), so they live in flows
from flows.catalog.durations import format_duration

__all__ = ["format_duration", "format_local"]

_PATTERNS = {
    "en": "EEEE, MMMM d 'at' h:mm a",
    "es": "EEEE d 'de' MMMM 'a las' HH:mm",
}
# on SMS a segment costs ("Wed Nov 25, 8:00 AM", "mié 25 nov, 08:00")
_SHORT_PATTERNS = {
    "en": "EEE MMM d, h:mm a",
    "es": "EEE d MMM, HH:mm",
}


def format_local(at: datetime, lang: str, tz: ZoneInfo, *, short: bool = False) -> str:
    # the same datetime object again (an incident's start, in every "we already know" of
    # its storm): its text as last made, without the truncation and the cache's hashing
    kept = _by_identity.get(id(at))
    if kept is not None and kept[0] is at and kept[1:4] == (lang, tz, short):
        return kept[4]
    # The patterns show minutes, and offsets change on whole minutes: the seconds are dropped
    # so that the times a minute's tickets are promised share one cached text.
    text = _format_minute(at.replace(second=0, microsecond=0), lang, tz, short)
    if len(_by_identity) >= _KEPT:
        _by_identity.clear()
    _by_identity[id(at)] = (at, lang, tz, short, text)  # holds `at`: its id is not reused
    return text


_KEPT = 256
_by_identity: dict[int, tuple[datetime, str, ZoneInfo, bool, str]] = {}


# babel's formatting costs about 20 us a call (3 us from the cache, with the truncation): in
# an outage storm every "we already know" reply formats the same incident start and every
# new ticket a promise time in the same few minutes (bench/outage_storm.py). Pure.
@lru_cache(maxsize=1024)
def _format_minute(at: datetime, lang: str, tz: ZoneInfo, short: bool) -> str:
    local = at.astimezone(tz)
    patterns = _SHORT_PATTERNS if short else _PATTERNS
    pattern = patterns.get(lang, patterns["en"])
    text = format_datetime(local, pattern, tzinfo=tz, locale="es" if lang == "es" else "en_US")
    return f"{text} {local.tzname()}"
