"""GET /api/tickets/{number} lists the customer's files with signed download links; files the
bot keeps (email attachments, web chat uploads) are served from its data directory, never
from outside it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.config import data_path
from bot.store.protocol import TurnCommit
from channels.attachments import stored_path, write_once
from domain.types import Address, Attachment
from tests.api.conftest import READER, Api
from tests.app_harness import PUBLIC
from tests.factories import make_ticket
from tests.handoff.conftest import Desk

LOG = b"2026-11-24 09:00 REGISTER failed 403\n" * 20


async def _email_ticket(desk: Desk, *files: Attachment) -> int:
    ticket = make_ticket(
        number=10031,
        address=Address("email", "ana@example.com"),
        conversation_id="email:ana@example.com#t1",
        attachments=files,
        created_at=desk.clock() - timedelta(hours=1),
    )
    await desk.store.commit(TurnCommit(at=desk.clock(), tickets=(ticket,)))
    return ticket.number


@pytest.mark.route("GET /api/tickets/{number}")
async def test_the_detail_lists_files_with_links_that_download_them(desk: Desk, api: Api) -> None:
    root = data_path(desk.services.settings, "attachments", "email")
    path = stored_path(root, desk.clock(), LOG, "sip.log")
    write_once(path, LOG)
    kept = Attachment("document", "sip.log", "text/plain", len(LOG), ref=str(path))
    listed_only = Attachment("file", "huge.zip", "application/zip", 90_000_000, ref="")
    number = await _email_ticket(desk, kept, listed_only)
    detail = (await api.get(f"/api/tickets/{number}", token=READER)).json()
    first, second = detail["attachments"]
    assert first["name"] == "sip.log" and first["size"] == len(LOG)
    assert first["url"].startswith(f"{PUBLIC}/files/{number}-") and first["url_expires"]
    assert str(root) not in str(detail)  # where the server keeps it is not shown
    assert second == {
        "name": "huge.zip",
        "kind": "file",
        "content_type": "application/zip",
        "size": 90_000_000,
        "url": None,
        "url_expires": None,
    }
    download = await desk.client.get(first["url"].removeprefix(PUBLIC))
    assert download.status_code == 200 and download.content == LOG
    assert download.headers["content-disposition"] == 'attachment; filename="sip.log"'
    assert download.headers["x-content-type-options"] == "nosniff"


@pytest.mark.route("GET /api/tickets/{number}")
async def test_a_reference_outside_the_attachments_folder_is_never_served(
    desk: Desk, api: Api
) -> None:
    secret = desk.services.settings.data_dir + "/../bot.db"
    html = data_path(desk.services.settings, "attachments", "webchat", "page.html")
    write_once(html, b"<script>alert(1)</script>")
    number = await _email_ticket(
        desk,
        Attachment("file", "bot.db", "application/octet-stream", 10, ref=secret),
        Attachment("document", "page.html", "text/html", 25, ref=str(html)),
    )
    outside, page = (await api.get(f"/api/tickets/{number}")).json()["attachments"]
    assert (await desk.client.get(outside["url"].removeprefix(PUBLIC))).status_code == 404
    served = await desk.client.get(page["url"].removeprefix(PUBLIC))
    # a page a browser would run is a download of bytes, never rendered
    assert served.status_code == 200
    assert served.headers["content-type"] == "application/octet-stream"
    assert served.headers["content-disposition"].startswith("attachment;")
    assert "sandbox" in served.headers["content-security-policy"]
