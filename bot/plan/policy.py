"""A support plan as data: priorities and SLA targets, classification table, intake
fields, human hours per channel, lifecycle rules, escalation ladder, contacts.

Plans are TOML files validated by pydantic; the shipped profiles live in
`bot/profiles/`. Everything customer-facing is given in both languages."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any, Final, Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from bot.plan.calendar.calendar import BusinessCalendar, CalendarConfig
from bot.plan.canned import CannedReplies
from bot.plan.check import check_references
from bot.plan.csat import CsatConfig
from bot.plan.durations import SlaDuration, parse_duration
from bot.plan.intake import Intake, IntakeField
from bot.plan.maintenance import MaintenanceRule
from bot.plan.models import (
    AudienceKindSpec,
    Cap,
    Category,
    ChannelRules,
    Choice,
    ContactRoute,
    Contacts,
    EscalationLevel,
    FieldRule,
    Plan,
    Route,
    StatusDef,
    Text,
    TextList,
    Texts,
    _Model,
)
from bot.plan.problems import validation_problems
from domain.dimensions import AudienceKind
from domain.rules import (
    CHANNEL_NAMES,
    mentions_undenied,
)
from flows.classify.classifier import IMPACTS, SCOPES, SERVICES, Rule

__all__ = [
    "CHANNEL_NAMES", "Cap", "Category", "Choice", "Classification", "ClassificationRule", "ContactRoute", "Contacts",
    "Escalation", "EscalationLevel", "FieldRule", "Intake", "IntakeField", "Lifecycle", "Plan", "Policy",
    "PolicyError", "PriorityLevel", "Route", "StatusDef", "Text", "TextList", "Texts", "load_policy",
    "load_policy_file", "parse_policy", "profile_names", "validation_problems",
]  # fmt: skip

LANGS: Final = ("en", "es")
SLA_TARGETS: Final = ("first_response", "update_every", "resolution")
# a channel the plan says nothing about (frozen: one instance serves every such lookup)
_NO_CHANNEL_RULES: Final = ChannelRules()


class PolicyError(Exception):
    """A plan file is invalid; the message names the file, the key and the reason."""

    def __init__(self, source: str, problems: list[tuple[str, str]]) -> None:
        self.source = source
        self.problems = problems
        lines = [f"{source}: {key}: {reason}" for key, reason in problems]
        super().__init__("\n".join(lines))


class PriorityLevel(_Model):
    id: str
    rank: int = Field(ge=0)
    name: Text
    definition: Text
    examples: TextList = TextList()
    # SLA targets; None = the plan promises no number (its `promise` text is quoted instead)
    first_response: str | None = None
    update_every: str | None = None
    resolution: str | None = None
    clock: str = "always"  # the calendar the SLA clock runs on
    clocks: dict[str, str] = {}  # category -> calendar, e.g. ConnexCS: platform issues run 24/7
    resolution_clock: str | None = None  # when the resolution target runs on another calendar
    promise: Text | None = None  # the plan's words for this level, for customers and the page
    kind: Literal["incident", "request"] = "incident"  # requests: MACD (moves, adds, changes)
    agent_only: bool = False  # only staff set it (CallTower P1G master cases); never classified
    handoff: bool = False  # the plan wants a human on this priority at once
    page_oncall: bool = False  # after hours, page the on-call group
    auto_update: bool = False  # an incident's customers hear "still working on it" each interval
    color: str = "#999999"


class ClassificationRule(_Model):
    impact: str = "*"
    service: str = "*"
    priority: str

    @field_validator("impact")
    @classmethod
    def _impact(cls, v: str) -> str:
        if v != "*" and v not in IMPACTS:
            raise ValueError(f"unknown impact {v!r}; expected one of {', '.join(IMPACTS)} or '*'")
        return v

    # site, several, one, "*" or one of the plan's own scope kinds (`classification.audience`,
    # checked with the whole plan in `bot.plan.check`)
    scope: str = "*"

    @field_validator("service")
    @classmethod
    def _service(cls, v: str) -> str:
        if v != "*" and v not in SERVICES:
            raise ValueError(f"unknown service {v!r}; expected one of {', '.join(SERVICES)} or '*'")
        return v


class Classification(_Model):
    default: str
    rules: list[ClassificationRule]
    # extra words per service or impact for plans whose critical service is not calling
    keywords: dict[str, list[str]] = {}
    # Mix the learned n-gram model into the rules' reading (flows/classify/blend.py). It is
    # trained on telecom messages labelled by CallTower's guide (voice calling critical); a
    # plan whose critical service is something else turns it off and reads by rules alone.
    learned: bool = True
    field_rules: list[FieldRule] = []
    caps: list[Cap] = []
    # Who is affected in the plan's own terms (profile round 3): scope kinds its table's rows
    # name beside site/several/one, each read from the groups a message names
    # (`flows.classify.audience`); the first kind in this order that the text names is taken.
    audience: list[AudienceKindSpec] = []

    @field_validator("keywords")
    @classmethod
    def _keywords(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        known = (*SERVICES, *IMPACTS, *SCOPES)
        for key in v:
            if key not in known:
                raise ValueError(
                    f"unknown keyword group {key!r}; expected one of {', '.join(known)}"
                )
        return v


class Lifecycle(_Model):
    reopen_days: int = Field(default=7, ge=0)  # calendar days after closing
    close_no_response_after: str | None = None
    close_no_response_clock: str = "always"
    callback_within: str | None = None  # promise when no human is on duty
    callback_clock: str = "always"


class Escalation(_Model):
    levels: list[EscalationLevel] = []
    requirements: TextList = TextList()  # what a customer must give to escalate
    clock: str = "always"  # the calendar the level intervals run on
    routes: list[Route] = []
    note: Text | None = None  # when escalating is appropriate, in the plan's words


class Policy(_Model):
    plan: Plan
    calendars: dict[str, CalendarConfig]
    priorities: list[PriorityLevel]
    classification: Classification
    intake: Intake
    channels: dict[str, ChannelRules] = {}
    lifecycle: Lifecycle = Lifecycle()
    escalation: Escalation = Escalation()
    contacts: Contacts = Contacts()
    statuses: list[StatusDef] = []
    categories: list[Category] = []
    texts: Texts = Texts()
    routes: dict[str, ContactRoute] = {}  # e.g. [routes.billing]
    csat: CsatConfig = CsatConfig()  # the satisfaction question (bot/plan/csat.py)
    maintenance: list[MaintenanceRule] = []  # [[maintenance]]: recurring windows
    canned: CannedReplies = []  # [[canned]]: agents' saved replies (bot/plan/canned.py)

    @field_validator("statuses", mode="before")
    @classmethod
    def _status_names(cls, v: Any) -> Any:
        # a bare list of ids is fine too: statuses = ["new", "in_progress", ...]
        if not isinstance(v, list):
            return v
        return [{"id": item} if isinstance(item, str) else item for item in v]

    @model_validator(mode="after")
    def _references(self) -> Policy:
        problems = check_references(self)
        if problems:
            # one problem at a time keeps pydantic's error shape; the key leads the message
            key, reason = problems[0]
            raise ValueError(f"{key}: {reason}")
        return self

    # -- derived views, built once per policy object ------------------------------------

    @cached_property
    def calendar_objects(self) -> dict[str, BusinessCalendar]:
        return {name: cfg.build() for name, cfg in self.calendars.items()}

    def calendar(self, name: str) -> BusinessCalendar:
        return self.calendar_objects[name]

    @cached_property
    def rules(self) -> tuple[Rule, ...]:
        return tuple(
            Rule(r.impact, r.scope, r.service, r.priority) for r in self.classification.rules
        )

    @cached_property
    def audience(self) -> tuple[AudienceKind, ...]:
        """The plan's own scope kinds as the classifier reads them (`assess(audience=...)`)."""
        return tuple(k.kind() for k in self.classification.audience)

    @cached_property
    def priority_by_id(self) -> dict[str, PriorityLevel]:
        return {p.id: p for p in self.priorities}

    def priority(self, pid: str) -> PriorityLevel:
        return self.priority_by_id[pid]

    def rank(self, pid: str) -> int:
        return self.priority_by_id[pid].rank

    def channel_rules(self, channel: str) -> ChannelRules:
        return self.channels.get(channel, _NO_CHANNEL_RULES)

    def clock_name(
        self, pid: str, which: str = "first_response", category: str | None = None
    ) -> str:
        """The calendar a priority's `which` target runs on (for a ticket of `category`)."""
        level = self.priority(pid)
        if which == "resolution" and level.resolution_clock:
            return level.resolution_clock
        if category and category in level.clocks:
            return level.clocks[category]
        return level.clock

    @cached_property
    def _sla_targets(self) -> dict[tuple[str | None, ...], Any]:
        return {}

    def sla_target(
        self, pid: str, which: str, category: str | None = None
    ) -> tuple[SlaDuration | None, BusinessCalendar]:
        """A priority's `which` target and the calendar it runs on, parsed once per policy
        (a turn asks several times; a policy is immutable, and a `model_copy` with other
        fields derives its own, `_Model.model_copy`)."""
        hit = self._sla_targets.get((pid, which, category))
        if hit is not None:
            return hit  # type: ignore[no-any-return]
        cal = self.calendar(self.clock_name(pid, which, category))
        text = getattr(self.priority(pid), which)
        target = (
            None if text is None else parse_duration(text, business_day=cal.business_day),
            cal,
        )
        self._sla_targets[(pid, which, category)] = target
        return target

    def sla_duration(self, pid: str, which: str, category: str | None = None) -> SlaDuration | None:
        return self.sla_target(pid, which, category)[0]

    def first_response_wait(
        self, pid: str, category: str | None = None
    ) -> tuple[SlaDuration, timedelta] | None:
        """The first-response target and its calendar's business day, for the dialogue
        to word ("within 4 hours", "within 1 business day")."""
        duration, cal = self.sla_target(pid, "first_response", category)
        return None if duration is None else (duration, cal.business_day)

    def around_the_clock(self, pid: str, category: str | None = None) -> bool:
        """The priority's first-response clock runs 24x7: an on-call team has it now."""
        config = self.calendars.get(self.clock_name(pid, "first_response", category))
        return config is not None and [o.replace(" ", "").lower() for o in config.open] == ["24x7"]

    def due(
        self, pid: str, which: str, start: datetime, *, category: str | None = None
    ) -> datetime | None:
        """When the `which` clock ("first_response", "update_every", "resolution") of a
        ticket at priority `pid` that starts at `start` runs out."""
        # The priority's clock decides which time counts: on a 24x7 calendar this is
        # plain elapsed time, on a business calendar "4h" means four open hours.
        duration, cal = self.sla_target(pid, which, category)
        return None if duration is None else cal.add(start, duration.amount)

    def adjust_priority(
        self,
        pid: str,
        *,
        fields: Mapping[str, str],
        impact: str | None = None,
        scope: str | None = None,
        text: str = "",
    ) -> str:
        """The table's answer moved by the plan's field rules, then capped by its caps."""
        for rule in self.classification.field_rules:
            value = fields.get(rule.field, "")
            if value in rule.values and rule.impact in ("*", impact) and rule.scope in ("*", scope):
                pid = rule.priority
                break
        for cap in self.classification.caps:
            if self.rank(pid) < self.rank(cap.priority) and mentions_undenied(text, cap.keywords):
                pid = cap.priority
        return pid

    def route_for(self, *, impact: str | None, service: str | None, text: str) -> Route | None:
        """The plan's special route for this kind of problem, if any."""
        routes = self.escalation.routes
        return next(
            (r for r in routes if r.matches(impact=impact, service=service, text=text)), None
        )

    def escalation_times(
        self, pid: str, opened: datetime
    ) -> list[tuple[EscalationLevel, datetime]]:
        """When each escalation level may be asked for, for a ticket opened at `opened`."""
        cal = self.calendar(self.escalation.clock)
        return [(level, cal.add(opened, amount)) for level, amount in self._escalation_after(pid)]

    def _escalation_after(self, pid: str) -> list[tuple[EscalationLevel, timedelta]]:
        # parsed once per policy, as `sla_target`
        hit = self._sla_targets.get(("escalation", pid))
        if hit is not None:
            return hit  # type: ignore[no-any-return]
        business_day = self.calendar(self.escalation.clock).business_day
        after = [
            (level, parse_duration(level.after[pid], business_day=business_day).amount)
            for level in sorted(self.escalation.levels, key=lambda lv: lv.level)
            if level.after.get(pid) is not None
        ]
        self._sla_targets[("escalation", pid)] = after
        return after

    def callback_due(self, now: datetime) -> tuple[SlaDuration, datetime] | None:
        """The plan's callback promise for a customer who wrote when nobody was on duty."""
        text = self.lifecycle.callback_within
        if text is None:
            return None
        cal = self.calendar(self.lifecycle.callback_clock)
        duration = parse_duration(text, business_day=cal.business_day)
        return duration, cal.add(now, duration.amount)

    def status_name(self, status: str, lang: str) -> str | None:
        for s in self.statuses:
            if s.id == status and s.name is not None:
                return s.name.get(lang)
        return None

    def humans_on_duty(self, channel: str, at: datetime) -> bool:
        return self.calendar(self.channel_rules(channel).hours).is_open(at)

    def humans_back_at(self, channel: str, at: datetime) -> datetime:
        return self.calendar(self.channel_rules(channel).hours).next_open(at)

    def intake_fields(self) -> Iterator[IntakeField]:
        return iter(self.intake.fields)


