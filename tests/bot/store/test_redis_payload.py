"""The COMMIT script's arguments: the turn, and its records' JSON one a line, in order."""

from __future__ import annotations

import json
from datetime import timedelta

from bot.store.records import Timer, TranscriptLine, TurnCommit, dumps, outbound_to_json
from bot.store.redis.keys import _compact, turn_payload
from tests.bot.store.contract import _outbox
from tests.factories import T0, make_conversation, make_ticket

_STRANGE = 'line\nbreak, quote " and \\ and ü \u2028 \x00 \r'


def _turn() -> TurnCommit:
    conv = make_conversation(version=1, state=_STRANGE)
    return TurnCommit(
        at=T0,
        dedup_key="sms:SM1",
        conversation=conv,
        tickets=(make_ticket(number=55, conversation_id=conv.id), make_ticket(number=56)),
        outbox=(_outbox("o1"), _outbox(_STRANGE)),
        timers=(Timer("t1", T0 + timedelta(hours=1), "remind", {"a": _STRANGE}),),
        transcript=(
            TranscriptLine(conv.id, T0, "customer", _STRANGE),
            TranscriptLine(conv.id, T0 + timedelta(seconds=1), "bot", "ok"),
        ),
        flags=(("k", "v"), ("gone", None)),
    )


def test_records_one_a_line_in_the_turns_order() -> None:
    turn = _turn()
    payload, records = turn_payload(
        turn, dedup_ttl=timedelta(days=1), outbox_ttl=None, transcript_max=10
    )
    data = json.loads(payload)
    lines = records.split("\n")
    conv = turn.conversation
    assert conv is not None
    assert json.loads(lines[0])["state"] == _STRANGE  # a line break in a record is escaped
    assert lines[1:3] == [dumps(t.to_json()) for t in turn.tickets]
    assert [json.loads(x) for x in lines[3:5]] == [
        json.loads(dumps(_compact(outbound_to_json(o.outbound)))) for o in turn.outbox
    ]
    assert json.loads(lines[5]) == {
        "d": data["timers"][0]["d"],
        "k": "remind",
        "p": {"a": _STRANGE},
    }
    assert [json.loads(x)[2] for x in lines[6:]] == [_STRANGE, "ok"]
    assert len(lines) == 8
    # the turn's JSON names no record's
    assert data["conv"] == {"id": conv.id, "v": "1"}
    assert all("j" not in r for k in ("tickets", "outbox", "timers", "transcript") for r in data[k])


def test_a_turn_without_records() -> None:
    payload, records = turn_payload(
        TurnCommit(at=T0, dedup_key="x", flags=(("k", "v"),)),
        dedup_ttl=timedelta(days=1),
        outbox_ttl=None,
        transcript_max=0,
    )
    assert records == ""
    assert json.loads(payload)["flags"] == [{"k": "k", "v": "v"}]
