"""A support plan as data: priorities and SLA targets, classification table, intake
fields, human hours per channel, lifecycle rules, escalation ladder, contacts.

Plans are TOML files validated by pydantic; the shipped profiles live in
`bot/profiles/`. Everything customer-facing is given in both languages.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from datetime import datetime, timedelta
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bot.calendar import BusinessCalendar, CalendarConfig
from bot.durations import SlaDuration, parse_duration
from bot.policy_rules import Condition, condition_holds, mentions, parse_condition
from bot.types import TicketStatus
from flows.classify import IMPACTS, SCOPES, SERVICES, Rule

LANGS: Final = ("en", "es")
FIELD_KINDS: Final = ("name", "phone", "email", "call_id", "account_id", "ticket", "text", "choice")
CONDITIONS: Final = ("always", "calls", "error", "never")  # plus field:/category:/service:... (policy_rules)
SLA_TARGETS: Final = ("first_response", "update_every", "resolution")
CHANNEL_NAMES: Final = ("webchat", "sms", "telegram", "email", "phone", "portal")


class PolicyError(Exception):
    """A plan file is invalid; the message names the file, the key and the reason."""

    def __init__(self, source: str, problems: list[tuple[str, str]]) -> None:
        self.source = source
        self.problems = problems
        lines = [f"{source}: {key}: {reason}" for key, reason in problems]
        super().__init__("\n".join(lines))


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Model):
    """A sentence in every language the bot speaks."""

    en: str
    es: str

    def get(self, lang: str) -> str:
        return self.es if lang == "es" else self.en


class TextList(_Model):
    en: list[str] = []
    es: list[str] = []

    def get(self, lang: str) -> list[str]:
        return self.es if lang == "es" else self.en


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
    promise: Text | None = None  # the plan's words for this level, quoted to customers and on the page
    kind: Literal["incident", "request"] = "incident"  # requests: MACD (moves, adds, changes)
    agent_only: bool = False  # only staff set it (CallTower P1G master cases); never classified
    handoff: bool = False  # the plan wants a human on this priority at once
    page_oncall: bool = False  # after hours, page the on-call group
    color: str = "#999999"


class ClassificationRule(_Model):
    impact: str = "*"
    scope: str = "*"
    service: str = "*"
    priority: str

    @field_validator("impact")
    @classmethod
    def _impact(cls, v: str) -> str:
        if v != "*" and v not in IMPACTS:
            raise ValueError(f"unknown impact {v!r}; expected one of {', '.join(IMPACTS)} or '*'")
        return v

    @field_validator("scope")
    @classmethod
    def _scope(cls, v: str) -> str:
        if v != "*" and v not in SCOPES:
            raise ValueError(f"unknown scope {v!r}; expected one of {', '.join(SCOPES)} or '*'")
        return v

    @field_validator("service")
    @classmethod
    def _service(cls, v: str) -> str:
        if v != "*" and v not in SERVICES:
            raise ValueError(f"unknown service {v!r}; expected one of {', '.join(SERVICES)} or '*'")
        return v


class FieldRule(_Model):
    """After the table: an intake answer moves the priority (MACD expedited, ConnexCS platform)."""

    field: str
    values: list[str]
    impact: str = "*"
    scope: str = "*"
    priority: str


class Cap(_Model):
    """Text that makes an issue less severe than it reads (ConnexCS: new interconnects,
    changes and tests are never critical): the priority is at most `priority`."""

    keywords: list[str]
    priority: str
    reason: Text | None = None


class Classification(_Model):
    default: str
    rules: list[ClassificationRule]
    # extra words per service or impact for plans whose critical service is not calling
    keywords: dict[str, list[str]] = {}
    field_rules: list[FieldRule] = []
    caps: list[Cap] = []

    @field_validator("keywords")
    @classmethod
    def _keywords(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        known = (*SERVICES, *IMPACTS, *SCOPES)
        for key in v:
            if key not in known:
                raise ValueError(f"unknown keyword group {key!r}; expected one of {', '.join(known)}")
        return v


class Choice(_Model):
    value: str
    label: Text


class IntakeField(_Model):
    key: str
    kind: str
    required: bool = True
    ask: bool = True  # optional fields are asked too (with a skip hint) unless ask = false
    when: str = "always"
    label: Text
    question: Text | None = None  # defaults to the catalog's question for the kind
    choices: list[Choice] = []

    @field_validator("kind")
    @classmethod
    def _kind(cls, v: str) -> str:
        if v not in FIELD_KINDS:
            raise ValueError(f"unknown field kind {v!r}; expected one of {', '.join(FIELD_KINDS)}")
        return v

    @field_validator("when")
    @classmethod
    def _when(cls, v: str) -> str:
        parse_condition(v)
        return v

    @cached_property
    def condition(self) -> Condition:
        return parse_condition(self.when)

    def holds(
        self,
        *,
        fields: Mapping[str, str],
        impact: str | None = None,
        service: str | None = None,
        scope: str | None = None,
        channel: str = "",
    ) -> bool | None:
        """Whether this field applies given what is known; None for "calls"/"error",
        which the dialogue reads from the customer's text."""
        return condition_holds(
            self.condition, fields=fields, impact=impact, service=service, scope=scope, channel=channel
        )

    @model_validator(mode="after")
    def _choices(self) -> IntakeField:
        if self.kind == "choice" and not self.choices:
            raise ValueError("a choice field needs choices")
        return self


