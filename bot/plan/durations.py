"""SLA durations as written in support plans: "4h", "30 min", "2 business days", "1 día laborable".

A duration is either *wall* time (real elapsed time: minutes, hours, 24-hour days,
7-day weeks) or *business* time (open time on a `bot.plan.calendar.calendar.BusinessCalendar`).
Business days are converted here to ``n * business_day`` of open time, so the rest
of the system only ever adds a `timedelta` of open time to a calendar.

Decisions:

- Seconds are not accepted: no support plan promises seconds, and "90s" is more
  likely a typo (or "the 90s") than an SLA target.
- Amounts may be decimals with a dot ("1.5h"); they are rounded to the microsecond.
- Zero and negative amounts are rejected: an SLA target of nothing is a config error.
- Matching is case- and accent-insensitive ("dia laborable" == "día laborable").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from fractions import Fraction
from functools import lru_cache
from typing import Final

from domain.text import fold

__all__ = ["SlaDuration", "parse_duration"]


@dataclass(frozen=True, slots=True)
class SlaDuration:
    """A parsed SLA target.

    ``amount`` is real elapsed time when ``business`` is false, and open time on
    the plan's business calendar when it is true (business days already
    multiplied by the calendar's business-day length).
    """

    amount: timedelta
    business: bool
    text: str


_MINUTE: Final = timedelta(minutes=1)
_HOUR: Final = timedelta(hours=1)
_DAY: Final = timedelta(days=1)
_WEEK: Final = timedelta(weeks=1)

# unit word (accents stripped, lower case) -> (wall length, or None for "a business day")
_WALL_UNITS: Final[dict[str, timedelta]] = {
    **dict.fromkeys(["m", "min", "mins", "minute", "minutes", "minuto", "minutos"], _MINUTE),
    **dict.fromkeys(["h", "hr", "hrs", "hour", "hours", "hora", "horas"], _HOUR),
    **dict.fromkeys(["d", "day", "days", "dia", "dias"], _DAY),
    **dict.fromkeys(["w", "wk", "wks", "week", "weeks", "semana", "semanas"], _WEEK),
}
_SECOND_WORDS: Final = frozenset(
    ["s", "sec", "secs", "second", "seconds", "segundo", "segundos", "seg"]
)

_BUSINESS_EN: Final = r"(?:business|working|work)"
_BUSINESS_ES: Final = r"(?:laborables?|habil(?:es)?|de\s+trabajo)"

_NUMBER: Final = r"(?P<num>[+-]?\d+(?:\.\d+)?|[+-]?\.\d+)"
_TERM: Final = re.compile(rf"^{_NUMBER}\s*(?P<unit>[a-z][a-z .]*?)\.?$")

# business units: English "N business days", Spanish "N días laborables / hábiles"
_BUSINESS_PATTERNS: Final[tuple[tuple[re.Pattern[str], str], ...]] = (
    (re.compile(rf"^{_BUSINESS_EN}\s+(?:days?|d)$"), "day"),
    (re.compile(rf"^{_BUSINESS_EN}\s+(?:hours?|hrs?|h)$"), "hour"),
    (re.compile(rf"^{_BUSINESS_EN}\s+(?:minutes?|mins?)$"), "minute"),
    (re.compile(r"^(?:bd|bds)$"), "day"),
    (re.compile(rf"^dias?\s+{_BUSINESS_ES}$"), "day"),
    (re.compile(rf"^horas?\s+{_BUSINESS_ES}$"), "hour"),
    (re.compile(rf"^minutos?\s+{_BUSINESS_ES}$"), "minute"),
)

_EXAMPLES: Final = (
    "expected e.g. '4h', '30 min', '2 business days', '8 business hours' or '1 día laborable'"
)


def _scale(unit: timedelta, amount: Fraction) -> timedelta:
    micros = amount * (unit // timedelta(microseconds=1))
    return timedelta(microseconds=round(micros))


@lru_cache(maxsize=256)  # pure, and every opened ticket asks for its plan's few targets
def parse_duration(text: str, *, business_day: timedelta) -> SlaDuration:
    """Parse one SLA target such as ``"4h"`` or ``"2 business days"``.

    ``business_day`` is the open time one business day stands for on the
    calendar the duration will be applied to (e.g. 12h for 06:00-18:00).
    Raises `ValueError` naming the text and the reason when it cannot be used.
    """
    if business_day <= timedelta(0):
        raise ValueError(f"business_day must be positive, got {business_day}")
    folded = fold(text)
    if not folded:
        raise ValueError(f"empty duration {text!r}: {_EXAMPLES}")
    match = _TERM.match(folded)
    if match is None:
        raise ValueError(f"cannot parse duration {text!r}: {_EXAMPLES}")
    amount = Fraction(match["num"])
    unit = match["unit"].strip().rstrip(".")
    if unit in _SECOND_WORDS:
        raise ValueError(
            f"cannot parse duration {text!r}: seconds are not supported for SLA targets; "
            "use minutes, hours or days"
        )
    business: bool
    length: timedelta
    if unit in _WALL_UNITS:
        business, length = False, _WALL_UNITS[unit]
    else:
        for pattern, kind in _BUSINESS_PATTERNS:
            if pattern.match(unit):
                business = True
                length = {"day": business_day, "hour": _HOUR, "minute": _MINUTE}[kind]
                break
        else:
            raise ValueError(f"cannot parse duration {text!r}: unknown unit {unit!r}; {_EXAMPLES}")
    if amount <= 0:
        raise ValueError(f"duration {text!r} must be positive")
    result = _scale(length, amount)
    if result <= timedelta(0):
        raise ValueError(f"duration {text!r} is shorter than a microsecond")
    return SlaDuration(amount=result, business=business, text=text)
