"""The embeddable widget in headless Chromium, on a provider's page served from
another origin (a second local HTTP server, with a strict CSP of its own) talking to a
real `supportbot serve`: the launcher opens the chat by keyboard, a message gets the
bot's answer, a file upload is acknowledged, another page of the site resumes the
conversation and a reply raises the unread badge on the page where the chat is
closed, a reload resumes it, 360 px screenshots, axe-core finds no serious or
critical violation, and a site not in allowed_origins can neither frame the chat nor
open its socket."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.serve import wait_healthy
from tests.redis_server import free_port

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).parent.parent / "data" / "axe" / "axe.min.js"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WAIT = 15_000  # ms; Playwright's upper bound for a condition, not a sleep
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(64)

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists() and os.environ.get("CI") != "true",
    reason="chromium is not installed (make test installs it: apt-get install chromium)",
)


def host_page(bot: str, title: str, other: str) -> str:
    return (
        '<!doctype html><html lang="es"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title></head><body>"
        f'<header><nav><a href="/{other}">Otra página</a></nav></header>'
        f"<main><h1>{title}</h1><p>Telefonía e internet para su empresa.</p></main>"
        f'<script src="{bot}/widget.js" data-lang="es" async></script>'
        "</body></html>"
    )


@dataclass
class Site:
    """A provider's site: its pages carry the widget snippet and a strict policy."""

    origin: str
    server: ThreadingHTTPServer


def serve_site(bot: str, *, port: int) -> Site:
    pages = {
        "/index.html": host_page(bot, "Proveedor de ejemplo", "otra.html"),
        "/otra.html": host_page(bot, "Otra página del proveedor", "index.html"),
    }
    # nothing inline is allowed on the host: the widget must work without it
    policy = (
        f"default-src 'self'; script-src 'self' {bot}; frame-src {bot}; "
        f"style-src 'self'; img-src 'self'; connect-src 'self' {bot.replace('http:', 'ws:')}"
    )

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            body = pages.get(self.path.partition("?")[0])
            if body is None:
                self.send_error(404)
                return
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Security-Policy", policy)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return Site(f"http://127.0.0.1:{port}", server)


