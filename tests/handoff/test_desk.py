"""Agent actions and the handoff rules against the engine and a real SQLite store;
the desk is a recording stand-in for Slack (tests/handoff drives the real one)."""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from bot.engine.sla_timers import SLA_TIMER_KINDS, UPDATE_REMINDERS_MAX, update_timer_key
from bot.engine.timers import TimerLoop
from bot.engine.turns import Engine
from bot.plan.policy import Policy
from bot.store.protocol import Timer, TurnCommit
from bot.store.sqlite.store import SqliteStore
from domain.types import Address, Inbound, Mode, Ticket, TicketStatus
from handoff.actions import AgentActions
from handoff.desk import AfterHours, Agent, Card, Handoff
from tests.conftest import Clock

MARIA = Agent(id="U1", name="María Gómez", first_name="María")
JOE = Agent(id="U2", name="Joe Smith", first_name="Joe")
NIGHT = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # 02:00 MT, chat agents off until 05:00
# a whole intake that ends in a ticket, the customer's answers in order
INTAKE = (
    "Voicemail light stuck on for my phone only",
    "Ana Perez",
    "AC-10442",
    "+1 415 555 2671",
    "ana@example.com",
    "yes",
)


class RecordingDesk:
    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []
        self._ts = itertools.count(1)

    async def post_card(
        self, ticket: Ticket, *, after_hours: AfterHours | None, page: bool
    ) -> Card:
        await asyncio.sleep(0)  # let a racing turn run, as a real HTTP call would
        self.calls.append(("card", (ticket.number, after_hours, page)))
        return Card(channel="CQ", ts=f"1.{next(self._ts)}")

    async def update_card(self, ticket: Ticket, card: Card, *, owner: Agent | None) -> None:
        self.calls.append(("update", (ticket.number, card.breached, card.after_hours)))

    async def relay_customer(
        self, ticket: Ticket, card: Card, text: str, *, attachments: int = 0, files: Any = ()
    ) -> None:
        self.calls.append(("relay", text))

    async def post_in_thread(self, card: Card, text: str) -> None:
        self.calls.append(("thread", text))

    async def ping_queue(self, ticket: Ticket, card: Card, text: str) -> None:
        self.calls.append(("ping", text))

    async def post_transcript(self, card: Card, lines: list[tuple[str, str]]) -> None:
        self.calls.append(("transcript", lines))

    async def remind(self, ticket: Ticket, card: Card, text: str, *, owner: Agent | None) -> None:
        self.calls.append(("remind", (ticket.number, text, owner.id if owner else None)))

    async def notify(self, card: Card, target: str, text: str) -> str:
        self.calls.append(("notify", (target, text)))
        return target

    def kinds(self, kind: str) -> list[Any]:
        return [v for k, v in self.calls if k == kind]


class World:
    def __init__(self, store: SqliteStore, clock: Clock, policy: Policy) -> None:
        # an engine wired to an agent desk: customers who need a human hear "connecting"
        engine = Engine(store=store, policy=policy, clock=clock, handoff=True)
        self.engine, self.store, self.clock = engine, store, clock
        self.desk = RecordingDesk()
        self.handoff = Handoff(
            store=store, policy=policy, desk=self.desk, clock=clock, format_time=engine.format_time
        )
        self.actions = AgentActions(store=store, policy=policy, clock=clock, limits=engine.limits)
        engine.add_listener(self.handoff.on_turn)
        self._ids = itertools.count(1)

    async def say(self, text: str, *, channel: str = "webchat", who: str = "ana") -> str:
        result = await self.engine.handle(
            Inbound(Address(channel, who), text, f"m{next(self._ids)}", self.clock()), inline=True
        )
        return "\n".join(r.text for r in result.replies)

    async def intake(self, *, channel: str = "webchat", who: str = "ana") -> str:
        """Answer the whole INTAKE; the bot's last reply."""
        reply = ""
        for text in INTAKE:
            reply = await self.say(text, channel=channel, who=who)
        return reply

    async def ticket_with_human(self, *, channel: str = "webchat", who: str = "ana") -> Ticket:
        await self.say("I want to talk to a person", channel=channel, who=who)
        await self.intake(channel=channel, who=who)
        return (await self.store.list_tickets(address=Address(channel, who)))[0]

    async def conv(self, t: Ticket) -> Any:
        return await self.store.load_conversation(t.conversation_id)

    async def agent_texts(self, t: Ticket) -> list[str]:
        return [
            i.outbound.text
            for i in await self.store.outbox_for(t.address)
            if i.outbound.kind == "agent"
        ]


