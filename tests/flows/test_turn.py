"""The turn's shortcuts: the cursor takes a transition from the machine's own table, and
`evolve` builds the next conversation; both give what the library calls give."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from transitions import MachineError

from domain.types import Address, Conversation, Mode
from flows.dialogue.turn import STATES, Cursor, evolve, machine


class _Model:
    def __init__(self, state: str) -> None:
        self.state = state


def _fire(model: Cursor | _Model, event: str) -> tuple[object, ...]:
    try:
        if isinstance(model, Cursor):
            result = model.trigger(event)
        else:
            result = bool(machine().events[event].trigger(model))
    except (MachineError, ValueError) as exc:  # not allowed here; a state it does not know
        return ("refused", type(exc), str(exc))
    return ("moved", result, model.state)


@pytest.mark.parametrize("event", sorted(machine().events))
@pytest.mark.parametrize("state", [*STATES, "no_such_state"])
def test_a_cursor_moves_as_the_machine_does(event: str, state: str) -> None:
    assert _fire(Cursor(state), event) == _fire(_Model(state), event)


CONV = Conversation(
    id="c1",
    address=Address("sms", "+14155550100"),
    state="collecting",
    lang="es",
    fields={"description": "no funciona", "name": "Ana"},
    pending="account_id",
    skipped=("call_id",),
    assessment={"human": True},
    version=3,
    turns=2,
    created_at=datetime(2026, 11, 21, 9, 0, tzinfo=UTC),
)


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"pending": "email"},
        {"state": "closed", "mode": Mode.CLOSED, "ticket_number": 1001, "turns": 9},
        {"fields": {}, "skipped": (), "assessment": {}, "updated_at": None},
    ],
)
def test_evolve_is_dataclasses_replace(changes: dict[str, Any]) -> None:
    got, expected = evolve(CONV, **changes), replace(CONV, **changes)
    assert got == expected
    assert all(getattr(got, name) is getattr(expected, name) for name in changes)


def test_evolve_refuses_a_field_conversations_do_not_have() -> None:
    with pytest.raises(TypeError):
        evolve(CONV, colour="blue")