def parse_policy(data: dict[str, Any], *, source: str) -> Policy:
    try:
        return Policy.model_validate(data)
    except ValidationError as exc:
        raise PolicyError(source, validation_problems(exc)) from None


def load_policy_file(path: Path) -> Policy:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PolicyError(str(path), [("(file)", "no such file")]) from None
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(str(path), [("(syntax)", str(exc))]) from None
    return parse_policy(data, source=str(path))


def profile_names() -> list[str]:
    folder = resources.files("bot") / "profiles"
    return sorted(
        p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml")
    )


def load_policy(name_or_path: str, *, base_dir: Path | None = None) -> Policy:
    """A shipped profile by name ("calltower") or a plan file by path."""
    if name_or_path in profile_names():
        ref = resources.files("bot") / "profiles" / f"{name_or_path}.toml"
        text = ref.read_text(encoding="utf-8")
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise PolicyError(f"profile {name_or_path}", [("(syntax)", str(exc))]) from None
        return parse_policy(data, source=f"bot/profiles/{name_or_path}.toml")
    path = Path(name_or_path)
    if base_dir is not None and not path.is_absolute():
        path = base_dir / path
    if not path.exists():
        raise PolicyError(
            name_or_path,
            [
                (
                    "policy",
                    f"neither a shipped profile ({', '.join(profile_names())}) nor an existing file",
                )
            ],
        )
    return load_policy_file(path)
