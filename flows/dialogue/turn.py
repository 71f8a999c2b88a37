"""What one dialogue turn works with: the one `transitions` machine shared by
every conversation, the cursor it moves, the turn's context and result, and how
a Say becomes text. Pure: no I/O, no clock."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from functools import cache
from operator import attrgetter
from typing import Any, Final

from transitions import Machine

from domain.incident import Incident
from domain.maintenance import MaintenanceWindow
from domain.plan import SupportPlan
from domain.quick_init import quick_init
from domain.types import Conversation, Ticket
from flows.catalog import messages as catalog
from flows.dialogue.effects import Effect, Say

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


@cache
def _moves() -> Mapping[tuple[str, str], str]:
    """(event, source state) -> destination, read from the machine's own transitions, when
    firing an event does nothing but move the state: no callbacks, conditions or final
    states anywhere (checked here; else empty, and every event goes through the library)."""
    m = machine()
    hooks = (
        m.prepare_event,
        m.finalize_event,
        m.before_state_change,
        m.after_state_change,
        m.on_exception,
        m.on_final,
    )
    states = m.states.values()
    if m.has_queue or any(hooks) or any(s.on_enter or s.on_exit or s.final for s in states):
        return {}
    moves: dict[tuple[str, str], str] = {}
    for name, event in m.events.items():
        for source, options in event.transitions.items():
            first = options[0] if options else None
            if first is None or not first.dest:
                continue
            if first.prepare or first.conditions or first.before or first.after:
                return {}
            moves[(name, source)] = first.dest
    return moves


class Cursor:
    """The throwaway model the shared machine moves for one turn.

    The event is fired on the shared machine directly (`Machine.events[name].trigger`)
    instead of attaching the cursor with add_model/remove_model: that binds a
    convenience method per trigger and state on every turn, six times the cost of
    the transition itself, for methods we never call. A transition the machine allows
    is taken from its table (`_moves`): all the library would do is set the state.
    """

    __slots__ = ("state",)

    def __init__(self, state: str) -> None:
        self.state = state

    def trigger(self, name: str) -> bool:
        dest = _moves().get((name, self.state))
        if dest is not None:
            self.state = dest
            return True
        # raises transitions.MachineError on a transition the machine does not allow
        return bool(machine().events[name].trigger(self))


_CONVERSATION_FIELDS: Final = tuple(f.name for f in fields(Conversation))
_FIELD_INDEX: Final = {name: i for i, name in enumerate(_CONVERSATION_FIELDS)}
_conversation_values: Final = attrgetter(*_CONVERSATION_FIELDS)
# every field an __init__ parameter, in order: the values can go by position
_BY_POSITION: Final = all(f.init and not f.kw_only for f in fields(Conversation))


def evolve(conv: Conversation, **changes: Any) -> Conversation:
    """`dataclasses.replace(conv, **changes)` at two thirds of the cost (a turn makes a few,
    and `replace` was 3.6 % of a worker's CPU): the same constructor call, with the field
    list read once instead of per call. Anything unusual goes to `replace` itself."""
    if type(conv) is not Conversation or not _BY_POSITION:
        return replace(conv, **changes)
    values = list(_conversation_values(conv))
    for name, value in changes.items():
        index = _FIELD_INDEX.get(name)
        if index is None:
            return replace(conv, **changes)  # raises replace's own TypeError
        values[index] = value
    return Conversation(*values)


@quick_init
@dataclass(frozen=True, slots=True)
class TurnContext:
    now: datetime
    policy: SupportPlan
    channel: str
    short: bool = False
    buttons: bool = False  # the channel shows Say choices as buttons (else as text)
    tickets: tuple[Ticket, ...] = ()  # the customer's own tickets, newest first
    known: Mapping[str, str] = field(default_factory=dict)  # e.g. {"phone": "+1..."} on SMS
    # what the channel adds about this message (Inbound.meta), e.g. an email's subject
    hints: Mapping[str, str] = field(default_factory=dict)
    attachments: tuple[str, ...] = ()  # kinds of the files that came with the message
    format_time: Callable[[datetime, str], str] = lambda dt, lang: dt.isoformat(timespec="minutes")
    incidents: tuple[Incident, ...] = ()  # the open ones, at a conversation's first message
    maintenance: tuple[MaintenanceWindow, ...] = ()  # the windows under way now


@quick_init
@dataclass(frozen=True, slots=True)
class StepResult:
    conversation: Conversation
    effects: tuple[Effect, ...]


def render_say(say: Say, lang: str, *, short: bool = False) -> str:
    """The customer-facing text of one Say, in the conversation's language."""
    params = {k: v for k, v in say.params.items() if not k.startswith("_")}
    text = catalog.render(lang, say.key, short=short, **params)
    hint = say.params.get("_skip_hint")
    if hint:
        # a choice is not something one "has": "if you're not sure" (issue 12, point 10)
        key = "skip_hint.choice" if hint == "choice" else "skip_hint"
        text = f"{text} {catalog.render(lang, key, short=short)}"
    return text
