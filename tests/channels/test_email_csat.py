"""CSAT by email (issue 17 item 6), real SMTP both ways: an agent's close asks once, and
the customer's one reply carries the score and the comment; never to a customer whose
auto-responder answered last, nor to a no-reply sender."""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY

from bot.store.flags import automatic_mail_flag
from domain.types import Address, TicketStatus
from handoff.actions import AgentActions
from handoff.cards import Agent
from tests.channels.email_support import SUPPORT, EmailEnv, corpus, text_of

MARIA = Agent(id="U1", name="María Gómez", first_name="María")
ANA = "ana@example.com"
ASKS = "Reply with a number from 1 (very poor) to 5 (excellent)"


def _actions(env: EmailEnv) -> AgentActions:
    return AgentActions(
        store=env.store, policy=env.engine.policy, clock=env.clock, limits=env.engine.limits
    )


def _reply(to_id: str, ticket: int, body: str, *, n: int = 1) -> bytes:
    msg = EmailMessage(policy=SMTP_POLICY)
    msg["From"] = f"Ana Perez <{ANA}>"
    msg["To"] = SUPPORT
    msg["Subject"] = f"Re: Phones down at our office [#{ticket}]"
    msg["Message-ID"] = f"<csat-reply-{n}@example.com>"
    msg["In-Reply-To"] = to_id
    msg["References"] = to_id
    msg.set_content(body)
    return msg.as_bytes()


async def _open(env: EmailEnv) -> int:
    await env.send(corpus("new_en_outage.eml"))
    await env.deliver()
    [ticket] = await env.store.list_tickets(address=Address("email", ANA))
    return ticket.number


async def test_a_close_asks_once_and_the_reply_gives_score_and_comment(env: EmailEnv) -> None:
    n = await _open(env)
    result = await _actions(env).close(n, MARIA)
    assert result.ok and "asked how satisfied" in result.message
    [closing] = await env.deliver()
    text = text_of(closing.message)
    assert f"How would you rate the way we handled your case #{n}?" in text
    assert ASKS + " and, if you like, one line on what we could do better." in text

    reply = _reply(str(closing.message["Message-ID"]), n, "4 - the fast busy took a day to fix")
    await env.send(reply)
    [thanks] = await env.deliver()
    assert "Thank you; your comment goes to the team." in text_of(thanks.message)
    rated = await env.store.get_ticket(n)
    assert rated.status is TicketStatus.CLOSED and rated.csat is not None
    assert (rated.csat.score, rated.csat.comment) == (4, "the fast busy took a day to fix")
    assert rated.csat.channel == "email"
    assert len(await env.store.list_tickets(address=Address("email", ANA))) == 1  # no new ticket


async def test_no_question_to_a_customer_whose_auto_responder_answered_last(
    env: EmailEnv,
) -> None:
    await env.send(corpus("new_en_outage.eml"))
    [first] = await env.deliver()
    await env.send(corpus("out_of_office.eml", OUR_MSGID=first.message["Message-ID"], TICKET=10001))
    assert await env.store.get_flag(automatic_mail_flag(ANA)) is not None
    assert (await _actions(env).close(10001, MARIA)).ok
    [closing] = await env.deliver()
    assert "has closed ticket #10001" in text_of(closing.message)
    assert ASKS not in text_of(closing.message)
    assert (await env.store.get_ticket(10001)).csat is None


async def test_a_person_writing_again_clears_the_automatic_mark(env: EmailEnv) -> None:
    await env.send(corpus("new_en_outage.eml"))
    [first] = await env.deliver()
    await env.send(corpus("out_of_office.eml", OUR_MSGID=first.message["Message-ID"], TICKET=10001))
    await env.send(_reply(str(first.message["Message-ID"]), 10001, "Any news? Still a fast busy."))
    assert await env.store.get_flag(automatic_mail_flag(ANA)) is None
    await env.deliver()
    assert (await _actions(env).close(10001, MARIA)).ok
    [closing] = await env.deliver()
    assert ASKS in text_of(closing.message)


async def test_no_question_to_a_no_reply_sender(env: EmailEnv) -> None:
    sender = "no-reply@monitor.example.com"
    await env.send(corpus("noreply_sender.eml"), mail_from=sender)
    [ticket] = await env.store.list_tickets(address=Address("email", sender))
    assert (await _actions(env).close(ticket.number, MARIA)).ok
    assert (await env.store.get_ticket(ticket.number)).csat is None
    texts = [i.outbound.text for i in await env.store.outbox_for(ticket.address)]
    assert not [t for t in texts if ASKS in t]
