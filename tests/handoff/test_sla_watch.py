"""The SLA clocks agents see (handoff/sla_watch.py) against the engine and a real SQLite
store, with a recording desk: resolution targets tracked by a timer (CallTower MACD), the
callback promise kept on the ticket with a reminder (Somos), breaches recorded once."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from api.tickets_read import ticket_json
from bot.engine.sla_timers import CALLBACK_KIND, RESOLUTION_KIND, resolution_timers
from bot.engine.timers import TimerLoop
from bot.plan.policy import Policy, load_policy
from bot.store.protocol import TurnCommit
from bot.store.sqlite.store import SqliteStore
from domain.types import Address, Ticket, TicketStatus
from handoff.desk import Handoff
from tests.conftest import Clock
from tests.factories import make_ticket
from tests.handoff.test_desk import MARIA, World

SATURDAY = datetime(2026, 11, 28, 15, 0, tzinfo=UTC)  # Somos live chat is off at weekends


def loop_for(handoff: Handoff, store: SqliteStore, clock: Clock) -> TimerLoop:
    loop = TimerLoop(store=store, clock=clock)
    loop.register(RESOLUTION_KIND, handoff.on_timer)
    loop.register(CALLBACK_KIND, handoff.on_timer)
    return loop


async def macd(world: World, policy: Policy, priority: str) -> int:
    """A MACD request on the store with the timers the engine sets when it opens."""
    t = make_ticket(
        number=await world.store.next_ticket_number(),
        priority=priority,
        address=Address("webchat", "ana"),
        created_at=world.clock(),
        first_response_due=None,
        next_update_due=None,
        conversation_id="webchat:ana",
    )
    await world.store.commit(
        TurnCommit(at=world.clock(), tickets=(t,), timers=tuple(resolution_timers(policy, t)))
    )
    await world.handoff.open_card(t)
    return t.number


async def test_an_expedited_macd_past_its_resolution_target_is_a_breach(
    sqlite_store: SqliteStore, clock: Clock, calltower: Policy
) -> None:
    world = World(sqlite_store, clock, calltower)
    number = await macd(world, calltower, "MACD-X")  # Tuesday 10:00 MT: 1 business day
    loop = loop_for(world.handoff, sqlite_store, clock)
    clock.advance(hours=11)  # 21:00 MT: the business calendar has counted 8 of 12 hours
    assert await loop.run_due() == 0
    clock.advance(hours=14)  # Wednesday 11:00 MT: past 10:00
    assert await loop.run_due() == 1
    ticket = await sqlite_store.get_ticket(number)
    assert [c for c, _ in ticket.breaches] == ["resolution"]
    assert world.desk.kinds("ping")[-1] == f"Ticket #{number} breached its resolution time."
    assert world.desk.kinds("update")[-1][1] == ("resolution",)


async def test_a_macd_resolved_in_time_is_no_breach(
    sqlite_store: SqliteStore, clock: Clock, calltower: Policy
) -> None:
    world = World(sqlite_store, clock, calltower)
    number = await macd(world, calltower, "MACD")
    await world.actions.in_progress(number, MARIA)
    ticket = await sqlite_store.get_ticket(number)
    done = replace(ticket, status=TicketStatus.RESOLVED_PENDING)
    await sqlite_store.commit(TurnCommit(at=clock(), tickets=(done,)))
    clock.advance(days=7)
    await loop_for(world.handoff, sqlite_store, clock).run_due()
    assert (await sqlite_store.get_ticket(number)).breaches == ()


async def somos_ticket(world: World) -> Ticket:
    """A Somos web chat customer who asks for a person while live chat is closed."""
    reply = await world.say("I want to talk to a person")
    for _ in range(12):
        if await world.store.list_tickets(address=Address("webchat", "ana")):
            break
        low = reply.lower()
        if "describe" in low:
            answer = "Our toll-free number 800-555-0100 does not route since this morning"
        elif "telephone or by email" in low:
            answer = "email"
        elif "phone number" in low:
            answer = "+1 415 555 2671"
        elif "email" in low:
            answer = "ana@example.com"
        elif "skip" in low:
            answer = "skip"
        elif "name" in low:
            answer = "Ana Perez"
        else:
            answer = "yes"
        reply = await world.say(answer)
    (ticket,) = await world.store.list_tickets(address=Address("webchat", "ana"))
    return ticket


async def test_the_callback_promise_is_on_the_ticket_and_reminds_the_queue_when_due(
    sqlite_store: SqliteStore,
) -> None:
    clock = Clock(SATURDAY)
    somos = load_policy("somos")
    world = World(sqlite_store, clock, somos)
    ticket = await somos_ticket(world)
    assert ticket.callback_due == SATURDAY + timedelta(hours=24)
    shown = datetime.fromisoformat(ticket_json(ticket)["callback_due"])
    assert shown == SATURDAY + timedelta(hours=24)  # in the API, as on the card
    loop = loop_for(world.handoff, sqlite_store, clock)
    clock.now = SATURDAY + timedelta(hours=23, minutes=59)
    assert await loop.run_due() == 0
    clock.now = SATURDAY + timedelta(hours=24)
    assert await loop.run_due() == 1
    (number, text, owner) = world.desk.kinds("remind")[-1]
    assert number == ticket.number and owner is None  # nobody has it: the queue is reminded
    assert "promised a callback" in text and "due now" in text


async def test_an_answered_callback_reminds_nobody(sqlite_store: SqliteStore) -> None:
    clock = Clock(SATURDAY)
    world = World(sqlite_store, clock, load_policy("somos"))
    ticket = await somos_ticket(world)
    await world.actions.claim(ticket.number, MARIA)
    clock.advance(hours=25)
    await loop_for(world.handoff, sqlite_store, clock).run_due()
    assert world.desk.kinds("remind") == []


async def test_a_macd_made_expedited_is_held_to_the_shorter_resolution_target(
    sqlite_store: SqliteStore, clock: Clock, calltower: Policy
) -> None:
    world = World(sqlite_store, clock, calltower)
    number = await macd(world, calltower, "MACD")  # standard: 2 business days
    assert (await world.actions.set_priority(number, MARIA, "MACD-X")).ok
    loop = loop_for(world.handoff, sqlite_store, clock)
    clock.advance(hours=25)  # Wednesday 11:00 MT: one business day and an hour later
    await loop.run_due()
    breaches = (await sqlite_store.get_ticket(number)).breaches
    assert [c for c, _ in breaches] == ["resolution"]
