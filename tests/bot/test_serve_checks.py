"""`supportbot serve` refuses to start on a configuration it cannot run: every start-up
check is a line `FILE: KEY: REASON`, exit code 2, no traceback, and nothing said "ready"."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import uvicorn

from bot.cli import main
from bot.config import load_settings
from tests.redis_server import free_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def no_supportbot_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.upper().startswith("SUPPORTBOT_"):
            monkeypatch.delenv(name)


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[list[tuple[str, int]]]:
    """The addresses of the sockets uvicorn was handed, instead of serving: a check that
    lets a bad configuration through fails the test instead of hanging it."""
    calls: list[list[tuple[str, int]]] = []

    def run(self: uvicorn.Server, sockets: list[socket.socket] | None = None) -> None:
        calls.append([sock.getsockname() for sock in sockets or []])
        for sock in sockets or []:
            sock.close()

    monkeypatch.setattr(uvicorn.Server, "run", run)
    return calls


def config(tmp_path: Path, body: str, *, port: int | None = None) -> Path:
    cfg = tmp_path / "supportbot.toml"
    cfg.write_text(
        f'data_dir = "{tmp_path}/var"\n[store]\nurl = "sqlite:///{tmp_path}/bot.db"\n'
        f"[server]\nport = {port or free_port()}\n" + body,
        encoding="utf-8",
    )
    return cfg


def refused(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err
    assert "supportbot ready" not in err and "web chat on" not in err
    return err


@pytest.mark.parametrize(
    ("body", "keys"),
    [
        pytest.param(
            "[channels.sms]\nenabled = true\n",
            ["channels.sms.account_sid", "channels.sms.auth_token", "channels.sms.from_number"],
            id="sms-without-its-twilio-account-token-and-number",
        ),
        pytest.param(
            '[channels.telegram]\nenabled = true\nmode = "polling"\n',
            ["channels.telegram.token"],
            id="telegram-without-its-bot-token",
        ),
        pytest.param(
            '[channels.telegram]\nenabled = true\ntoken = "123:abc"\nmode = "webhook"\n',
            ["channels.telegram.secret_token"],
            id="telegram-webhook-without-its-secret-token",
        ),
        pytest.param(
            "[channels.email]\nenabled = true\nlisten_port = 0\n",
            ["channels.email.addresses"],
            id="email-without-addresses",
        ),
        pytest.param(
            '[channels.email]\nenabled = true\nlisten_port = 0\naddresses = ["support"]\n',
            ["channels.email.addresses"],
            id="email-with-an-address-that-is-not-one",
        ),
        pytest.param(
            "[slack]\nenabled = true\n",
            ["slack.bot_token", "slack.signing_secret", "slack.queue_channel"],
            id="slack-without-its-tokens-and-queue-channel",
        ),
        pytest.param(
            'host = "0.0.0.0"\n',
            ["channels.webchat.allowed_origins"],
            id="a-public-web-chat-without-allowed-origins",
        ),
    ],
)
def test_an_enabled_part_without_what_it_needs_stops_serve(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    started: list[list[tuple[str, int]]],
    body: str,
    keys: list[str],
) -> None:
    cfg = config(tmp_path, body)
    err = refused(["serve", "--config", str(cfg)], capsys)
    for key in keys:
        assert f"{cfg}: {key}: " in err
    assert started == []


def test_a_busy_server_port_stops_serve_before_anything_starts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], started: list[list[tuple[str, int]]]
) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        cfg = config(tmp_path, "", port=port)
        err = refused(["serve", "--config", str(cfg)], capsys)
    assert f"{cfg}: server.port: 127.0.0.1:{port} is already in use" in err
    assert started == []


def test_a_busy_smtp_port_stops_serve_before_anything_starts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], started: list[list[tuple[str, int]]]
) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        email = (
            f'[channels.email]\nenabled = true\nlisten_port = {port}\naddresses = ["s@x.example"]\n'
        )
        cfg = config(tmp_path, email)
        err = refused(["serve", "--config", str(cfg)], capsys)
    assert f"{cfg}: channels.email.listen_port: 127.0.0.1:{port} is already in use" in err
    assert started == []


def test_a_port_taken_with_the_command_line_option_is_reported_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], started: list[list[tuple[str, int]]]
) -> None:
    cfg = config(tmp_path, "")
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        err = refused(["serve", "--config", str(cfg), "--port", str(port)], capsys)
    assert f"server.port: 127.0.0.1:{port} is already in use" in err


def test_a_misspelt_variable_stops_serve_naming_it(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    started: list[list[tuple[str, int]]],
) -> None:
    monkeypatch.setenv("SUPPORTBOT_CHANELS__SMS__ENABLED", "true")
    err = refused(["serve", "--config", str(config(tmp_path, ""))], capsys)
    assert "environment: SUPPORTBOT_CHANELS__SMS__ENABLED: no such setting" in err
    assert "SUPPORTBOT_CHANNELS__SMS__ENABLED" in err


def test_serve_hands_uvicorn_the_port_it_claimed(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    started: list[list[tuple[str, int]]],
) -> None:
    # serve's logging set-up replaces the root handlers: not in the test process
    monkeypatch.setattr("bot.cli._setup_logging", lambda *args, **kwargs: None)
    port = free_port()
    assert main(["serve", "--config", str(config(tmp_path, "", port=port))]) == 0
    assert started == [[("127.0.0.1", port)]]
    assert f"web chat on http://127.0.0.1:{port}/chat" in capsys.readouterr().err


def readme_config() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Configuration") :]
    match = re.search(r"```toml\n(.*?)```", section, re.S)
    assert match, "README's configuration section has a TOML sample"
    return match.group(1)


def test_the_readme_sample_without_its_secrets_stops_with_the_keys_to_set(
    tmp_path: Path,
) -> None:
    cfg = tmp_path / "supportbot.toml"
    cfg.write_text(readme_config(), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("SUPPORTBOT_")}
    proc = subprocess.run(
        [sys.executable, "-m", "bot.cli", "serve", "--config", str(cfg)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=tmp_path,
    )
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and "supportbot ready" not in proc.stderr
    for key, variable in [
        ("channels.sms.auth_token", "SUPPORTBOT_TWILIO_AUTH_TOKEN"),
        ("channels.telegram.token", "SUPPORTBOT_TELEGRAM_TOKEN"),
        ("channels.telegram.secret_token", "SUPPORTBOT_TELEGRAM_SECRET_TOKEN"),
        ("slack.bot_token", "SUPPORTBOT_SLACK_BOT_TOKEN"),
        ("slack.signing_secret", "SUPPORTBOT_SLACK_SIGNING_SECRET"),
    ]:
        assert re.search(rf"^{re.escape(str(cfg))}: {key}: .*{variable}$", proc.stderr, re.M)


def test_the_readme_sample_is_valid_with_the_secrets_it_names(tmp_path: Path) -> None:
    cfg = tmp_path / "supportbot.toml"
    cfg.write_text(readme_config(), encoding="utf-8")
    secrets = {
        "SUPPORTBOT_TWILIO_AUTH_TOKEN": "t",
        "SUPPORTBOT_TELEGRAM_TOKEN": "123:abc",
        "SUPPORTBOT_TELEGRAM_SECRET_TOKEN": "s",
        "SUPPORTBOT_SLACK_BOT_TOKEN": "xoxb-1",
        "SUPPORTBOT_SLACK_SIGNING_SECRET": "s",
    }
    settings = load_settings(cfg, environ=secrets)
    assert settings.channels.sms.enabled and settings.slack.enabled
