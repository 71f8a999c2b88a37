"""Replies find their ticket by References/In-Reply-To or the [#12345] subject tag,
but only when the sender is a contact of that ticket."""

from __future__ import annotations

from tests.channels.email_support import EmailEnv, corpus, text_of


async def _open(
    env: EmailEnv, name: str = "new_en_outage.eml", sender: str = "ana@example.com"
) -> str:
    """Send a first mail; returns the Message-ID of the bot's reply."""
    await env.send(corpus(name), mail_from=sender)
    (reply,) = await env.deliver()
    return str(reply.message["Message-ID"])


async def test_apple_mail_reply_joins_its_ticket_through_references(env: EmailEnv) -> None:
    ours = await _open(env)
    await env.send(corpus("apple_reply_en.eml", OUR_MSGID=ours, TICKET=10001))
    (answer,) = await env.deliver()
    tickets = await env.store.list_tickets()
    assert [t.number for t in tickets] == [10001]
    assert tickets[0].fields["phone"] == "+14155552671"
    assert "Sent from my iPhone" not in tickets[0].events[-2].detail + tickets[0].events[-1].detail
    assert "#10001" in text_of(answer.message)


async def test_outlook_reply_with_rewritten_in_reply_to_joins_by_the_subject_tag(
    env: EmailEnv,
) -> None:
    await _open(env)
    await env.send(corpus("outlook_reply_en.eml", TICKET=10001))
    tickets = await env.store.list_tickets()
    assert [t.number for t in tickets] == [10001]
    assert tickets[0].fields["phone"] == "+13035550147"
    comment = [e.detail for e in tickets[0].events if e.kind == "comment"][-1]
    assert comment == "You can reach me at 303-555-0147."  # the quoted history is cut


async def test_spanish_outlook_reply_in_latin1_joins_by_the_tag(env: EmailEnv) -> None:
    await _open(env, "new_es_transfer.eml", "luis@ejemplo.es")
    await env.send(corpus("outlook_reply_es.eml", TICKET=10001), mail_from="luis@ejemplo.es")
    (answer,) = await env.deliver()
    ticket = await env.store.get_ticket(10001)
    assert ticket is not None and ticket.fields["phone"] == "+34612345678"
    assert "ticket #10001" in text_of(answer.message)
    assert len(await env.store.list_tickets()) == 1


async def test_spanish_apple_reply_fills_fields_from_free_text(env: EmailEnv) -> None:
    ours = await _open(env, "new_es_transfer.eml", "luis@ejemplo.es")
    await env.send(
        corpus("apple_reply_es.eml", OUR_MSGID=ours, TICKET=10001), mail_from="luis@ejemplo.es"
    )
    ticket = await env.store.get_ticket(10001)
    assert ticket is not None
    assert ticket.fields["phone"] == "+34612345678" and ticket.fields["account_id"] == "4471"


async def test_a_stranger_quoting_the_tag_gets_a_new_ticket_linked_to_the_old_one(
    env: EmailEnv,
) -> None:
    ours = await _open(env)
    await env.send(
        corpus("stranger_quotes_tag.eml", OUR_MSGID=ours, TICKET=10001),
        mail_from="mallory@other.example",
    )
    (reply,) = await env.deliver()
    old = await env.store.get_ticket(10001)
    new = await env.store.get_ticket(10002)
    assert old is not None and new is not None
    assert new.linked_to == 10001 and new.address.id == "mallory@other.example"
    assert new.conversation_id != old.conversation_id
    assert not any(e.kind == "comment" for e in old.events)  # nothing of Mallory's on Ana's ticket
    assert reply.rcpt_tos == ["mallory@other.example"]
    assert "linked to ticket #10001" in text_of(reply.message)
    assert reply.message["Subject"].endswith("[#10002]")


async def test_a_new_email_from_the_same_customer_opens_a_new_conversation(env: EmailEnv) -> None:
    await _open(env)
    fresh = corpus("new_en_outage.eml").replace(
        b"<CAF1newen001@mail.gmail.com>", b"<another@mail.gmail.com>"
    )
    fresh = fresh.replace(b"Phones down at our office", b"Voicemail to email stopped")
    await env.send(fresh)
    tickets = await env.store.list_tickets()
    assert [t.number for t in tickets] == [10002, 10001]
    assert tickets[0].conversation_id != tickets[1].conversation_id


async def test_the_contact_email_given_on_the_ticket_may_reply_too(env: EmailEnv) -> None:
    ours = await _open(env)
    answer = corpus("gmail_reply_en.eml", OUR_MSGID=ours, TICKET=10001).replace(
        b"SIP Call-ID (optional): ____", b"Email: ana@work.example"
    )
    await env.send(answer)
    ticket = await env.store.get_ticket(10001)
    assert ticket is not None and ticket.fields["email"] == "ana@work.example"
    colleague = corpus("outlook_reply_en.eml", TICKET=10001).replace(
        b"From: Ana Perez <ana@example.com>", b"From: Ana <ana@work.example>"
    )
    await env.send(colleague, mail_from="ana@work.example")
    assert len(await env.store.list_tickets()) == 1
    ticket = await env.store.get_ticket(10001)
    assert ticket is not None and ticket.fields["phone"] == "+14155552671"  # not overwritten
    assert any("303-555-0147" in e.detail for e in ticket.events if e.kind == "comment")
