"""An agent's file on the web chat: the message the page receives carries a download link
that serves the file (the link is signed, like every file link)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from bot.app import build_app, build_services
from bot.config import data_path, load_settings
from bot.files.storage import stored_path, write_once
from bot.store.protocol import TurnCommit
from domain.types import Address, Attachment, Outbound
from tests.conftest import Clock
from tests.factories import make_conversation, make_ticket

GUIDE = b"%PDF-1.4\nhold * and # for five seconds\n"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    cfg = tmp_path / "supportbot.toml"
    cfg.write_text(
        '[store]\nurl = "sqlite:///bot.db"\n[server]\nsession_secret = "s3cret"\n'
        'public_base_url = "https://chat.example.com"\n',
        encoding="utf-8",
    )
    services = build_services(load_settings(cfg, environ={}), clock=Clock())
    with TestClient(build_app(services), base_url="https://chat.example.com") as c:
        yield c


def test_an_agents_file_reaches_the_page_as_a_link_that_downloads_it(client: TestClient) -> None:
    services = client.app.state.services  # type: ignore[attr-defined]
    with client.websocket_connect("/chat/ws") as ws:
        ws.send_json({"type": "hello"})
        sid = ws.receive_json()["token"].split(".")[0]
        ws.receive_json()
        path = stored_path(
            data_path(services.settings, "attachments", "agent"), Clock()(), GUIDE, "guide.pdf"
        )
        write_once(path, GUIDE)
        guide = Attachment(
            "document", "guide.pdf", "application/pdf", len(GUIDE), str(path), "agent:Sam"
        )
        address = Address("webchat", sid)
        ticket = make_ticket(number=10050, address=address, attachments=(guide,))
        client.portal.call(services.store.commit, TurnCommit(at=Clock()(), tickets=(ticket,)))
        message = Outbound(
            address,
            "Sam sent you a file: guide.pdf",
            ticket_number=10050,
            kind="agent",
            attachments=(guide,),
        )
        assert client.portal.call(services.channels["webchat"].send, message).status == "delivered"
        frame = ws.receive_json()
    assert frame["from"] == "agent" and frame["text"].startswith("Sam sent you a file: guide.pdf\n")
    [url] = re.findall(r"guide\.pdf: (https://chat\.example\.com/files/\S+)", frame["text"])
    got = client.get(url)
    assert got.status_code == 200 and got.content == GUIDE
    assert got.headers["content-disposition"] == 'attachment; filename="guide.pdf"'


def test_a_page_that_comes_back_gets_fresh_links_to_the_agents_files(client: TestClient) -> None:
    """A page that was closed when the file went out (or whose link expired) finds the
    agent's files as fresh download links at the end of its history."""
    services = client.app.state.services  # type: ignore[attr-defined]
    with client.websocket_connect("/chat/ws") as ws:
        ws.send_json({"type": "hello"})
        token = ws.receive_json()["token"]
        ws.receive_json()
    sid = token.split(".")[0]
    path = stored_path(
        data_path(services.settings, "attachments", "agent"), Clock()(), GUIDE, "guide.pdf"
    )
    write_once(path, GUIDE)
    guide = Attachment(
        "document", "guide.pdf", "application/pdf", len(GUIDE), str(path), "agent:Sam"
    )
    address = Address("webchat", sid)
    ticket = make_ticket(number=10051, address=address, attachments=(guide,))
    conversation = make_conversation(id=str(address), address=address, ticket_number=10051)
    client.portal.call(
        services.store.commit,
        TurnCommit(at=Clock()(), tickets=(ticket,), conversation=conversation),
    )
    with client.websocket_connect("/chat/ws") as ws:
        ws.send_json({"type": "hello", "token": token})
        frames = [ws.receive_json() for _ in range(2)]
    history = next(f for f in frames if f["type"] == "history")
    last = history["messages"][-1]
    assert last["from"] == "agent"
    [url] = re.findall(r"guide\.pdf: (https://chat\.example\.com/files/\S+)", last["text"])
    got = client.get(url)
    assert got.status_code == 200 and got.content == GUIDE
