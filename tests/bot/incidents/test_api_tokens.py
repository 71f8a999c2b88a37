"""The incidents API's tokens (api/tokens.py): `incidents:write` to change, `tickets:read`
to read."""

from __future__ import annotations

from pathlib import Path

from tests.app_harness import app_settings, running_app
from tests.conftest import Clock


async def test_the_incidents_api_needs_the_incidents_write_scope_to_change_anything(
    tmp_path: Path, clock: Clock
) -> None:
    tokens = [
        {"name": "reader", "scopes": ["tickets:read"], "token": "reader-token-0123456789abcdef"},
        {"name": "noc", "scopes": ["incidents:write"], "token": "noc-token-0123456789abcdefgh"},
    ]
    settings = app_settings(tmp_path, channels={}, api={"tokens": tokens})
    async with running_app(settings, clock) as (_, client):
        reader = {"Authorization": "Bearer reader-token-0123456789abcdef"}
        noc = {"Authorization": "Bearer noc-token-0123456789abcdefgh"}
        refused = await client.post("/api/incidents", json={"title": "x"}, headers=reader)
        assert refused.status_code == 403
        assert "incidents:write" in refused.json()["detail"]
        assert (await client.post("/api/incidents", json={"title": "x"})).status_code == 401
        created = await client.post("/api/incidents", json={"title": "Dallas"}, headers=noc)
        assert created.status_code == 201
        listed = await client.get("/api/incidents", headers=reader)
        assert [i["title"] for i in listed.json()["incidents"]] == ["Dallas"]