@pytest.fixture
def world(sqlite_store: SqliteStore, clock: Clock, calltower: Policy) -> World:
    return World(sqlite_store, clock, calltower)


async def test_asking_for_a_person_posts_one_card_and_says_connecting(world: World) -> None:
    t = await world.ticket_with_human()
    assert world.desk.kinds("card") == [(t.number, None, False)]
    opened = [i.outbound.text for i in await world.store.outbox_for(t.address)][-1]
    assert "connecting you with an agent" in opened and "1 business day" in opened


async def test_a_ticket_nobody_asked_a_person_for_gets_a_card_too(world: World) -> None:
    reply = await world.intake()
    assert "Ticket #" in reply and "connecting" not in reply
    ((number, _, paged),) = world.desk.kinds("card")
    ticket = await world.store.get_ticket(number)
    assert not paged and not ticket.human_requested


async def test_claim_gives_the_agent_the_conversation_on_every_channel(world: World) -> None:
    for channel in ("webchat", "telegram", "email"):
        t = await world.ticket_with_human(channel=channel, who=f"c-{channel}")
        result = await world.actions.claim(t.number, MARIA)
        assert result.ok and result.claimed
        conv = await world.conv(t)
        assert conv.mode is Mode.AGENT and conv.state == "with_agent"
        reply = await world.say("the light is still on", channel=channel, who=f"c-{channel}")
        assert reply == ""  # the bot never answers over an agent
        assert world.desk.kinds("relay")[-1] == "the light is still on"
        stored = await world.store.get_ticket(t.number)
        assert stored.status is TicketStatus.IN_PROGRESS
        assert (
            stored.events[-1].kind == "comment"
            and stored.events[-1].detail == "the light is still on"
        )


async def test_claim_stops_the_first_response_timers(world: World) -> None:
    t = await world.ticket_with_human()
    await world.actions.claim(t.number, MARIA)
    due = await world.store.claim_due_timers(now=world.clock() + timedelta(days=5))
    assert not [tm for tm in due if tm.key.startswith(f"sla:{t.number}:first_response")]
    assert [tm.key for tm in due] == [f"sla:{t.number}:update"]  # updates are still owed


async def test_only_one_agent_owns_a_ticket(world: World) -> None:
    t = await world.ticket_with_human()
    assert (await world.actions.claim(t.number, MARIA)).ok
    again = await world.actions.claim(t.number, MARIA)
    assert again.ok and not again.claimed
    taken = await world.actions.claim(t.number, JOE)
    assert not taken.ok and "María Gómez" in taken.message
    refused = await world.actions.reply(t.number, JOE, "hello")
    assert not refused.ok and await world.agent_texts(t) == [(await world.agent_texts(t))[0]]


async def test_reply_without_claim_claims_and_is_signed(world: World) -> None:
    t = await world.ticket_with_human()
    result = await world.actions.reply(t.number, MARIA, "Try rebooting it.")
    assert result.ok and result.claimed
    texts = await world.agent_texts(t)
    assert texts[-1].endswith("Try rebooting it.\n— María")
    assert "María" in texts[-1].split("\n\n")[0]  # the "has your ticket" line comes first
    transcript = await world.store.transcript(t.conversation_id)
    assert ("agent:María Gómez", "Try rebooting it.") in [(ln.who, ln.text) for ln in transcript]


