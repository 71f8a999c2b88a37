"""Headless Chromium reads /status of a real `supportbot serve` at a phone's width (360 px):
nothing wider than the screen, readable text, the incident and its update on it."""

from __future__ import annotations

import json
import struct
import urllib.request
from pathlib import Path

from tests.e2e.test_webchat_browser import CHROMIUM, pytestmark, server

__all__ = ["pytestmark", "server"]

PHONE_WIDTH = 360


def _api(base: str, path: str, body: dict[str, object]) -> dict[str, object]:
    request = urllib.request.Request(
        base + path,
        data=json.dumps(body).encode(),
        headers={"Authorization": "Bearer t", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        data: dict[str, object] = json.loads(response.read())
        return data


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def test_the_status_page_fits_a_phone_screen(server: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    opened = _api(
        server,
        "/api/incidents",
        {
            "title": "Llamadas fallidas en el centro de datos de Dallas (troncales SIP)",
            "summary": {
                "en": "Calls through Dallas fail.",
                "es": "Las llamadas que pasan por el centro de datos de Dallas fallan.",
            },
        },
    )
    _api(
        server,
        f"/api/incidents/{opened['id']}/updates",
        {
            "text": "The carrier is rerouting traffic.",
            "text_es": "El operador está desviando el tráfico: https://example.com/un-enlace-muy-largo-sin-espacios-que-no-debe-romper-la-pagina",
        },
    )
    shot = tmp_path / "status-360.png"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page(viewport={"width": PHONE_WIDTH, "height": 740})
            page.goto(f"{server}/status?lang=es")
            expect(page.locator("h2").first).to_have_text("Incidencias en curso")
            # the incident's article (the plan's maintenance windows have theirs below)
            incident = page.locator(f"#incident-{opened['id']}")
            expect(incident).to_contain_text("El operador está desviando")
            overflow = page.evaluate("document.documentElement.scrollWidth")
            assert overflow <= PHONE_WIDTH, f"the page is {overflow}px wide on a 360px screen"
            font = page.evaluate(
                "parseFloat(getComputedStyle(document.querySelector('article p')).fontSize)"
            )
            assert font >= 14
            box = incident.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    width, height = _png_size(shot)
    assert width == PHONE_WIDTH and height >= 200
