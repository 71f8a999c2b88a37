"""CSAT (issue 17 item 6) through the whole app: a customer on SMS (signed Twilio
webhooks) confirms the fix and is asked once how it went; the score and the comment are
stored, posted in the card's thread and shown on the card (the fake Slack Web API), and
counted. An agent's close asks too; never twice for one ticket, never after a STOP, not
for a duplicate. The clock is the test's."""

from __future__ import annotations

from domain.types import TicketStatus
from handoff import slack_blocks as blocks
from tests.handoff.conftest import ANA, Desk
from tests.handoff.test_desk_lifecycle import last_card, thread


async def _resolved(desk: Desk) -> int:
    """A ticket an agent claimed and resolved from its card; the customer was asked to confirm."""
    t = await desk.open_ticket()
    card = await desk.card(t.number)
    await desk.action(blocks.ACTION_CLAIM, str(t.number), card=card)
    await desk.action(blocks.ACTION_RESOLVE, str(t.number), card=card)
    assert (await desk.store.get_ticket(t.number)).status is TicketStatus.RESOLVED_PENDING
    return t.number


def _scores(desk: Desk, score: str, priority: str) -> float:
    value = desk.services.metrics.registry.get_sample_value(
        "supportbot_csat_responses_total", {"score": score, "priority": priority}
    )
    return value or 0.0


async def test_sms_customer_confirms_rates_and_comments_and_the_desk_sees_it(desk: Desk) -> None:
    n = await _resolved(desk)
    asked = (await desk.text("yes, it works now")).text
    assert f"ticket #{n} is closed" in asked
    assert f"How did we do on case #{n}?" in asked  # CallTower's own words, its SMS form
    assert "Reply 1 (very poor) to 5 (excellent)." in asked
    ticket = await desk.store.get_ticket(n)
    assert ticket.status is TicketStatus.CLOSED and ticket.csat is not None
    assert ticket.csat.channel == "sms" and ticket.csat.score is None

    assert "Anything we could do better? (optional)" in (await desk.text("4")).text
    rated = await desk.store.get_ticket(n)
    assert rated.csat.score == 4 and rated.csat.answered_at == desk.clock()
    assert _scores(desk, "4", rated.priority) == 1

    assert "your comment goes to the team" in (await desk.text("The first reply took a day")).text
    done = await desk.store.get_ticket(n)
    assert done.csat.score == 4 and done.csat.comment == "The first reply took a day"

    card = await desk.card(n)
    said = thread(desk, card.ts)
    confirmed = f"The customer confirmed the fix; ticket #{n} is closed."
    assert confirmed + " They were asked how satisfied they are." in said
    assert f"Customer satisfaction on ticket #{n}: ★★★★☆ 4/5 (good)." in said
    assert any("The first reply took a day" in line for line in said)  # relayed as the customer's
    assert "*Satisfaction:* ★★★★☆ 4/5 (good) · “The first reply took a day”" in last_card(desk, n)
    # the conversation is free again: a new problem opens a new intake, linked
    assert "Ticket #" not in (await desk.text("Now my fax line is dead, no dial tone")).text


async def test_an_agent_close_asks_once_and_never_again_after_a_reopen(desk: Desk) -> None:
    t = await desk.open_ticket()
    n, card = t.number, await desk.card(t.number)
    await desk.action(blocks.ACTION_CLAIM, str(n), card=card)
    await desk.action(blocks.ACTION_CLOSE, str(n), card=card)
    closing = (await desk.outbox_texts())[-1]
    assert f"Ticket #{n} is closed" in closing and f"How did we do on case #{n}?" in closing
    assert "Thank you; your comment" in (await desk.text("5 - María was great")).text
    first = (await desk.store.get_ticket(n)).csat
    assert first is not None and (first.score, first.comment) == (5, "María was great")

    await desk.action(blocks.ACTION_REOPEN, str(n), card=card)
    await desk.action(blocks.ACTION_CLAIM, str(n), card=card)
    await desk.action(blocks.ACTION_RESOLVE, str(n), card=card)
    again = (await desk.text("yes thanks, fixed")).text
    assert f"ticket #{n} is closed" in again and "How did we do" not in again
    assert thread(desk, card.ts)[-1] == f"The customer confirmed the fix; ticket #{n} is closed."
    await desk.action(blocks.ACTION_REOPEN, str(n), card=card)
    await desk.action(blocks.ACTION_CLOSE, str(n), card=card)
    assert "How did we do" not in (await desk.outbox_texts())[-1]
    assert (await desk.store.get_ticket(n)).csat == first
    asks = [x for x in await desk.outbox_texts() if "How did we do" in x]
    assert len(asks) == 1


async def test_never_sent_to_a_number_that_texted_stop(desk: Desk) -> None:
    n = await _resolved(desk)
    await desk.text("STOP")
    card = await desk.card(n)
    result = await desk.action(blocks.ACTION_CLOSE, str(n), card=card)
    assert result.status_code == 200
    closed = await desk.store.get_ticket(n)
    assert closed.status is TicketStatus.CLOSED and closed.csat is None
    assert not [x for x in await desk.outbox_texts() if "How did we do" in x]


async def test_a_duplicate_is_not_asked(desk: Desk) -> None:
    first = await desk.open_ticket()
    other = await desk.open_ticket(sender="+14155550199")
    await desk.command(f"{other.number} duplicate {first.number}")
    dup = await desk.store.get_ticket(other.number)
    assert dup.status is TicketStatus.DUPLICATE and dup.csat is None
    assert not [x for x in await desk.outbox_texts("+14155550199") if "How did we do" in x]


async def test_a_customer_who_moved_on_to_a_new_problem_is_not_asked_about_the_old_one(
    desk: Desk,
) -> None:
    n = await _resolved(desk)
    # instead of confirming, the customer reports something new: a new intake starts
    await desk.text("Now my fax line is dead since this morning, no dial tone at all")
    conv = await desk.store.load_conversation(f"sms:{ANA}")
    # (a new intake: still asking, or, the new problem read in one go, confirming it)
    assert conv.ticket_number is None and conv.state in ("collecting", "clarifying", "confirming")
    await desk.action(blocks.ACTION_CLOSE, str(n), card=await desk.card(n))
    closed = await desk.store.get_ticket(n)
    assert closed.status is TicketStatus.CLOSED and closed.csat is None
    assert (await desk.store.load_conversation(f"sms:{ANA}")).pending != "csat"
