"""Signed file links: the signature covers the file and the expiry, under the configured
secret, and a link is good until it expires."""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta
from pathlib import Path

from bot.config import Settings
from bot.files.links import FileLinks, file_id, find
from bot.files.wiring import file_links
from domain.types import Attachment
from tests.conftest import Clock
from tests.factories import make_ticket

SHOT = Attachment("image", "screen shot?.png", "image/png", 1200, ref="/data/a/1-shot.png")
GONE = Attachment("file", "big.zip", "application/zip", 9, ref="")


def _parts(url: str) -> tuple[str, str, str]:
    path, _, query = url.partition("?")
    fid = path.split("/files/", 1)[1].split("/")[0]
    params = dict(p.split("=") for p in query.split("&"))
    return fid, params["expires"], params["sig"]


def test_a_link_names_its_file_and_is_valid_until_it_expires(clock: Clock) -> None:
    links = FileLinks(secret="s3cret", base_url="https://bot.example/", clock=clock)
    ticket = make_ticket(number=10001, attachments=(SHOT, GONE))
    link = links.link(ticket, SHOT)
    assert link is not None and link.url.startswith("https://bot.example/files/10001-")
    assert "/screen_shot_.png?" in link.url and "/data/a" not in link.url
    fid, expires, sig = _parts(link.url)
    assert find(ticket, fid) == SHOT and fid == file_id(10001, SHOT)
    assert links.valid(fid, expires, sig)
    assert not links.valid(fid, str(int(expires) + 1), sig)
    assert not links.valid(file_id(10002, SHOT), expires, sig)
    assert links.link(ticket, GONE) is None  # not kept: nothing to link to
    clock.advance(days=7)
    assert not links.valid(fid, expires, sig)


def test_links_are_signed_with_the_configured_secret_or_the_session_secret(
    tmp_path: Path, clock: Clock
) -> None:
    own = Settings.model_validate({"files": {"link_secret": "files-secret", "link_ttl_hours": 2}})
    shared = Settings.model_validate({"server": {"session_secret": "session-secret"}})
    for settings, secret in ((own, "files-secret"), (shared, "session-secret")):
        links = file_links(settings, clock)
        expected = hmac.new(secret.encode(), b"10001-ab:99", hashlib.sha256).hexdigest()
        assert links.signature("10001-ab", 99) == expected
    assert file_links(own, clock).ttl == timedelta(hours=2)
    assert file_links(shared, clock).ttl == timedelta(days=7)


def test_the_link_secret_comes_from_the_environment_and_never_prints(tmp_path: Path) -> None:
    from bot.config import load_settings

    cfg = tmp_path / "supportbot.toml"
    cfg.write_text("[files]\nlink_ttl_hours = 24\n", encoding="utf-8")
    settings = load_settings(cfg, environ={"SUPPORTBOT_FILES__LINK_SECRET": "from-the-env"})
    assert settings.files.link_secret.get_secret_value() == "from-the-env"
    assert "from-the-env" not in repr(settings)
    assert settings.files.link_ttl_hours == 24