class Intake(_Model):
    fields: list[IntakeField]

    @model_validator(mode="after")
    def _unique(self) -> Intake:
        keys = [f.key for f in self.fields]
        dup = {k for k in keys if keys.count(k) > 1}
        if dup:
            raise ValueError(f"duplicate field keys: {', '.join(sorted(dup))}")
        return self


class ChannelRules(_Model):
    hours: str = "always"  # calendar name: when humans answer on this channel
    default_priority: str | None = None  # e.g. email opens at P4 until reviewed
    quoted_only: bool = False  # phone: the bot only quotes it


class Lifecycle(_Model):
    reopen_days: int = Field(default=7, ge=0)  # calendar days after closing
    close_no_response_after: str | None = None
    close_no_response_clock: str = "always"
    callback_within: str | None = None  # promise when no human is on duty
    callback_clock: str = "always"


class Route(_Model):
    """A kind of problem the plan sends straight to a higher level (Ringover:
    communication-quality problems go to level-2 technical support)."""

    id: str
    level: int
    team: Text
    impacts: list[str] = []
    services: list[str] = []
    keywords: list[str] = []

    def matches(self, *, impact: str | None, service: str | None, text: str) -> bool:
        if self.impacts and impact not in self.impacts:
            return False
        if self.services and service not in self.services:
            return False
        return not self.keywords or mentions(text, self.keywords) is not None


class EscalationLevel(_Model):
    level: int
    who: Text
    after: dict[str, str] = {}  # priority id -> interval since the ticket opened
    contact: str = ""


class Escalation(_Model):
    levels: list[EscalationLevel] = []
    requirements: TextList = TextList()  # what a customer must give to escalate
    clock: str = "always"  # the calendar the level intervals run on
    routes: list[Route] = []
    note: Text | None = None  # when escalating is appropriate, in the plan's words


class Texts(_Model):
    """Sentences of the plan the bot quotes as they are."""

    intake_notice: Text | None = None  # once, when a conversation starts
    opened_note: Text | None = None  # when a ticket opens
    after_hours_note: Text | None = None  # with the after-hours notice


class StatusDef(_Model):
    id: str
    name: Text | None = None
    definition: Text | None = None

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        known = [s.value for s in TicketStatus]
        if v not in known:
            raise ValueError(f"unknown status {v!r}; expected one of {', '.join(known)}")
        return v


class Category(_Model):
    """A plan's problem category (ConnexCS: Platform / Operational), the value of the
    `category` intake field."""

    id: str
    name: Text
    definition: Text


class Contacts(_Model):
    phone: str = ""
    email: str = ""
    sms: str = ""
    chat_url: str = ""
    portal_url: str = ""
    status_url: str = ""
    docs_url: str = ""
    notes: TextList = TextList()


