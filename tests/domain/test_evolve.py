"""domain.evolve: `dataclasses.replace` by position, for the records a turn copies."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, InitVar, dataclass, field, replace
from datetime import UTC, datetime

import pytest

from domain.evolve import evolve
from domain.types import Address, Conversation, Mode, Ticket, TicketStatus

NOW = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)


def _conversation() -> Conversation:
    return Conversation(
        id="webchat:a", address=Address("webchat", "a"), created_at=NOW, fields={"name": "Ana"}
    )


def test_a_conversation_evolved_equals_the_one_replace_builds() -> None:
    conv = _conversation()
    changes = {"version": 3, "mode": Mode.CLOSED, "updated_at": NOW, "fields": {"x": "1"}}
    evolved = evolve(conv, **changes)
    assert evolved == replace(conv, **changes)
    assert type(evolved) is Conversation
    assert conv.version == 0  # the original is left as it was


def test_a_ticket_evolved_equals_the_one_replace_builds() -> None:
    ticket = Ticket(
        10001,
        TicketStatus.NEW,
        "P3",
        "sms",
        Address("sms", "+14155550100"),
        "en",
        NOW,
        None,
        None,
    )
    assert evolve(ticket, status=TicketStatus.CLOSED) == replace(ticket, status=TicketStatus.CLOSED)


def test_an_unknown_field_raises_what_replace_raises() -> None:
    with pytest.raises(TypeError):
        evolve(_conversation(), no_such_field=1)


@dataclass(frozen=True)
class _Checked:
    low: int
    high: int

    def __post_init__(self) -> None:
        if self.low > self.high:
            raise ValueError("low above high")


def test_the_post_init_runs_as_with_replace() -> None:
    with pytest.raises(ValueError):
        evolve(_Checked(1, 2), low=3)


@dataclass
class _KeywordOnly:
    a: int
    b: int = field(default=0, kw_only=True)


@dataclass
class _NotInInit:
    a: int
    b: int = field(default=5, init=False)


@dataclass
class _WithInitVar:
    a: int
    scale: InitVar[int] = 1
    b: int = 0

    def __post_init__(self, scale: int) -> None:
        self.b = self.a * scale


@dataclass(frozen=True)
class _One:
    a: int


def test_classes_not_built_by_position_go_to_replace() -> None:
    assert evolve(_KeywordOnly(1, b=2), a=3) == _KeywordOnly(3, b=2)
    assert evolve(_NotInInit(1), a=2) == _NotInInit(2)
    assert evolve(_WithInitVar(2, 3), a=4) == replace(_WithInitVar(2, 3), a=4)
    assert evolve(_WithInitVar(2, 3), a=4, scale=2) == replace(_WithInitVar(2, 3), a=4, scale=2)
    assert evolve(_One(1), a=2) == _One(2)


def test_the_result_is_as_frozen_as_the_original() -> None:
    evolved = evolve(_conversation(), version=1)
    with pytest.raises(FrozenInstanceError):
        evolved.version = 2  # type: ignore[misc]
