"""SUPPORTBOT_* variables -> settings values, through pydantic-settings' env source.

Every key has a variable: its dotted path in upper case with `__` between the
parts (`channels.sms.auth_token` is SUPPORTBOT_CHANNELS__SMS__AUTH_TOKEN). A
table can be given whole as a JSON object (SUPPORTBOT_CHANNELS__EMAIL__RELAY=
'{"host": "smtp.example.com", "port": 587}'), merged key by key with the file;
a list as JSON or comma-separated. The common secrets also have short names,
`ALIASES`. A SUPPORTBOT_* variable that names no key is a problem, not ignored:
a misspelt secret would otherwise start a channel without it.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator, Mapping
from typing import Any, Final

from pydantic import BaseModel
from pydantic_settings import BaseSettings, EnvSettingsSource

PREFIX: Final = "SUPPORTBOT_"
DELIMITER: Final = "__"
CONFIG_VAR: Final = "SUPPORTBOT_CONFIG"  # the file itself, read by load_settings
ALIASES: Final[dict[str, str]] = {
    "SUPPORTBOT_API_TOKEN": "server.api_token",
    "SUPPORTBOT_SESSION_SECRET": "server.session_secret",
    "SUPPORTBOT_STORE_URL": "store.url",
    "SUPPORTBOT_TWILIO_ACCOUNT_SID": "channels.sms.account_sid",
    "SUPPORTBOT_TWILIO_AUTH_TOKEN": "channels.sms.auth_token",
    "SUPPORTBOT_TELEGRAM_TOKEN": "channels.telegram.token",
    "SUPPORTBOT_TELEGRAM_SECRET_TOKEN": "channels.telegram.secret_token",
    "SUPPORTBOT_SMTP_USERNAME": "channels.email.relay.username",
    "SUPPORTBOT_SMTP_PASSWORD": "channels.email.relay.password",
    "SUPPORTBOT_SLACK_BOT_TOKEN": "slack.bot_token",
    "SUPPORTBOT_SLACK_SIGNING_SECRET": "slack.signing_secret",
    "SUPPORTBOT_SLACK_APP_TOKEN": "slack.app_token",
}
# derived from where the file is, never given
NOT_FROM_ENV: Final = frozenset({"base_dir"})


def var_name(dotted: str) -> str:
    """The long variable name of a dotted key."""
    return PREFIX + dotted.upper().replace(".", DELIMITER)


def short_or_long_name(dotted: str) -> str:
    """What the docs tell people to set for `dotted`: its short alias if it has one."""
    for alias, key in ALIASES.items():
        if key == dotted:
            return alias
    return var_name(dotted)


def keys(model: type[BaseModel], prefix: str = "") -> Iterator[tuple[str, bool]]:
    """Every dotted key of `model` with whether it is a table (a section), depth first."""
    for name, info in model.model_fields.items():
        if not prefix and name in NOT_FROM_ENV:
            continue
        dotted = prefix + name
        sub = info.annotation
        table = isinstance(sub, type) and issubclass(sub, BaseModel)
        yield dotted, table
        if table:
            yield from keys(sub, dotted + ".")  # type: ignore[arg-type]


class Variables:
    """The SUPPORTBOT_* variables of one environment, sorted out against the settings."""

    def __init__(self, settings_cls: type[BaseSettings], environ: Mapping[str, str]) -> None:
        known = dict(keys(settings_cls))
        self.by_key: dict[str, str] = {}  # dotted key -> the variable that set it
        self.values: dict[str, str] = {}  # long variable name -> value
        self.problems: list[tuple[str, str]] = []  # (variable, reason)
        names = {var_name(k): k for k in known}
        ours = {
            n.upper(): v
            for n, v in environ.items()
            if n.upper().startswith(PREFIX) and n.upper() != CONFIG_VAR and v != ""
        }
        # the long name wins over a short alias for the same key
        for name, value in sorted(ours.items(), key=lambda item: item[0] not in ALIASES):
            dotted = ALIASES.get(name) or names.get(name)
            if dotted is None:
                self.problems.append((name, _unknown(name, [*names, *ALIASES, CONFIG_VAR])))
                continue
            if known[dotted] and not _json_table(value):
                example = '{"key": "value"}'
                self.problems.append((name, f"a table: give a JSON object like {example}"))
                continue
            self.by_key[dotted] = name
            self.values[var_name(dotted)] = value

    def origin(self, dotted: str) -> str | None:
        """The variable a problem at `dotted` came from (the key itself or a table above it)."""
        parts = dotted.split(".")
        for end in range(len(parts), 0, -1):
            found = self.by_key.get(".".join(parts[:end]))
            if found:
                return found
        return None


def _unknown(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        return f"no such setting; did you mean {close[0]}?"
    return "no such setting (a key's variable is its dotted path in upper case, . as __)"


def _json_table(value: str) -> bool:
    try:
        return isinstance(json.loads(value), dict)
    except ValueError:
        return False


class EnvironmentSource(EnvSettingsSource):
    """pydantic-settings' env source (nested keys, JSON tables) over the sorted-out
    variables instead of `os.environ`, so tests and `load_settings(environ=...)` pass theirs."""

    def __init__(self, settings_cls: type[BaseSettings], variables: Variables) -> None:
        self._given = variables.values
        super().__init__(settings_cls)

    def _load_env_vars(self) -> Mapping[str, str | None]:
        # a whole table before the keys inside it, so those are merged into it, not lost
        ordered = sorted(self._given.items(), key=lambda item: item[0].count(DELIMITER))
        return {name.lower(): value for name, value in ordered}


def split_list(value: Any) -> Any:
    """A list from the environment: JSON (`["a", "b"]`) or comma-separated (`a, b`)."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if text.startswith("["):
        return json.loads(text)  # a JSONDecodeError is a ValueError: reported with the key
    return [part.strip() for part in text.split(",") if part.strip()]
