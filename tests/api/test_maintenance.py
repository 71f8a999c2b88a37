"""Maintenance windows over the API (api/maintenance.py): scheduled with their notices,
listed beside the plan's own windows, called off; bad requests as problem+json."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import READER, WRITER, Api

WINDOW: dict[str, Any] = {
    "title": {"en": "Core router upgrade", "es": "Actualización del router central"},
    "summary": {"en": "Calls may drop for a minute.", "es": "Las llamadas pueden cortarse."},
    "starts_at": "2026-12-04T23:00:00-07:00",
    "ends_at": "2026-12-05T03:00:00-07:00",
    "products": ["SIP trunks"],
    "services": ["voice"],
    "keywords": ["trunk", "troncal"],
}


async def _listed(api: Api) -> list[str]:
    r = await api.get("/api/maintenance", token=READER)
    assert r.status_code == 200, r.text
    return [w["id"] for w in r.json()["windows"]]


@pytest.mark.route("POST /api/maintenance")
@pytest.mark.route("GET /api/maintenance")
async def test_a_scheduled_window_is_listed_with_the_plans_windows_and_its_notices(
    api: Api,
) -> None:
    r = await api.post("/api/maintenance", json=WINDOW)
    assert r.status_code == 201, r.text
    made = r.json()
    assert made["id"] == "1" and made["origin"] == "api"
    assert made["starts_at"] == "2026-12-05T06:00:00+00:00"  # in UTC
    # a week before (23:00 on Friday 27 November, MST), at the start, at the end
    assert made["notices"] == [
        {"notice": "7d", "at": "2026-11-28T06:00:00+00:00"},
        {"notice": "start", "at": "2026-12-05T06:00:00+00:00"},
        {"notice": "end", "at": "2026-12-05T10:00:00+00:00"},
    ]
    # the clock is 24 November 2026: CallTower's Connect updates and monthly window follow
    assert (await _listed(api))[:4] == [
        "1",
        "connect-2026-12-08",
        "monthly-2026-12-18",
        "connect-2026-12-29",
    ]


@pytest.mark.route("DELETE /api/maintenance/{id}")
async def test_a_window_not_yet_announced_is_called_off_silently_and_leaves_the_list(
    api: Api,
) -> None:
    made = (await api.post("/api/maintenance", json=WINDOW)).json()
    r = await api.call("DELETE", f"/api/maintenance/{made['id']}")
    assert r.status_code == 200, r.text
    assert r.json()["cancelled_at"] is not None and r.json()["subscribers_told"] is False
    assert made["id"] not in await _listed(api)
    again = await api.call("DELETE", f"/api/maintenance/{made['id']}")
    assert again.status_code == 409
    assert again.headers["content-type"] == "application/problem+json"
    assert "already cancelled" in again.json()["detail"]
    missing = await api.call("DELETE", "/api/maintenance/99")
    assert missing.status_code == 404


@pytest.mark.route("DELETE /api/maintenance/{id}")
async def test_a_plan_window_can_be_called_off_for_one_month(api: Api) -> None:
    r = await api.call("DELETE", "/api/maintenance/monthly-2026-12-18")
    assert r.status_code == 200, r.text
    assert r.json()["origin"] == "plan"
    listed = await _listed(api)
    assert "monthly-2026-12-18" not in listed and "monthly-2027-01-15" in listed
    assert (await api.call("DELETE", "/api/maintenance/monthly-2026-12-19")).status_code == 404


@pytest.mark.route("POST /api/maintenance")
@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"starts_at": "2026-12-04T23:00:00"}, 400, "starts_at"),  # no offset
        ({"ends_at": "soon"}, 400, "ends_at"),
        ({"services": ["fax"]}, 400, "services"),
        ({"title": {"es": "Solo en español"}}, 400, "title"),
        ({"colour": "red"}, 400, "colour"),
        ({"ends_at": "2026-12-04T22:00:00-07:00"}, 409, None),  # ends before it starts
        ({"starts_at": "2026-11-01T00:00:00Z", "ends_at": "2026-11-02T00:00:00Z"}, 409, None),
    ],
)
async def test_a_bad_window_is_a_problem_naming_the_field(
    api: Api, change: dict[str, Any], status: int, field: str | None
) -> None:
    r = await api.post("/api/maintenance", json={**WINDOW, **change})
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json().get("parameter") == field


@pytest.mark.route("POST /api/maintenance")
async def test_scheduling_needs_the_incidents_write_scope(api: Api) -> None:
    for token in (READER, WRITER):
        r = await api.post("/api/maintenance", json=WINDOW, token=token)
        assert r.status_code == 403 and "incidents:write" in r.json()["detail"]
    assert (await api.post("/api/maintenance", json=WINDOW, token=None)).status_code == 401
