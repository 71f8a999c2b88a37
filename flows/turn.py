"""What one dialogue turn works with: the one `transitions` machine shared by
every conversation, the cursor it moves, the turn's context and result, and how
a Say becomes text. Pure: no I/O, no clock."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Final

from transitions import Machine

from bot.policy import Policy
from bot.types import Conversation, Ticket
from flows import catalog
from flows.effects import Effect, Say

STATES: Final = (
    "new",
    "collecting",
    "clarifying",
    "confirming",
    "ticket_open",
    "with_agent",
    "closed",
)


INTAKE_STATES: Final = frozenset({"new", "collecting", "clarifying", "confirming"})


_TRANSITIONS: Final = [
    {
        "trigger": "collect",
        "source": ["new", "collecting", "clarifying", "confirming", "closed"],
        "dest": "collecting",
    },
    {"trigger": "clarify", "source": ["collecting", "clarifying"], "dest": "clarifying"},
    {
        "trigger": "confirm",
        "source": ["collecting", "clarifying", "confirming"],
        "dest": "confirming",
    },
    {
        "trigger": "open_ticket",
        "source": ["new", "collecting", "clarifying", "confirming"],
        "dest": "ticket_open",
    },
    {"trigger": "restart", "source": list(STATES), "dest": "new"},
    {"trigger": "hand_to_agent", "source": ["ticket_open", "with_agent"], "dest": "with_agent"},
    {"trigger": "release", "source": ["with_agent"], "dest": "ticket_open"},
    {"trigger": "close", "source": list(STATES), "dest": "closed"},
    {"trigger": "reopen", "source": ["closed", "ticket_open"], "dest": "ticket_open"},
]


@cache
def machine() -> Machine:
    """The one machine; conversations are attached for a single turn only."""
    return Machine(
        model=None,
        states=list(STATES),
        transitions=_TRANSITIONS,
        initial="new",
        auto_transitions=False,
        send_event=False,
    )


class Cursor:
    """The throwaway model the shared machine moves for one turn.

    The event is fired on the shared machine directly (`Machine.events[name].trigger`)
    instead of attaching the cursor with add_model/remove_model: that binds a
    convenience method per trigger and state on every turn, six times the cost of
    the transition itself, for methods we never call.
    """

    __slots__ = ("state",)

    def __init__(self, state: str) -> None:
        self.state = state

    def trigger(self, name: str) -> bool:
        # raises transitions.MachineError on a transition the machine does not allow
        return bool(machine().events[name].trigger(self))


@dataclass(frozen=True, slots=True)
class TurnContext:
    now: datetime
    policy: Policy
    channel: str
    short: bool = False
    tickets: tuple[Ticket, ...] = ()  # the customer's own tickets, newest first
    known: Mapping[str, str] = field(default_factory=dict)  # e.g. {"phone": "+1..."} on SMS
    # what the channel adds about this message (Inbound.meta), e.g. an email's subject
    hints: Mapping[str, str] = field(default_factory=dict)
    format_time: Callable[[datetime, str], str] = lambda dt, lang: dt.isoformat(timespec="minutes")


@dataclass(frozen=True, slots=True)
class StepResult:
    conversation: Conversation
    effects: tuple[Effect, ...]


def render_say(say: Say, lang: str, *, short: bool = False) -> str:
    """The customer-facing text of one Say, in the conversation's language."""
    params = {k: v for k, v in say.params.items() if not k.startswith("_")}
    text = catalog.render(lang, say.key, short=short, **params)
    if say.params.get("_skip_hint"):
        text = f"{text} {catalog.render(lang, 'skip_hint')}"
    return text
