"""Maintenance windows: planned work that may affect some products for a few hours
(CallTower: the third Friday of each month 22:00-04:00 MT; Connect updates every three
weeks on Tuesday 21:00-23:00 MT). A window comes from a plan's recurring rule or from
staff (the API); customers get notices before it, at its start and at its end, and
intake mentions it while it runs.

Pure: times arrive as arguments, nothing here reads a clock. Recurrences are computed on
local dates and wall times in the rule's zone, so a window starts at 22:00 local on both
sides of a daylight-saving change; a wall time that does not exist that night (02:30 on
the spring-forward date) falls after the gap, one that exists twice is its first time.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Final
from zoneinfo import ZoneInfo

from domain.incident import IncidentMatch
from domain.text import fold

WEEKDAYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# "7d": the same wall time that many local days before the start; "24h": elapsed hours;
# "start" and "end": when the window opens and closes
_LEAD: Final = re.compile(r"^(\d{1,3})([dh])$")
EDGES: Final = ("start", "end")
CANCELLED: Final = "cancelled"  # the notice sent when an announced window is called off


def valid_notice(notice: str) -> bool:
    return notice in EDGES or _LEAD.match(notice) is not None


@dataclass(frozen=True, slots=True)
class Recurrence:
    """When a plan's window recurs: the `nth` `weekday` of each month (-1: the last), or
    every `weeks` weeks from `anchor` (a local date, on the weekday). `end` at or before
    `start` is on the next day."""

    weekday: int  # 0 = Monday
    start: time
    end: time
    zone: str
    nth: int = 0
    weeks: int = 0
    anchor: date | None = None

    def dates(self, first: date, last: date) -> list[date]:
        """The local dates windows start on, from `first` to `last` inclusive."""
        if self.nth:
            out = []
            year, month = first.year, first.month
            while (year, month) <= (last.year, last.month):
                day = nth_weekday(year, month, self.weekday, self.nth)
                if day is not None and first <= day <= last:
                    out.append(day)
                year, month = (year + 1, 1) if month == 12 else (year, month + 1)
            return out
        assert self.anchor is not None and self.weeks > 0
        step = 7 * self.weeks
        k = max(0, -(-(first - self.anchor).days // step))  # the first at or after `first`
        out = []
        day = self.anchor + timedelta(days=k * step)
        while day <= last:
            out.append(day)
            day += timedelta(days=step)
        return out

    def span(self, day: date) -> tuple[datetime, datetime]:
        """The window starting on local date `day`, in UTC."""
        zone = ZoneInfo(self.zone)
        end_day = day + timedelta(days=1) if self.end <= self.start else day
        start = datetime.combine(day, self.start, tzinfo=zone).astimezone(UTC)
        end = datetime.combine(end_day, self.end, tzinfo=zone).astimezone(UTC)
        return start, end

    def occurrences(
        self, after: datetime, until: datetime
    ) -> list[tuple[date, datetime, datetime]]:
        """(local date, start, end) of each window that ends after `after` and starts
        before `until`, earliest first."""
        zone = ZoneInfo(self.zone)
        first = after.astimezone(zone).date() - timedelta(days=1)  # one may still be running
        last = until.astimezone(zone).date()
        out = []
        for day in self.dates(first, last):
            start, end = self.span(day)
            if end > after and start < until:
                out.append((day, start, end))
        return out


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date | None:
    """The `nth` (1-5, or -1 for the last) `weekday` of a month; None if it has no fifth."""
    days = [
        d
        for d in calendar.Calendar().itermonthdates(year, month)
        if d.month == month and d.weekday() == weekday
    ]
    index = nth - 1 if nth > 0 else nth
    return days[index] if -len(days) <= index < len(days) else None


@dataclass(frozen=True, slots=True)
class MaintenanceWindow:
    id: str  # a plan's: "<rule>-<local date>"; staff's: digits
    starts_at: datetime
    ends_at: datetime
    title: dict[str, str]  # lang -> words
    summary: dict[str, str] = field(default_factory=dict)  # the work to be done
    reason: dict[str, str] = field(default_factory=dict)  # why it is done
    products: tuple[str, ...] = ()  # names shown to customers
    services: tuple[str, ...] = ()  # the classifier's services it affects
    keywords: tuple[str, ...] = ()  # words (en or es) that name what it affects
    notices: tuple[str, ...] = ("7d", "start", "end")
    zone: str = "UTC"  # whose days a "7d" notice counts
    origin: str = "api"  # "plan" | "api"
    rule: str = ""  # the plan rule's id
    created_at: datetime | None = None  # staff's: a notice owed before this is sent then
    cancelled_at: datetime | None = None
    version: int = 1  # the store refuses a save unless it holds version - 1 (0 = new)

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None

    def touches(self, products: Iterable[str]) -> bool:
        """Whether the window affects any of `products` (an account's): a product is
        touched when its folded words are, or hold as a phrase, or are held by, one of the
        window's products, services or keywords ("Connect" and "CallTower Connect";
        "voice" and the service voice)."""
        named = [f" {fold(t)} " for t in (*self.products, *self.services, *self.keywords)]
        for product in products:
            mine = f" {fold(product)} "
            if mine.strip() and any(mine in t or t in mine for t in named if t.strip()):
                return True
        return False

    def running(self, now: datetime) -> bool:
        return not self.cancelled and self.starts_at <= now < self.ends_at

    def text(self, what: str, lang: str) -> str:
        words: dict[str, str] = getattr(self, what)
        return words.get(lang) or words.get("en") or next(iter(words.values()), "")

    def affects(self, text: str, *, service: str | None) -> bool:
        """The message is about something this window affects (a keyword, folded, as
        whole words; or the service the classifier read)."""
        match = IncidentMatch(keywords=self.keywords, services=self.services)
        return match.matches(text, service=service, accounts=())

    def schedule(self) -> list[tuple[str, datetime]]:
        """(notice, when) in time order. A window made after a notice's time (staff's,
        at short notice) has that notice at its making, "as early as possible"; none
        before a window made after it started."""
        out: list[tuple[str, datetime]] = []
        made = self.created_at
        for notice in self.notices:
            if notice == "start":
                at = self.starts_at
            elif notice == "end":
                at = self.ends_at
            else:
                lead = _LEAD.match(notice)
                if lead is None:
                    continue
                at = self.lead_time(int(lead.group(1)), lead.group(2))
                if made is not None and made >= self.starts_at:
                    continue
            if made is not None and at < made:
                at = made
            out.append((notice, at))
        return sorted(out, key=lambda n: n[1])

    def lead_time(self, amount: int, unit: str) -> datetime:
        if unit == "h":
            return self.starts_at - timedelta(hours=amount)
        zone = ZoneInfo(self.zone)
        local = self.starts_at.astimezone(zone)
        back = datetime.combine(local.date() - timedelta(days=amount), local.time(), tzinfo=zone)
        return back.astimezone(UTC)

    def announced(self, now: datetime) -> bool:
        """A notice of it is due by `now` (customers may have been told)."""
        return any(at <= now for _, at in self.schedule())

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "starts_at": self.starts_at.isoformat(),
            "ends_at": self.ends_at.isoformat(),
            "title": dict(self.title),
            "summary": dict(self.summary),
            "reason": dict(self.reason),
            "products": list(self.products),
            "services": list(self.services),
            "keywords": list(self.keywords),
            "notices": list(self.notices),
            "zone": self.zone,
            "origin": self.origin,
            "rule": self.rule,
            "created_at": _iso(self.created_at),
            "cancelled_at": _iso(self.cancelled_at),
            "version": self.version,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MaintenanceWindow:
        return cls(
            id=str(data["id"]),
            starts_at=datetime.fromisoformat(data["starts_at"]),
            ends_at=datetime.fromisoformat(data["ends_at"]),
            title=dict(data.get("title", {})),
            summary=dict(data.get("summary", {})),
            reason=dict(data.get("reason", {})),
            products=tuple(data.get("products", ())),
            services=tuple(data.get("services", ())),
            keywords=tuple(data.get("keywords", ())),
            notices=tuple(data.get("notices", ())),
            zone=data.get("zone", "UTC"),
            origin=data.get("origin", "api"),
            rule=data.get("rule", ""),
            created_at=_dt(data.get("created_at")),
            cancelled_at=_dt(data.get("cancelled_at")),
            version=int(data.get("version", 1)),
        )


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
