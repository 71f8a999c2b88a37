"""The COMMIT script's arguments: the turn names each record by its place in ARGV."""

from __future__ import annotations

import json
from datetime import timedelta

from bot.store.records import Timer, TranscriptLine, TurnCommit, dumps, outbound_to_json
from bot.store.redis.keys import RECORDS_AT, turn_payload
from tests.bot.store.contract import _outbox
from tests.factories import T0, make_conversation, make_ticket


def _turn() -> TurnCommit:
    conv = make_conversation(version=3, state='say "hi"\\ né')
    return TurnCommit(
        at=T0,
        dedup_key="sms:SM1",
        conversation=conv,
        tickets=(make_ticket(number=55, conversation_id=conv.id), make_ticket(number=56)),
        outbox=(_outbox("o1"), _outbox("o2")),
        timers=(Timer("t1", T0 + timedelta(hours=1), "remind", {"a": "b"}),),
        transcript=(
            TranscriptLine(conv.id, T0, "customer", 'quote " and \\ and ü'),
            TranscriptLine(conv.id, T0 + timedelta(seconds=1), "bot", "ok"),
        ),
        flags=(("k", "v"), ("gone", None)),
    )


def test_each_record_is_an_argument_named_by_its_place() -> None:
    turn = _turn()
    payload, records = turn_payload(
        turn, dedup_ttl=timedelta(days=1), outbox_ttl=None, transcript_max=10
    )
    data = json.loads(payload)
    argv = ["prefix", payload, "group", "", "", *records]  # 1-based ARGV[i] is argv[i - 1]
    assert RECORDS_AT == 6

    def record(j: int) -> str:
        return argv[j - 1]

    conv = turn.conversation
    assert conv is not None
    assert json.loads(record(data["conv"]["j"]))["id"] == conv.id
    assert [json.loads(record(t["j"])) for t in data["tickets"]] == [
        json.loads(dumps(t.to_json())) for t in turn.tickets
    ]
    assert [record(o["j"]) for o in data["outbox"]] == [
        dumps(
            {k: v for k, v in outbound_to_json(o.outbound).items() if v not in (None, "", [], {})}
        )
        for o in turn.outbox
    ]
    assert [json.loads(record(t["j"]))["k"] for t in data["timers"]] == ["remind"]
    assert [json.loads(record(x["j"]))[2] for x in data["transcript"]] == [
        'quote " and \\ and ü',
        "ok",
    ]
    # every record once, in order, and no record's JSON inside the turn's
    places = [data["conv"]["j"]] + [
        r["j"] for k in ("tickets", "outbox", "timers", "transcript") for r in data[k]
    ]
    assert places == list(range(RECORDS_AT, RECORDS_AT + len(records)))
    assert all(r not in payload for r in records)


def test_a_turn_without_records() -> None:
    payload, records = turn_payload(
        TurnCommit(at=T0, dedup_key="x", flags=(("k", "v"),)),
        dedup_ttl=timedelta(days=1),
        outbox_ttl=None,
        transcript_max=0,
    )
    assert records == []
    assert json.loads(payload)["flags"] == [{"k": "k", "v": "v"}]
