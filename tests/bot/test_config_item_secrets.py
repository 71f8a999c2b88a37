"""A `[[webhooks]]` or `[[api.tokens]]` table takes its secret from a variable named after
it (SUPPORTBOT_WEBHOOK_<NAME>_SECRET, SUPPORTBOT_API_TOKEN_<NAME>), so the file can be
committed without a secret in it and each secret rotated on its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings

WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
OTHER_WHSEC = "whsec_" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo="  # 26 bytes, base64
FILE = f"""
[[api.tokens]]
name = "crm"
scopes = ["tickets:read", "tickets:write"]

[[api.tokens]]
name = "noc-board"
scopes = ["tickets:read"]
token = "from-the-file-0123456789"

[[webhooks]]
name = "crm"
url = "https://crm.example.com/hooks"
events = ["ticket.opened"]

[[webhooks]]
name = "noc-pager"
url = "https://noc.example.com/hooks"
secret = "{WHSEC}"
events = ["ticket.breached"]
"""


def _config(tmp_path: Path, text: str = FILE) -> Path:
    cfg = tmp_path / "supportbot.toml"
    cfg.write_text(text, encoding="utf-8")
    return cfg


def test_each_table_takes_its_secret_from_the_variable_named_after_it(tmp_path: Path) -> None:
    env = {
        "SUPPORTBOT_API_TOKEN_CRM": "crm-token-from-env-0123",
        "SUPPORTBOT_API_TOKEN_NOC_BOARD": "noc-token-from-env-0123",  # wins over the file
        "SUPPORTBOT_WEBHOOK_CRM_SECRET": OTHER_WHSEC,
        "SUPPORTBOT_API_TOKEN": "the-single-old-token",  # still the short name it was
    }
    settings = load_settings(_config(tmp_path), environ=env)
    tokens = {t.name: t.token.get_secret_value() for t in settings.api.tokens}
    assert tokens == {"crm": "crm-token-from-env-0123", "noc-board": "noc-token-from-env-0123"}
    hooks = {w.name: w.secret.get_secret_value() for w in settings.webhooks}
    assert hooks == {"crm": OTHER_WHSEC, "noc-pager": WHSEC}
    assert settings.server.api_token.get_secret_value() == "the-single-old-token"


def test_the_tables_from_a_json_variable_take_their_secrets_by_name_too(tmp_path: Path) -> None:
    env = {
        "SUPPORTBOT_WEBHOOKS": '[{"name": "crm", "url": "https://crm.example.com/h",'
        ' "events": ["ticket.opened"]}]',
        "SUPPORTBOT_WEBHOOK_CRM_SECRET": WHSEC,
    }
    settings = load_settings(None, environ=env)
    assert [w.secret.get_secret_value() for w in settings.webhooks] == [WHSEC]


def test_a_missing_secret_names_the_variable_that_would_hold_it(tmp_path: Path) -> None:
    cfg = _config(tmp_path)
    with pytest.raises(ConfigError) as info:
        load_settings(cfg, environ={})
    lines = str(info.value).splitlines()
    assert (
        f"{cfg}: api.tokens[0].token: required; set it in the file or in SUPPORTBOT_API_TOKEN_CRM"
    ) in lines
    assert (
        f"{cfg}: webhooks[0].secret: required; set it in the file or in "
        "SUPPORTBOT_WEBHOOK_CRM_SECRET"
    ) in lines
    assert len(lines) == 2


def test_a_bad_secret_from_a_variable_names_the_variable_not_the_value(tmp_path: Path) -> None:
    env = {
        "SUPPORTBOT_API_TOKEN_CRM": "short",
        "SUPPORTBOT_WEBHOOK_CRM_SECRET": "not-a-whsec-secret",
    }
    with pytest.raises(ConfigError) as info:
        load_settings(_config(tmp_path), environ=env)
    text = str(info.value)
    assert "SUPPORTBOT_API_TOKEN_CRM: api.tokens[0].token: at least 16 characters" in text
    assert "SUPPORTBOT_WEBHOOK_CRM_SECRET: webhooks[0].secret: expected whsec_" in text
    assert "short" not in text.replace("at least", "") and "not-a-whsec" not in text


@pytest.mark.parametrize(
    "variable",
    ["SUPPORTBOT_WEBHOOK_CMR_SECRET", "SUPPORTBOT_API_TOKEN_NOC", "SUPPORTBOT_WEBHOOK_CRM"],
)
def test_a_variable_for_a_table_that_does_not_exist_is_an_error(
    tmp_path: Path, variable: str
) -> None:
    env = {
        "SUPPORTBOT_API_TOKEN_CRM": "crm-token-from-env-0123",
        "SUPPORTBOT_WEBHOOK_CRM_SECRET": WHSEC,
        variable: "whatever-it-is-0123456789",
    }
    with pytest.raises(ConfigError) as info:
        load_settings(_config(tmp_path), environ=env)
    (line,) = str(info.value).splitlines()
    assert line.startswith(f"environment: {variable}: no ")  # no such table, or no such setting


def test_a_stray_table_variable_says_which_names_it_stands_for(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(None, environ={"SUPPORTBOT_WEBHOOK_NOC_PAGER_SECRET": WHSEC})
    assert str(info.value) == (
        "environment: SUPPORTBOT_WEBHOOK_NOC_PAGER_SECRET: "
        "no [[webhooks]] table is named noc-pager or noc_pager"
    )