class Plan(_Model):
    name: str
    title: str
    provider: str
    timezone: str
    default_region: str = "US"
    default_language: Literal["en", "es"] = "en"


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
    statuses: list[str] = []

    @model_validator(mode="after")
    def _references(self) -> Policy:
        ids = [p.id for p in self.priorities]
        if len(set(ids)) != len(ids):
            raise ValueError("priorities: duplicate priority ids")
        known = set(ids)
        if self.classification.default not in known:
            raise ValueError(f"classification.default: unknown priority {self.classification.default!r}")
        for i, rule in enumerate(self.classification.rules):
            if rule.priority not in known:
                raise ValueError(f"classification.rules[{i}].priority: unknown priority {rule.priority!r}")
        for p in self.priorities:
            if p.clock not in self.calendars:
                raise ValueError(f"priorities.{p.id}.clock: unknown calendar {p.clock!r}")
            for attr in ("first_response", "update_every", "resolution"):
                text = getattr(p, attr)
                if text is None:
                    continue
                try:
                    parse_duration(text, business_day=timedelta(hours=8))
                except ValueError as exc:
                    raise ValueError(f"priorities.{p.id}.{attr}: {exc}") from None
        for name, ch in self.channels.items():
            if name not in CHANNEL_NAMES:
                raise ValueError(f"channels.{name}: unknown channel; expected one of {', '.join(CHANNEL_NAMES)}")
            if ch.hours not in self.calendars:
                raise ValueError(f"channels.{name}.hours: unknown calendar {ch.hours!r}")
            if ch.default_priority is not None and ch.default_priority not in known:
                raise ValueError(f"channels.{name}.default_priority: unknown priority {ch.default_priority!r}")
        for level in self.escalation.levels:
            for pid in level.after:
                if pid not in known:
                    raise ValueError(f"escalation.levels[{level.level}].after: unknown priority {pid!r}")
        if self.lifecycle.close_no_response_clock not in self.calendars:
            raise ValueError(
                f"lifecycle.close_no_response_clock: unknown calendar {self.lifecycle.close_no_response_clock!r}"
            )
        return self

    # -- derived views, built once per policy object ------------------------------------

    @cached_property
    def calendar_objects(self) -> dict[str, BusinessCalendar]:
        return {name: cfg.build() for name, cfg in self.calendars.items()}

    def calendar(self, name: str) -> BusinessCalendar:
        return self.calendar_objects[name]

    @cached_property
    def rules(self) -> tuple[Rule, ...]:
        return tuple(Rule(r.impact, r.scope, r.service, r.priority) for r in self.classification.rules)

    @cached_property
    def priority_by_id(self) -> dict[str, PriorityLevel]:
        return {p.id: p for p in self.priorities}

    def priority(self, pid: str) -> PriorityLevel:
        return self.priority_by_id[pid]

    def rank(self, pid: str) -> int:
        return self.priority_by_id[pid].rank

    def channel_rules(self, channel: str) -> ChannelRules:
        return self.channels.get(channel, ChannelRules())

    def sla_duration(self, pid: str, which: str) -> SlaDuration | None:
        level = self.priority(pid)
        text = getattr(level, which)
        if text is None:
            return None
        cal = self.calendar(level.clock)
        return parse_duration(text, business_day=cal.business_day)

    def due(self, pid: str, which: str, start: datetime) -> datetime | None:
        """When the `which` clock ("first_response", "update_every", "resolution") of a
        ticket at priority `pid` that starts at `start` runs out."""
        duration = self.sla_duration(pid, which)
        if duration is None:
            return None
        # The priority's clock decides which time counts: on a 24x7 calendar this is
        # plain elapsed time, on a business calendar "4h" means four open hours.
        return self.calendar(self.priority(pid).clock).add(start, duration.amount)

    def humans_on_duty(self, channel: str, at: datetime) -> bool:
        return self.calendar(self.channel_rules(channel).hours).is_open(at)

    def humans_back_at(self, channel: str, at: datetime) -> datetime:
        return self.calendar(self.channel_rules(channel).hours).next_open(at)

    def intake_fields(self) -> Iterator[IntakeField]:
        return iter(self.intake.fields)


def _format_loc(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts) or "(top level)"


def validation_problems(exc: ValidationError) -> list[tuple[str, str]]:
    problems = []
    for err in exc.errors():
        msg = err["msg"]
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, ") :]
        problems.append((_format_loc(tuple(err["loc"])), msg))
    return problems


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
    return sorted(p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml"))


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
            [("policy", f"neither a shipped profile ({', '.join(profile_names())}) nor an existing file")],
        )
    return load_policy_file(path)
