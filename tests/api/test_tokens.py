"""API tokens: named, scoped, constant-time, rotated from a file without a restart; the
old server.api_token keeps full access; /metrics behind its own token."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from pydantic import ValidationError

from api.tokens import TokenRing
from bot.config import ApiConfig, ApiTokenConfig
from tests.api.conftest import running_api
from tests.conftest import Clock

OLD = "rotating-token-0000000001"
NEW = "rotating-token-0000000002"


def _write(path: Path, token: str, scopes: str = '["tickets:read"]', *, tick: int = 0) -> None:
    path.write_text(f'[[tokens]]\nname = "noc"\nscopes = {scopes}\ntoken = "{token}"\n')
    st = path.stat()  # a distinct mtime even within the file system's resolution
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + tick * 1_000_000_000))


def test_the_tokens_file_is_read_again_when_it_changes(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    file = tmp_path / "tokens.toml"
    _write(file, OLD)
    ring = TokenRing(file=file)
    found = ring.authenticate(OLD)
    assert found is not None and found.name == "noc" and found.scopes == {"tickets:read"}
    _write(file, NEW, tick=1)
    assert ring.authenticate(OLD) is None
    assert ring.authenticate(NEW) is not None
    # a broken rewrite keeps the last good tokens, and the log names no secret
    file.write_text('[[tokens]]\nname = "noc"\nscopes = ["tickets:read"]\ntoken = "short"\n')
    os.utime(file, ns=(0, file.stat().st_mtime_ns + 2_000_000_000))
    with caplog.at_level(logging.WARNING):
        assert ring.authenticate(NEW) is not None
    assert "keeping its last tokens" in caplog.text and "short" not in caplog.text
    file.unlink()
    assert ring.authenticate(NEW) is not None  # a missing file keeps them too


def test_legacy_token_has_every_scope_and_wrong_tokens_match_nothing() -> None:
    ring = TokenRing(legacy="legacy-secret")
    token = ring.authenticate("legacy-secret")
    assert token is not None and "contacts:write" in token.scopes
    assert ring.authenticate("legacy-secre") is None
    assert ring.authenticate("") is None
    assert TokenRing().authenticate("") is None


def test_token_config_is_validated() -> None:
    for bad in (
        {"name": "Bad Name", "scopes": ["tickets:read"], "token": "x" * 20},
        {"name": "ok", "scopes": ["tickets:delete"], "token": "x" * 20},
        {"name": "ok", "scopes": ["tickets:read"], "token": "short"},
        {"name": "ok", "scopes": [], "token": "x" * 20},
    ):
        with pytest.raises(ValidationError):
            ApiTokenConfig.model_validate(bad)
    twice = {"name": "a", "scopes": ["tickets:read"], "token": "x" * 20}
    with pytest.raises(ValidationError, match="unique"):
        ApiConfig.model_validate({"tokens": [twice, twice]})


@pytest.mark.route("GET /api/tickets")
async def test_rotation_through_the_running_app_and_a_metrics_token(
    tmp_path: Path, clock: Clock
) -> None:
    file = tmp_path / "tokens.toml"
    _write(file, OLD)
    api_section = {"tokens_file": str(file), "metrics_token": "metrics-token-000000001"}
    async with running_api(tmp_path, clock, api=api_section) as (_desk, api):
        assert (await api.get("/api/tickets", token=OLD)).status_code == 200
        assert (await api.get("/api/tickets/export", token=OLD)).status_code == 200
        write = await api.patch("/api/tickets/1", json={"priority": "P1"}, token=OLD)
        assert write.status_code == 403
        _write(file, NEW, '["tickets:read", "tickets:write"]', tick=1)
        assert (await api.get("/api/tickets", token=OLD)).status_code == 401
        assert (
            await api.patch("/api/tickets/1", json={"priority": "P1"}, token=NEW)
        ).status_code == 404
        metrics = api.client
        assert (await metrics.get("/metrics")).status_code == 401
        ok = await metrics.get(
            "/metrics", headers={"Authorization": "Bearer metrics-token-000000001"}
        )
        assert ok.status_code == 200 and "supportbot_up 1" in ok.text
        assert (
            await metrics.get("/metrics", headers={"Authorization": f"Bearer {NEW}"})
        ).status_code == 401


async def test_metrics_stay_open_without_a_metrics_token(tmp_path: Path, clock: Clock) -> None:
    async with running_api(tmp_path, clock) as (_desk, api):
        assert (await api.client.get("/metrics")).status_code == 200
