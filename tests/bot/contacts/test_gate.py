"""The check a new ticket goes through on a plan with `[intake] authorized_contacts`: who
the sender is on each channel, when a listed contact still needs an MPOC's approval (an
identity the channel does not prove), and the plans that make no check at all."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest

from bot.contacts.directory import Directory
from bot.contacts.gate import ContactGate, approval_flag, sender_of
from bot.plan.policy import Policy, load_policy
from bot.store.sqlite.store import SqliteStore
from domain.contacts import Contact, Sender, contact_status
from domain.types import Address, Inbound, Ticket
from tests.factories import T0, make_ticket

MIA = Contact("AC-10442", "Mia Boss", "mpoc", email="mia@example.com", id="c1")
TOM = Contact("AC-10442", "Tom", "authorized", telegram="123456789", id="c2")


def _when(at: object, lang: str) -> str:
    return str(at)


def _ticket(address: Address, *, priority: str = "P4", **fields: str) -> Ticket:
    return make_ticket(
        address=address,
        channel=address.channel,
        priority=priority,
        fields={"account_id": "AC-10442", "name": "Ana", **fields},
        summary="Add a user",
        assessment={"service": "change"} if priority.startswith("MACD") else {},
    )


def _inbound(ticket: Ticket) -> Inbound:
    return Inbound(address=ticket.address, text="yes", external_id="m1", received_at=T0)


@pytest.fixture
async def directory(tmp_path: Path) -> AsyncIterator[Directory]:
    async with SqliteStore(tmp_path / "bot.db") as store:
        for contact in (MIA, TOM):
            await store.save_contact(contact)
        yield Directory(book=store, file=None, region="US")


def _gate(directory: Directory, policy: Policy) -> ContactGate:
    return ContactGate(
        directory=directory,
        policy=policy,
        public_base_url="https://support.example.com/",
        approval_days=7,
        format_time=_when,
    )


def test_the_sender_is_who_the_channel_says_and_a_typed_email_proves_nothing() -> None:
    sms = _ticket(Address("sms", "+14155550199"))
    assert sender_of(sms, "US") == Sender(phone="+14155550199")
    assert sender_of(_ticket(Address("telegram", "123456789")), "US") == Sender(
        telegram="123456789"
    )
    assert sender_of(_ticket(Address("email", "Mia@Example.com")), "US") == Sender(
        email="mia@example.com"
    )
    mail = _ticket(Address("email", "mia@example.com"))
    forged = Inbound(mail.address, "hi", "m1", T0, meta={"from_unverified": "1"})
    assert sender_of(mail, "US", forged) == Sender(email="mia@example.com", proven=False)
    chat = _ticket(Address("webchat", "sid-1"), email=" MIA@example.com ")
    assert sender_of(chat, "US") == Sender(email="mia@example.com", proven=False)


async def test_a_listed_telegram_user_and_a_listed_email_sender_open_macds_unheld(
    directory: Directory, calltower: Policy
) -> None:
    gate = _gate(directory, calltower)
    for address in (Address("telegram", "123456789"), Address("email", "mia@example.com")):
        ticket = _ticket(address, priority="MACD")
        opening = await gate(ticket, _inbound(ticket), now=T0, short=False)
        status = contact_status(opening.ticket.events)
        assert (status.verified, status.approval) == (True, None)
        assert opening.outbound == () and opening.texts == ()


async def test_an_mpocs_email_typed_into_the_web_chat_is_listed_but_its_macd_still_held(
    directory: Directory, calltower: Policy
) -> None:
    ticket = _ticket(Address("webchat", "sid-1"), priority="MACD", email="mia@example.com")
    ticket = replace(ticket, lang="es")
    opening = await _gate(directory, calltower)(ticket, _inbound(ticket), now=T0, short=False)
    status = contact_status(opening.ticket.events)
    assert (status.verified, status.approval) == (True, "awaiting")
    (request,) = opening.outbound
    assert request.address == Address("email", "mia@example.com")
    assert request.ticket_number is None  # not in the customer's mail thread
    token = request.text.split("/approvals/")[1].split()[0]
    ((key, grant),) = opening.flags
    assert key == approval_flag(token) and token not in key  # only the hash is kept
    assert json.loads(grant or "{}")["ticket"] == ticket.number
    assert "Hemos escrito al contacto autorizado de la cuenta AC-10442" in opening.texts[0]
    assert request.text.startswith("Hola, Mia Boss:")  # in the customer's language


async def test_an_account_without_an_mpoc_email_holds_the_macd_and_says_so(
    directory: Directory, calltower: Policy
) -> None:
    ticket = _ticket(Address("sms", "+14155550100"), priority="MACD", account_id="ZZ-9")
    opening = await _gate(directory, calltower)(ticket, _inbound(ticket), now=T0, short=True)
    status = contact_status(opening.ticket.events)
    assert (status.verified, status.account, status.approval) == (False, "ZZ-9", "awaiting")
    assert opening.outbound == ()
    assert opening.texts == (
        f"Ticket #{ticket.number} awaits approval from your account's authorised contact (MPOC).",
    )


async def test_an_incident_from_an_unlisted_sender_is_flagged_but_not_held(
    directory: Directory, calltower: Policy
) -> None:
    ticket = _ticket(Address("sms", "+14155550100"), priority="P2")
    opening = await _gate(directory, calltower)(ticket, _inbound(ticket), now=T0, short=False)
    status = contact_status(opening.ticket.events)
    assert (status.verified, status.approval) == (False, None)
    assert opening.outbound == () and opening.texts == ()


@pytest.mark.parametrize("plan", ["somos", "att-bvoip", "connexcs", "ringover"])
async def test_other_plans_check_nobody(directory: Directory, plan: str) -> None:
    policy = load_policy(plan)
    assert not policy.intake.authorized_contacts
    ticket = _ticket(Address("sms", "+14155550100"), priority=policy.priorities[-1].id)
    opening = await _gate(directory, policy)(ticket, _inbound(ticket), now=T0, short=False)
    assert opening.ticket == ticket and opening.outbound == () and opening.flags == ()
