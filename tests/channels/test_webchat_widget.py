"""The embeddable widget's server side against the ASGI app: /widget.js, the embedded
page's policy and language, which origins may open the socket, uploads (session token,
size cap, content sniffing, storage, the turn they make) and a session's other tabs."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from bot.app import Services, build_app, build_services
from bot.config import load_settings
from channels.webchat_upload import declared_fits, sniff
from tests.conftest import Clock

HOST = "https://www.provider.example"
OTHER = "https://evil.example"
CAP = 4096
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(64)
PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"
LOG = "2026-12-06 10:00:01 SIP/2.0 503 Service Unavailable\nregistro fallido ñ\n".encode()
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(64)


@dataclass
class Chat:
    client: TestClient
    services: Services
    data: Path


@pytest.fixture
def chat(tmp_path: Path) -> Iterator[Chat]:
    cfg = tmp_path / "supportbot.toml"
    cfg.write_text(
        f'data_dir = "{tmp_path}/var"\n[store]\nurl = "sqlite:///bot.db"\n'
        '[server]\napi_token = "t0ken"\nsession_secret = "s3cret"\n'
        f'[channels.webchat]\nallowed_origins = ["{HOST}"]\nmax_upload_bytes = {CAP}\n',
        encoding="utf-8",
    )
    services = build_services(load_settings(cfg, environ={}), clock=Clock())
    with TestClient(build_app(services)) as client:
        yield Chat(client, services, tmp_path / "var")


def _socket(chat: Chat) -> Any:
    return chat.client.websocket_connect("/chat/ws", headers={"origin": HOST})


def _until(ws: Any, kind: str) -> list[dict[str, Any]]:
    frames = []
    while True:
        frames.append(ws.receive_json())
        if frames[-1]["type"] == kind:
            return frames


def _open(ws: Any, token: str = "", lang: str | None = None) -> str:
    hello: dict[str, Any] = {"type": "hello", "token": token}
    if lang is not None:
        hello["lang"] = lang
    ws.send_json(hello)
    session = ws.receive_json()
    assert session["type"] == "session"
    return str(session["token"])


def _upload(chat: Chat, token: str, data: bytes, **headers: str) -> Any:
    sent = {"authorization": f"Bearer {token}", "x-file-name": "router%20lights.png"}
    sent.update({k.replace("_", "-"): v for k, v in headers.items()})
    return chat.client.post("/chat/upload", content=data, headers=sent)


def _stored(chat: Chat) -> list[Path]:
    root = chat.data / "attachments" / "webchat"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


# -- pages ----------------------------------------------------------------------------------


def test_widget_js_builds_its_elements_without_markup_or_inline_styles(chat: Chat) -> None:
    response = chat.client.get("/widget.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["cross-origin-resource-policy"] == "cross-origin"
    script = response.text
    assert "Abrir el chat de soporte" in script and "Open the support chat" in script
    # a host policy without 'unsafe-inline' blocks style attributes and markup, not CSSOM
    for blocked in ("innerHTML", 'setAttribute("style"', "cssText", "<style", "eval("):
        assert blocked not in script
    assert "event.origin !== ORIGIN" in script and "postMessage(message, ORIGIN)" in script
    elsewhere = script.replace("https://support.example.com", "").replace(
        "http://www.w3.org/2000/svg",
        "",  # the SVG namespace, not a download
    )
    assert not re.search(r"https?://", elsewhere)


def test_embedded_page_may_be_framed_only_by_allowed_origins(chat: Chat) -> None:
    page = chat.client.get("/chat", params={"embed": "1", "lang": "es", "host": HOST})
    policy = page.headers["content-security-policy"]
    assert f"frame-ancestors 'self' {HOST}" in policy and OTHER not in policy
    assert "unsafe-inline" not in policy and "script-src 'self'" in policy
    assert f'data-host="{HOST}"' in page.text and 'class="embed"' in page.text
    # a page naming a host that is not allowed gets no one to post to
    foreign = chat.client.get("/chat", params={"embed": "1", "host": OTHER})
    assert 'data-host=""' in foreign.text


def test_the_page_speaks_the_language_it_is_opened_in(chat: Chat) -> None:
    es = chat.client.get("/chat", params={"embed": "1", "lang": "es"}).text
    assert '<html lang="es">' in es and ">Soporte</h1>" in es
    assert 'placeholder="Escriba su mensaje..."' in es and ">Enviar</button>" in es
    en = chat.client.get("/chat", params={"lang": "fr"}).text  # unknown: the plan's default
    assert '<html lang="en">' in en and ">Send</button>" in en
    # both languages travel with the page, to relabel it when the conversation's is known
    assert "Escriba su mensaje" in html.unescape(en.split('data-strings="')[1])


# -- the socket's origin --------------------------------------------------------------------


def test_a_socket_from_an_origin_not_allowed_is_closed(chat: Chat) -> None:
    with pytest.raises(WebSocketDisconnect) as closed:
        with chat.client.websocket_connect("/chat/ws", headers={"origin": OTHER}) as ws:
            ws.receive_json()
    assert closed.value.code == 1008
    with chat.client.websocket_connect("/chat/ws", headers={"origin": HOST}) as ws:
        assert _open(ws)


def test_the_greeting_leads_with_the_pages_language(chat: Chat) -> None:
    with _socket(chat) as ws:
        _open(ws, lang="es")
        greeting = ws.receive_json()["text"]
    assert greeting.index("Cuénteme") < greeting.index("Please tell me")


def test_a_conversations_language_reaches_the_page(chat: Chat) -> None:
    with _socket(chat) as ws:
        token = _open(ws)
        ws.receive_json()  # greeting
        ws.send_json({"type": "message", "text": "No tengo tono de marcado en mi línea"})
        frames = _until(ws, "message")
    assert {"type": "lang", "lang": "es"} in frames
    with _socket(chat) as ws:
        _open(ws, token)
        assert ws.receive_json()["type"] == "history"
        assert ws.receive_json() == {"type": "lang", "lang": "es"}


def test_every_tab_of_a_session_sees_its_turns(chat: Chat) -> None:
    with _socket(chat) as first:
        token = _open(first)
        first.receive_json()  # greeting
        with _socket(chat) as second:
            _open(second, token)  # another page of the provider's site resumes it
            _until(second, "history")
            second.send_json({"type": "message", "text": "Voicemail light is stuck on"})
            assert _until(second, "message")[-1]["from"] == "bot"
            echo = first.receive_json()
            assert echo == {
                "type": "message",
                "from": "customer",
                "text": "Voicemail light is stuck on",
            }
            reply = _until(first, "message")[-1]
            assert reply["from"] == "bot" and "name" in reply["text"]


# -- uploads --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "declared", "sniffed"),
    [
        (PNG, "image/png", "image/png"),
        (b"\xff\xd8\xff\xe0" + bytes(20), "image/jpeg", "image/jpeg"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp", "image/webp"),
        (PDF, "application/pdf", "application/pdf"),
        (LOG, "", "text/plain"),
        (LOG, "text/x-log", "text/plain"),
    ],
)
def test_accepted_files_are_known_by_their_bytes(data: bytes, declared: str, sniffed: str) -> None:
    assert sniff(data) == sniffed
    assert declared_fits(declared, sniffed)


@pytest.mark.parametrize(
    ("data", "declared"),
    [
        (EXE, "image/png"),  # an executable renamed .png
        (EXE, "application/octet-stream"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "image/svg+xml",
        ),
        (b"<html><script>alert(1)</script></html>", "text/html"),
        (PDF, "image/png"),  # bytes and declaration disagree
        ("caf\u00e9".encode("latin-1") + bytes(3), "text/plain"),
    ],
)
def test_other_files_are_refused_whatever_they_claim(data: bytes, declared: str) -> None:
    found = sniff(data)
    assert found is None or not declared_fits(declared, found)


def test_an_upload_is_stored_acknowledged_and_kept_for_the_ticket(chat: Chat) -> None:
    with _socket(chat) as ws:
        token = _open(ws)
        ws.receive_json()  # greeting
        ws.send_json({"type": "message", "text": "My router's lights are all red"})
        _until(ws, "message")
        response = _upload(chat, token, PNG, content_type="image/png", x_upload_id="u1")
        assert response.status_code == 200
        assert response.json()["attachment"] == {
            "name": "router_lights.png",
            "kind": "image",
            "content_type": "image/png",
            "size": len(PNG),
        }
        ack = _until(ws, "message")[-1]
        assert ack["from"] == "bot" and "screenshot" in ack["text"]
    [path] = _stored(chat)
    assert path.read_bytes() == PNG and path.name.endswith("-router_lights.png")
    sid = token.partition(".")[0]
    conv = chat.client.portal.call(chat.services.store.load_conversation, f"webchat:{sid}")
    assert [(a.kind, a.ref) for a in conv.attachments] == [("image", str(path))]


def test_an_upload_on_an_open_ticket_is_attached_to_it(chat: Chat) -> None:
    script = [
        "Voicemail light is stuck on for my phone only",
        "Ana Pérez",
        "AC-10442",
        "+1 415 555 2671",
        "ana@example.com",
        "Yes",
    ]
    with _socket(chat) as ws:
        token = _open(ws)
        ws.receive_json()
        for text in script:
            ws.send_json({"type": "message", "text": text})
            frames = _until(ws, "message")
        ticket = next(f for f in [*frames, *_until(ws, "ticket")] if f["type"] == "ticket")
        response = _upload(chat, token, LOG, content_type="text/plain", x_file_name="sip.log")
        assert response.status_code == 200
        ack = _until(ws, "message")[-1]
        assert f"attached to ticket #{ticket['number']}" in ack["text"]
    stored = chat.client.portal.call(chat.services.store.get_ticket, ticket["number"])
    assert [(a.name, a.kind, a.content_type) for a in stored.attachments] == [
        ("sip.log", "document", "text/plain")
    ]


def test_uploads_need_the_current_session_token_in_the_header(chat: Chat) -> None:
    with _socket(chat) as ws:
        old = _open(ws)
    with _socket(chat) as ws:
        current = _open(ws, old)  # a resume rotates the token
    assert _upload(chat, "", PNG).status_code == 401
    assert _upload(chat, old, PNG).status_code == 401
    assert _upload(chat, current[:-2] + "xx", PNG).status_code == 401
    in_url = chat.client.post(f"/chat/upload?token={current}", content=PNG)
    assert in_url.status_code == 401
    assert _stored(chat) == []
    assert _upload(chat, current, PNG).status_code == 200


def test_too_large_and_disguised_files_are_refused_and_not_stored(chat: Chat) -> None:
    with _socket(chat) as ws:
        token = _open(ws)
    big = _upload(chat, token, PNG + bytes(CAP), content_type="image/png")
    assert big.status_code == 413 and big.json() == {"error": "too_large", "limit": CAP}

    def chunks() -> Iterator[bytes]:  # no Content-Length: the cap still holds
        yield PNG
        yield bytes(CAP)

    streamed = chat.client.post(
        "/chat/upload", content=chunks(), headers={"authorization": f"Bearer {token}"}
    )
    assert streamed.status_code == 413
    disguised = _upload(chat, token, EXE, content_type="image/png")
    assert disguised.status_code == 415 and disguised.json() == {"error": "type"}
    assert _upload(chat, token, b"", content_type="image/png").status_code == 400
    assert _stored(chat) == []


def test_a_retried_upload_makes_one_turn(chat: Chat) -> None:
    with _socket(chat) as ws:
        token = _open(ws)
        for _ in range(2):
            assert _upload(chat, token, PDF, x_upload_id="same").status_code == 200
    sid = token.partition(".")[0]
    lines = chat.client.portal.call(chat.services.store.transcript, f"webchat:{sid}")
    assert sum(1 for line in lines if line.who == "customer") == 1
    assert len(_stored(chat)) == 1


def test_a_session_uploading_faster_than_a_person_is_refused_for_the_minute(chat: Chat) -> None:
    uploads = chat.services.channels["webchat"].uploads  # type: ignore[attr-defined]
    now = [1000.0]
    uploads.monotonic = lambda: now[0]
    with _socket(chat) as ws:
        token = _open(ws)
    logs = [LOG + str(n).encode() for n in range(uploads.max_per_minute + 1)]
    answers = [_upload(chat, token, data, x_upload_id=f"u{n}") for n, data in enumerate(logs)]
    assert [a.status_code for a in answers[:-1]] == [200] * uploads.max_per_minute
    assert answers[-1].status_code == 429 and answers[-1].json() == {"error": "rate"}
    assert len(_stored(chat)) == uploads.max_per_minute  # the refused one never reached disk
    now[0] += 60.0
    assert _upload(chat, token, logs[-1], x_upload_id="later").status_code == 200
