"""A SQLite group commit written table by table (bot.store.sqlite.batch) leaves the file
as writing its turns one after another would, and a batch where one turn is refused or
where the order between turns matters is left to the turn-by-turn path, each turn told
its own outcome."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import timedelta

import pytest

from bot.store.protocol import (
    DuplicateTurn,
    OutboxItem,
    OutboxStatus,
    Timer,
    TranscriptLine,
    TurnCommit,
    VersionConflict,
)
from bot.store.sqlite import sql
from bot.store.sqlite.batch import CHUNK, commit_many, commit_turns
from domain.types import Address
from tests.factories import T0, make_conversation, make_outbound, make_ticket

TABLES = ("dedup", "conversations", "tickets", "outbox", "timers", "transcript", "flags")


def connect() -> sqlite3.Connection:
    return sql.connect_writer(sql.MEMORY, busy_timeout_ms=1000, first_ticket_number=10001)


def turn(n: int, *, version: int = 1, dedup: str | None = None, **more: object) -> TurnCommit:
    address = Address("sms", f"+1415555{n:04d}")
    conv = make_conversation(id=f"sms:{address.id}", address=address, version=version)
    at = T0 + timedelta(seconds=n)
    values: dict[str, object] = {
        "at": at,
        "dedup_key": dedup or f"sms:SM{n}",
        "conversation": conv,
        "tickets": (make_ticket(number=10001 + n, address=address),),
        "outbox": (
            OutboxItem(
                id=f"o{n}",
                outbound=make_outbound(address=address, text=f"reply {n}"),
                status=OutboxStatus.INLINE,
                created_at=at,
                not_before=at,
            ),
        ),
        "timers": (Timer(key=f"t{n}", due=at + timedelta(hours=1), kind="sla", payload={}),),
        "transcript": (
            TranscriptLine(conv.id, at, "customer", f"hello {n}"),
            TranscriptLine(conv.id, at, "bot", f"reply {n}"),
        ),
        "flags": ((f"f{n}", "1"),),
    }
    values.update(more)
    return TurnCommit(**values)  # type: ignore[arg-type]


def dump(conn: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in TABLES}


def one_by_one(turns: list[TurnCommit]) -> sqlite3.Connection:
    conn = connect()
    sql.transaction(conn, sql.commit_batch, turns, sql.commit_turn)
    return conn


def test_a_batch_written_table_by_table_reads_as_its_turns_written_one_by_one() -> None:
    first = [turn(n) for n in range(1, 6)]
    later = [turn(1, version=2, dedup="sms:SMx", outbox=(), cancel_timers=("t1",)), turn(7)]
    expected = one_by_one(first)
    sql.transaction(expected, sql.commit_batch, later, sql.commit_turn)
    conn = connect()
    assert sql.transaction(conn, commit_many, first)
    assert sql.transaction(conn, commit_many, later)
    assert dump(conn) == dump(expected)
    assert dump(conn)["transcript"][-1][1:] == (
        "sms:+14155550007",
        sql.ts(T0 + timedelta(seconds=7)),
        "bot",
        "reply 7",
    )


def test_a_batch_wider_than_one_statement_reads_as_its_turns_written_one_by_one() -> None:
    # 45 turns: 45 rows a table, 90 transcript lines, 90 timers (a later turn's timer
    # replaces an earlier one's of the same key): several multi-row statements a table
    shared = Timer(key="shared", due=T0, kind="sla", payload={})
    turns = [
        turn(n, timers=(turn(n).timers[0], replace(shared, due=T0 + timedelta(minutes=n))))
        for n in range(1, 46)
    ]
    assert len(turns) > CHUNK
    conn = connect()
    assert sql.transaction(conn, commit_many, turns)
    assert dump(conn) == dump(one_by_one(turns))
    assert conn.execute("SELECT due FROM timers WHERE key = 'shared'").fetchone() == (
        sql.ts(T0 + timedelta(minutes=45)),
    )


@pytest.mark.parametrize("refused", ["duplicate", "conflict", "outbox id"])
def test_a_batch_with_a_refused_turn_writes_nothing_and_each_turn_hears_its_own_outcome(
    refused: str,
) -> None:
    conn = connect()
    sql.transaction(conn, sql.commit_batch, [turn(1)], sql.commit_turn)
    before = dump(conn)
    bad = {
        "duplicate": turn(9, dedup="sms:SM1"),
        "conflict": turn(1, dedup="sms:SM9"),  # version 1 of a conversation that exists
        "outbox id": turn(9, outbox=turn(1).outbox),
    }[refused]
    batch = [turn(2), bad, turn(3)]
    assert not sql.transaction(conn, commit_many, batch)
    assert dump(conn) == before
    written: list[str] = []
    outcomes = sql.transaction(
        conn, commit_turns, batch, sql.commit_turn, lambda c, t: written.append(t.dedup_key)
    )
    assert outcomes[0] is None and outcomes[2] is None
    kind = {"duplicate": DuplicateTurn, "conflict": VersionConflict}.get(refused, Exception)
    assert isinstance(outcomes[1], kind)
    assert sql.seen(conn, "sms:SM2") and sql.seen(conn, "sms:SM3")


def test_turns_whose_order_matters_are_left_to_the_turn_by_turn_path() -> None:
    conn = connect()
    same_conversation = [turn(1), turn(1, version=2, dedup="sms:SM1b")]
    cancels_an_earlier_timer = [turn(2), turn(3, cancel_timers=("t2",))]
    for batch in (same_conversation, cancels_an_earlier_timer):
        assert not sql.transaction(conn, commit_many, batch)
    assert dump(conn) == dump(connect())
    assert sql.transaction(
        conn, commit_turns, cancels_an_earlier_timer, sql.commit_turn, lambda c, t: None
    ) == [None, None]
    assert [r[0] for r in conn.execute("SELECT key FROM timers ORDER BY key")] == ["t3"]
