"""The COMMIT script's arguments: the turn's fields and counts as text, each record an
argument of its own, in the order the script reads them."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

from bot.store.records import Timer, TranscriptLine, TurnCommit, dumps, outbound_to_json
from bot.store.redis.keys import turn_payload, us
from bot.store.redis.stored import compact
from domain.types import Attachment, Csat, Ticket
from tests.bot.store.contract import _outbox
from tests.factories import T0, make_conversation, make_ticket

_STRANGE = 'line\nbreak, quote " and \\ and ü \u2028 \x00 \r'


def _turn() -> TurnCommit:
    conv = make_conversation(version=1, state=_STRANGE)
    other = make_conversation(id="sms:+15550000002", version=1)
    return TurnCommit(
        at=T0,
        dedup_key="sms:SM1",
        conversation=conv,
        tickets=(make_ticket(number=55, conversation_id=conv.id), make_ticket(number=56)),
        outbox=(_outbox("o1"), _outbox(_STRANGE)),
        timers=(Timer("t1", T0 + timedelta(hours=1), "remind", {"a": _STRANGE}),),
        cancel_timers=("gone1",),
        transcript=(
            TranscriptLine(conv.id, T0, "customer", _STRANGE),
            TranscriptLine(conv.id, T0 + timedelta(seconds=1), "bot", "ok"),
            TranscriptLine(other.id, T0, "bot", "elsewhere"),
            TranscriptLine(conv.id, T0, "bot", "back"),
        ),
        flags=(("k", "v"), ("gone", None)),
        incident_children=((3, 55),),
    )


def test_the_arguments_in_the_scripts_order() -> None:
    turn = _turn()
    args = turn_payload(turn, dedup_ttl="86400000", outbox_ttl="0", transcript_bound="-10")
    assert all(type(a) is str for a in args)  # the hot lane packs them in one go
    conv = turn.conversation
    assert conv is not None
    assert args[:6] == ["sms:SM1", "86400000", "0", "-10", conv.id, "1"]
    version, _, record = args[6].partition(":")  # as stored: "<version>:<JSON>"
    assert version == "1"
    assert json.loads(record)["state"] == _STRANGE
    assert args[7:14] == ["2", "2", "1", "1", "3", "2", "1"]  # the counts
    i = 14
    for t in turn.tickets:
        assert args[i : i + 3] == [str(t.number), str(t.address), "1"]
        assert Ticket.from_json(json.loads(args[i + 3])) == t  # the record reads back whole
        assert not {"attachments", "needs_review", "csat"} & json.loads(args[i + 3]).keys()
        i += 4
    for item in turn.outbox:
        c = us(item.created_at) if item.created_at else us(T0)
        nb = us(item.not_before) if item.not_before else ""
        assert args[i : i + 5] == [item.id, str(item.outbound.address), item.status, c, nb]
        # what the script stores once it has put '{"m":"<sequence>' before it
        stored = json.loads('{"m":"000000000007' + args[i + 5])
        assert stored["m"] == "000000000007:" + item.id
        assert json.loads(stored["j"]) == json.loads(
            dumps(compact(outbound_to_json(item.outbound)))
        )
        assert (stored["s"], stored["n"], stored["c"]) == (item.status, str(item.attempts), c)
        i += 6
    assert args[i] == "gone1"
    i += 1
    due = us(T0 + timedelta(hours=1))
    assert args[i : i + 2] == [due, "t1"]  # ZADD's
    assert args[i + 2] == "t1"  # HSET's
    assert json.loads(args[i + 3]) == {"d": due, "k": "remind", "p": {"a": _STRANGE}}
    i += 4
    # the transcript in runs of one conversation's lines
    assert args[i : i + 2] == [conv.id, "2"]
    assert [json.loads(x)[2] for x in args[i + 2 : i + 4]] == [_STRANGE, "ok"]
    assert args[i + 4 : i + 6] == ["sms:+15550000002", "1"]
    assert args[i + 7 : i + 9] == [conv.id, "1"]
    assert json.loads(args[i + 9]) == [us(T0), "bot", "back"]
    i += 10
    assert args[i : i + 6] == ["k", "1", "v", "gone", "0", ""]
    assert args[i + 6 :] == ["3", "55"]


def test_a_run_of_transcript_lines_is_at_most_a_hundred() -> None:
    conv = make_conversation(version=1)
    lines = tuple(TranscriptLine(conv.id, T0, "bot", f"line {n}") for n in range(250))
    turn = TurnCommit(at=T0, conversation=conv, transcript=lines)
    args = turn_payload(turn, dedup_ttl="1", outbox_ttl="0", transcript_bound="")
    assert args[11] == "3"  # runs
    runs = args[14:]
    assert (runs[0], runs[1]) == (conv.id, "100")
    assert (runs[102], runs[103]) == (conv.id, "100")
    assert (runs[204], runs[205]) == (conv.id, "50")
    assert len(runs) == 256


def test_a_turn_without_records() -> None:
    args = turn_payload(
        TurnCommit(at=T0, dedup_key="x", flags=(("k", "v"),)),
        dedup_ttl="86400000",
        outbox_ttl="0",
        transcript_bound="",
    )
    assert args == ["x", "86400000", "0", "", "", "", "", "0", "0", "0", "0", "0", "1", "0"] + [
        "k",
        "1",
        "v",
    ]


def test_a_tickets_seldom_fields_are_kept_when_set() -> None:
    t = replace(
        make_ticket(number=57),
        attachments=(Attachment(kind="image", name="a.png", size=3, ref="u"),),
        needs_review=True,
        human_requested=True,
        linked_to=0,
        csat=Csat(asked_at=T0, channel="sms"),
    )
    turn = TurnCommit(at=T0, dedup_key="", conversation=None, tickets=(t,))
    args = turn_payload(turn, dedup_ttl="0", outbox_ttl="0", transcript_bound="")
    record = json.loads(args[14 + 3])
    assert record.keys() == t.to_json().keys()
    assert Ticket.from_json(record) == t
