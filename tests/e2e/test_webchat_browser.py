"""Headless Chromium types a problem into /chat of a real `supportbot serve`,
answers the questions and sees a ticket number."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.serve import wait_healthy
from tests.redis_server import free_port

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists() and os.environ.get("CI") != "true",
    reason="chromium is not installed (make test installs it: apt-get install chromium)",
)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    cfg = tmp_path / "supportbot.toml"
    cfg.write_text(
        f'data_dir = "{tmp_path}/var"\n[server]\nport = {port}\napi_token = "t"\n'
        f'[store]\nurl = "sqlite:///{tmp_path}/bot.db"\n',
        encoding="utf-8",
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve", "--config", str(cfg)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(
            base,
            proc,
            deadline=time.monotonic() + 30,
            name="supportbot serve",
            output=lambda: proc.stderr.read().decode() if proc.stderr else "",
        )
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_customer_gets_a_ticket_number_in_the_browser(server: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        try:
            page = browser.new_page()
            page.goto(f"{server}/chat")
            log = page.locator("#log")
            expect(log).to_contain_text("support", timeout=10_000)

            def say(text: str, expect_text: str) -> None:
                page.fill("#text", text)
                page.press("#text", "Enter")
                expect(log.locator(".bot").last).to_contain_text(expect_text, timeout=10_000)

            say("<b>Hi</b> the voicemail light is stuck on for my phone only", "name")
            say("Ana Pérez", "account")
            say("AC-10442", "phone")
            say("+1 415 555 2671", "email")
            say("ana@example.com", "open the ticket")
            # the confirmation offers buttons; click "Yes"
            page.locator("#choices button", has_text="Yes").click()
            expect(page.locator("#ticket")).to_have_text("Ticket #10001", timeout=10_000)
            expect(log.locator(".bot").last).to_contain_text("Ticket #10001 is open")
            # customer text was rendered as text, not markup
            expect(log.locator(".customer").first).to_have_text(
                "<b>Hi</b> the voicemail light is stuck on for my phone only"
            )
            assert log.locator("b").count() == 0
            page.screenshot(path=str(tmp_path / "chat.png"))

            # a reload resumes the same conversation
            page.reload()
            expect(log).to_contain_text("Ticket #10001 is open", timeout=10_000)
            expect(page.locator("#ticket")).to_have_text("Ticket #10001", timeout=10_000)
        finally:
            browser.close()
