"""What the dialogue reads of a support plan, as small read-only Protocols.

The plan itself is validated and built in `bot.plan.policy` (pydantic models, calendars,
durations); `flows` only reads it through these shapes, so the dialogue does not import
`bot` and the layers point one way (flows -> domain). `bot.plan.policy.Policy` satisfies
`SupportPlan` structurally: mypy checks it where the engine hands a Policy to the dialogue.

Every member is a read-only property: the plan is frozen, and a read-only member accepts
a narrower type (a `list[IntakeField]` where a `Sequence[IntakeFieldSpec]` is read).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Protocol

from domain.dimensions import AudienceKind


class LocalText(Protocol):
    """A sentence in every language the bot speaks."""

    @property
    def en(self) -> str: ...
    @property
    def es(self) -> str: ...
    def get(self, lang: str, *, short: bool = False) -> str:
        """The sentence in `lang`; `short`: its SMS summary when the plan gives one."""
        ...


class LocalTextList(Protocol):
    def get(self, lang: str) -> Sequence[str]: ...


class PlanInfo(Protocol):
    """The plan's own table: who the provider is and its defaults."""

    @property
    def provider(self) -> str: ...
    @property
    def default_region(self) -> str: ...  # for phone numbers written without a country code
    @property
    def default_language(self) -> str: ...


class ChoiceSpec(Protocol):
    @property
    def value(self) -> str: ...
    @property
    def label(self) -> LocalText: ...


class IntakeFieldSpec(Protocol):
    """One field the intake asks for."""

    @property
    def key(self) -> str: ...
    @property
    def kind(self) -> str: ...  # name, phone, email, call_id, account_id, ticket, text, choice
    @property
    def required(self) -> bool: ...
    @property
    def ask(self) -> bool: ...
    @property
    def when(self) -> str: ...  # "always", "never", "calls", "error" or a plan condition
    @property
    def label(self) -> LocalText: ...
    @property
    def question(self) -> LocalText | None: ...
    @property
    def choices(self) -> Sequence[ChoiceSpec]: ...

    def holds(
        self,
        *,
        fields: Mapping[str, str],
        impact: str | None = None,
        service: str | None = None,
        scope: str | None = None,
    ) -> bool | None:
        """Whether the field's plan condition holds; None for "calls"/"error"."""
        ...

    def excepted(
        self,
        *,
        fields: Mapping[str, str],
        impact: str | None = None,
        service: str | None = None,
        scope: str | None = None,
    ) -> bool:
        """Whether the plan's `unless` holds: the field is not asked even when it applies."""
        ...


class IntakeSpec(Protocol):
    @property
    def fields(self) -> Sequence[IntakeFieldSpec]: ...


class RuleSpec(Protocol):
    """One row of the plan's classification table; "*" matches anything."""

    @property
    def impact(self) -> str: ...
    @property
    def scope(self) -> str: ...
    @property
    def service(self) -> str: ...
    @property
    def priority(self) -> str: ...


class FieldRuleSpec(Protocol):
    @property
    def field(self) -> str: ...  # an intake field whose answer moves the priority


class ClassificationSpec(Protocol):
    @property
    def default(self) -> str: ...  # the priority when no row matches
    @property
    def field_rules(self) -> Sequence[FieldRuleSpec]: ...
    @property
    def keywords(self) -> Mapping[str, Sequence[str]]: ...  # extra words per service/impact
    @property
    def learned(self) -> bool: ...  # mix the learned model (trained on CallTower's labels) in


class CategorySpec(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def keywords(self) -> Sequence[str]: ...


class PrioritySpec(Protocol):
    @property
    def name(self) -> LocalText: ...


class ChannelRulesSpec(Protocol):
    @property
    def default_priority(self) -> str | None: ...  # e.g. email opens at P4 until reviewed


class LifecycleSpec(Protocol):
    @property
    def reopen_days(self) -> int: ...  # calendar days after closing


class EscalationLevelSpec(Protocol):
    @property
    def level(self) -> int: ...
    @property
    def who(self) -> LocalText: ...
    @property
    def priorities(self) -> Sequence[str]: ...  # the priorities it is meant for (empty: all)


class EscalationSpec(Protocol):
    @property
    def levels(self) -> Sequence[EscalationLevelSpec]: ...
    @property
    def requirements(self) -> LocalTextList: ...  # what a customer must give to escalate


class ContactsSpec(Protocol):
    @property
    def phone(self) -> str: ...
    @property
    def status_url(self) -> str: ...


class DurationSpec(Protocol):
    """A plan's duration ("4h", "1 business day") as the dialogue words it."""

    @property
    def amount(self) -> timedelta: ...
    @property
    def business(self) -> bool: ...
    @property
    def text(self) -> str: ...


class TextsSpec(Protocol):
    @property
    def cost_note(self) -> LocalText | None: ...  # the plan's words on what support costs


class ContactRouteSpec(Protocol):
    """Questions the plan sends to another department (billing) instead of a ticket."""

    @property
    def contact(self) -> LocalText: ...
    @property
    def services(self) -> Sequence[str]: ...
    @property
    def keywords(self) -> Sequence[str]: ...


class CsatSpec(Protocol):
    """The plan's satisfaction question (`[csat]`): asked or not, its wording, the comment."""

    @property
    def enabled(self) -> bool: ...
    @property
    def comment(self) -> bool: ...  # one optional line of comment after the score
    @property
    def question(self) -> LocalText | None: ...  # the plan's words; None: the catalog's
    @property
    def comment_question(self) -> LocalText | None: ...
    @property
    def answer_window(self) -> timedelta: ...  # a later answer is read as a new message
    @property
    def comment_window(self) -> timedelta: ...


class SupportPlan(Protocol):
    """Everything the dialogue reads of a plan. Times that need the plan's calendars
    come computed (`escalation_times`), so no calendar crosses into `flows`."""

    @property
    def plan(self) -> PlanInfo: ...
    @property
    def intake(self) -> IntakeSpec: ...
    @property
    def classification(self) -> ClassificationSpec: ...
    @property
    def categories(self) -> Sequence[CategorySpec]: ...
    @property
    def lifecycle(self) -> LifecycleSpec: ...
    @property
    def escalation(self) -> EscalationSpec: ...
    @property
    def contacts(self) -> ContactsSpec: ...
    @property
    def rules(self) -> Sequence[RuleSpec]: ...
    @property
    def audience(self) -> tuple[AudienceKind, ...]: ...  # the plan's own scope kinds
    @property
    def priority_by_id(self) -> Mapping[str, PrioritySpec]: ...
    @property
    def texts(self) -> TextsSpec: ...
    @property
    def routes(self) -> Mapping[str, ContactRouteSpec]: ...
    @property
    def csat(self) -> CsatSpec: ...

    def first_response_wait(
        self, pid: str, category: str | None = None
    ) -> tuple[DurationSpec, timedelta] | None:
        """The priority's first-response target and its calendar's business day."""
        ...

    def humans_on_duty(self, channel: str, at: datetime) -> bool: ...

    def humans_back_at(self, channel: str, at: datetime) -> datetime: ...

    def priority(self, pid: str) -> PrioritySpec: ...

    def rank(self, pid: str) -> int:
        """Lower is more urgent."""
        ...

    def channel_rules(self, channel: str) -> ChannelRulesSpec: ...

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
        ...

    def escalation_times(
        self, pid: str, opened: datetime
    ) -> Sequence[tuple[EscalationLevelSpec, datetime]]:
        """When each escalation level may be asked for, for a ticket opened at `opened`."""
        ...
