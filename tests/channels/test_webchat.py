"""The web chat over a real websocket against the ASGI app: frames, tickets,
session resume after a reload, forged tokens, malformed frames."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families
from starlette.testclient import TestClient

from bot.app import build_app, build_services
from bot.config import load_settings
from channels.webchat import SessionTokens
from tests.conftest import Clock


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    cfg = tmp_path / "supportbot.toml"
    cfg.write_text(
        '[store]\nurl = "sqlite:///bot.db"\n[server]\napi_token = "t0ken"\nsession_secret = "s3cret"\n',
        encoding="utf-8",
    )
    settings = load_settings(cfg, environ={})
    services = build_services(settings, clock=Clock())
    with TestClient(build_app(services)) as c:
        yield c


def _until(ws: Any, kind: str) -> list[dict[str, Any]]:
    frames = []
    while True:
        frame = ws.receive_json()
        frames.append(frame)
        if frame["type"] == kind:
            return frames


def _send(ws: Any, text: str, n: int) -> list[dict[str, Any]]:
    ws.send_json({"type": "message", "text": text, "id": f"msg-{n}"})
    frames = _until(ws, "message")
    # a choices frame may follow the message
    return frames


SCRIPT = [
    "Voicemail light is stuck on for my phone only",
    "Ana Pérez",
    "AC-10442",
    "+1 415 555 2671",
    "ana@example.com",
]


def test_chat_page_is_self_contained_and_renders_text_as_text(client: TestClient) -> None:
    page = client.get("/chat")
    assert page.status_code == 200
    html = page.text
    script = client.get("/chat/chat.js").text
    assert '<script src="/chat/chat.js"' in html and "<style" not in html
    assert "/chat/ws" in script and "textContent" in script
    assert "innerHTML" not in script
    for text in (html, script):
        assert "http://" not in text.replace("http://www.w3.org", "") and "https://" not in text
    policy = page.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy


def test_a_conversation_over_the_websocket_opens_a_ticket(client: TestClient) -> None:
    with client.websocket_connect("/chat/ws") as ws:
        ws.send_json({"type": "hello"})
        session = ws.receive_json()
        assert session["type"] == "session" and "." in session["token"]
        greeting = ws.receive_json()
        assert greeting["type"] == "message" and "support" in greeting["text"].lower()
        assert "Cuénteme brevemente" in greeting["text"]  # both languages before the first word
        for n, text in enumerate(SCRIPT):
            frames = _send(ws, text, n)
            assert frames[0] == {"type": "typing"}
        confirm = ws.receive_json()
        assert confirm["type"] == "choices"
        assert [c["value"] for c in confirm["choices"]] == ["yes", "no"]
        ws.send_json({"type": "message", "text": "yes", "id": "msg-yes"})
        frames = _until(ws, "ticket")
        ticket = frames[-1]
        assert ticket["number"] == 10001 and ticket["priority"] == "P4"
        assert any(f["type"] == "message" and "#10001" in f["text"] for f in frames)
    api = client.get("/api/tickets/10001", headers={"Authorization": "Bearer t0ken"})
    assert api.status_code == 200
    body = api.json()
    assert body["fields"]["email"] == "ana@example.com" and body["channel"] == "webchat"


def test_reload_resumes_the_conversation_with_its_history(client: TestClient) -> None:
    with client.websocket_connect("/chat/ws") as ws:
        ws.send_json({"type": "hello"})
        token = ws.receive_json()["token"]
        ws.receive_json()
        _send(ws, SCRIPT[0], 1)
    with client.websocket_connect("/chat/ws") as ws:
        ws.send_json({"type": "hello", "token": token})
        assert ws.receive_json()["type"] == "session"
        history = ws.receive_json()
        assert history["type"] == "history"
        assert history["messages"][0] == {"from": "customer", "text": SCRIPT[0]}
        assert history["messages"][1]["from"] == "bot"
        frames = _send(ws, "Ana Pérez", 2)
        assert "account" in frames[-1]["text"].lower()  # continues where it left off


def test_forged_token_starts_a_new_session(client: TestClient) -> None:
    forged = SessionTokens("another-secret").issue()[1]
    with client.websocket_connect("/chat/ws") as ws:
        ws.send_json({"type": "hello", "token": forged})
        frame = ws.receive_json()
        assert frame["type"] == "session" and frame["token"] != forged


def test_malformed_frames_get_an_error_and_the_socket_stays_open(client: TestClient) -> None:
    with client.websocket_connect("/chat/ws") as ws:
        ws.send_json({"type": "hello"})
        ws.receive_json()
        ws.receive_json()
        ws.send_text("not json")
        assert ws.receive_json()["type"] == "error"
        ws.send_json({"type": "bogus"})
        assert ws.receive_json()["type"] == "error"
        ws.send_json(["list"])
        assert ws.receive_json()["type"] == "error"
        frames = _send(ws, "hello", 1)
        assert frames[-1]["type"] == "message"


def test_script_tags_come_back_as_plain_text(client: TestClient) -> None:
    with client.websocket_connect("/chat/ws") as ws:
        ws.send_json({"type": "hello"})
        ws.receive_json()
        ws.receive_json()
        _send(ws, "<script>alert(1)</script> my voicemail is broken", 1)
        _send(ws, "<b>Ana</b>", 2)
    # the page renders with textContent; the server keeps the text verbatim
    api = client.get("/api/tickets", headers={"Authorization": "Bearer t0ken"})
    assert api.status_code == 200


def test_api_requires_the_bearer_token(client: TestClient) -> None:
    assert client.get("/api/tickets").status_code == 401
    assert client.get("/api/tickets", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/api/tickets/1", headers={"Authorization": "Basic t0ken"}).status_code == 401
    ok = client.get("/api/tickets", headers={"Authorization": "Bearer t0ken"})
    assert ok.status_code == 200 and ok.json() == {"tickets": [], "next_cursor": None}
    assert (
        client.get("/api/tickets/42", headers={"Authorization": "Bearer t0ken"}).status_code == 404
    )
    assert (
        client.get("/api/tickets/abc", headers={"Authorization": "Bearer t0ken"}).status_code == 400
    )


def test_healthz_reports_the_store(client: TestClient) -> None:
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json()["status"] == "ok"


def test_metrics_count_turns_by_channel(client: TestClient) -> None:
    with client.websocket_connect("/chat/ws") as ws:
        ws.send_json({"type": "hello"})
        ws.receive_json()
        ws.receive_json()
        _send(ws, "hello", 1)
    body = client.get("/metrics").text
    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(body)
        for s in family.samples
    }
    assert samples[("supportbot_up", ())] == 1
    assert samples[("supportbot_turns_total", (("channel", "webchat"),))] == 1


def test_later_message_reaches_a_connected_page_and_waits_in_history_otherwise(
    client: TestClient,
) -> None:
    from domain.types import Address, Outbound

    channel = client.app.state.services.channels["webchat"]
    with client.websocket_connect("/chat/ws") as ws:
        ws.send_json({"type": "hello"})
        token = ws.receive_json()["token"]
        ws.receive_json()
        sid = token.split(".")[0]
        agent = Outbound(Address("webchat", sid), "Hi, Sam here from support.", kind="agent")
        receipt = client.portal.call(channel.send, agent)
        assert receipt.status == "delivered"
        assert ws.receive_json() == {
            "type": "message",
            "from": "agent",
            "text": "Hi, Sam here from support.",
        }
    receipt = client.portal.call(channel.send, agent)
    assert receipt.provider_id == "transcript"  # not connected: the page replays it from history


def test_the_page_sends_its_token_in_the_first_frame_not_in_the_url(client: TestClient) -> None:
    html = client.get("/chat").text + client.get("/chat/chat.js").text
    assert "?token=" not in html
    assert 'type: "hello"' in html


def _open(ws: Any, token: str = "") -> dict[str, Any]:
    ws.send_json({"type": "hello", "token": token})
    session = ws.receive_json()
    assert session["type"] == "session"
    return session


def test_a_resume_rotates_the_token_and_the_old_one_stops_working(client: TestClient) -> None:
    with client.websocket_connect("/chat/ws") as ws:
        first = _open(ws)["token"]
        ws.receive_json()  # greeting
        _send(ws, SCRIPT[0], 1)
    with client.websocket_connect("/chat/ws") as ws:
        second = _open(ws, first)["token"]
        assert second != first and second.split(".")[0] == first.split(".")[0]
        assert ws.receive_json()["type"] == "history"
    with client.websocket_connect("/chat/ws") as ws:  # a replay of the first token
        replayed = _open(ws, first)
        assert replayed["token"].split(".")[0] != first.split(".")[0]
        greeting = ws.receive_json()
        assert greeting["type"] == "message" and SCRIPT[0] not in greeting["text"]
    with client.websocket_connect("/chat/ws") as ws:  # the current token still resumes
        _open(ws, second)
        history = ws.receive_json()
        assert history["messages"][0] == {"from": "customer", "text": SCRIPT[0]}


def test_a_binary_frame_closes_the_socket_with_1003_and_no_traceback(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    from starlette.websockets import WebSocketDisconnect

    with client.websocket_connect("/chat/ws") as ws:
        _open(ws)
        ws.receive_json()
        ws.send_bytes(b"\x00\x01binary")
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
    assert closed.value.code == 1003
    assert not [r for r in caplog.records if r.exc_info]


def test_a_socket_that_does_not_say_hello_first_is_closed(client: TestClient) -> None:
    from starlette.websockets import WebSocketDisconnect

    with client.websocket_connect("/chat/ws") as ws:
        ws.send_json({"type": "message", "text": "hi", "id": "m1"})
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
    assert closed.value.code == 1008


@pytest.fixture
def capped(tmp_path: Path) -> Iterator[TestClient]:
    cfg = tmp_path / "supportbot.toml"
    cfg.write_text(
        '[store]\nurl = "sqlite:///bot.db"\n'
        "[channels.webchat]\nmax_sockets_per_ip = 2\nmax_frames_per_minute = 5\n",
        encoding="utf-8",
    )
    services = build_services(load_settings(cfg, environ={}), clock=Clock())
    with TestClient(build_app(services)) as c:
        yield c


def test_one_address_opens_at_most_the_cap_of_sockets_and_closing_gives_the_slot_back(
    capped: TestClient,
) -> None:
    from starlette.websockets import WebSocketDisconnect

    channel = capped.app.state.services.channels["webchat"]
    with capped.websocket_connect("/chat/ws") as first:
        _open(first)
        with capped.websocket_connect("/chat/ws") as second:
            _open(second)
            with pytest.raises(WebSocketDisconnect) as refused:
                with capped.websocket_connect("/chat/ws") as third:
                    third.receive_json()
            assert refused.value.code == 1013
        with capped.websocket_connect("/chat/ws") as again:  # a slot came back
            assert _open(again)["token"]
    assert channel._per_ip == {} and dict(channel._sockets) == {}  # nothing left behind


def test_a_socket_sending_faster_than_a_person_types_is_told_and_closed(
    capped: TestClient,
) -> None:
    from starlette.websockets import WebSocketDisconnect

    with capped.websocket_connect("/chat/ws") as ws:
        _open(ws)
        ws.receive_json()
        for n in range(5):
            _send(ws, f"message {n}", n)
        ws.send_json({"type": "message", "text": "one too many", "id": "m-6"})
        assert _until(ws, "error")[-1]["text"].startswith("too many messages")
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
    assert closed.value.code == 1008
