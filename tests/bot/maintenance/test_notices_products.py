"""Maintenance notices by product (bot/maintenance/notices.py, `MaintenanceWindow.touches`),
through the whole app on a settable clock with CallTower's plan: an account whose products
the contacts directory lists is told only of the windows that touch one of them (the
monthly window's voice and collaboration services, or the three-weekly Connect updates);
an account whose products are unknown is told of every window, as before."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from domain.maintenance import MaintenanceWindow
from tests.bot.incidents.outage_env import Outage, mail_text, outage_app
from tests.conftest import Clock

VOICE = "ops@voice-only.example"  # AC-1 uses CallTower's voice and collaboration services
PORTAL = "it@connect-only.example"  # AC-2 uses only the Connect portal
BOTH = "noc@both.example"  # AC-3 lists both, on two entries (an account's are all its entries')
ANYONE = "boss@unknown.example"  # AC-4 lists no products: unknown, told of every window
CONTACTS = f"""account,name,role,phone,email,telegram,products
AC-1,Vi Ops,maintenance,,{VOICE},,voice
AC-2,Co Net,maintenance,,{PORTAL},,CallTower Connect
AC-3,No C,maintenance,,{BOTH},,Connect
AC-3,Bo Ss,mpoc,,mpoc@both.example,,Voice; Teams Direct Routing
AC-4,Un Known,mpoc,,{ANYONE},,
"""
MARCH = (datetime(2027, 3, 1, tzinfo=UTC), datetime(2027, 4, 1, tzinfo=UTC))


@pytest.fixture
async def outage(tmp_path: Path) -> AsyncIterator[Outage]:
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(CONTACTS, encoding="utf-8")
    clock = Clock(MARCH[0])
    async with outage_app(tmp_path, clock, contacts={"file": str(contacts)}) as env:
        env.services.timers.stop()  # the test runs the timers, at the times it sets
        yield env


async def _window(outage: Outage, rule: str) -> MaintenanceWindow:
    windows = await outage.services.maintenance.calendar.between(*MARCH)
    return next(w for w in windows if w.rule == rule)


async def _told_at(outage: Outage, when: datetime) -> dict[str, list[str]]:
    """Run the timers due by `when`, deliver, and return the new mails by recipient."""
    before = len(outage.relay.received)
    outage.clock.now = when
    while await outage.services.timers.run_due():
        pass
    await outage.deliver()
    out: dict[str, list[str]] = {}
    for capture in outage.relay.received[before:]:
        for to in capture.rcpt_tos:
            out.setdefault(to, []).append(mail_text(capture.message))
    return out


async def test_each_account_is_told_of_the_windows_that_touch_its_products(
    outage: Outage,
) -> None:
    monthly = await _window(outage, "monthly")
    connect = await _window(outage, "connect")
    connect_notice = dict(connect.schedule())["24h"]
    monthly_notice = dict(monthly.schedule())["7d"]
    assert connect_notice < monthly_notice  # March 2027: Connect on the 2nd, monthly on the 19th

    told = await _told_at(outage, connect_notice + timedelta(seconds=1))
    assert sorted(told) == sorted([PORTAL, BOTH, ANYONE])
    assert all("CallTower Connect update" in m for mails in told.values() for m in mails)

    told = await _told_at(outage, monthly_notice + timedelta(seconds=1))
    assert sorted(told) == sorted([VOICE, BOTH, ANYONE])
    assert "Monthly scheduled maintenance" in told[VOICE][0]
    assert "as a maintenance contact of account AC-1" in told[VOICE][0]


async def test_a_staff_window_for_one_product_reaches_its_accounts_and_the_unknown_ones(
    outage: Outage,
) -> None:
    outage.clock.now = datetime(2027, 3, 3, 12, tzinfo=UTC)
    window = {
        "title": {"en": "Teams Direct Routing SBC upgrade", "es": "Actualización de SBC"},
        "summary": {"en": "SBC firmware.", "es": "Firmware del SBC."},
        "starts_at": "2027-03-05T06:00:00Z",
        "ends_at": "2027-03-05T08:00:00Z",
        "products": ["Teams Direct Routing"],
    }
    await outage.api("POST", "/api/maintenance", window)

    told = await _told_at(outage, outage.clock.now + timedelta(seconds=1))

    assert sorted(told) == sorted([BOTH, ANYONE])  # AC-3 lists Teams Direct Routing


def test_a_window_touches_a_product_by_its_products_services_or_keywords() -> None:
    at = datetime(2027, 3, 5, tzinfo=UTC)
    window = MaintenanceWindow(
        id="1",
        starts_at=at,
        ends_at=at + timedelta(hours=2),
        title={"en": "x"},
        products=("CallTower Connect",),
        keywords=("portal de Connect",),
    )
    assert window.touches(["connect"]) and window.touches(["CALLTOWER CONNECT"])
    assert window.touches(["Portal de Connect"])
    assert not window.touches(["voice"]) and not window.touches(["Connectivity"])
    assert not window.touches([]) and not window.touches([" "])
    voice = MaintenanceWindow(
        id="2", starts_at=at, ends_at=at, title={"en": "x"}, services=("voice", "other")
    )
    assert voice.touches(["Voice"]) and not voice.touches(["CallTower Connect"])
