"""`quick_init` builds the same instance as the `__init__` @dataclass writes, with the same
parameters, and refuses what it cannot write."""

from __future__ import annotations

import dataclasses
import inspect
from dataclasses import InitVar, dataclass, field
from datetime import UTC, datetime

import pytest

from domain.quick_init import quick_init
from domain.types import Address, Conversation, Ticket, TicketEvent, TicketStatus


def _twins() -> tuple[type, type]:
    def declare() -> type:
        @dataclass(frozen=True, slots=True)
        class Record:
            a: int
            b: str = "b"
            c: dict[str, int] = field(default_factory=dict)
            d: tuple[int, ...] = ()

        return Record

    return declare(), quick_init(declare())


def test_the_same_parameters_defaults_and_factories() -> None:
    plain, quick = _twins()
    assert str(inspect.signature(quick)) == str(inspect.signature(plain))
    for args, kwargs in [((1,), {}), ((1, "x"), {"d": (2,)}), ((), {"a": 3, "c": {"k": 1}})]:
        made, expected = quick(*args, **kwargs), plain(*args, **kwargs)
        assert [getattr(made, f.name) for f in dataclasses.fields(quick)] == [
            getattr(expected, f.name) for f in dataclasses.fields(plain)
        ]
    first, second = quick(1), quick(2)
    assert first.c == {} and first.c is not second.c  # a new dict each time, as the factory


def test_still_frozen_and_strict_about_arguments() -> None:
    _, quick = _twins()
    record = quick(1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.a = 2
    with pytest.raises(TypeError):
        quick()
    with pytest.raises(TypeError):
        quick(1, e=2)
    with pytest.raises(TypeError):
        quick(1, a=1)
    assert dataclasses.replace(record, b="z") == quick(1, "z")


def test_the_domain_records_round_trip() -> None:
    now = datetime(2026, 12, 7, 8, 0, 0, 123456, tzinfo=UTC)
    address = Address("sms", "+15550100")
    conv = Conversation(id="c", address=address, fields={"phone": "+1"}, created_at=now)
    assert Conversation.from_json(conv.to_json()) == conv
    ticket = Ticket(
        number=7,
        status=TicketStatus.NEW,
        priority="P1",
        channel="sms",
        address=address,
        lang="en",
        created_at=now,
        first_response_due=None,
        next_update_due=None,
        events=(TicketEvent(now, "opened"),),
    )
    assert Ticket.from_json(ticket.to_json()) == ticket
    assert Conversation(id="x", address=address).fields is not Conversation("y", address).fields


@pytest.mark.parametrize("kind", ["kw_only", "init_false", "post_init", "initvar", "not_frozen"])
def test_refuses_what_it_cannot_write(kind: str) -> None:
    with pytest.raises(TypeError):
        if kind == "kw_only":

            @quick_init
            @dataclass(frozen=True, slots=True, kw_only=True)
            class A:
                a: int

        elif kind == "init_false":

            @quick_init
            @dataclass(frozen=True, slots=True)
            class B:
                a: int = field(default=0, init=False)

        elif kind == "post_init":

            @quick_init
            @dataclass(frozen=True, slots=True)
            class C:
                a: int

                def __post_init__(self) -> None:
                    pass

        elif kind == "initvar":

            @quick_init
            @dataclass(frozen=True, slots=True)
            class D:
                a: int
                b: InitVar[int] = 0

        else:

            @quick_init
            @dataclass(slots=True)
            class E:
                a: int
