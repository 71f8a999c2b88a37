"""Intake through the engine while a maintenance window runs (the plan's monthly window,
and one staff scheduled over the API): the first reply mentions it first, in the
customer's language, and the usual intake goes on."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.app import Services
from domain.types import Address, Inbound
from tests.app_harness import app_settings, running_app
from tests.conftest import Clock

API = {"Authorization": "Bearer t0ken"}
IN_MONTHLY = datetime(2026, 12, 19, 6, 0, tzinfo=UTC)  # Friday 18 December, 23:00 MST


async def _chat(services: Services, session: str, text: str, clock: Clock, n: int = 1) -> str:
    inbound = Inbound(
        address=Address("webchat", session), text=text, external_id=f"{session}-{n}",
        received_at=clock(),
    )  # fmt: skip
    result = await services.engine.handle(inbound, inline=True)
    return "\n".join(r.text for r in result.replies)


async def test_during_the_monthly_window_the_first_reply_mentions_it_first(
    tmp_path: Path,
) -> None:
    clock = Clock(IN_MONTHLY)
    settings = app_settings(tmp_path, channels={"webchat": {"enabled": True}})
    async with running_app(settings, clock) as (services, _):
        services.timers.stop()
        reply = await _chat(services, "s1", "No dial tone on any of our phones since 10pm", clock)
        assert reply.startswith("Before we go on: Monthly scheduled maintenance is under way until")
        assert "Saturday, December 19 at 4:00 AM MST" in reply
        assert "?" in reply.split("I'll still take your report.", 1)[1]  # the intake asks on
        spanish = await _chat(services, "s2", "No hay tono en ningún teléfono de la oficina", clock)
        assert spanish.startswith("Antes de seguir: Mantenimiento mensual programado está en curso")
        billing = await _chat(services, "s3", "Our invoice charged us twice this month", clock)
        assert "maintenance" not in billing.lower()


async def test_a_window_scheduled_over_the_api_is_mentioned_by_its_keywords(
    tmp_path: Path,
) -> None:
    clock = Clock(datetime(2026, 12, 1, 15, tzinfo=UTC))
    settings = app_settings(tmp_path, channels={"webchat": {"enabled": True}})
    async with running_app(settings, clock) as (services, client):
        services.timers.stop()
        made = await client.post(
            "/api/maintenance",
            json={
                "title": {"en": "Fax gateway move", "es": "Traslado de la pasarela de fax"},
                "summary": {"en": "Faxes queue for an hour.", "es": "Los faxes esperan una hora."},
                "starts_at": "2026-12-01T15:00:00Z",
                "ends_at": "2026-12-01T17:00:00Z",
                "products": ["Fax to email"],
                "keywords": ["fax", "faxes"],
            },
            headers=API,
        )
        assert made.status_code == 201, made.text
        reply = await _chat(services, "f1", "Our faxes are not arriving by email at all", clock)
        assert reply.startswith("Before we go on: Fax gateway move is under way")
        assert "Faxes queue for an hour." in reply
        cancelled = await client.delete(f"/api/maintenance/{made.json()['id']}", headers=API)
        assert cancelled.status_code == 200  # seen at once by this worker, others within 1 s
        after = await _chat(services, "f2", "Our faxes are not arriving by email at all", clock)
        assert not after.startswith("Before we go on")
