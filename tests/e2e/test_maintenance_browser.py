"""Headless Chromium reads the maintenance section of /status of a real `supportbot serve`
at a phone's width (360 px): a window staff scheduled, with a long title and product name,
fits the screen beside the plan's own windows."""

from __future__ import annotations

import json
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.e2e.test_status_browser import PHONE_WIDTH, _png_size
from tests.e2e.test_webchat_browser import CHROMIUM, pytestmark, server

__all__ = ["pytestmark", "server"]


def _schedule(base: str) -> str:
    start = datetime.now(UTC) + timedelta(days=2)  # the page lists the next month's windows
    body = {
        "title": {
            "en": "Core router replacement in the Dallas data centre",
            "es": "Sustitución del router central del centro de datos de Dallas (troncales SIP)",
        },
        "summary": {"en": "Calls may drop.", "es": "Las llamadas pueden cortarse un minuto."},
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=3)).isoformat(),
        "products": ["SIP-trunks-Dallas-Houston-Austin-SanAntonio-without-any-spaces-at-all"],
    }
    request = urllib.request.Request(
        base + "/api/maintenance",
        data=json.dumps(body).encode(),
        headers={"Authorization": "Bearer t", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return str(json.loads(response.read())["id"])


def test_the_maintenance_section_fits_a_phone_screen(server: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    window = _schedule(server)
    shot = tmp_path / "maintenance-360.png"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page(viewport={"width": PHONE_WIDTH, "height": 740})
            page.goto(f"{server}/status?lang=es")
            section = page.locator(f"#maintenance-{window}")
            expect(section).to_contain_text("Sustitución del router central")
            expect(section.locator(".badge")).to_have_text("Programado")
            overflow = page.evaluate("document.documentElement.scrollWidth")
            assert overflow <= PHONE_WIDTH, f"the page is {overflow}px wide on a 360px screen"
            box = section.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH
            form = page.locator('form:has(input[value="platform:maintenance"])').bounding_box()
            assert form is not None and form["x"] + form["width"] <= PHONE_WIDTH
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    width, height = _png_size(shot)
    assert width == PHONE_WIDTH and height >= 200
