"""The leaf models of a support plan: texts in both languages, contacts, statuses,
categories, and the small rules the `Policy` in `bot.plan.policy` is built from."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, field_validator

from domain.dimensions import AudienceKind
from domain.rules import mentions
from domain.types import TicketStatus


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy; with `update`, without the values its `cached_property`s derived from
        the original's fields (pydantic copies them along, so a copy with other priorities
        would answer from the original's), to be derived again from the copy's."""
        copied = super().model_copy(update=update, deep=deep)
        if update:
            for klass in type(self).__mro__:
                for name, attr in vars(klass).items():
                    if isinstance(attr, cached_property):
                        copied.__dict__.pop(name, None)
        return copied


class ShortText(_Model):
    en: str
    es: str


class Text(_Model):
    """A sentence in every language the bot speaks; `sms` is its summary for a text
    message (a plan's long wording is summarised there, with a link, not pasted)."""

    en: str
    es: str
    sms: ShortText | None = None

    def get(self, lang: str, *, short: bool = False) -> str:
        if short and self.sms is not None:
            return self.sms.es if lang == "es" else self.sms.en
        return self.es if lang == "es" else self.en


class TextList(_Model):
    en: list[str] = []
    es: list[str] = []

    def get(self, lang: str) -> list[str]:
        return self.es if lang == "es" else self.en


class FieldRule(_Model):
    """After the table: an intake answer moves the priority (MACD expedited, ConnexCS platform)."""

    field: str
    values: list[str]
    impact: str = "*"
    scope: str = "*"
    priority: str


class AudienceKindSpec(_Model):
    """One of a plan's own scope kinds (`classification.audience`): the nouns each family of
    the shared grammar reads (`flows.classify.audience`: "other/all/several X" is `others`,
    "all our X" `ours_all`, "one of our X" `ours_one`, "some X" `some`, "one X" `one`) and
    plain words of its own."""

    id: str
    others: list[str] = []
    ours_all: list[str] = []
    ours_one: list[str] = []
    some: list[str] = []
    one: list[str] = []
    words: list[str] = []

    def kind(self) -> AudienceKind:
        families = ("others", "ours_all", "ours_one", "some", "one")
        groups = tuple((f, tuple(getattr(self, f))) for f in families if getattr(self, f))
        return AudienceKind(self.id, groups, tuple(self.words))


class Cap(_Model):
    """Text that makes an issue less severe than it reads (ConnexCS: new interconnects,
    changes and tests are never critical): the priority is at most `priority`."""

    keywords: list[str]
    priority: str
    reason: Text | None = None


class Choice(_Model):
    value: str
    label: Text


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
    # who hears of an escalation to this level: a Slack user group (S...), user (U.../W...)
    # or channel (C.../G...); empty: the desk's on-call group
    notify: str = ""
    # the priorities this level is meant for (empty: all): a ticket never goes past them
    priorities: list[str] = []


class Texts(_Model):
    """Sentences of the plan the bot quotes as they are."""

    intake_notice: Text | None = None  # once, when a conversation starts
    opened_note: Text | None = None  # when a ticket opens
    after_hours_note: Text | None = None  # with the after-hours notice
    # the priorities the after-hours note speaks to (ConnexCS: paid support for P3/P4);
    # empty: every priority that waits for business hours
    after_hours_note_priorities: list[str] = []
    cost_note: Text | None = None  # the plan's words on what support costs, for "how much?"


class ContactRoute(_Model):
    """Questions the plan sends to another department instead of a ticket (CallTower:
    billing to billing@calltower.com or (866) 586-4700 option 4): the customer gets the
    contact at once and a ticket only if they still want one. `services` are the
    classifier's readings that mean this kind of question; `keywords` say it in words."""

    contact: Text
    services: list[str] = []
    keywords: list[str] = []


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
    # words that settle the category from the description, so the bot need not ask
    keywords: list[str] = []


class ChannelRules(_Model):
    hours: str = "always"  # calendar name: when humans answer on this channel
    default_priority: str | None = None  # e.g. email opens at P4 until reviewed
    quoted_only: bool = False  # phone: the bot only quotes it


class Contacts(_Model):
    phone: str = ""
    urgent_phone: str = ""  # answered 24/7: what a customer calls when it can't wait
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
