"""Maintenance on the public status page: the HTML section (en/es) with its subscribe form,
the `maintenance` list of /status.json (under way and scheduled) and Atom entries for the
windows already announced."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree as ET

import httpx

from bot.app import Services
from tests.app_harness import app_settings, running_app
from tests.conftest import Clock

API = {"Authorization": "Bearer t0ken"}
ATOM = "{http://www.w3.org/2005/Atom}"
FAX = {
    "title": {"en": "Fax <gateway> move", "es": "Traslado de la pasarela de fax"},
    "summary": {"en": "Faxes queue for an hour.", "es": "Los faxes esperan una hora."},
    "starts_at": "2026-12-03T15:00:00Z",
    "ends_at": "2026-12-03T17:00:00Z",
    "products": ["Fax to email"],
}


async def _schedule(client: httpx.AsyncClient, **change: object) -> str:
    made = await client.post("/api/maintenance", json={**FAX, **change}, headers=API)
    assert made.status_code == 201, made.text
    return str(made.json()["id"])


async def _page(services: Services, client: httpx.AsyncClient, path: str) -> httpx.Response:
    response = await client.get(path)
    assert response.status_code == 200, response.text
    return response


async def test_the_page_lists_the_months_windows_in_english_and_spanish(tmp_path: Path) -> None:
    clock = Clock(datetime(2026, 12, 1, 12, tzinfo=UTC))
    async with running_app(app_settings(tmp_path, channels={}), clock) as (services, client):
        await _schedule(client)
        english = (await _page(services, client, "/status?lang=en")).text
        assert "<h2>Scheduled maintenance</h2>" in english
        assert "All systems are working normally." in english  # maintenance is no incident
        order = [english.index(f'id="maintenance-{i}"') for i in ("1", "connect-2026-12-08")]
        assert order == sorted(order)
        assert 'id="maintenance-monthly-2026-12-18"' in english
        assert "Fax &lt;gateway&gt; move" in english  # escaped, never markup
        assert "Affects: Fax to email" in english
        assert (
            "Friday, December 18 at 10:00 PM MST to Saturday, December 19 at 4:00 AM MST" in english
        )
        assert 'name="what" value="platform:maintenance"' in english
        assert "connect-2027-01-19" not in english  # more than a month ahead
        spanish = (await _page(services, client, "/status?lang=es")).text
        assert "<h2>Mantenimiento programado</h2>" in spanish
        assert "Actualización de CallTower Connect" in spanish
        assert "Del viernes 18 de diciembre a las 22:00 MST" in spanish
        asked = await client.post(
            "/status/subscribe",
            data={"email": "eva@customer.example", "what": "platform:maintenance"},
        )
        assert asked.status_code == 202


async def test_the_json_lists_windows_under_way_and_scheduled_not_cancelled(
    tmp_path: Path,
) -> None:
    clock = Clock(datetime(2026, 12, 3, 16, tzinfo=UTC))
    async with running_app(app_settings(tmp_path, channels={}), clock) as (services, client):
        await _schedule(client)
        off = await _schedule(
            client, starts_at="2026-12-04T15:00:00Z", ends_at="2026-12-04T16:00:00Z"
        )
        assert (await client.delete(f"/api/maintenance/{off}", headers=API)).status_code == 200
        doc = (await _page(services, client, "/status.json")).json()
        listed = {w["id"]: w for w in doc["maintenance"]}
        assert off not in listed
        assert listed["1"]["status"] == "in_progress"
        assert listed["1"]["title"]["es"] == "Traslado de la pasarela de fax"
        assert listed["connect-2026-12-08"]["status"] == "scheduled"
        assert listed["monthly-2026-12-18"]["starts_at"] == "2026-12-19T05:00:00+00:00"
        assert not {"subscribers", "keywords", "notices", "version"} & set(listed["1"])
        page = (await _page(services, client, "/status")).text
        assert '<span class="badge running">Under way</span>' in page
        assert "All systems are working normally." not in page  # not while work is under way


async def test_the_feed_has_an_entry_for_each_window_once_it_is_announced(
    tmp_path: Path,
) -> None:
    # 12 December 2026, 06:00 UTC: the monthly window (18th) was announced at 05:00
    clock = Clock(datetime(2026, 12, 12, 6, tzinfo=UTC))
    async with running_app(app_settings(tmp_path, channels={}), clock) as (services, client):
        response = await _page(services, client, "/status.atom")
        feed = ET.fromstring(response.content)
        entries = feed.findall(f"{ATOM}entry")
        ids = [e.findtext(f"{ATOM}id") or "" for e in entries]
        assert ids == ["https://support.example.com/status#maintenance-monthly-2026-12-18"]
        [entry] = entries
        assert entry.findtext(f"{ATOM}updated") == "2026-12-12T05:00:00Z"
        assert (entry.findtext(f"{ATOM}title") or "").startswith("Monthly scheduled maintenance")
        assert "Affects: CallTower voice" in (entry.findtext(f"{ATOM}content") or "")
        for name in ("id", "title", "updated", "author"):
            assert len(feed.findall(f"{ATOM}{name}")) == 1, name