async def test_the_same_desk_event_twice_sends_once(world: World) -> None:
    t = await world.ticket_with_human()
    await world.actions.claim(t.number, MARIA)
    first = await world.actions.reply(t.number, MARIA, "On it", dedup_key="slack:Ev1")
    second = await world.actions.reply(t.number, MARIA, "On it", dedup_key="slack:Ev1")
    assert first.ok and second.duplicate
    assert [x for x in await world.agent_texts(t) if x.startswith("On it")] == ["On it\n— María"]


async def test_status_is_answered_while_an_agent_owns_the_conversation(world: World) -> None:
    t = await world.ticket_with_human()
    await world.actions.claim(t.number, MARIA)
    reply = await world.say("status")
    assert f"Ticket #{t.number}: in progress" in reply
    assert world.desk.kinds("relay")[-1] == "status"


async def test_resolve_then_not_fixed_reopens_and_tells_the_desk(world: World) -> None:
    t = await world.ticket_with_human()
    await world.actions.claim(t.number, MARIA)
    assert (await world.actions.resolve(t.number, MARIA)).ok
    assert "marked ticket" in (await world.agent_texts(t))[-1]
    assert (await world.conv(t)).mode is Mode.CLOSED
    late = await world.actions.reply(t.number, MARIA, "anything else?")
    assert not late.ok and "closed" in late.message
    reply = await world.say("no, it is still not working")
    assert "reopened" in reply
    assert (await world.store.get_ticket(t.number)).status is TicketStatus.REOPENED
    assert (await world.conv(t)).mode is Mode.BOT
    assert any("reopened" in text for text in world.desk.kinds("thread"))
    assert (await world.actions.claim(t.number, JOE)).ok  # the owner was released on resolve


async def test_a_closed_conversation_starts_a_new_linked_ticket(world: World) -> None:
    t = await world.ticket_with_human()
    await world.actions.claim(t.number, MARIA)
    await world.actions.resolve(t.number, MARIA)
    assert "is closed" in await world.say("thanks, works now")
    assert (await world.store.get_ticket(t.number)).status is TicketStatus.CLOSED
    assert (await world.conv(t)).mode is Mode.CLOSED
    reply = await world.say("Now the fax line on my desk is dead and makes no sound at all")
    assert "Ticket" not in reply  # intake for a new case, not the old agent thread
    conv = await world.conv(t)
    assert (
        conv.mode is Mode.BOT
        and conv.ticket_number is None
        and conv.assessment.get("linked_to") == t.number
    )


async def test_priority_change_recomputes_the_first_response_clock(world: World) -> None:
    t = await world.ticket_with_human()
    result = await world.actions.set_priority(t.number, MARIA, "p1")
    assert result.ok
    changed = await world.store.get_ticket(t.number)
    assert changed.priority == "P1" and changed.first_response_due == t.created_at + timedelta(
        minutes=15
    )
    assert changed.next_update_due == world.clock() + timedelta(hours=1)
    due = await world.store.claim_due_timers(now=t.created_at + timedelta(minutes=15))
    assert {tm.key for tm in due} >= {
        f"sla:{t.number}:first_response",
        f"sla:{t.number}:first_response_warn",
    }
    bad = await world.actions.set_priority(t.number, MARIA, "P9")
    assert not bad.ok and "Unknown priority" in bad.message and "P1" in bad.message


async def test_agent_escalation_moves_one_level_and_never_past_the_priorities_levels(
    world: World, calltower: Policy
) -> None:
    t = await world.ticket_with_human()  # a P4: CallTower's VP and CEO are for P1G-P2
    result = await world.actions.escalate(t.number, MARIA)
    assert result.ok and result.level == 2 and "level 2" in result.message
    assert "Global escalation manager" in (await world.agent_texts(t))[-1]
    refused = await world.actions.escalate(t.number, MARIA)
    assert not refused.ok and "top" in refused.message
    assert (await world.actions.set_priority(t.number, MARIA, "P1")).ok
    assert (await world.actions.escalate(t.number, MARIA)).level == 3
    assert (await world.actions.escalate(t.number, MARIA)).level == 4
    assert not (await world.actions.escalate(t.number, MARIA)).ok


