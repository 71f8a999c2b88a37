"""The incidents API as part of the ticket API (api/incidents.py): every operation in the
OpenAPI document and checked against it, errors as problem+json, the `incident` filter
of GET /api/tickets, and the incident.opened / incident.updated webhook events."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.problems import MEDIA_TYPE
from bot.config import WebhookConfig
from tests.api.conftest import READER, Api, running_api
from tests.api.webhook_receiver import SECRET, receiver
from tests.conftest import Clock
from tests.handoff.conftest import Desk

VOICEMAIL = {"title": "Voicemail lights stuck", "match": {"keywords": ["voicemail light"]}}


def _problem(response: object, status: int, kind: str) -> None:
    import httpx

    assert isinstance(response, httpx.Response)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(MEDIA_TYPE)
    assert response.json()["type"] == f"urn:supportbot:problem:{kind}"


@pytest.mark.route("POST /api/incidents")
@pytest.mark.route("GET /api/incidents")
@pytest.mark.route("GET /api/incidents/{id}")
@pytest.mark.route("POST /api/incidents/{id}/children")
@pytest.mark.route("DELETE /api/incidents/{id}/children/{ticket}")
async def test_open_link_list_and_unlink_with_problems_for_what_does_not_apply(
    desk: Desk, api: Api
) -> None:
    ticket = await desk.open_ticket()  # "Voicemail light stuck on for my phone only"
    opened = await api.post("/api/incidents", json=VOICEMAIL)
    assert opened.status_code == 201 and opened.json()["candidates"] == [ticket.number]
    incident = opened.json()["id"]

    linked = await api.post(f"/api/incidents/{incident}/children", json={"ticket": ticket.number})
    assert linked.json() == {"ticket": ticket.number, "priority": "P1G"}
    listed = await api.get("/api/incidents?status=open", token=READER)
    assert [i["id"] for i in listed.json()["incidents"]] == [incident]
    one = await api.get(f"/api/incidents/{incident}", token=READER)
    assert one.json()["children"] == [ticket.number]
    filtered = await api.get(f"/api/tickets?incident={incident}", token=READER)
    assert [t["number"] for t in filtered.json()["tickets"]] == [ticket.number]

    left = await api.call("DELETE", f"/api/incidents/{incident}/children/{ticket.number}")
    assert left.json()["priority"] == ticket.priority
    filtered = await api.get(f"/api/tickets?incident={incident}", token=READER)
    assert filtered.json()["tickets"] == []  # it left: no longer the incident's

    _problem(await api.get("/api/incidents/99", token=READER), 404, "not-found")
    _problem(await api.get("/api/incidents?status=closed"), 400, "bad-request")
    _problem(await api.get("/api/incidents?stat=open"), 400, "unknown-parameter")
    _problem(await api.post("/api/incidents", json={"title": " "}), 400, "bad-request")
    _problem(await api.post("/api/incidents", json=VOICEMAIL, token=READER), 403, "forbidden")
    _problem(await api.post("/api/incidents", json=VOICEMAIL, token=None), 401, "unauthorized")
    missing = await api.post(f"/api/incidents/{incident}/children", json={"ticket": 99999})
    _problem(missing, 404, "not-found")
    again = await api.call("DELETE", f"/api/incidents/{incident}/children/{ticket.number}")
    _problem(again, 409, "refused")
    _problem(await api.get("/api/tickets?incident=x", token=READER), 400, "bad-request")


async def test_an_incident_scoped_to_regions_offers_and_links_only_customers_there(
    desk: Desk, api: Api
) -> None:
    ticket = await desk.open_ticket()  # Ana's, by SMS from +1 415
    elsewhere = {**VOICEMAIL, "match": {"keywords": ["voicemail light"], "regions": ["+1214"]}}
    opened = await api.post("/api/incidents", json=elsewhere)
    assert opened.status_code == 201 and opened.json()["candidates"] == []
    here = {**VOICEMAIL, "match": {"keywords": ["voicemail light"], "sites": ["San Francisco"]}}
    here["match"]["regions"] = ["+1415"]
    opened = await api.post("/api/incidents", json=here)
    assert opened.json()["candidates"] == [ticket.number]
    one = await api.get(f"/api/incidents/{opened.json()['id']}", token=READER)
    assert one.json()["match"]["regions"] == ["+1415", "San Francisco"]
    bad = {**VOICEMAIL, "match": {"regions": "Dallas"}}
    _problem(await api.post("/api/incidents", json=bad), 400, "bad-request")


@pytest.mark.route("POST /api/incidents/{id}/updates")
@pytest.mark.route("POST /api/incidents/{id}/resolve")
@pytest.mark.route("POST /api/incidents/{id}/redeliver")
async def test_updates_and_the_resolution_are_told_in_the_background(desk: Desk, api: Api) -> None:
    incident = (await api.post("/api/incidents", json=VOICEMAIL)).json()["id"]
    await desk.text("My voicemail light is stuck on")
    posted = await api.post(f"/api/incidents/{incident}/updates", json={"text": "Found it."})
    assert posted.status_code == 200 and posted.json()["queued"] == 1
    await desk.services.incidents.jobs.drain()
    await desk.services.dispatcher.deliver_due()
    assert "Found it." in desk.twilio.messages[-1]["Body"]
    sent = len(desk.twilio.messages)
    again = await api.post(f"/api/incidents/{incident}/redeliver")
    assert again.status_code == 202  # a background job: the request does not wait for it
    assert again.json() == {"job": f"incident:{incident}:fanout:redeliver", "queued": 1}
    await desk.services.incidents.jobs.drain()
    await desk.services.dispatcher.deliver_due()
    assert len(desk.twilio.messages) == sent  # nobody is told twice
    _problem(await api.post("/api/incidents/99/redeliver"), 404, "not-found")

    resolved = await api.post(f"/api/incidents/{incident}/resolve", json={"text": "Fixed."})
    assert resolved.json()["status"] == "resolved"
    late = await api.post(f"/api/incidents/{incident}/updates", json={"text": "More."})
    _problem(late, 409, "refused")
    _problem(await api.post(f"/api/incidents/{incident}/resolve", json={}), 400, "bad-request")


async def test_incident_webhooks_say_when_one_opens_and_each_time_it_changes(
    tmp_path: Path, clock: Clock
) -> None:
    async with receiver() as rec:
        hooks = [
            WebhookConfig(
                name="noc",
                url=rec.url,
                secret=SECRET,  # type: ignore[arg-type]
                events=["incident.opened", "incident.updated"],
            )
        ]
        async with running_api(tmp_path, clock, webhooks=hooks) as (desk, api):
            incident = (await api.post("/api/incidents", json=VOICEMAIL)).json()["id"]
            await api.post(f"/api/incidents/{incident}/updates", json={"text": "Found it."})
            await desk.services.incidents.jobs.drain()
            await desk.services.dispatcher.deliver_due()
            assert rec.refused == []
            assert rec.types() == ["incident.opened", "incident.updated"]
            assert rec.got[0].data["incident"]["title"] == "Voicemail lights stuck"
            assert rec.got[1].data["update"]["text"] == "Found it."
            assert rec.got[1].data["incident"]["subscribers"] == 0  # a count, never addresses
