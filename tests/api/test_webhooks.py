"""Outbound webhooks: events enqueued with the change, signed (verified by the
`standardwebhooks` package in a real receiver), retried after a 500, kept across a
restart, listed and replayable."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import WEBHOOK_EVENTS, WebhookConfig
from bot.webhooks.sender import sign
from tests.api.conftest import READER, Api, running_api
from tests.api.webhook_receiver import SECRET, receiver
from tests.conftest import Clock


def _hooks(url: str, events: tuple[str, ...] = WEBHOOK_EVENTS) -> list[WebhookConfig]:
    return [WebhookConfig(name="crm", url=url, secret=SECRET, events=list(events))]  # type: ignore[arg-type]


async def _deliveries(api: Api, **params: str) -> list[dict]:  # type: ignore[type-arg]
    r = await api.get("/api/webhooks/deliveries", params=params, token=READER)
    assert r.status_code == 200, r.text
    return r.json()["deliveries"]  # type: ignore[no-any-return]


def test_the_signature_is_the_standard_webhooks_one() -> None:
    from standardwebhooks.webhooks import Webhook

    body = b'{"type":"ticket.opened"}'
    ours = sign(SECRET, "msg_1", 1_700_000_000, body)
    from datetime import UTC, datetime

    theirs = Webhook(SECRET).sign(
        "msg_1", datetime.fromtimestamp(1_700_000_000, UTC), body.decode()
    )
    assert ours == theirs


@pytest.mark.route("GET /api/webhooks/deliveries")
async def test_events_are_signed_delivered_and_retried_after_a_500(
    tmp_path: Path, clock: Clock
) -> None:
    async with (
        receiver() as rec,
        running_api(tmp_path, clock, webhooks=_hooks(rec.url)) as (
            desk,
            api,
        ),
    ):
        ticket = await desk.open_ticket()
        queued = await _deliveries(api)
        assert {d["event"] for d in queued} >= {"ticket.opened", "message.received"}
        assert all(d["status"] == "pending" for d in queued)

        rec.fail_next = 1
        await desk.services.dispatcher.deliver_due()
        assert rec.refused == []  # every signature verified
        failed = await _deliveries(api, status="pending")
        assert len(failed) == 1 and failed[0]["attempts"] == 1
        assert "HTTP 500" in failed[0]["last_error"]
        clock.advance(minutes=10)
        await desk.services.dispatcher.deliver_due()
        assert rec.refused == [] and await _deliveries(api, status="pending") == []
        assert rec.attempts == len(queued) + 1
        ids = [r.webhook_id for r in rec.got]
        assert sorted(ids) == sorted(d["webhook_id"] for d in queued)  # each once, none lost
        opened = next(r for r in rec.got if r.type == "ticket.opened")
        assert opened.data["ticket"]["number"] == ticket.number
        said = [r.data["message"]["text"] for r in rec.got if r.type == "message.received"]
        assert "Voicemail light stuck on for my phone only" in said

        # an agent's change emits its events through the same commit
        await api.patch(f"/api/tickets/{ticket.number}", json={"priority": "P2"})
        await api.patch(f"/api/tickets/{ticket.number}", json={"status": "in_progress"})
        await desk.services.dispatcher.deliver_due()
        assert rec.types()[-2:] == ["ticket.updated", "ticket.status_changed"]
        change = rec.got[-1].data["status"]
        assert change == {"from": "new", "to": "in_progress"}


@pytest.mark.route("POST /api/webhooks/deliveries/{id}/replay")
async def test_nothing_is_lost_across_a_restart_and_a_delivery_can_be_replayed(
    tmp_path: Path, clock: Clock
) -> None:
    async with receiver() as rec:
        hooks = _hooks(rec.url, ("ticket.opened",))
        async with running_api(tmp_path, clock, webhooks=hooks) as (desk, api):
            await desk.open_ticket()
            rec.fail_next = 1
            await desk.services.dispatcher.deliver_due()  # tried once, 500
            assert rec.got == [] and rec.attempts == 1
        # the server stops and starts again on the same store
        clock.advance(minutes=10)
        async with running_api(tmp_path, clock, webhooks=hooks) as (desk, api):
            await desk.services.dispatcher.deliver_due()
            assert rec.types() == ["ticket.opened"] and rec.refused == []
            (done,) = await _deliveries(api)
            assert done["status"] == "delivered" and done["attempts"] == 1

            r = await api.post(f"/api/webhooks/deliveries/{done['id']}/replay")
            assert r.status_code == 202 and r.json()["webhook_id"] == done["webhook_id"]
            await desk.services.dispatcher.deliver_due()
            assert [x.webhook_id for x in rec.got] == [done["webhook_id"]] * 2
            assert rec.got[0].data == rec.got[1].data
            assert (await api.post("/api/webhooks/deliveries/nope/replay")).status_code == 404
            denied = await api.post(f"/api/webhooks/deliveries/{done['id']}/replay", token=READER)
            assert denied.status_code == 403
            assert len(await _deliveries(api)) == 2
            bad = await api.get("/api/webhooks/deliveries?endpoint=zendesk")
            assert bad.status_code == 400


async def test_an_endpoint_gets_only_the_events_it_subscribed_to(
    tmp_path: Path, clock: Clock
) -> None:
    async with receiver() as rec:
        async with running_api(
            tmp_path, clock, webhooks=_hooks(rec.url, ("ticket.status_changed",))
        ) as (desk, api):
            ticket = await desk.open_ticket()
            await desk.services.dispatcher.deliver_due()
            assert rec.got == []
            await api.patch(f"/api/tickets/{ticket.number}", json={"assignee": "Joe"})
            await desk.services.dispatcher.deliver_due()
            assert rec.types() == ["ticket.status_changed"]


def test_a_webhook_secret_must_be_whsec_base64() -> None:
    from pydantic import ValidationError

    for secret in ("plain", "whsec_***", "whsec_c2hvcnQ="):
        with pytest.raises(ValidationError):
            WebhookConfig(name="x", url="https://h", secret=secret, events=["ticket.opened"])  # type: ignore[arg-type]


async def test_a_first_response_breach_is_a_breached_event(tmp_path: Path, clock: Clock) -> None:
    async with receiver() as rec:
        hooks = _hooks(rec.url, ("ticket.breached",))
        async with running_api(tmp_path, clock, webhooks=hooks) as (desk, api):
            first = "Our phones are down at the whole office, nobody can make or receive calls"
            for text in (first, "Ana Perez", "AC-10442", "ana@example.com", "skip", "yes"):
                await desk.text(text)
            ticket = (await desk.store.list_tickets())[0]
            assert ticket.priority == "P1"  # 15 minutes to first response
            clock.advance(minutes=16)
            await desk.services.timers.run_due()
            await desk.services.dispatcher.deliver_due()
            assert rec.types() == ["ticket.breached"]
            assert rec.got[0].data["ticket"]["number"] == ticket.number
            assert rec.got[0].data["clock"] == "first_response"
            listed = await api.get("/api/tickets?breached=true")
            assert [t["number"] for t in listed.json()["tickets"]] == [ticket.number]
