"""Issue 17 item 7 through the whole app (SMS over a fake Twilio, the Slack desk over a fake
Slack, email to a real aiosmtpd relay): on CallTower a ticket from someone not listed for the
account they name is flagged on its card and in the API, and their MACD request waits until
an MPOC approves it from the link in the email the relay received."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

import pytest

from domain.types import Address, Ticket
from tests.channels.email_support import SUPPORT, CapturingRelay, drain_inbox, send, text_of
from tests.conftest import Clock
from tests.handoff.conftest import ANA, Desk, running_desk
from tests.handoff.test_desk_lifecycle import answer_intake, last_card, thread

MIA = "mia@example.com"  # the account's MPOC
BOB = "+14155550199"  # listed for the account, by phone
CONTACTS = f"""account,name,role,phone,email,telegram
AC-10442,Mia Boss,mpoc,,{MIA},
AC-10442,Bob Listed,authorized,+1 (415) 555-0199,,
"""
MACD = "Please add a new user and a phone for our new hire"
LINK = re.compile(r"https://support\.example\.com(/approvals/[A-Za-z0-9_-]+)")


@pytest.fixture
async def relay() -> AsyncIterator[CapturingRelay]:
    relay = CapturingRelay()
    await relay.start()
    yield relay
    await relay.stop()


def _email(relay: CapturingRelay) -> dict[str, object]:
    return {
        "enabled": True,
        "listen_port": 0,
        "addresses": [SUPPORT],
        "from_address": SUPPORT,
        "relay": {"host": "127.0.0.1", "port": relay.port},
    }


def _desk(
    tmp_path: Path, clock: Clock, relay: CapturingRelay, **config: Any
) -> AbstractAsyncContextManager[Desk]:
    file = tmp_path / "contacts.csv"
    file.write_text(CONTACTS, encoding="utf-8")
    return running_desk(
        tmp_path, clock, channels={"email": _email(relay)}, contacts={"file": str(file)}, **config
    )


async def _api_ticket(desk: Desk, number: int) -> dict[str, Any]:
    r = await desk.client.get(f"/api/tickets/{number}", headers={"Authorization": "Bearer t0ken"})
    assert r.status_code == 200
    return r.json()  # type: ignore[no-any-return]


MACD_ES = "Por favor añadan un usuario nuevo y un teléfono para una nueva incorporación"


async def _macd(desk: Desk, sender: str = ANA, *, spanish: bool = False) -> Ticket:
    answers = (MACD_ES, "estándar", "sí") if spanish else (MACD, "standard", "yes")
    first, speed, confirm = answers
    for text in (first, "Ana Perez", "AC-10442", "ana@example.com", speed, confirm):
        await desk.text(text, sender=sender)
    (ticket,) = await desk.store.list_tickets(address=Address("sms", sender))
    assert ticket.priority == "MACD"
    return ticket


async def test_an_unlisted_calltower_contact_is_flagged_on_the_card_and_in_the_api(
    tmp_path: Path, clock: Clock, relay: CapturingRelay
) -> None:
    async with _desk(tmp_path, clock, relay) as desk:
        ticket = await answer_intake(desk, "The voicemail light is stuck on for my phone only")
        card = last_card(desk, ticket.number)
        assert "Unverified contact* (not listed for account AC-10442)" in card
        assert "Awaiting MPOC approval" not in card  # not a MACD: nothing held
        shown = (await desk.command(str(ticket.number))).json()["text"]  # /ticket 10001
        assert "Unverified contact* (not listed for account AC-10442)" in shown
        data = await _api_ticket(desk, ticket.number)
        assert data["contact"] == {"verified": False, "account": "AC-10442", "approval": None}
        assert await desk.store.outbox_for(Address("email", MIA)) == []


async def test_a_listed_contact_is_not_flagged_and_their_macd_is_not_held(
    tmp_path: Path, clock: Clock, relay: CapturingRelay
) -> None:
    async with _desk(tmp_path, clock, relay) as desk:
        ticket = await _macd(desk, sender=BOB)  # listed as (415) 555-0199: the same number
        card = last_card(desk, ticket.number)
        assert "Unverified" not in card and "Awaiting MPOC approval" not in card
        data = await _api_ticket(desk, ticket.number)
        assert data["contact"] == {"verified": True, "account": "AC-10442", "approval": None}
        assert await desk.store.outbox_for(Address("email", MIA)) == []
        assert not any("awaits approval" in t for t in await desk.outbox_texts(BOB))


async def test_an_unlisted_contacts_macd_waits_for_an_mpoc_who_approves_it_by_email(
    tmp_path: Path, clock: Clock, relay: CapturingRelay
) -> None:
    async with _desk(tmp_path, clock, relay) as desk:
        ticket = await _macd(desk)
        told = (await desk.outbox_texts())[-1]
        assert "awaits approval from account AC-10442's authorised contact (MPOC)" in told
        card = last_card(desk, ticket.number)
        assert "Awaiting MPOC approval* (1 MPOC(s) of AC-10442 emailed)" in card
        assert (await _api_ticket(desk, ticket.number))["contact"]["approval"] == "awaiting"

        await desk.services.dispatcher.deliver_due()  # through the outbox and the email lane
        (mail,) = [m for m in relay.received if m.rcpt_tos == [MIA]]
        assert "Approval needed: change request on account AC-10442" in mail.message["Subject"]
        body = text_of(mail.message)
        assert "Hello Mia Boss" in body and MACD in body
        match = LINK.search(body)
        assert match is not None
        path = match.group(1)

        page = await desk.client.get(path)  # a mail scanner's fetch decides nothing
        assert page.status_code == 200 and 'value="approve"' in page.text
        assert page.headers["cache-control"] == "no-store"
        assert (await _api_ticket(desk, ticket.number))["contact"]["approval"] == "awaiting"

        done = await desk.client.post(path, data={"decision": "approve"})
        assert done.status_code == 200 and "the request is approved" in done.text
        data = await _api_ticket(desk, ticket.number)
        assert data["contact"] == {"verified": False, "account": "AC-10442", "approval": "approved"}
        card = last_card(desk, ticket.number)
        assert "Approved by the account's MPOC" in card and "Awaiting" not in card
        card_ts = (await desk.card(ticket.number)).ts
        assert any("Mia Boss (MPOC) approved" in t for t in thread(desk, card_ts))
        await desk.services.dispatcher.deliver_due()
        texts = [m["Body"] for m in desk.twilio.messages]
        assert any("your MPOC approved the change" in t for t in texts)
        history = await desk.store.transcript(ticket.conversation_id)
        assert "your MPOC approved the change" in history[-1].text

        again = await desk.client.post(path, data={"decision": "deny"})  # the first one won
        assert "already approved" in again.text
        assert (await _api_ticket(desk, ticket.number))["contact"]["approval"] == "approved"


async def test_a_denied_macd_is_told_politely_in_spanish_and_a_bad_link_decides_nothing(
    tmp_path: Path, clock: Clock, relay: CapturingRelay
) -> None:
    async with _desk(tmp_path, clock, relay) as desk:
        ticket = await _macd(desk, spanish=True)
        told = (await desk.outbox_texts())[-1]
        assert "espera la aprobación del contacto autorizado (MPOC) de la cuenta AC-10442" in told
        await desk.services.dispatcher.deliver_due()
        (mail,) = [m for m in relay.received if m.rcpt_tos == [MIA]]
        assert text_of(mail.message).startswith("Hola, Mia Boss:")
        match = LINK.search(text_of(mail.message))
        assert match is not None
        path = match.group(1)

        forged = await desk.client.post(path[:-3] + "AAA", data={"decision": "approve"})
        assert forged.status_code == 404 and "not valid" in forged.text
        odd = await desk.client.post(path, data={"decision": "maybe"})
        assert odd.status_code == 400
        huge = await desk.client.post(path, content=b"decision=approve&" + b"x" * 5000)
        assert huge.status_code == 413
        assert (await _api_ticket(desk, ticket.number))["contact"]["approval"] == "awaiting"

        page = await desk.client.get(path)
        assert 'lang="es"' in page.text and ">Rechazar</button>" in page.text
        done = await desk.client.post(path, data={"decision": "deny"})
        assert "la solicitud queda rechazada" in done.text
        assert "Denied by the account's MPOC" in last_card(desk, ticket.number)
        told = (await desk.outbox_texts())[-1]
        assert "su MPOC no aprobó el cambio" in told and "Lo sentimos" in told


async def test_an_approval_link_stops_working_when_it_expires(
    tmp_path: Path, clock: Clock, relay: CapturingRelay
) -> None:
    async with _desk(tmp_path, clock, relay) as desk:
        ticket = await _macd(desk)
        await desk.services.dispatcher.deliver_due()
        (mail,) = [m for m in relay.received if m.rcpt_tos == [MIA]]
        match = LINK.search(text_of(mail.message))
        assert match is not None
        clock.advance(days=7, minutes=1)
        late = await desk.client.post(match.group(1), data={"decision": "approve"})
        assert late.status_code == 404
        assert (await _api_ticket(desk, ticket.number))["contact"]["approval"] == "awaiting"


@pytest.mark.parametrize("plan", ["somos", "att-bvoip", "connexcs", "ringover"])
async def test_plans_without_the_rule_check_nobody(
    tmp_path: Path, clock: Clock, relay: CapturingRelay, plan: str
) -> None:
    async with _desk(tmp_path, clock, relay, policy=plan) as desk:
        ticket = await answer_intake(desk, "Please add a new user for our new hire")
        assert "Unverified" not in last_card(desk, ticket.number)
        data = await _api_ticket(desk, ticket.number)
        assert data["contact"] == {"verified": None, "account": "", "approval": None}
        assert await desk.store.outbox_for(Address("email", MIA)) == []


RITA_MAIL = b"""From: Rita Roe <rita@example.com>
To: support@example.com
Subject: New user please
Date: Tue, 24 Nov 2026 09:55:00 -0700
Message-ID: <macd001@mail.example.com>
MIME-Version: 1.0
Content-Type: text/plain; charset="UTF-8"

