"""The email channel over real SMTP: smtplib talks to the channel's aiosmtpd server,
the bot's replies are captured by a second aiosmtpd acting as the relay."""

from __future__ import annotations

import asyncio
import smtplib
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from bot.plan.policy import Policy
from bot.store.protocol import StoreError, TurnCommit
from bot.store.sqlite.store import SqliteStore
from tests.channels.email_support import (
    SUPPORT,
    EmailEnv,
    corpus,
    crlf,
    drain_inbox,
    email_env,
    send,
    text_of,
)
from tests.conftest import Clock


async def test_first_email_reply_and_answer_make_one_complete_ticket(env: EmailEnv) -> None:
    # 1. the customer's first email opens the ticket at once
    refused = await env.send(corpus("new_en_outage.eml"))
    assert refused == {}
    ticket = await env.store.get_ticket(10001)
    assert ticket is not None and ticket.channel == "email"
    assert ticket.priority == "P4" and ticket.needs_review  # email opens at P4; reads as P1
    assert ticket.fields["account_id"] == "AC-10442"
    assert ticket.fields["email"] == "ana@example.com"
    assert ticket.fields["name"] == "Ana Perez"

    # 2. the bot's reply, captured at the relay
    (first,) = await env.deliver()
    reply = first.message
    assert first.rcpt_tos == ["ana@example.com"]
    assert reply["To"] == "ana@example.com"
    assert reply["Subject"] == "Re: Phones down at our office [#10001]"
    assert reply["In-Reply-To"] == "<CAF1newen001@mail.gmail.com>"
    assert "<CAF1newen001@mail.gmail.com>" in reply["References"]
    assert reply["Auto-Submitted"] == "auto-replied"
    assert reply["Reply-To"] == SUPPORT
    assert reply["Message-ID"].endswith("@example.com>")
    assert reply.get_content_type() == "multipart/alternative"
    html = reply.get_body(preferencelist=("html",))
    assert html is not None and "Callback phone: ____" in html.get_content()
    text = text_of(reply)
    assert "Ticket #10001 is open as Priority 4" in text
    assert "Callback phone: ____" in text
    assert "Account ID: ____" not in text  # found in the first mail: not asked again

    # 3. the customer answers the form from Gmail (quoted history below the answer)
    await env.send(corpus("gmail_reply_en.eml", OUR_MSGID=reply["Message-ID"], TICKET=10001))
    (second,) = await env.deliver()
    confirmation = text_of(second.message)
    assert "ticket #10001 now has everything we need" in confirmation
    assert "+14155552671" in confirmation
    assert second.message["Subject"] == "Re: Phones down at our office [#10001]"
    assert second.message["In-Reply-To"] == "<CAF1replyen002@mail.gmail.com>"
    assert reply["Message-ID"] in second.message["References"]

    # 4. one ticket, complete, holding the whole exchange
    tickets = await env.store.list_tickets(limit=10)
    assert [t.number for t in tickets] == [10001]
    done = tickets[0]
    assert done.fields["phone"] == "+14155552671"
    assert {"name", "account_id", "phone", "email", "description"} <= set(done.fields)
    assert "quoted" not in str(done.events)
    assert any(e.kind == "fields_changed" for e in done.events)
    comments = [e.detail for e in done.events if e.kind == "comment"]
    assert comments and "wrote:" not in comments[-1] and "Ticket #10001 is open" not in comments[-1]


async def test_spanish_email_is_answered_in_spanish_with_a_spanish_form(env: EmailEnv) -> None:
    await env.send(corpus("new_es_transfer.eml"), mail_from="luis@ejemplo.es")
    (out,) = await env.deliver()
    text = text_of(out.message)
    assert "El ticket #10001 está abierto" in text
    assert "Teléfono de contacto: ____" in text and "ID de cuenta: ____" in text
    assert out.message["Content-Language"] == "es"
    await env.send(
        corpus("gmail_reply_es.eml", OUR_MSGID=out.message["Message-ID"], TICKET=10001),
        mail_from="luis@ejemplo.es",
    )
    (answer,) = await env.deliver()
    ticket = await env.store.get_ticket(10001)
    assert ticket is not None
    assert ticket.fields["phone"] == "+34612345678" and ticket.fields["account_id"] == "4471"
    assert "Gracias" in text_of(answer.message)


async def test_rcpt_for_a_foreign_address_is_refused_with_550(env: EmailEnv) -> None:
    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        await env.send(corpus("new_en_outage.eml"), to=("someone@elsewhere.example",))
    code, text = refused.value.recipients["someone@elsewhere.example"]
    assert code == 550 and b"5.1.1" in text
    assert await env.store.list_tickets() == []


async def test_size_is_advertised_and_a_bigger_message_gets_552(
    sqlite_store: SqliteStore, calltower: Policy, clock: Clock, tmp_path: Path
) -> None:
    raw = crlf(corpus("oversize.eml"))
    async with email_env(
        sqlite_store, calltower, clock, tmp_path, max_message_bytes=64 * 1024
    ) as env:

        def ehlo_size() -> str:
            with smtplib.SMTP("127.0.0.1", env.port, timeout=10) as client:
                client.ehlo()
                return client.esmtp_features["size"]

        assert await asyncio.to_thread(ehlo_size) == str(64 * 1024)
        # smtplib declares SIZE= in MAIL FROM: refused before the data is sent
        with pytest.raises(smtplib.SMTPSenderRefused) as declared:
            await env.send(raw)
        assert declared.value.smtp_code == 552

        def undeclared() -> tuple[int, bytes]:
            with smtplib.SMTP("127.0.0.1", env.port, timeout=10) as client:
                client.ehlo()
                client.mail("tom@acme.io")
                client.rcpt(SUPPORT)
                try:
                    return client.data(raw)
                except smtplib.SMTPDataError as exc:
                    return exc.smtp_code, exc.smtp_error

        code, _ = await asyncio.to_thread(undeclared)
        assert code == 552
        assert await env.store.list_tickets() == []


