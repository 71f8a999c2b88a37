"""The web chat while the store fails: a message that could not be taken is answered
politely in the customer's language, the socket stays open, the log gets one outage line
(no traceback), and the next message after the store is back is a normal turn."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from bot.app import build_app, build_services
from bot.config import load_settings, store_url
from bot.store.backends import open_store
from bot.store.protocol import Store, StoreError, TurnCommit
from flows.catalog import messages as catalog
from tests.conftest import Clock


class FailingStore:
    """The real store, except that commits fail while `fail` is set (a lost Redis)."""

    def __init__(self, inner: Store) -> None:
        self.inner = inner
        self.fail = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def commit(self, turn: TurnCommit) -> None:
        if self.fail:
            raise StoreError("redis: ConnectionError: Connection refused")
        await self.inner.commit(turn)


@pytest.fixture
def chat(tmp_path: Path) -> Iterator[tuple[TestClient, FailingStore]]:
    cfg = tmp_path / "supportbot.toml"
    cfg.write_text(
        '[store]\nurl = "sqlite:///bot.db"\n[server]\nsession_secret = "s3cret"\n',
        encoding="utf-8",
    )
    settings = load_settings(cfg, environ={})
    store = FailingStore(open_store(store_url(settings)))
    services = build_services(settings, clock=Clock(), store=store)  # type: ignore[arg-type]
    with TestClient(build_app(services)) as client:
        yield client, store


def _next(ws: Any, *kinds: str) -> dict[str, Any]:
    while True:
        frame: dict[str, Any] = ws.receive_json()
        if frame["type"] in kinds:
            return frame


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_message_the_store_could_not_take_is_answered_politely_and_the_socket_stays_open(
    chat: tuple[TestClient, FailingStore], lang: str, caplog: pytest.LogCaptureFixture
) -> None:
    client, store = chat
    with client.websocket_connect("/chat/ws") as ws:
        ws.send_json({"type": "hello", "lang": lang})
        _next(ws, "message")  # the greeting
        store.fail = True
        for n in range(3):
            ws.send_json({"type": "message", "text": "My phone has no dial tone", "id": f"m{n}"})
            frame = _next(ws, "error", "message")
            assert frame == {
                "type": "error",
                "text": catalog.render(lang, "webchat.store_down"),
            }
        store.fail = False
        ws.send_json({"type": "message", "text": "My phone has no dial tone", "id": "m9"})
        reply = _next(ws, "message", "error")
        assert reply["type"] == "message" and reply["from"] == "bot"  # the turn ran
    assert not [r for r in caplog.records if r.exc_info]  # no traceback
    lines = [r.getMessage() for r in caplog.records if "web chat messages" in r.getMessage()]
    assert len(lines) == 2, lines  # three failures: one line at the start, one at the end
    assert lines[0].startswith("store unavailable (web chat messages)")
    assert lines[1].startswith("store available again (web chat messages) after 3 failures")
    assert all(r.levelno == logging.WARNING for r in caplog.records if r.getMessage() in lines)


def test_the_polite_answer_follows_the_language_the_conversation_took(
    chat: tuple[TestClient, FailingStore],
) -> None:
    client, store = chat
    with client.websocket_connect("/chat/ws") as ws:
        ws.send_json({"type": "hello", "lang": "en"})  # an English page...
        _next(ws, "message")
        ws.send_json({"type": "message", "text": "Hola, mi teléfono no tiene tono", "id": "m1"})
        assert _next(ws, "lang") == {"type": "lang", "lang": "es"}  # ...a Spanish customer
        store.fail = True
        ws.send_json({"type": "message", "text": "¿Hola?", "id": "m2"})
        assert _next(ws, "error")["text"] == catalog.render("es", "webchat.store_down")
