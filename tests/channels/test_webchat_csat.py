"""CSAT in the web chat (issue 17 item 6): the satisfaction question arrives as a choices
frame (the widget's quick-reply buttons, 5 to 1), a pressed score comes back as the
customer's message and is stored."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from bot.app import Services, build_app, build_services
from bot.config import load_settings
from handoff.actions import AgentActions
from handoff.cards import Agent
from tests.channels.test_webchat import SCRIPT, _send, _until
from tests.conftest import Clock

MARIA = Agent(id="U1", name="María Gómez", first_name="María")


@pytest.fixture
def chat(tmp_path: Path) -> Iterator[tuple[TestClient, Services]]:
    cfg = tmp_path / "supportbot.toml"
    cfg.write_text(
        '[store]\nurl = "sqlite:///bot.db"\n[server]\napi_token = "t0ken"\nsession_secret = "s3cret"\n',
        encoding="utf-8",
    )
    services = build_services(load_settings(cfg, environ={}), clock=Clock())
    with TestClient(build_app(services)) as c:
        yield c, services


def _frames_after(ws: Any, text: str, n: str) -> list[dict[str, Any]]:
    ws.send_json({"type": "message", "text": text, "id": f"msg-{n}"})
    return _until(ws, "choices")


def test_the_question_is_quick_reply_buttons_and_a_pressed_score_is_stored(
    chat: tuple[TestClient, Services],
) -> None:
    client, services = chat
    actions = AgentActions(
        store=services.store,
        policy=services.policy,
        clock=services.engine.clock,
        limits=services.engine.limits,
    )
    with client.websocket_connect("/chat/ws") as ws:
        ws.send_json({"type": "hello"})
        _until(ws, "message")  # the greeting
        for n, text in enumerate(SCRIPT):
            _send(ws, text, n)
        _until(ws, "choices")  # open it? yes / no
        ws.send_json({"type": "message", "text": "yes", "id": "msg-yes"})
        _until(ws, "ticket")
        assert client.portal is not None
        assert client.portal.call(actions.claim, 10001, MARIA).ok
        assert client.portal.call(actions.resolve, 10001, MARIA).ok
        frames = _frames_after(ws, "yes, all good now", "confirm")
        said = " ".join(f["text"] for f in frames if f["type"] == "message")
        assert "How would you rate the way we handled your case #10001?" in said
        scale = frames[-1]["choices"]
        assert [c["value"] for c in scale] == ["5", "4", "3", "2", "1"]
        assert scale[0]["label"] == "5 · Excellent"
        comment = _frames_after(ws, "5", "score")
        assert [c["value"] for c in comment[-1]["choices"]] == ["skip"]
    ticket = client.portal.call(services.store.get_ticket, 10001) if client.portal else None
    assert ticket is not None and ticket.csat is not None
    assert (ticket.csat.score, ticket.csat.channel) == (5, "webchat")
