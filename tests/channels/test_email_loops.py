"""Loop and abuse protection: automatic mail is never answered, bounces land on their
ticket, a storm from one sender floods no one, and no header can be injected."""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from pathlib import Path

import pytest

from bot.plan.policy import Policy
from bot.store.sqlite.store import SqliteStore
from channels.email_notes import UNTHREADED
from channels.email_outbound import Letter, build_message
from channels.email_threading import ThreadRecord
from tests.channels.email_support import SUPPORT, EmailEnv, corpus, email_env, text_of
from tests.conftest import Clock


async def _open(env: EmailEnv) -> str:
    await env.send(corpus("new_en_outage.eml"))
    (reply,) = await env.deliver()
    return str(reply.message["Message-ID"])


async def test_out_of_office_is_noted_on_the_ticket_and_not_answered(env: EmailEnv) -> None:
    ours = await _open(env)
    await env.send(corpus("out_of_office.eml", OUR_MSGID=ours, TICKET=10001))
    assert await env.deliver() == []
    tickets = await env.store.list_tickets()
    assert [t.number for t in tickets] == [10001]
    assert tickets[0].events[-1].kind == "email_auto_reply"
    assert "fields_changed" not in [
        e.kind for e in tickets[0].events
    ]  # its phone is not the customer's


async def test_an_unthreaded_auto_reply_opens_no_ticket_but_is_kept(env: EmailEnv) -> None:
    await env.send(corpus("out_of_office_es.eml"), mail_from="luis@ejemplo.es")
    assert await env.deliver() == []
    assert await env.store.list_tickets() == []
    kept = await env.store.transcript(UNTHREADED)
    assert kept and "Respuesta automática" in kept[0].text


async def test_a_bounce_is_recorded_on_the_ticket_whose_reply_bounced(env: EmailEnv) -> None:
    ours = await _open(env)
    await env.send(corpus("dsn_bounce.eml", OUR_MSGID=ours, TICKET=10001), mail_from="")
    assert await env.deliver() == []
    ticket = await env.store.get_ticket(10001)
    assert ticket is not None
    bounce = ticket.events[-1]
    assert bounce.kind == "email_bounce" and "5.1.1" in bounce.detail and "failed" in bounce.detail
    assert len(await env.store.list_tickets()) == 1


@pytest.mark.parametrize(
    ("name", "sender"),
    [
        ("bulk_list.eml", "news@lists.example.net"),
        ("noreply_sender.eml", "no-reply@monitor.example.com"),
    ],
)
async def test_list_and_no_reply_mail_opens_a_ticket_but_gets_no_answer(
    env: EmailEnv, name: str, sender: str
) -> None:
    await env.send(corpus(name), mail_from=sender)
    assert await env.deliver() == []
    (ticket,) = await env.store.list_tickets()
    assert ticket.address.id == sender
    (item,) = await env.store.outbox_for(ticket.address) or [None]
    assert item is None  # nothing queued at all


async def test_mail_from_our_own_address_is_dropped(env: EmailEnv) -> None:
    own = corpus("new_en_outage.eml").replace(
        b"From: Ana Perez <ana@example.com>", f"From: {SUPPORT}".encode()
    )
    await env.send(own, mail_from=SUPPORT)
    assert await env.store.list_tickets() == []
    assert await env.deliver() == []


async def test_a_null_reverse_path_is_never_answered(env: EmailEnv) -> None:
    await env.send(corpus("new_en_outage.eml"), mail_from="")
    assert await env.deliver() == []


def _numbered(n: int) -> bytes:
    raw = corpus("new_en_outage.eml").replace(
        b"<CAF1newen001@mail.gmail.com>", f"<storm-{n}@example.com>".encode()
    )
    return raw.replace(b"Phones down at our office", f"Phones down, message {n}".encode())


async def test_a_storm_from_one_sender_is_capped_per_hour(
    sqlite_store: SqliteStore, calltower: Policy, clock: Clock, tmp_path: Path
) -> None:
    async with email_env(sqlite_store, calltower, clock, tmp_path, max_replies_per_hour=2) as env:
        for n in range(6):
            await env.send(_numbered(n))
        assert len(await env.deliver()) == 2
        tickets = await env.store.list_tickets()
        assert [t.number for t in tickets] == [10002, 10001]  # no ticket beyond the cap
        folded = [e for e in tickets[0].events if e.kind == "comment"]
        assert len(folded) == 4  # the rest is kept on the latest ticket, silently
        # another sender is not affected
        other = _numbered(99).replace(b"ana@example.com", b"tom@acme.io")
        await env.send(other, mail_from="tom@acme.io")
        assert len(await env.deliver()) == 1
        # the next hour, Ana gets answers again
        clock.advance(hours=1)
        await env.send(_numbered(7))
        assert len(await env.deliver()) == 1


async def test_crlf_in_the_subject_and_names_cannot_inject_headers(env: EmailEnv) -> None:
    await env.send(corpus("crlf_injection.eml"), mail_from="eve@example.org")
    (out,) = await env.deliver()
    assert out.rcpt_tos == ["eve@example.org"]
    message = out.message
    assert message["Bcc"] is None and message["X-Injected"] is None
    assert message["To"] == "eve@example.org"
    assert "\n" not in message["Subject"] and "\r" not in message["Subject"]
    assert message["Subject"].startswith("Re: Phones down Bcc: victim@evil.example")
    ticket = await env.store.get_ticket(10001)
    assert ticket is not None and ticket.address.id == "eve@example.org"
    assert "victim@evil.example" not in {ticket.fields.get("email"), ticket.address.id}
    assert "Bcc: victim@evil.example" in text_of(message) or "victim" not in text_of(message)


def test_the_email_library_itself_refuses_a_header_with_a_line_break() -> None:
    msg = EmailMessage(policy=SMTP_POLICY)
    with pytest.raises(ValueError):
        msg["Subject"] = "Hi\r\nBcc: victim@evil.example"


def test_build_message_flattens_hostile_subjects_to_one_line() -> None:
    letter = Letter(
        to="ana@example.com",
        text="Hello",
        footer="CallTower Support",
        subject_fallback="Your support request",
        ticket=10001,
        message_id="<sb.1@example.com>",
        record=ThreadRecord(
            subject="Help\r\nBcc: victim@evil.example\x00", refs=("<a@b>",), last="<a@b>"
        ),
        lang="en",
        automatic=True,
    )
    msg = build_message(
        letter,
        from_address=SUPPORT,
        from_name="Support\r\nX: 1",
        reply_to=SUPPORT,
        at=datetime(2026, 11, 24, tzinfo=UTC),
    )
    flat = msg.as_bytes()
    assert b"\r\nBcc:" not in flat and b"\r\nX: 1" not in flat
    assert msg["Subject"] == "Re: Help Bcc: victim@evil.example [#10001]"
