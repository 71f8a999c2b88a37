"""Per-address pacing: past N turns a minute, one notice, then silence; nothing is lost."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.engine.pacing import Pace, count_turn
from bot.engine.turns import Engine
from bot.plan.policy import Policy
from bot.store.sqlite.store import SqliteStore
from domain.types import Address, Conversation, Inbound
from tests.conftest import Clock

T0 = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)


def test_the_window_counts_turns_and_restarts_after_a_minute() -> None:
    conv = Conversation(id="sms:+1", address=Address("sms", "+1"))
    paces = []
    for second in range(5):
        conv, pace = count_turn(conv, T0 + timedelta(seconds=second), 3)
        paces.append(pace)
    assert paces == [Pace.OK, Pace.OK, Pace.OK, Pace.NOTICE, Pace.SILENT]
    conv, pace = count_turn(conv, T0 + timedelta(seconds=60), 3)
    assert pace is Pace.OK and conv.burst_turns == 1
    assert count_turn(conv, T0, 0)[1] is Pace.OK  # 0: no limit


def test_the_count_survives_the_store_round_trip() -> None:
    conv = Conversation(id="sms:+1", address=Address("sms", "+1"), burst_start=T0, burst_turns=7)
    again = Conversation.from_json(conv.to_json())
    assert (again.burst_start, again.burst_turns) == (T0, 7)


async def test_a_flood_gets_one_notice_then_silence_and_every_message_is_kept(
    sqlite_store: SqliteStore, calltower: Policy, clock: Clock
) -> None:
    engine = Engine(store=sqlite_store, policy=calltower, clock=clock, turns_per_minute=5)
    address = Address("sms", "+14155550100")

    async def send(n: int, text: str) -> list[str]:
        inbound = Inbound(address=address, text=text, external_id=f"SM{n}", received_at=clock())
        return [r.text for r in (await engine.handle(inbound, inline=True)).replies]

    answers = [await send(n, f"spam {n}") for n in range(40)]
    assert all(answers[:5]) and len(answers[5]) == 1
    assert "pause" in answers[5][0].lower()
    assert not any(answers[6:])  # silence: no billed replies
    lines = await sqlite_store.transcript(str(address), limit=500)
    assert sum(line.who == "customer" for line in lines) == 40  # all kept
    clock.now += timedelta(seconds=61)
    assert await send(99, "hello again")  # a new minute: answered


async def test_the_notice_is_in_the_customers_language(
    sqlite_store: SqliteStore, calltower: Policy, clock: Clock
) -> None:
    engine = Engine(store=sqlite_store, policy=calltower, clock=clock, turns_per_minute=2)
    address = Address("webchat", "lucia")
    replies = []
    for n, text in enumerate(["Hola, no funciona el buzón de voz de mi teléfono", "hola", "hola"]):
        inbound = Inbound(address=address, text=text, external_id=f"w{n}", received_at=clock())
        replies.append([r.text for r in (await engine.handle(inbound, inline=True)).replies])
    assert "pausaré" in replies[2][0]