@dataclass
class World:
    bot: str
    site: Site
    foreign: Site


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    bot_port, site_port, foreign_port = free_port(), free_port(), free_port()
    bot = f"http://127.0.0.1:{bot_port}"
    cfg = tmp_path / "supportbot.toml"
    cfg.write_text(
        f'data_dir = "{tmp_path}/var"\n[server]\nport = {bot_port}\napi_token = "t"\n'
        f'[store]\nurl = "sqlite:///{tmp_path}/bot.db"\n'
        f'[channels.webchat]\nallowed_origins = ["http://127.0.0.1:{site_port}"]\n'
        "max_upload_bytes = 65536\n",
        encoding="utf-8",
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve", "--config", str(cfg)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    site = foreign = None
    try:
        wait_healthy(
            bot,
            proc,
            deadline=time.monotonic() + 30,
            name="supportbot serve",
            output=lambda: proc.stderr.read().decode() if proc.stderr else "",
        )
        site = serve_site(bot, port=site_port)
        foreign = serve_site(bot, port=foreign_port)
        yield World(bot, site, foreign)
    finally:
        for s in (site, foreign):
            if s is not None:
                s.server.shutdown()
                s.server.server_close()
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def csp_errors(page: Any) -> list[str]:
    found: list[str] = []
    page.on(
        "console",
        lambda m: found.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return found


def open_socket(page: Any, bot: str) -> str:
    """A page's own attempt at the chat's socket: "open" or "closed <code>"."""
    return str(
        page.evaluate(
            """(url) => new Promise((done) => {
                 const ws = new WebSocket(url);
                 ws.onopen = () => { ws.close(); done("open"); };
                 ws.onclose = (e) => done("closed " + e.code);
               })""",
            bot.replace("http:", "ws:") + "/chat/ws",
        )
    )


def chat_frame(page: Any) -> Any:
    return page.frame_locator("iframe[title='Chat de soporte']")


def test_the_widget_on_another_origin_chats_uploads_and_resumes(
    world: World, browser: Any, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    violations = csp_errors(page)
    page.goto(f"{world.site.origin}/index.html")

    # keyboard: focus the launcher, Enter opens the chat and puts the cursor in it
    expect(page.get_by_role("button", name="Abrir el chat de soporte")).to_be_visible()
    launcher = page.locator("#supportbot-launcher")
    launcher.focus()
    page.keyboard.press("Enter")
    expect(launcher).to_have_attribute("aria-expanded", "true")
    expect(launcher).to_have_accessible_name("Cerrar el chat de soporte")
    chat = chat_frame(page)
    expect(chat.locator("#text")).to_be_focused(timeout=WAIT)
    # the page's own words in the language the provider embedded it with
    expect(chat.locator("h1")).to_have_text("Soporte")
    expect(chat.locator("#text")).to_have_attribute("placeholder", "Escriba su mensaje...")
    expect(chat.locator("#send")).to_have_text("Enviar")
    log = chat.locator("#log")
    expect(log).to_have_attribute("aria-live", "polite")
    expect(log.locator(".bot").first).to_contain_text("Cuénteme", timeout=WAIT)

    page.keyboard.type("No tengo tono de marcado en mi línea fija")
    page.keyboard.press("Enter")
    expect(log.locator(".bot").last).to_contain_text("nombre completo", timeout=WAIT)

    # an upload: acknowledged by the page, then by the bot (stored under data_dir)
    shot = tmp_path / "router.png"
    shot.write_bytes(PNG)
    chat.locator("#file").set_input_files(str(shot))
    expect(log.locator(".customer").last).to_have_text("Archivo enviado: router.png", timeout=WAIT)
    expect(log.locator(".bot").last).to_contain_text("Recibí su captura", timeout=WAIT)
    stored = list((tmp_path / "var" / "attachments" / "webchat").rglob("*-router.png"))
    assert [p.read_bytes() for p in stored] == [PNG]
    # a file whose bytes are not what it claims is refused, in the customer's language
    fake = tmp_path / "factura.pdf"
    fake.write_bytes(b"MZ\x90\x00" + bytes(100))
    chat.locator("#file").set_input_files(str(fake))
    expect(log.locator(".error").last).to_contain_text("no se puede enviar", timeout=WAIT)

    # Escape closes the chat and gives the keyboard back to the launcher
    chat.locator("#text").focus()
    page.keyboard.press("Escape")
    expect(launcher).to_be_focused(timeout=WAIT)
    expect(launcher).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#supportbot-panel")).to_be_hidden()

    # another page of the site resumes the same conversation
    other = context.new_page()
    violations += csp_errors(other)
    other.goto(f"{world.site.origin}/otra.html")
    other.get_by_role("button", name="Abrir el chat de soporte").click()
    other_log = chat_frame(other).locator("#log")
    expect(other_log).to_contain_text("No tengo tono de marcado", timeout=WAIT)
    chat_frame(other).locator("#text").fill("Ana Pérez")
    chat_frame(other).locator("#text").press("Enter")
    expect(other_log.locator(".bot").last).to_contain_text("cuenta", timeout=WAIT)

    # ... and the first page, where the chat is closed, shows one unread reply
    badge = page.locator("#supportbot-unread")
    expect(badge).to_have_text("1", timeout=WAIT)
    expect(badge).to_be_visible()
    expect(page.get_by_role("button", name="Abrir el chat de soporte (1 sin leer)")).to_be_visible()

    # a reload resumes it (the chat was left open on the other page: it reopens)
    page.reload()
    log = chat_frame(page).locator("#log")
    expect(log).to_contain_text("Ana Pérez", timeout=WAIT)
    expect(log).to_contain_text("No tengo tono de marcado")
    expect(log.locator(".customer.file")).to_have_text("Archivo enviado")
    expect(page.locator("#supportbot-unread")).to_be_hidden()

    # 360 px wide: the chat takes the screen above the launcher, nothing overflows
    page.set_viewport_size({"width": 360, "height": 740})
    frame_box = page.locator("iframe").bounding_box()
    assert frame_box is not None and frame_box["x"] >= 0
    assert frame_box["x"] + frame_box["width"] <= 360
    send_box = chat_frame(page).locator("#send").bounding_box()
    assert send_box is not None and send_box["x"] + send_box["width"] <= 360
    page.screenshot(path=str(tmp_path / "widget-open-360.png"))
    chat_frame(page).locator("#text").focus()
    page.keyboard.press("Escape")
    expect(page.locator("#supportbot-panel")).to_be_hidden()
    page.screenshot(path=str(tmp_path / "widget-closed-360.png"))
    for name in ("widget-open-360.png", "widget-closed-360.png"):
        assert (tmp_path / name).stat().st_size > 1000
    assert violations == []
    assert open_socket(page, world.bot) == "open"  # this site is an allowed origin
    context.close()


def _serious(results: dict[str, Any]) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_axe_finds_no_serious_violation_in_the_widget_or_the_chat(
    world: World, browser: Any
) -> None:
    from playwright.sync_api import expect

    # axe is injected as an inline script, which the pages' own policies rightly refuse
    context = browser.new_context(bypass_csp=True, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{world.site.origin}/index.html")
    page.get_by_role("button", name="Abrir el chat de soporte").click()
    chat = chat_frame(page)
    expect(chat.locator("#log .bot").first).to_contain_text("Cuénteme", timeout=WAIT)
    chat.locator("#text").fill("Mi internet no funciona desde ayer")
    chat.locator("#text").press("Enter")
    expect(chat.locator("#log .bot").last).to_contain_text("nombre", timeout=WAIT)

    page.add_script_tag(path=str(AXE))
    host = page.evaluate("() => axe.run(document, {iframes: false})")
    frame = page.frame(url=re.compile(r"/chat\?embed=1"))
    assert frame is not None
    frame.add_script_tag(path=str(AXE))
    inside = frame.evaluate("() => axe.run(document)")
    assert host["passes"] and inside["passes"]  # axe ran and checked things
    assert _serious(host) == []
    assert _serious(inside) == []
    # the controls a screen reader announces have names
    names = {r["id"] for r in inside["passes"]}
    assert {"button-name", "label", "frame-title"} & names
    context.close()


def test_a_site_not_allowed_can_neither_frame_the_chat_nor_open_its_socket(
    world: World, browser: Any
) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{world.foreign.origin}/index.html")
    launcher = page.get_by_role("button", name="Abrir el chat de soporte")
    with page.expect_console_message(
        lambda m: "frame-ancestors" in m.text, timeout=WAIT
    ) as refused:
        launcher.click()
    assert world.foreign.origin not in refused.value.text.partition("frame-ancestors")[2]
    frame = page.frame(url=re.compile(r"/chat\?embed=1"))
    assert frame is None or frame.locator("#log").count() == 0
    # the page opens a socket to the chat itself: refused by Origin
    assert open_socket(page, world.bot).startswith("closed")
    context.close()