class FailingStore:
    """The real store, except that commits fail like a full disk or a lost Redis."""

    def __init__(self, inner: SqliteStore) -> None:
        self.inner = inner
        self.fail = True

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def commit(self, turn: TurnCommit) -> None:
        if self.fail:
            raise StoreError("disk I/O error")
        await self.inner.commit(turn)


async def test_store_failure_answers_451_and_the_retry_is_accepted(
    sqlite_store: SqliteStore, calltower: Policy, clock: Clock, tmp_path: Path
) -> None:
    store = FailingStore(sqlite_store)
    async with email_env(store, calltower, clock, tmp_path) as env:  # type: ignore[arg-type]
        with pytest.raises(smtplib.SMTPDataError) as failed:
            await env.send(corpus("new_en_outage.eml"))
        assert failed.value.smtp_code == 451
        assert await sqlite_store.list_tickets() == []
        store.fail = False
        assert await env.send(corpus("new_en_outage.eml")) == {}  # the sender's retry
        assert len(await sqlite_store.list_tickets()) == 1  # a number may be skipped, never reused


async def test_the_same_message_twice_makes_one_ticket_and_one_reply(env: EmailEnv) -> None:
    await env.send(corpus("new_en_outage.eml"))
    await env.send(corpus("new_en_outage.eml"))
    assert len(await env.store.list_tickets()) == 1
    assert len(await env.deliver()) == 1


async def test_a_message_without_message_id_is_deduplicated_by_content(env: EmailEnv) -> None:
    raw = corpus("no_message_id.eml")
    await env.send(raw, mail_from="tom@acme.io")
    await env.send(raw, mail_from="tom@acme.io")
    tickets = await env.store.list_tickets()
    assert len(tickets) == 1
    (out,) = await env.deliver()
    assert "In-Reply-To" not in out.message  # nothing to refer to
    assert out.message["Subject"] == "Re: Fax line not working [#10001]"


async def test_relay_refusing_the_recipient_marks_the_reply_failed_on_the_ticket(
    env: EmailEnv,
) -> None:
    await env.send(corpus("new_en_outage.eml"))
    env.relay.answer = "550 5.1.1 no such user"
    assert await env.deliver() == []
    ticket = await env.store.get_ticket(10001)
    assert ticket is not None and any(e.kind == "delivery_failed" for e in ticket.events)


async def test_relay_deferring_keeps_the_reply_for_a_retry(env: EmailEnv) -> None:
    await env.send(corpus("new_en_outage.eml"))
    env.relay.answer = "451 4.3.0 try later"
    assert await env.deliver() == []
    env.relay.answer = "250 OK"
    env.clock.advance(minutes=10)
    (out,) = await env.deliver()
    assert out.message["Subject"].endswith("[#10001]")


async def test_build_services_serves_smtp_when_email_is_enabled(
    sqlite_store: SqliteStore, calltower: Policy, tmp_path: Path
) -> None:
    from bot.app import build_services
    from bot.engine.turns import utcnow

    settings = Settings.model_validate(
        {
            "data_dir": str(tmp_path),
            "channels": {
                "webchat": {"enabled": False},
                "email": {"enabled": True, "listen_port": 0, "addresses": [SUPPORT]},
            },
        }
    )
    services = build_services(settings, store=sqlite_store, policy=calltower)
    channel = services.channels["email"]
    assert "email" in services.engine.steps
    await channel.start()
    try:
        port = channel.port  # type: ignore[attr-defined]
        assert await send(port, corpus("new_en_outage.eml")) == {}
    finally:
        await channel.stop()
    # the app's dispatcher turns the accepted mail (here: its inbox items only)
    assert await drain_inbox(sqlite_store, services.dispatcher, utcnow) == 1
    ticket = await sqlite_store.get_ticket(10001)
    assert ticket is not None and ticket.channel == "email"


async def test_an_agent_reply_sent_again_after_a_lost_outcome_keeps_its_message_id(
    env: EmailEnv,
) -> None:
    """The fence cannot stop a resend when a worker died between the relay's 250 and the
    store recording it; the resend then carries the same Message-ID, so the customer's
    mail client shows one message."""
    from bot.store.protocol import OutboxItem, OutboxStatus
    from domain.types import Address, Outbound

    await env.send(corpus("new_en_outage.eml"))
    await env.deliver()
    agent = Outbound(
        Address("email", "ana@example.com"), "We are on it.", ticket_number=10001, kind="agent"
    )
    await env.store.commit(TurnCommit(at=env.clock(), outbox=(OutboxItem("ag1", agent),)))
    (first,) = await env.deliver()
    # the outcome was lost: the item is owed again, as after its lease ran out
    await env.store.finish_outbox("ag1", status=OutboxStatus.PENDING)
    (again,) = await env.deliver()
    assert again.message["Message-ID"] == first.message["Message-ID"]
    assert first.message["Message-ID"].endswith("@example.com>")
