"""The conversation's, the ticket's and the outbound message's stored JSON as COMMIT writes
them (bot.store.redis.stored): the same text as `dumps` of their `to_json` (compacted as
before), datetimes handed to orjson as they are or, where orjson's text could differ, the
old way; and records of either kind read back the same."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.store.records import dumps, outbound_to_json
from bot.store.redis import keys
from bot.store.redis.stored import (
    compact,
    conversation_json,
    native,
    outbound_json,
    ticket_dict,
    ticket_json,
)
from domain.types import (
    Address,
    Attachment,
    Choice,
    Conversation,
    Csat,
    Mode,
    Outbound,
    Ticket,
    TicketEvent,
    TicketStatus,
)
from tests.factories import T0, make_conversation, make_ticket

DENVER = ZoneInfo("America/Denver")
MONROVIA = ZoneInfo("Africa/Monrovia")  # -0:44:30 until 1972: an offset with seconds
_STRANGE = 'line\nbreak, quote " and \\ and ü \u2028 \x00 \r'


class _NoOffset(tzinfo):
    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str | None:
        return None


class _Later(datetime):
    """A datetime subclass (as freezegun's): orjson would not take it."""


_TIMES = [
    T0,
    T0.replace(microsecond=0),
    datetime(2026, 12, 7, 17, 43, 25, 196365, tzinfo=DENVER),
    datetime(2026, 3, 8, 2, 30, tzinfo=DENVER, fold=1),
    datetime(1960, 1, 1, 12, tzinfo=MONROVIA),
    datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=5, minutes=30))),
    datetime(2026, 1, 1, tzinfo=timezone(timedelta(seconds=-3601))),
    datetime(2026, 1, 1, 8),  # naive
    datetime(2026, 1, 1, 8, tzinfo=_NoOffset()),
    _Later(2026, 1, 1, 8, tzinfo=UTC),
]


def _old_conversation(conv: Conversation) -> str:
    return dumps(compact(conv.to_json()))


def _full_conversation(at: datetime) -> Conversation:
    return Conversation(
        id="sms:+15550000001",
        address=Address("sms", "+15550000001"),
        state=_STRANGE,
        lang="es",
        fields={"account": "A-1", "note": _STRANGE},
        pending="account_id",
        skipped=("callback",),
        ticket_number=0,
        mode=Mode.AGENT,
        assessment={"incident": 1, "scores": [0.5, 1], "nested": {"a": None}},
        attachments=(Attachment("image", "a.png", "image/png", 12, "ref", "agent"),),
        version=7,
        turns=0,
        created_at=at,
        updated_at=at,
        burst_start=at,
        burst_turns=0,
    )


def _full_ticket(at: datetime) -> Ticket:
    return make_ticket(
        number=10307,
        status=TicketStatus.RESOLVED_PENDING,
        created_at=at,
        first_response_due=at,
        next_update_due=at,
        fields={"incident": "1", "note": _STRANGE},
        summary=_STRANGE,
        events=(TicketEvent(at, "opened", "priority P1G", "bot"), TicketEvent(T0, "x", "", "y")),
        attachments=(Attachment("file", "b.pdf"),),
        conversation_id="sms:+15550000001",
        assessment={"own_priority": "pending", "incident": 1},
        needs_review=True,
        human_requested=True,
        linked_to=0,
        updated_at=at,
        csat=Csat(asked_at=T0, channel="sms", score=4, comment="ok", answered_at=T0),
    )


def test_native_is_true_only_where_orjson_writes_isoformats_text() -> None:
    import orjson

    for at in _TIMES:
        if native(at):
            assert orjson.dumps(at).decode()[1:-1] == at.isoformat(), at
    assert native(None)
    assert not native(_TIMES[4]) and not native(_TIMES[6])  # offsets with seconds
    assert not native(_TIMES[8]) and not native(_TIMES[9])


