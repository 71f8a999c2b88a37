"""A business calendar as configured (pydantic models, validated) and `CalendarConfig.build`."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Final

import holidays as holidays_lib
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from bot.plan.calendar.business import BusinessCalendar
from bot.plan.calendar.windows import auto_business_day, parse_day_windows, parse_weekly
from bot.plan.calendar.zone import load_zone, to_utc
from bot.plan.durations import parse_duration

_ONE_DAY: Final = timedelta(days=1)


class HolidaysConfig(BaseModel):
    """Public holidays from the ``holidays`` package, e.g. ``{country = "US", subdivision = "CO"}``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    country: str
    subdivision: str | None = None
    categories: tuple[str, ...] | None = None

    @model_validator(mode="after")
    def _known(self) -> HolidaysConfig:
        try:
            self._build(years=[])  # validates country, subdivision and categories
        except (NotImplementedError, ValueError, KeyError) as exc:
            raise ValueError(f"unknown holidays {self._label()}: {exc}") from None
        return self

    def _label(self) -> str:
        parts = [self.country] + ([self.subdivision] if self.subdivision else [])
        label = "-".join(parts)
        return f"{label} {list(self.categories)}" if self.categories else label

    def _build(self, *, years: list[int]) -> holidays_lib.HolidayBase:
        if self.categories:
            return holidays_lib.country_holidays(
                self.country, subdiv=self.subdivision, years=years, categories=self.categories
            )
        return holidays_lib.country_holidays(self.country, subdiv=self.subdivision, years=years)

    def lookup(self, year: int) -> frozenset[date]:
        """The holiday dates (observed days included) of one year."""
        return frozenset(self._build(years=[year]).keys())


class Closure(BaseModel):
    """A one-off closure ``[start, end)``; naive times are local in the calendar's zone."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: datetime
    end: datetime
    reason: str | None = None


class CalendarConfig(BaseModel):
    """A business calendar as written in a policy file. Semantics: see `bot.plan.calendar.calendar`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    timezone: str
    open: list[str]
    holidays: HolidaysConfig | None = None
    dates: list[date] = Field(default_factory=list)
    closures: list[Closure] = Field(default_factory=list)
    overrides: dict[date, list[str]] = Field(default_factory=dict)
    business_day: str = "auto"

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        load_zone(value)
        return value

    @field_validator("open")
    @classmethod
    def _check_open(cls, value: list[str]) -> list[str]:
        parse_weekly(value)
        return value

    @field_validator("overrides")
    @classmethod
    def _check_overrides(cls, value: dict[date, list[str]]) -> dict[date, list[str]]:
        for day, entries in value.items():
            parse_day_windows(entries, day=day)
        return value

    @field_validator("business_day")
    @classmethod
    def _check_business_day(cls, value: str) -> str:
        if value.strip().lower() == "auto":
            return "auto"
        parsed = parse_duration(value, business_day=_ONE_DAY)
        if parsed.business:
            raise ValueError(f"business_day {value!r} must be wall time such as '8h'")
        if parsed.amount > _ONE_DAY:
            raise ValueError(f"business_day {value!r} is longer than a day")
        return value

    @model_validator(mode="after")
    def _check_cross_fields(self) -> CalendarConfig:
        both = sorted(set(self.dates) & set(self.overrides))
        if both:
            raise ValueError(
                f"date {both[0].isoformat()} is both closed (dates) and overridden (overrides)"
            )
        tz = load_zone(self.timezone)
        for closure in self.closures:
            if to_utc(closure.end, tz) <= to_utc(closure.start, tz):
                raise ValueError(
                    f"closure {closure.start.isoformat()} - {closure.end.isoformat()} ends before it starts"
                )
        return self

    def build(self) -> BusinessCalendar:
        tz = load_zone(self.timezone)
        weekly = parse_weekly(self.open)
        if self.business_day == "auto":
            business_day = auto_business_day(weekly)
        else:
            business_day = parse_duration(self.business_day, business_day=_ONE_DAY).amount
        return BusinessCalendar(
            tz=tz,
            weekly=weekly,
            overrides={d: parse_day_windows(v, day=d) for d, v in self.overrides.items()},
            closed_dates=frozenset(self.dates),
            holidays=self.holidays,
            closures=[(to_utc(c.start, tz), to_utc(c.end, tz)) for c in self.closures],
            business_day=business_day,
        )
