"""A plan's intake: the fields the dialogue gathers, each with when it is asked (a
condition on what is known: fields, category, service, impact, scope), when it is not
(`unless`), its label and question in both languages, and its choices."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import Final

from pydantic import field_validator, model_validator

from bot.plan.models import Choice, Text, _Model
from domain.rules import Condition, condition_holds, parse_condition

# duration, organization (business and location) and login: free text with its own checks
FIELD_KINDS: Final = (
    "name", "phone", "email", "call_id", "account_id", "ticket", "text", "choice",
    "duration", "organization", "login", "api_language",
)  # fmt: skip


class IntakeField(_Model):
    key: str
    kind: str
    required: bool = True
    ask: bool = True  # optional fields are asked too (with a skip hint) unless ask = false
    when: str = "always"
    # a condition under which the field is not asked even when `when` holds (ConnexCS:
    # a feature request is not asked Platform/Operational, nor for a screenshot)
    unless: str = "never"
    label: Text
    question: Text | None = None  # defaults to the catalog's question for the kind
    choices: list[Choice] = []

    @field_validator("kind")
    @classmethod
    def _kind(cls, v: str) -> str:
        if v not in FIELD_KINDS:
            raise ValueError(f"unknown field kind {v!r}; expected one of {', '.join(FIELD_KINDS)}")
        return v

    @field_validator("when", "unless")
    @classmethod
    def _when(cls, v: str) -> str:
        parse_condition(v)
        return v

    @cached_property
    def condition(self) -> Condition:
        return parse_condition(self.when)

    @cached_property
    def exception(self) -> Condition:
        return parse_condition(self.unless)

    def excepted(
        self,
        *,
        fields: Mapping[str, str],
        impact: str | None = None,
        service: str | None = None,
        scope: str | None = None,
    ) -> bool:
        """Whether `unless` holds: the field is not asked even when `when` does."""
        if self.unless == "never":
            return False
        held = condition_holds(
            self.exception, fields=fields, impact=impact, service=service, scope=scope
        )
        return bool(held)

    def holds(
        self,
        *,
        fields: Mapping[str, str],
        impact: str | None = None,
        service: str | None = None,
        scope: str | None = None,
    ) -> bool | None:
        """Whether this field applies given what is known; None for "calls"/"error",
        which the dialogue reads from the customer's text."""
        return condition_holds(
            self.condition,
            fields=fields,
            impact=impact,
            service=service,
            scope=scope,
        )

    @model_validator(mode="after")
    def _choices(self) -> IntakeField:
        if self.kind == "choice" and not self.choices:
            raise ValueError("a choice field needs choices")
        return self


class Intake(_Model):
    fields: list[IntakeField]
    authorized_contacts: bool = False  # CallTower's MPOC rule (docs/contacts.md)

    @model_validator(mode="after")
    def _unique(self) -> Intake:
        keys = [f.key for f in self.fields]
        dup = {k for k in keys if keys.count(k) > 1}
        if dup:
            raise ValueError(f"duplicate field keys: {', '.join(sorted(dup))}")
        return self
