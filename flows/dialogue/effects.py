"""What a dialogue step asks the engine to do. The flow decides; the engine
performs these after the transition, inside one atomic commit."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from domain.quick_init import quick_init
from domain.types import Choice


@quick_init
@dataclass(frozen=True, slots=True)
class Say:
    """A catalog sentence for the customer; the engine renders it for the channel."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)
    choices: tuple[Choice, ...] = ()


@quick_init
@dataclass(frozen=True, slots=True)
class OpenTicket:
    priority: str
    fields: dict[str, str]
    summary: str
    assessment: dict[str, Any]
    human_requested: bool = False
    needs_review: bool = False
    linked_to: int | None = None
    # an outage's child opened unread (flows.dialogue.incident.at_intake): the engine
    # leaves a durable job to read its first message after the turn (bot.engine.readings)
    read_later: bool = False


@dataclass(frozen=True, slots=True)
class AddComment:
    ticket: int
    text: str


@dataclass(frozen=True, slots=True)
class UpdateFields:
    ticket: int
    fields: dict[str, str]


@dataclass(frozen=True, slots=True)
class RequestHuman:
    ticket: int | None


@dataclass(frozen=True, slots=True)
class ReopenTicket:
    ticket: int


@dataclass(frozen=True, slots=True)
class RelayToAgent:
    """An agent owns the conversation: the customer's text goes to them, not the bot."""

    ticket: int
    text: str


@dataclass(frozen=True, slots=True)
class ConfirmResolved:
    """The customer confirmed that the ticket an agent resolved is fixed: close it."""

    ticket: int


@dataclass(frozen=True, slots=True)
class Escalate:
    """The customer asked to escalate and the plan's interval for that level has passed."""

    ticket: int
    level: int
    who: str  # the level's description in English, for the ticket's history


@dataclass(frozen=True, slots=True)
class AskCsat:
    """The ticket closed resolved: ask the satisfaction question, if the engine may (the
    plan asks it, the ticket never was, the customer can be written to: bot/engine/csat.py)."""

    ticket: int


@dataclass(frozen=True, slots=True)
class RecordCsat:
    """The customer's answer: a score (1-5), a line of comment, or both."""

    ticket: int
    score: int | None = None
    comment: str = ""


@dataclass(frozen=True, slots=True)
class Subscribe:
    """The customer asked, on their channel, for incident updates about a platform, or for
    no more (no platform: every subscription of their address). Performed after the commit
    by outage mode's listener (bot/incidents/channel_subs.py)."""

    subscribe: bool
    platform: str = ""
    # an email address the customer named ("subscribe me at ana@example.com"): it gets a
    # confirmation link, like the status page's form, and nothing else until it is opened
    email: str = ""
    incident: int = 0  # with `email` and no platform: the incident their ticket is linked to


Effect = (
    Say
    | OpenTicket
    | AddComment
    | UpdateFields
    | RequestHuman
    | ReopenTicket
    | RelayToAgent
    | ConfirmResolved
    | Escalate
    | AskCsat
    | RecordCsat
    | Subscribe
)
