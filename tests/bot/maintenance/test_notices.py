"""Maintenance notices by email on a settable clock (bot/maintenance/notices.py): the plan's
promise (CallTower: a week before, at the start and at the end; Connect: 24 hours before)
kept at local wall times across daylight-saving changes, to each subscriber once, in their
language where known."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import unquote

import pytest

from bot.store.protocol import TurnCommit
from domain.types import Address
from tests.bot.maintenance.maintenance_env import (
    MaintenanceEnv,
    body,
    maintenance_app,
    subject,
    to,
)
from tests.conftest import Clock
from tests.factories import make_ticket

EVA = "eva@customer.example"  # subscribed to voice: the monthly window's service
BOB = "bob@customer.example"  # subscribed to every maintenance window


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


@pytest.fixture
async def env(tmp_path: Path) -> AsyncIterator[MaintenanceEnv]:
    async with maintenance_app(tmp_path, Clock(utc(2027, 3, 1))) as running:
        await running.subscribe(EVA, "voice")
        await running.subscribe(BOB, "maintenance")
        yield running


async def test_the_monthly_window_is_announced_a_week_before_and_at_its_start_and_end(
    env: MaintenanceEnv,
) -> None:
    # Connect's update of Tuesday 2 March (21:00 MST) is announced 24 hours before, to Bob
    assert await env.at(utc(2027, 3, 2, 3, 59)) == []
    [connect] = await env.at(utc(2027, 3, 2, 4))
    assert to(connect) == BOB and subject(connect).startswith(
        "Scheduled maintenance: CallTower Connect update"
    )
    # March's window (Friday 19, 22:00 MDT) a week before at 22:00 MST: 169 hours, not 168
    assert await env.at(utc(2027, 3, 13, 4)) == []
    week = await env.at(utc(2027, 3, 13, 5))
    assert sorted(to(m) for m in week) == [BOB, EVA]
    text = body(week[0])
    assert (
        "Monthly scheduled maintenance is scheduled from Friday, March 19 at 10:00 PM MDT" in text
    )
    assert "to Saturday, March 20 at 4:00 AM MDT" in text
    assert "Affected: CallTower voice and collaboration services." in text
    assert "Why: Proactive maintenance" in text
    assert "To stop these emails: https://support.example.com/status/unsubscribe?t=" in text
    assert await env.at(utc(2027, 3, 20, 3, 59)) == []
    start = await env.at(utc(2027, 3, 20, 4))
    assert sorted(to(m) for m in start) == [BOB, EVA]
    assert subject(start[0]) == "Maintenance started: Monthly scheduled maintenance"
    assert "should end by Saturday, March 20 at 4:00 AM MDT" in body(start[0])
    assert await env.at(utc(2027, 3, 20, 9, 59)) == []
    end = await env.at(utc(2027, 3, 20, 10))
    assert sorted(to(m) for m in end) == [BOB, EVA]
    assert subject(end[0]) == "Maintenance finished: Monthly scheduled maintenance"


async def test_a_notice_fired_again_after_a_restart_reaches_nobody_twice(
    env: MaintenanceEnv,
) -> None:
    week = await env.at(utc(2027, 3, 13, 5))
    # the timers did not run since 1 March: Connect's notice of 2 March is not sent late
    assert sorted(to(m) for m in week) == [BOB, EVA]
    assert not [m for m in week if "Connect" in subject(m)]
    env.clock.now = utc(2027, 3, 13, 5, 30)
    # a worker started now fires what fell due in the last hour again
    await env.services.maintenance.notices.start()
    assert await env.services.timers.run_due() >= 1
    await env.deliver()
    assert len(env.relay.received) == 2


async def test_a_subscriber_who_wrote_in_spanish_gets_the_notice_in_spanish(
    env: MaintenanceEnv,
) -> None:
    ticket = make_ticket(address=Address("email", EVA), lang="es", created_at=utc(2027, 2, 1))
    await env.services.store.commit(TurnCommit(at=utc(2027, 2, 1), tickets=(ticket,)))
    week = await env.at(utc(2027, 3, 13, 5))
    [spanish] = [m for m in week if to(m) == EVA]
    assert subject(spanish).startswith("Mantenimiento programado: Mantenimiento mensual programado")
    assert "desde el viernes 19 de marzo a las 22:00 MDT" in body(spanish)
    assert "Para dejar de recibir estos correos:" in body(spanish)
    assert spanish["Content-Language"] == "es"
    [english] = [m for m in week if to(m) == BOB]
    assert english["Content-Language"] == "en"


async def test_a_window_across_the_november_change_ends_at_04_00_mst(tmp_path: Path) -> None:
    async with maintenance_app(tmp_path, Clock(utc(2026, 10, 20))) as env:
        await env.subscribe(BOB, "SIP trunks")
        made = await env.api(
            "POST",
            "/api/maintenance",
            {
                "title": "Core router upgrade",
                "starts_at": "2026-10-31T22:00:00-06:00",  # Saturday, MDT
                "ends_at": "2026-11-01T04:00:00-07:00",  # Sunday, after clocks fall back
                "products": ["SIP trunks"],
            },
        )
        assert made["notices"][-1] == {"notice": "end", "at": "2026-11-01T11:00:00+00:00"}
        assert await env.at(utc(2026, 10, 25, 3, 59)) == []
        [week] = await env.at(utc(2026, 10, 25, 4))  # 22:00 MDT a week before
        assert "from Saturday, October 31 at 10:00 PM MDT" in body(week)
        assert "to Sunday, November 1 at 4:00 AM MST" in body(week)
        [start] = await env.at(utc(2026, 11, 1, 4))
        assert subject(start) == "Maintenance started: Core router upgrade"
        assert await env.at(utc(2026, 11, 1, 10)) == []  # 04:00 MDT would have been wrong
        [end] = await env.at(utc(2026, 11, 1, 11))
        assert subject(end) == "Maintenance finished: Core router upgrade"


async def test_a_window_called_off_after_its_announcement_is_cancelled_by_email(
    tmp_path: Path,
) -> None:
    async with maintenance_app(tmp_path, Clock(utc(2026, 10, 20))) as env:
        await env.subscribe(BOB, "voice")
        soon = {
            "title": "Core router upgrade",
            "starts_at": "2026-10-22T05:00:00Z",
            "ends_at": "2026-10-22T07:00:00Z",
            "services": ["voice"],
        }
        made = await env.api("POST", "/api/maintenance", soon)
        # made at short notice: announced at once ("as early as possible")
        [announced] = await env.at(utc(2026, 10, 20))
        assert subject(announced).startswith("Scheduled maintenance: Core router upgrade")
        gone = await env.api("DELETE", f"/api/maintenance/{made['id']}")
        assert gone["subscribers_told"] is True
        [cancelled] = await env.at(utc(2026, 10, 20, 0, 1))
        assert subject(cancelled) == "Maintenance cancelled: Core router upgrade"
        assert "is cancelled: it will not take place then" in body(cancelled)
        assert await env.at(utc(2026, 10, 22, 5)) == []  # no start notice
        assert await env.at(utc(2026, 10, 22, 7)) == []  # no end notice


async def test_a_window_called_off_before_any_notice_is_never_mentioned(tmp_path: Path) -> None:
    async with maintenance_app(tmp_path, Clock(utc(2026, 10, 1))) as env:
        await env.subscribe(BOB, "voice")
        made = await env.api(
            "POST",
            "/api/maintenance",
            {
                "title": "Core router upgrade",
                "starts_at": "2026-10-29T05:00:00Z",
                "ends_at": "2026-10-29T07:00:00Z",
                "services": ["voice"],
            },
        )
        gone = await env.api("DELETE", f"/api/maintenance/{made['id']}")
        assert gone["subscribers_told"] is False
        for day in (utc(2026, 10, 22, 5), utc(2026, 10, 29, 5), utc(2026, 10, 29, 7)):
            sent = await env.at(day)
            assert [m for m in sent if "Core router" in subject(m)] == []
        assert env.clock.now - utc(2026, 10, 1) > timedelta(days=27)


async def test_a_status_page_subscriber_gets_notices_in_the_language_they_subscribed_in(
    env: MaintenanceEnv,
) -> None:
    ana = "ana@cliente.example"
    page = await env.client.get("/status?lang=es")
    assert 'value="platform:maintenance"' in page.text
    asked = await env.client.post(
        "/status/subscribe", data={"email": ana, "what": "platform:maintenance", "lang": "es"}
    )
    assert asked.status_code == 202
    await env.deliver()
    [confirm] = [c.message for c in env.relay.received if c.rcpt_tos == [ana]]
    link = re.search(r"https://support\.example\.com(/status/confirm\?\S+)", body(confirm))
    assert link is not None and link.group(1).endswith("&lang=es")
    confirmed = await env.client.get(unquote(link.group(1)))
    assert "Suscripción hecha" in confirmed.text
    week = await env.at(utc(2027, 3, 13, 5))
    [spanish] = [m for m in week if to(m) == ana]
    assert subject(spanish).startswith("Mantenimiento programado:")
    assert spanish["Content-Language"] == "es"
