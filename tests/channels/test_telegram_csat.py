"""CSAT on Telegram (issue 17 item 6): python-telegram-bot's Bot against the local fake Bot
API. The satisfaction question comes with a 5-to-1 inline keyboard; pressing a score is a
callback_query that is answered and stored; the optional comment has a skip button."""

from __future__ import annotations

from domain.types import Address, TicketStatus
from handoff.actions import AgentActions
from handoff.cards import Agent
from tests.channels import test_telegram
from tests.channels.fake_telegram import callback_update
from tests.channels.test_telegram import ANA, Tg, buttons

# the Telegram fixtures of test_telegram: the app with PTB's Bot and the fake Bot API
fake = test_telegram.fake
tg = test_telegram.tg

MARIA = Agent(id="U1", name="María Gómez", first_name="María")


async def _resolved_ticket(
    tg: Tg, problem: str = "Voicemail light stuck on for my phone only"
) -> int:
    """A ticket opened in the chat, then resolved by an agent (the desk's own action)."""
    for text in (problem, "Ana Perez", "AC-10442", "+1 415 555 2671"):
        await tg.say(text)
    await tg.say("ana@example.com")
    await tg.press("yes")
    [ticket] = await tg.services.store.list_tickets(address=Address("telegram", str(ANA)))
    actions = AgentActions(
        store=tg.services.store,
        policy=tg.services.policy,
        clock=tg.clock,
        limits=tg.services.engine.limits,
    )
    assert (await actions.claim(ticket.number, MARIA)).ok
    assert (await actions.resolve(ticket.number, MARIA)).ok
    await tg.services.dispatcher.deliver_due()
    return ticket.number


async def test_scores_are_inline_buttons_and_a_pressed_score_is_stored(tg: Tg) -> None:
    n = await _resolved_ticket(tg)
    answered = len(tg.fake.named("answerCallbackQuery"))
    ask = await tg.say("yes, it works now")
    assert f"How would you rate the way we handled your case #{n}?" in ask["text"]
    assert buttons(ask) == ["5", "4", "3", "2", "1"]
    labels = [b["text"] for row in ask["reply_markup"]["inline_keyboard"] for b in row]
    assert labels[0] == "5 · Excellent" and labels[-1] == "1 · Very poor"

    comment = await tg.press("5")
    assert len(tg.fake.named("answerCallbackQuery")) == answered + 1  # the spinner stops
    assert "Anything we could do better?" in comment["text"] and buttons(comment) == ["skip"]
    rated = await tg.services.store.get_ticket(n)
    assert rated.status is TicketStatus.CLOSED
    assert rated.csat is not None and rated.csat.score == 5 and rated.csat.channel == "telegram"

    done = await tg.press("skip")
    assert done["text"] == "Thank you for your feedback."
    final = await tg.services.store.get_ticket(n)
    assert final.csat.score == 5 and final.csat.comment == ""


async def test_a_score_pressed_twice_is_stored_once_and_answered_once(tg: Tg) -> None:
    n = await _resolved_ticket(tg)
    await tg.say("thanks, fixed")
    await tg.press("3")
    again = await tg.replies(callback_update(ANA, "3"))
    assert again == []  # nothing said the second time
    rated = await tg.services.store.get_ticket(n)
    assert rated.csat.score == 3
    assert [e.kind for e in rated.events].count("csat_score") == 1


async def test_spanish_customers_are_asked_in_spanish(tg: Tg) -> None:
    n = await _resolved_ticket(tg, "El buzón de voz de mi teléfono no funciona")
    ask = await tg.say("sí, ya funciona")
    assert f"¿Cómo valora la atención que recibió en su caso #{n}?" in ask["text"]
    labels = [b["text"] for row in ask["reply_markup"]["inline_keyboard"] for b in row]
    assert labels[0] == "5 · Excelente"
    assert "¿Hay algo que podríamos hacer mejor?" in (await tg.say("muy bien"))["text"]
    assert (await tg.services.store.get_ticket(n)).csat.score == 5