async def test_hold_and_duplicate(world: World) -> None:
    t = await world.ticket_with_human()
    other = await world.ticket_with_human(who="bob")
    assert not (await world.actions.hold(t.number, MARIA, date(2020, 1, 1))).ok
    assert (await world.actions.hold(t.number, MARIA, date(2026, 12, 1))).ok
    assert "December 1, 2026" in (await world.agent_texts(t))[-1]
    assert not (await world.actions.duplicate(other.number, MARIA, 424242)).ok
    assert (await world.actions.duplicate(other.number, MARIA, t.number)).ok
    dup = await world.store.get_ticket(other.number)
    assert dup.status is TicketStatus.DUPLICATE and dup.linked_to == t.number
    assert (await world.store.load_conversation(dup.conversation_id)).mode is Mode.CLOSED


async def test_notes_are_kept_on_the_ticket_only(world: World) -> None:
    t = await world.ticket_with_human()
    before = len(await world.store.outbox_for(t.address))
    assert (await world.actions.note(t.number, MARIA, "old firmware")).ok
    assert len(await world.store.outbox_for(t.address)) == before
    assert (await world.store.get_ticket(t.number)).events[-1].kind == "note"


async def test_two_racing_turns_post_one_card(world: World) -> None:
    t = await world.ticket_with_human()
    world.desk.calls.clear()
    await world.store.set_flag(f"desk:card:{t.number}", None)
    await asyncio.gather(world.handoff.open_card(t), world.handoff.open_card(t))
    assert len(world.desk.kinds("card")) == 1


async def test_off_duty_customer_gets_the_return_time_and_the_callback_promise(
    sqlite_store: SqliteStore, calltower: Policy, clock: Clock
) -> None:
    policy = calltower.model_copy(
        update={"lifecycle": calltower.lifecycle.model_copy(update={"callback_within": "2h"})}
    )
    clock.now = NIGHT
    world = World(sqlite_store, clock, policy)
    t = await world.ticket_with_human()
    opened = [i.outbound.text for i in await world.store.outbox_for(t.address)][-1]
    assert "they are back Tuesday, November 24 at 5:00 AM" in opened
    assert "back within 2 hours" in opened
    assert "connecting" not in opened
    # the card tells the agents both, and keeps it while the ticket waits (stored with it)
    told = AfterHours(
        back=datetime(2026, 11, 24, 12, 0, tzinfo=UTC),
        callback_due=datetime(2026, 11, 24, 11, 0, tzinfo=UTC),
    )
    assert world.desk.kinds("card")[0][1] == told
    assert (await world.handoff.cards.get(t.number)).after_hours == told


async def test_the_after_hours_note_is_dropped_for_good_once_the_ticket_stops_waiting(
    world: World, clock: Clock
) -> None:
    clock.now = NIGHT
    t = await world.ticket_with_human()
    cards = world.handoff.cards
    told = AfterHours(back=datetime(2026, 11, 24, 12, 0, tzinfo=UTC))  # no callback promise
    await world.handoff.refresh_card(t, await cards.get(t.number), owner=None)
    assert world.desk.kinds("update")[-1] == (t.number, (), told)
    claimed = replace(t, status=TicketStatus.IN_PROGRESS)
    await world.handoff.refresh_card(claimed, await cards.get(t.number), owner=MARIA)
    assert world.desk.kinds("update")[-1] == (t.number, (), None)
    # reopened later, unclaimed again: what the customer was told that night is not news
    reopened = replace(t, status=TicketStatus.REOPENED)
    await world.handoff.refresh_card(reopened, await cards.get(t.number), owner=None)
    assert world.desk.kinds("update")[-1] == (t.number, (), None)
    assert (await cards.get(t.number)).after_hours is None


async def test_asking_for_a_person_on_an_open_ticket_after_hours(
    world: World, clock: Clock
) -> None:
    await world.intake()
    clock.now = NIGHT + timedelta(days=1)
    reply = await world.say("I want to talk to a person")
    assert "they are back" in reply
    assert len(world.desk.kinds("card")) == 1


