"""A plan's durations the way a customer reads them ("4 hours", "1 business day",
"24 horas"), from the catalog's unit sentences. Pure."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Protocol

from flows.catalog import messages as catalog


class Duration(Protocol):
    """What `format_duration` reads of a plan's duration (bot.plan.durations.SlaDuration)."""

    @property
    def amount(self) -> timedelta: ...
    @property
    def business(self) -> bool: ...
    @property
    def text(self) -> str: ...


def format_duration(duration: Duration, lang: str, *, business_day: timedelta) -> str:
    amount = duration.amount
    if duration.business:
        if business_day and amount % business_day == timedelta(0):
            n = amount // business_day
            return catalog.render(
                lang, "unit.business_day" if n == 1 else "unit.business_days", n=n
            )
        hours = amount / timedelta(hours=1)
        return catalog.render(lang, "unit.business_hours", n=_num(hours, lang))
    minutes = amount / timedelta(minutes=1)
    if minutes < 60 or minutes % 60:
        return catalog.render(
            lang, "unit.minute" if minutes == 1 else "unit.minutes", n=_num(minutes, lang)
        )
    hours = minutes / 60
    # "24h" is quoted as the plan wrote it ("within 24 hours"), not as "1 day"
    if hours >= 24 and hours % 24 == 0 and not _written_in_hours(duration.text):
        days = hours / 24
        return catalog.render(lang, "unit.day" if days == 1 else "unit.days", n=_num(days, lang))
    return catalog.render(lang, "unit.hour" if hours == 1 else "unit.hours", n=_num(hours, lang))


def _num(value: float, lang: str = "en") -> str:
    if value == int(value):
        return str(int(value))
    text = f"{value:.1f}"
    return text.replace(".", ",") if lang == "es" else text  # "1,5 horas"


def _written_in_hours(text: str) -> bool:
    return bool(re.search(r"\d\s*(h|hr|hrs|hour|hours|hora|horas)\b", text.strip().lower()))
