"""The contacts API: an account's authorized contacts listed with tickets:read, added and
removed with contacts:write; the operator's file's entries listed but never removed; what
the API adds counts when a customer's ticket is checked."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from domain.types import Address
from tests.api.conftest import LEGACY, READER, WRITER, Api, running_api
from tests.conftest import Clock
from tests.handoff.conftest import ANA, Desk

CONTACTS_ONLY = "contacts-token-0123456789"
FILE = """[[contacts]]
account = "AC-10442"
name = "Mia Boss"
role = "mpoc"
email = "Mia@Example.com"
"""
BASE = "/api/accounts/AC-10442/contacts"


@pytest.fixture
async def world(tmp_path: Path, clock: Clock) -> AsyncIterator[tuple[Desk, Api]]:
    contacts = tmp_path / "contacts.toml"
    contacts.write_text(FILE, encoding="utf-8")
    tokens = tmp_path / "tokens.toml"
    tokens.write_text(
        f'[[tokens]]\nname = "directory"\nscopes = ["contacts:write"]\ntoken = "{CONTACTS_ONLY}"\n'
    )
    async with running_api(
        tmp_path, clock, contacts={"file": str(contacts)}, api={"tokens_file": str(tokens)}
    ) as both:
        yield both


@pytest.mark.route("GET /api/accounts/{account}/contacts")
async def test_a_reader_lists_the_files_and_the_apis_contacts(api: Api) -> None:
    r = await api.get(BASE, token=READER)
    assert r.status_code == 200
    (mia,) = r.json()["contacts"]
    assert mia["email"] == "mia@example.com" and mia["source"] == "file" and mia["role"] == "mpoc"
    assert (await api.get("/api/accounts/ac-10442/contacts", token=READER)).json()["contacts"] == [
        mia
    ]  # an account is named in any case
    assert (await api.get("/api/accounts/ZZ-1/contacts", token=READER)).json()["contacts"] == []
    assert (await api.get(BASE + "?limit=5", token=READER)).status_code == 400
    assert (await api.get(BASE, token=CONTACTS_ONLY)).status_code == 403  # not tickets:read
    assert (await api.get(BASE, token=None)).status_code == 401


@pytest.mark.route("POST /api/accounts/{account}/contacts")
async def test_contacts_write_adds_a_contact_with_its_phone_made_e164(api: Api) -> None:
    new = {"name": "Bob Listed", "role": "authorized", "phone": "(415) 555-0199"}
    assert (await api.post(BASE, json=new, token=WRITER)).status_code == 403  # tickets:write
    assert (await api.post(BASE, json=new, token=READER)).status_code == 403
    r = await api.post(BASE, json=new, token=CONTACTS_ONLY)
    assert r.status_code == 201, r.text
    bob = r.json()
    assert (
        bob["phone"] == "+14155550199" and bob["source"] == "api" and bob["account"] == "AC-10442"
    )
    listed = (await api.get(BASE, token=READER)).json()["contacts"]
    assert [c["name"] for c in listed] == ["Mia Boss", "Bob Listed"]

    again = await api.post(BASE, json={"name": "Bob", "phone": "+1 415 555 0199"}, token=LEGACY)
    assert again.status_code == 409 and again.json()["existing"] == bob["id"]
    bad = await api.post(BASE, json={"name": "X", "phone": "12", "role": "boss"}, token=LEGACY)
    assert bad.status_code == 400
    assert {p["key"] for p in bad.json()["problems"]} == {"phone", "role"}
    none = await api.post(BASE, json={"name": "Nobody"}, token=LEGACY)
    assert [p["key"] for p in none.json()["problems"]] == ["(contact)"]
    other = await api.post(BASE, json={**new, "account": "ZZ-1"}, token=LEGACY)
    assert other.status_code == 400


@pytest.mark.route("DELETE /api/accounts/{account}/contacts/{id}")
async def test_contacts_write_removes_what_the_api_added_but_not_the_files_entries(
    api: Api,
) -> None:
    bob = (await api.post(BASE, json={"name": "Bob", "telegram": "5550001"}, token=LEGACY)).json()
    assert (await api.delete(f"{BASE}/{bob['id']}", token=READER)).status_code == 403
    assert (await api.delete(f"{BASE}/{bob['id']}", token=CONTACTS_ONLY)).status_code == 204
    assert (await api.delete(f"{BASE}/{bob['id']}", token=CONTACTS_ONLY)).status_code == 404
    refused = await api.delete(f"{BASE}/file:1", token=CONTACTS_ONLY)
    assert refused.status_code == 409 and "edit the file" in refused.json()["detail"]
    names = [c["name"] for c in (await api.get(BASE, token=READER)).json()["contacts"]]
    assert names == ["Mia Boss"]


async def test_a_contact_the_api_added_is_recognised_when_they_open_a_ticket(
    desk: Desk, api: Api
) -> None:
    r = await api.post(BASE, json={"name": "Ana Perez", "phone": ANA}, token=LEGACY)
    assert r.status_code == 201
    ticket = await desk.open_ticket()  # Ana over SMS, naming AC-10442
    fresh = await desk.store.get_ticket(ticket.number)
    data = (await api.get(f"/api/tickets/{fresh.number}", token=READER)).json()
    assert data["contact"] == {"verified": True, "account": "AC-10442", "approval": None}
    await api.delete(f"{BASE}/{r.json()['id']}", token=LEGACY)
    other = await desk.open_ticket(sender="+14155550123")
    data = (await api.get(f"/api/tickets/{other.number}", token=READER)).json()
    assert data["contact"]["verified"] is False
    assert await desk.store.outbox_for(Address("email", "mia@example.com")) == []


@pytest.mark.route("POST /api/accounts/{account}/contacts")
async def test_a_contact_may_list_the_accounts_products_for_maintenance_notices(
    api: Api,
) -> None:
    new = {"name": "Ops", "role": "maintenance", "email": "ops@example.com"}
    r = await api.post(
        BASE, json={**new, "products": ["voice", " CallTower Connect "]}, token=LEGACY
    )
    assert r.status_code == 201, r.text
    assert r.json()["products"] == ["voice", "CallTower Connect"]
    listed = (await api.get(BASE, token=READER)).json()["contacts"]
    assert [c["products"] for c in listed] == [[], ["voice", "CallTower Connect"]]
    bad = await api.post(BASE, json={**new, "email": "x@example.com", "products": 3}, token=LEGACY)
    assert [p["key"] for p in bad.json()["problems"]] == ["products"]