async def test_a_bot_that_cannot_get_an_answer_hands_the_case_to_a_person(world: World) -> None:
    await world.say("Voicemail light stuck on for my phone only")
    await world.say("Ana Perez")
    await world.say("AC-10442")
    # asked once more with the reason, then left to a person (issue 12: re-ask once)
    assert "area code" in await world.say("call me at extension 204")
    gave_up = await world.say("call me at extension 204")
    assert "leave it for an agent" in gave_up and "email" in gave_up.lower()
    await world.say("ana@example.com")
    opened = await world.say("yes")
    assert "connecting you" in opened
    t = (await world.store.list_tickets())[0]
    assert t.human_requested and "phone" not in t.fields
    assert len(world.desk.kinds("card")) == 1


def timer_loop(world: World) -> TimerLoop:
    loop = TimerLoop(store=world.store, clock=world.clock)
    for kind in SLA_TIMER_KINDS:
        loop.register(kind, world.handoff.on_timer)
    return loop


async def test_an_overdue_update_is_reminded_each_interval_of_the_plan_clock_at_most_3_times(
    world: World, calltower: Policy
) -> None:
    t = await world.ticket_with_human()  # P4: an update every 2 business days
    await world.actions.claim(t.number, MARIA)
    loop = timer_loop(world)
    due = (await world.store.get_ticket(t.number)).next_update_due
    assert due == calltower.due("P4", "update_every", world.clock())
    world.clock.now = due - timedelta(seconds=1)
    assert await loop.run_due() == 0
    world.clock.now = due
    reminded_at: list[datetime] = []
    for _ in range(60):  # a month, twelve hours at a time
        before = len(world.desk.kinds("remind"))
        await loop.run_due()
        if len(world.desk.kinds("remind")) > before:
            reminded_at.append(world.clock())
        world.clock.advance(hours=12)
    assert reminded_at[0] == due
    reminders = world.desk.kinds("remind")
    assert len(reminders) == UPDATE_REMINDERS_MAX == 3
    number, text, owner = reminders[0]
    assert number == t.number and owner == MARIA.id
    assert text == (
        f"Customer update due for #{t.number} (P4: every 2 business days); last customer "
        "update Tuesday, November 24 at 10:00 AM MST. Reply in this thread to update the customer."
    )
    assert reminders[2][1].endswith("(reminder 3 of 3)")
    # each later reminder waits one more interval on the plan's business clock
    for earlier, later in itertools.pairwise(reminded_at):
        assert later >= calltower.due("P4", "update_every", earlier)
        assert later < calltower.due("P4", "update_every", earlier) + timedelta(hours=12)


async def test_an_unclaimed_ticket_owing_an_update_is_reminded_to_the_queue(
    world: World,
) -> None:
    t = await world.ticket_with_human()
    world.clock.now = t.next_update_due
    await timer_loop(world).run_due()
    assert [(n, owner) for n, _text, owner in world.desk.kinds("remind")] == [(t.number, None)]
    assert "no update since it opened Tuesday" in world.desk.kinds("remind")[0][1]


async def test_an_update_timer_for_a_paused_or_closed_ticket_reminds_nobody(
    world: World,
) -> None:
    held = await world.ticket_with_human()
    dup = await world.ticket_with_human(who="bob")
    await world.actions.hold(held.number, MARIA, date(2026, 12, 1))
    await world.actions.duplicate(dup.number, MARIA, held.number)
    world.clock.advance(hours=1)
    late = world.clock() - timedelta(minutes=1)
    await world.store.commit(
        TurnCommit(
            at=world.clock(),
            timers=tuple(
                Timer(update_timer_key(n), late, "sla_update_due", {"ticket": str(n)})
                for n in (held.number, dup.number)
            ),
        )
    )
    assert await timer_loop(world).run_due() == 2
    assert world.desk.kinds("remind") == []
    left = await world.store.claim_due_timers(now=world.clock() + timedelta(days=60))
    assert not [tm for tm in left if tm.kind == "sla_update_due"]
