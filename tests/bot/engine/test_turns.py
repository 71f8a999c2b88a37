"""Whole conversations through the engine and a real SQLite store, in both languages."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.engine.delivery import PermanentFailure, Receipt, TemporaryFailure
from bot.engine.dispatch import Dispatcher
from bot.engine.turns import Engine
from bot.store.protocol import OutboxStatus
from domain.types import Address, Attachment, Inbound, Mode, Outbound, TicketStatus
from flows.dialogue.effects import Effect, Say
from tests.conftest import Clock, CollectingSender


async def test_english_conversation_ends_in_a_p1_ticket_with_the_plans_promise(
    say: Any, sqlite_store: Any
) -> None:
    first = await say(
        "Hi, our phones are down at the whole office, nobody can make or receive calls"
    )
    assert "name" in first.lower()
    assert "account" in (await say("I'm Ana Pérez")).lower()
    assert "phone" in (await say("AC-10442")).lower()
    assert "email" in (await say("+1 415 555 2671")).lower()
    asked_call_id = await say("ana@example.com")
    assert "call-id" in asked_call_id.lower() and "skip" in asked_call_id.lower()
    summary = await say("skip")
    assert "Ana Pérez" in summary and "+14155552671" in summary and "Priority 1" in summary
    opened = await say("yes")
    assert "Ticket #10001" in opened and "Priority 1" in opened and "15 minutes" in opened

    ticket = await sqlite_store.get_ticket(10001)
    assert ticket.priority == "P1"
    assert ticket.status is TicketStatus.NEW
    assert ticket.fields["name"] == "Ana Pérez"
    assert ticket.fields["account_id"] == "AC-10442"
    assert ticket.fields["phone"] == "+14155552671"
    assert ticket.fields["email"] == "ana@example.com"
    assert ticket.first_response_due == ticket.created_at + timedelta(minutes=15)
    assert ticket.lang == "en"


async def test_spanish_conversation_is_answered_in_spanish_and_opens_a_ticket(
    say: Any, sqlite_store: Any
) -> None:
    first = await say(
        "Hola, se cortan las llamadas a varios usuarios de la oficina al transferir", who="luis"
    )
    assert "nombre" in first.lower()
    assert "cuenta" in (await say("me llamo Luis García", who="luis")).lower()
    assert "teléfono" in (await say("cuenta 4471", who="luis")).lower()
    assert "correo" in (await say("+34 612 345 678", who="luis")).lower()
    call_id = await say("luis@ejemplo.es", who="luis")
    assert "call-id" in call_id.lower() and "omitir" in call_id.lower()
    summary = await say("omitir", who="luis")
    assert "¿Abro el ticket?" in summary
    opened = await say("sí", who="luis")
    assert "El ticket #10001 está abierto como Prioridad 2" in opened
    assert "30 minutos" in opened
    ticket = await sqlite_store.get_ticket(10001)
    assert ticket.priority == "P2" and ticket.lang == "es"
    assert ticket.fields["phone"] == "+34612345678"


async def test_a_message_with_everything_asks_only_what_is_missing(say: Any) -> None:
    reply = await say(
        "This is Tom Baker, account 55012. Voicemail light is stuck on for my phone only. "
        "Call me at 303-555-0147 or tom@acme.io"
    )
    # name, account, phone and email were all in the message: straight to the summary
    assert "Tom Baker" in reply and "55012" in reply and "tom@acme.io" in reply
    assert "open the ticket" in reply.lower()
    opened = await say("yes")
    assert "Priority 4" in opened and "1 business day" in opened


async def test_invalid_answer_gets_the_reason_and_the_question_again(say: Any) -> None:
    await say("Our SIP trunk is dropping calls for several agents since this morning")
    await say("Ana Pérez")
    await say("AC-10442")
    reply = await say("call me at extension 204")
    assert "area code" in reply and "phone number" in reply.lower()
    assert "email" in (await say("720 555 0199")).lower()


async def test_correction_replaces_a_field(say: Any, sqlite_store: Any) -> None:
    await say("The whole site lost inbound calls, toll free number goes to a fast busy")
    await say("Ana Pérez")
    await say("AC-10442")
    await say("+1 415 555 2671")
    await say("ana@example.com")
    await say("skip")
    reply = await say("actually my number is 303 555 0147")
    assert "updated" in reply.lower() and "+13035550147" in reply
    await say("yes")
    ticket = await sqlite_store.get_ticket(10001)
    assert ticket.fields["phone"] == "+13035550147"


async def test_required_field_cannot_be_skipped(say: Any) -> None:
    await say("My desk phone says no service, I can't make calls")
    reply = await say("skip")
    assert "need" in reply.lower() and "name" in reply.lower()


async def test_sms_customer_is_not_asked_for_the_number_they_text_from(say: Any) -> None:
    await say(
        "Voicemail is not working for me",
        who="+14155552671",
        channel="sms",
        known_phone="+14155552671",
    )
    await say("Ana Pérez", who="+14155552671", channel="sms")
    reply = await say("AC-1", who="+14155552671", channel="sms")
    assert "email" in reply.lower()


async def test_language_switch_on_request_keeps_the_question(say: Any) -> None:
    await say("My phone is not registering, I can't make calls")
    reply = await say("español")
    assert "seguimos en español" in reply and "nombre" in reply.lower()


async def test_unclear_scope_asks_one_question_with_choices(engine: Engine, clock: Clock) -> None:
    msgs = iter(range(100))

    async def turn(text: str) -> Any:
        return await engine.handle(
            Inbound(Address("webchat", "x"), text, f"s{next(msgs)}", clock()), inline=True
        )

    result = await turn("We can't make outbound calls")
    for answer in ("Ana Pérez", "AC-10442", "+1 415 555 2671", "ana@example.com", "skip"):
        result = await turn(answer)
    reply = result.replies[0]
    if reply.choices and {c.value for c in reply.choices} == {"site", "several", "one"}:
        result = await turn("Everyone at the site")
        assert "Priority 1" in result.replies[0].text
    else:
        assert "open the ticket" in reply.text.lower()


async def test_human_request_is_acknowledged_and_recorded_on_the_ticket(
    say: Any, sqlite_store: Any
) -> None:
    await say("Calls to our 800 number fail for everyone")
    reply = await say("I want to talk to a human")
    assert "person" in reply.lower() and "name" in reply.lower()
    for answer in ("Ana Pérez", "AC-10442", "+1 415 555 2671", "ana@example.com", "skip", "yes"):
        await say(answer)
    ticket = await sqlite_store.get_ticket(10001)
    assert ticket.human_requested
    reply = await say("agente")
    assert "#10001" in reply
    ticket = await sqlite_store.get_ticket(10001)
    assert [e.kind for e in ticket.events].count("human_requested") == 2


async def test_status_shows_only_the_customers_own_tickets(say: Any) -> None:
    for answer in (
        "Voicemail light is stuck on for my phone",
        "Ana Pérez",
        "AC-1",
        "+1 415 555 2671",
        "ana@example.com",
        "yes",
    ):
        await say(answer, who="ana")
    mine = await say("status 10001", who="ana")
    assert "Ticket #10001" in mine and "new" in mine
    theirs = await say("status 10001", who="mallory")
    assert "can't find ticket #10001" in theirs
    unknown = await say("status 99999", who="ana")
    assert "can't find ticket #99999" in unknown


async def test_start_over_forgets_the_problem_but_keeps_contact_details(say: Any) -> None:
    await say("Voicemail is broken for me")
    await say("Ana Pérez")
    assert "start over" in (await say("start over")).lower()
    reply = await say("The portal logo looks off")
    assert "name" not in reply.lower() or "account" in reply.lower()


async def test_bad_input_gets_polite_answers_and_nothing_is_lost(
    say: Any, sqlite_store: Any
) -> None:
    assert "didn't get any text" in await say("   ")
    assert "didn't get any text" in await say("\x00\x07\x1b")
    reply = await say("<script>alert(1)</script> phones down 📞🔥 " + "x" * 100_000)
    assert "first 5000 characters" in reply
    conv = await sqlite_store.load_conversation("webchat:ana")
    assert conv is not None and conv.fields["description"].startswith("<script>")
    assert len(conv.fields["description"]) <= 5000
    lines = await sqlite_store.transcript("webchat:ana")
    assert len(lines) == 6  # three customer messages, three replies


async def test_replayed_message_is_handled_once(
    engine: Engine, clock: Clock, sqlite_store: Any
) -> None:
    inbound = Inbound(Address("sms", "+14155552671"), "phones down everywhere", "SM1", clock())
    first = await engine.handle(inbound)
    again = await engine.handle(inbound)
    assert first.replies and not first.duplicate
    assert again.duplicate and not again.replies
    assert len(await sqlite_store.outbox_for(Address("sms", "+14155552671"))) == 1


async def test_concurrent_messages_from_many_customers_get_unique_ticket_numbers(
    engine: Engine, clock: Clock, sqlite_store: Any
) -> None:
    async def customer(i: int) -> None:
        who = Address("webchat", f"c{i}")
        script = [
            "Voicemail light stuck on for my phone",
            "Ana Pérez",
            "AC-1",
            "+1 415 555 2671",
            "ana@example.com",
            "yes",
        ]
        for j, text in enumerate(script):
            await engine.handle(Inbound(who, text, f"c{i}-{j}", clock()), inline=True)

    await asyncio.gather(*(customer(i) for i in range(25)))
    tickets = await sqlite_store.list_tickets(limit=100)
    numbers = sorted(t.number for t in tickets)
    assert numbers == list(range(10001, 10026))


async def test_ticket_opened_out_of_chat_hours_says_when_humans_are_back(
    say: Any, clock: Clock
) -> None:
    clock.now = datetime(2026, 11, 22, 7, 0, tzinfo=UTC)  # Sunday 00:00 MT: chat closed
    for answer in (
        "Voicemail light stuck on for my phone",
        "Ana Pérez",
        "AC-1",
        "+1 415 555 2671",
        "ana@example.com",
    ):
        await say(answer)
    opened = await say("yes")
    assert "back Sunday, November 22 at 8:00 AM MST" in opened


async def test_email_opens_at_p4_until_reviewed_and_flags_a_p1_reading(
    engine: Engine, clock: Clock, sqlite_store: Any
) -> None:
    who = Address("email", "ana@example.com")
    script = [
        "The whole office lost all inbound and outbound calls, total outage",
        "Ana Pérez",
        "AC-1",
        "+1 415 555 2671",
        "skip",
        "yes",
    ]
    for j, text in enumerate(script):
        await engine.handle(
            Inbound(who, text, f"e{j}", clock(), meta={"known_email": "ana@example.com"})
        )
    ticket = await sqlite_store.get_ticket(10001)
    assert ticket.priority == "P4" and ticket.needs_review
    assert ticket.assessment["suggested_priority"] == "P1"


async def test_attachments_before_the_ticket_are_kept_on_it(
    engine: Engine, clock: Clock, sqlite_store: Any
) -> None:
    who = Address("telegram", "42")
    shot = Attachment(
        kind="image", name="error.png", content_type="image/png", size=2048, ref="file-1"
    )
    await engine.handle(
        Inbound(who, "The portal shows an error when saving", "u1", clock(), attachments=(shot,))
    )
    for j, text in enumerate(
        ["Ana Pérez", "AC-1", "+1 415 555 2671", "ana@example.com", "Error 500"]
    ):
        result = await engine.handle(Inbound(who, text, f"u{j + 2}", clock()))
    if result.replies[0].choices and result.replies[0].choices[0].value == "site":
        await engine.handle(Inbound(who, "Only me", "u8", clock()))
    await engine.handle(Inbound(who, "yes", "u9", clock()))
    ticket = await sqlite_store.get_ticket(10001)
    assert ticket.attachments == (shot,)


async def test_dispatcher_retries_a_failing_send_and_never_drops_it(
    engine: Engine, clock: Clock, sqlite_store: Any
) -> None:
    class Flaky:
        def __init__(self) -> None:
            self.calls = 0
            self.delivered: list[Outbound] = []

        async def send(self, message: Outbound) -> Receipt:
            self.calls += 1
            if self.calls < 3:
                raise TemporaryFailure("provider 503")
            self.delivered.append(message)
            return Receipt(provider_id="SM-ok")

    flaky = Flaky()
    dispatcher = Dispatcher(store=sqlite_store, senders={"sms": flaky}, clock=clock, base_delay=1.0)
    await engine.handle(Inbound(Address("sms", "+14155552671"), "phones down", "SM9", clock()))
    await dispatcher.deliver_due()
    [item] = await sqlite_store.outbox_for(Address("sms", "+14155552671"))
    assert item.status == OutboxStatus.PENDING and item.attempts == 1 and "503" in item.last_error
    clock.advance(seconds=5)
    await dispatcher.deliver_due()
    clock.advance(seconds=5)
    await dispatcher.deliver_due()
    [item] = await sqlite_store.outbox_for(Address("sms", "+14155552671"))
    assert item.status == OutboxStatus.SENT and item.provider_id == "SM-ok"
    assert len(flaky.delivered) == 1


async def test_permanent_failure_is_written_on_the_ticket(
    engine: Engine, clock: Clock, sqlite_store: Any
) -> None:
    class Unsubscribed:
        async def send(self, message: Outbound) -> Receipt:
            raise PermanentFailure("21610: recipient unsubscribed")

    who = Address("sms", "+14155552671")
    for j, text in enumerate(
        [
            "Voicemail light stuck on for my phone only",
            "Ana Pérez",
            "AC-1",
            "ana@example.com",
            "yes",
        ]
    ):
        await engine.handle(
            Inbound(who, text, f"p{j}", clock(), meta={"known_phone": who.id}), inline=True
        )
    await engine.handle(Inbound(who, "any news?", "p9", clock()))
    dispatcher = Dispatcher(store=sqlite_store, senders={"sms": Unsubscribed()}, clock=clock)
    await dispatcher.deliver_due()
    ticket = await sqlite_store.get_ticket(10001)
    assert any(e.kind == "delivery_failed" and "unsubscribed" in e.detail for e in ticket.events)


async def test_conversation_mode_starts_with_the_bot(
    engine: Engine, clock: Clock, sqlite_store: Any
) -> None:
    await engine.handle(Inbound(Address("webchat", "m"), "hello", "h1", clock()), inline=True)
    conv = await sqlite_store.load_conversation("webchat:m")
    assert conv.mode is Mode.BOT and conv.state == "collecting"


async def test_collecting_sender_spy_sees_dispatched_replies(
    engine: Engine, clock: Clock, sqlite_store: Any
) -> None:
    spy = CollectingSender()
    dispatcher = Dispatcher(store=sqlite_store, senders={"telegram": spy}, clock=clock)
    await engine.handle(Inbound(Address("telegram", "7"), "hola", "t1", clock()))
    await dispatcher.deliver_due()
    assert len(spy.sent) == 1 and "Hola" in spy.sent[0].text
    assert spy.sent[0].address == Address("telegram", "7")


async def test_an_effect_gate_changes_what_a_step_decided_before_it_applies(
    engine: Engine, clock: Clock
) -> None:
    seen: list[tuple[Effect, ...]] = []

    async def gate(effects: tuple[Effect, ...], inbound: Inbound) -> tuple[Effect, ...]:
        return (Say("slow_down", {"limit": 3}),) if inbound.text == "gated" else effects

    async def listener(outcome: Any) -> None:
        seen.append(outcome.effects)

    engine.effect_gates.append(gate)
    engine.add_listener(listener)
    address = Address("webchat", "gate")
    result = await engine.handle(Inbound(address, "gated", "g1", clock()))
    [reply] = result.replies
    assert "3" in reply.text  # said what the gate decided, not the step's question
    assert seen == [(Say("slow_down", {"limit": 3}),)]  # and the listeners see the same
    await engine.handle(Inbound(address, "Hi, our phones are down", "g2", clock()))
    assert seen[1] != seen[0]  # nothing to change: the step's own effects
