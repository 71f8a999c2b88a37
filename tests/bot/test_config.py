"""Settings from TOML plus SUPPORTBOT_* variables, and clear errors."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.config import ConfigError, Settings, load_settings, store_url


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
        "SUPPORTBOT_TWILIO_ACCOUNT_SID": "AC0001",
        "SUPPORTBOT_TWILIO_AUTH_TOKEN": "secret-1",
        "SUPPORTBOT_API_TOKEN": "api-1",
        "SUPPORTBOT_CHANNELS__TELEGRAM__TOKEN": "123:abc",
    }
    settings = load_settings(cfg, environ=env)
    assert settings.channels.sms.auth_token.get_secret_value() == "secret-1"
    assert settings.server.api_token.get_secret_value() == "api-1"
    assert settings.channels.telegram.token.get_secret_value() == "123:abc"
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


def test_the_environment_wins_over_the_file_and_the_command_line_over_both(
    tmp_path: Path,
) -> None:
    cfg = tmp_path / "supportbot.toml"
    cfg.write_text(
        'log_level = "DEBUG"\n[server]\nport = 9000\nhost = "0.0.0.0"\n'
        '[channels.webchat]\nallowed_origins = ["https://www.example.com"]\n'
    )
    env = {"SUPPORTBOT_SERVER__PORT": "9100", "SUPPORTBOT_LOG_LEVEL": "WARNING"}
    settings = load_settings(cfg, environ=env)
    assert (settings.server.port, settings.server.host, settings.log_level) == (
        9100,
        "0.0.0.0",
        "WARNING",
    )
    assert settings.limits.max_message_chars == 5000  # neither: the default
    assert load_settings(cfg, environ=env, overrides={"server.port": 9200}).server.port == 9200


def test_a_list_key_comes_from_the_environment_as_json_or_comma_separated(
    tmp_path: Path,
) -> None:
    cfg = tmp_path / "supportbot.toml"
    cfg.write_text('[channels.webchat]\nallowed_origins = ["https://file.example"]\n')
    name = "SUPPORTBOT_CHANNELS__WEBCHAT__ALLOWED_ORIGINS"
    as_json = load_settings(cfg, environ={name: '["https://a.example", "https://b.example"]'})
    assert as_json.channels.webchat.allowed_origins == ["https://a.example", "https://b.example"]
    as_csv = load_settings(cfg, environ={name: "https://a.example, https://b.example"})
    assert as_csv.channels.webchat.allowed_origins == ["https://a.example", "https://b.example"]
    addresses = load_settings(
        None,
        environ={
            "SUPPORTBOT_CHANNELS__EMAIL__ENABLED": "true",
            "SUPPORTBOT_CHANNELS__EMAIL__ADDRESSES": "support@example.com,soporte@example.com",
        },
    )
    assert addresses.channels.email.addresses == ["support@example.com", "soporte@example.com"]


def test_a_table_from_the_environment_is_merged_key_by_key_with_the_files(
    tmp_path: Path,
) -> None:
    cfg = tmp_path / "supportbot.toml"
    cfg.write_text('[channels.email.relay]\nhost = "smtp.internal.example"\nport = 25\n')
    env = {
        "SUPPORTBOT_CHANNELS__EMAIL__RELAY": '{"port": 465, "tls": true}',
        "SUPPORTBOT_SMTP_PASSWORD": "pw",
    }
    relay = load_settings(cfg, environ=env).channels.email.relay
    assert (relay.host, relay.port, relay.tls) == ("smtp.internal.example", 465, True)
    assert relay.password.get_secret_value() == "pw"


def test_a_table_variable_that_is_not_a_json_object_is_reported() -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(None, environ={"SUPPORTBOT_CHANNELS__EMAIL__RELAY": "smtp.example.com"})
    assert "environment: SUPPORTBOT_CHANNELS__EMAIL__RELAY: a table" in str(info.value)


def test_a_misspelt_variable_is_an_error_naming_it_and_the_closest_key() -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(None, environ={"SUPPORTBOT_CHANELS__SMS__ENABLED": "true"})
    assert str(info.value) == (
        "environment: SUPPORTBOT_CHANELS__SMS__ENABLED: no such setting; "
        "did you mean SUPPORTBOT_CHANNELS__SMS__ENABLED?"
    )
    with pytest.raises(
        ConfigError, match="SUPPORTBOT_TWILIO_TOKEN: .*SUPPORTBOT_TWILIO_AUTH_TOKEN"
    ):
        load_settings(None, environ={"SUPPORTBOT_TWILIO_TOKEN": "x"})


def test_other_variables_and_the_config_path_itself_are_not_settings(tmp_path: Path) -> None:
    cfg = tmp_path / "supportbot.toml"
    cfg.write_text("[server]\nport = 8181\n")
    env = {"SUPPORTBOT_CONFIG": str(cfg), "PATH": "/usr/bin", "SUPPORTBOTX": "1"}
    assert load_settings(None, environ=env).server.port == 8181


def test_a_bad_value_from_the_environment_names_the_variable_and_the_key(tmp_path: Path) -> None:
    cfg = tmp_path / "supportbot.toml"
    cfg.write_text("[server]\nport = 8080\n")
    with pytest.raises(ConfigError) as info:
        load_settings(cfg, environ={"SUPPORTBOT_SERVER__PORT": "eighty"})
    assert str(info.value).startswith("SUPPORTBOT_SERVER__PORT: server.port: ")
    assert "integer" in str(info.value)


def test_the_full_name_wins_over_the_short_alias_and_blank_variables_are_unset(
    tmp_path: Path,
) -> None:
    cfg = tmp_path / "supportbot.toml"
    cfg.write_text('[server]\napi_token = "from-file"\n')
    both = {"SUPPORTBOT_API_TOKEN": "short", "SUPPORTBOT_SERVER__API_TOKEN": "long"}
    assert load_settings(cfg, environ=both).server.api_token.get_secret_value() == "long"
    # a blank line in an env file (SUPPORTBOT_API_TOKEN=) does not wipe the file's value
    blank = {"SUPPORTBOT_API_TOKEN": ""}
    assert load_settings(cfg, environ=blank).server.api_token.get_secret_value() == "from-file"


def test_settings_built_in_code_ignore_the_process_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SUPPORTBOT_SERVER__PORT", "9999")
    assert Settings().server.port == 8080
    assert load_settings(None).server.port == 9999


SECRETS = {
    "SUPPORTBOT_API_TOKEN": "api-s3cret",
    "SUPPORTBOT_SESSION_SECRET": "session-s3cret",
    "SUPPORTBOT_TWILIO_AUTH_TOKEN": "twilio-s3cret",
    "SUPPORTBOT_TELEGRAM_TOKEN": "123:telegram-s3cret",
    "SUPPORTBOT_TELEGRAM_SECRET_TOKEN": "webhook-s3cret",
    "SUPPORTBOT_SLACK_BOT_TOKEN": "xoxb-s3cret",
    "SUPPORTBOT_SLACK_SIGNING_SECRET": "signing-s3cret",
    "SUPPORTBOT_SLACK_APP_TOKEN": "xapp-s3cret",
    "SUPPORTBOT_SMTP_USERNAME": "smtp-user-s3cret",
    "SUPPORTBOT_SMTP_PASSWORD": "smtp-pw-s3cret",
}


def test_secrets_are_masked_in_repr_dumps_and_logs(caplog: pytest.LogCaptureFixture) -> None:
    settings = load_settings(None, environ=SECRETS)
    caplog.set_level(logging.INFO)
    logging.getLogger("supportbot.test").info("settings: %s / %r", settings, settings)
    shown = [repr(settings), str(settings), settings.model_dump_json(), caplog.text]
    for text in shown:
        assert "s3cret" not in text
    assert "**********" in caplog.text
    # the consumers still get the values
    assert settings.slack.signing_secret.get_secret_value() == "signing-s3cret"
    assert settings.channels.email.relay.username.get_secret_value() == "smtp-user-s3cret"


def test_a_secret_assigned_after_loading_is_still_a_secret() -> None:
    settings = Settings()
    settings.slack.app_token = "xapp-1"  # type: ignore[assignment]
    assert "xapp-1" not in repr(settings)
    assert settings.slack.app_token.get_secret_value() == "xapp-1"


def test_the_outbox_lease_is_configurable_and_reaches_the_store(tmp_path: Path) -> None:
    from datetime import timedelta

    from bot.config import store_options
    from bot.store.backends import open_store

    cfg = tmp_path / "supportbot.toml"
    cfg.write_text("[store]\nlease_seconds = 90\n", encoding="utf-8")
    settings = load_settings(cfg, environ={"SUPPORTBOT_STORE__URL": "redis://127.0.0.1:1/0"})
    store = open_store(store_url(settings), **store_options(settings))
    assert store_options(settings) == {"lease": timedelta(seconds=90)}
    assert getattr(store, "lease") == timedelta(seconds=90)  # noqa: B009
    assert load_settings(None, environ={}).store.lease_seconds == 60
    cfg.write_text("[store]\nlease_seconds = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(cfg, environ={})
    assert "store.lease_seconds" in str(info.value)


def test_interrupted_sends_are_held_by_default_and_the_setting_reaches_the_dispatcher(
    tmp_path: Path,
) -> None:
    from bot.app import build_services

    assert load_settings(None, environ={}).store.interrupted_sends == "hold"
    cfg = tmp_path / "supportbot.toml"
    cfg.write_text(
        f'data_dir = "{tmp_path}"\n[store]\ninterrupted_sends = "resend"\n', encoding="utf-8"
    )
    settings = load_settings(cfg, environ={})
    assert build_services(settings).dispatcher.interrupted == "resend"
    cfg.write_text('[store]\ninterrupted_sends = "twice"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(cfg, environ={})
    assert "store.interrupted_sends" in str(info.value)
