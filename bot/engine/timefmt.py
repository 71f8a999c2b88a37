"""Times and durations the way a customer reads them, in their language and the
plan's time zone ("Monday, November 23 at 8:30 AM MST", "lunes 23 de noviembre, 08:30")."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

# durations are worded by the dialogue too ("how long will it take?"), so they live in flows
from flows.catalog.durations import format_duration

__all__ = ["format_duration", "format_local"]

_PATTERNS = {
    "en": "EEEE, MMMM d 'at' h:mm a",
    "es": "EEEE d 'de' MMMM 'a las' HH:mm",
}


def format_local(at: datetime, lang: str, tz: ZoneInfo) -> str:
    local = at.astimezone(tz)
    pattern = _PATTERNS.get(lang, _PATTERNS["en"])
    text = format_datetime(local, pattern, tzinfo=tz, locale="es" if lang == "es" else "en_US")
    return f"{text} {local.tzname()}"
