"""A plan's maintenance windows (`[[maintenance]]`): when they recur, what they affect,
the notices the plan promises, and the words customers read, in both languages.

    [[maintenance]]
    id = "monthly"
    nth = 3                 # the third ...
    weekday = "fri"         # ... Friday of each month (nth = -1: the last)
    start = "22:00"
    end = "04:00"           # at or before start: the next morning
    notices = ["7d", "start", "end"]

    [[maintenance]]
    id = "connect"
    every_weeks = 3         # every three weeks ...
    anchor = 2026-01-06     # ... from this local date (a Tuesday)
    weekday = "tue"

The times are wall times in `timezone` (default: the plan's). Cross-field checks (one
of `nth` and `every_weeks`, the anchor's weekday) are in `bot.plan.check`."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Final, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import field_validator

from bot.plan.models import ShortText, _Model
from domain.dimensions import SERVICES
from domain.maintenance import WEEKDAYS, MaintenanceWindow, Recurrence, valid_notice

_HHMM: Final = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class MaintenanceRule(_Model):
    id: str
    weekday: Weekday
    nth: int | None = None
    every_weeks: int | None = None
    anchor: date | None = None
    start: str
    end: str
    timezone: str | None = None
    notices: list[str] = ["7d", "start", "end"]
    title: ShortText
    summary: ShortText
    reason: ShortText | None = None
    products: list[str] = []
    services: list[str] = []
    keywords: list[str] = []

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not re.fullmatch(r"[a-z][a-z0-9_]{0,31}", v):
            raise ValueError("an id is lowercase letters, digits and _ (it names windows)")
        return v

    @field_validator("start", "end")
    @classmethod
    def _hhmm(cls, v: str) -> str:
        if not _HHMM.match(v):
            raise ValueError(f"{v!r} is not a time of day as HH:MM (00:00-23:59)")
        return v

    @field_validator("timezone")
    @classmethod
    def _zone(cls, v: str | None) -> str | None:
        if v is not None:
            try:
                ZoneInfo(v)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(f"unknown time zone {v!r}") from None
        return v

    @field_validator("notices")
    @classmethod
    def _notices(cls, v: list[str]) -> list[str]:
        for notice in v:
            if not valid_notice(notice):
                raise ValueError(
                    f"unknown notice {notice!r}; expected 'start', 'end', or a lead like"
                    " '7d' (local days) or '24h' (hours)"
                )
        return v

    @field_validator("services")
    @classmethod
    def _services(cls, v: list[str]) -> list[str]:
        for service in v:
            if service not in SERVICES:
                raise ValueError(
                    f"unknown service {service!r}; expected one of {', '.join(SERVICES)}"
                )
        return v

    def recurrence(self, plan_zone: str) -> Recurrence:
        return Recurrence(
            weekday=WEEKDAYS.index(self.weekday),
            start=_time(self.start),
            end=_time(self.end),
            zone=self.timezone or plan_zone,
            nth=self.nth or 0,
            weeks=self.every_weeks or 0,
            anchor=self.anchor,
        )

    def windows(self, plan_zone: str, after: datetime, until: datetime) -> list[MaintenanceWindow]:
        """This rule's windows that end after `after` and start before `until`."""
        rec = self.recurrence(plan_zone)
        return [
            MaintenanceWindow(
                id=f"{self.id}-{day.isoformat()}",
                starts_at=start,
                ends_at=end,
                title=_words(self.title),
                summary=_words(self.summary),
                reason=_words(self.reason) if self.reason is not None else {},
                products=tuple(self.products),
                services=tuple(self.services),
                keywords=tuple(self.keywords),
                notices=tuple(self.notices),
                zone=rec.zone,
                origin="plan",
                rule=self.id,
            )
            for day, start, end in rec.occurrences(after, until)
        ]


_DAYS: Final = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
}
_NTH: Final = {
    "en": {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"},
    "es": {1: "primer", 2: "segundo", 3: "tercer", 4: "cuarto", 5: "quinto", -1: "último"},
}
_NOTICE: Final = {
    "en": {"start": "when it starts", "end": "when it ends", "d": "{n} days before",
           "h": "{n} hours before"},
    "es": {"start": "cuando comienza", "end": "cuando termina", "d": "{n} días antes",
           "h": "{n} horas antes"},
}  # fmt: skip


def describe(rule: MaintenanceRule, lang: str, plan_zone: str) -> str:
    """One line for the plan's page: when the window recurs and when customers are told."""
    lang = "es" if lang == "es" else "en"
    day = _DAYS[lang][WEEKDAYS.index(rule.weekday)]
    if rule.nth is not None:
        nth = _NTH[lang].get(rule.nth, str(rule.nth))
        when = f"el {nth} {day} de cada mes" if lang == "es" else f"the {nth} {day} of each month"
    else:
        since = rule.anchor.isoformat() if rule.anchor else ""
        when = (
            f"cada {rule.every_weeks} semanas, los {day}{'s' if day.endswith('o') else ''}"
            f" (desde el {since})"
            if lang == "es"
            else f"every {rule.every_weeks} weeks on {day}s (from {since})"
        )
    told = []
    for notice in rule.notices:
        if notice in ("start", "end"):
            told.append(_NOTICE[lang][notice])
        else:
            told.append(_NOTICE[lang][notice[-1]].format(n=notice[:-1]))
    title = rule.title.es if lang == "es" else rule.title.en
    zone = rule.timezone or plan_zone
    emails = "avisos por correo" if lang == "es" else "email notices"
    return f"{title}: {when}, {rule.start}-{rule.end} ({zone}); {emails}: {', '.join(told)}."


def _time(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def _words(text: ShortText) -> dict[str, str]:
    return {"en": text.en, "es": text.es}