Hi,

please add a new user and a phone for our new hire starting Monday.
Our account is AC-10442.

Thanks,
Rita Roe
"""


async def test_an_unlisted_email_senders_change_request_is_held_and_released_in_its_thread(
    tmp_path: Path, clock: Clock, relay: CapturingRelay
) -> None:
    async with _desk(tmp_path, clock, relay) as desk:
        channel = desk.services.channels["email"]
        assert await send(getattr(channel, "port", 0), RITA_MAIL) == {}
        await drain_inbox(desk.store, desk.services.dispatcher, clock)
        (ticket,) = await desk.store.list_tickets(address=Address("email", "rita@example.com"))
        assert ticket.assessment["service"] == "change"  # a MACD by what it asks, even at P4
        await desk.services.dispatcher.deliver_due()
        (reply,) = [m for m in relay.received if m.rcpt_tos == ["rita@example.com"]]
        assert "We have emailed the authorised contact of account AC-10442" in text_of(
            reply.message
        )
        (request,) = [m for m in relay.received if m.rcpt_tos == [MIA]]
        assert f"[#{ticket.number}]" not in request.message["Subject"]  # not the customer's thread
        match = LINK.search(text_of(request.message))
        assert match is not None

        await desk.client.post(match.group(1), data={"decision": "approve"})
        await desk.services.dispatcher.deliver_due()
        news = [m for m in relay.received if m.rcpt_tos == ["rita@example.com"]][-1].message
        assert "your account's authorised contact approved" in text_of(news)
        assert f"[#{ticket.number}]" in news["Subject"]  # in the customer's own thread
