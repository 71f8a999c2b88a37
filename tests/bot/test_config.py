"""Settings from TOML plus SUPPORTBOT_* variables, and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings, store_url


def test_defaults_run_on_sqlite_under_var() -> None:
    settings = load_settings(None, environ={})
    assert settings.policy == "calltower"
    assert settings.store.url == "sqlite:///var/supportbot.db"
    assert settings.server.port == 8080


def test_secrets_come_from_the_environment(tmp_path: Path) -> None:
    cfg = tmp_path / "supportbot.toml"
    cfg.write_text(
        '[channels.sms]\nenabled = true\nfrom_number = "+15005550006"\n', encoding="utf-8"
    )
    env = {
        "SUPPORTBOT_TWILIO_AUTH_TOKEN": "secret-1",
        "SUPPORTBOT_API_TOKEN": "api-1",
        "SUPPORTBOT_CHANNELS__TELEGRAM__TOKEN": "123:abc",
    }
    settings = load_settings(cfg, environ=env)
    assert settings.channels.sms.auth_token == "secret-1"
    assert settings.server.api_token == "api-1"
    assert settings.channels.telegram.token == "123:abc"
    assert settings.channels.sms.from_number == "+15005550006"


def test_bad_value_names_file_key_and_reason(tmp_path: Path) -> None:
    cfg = tmp_path / "supportbot.toml"
    cfg.write_text('[server]\nport = "eighty"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(cfg, environ={})
    message = str(info.value)
    assert str(cfg) in message and "server.port" in message and "integer" in message


def test_unknown_key_is_an_error(tmp_path: Path) -> None:
    cfg = tmp_path / "supportbot.toml"
    cfg.write_text('[store]\nurll = "x"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(cfg, environ={})
    assert "store.urll" in str(info.value)


def test_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path / "nope.toml", environ={})
    assert "no such file" in str(info.value)


def test_relative_sqlite_path_is_resolved_next_to_the_config(tmp_path: Path) -> None:
    cfg = tmp_path / "supportbot.toml"
    cfg.write_text('[store]\nurl = "sqlite:///data/bot.db"\n', encoding="utf-8")
    settings = load_settings(cfg, environ={})
    assert store_url(settings) == f"sqlite:///{tmp_path}/data/bot.db"
