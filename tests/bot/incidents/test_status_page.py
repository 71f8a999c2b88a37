"""The public status page: HTML in the reader's language, the JSON document and a valid
Atom feed, from incidents opened and updated over the API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import httpx
import pytest

from bot.app import Services
from tests.app_harness import app_settings, running_app
from tests.conftest import Clock

API = {"Authorization": "Bearer t0ken"}
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
async def app(tmp_path: Path, clock: Clock) -> AsyncIterator[tuple[Services, httpx.AsyncClient]]:
    async with running_app(app_settings(tmp_path, channels={}), clock) as running:
        yield running


async def _post(client: httpx.AsyncClient, path: str, body: dict[str, Any]) -> Any:
    response = await client.post(path, json=body, headers=API)
    assert response.status_code in (200, 201), response.text
    return response.json()


async def _two_incidents(client: httpx.AsyncClient, clock: Clock) -> tuple[int, int]:
    down = await _post(
        client,
        "/api/incidents",
        {
            "title": "Dallas <SIP> trunks down",
            "summary": {"en": "Calls via Dallas fail.", "es": "Fallan las llamadas por Dallas."},
        },
    )
    clock.advance(minutes=10)
    await _post(
        client,
        f"/api/incidents/{down['id']}/updates",
        {"text": "Carrier engaged.", "text_es": "Operador avisado.", "status": "identified"},
    )
    fixed = await _post(client, "/api/incidents", {"title": "Portal login slow"})
    clock.advance(minutes=5)
    await _post(client, f"/api/incidents/{fixed['id']}/resolve", {"text": "Back to normal."})
    return down["id"], fixed["id"]


async def test_the_page_is_in_english_or_spanish_by_query_or_accept_language(
    app: tuple[Services, httpx.AsyncClient], clock: Clock
) -> None:
    _, client = app
    await _two_incidents(client, clock)
    english = await client.get("/status")
    assert english.status_code == 200
    assert '<html lang="en">' in english.text
    assert "Current incidents" in english.text and "Carrier engaged." in english.text
    assert "Recently resolved" in english.text and "Back to normal." in english.text
    assert "Dallas &lt;SIP&gt; trunks down" in english.text  # escaped, never markup
    assert 'name="viewport"' in english.text
    assert "http://" not in english.text and "https://" not in english.text  # no external assets
    spanish = await client.get("/status", headers={"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"})
    assert '<html lang="es">' in spanish.text
    assert "Incidencias en curso" in spanish.text and "Operador avisado." in spanish.text
    assert "Fallan las llamadas por Dallas." in spanish.text
    forced = await client.get("/status?lang=en", headers={"Accept-Language": "es"})
    assert "Current incidents" in forced.text


async def test_with_nothing_open_the_page_says_all_is_well(
    app: tuple[Services, httpx.AsyncClient],
) -> None:
    _, client = app
    page = await client.get("/status?lang=es")
    assert "Todos los sistemas funcionan con normalidad." in page.text


async def test_the_json_document_lists_open_and_resolved_incidents_without_private_data(
    app: tuple[Services, httpx.AsyncClient], clock: Clock
) -> None:
    _, client = app
    down, fixed = await _two_incidents(client, clock)
    doc = (await client.get("/status.json")).json()
    assert set(doc) == {"provider", "generated_at", "open", "resolved", "maintenance"}
    assert [i["id"] for i in doc["open"]] == [down]
    assert [i["id"] for i in doc["resolved"]] == [fixed]
    [opened] = doc["open"]
    assert opened["status"] == "identified"
    assert opened["updates"][0]["text_es"] == "Operador avisado."
    assert not {"children", "subscribers", "master_ticket", "match"} & set(opened)


async def test_an_incident_scoped_to_places_says_where_but_not_its_number_prefixes(
    app: tuple[Services, httpx.AsyncClient],
) -> None:
    _, client = app
    body = {"title": "Trunks down", "match": {"keywords": ["calls"]}}
    body["match"]["regions"] = ["Dallas", "Fort Worth", "+1214"]
    await _post(client, "/api/incidents", body)
    assert "Where: Dallas, Fort Worth" in (await client.get("/status?lang=en")).text
    assert "Dónde: Dallas, Fort Worth" in (await client.get("/status?lang=es")).text
    [opened] = (await client.get("/status.json")).json()["open"]
    assert opened["regions"] == ["Dallas", "Fort Worth"]


async def test_the_atom_feed_is_valid_atom_with_one_entry_per_update(
    app: tuple[Services, httpx.AsyncClient], clock: Clock
) -> None:
    _, client = app
    down, _ = await _two_incidents(client, clock)
    response = await client.get("/status.atom")
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    # RFC 4287 4.1.1: a feed has exactly one id, title and updated, and an author
    for name in ("id", "title", "updated", "author"):
        assert len(feed.findall(f"{ATOM}{name}")) == 1, name
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None
    entries = feed.findall(f"{ATOM}entry")
    # two openings, one update, one resolution
    assert len(entries) == 4
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        updated = entry.findtext(f"{ATOM}updated")
        assert updated is not None and updated.endswith("Z")
    newest = [e.findtext(f"{ATOM}updated") for e in entries]
    assert newest == sorted(newest, reverse=True)
    assert any(f"incident-{down}-1" in (i or "") for i in ids)