@pytest.mark.parametrize("at", _TIMES)
def test_a_conversation_record_is_the_same_text_as_before(at: datetime) -> None:
    for conv in (
        _full_conversation(at),
        Conversation(id="c", address=Address("sms", "+1")),  # every value at its default
        make_conversation(created_at=at, updated_at=None, burst_start=at),
    ):
        assert conversation_json(conv) == _old_conversation(conv)


@pytest.mark.parametrize("at", _TIMES)
def test_a_ticket_record_is_the_same_text_as_before(at: datetime) -> None:
    for t in (
        _full_ticket(at),
        make_ticket(created_at=at, first_response_due=None, next_update_due=None),
        make_ticket(events=(TicketEvent(at, "opened"),), updated_at=at),
    ):
        assert ticket_json(t) == dumps(ticket_dict(t))


def test_values_orjson_refuses_are_written_the_old_way() -> None:
    conv = _full_conversation(T0)
    values: list[dict[Any, Any]] = [{"n": 2**70}, {"s": "\ud800"}, {3: "x"}]
    for value in values:
        odd = dataclasses.replace(conv, assessment=value)
        assert conversation_json(odd) == _old_conversation(odd)
        t = make_ticket(assessment=value)
        assert ticket_json(t) == dumps(ticket_dict(t))


def test_the_records_read_back_whole() -> None:
    conv = _full_conversation(T0)
    assert keys.conversation("7:" + conversation_json(conv)) == conv
    for at in (T0, _TIMES[2], _TIMES[5]):
        t = _full_ticket(at)
        assert keys.ticket(ticket_json(t)) == t
    plain = make_ticket()
    assert keys.ticket(ticket_json(plain)) == plain


def test_an_older_workers_records_still_read() -> None:
    conv = _full_conversation(T0)
    older = json.dumps(conv.to_json())  # every key, spaces, ASCII escapes
    assert keys.conversation("7:" + older) == conv
    t = make_ticket(events=(TicketEvent(T0, "opened"),), updated_at=T0)
    assert keys.ticket(json.dumps(t.to_json())) == t  # with the five seldom fields empty


def test_an_outbound_message_is_the_same_text_as_before() -> None:
    for msg in (
        Outbound(Address("sms", "+1"), "hi"),
        Outbound(Address("sms", "+1"), ""),
        Outbound(
            Address("email", "a@example.com"),
            _STRANGE,
            choices=(Choice("y", "Yes"), Choice("n", _STRANGE)),
            ticket_number=0,
            kind="",
            thread="t-1",
            meta={"in_reply_to": "SM1"},
            attachments=(Attachment("file", "c.txt"),),
        ),
    ):
        assert outbound_json(msg) == dumps(compact(outbound_to_json(msg)))


def test_the_serialisers_know_every_field_of_their_records() -> None:
    # a new field must be written by bot.store.redis.stored too (then listed here)
    assert [f.name for f in dataclasses.fields(Conversation)] == list(
        _full_conversation(T0).to_json()
    )
    assert [f.name for f in dataclasses.fields(Ticket)] == list(_full_ticket(T0).to_json())
    assert list(json.loads(conversation_json(_full_conversation(T0)))) == list(
        _full_conversation(T0).to_json()
    )
    assert list(json.loads(ticket_json(_full_ticket(T0)))) == list(_full_ticket(T0).to_json())
    assert [f.name for f in dataclasses.fields(Outbound)] == list(
        outbound_to_json(Outbound(Address("sms", "+1"), "x"))
    )


def test_microseconds_since_the_epoch_as_before() -> None:
    def before(value: datetime) -> str:
        delta = value - datetime(1970, 1, 1, tzinfo=UTC)
        return str((delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds)

    for at in [*_TIMES[:7], datetime(1, 1, 1, tzinfo=UTC), datetime.max.replace(tzinfo=UTC)]:
        assert keys._us(at) == before(at)
    for naive in (_TIMES[7], _TIMES[8]):
        with pytest.raises(ValueError, match="naive"):
            keys._us(naive)
