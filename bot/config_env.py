"""SUPPORTBOT_* variables -> settings values, through pydantic-settings' env source.

Every key has a variable: its dotted path in upper case with `__` between the
parts (`channels.sms.auth_token` is SUPPORTBOT_CHANNELS__SMS__AUTH_TOKEN). A
table can be given whole as a JSON object (SUPPORTBOT_CHANNELS__EMAIL__RELAY=
'{"host": "smtp.example.com", "port": 587}'), merged key by key with the file;
a list as JSON or comma-separated. The common secrets also have short names,
`ALIASES`. The tables of a list (`[[webhooks]]`, `[[api.tokens]]`) take their secret
one by one from a variable named after the table's `name` (`ITEM_SECRETS`:
SUPPORTBOT_WEBHOOK_CRM_SECRET, SUPPORTBOT_API_TOKEN_CRM). A SUPPORTBOT_* variable that
names no key, or no such table, is a problem, not ignored: a misspelt secret would
otherwise start a channel without it.
"""

from __future__ import annotations

import difflib
import json
import re
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
# one table's secret of a list of tables, by the table's name ("noc-pager" is NOC_PAGER):
# list key -> (the secret's key in the table, the variable's name around the name)
ITEM_SECRETS: Final[dict[str, tuple[str, str]]] = {
    "webhooks": ("secret", "SUPPORTBOT_WEBHOOK_{}_SECRET"),
    "api.tokens": ("token", "SUPPORTBOT_API_TOKEN_{}"),
}
_ITEM_PATTERNS: Final = {
    key: re.compile("^" + form.replace("{}", "([A-Z0-9_]+)") + "$")
    for key, (_, form) in ITEM_SECRETS.items()
}


def var_name(dotted: str) -> str:
    """The long variable name of a dotted key."""
    return PREFIX + dotted.upper().replace(".", DELIMITER)


def short_or_long_name(dotted: str) -> str:
    """What the docs tell people to set for `dotted`: its short alias if it has one."""
    for alias, key in ALIASES.items():
        if key == dotted:
            return alias
    return var_name(dotted)


def item_var(list_key: str, name: str) -> str:
    """The variable holding the secret of the `list_key` table named `name`."""
    return ITEM_SECRETS[list_key][1].format(_slug(name))


def _slug(name: str) -> str:
    return name.upper().replace("-", "_")


def _spellings(slug: str) -> list[str]:
    """The table names a variable's part can stand for (`NOC_PAGER`: noc_pager, noc-pager)."""
    return sorted({slug.lower(), slug.lower().replace("_", "-")})


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
        # (list key, the table's name as in its variable) -> (variable, value)
        self.item_secrets: dict[tuple[str, str], tuple[str, str]] = {}
        names = {var_name(k): k for k in known}
        ours = {
            n.upper(): v
            for n, v in environ.items()
            if n.upper().startswith(PREFIX) and n.upper() != CONFIG_VAR and v != ""
        }
        # the long name wins over a short alias for the same key
        for name, value in sorted(ours.items(), key=lambda item: item[0] not in ALIASES):
            dotted = ALIASES.get(name) or names.get(name)
            if dotted is None and (item := _item_secret(name)) is not None:
                self.item_secrets[item] = (name, value)
                continue
            if dotted is None:
                self.problems.append((name, _unknown(name, [*names, *ALIASES, CONFIG_VAR])))
                continue
            if known[dotted] and not _json_table(value):
                example = '{"key": "value"}'
                self.problems.append((name, f"a table: give a JSON object like {example}"))
                continue
            self.by_key[dotted] = name
            self.values[var_name(dotted)] = value

    def fill_items(self, data: dict[str, Any]) -> list[tuple[str, str]]:
        """Put each table's secret variable into its table in `data` (the merged file and
        environment: the variable wins, as every variable does); the problems of a
        variable naming a table that does not exist, as (variable, reason)."""
        used: set[tuple[str, str]] = set()
        for list_key, (field, _) in ITEM_SECRETS.items():
            for i, item in enumerate(_tables(data, list_key)):
                slot = (list_key, _slug(str(item.get("name", ""))))
                if slot not in self.item_secrets:
                    continue
                name, value = self.item_secrets[slot]
                item[field] = value
                self.by_key[f"{list_key}[{i}].{field}"] = name
                used.add(slot)
        return [
            (name, f"no [[{list_key}]] table is named {' or '.join(_spellings(slug))}")
            for (list_key, slug), (name, _) in sorted(self.item_secrets.items())
            if (list_key, slug) not in used
        ]

    def origin(self, dotted: str) -> str | None:
        """The variable a problem at `dotted` came from (the key itself or a table above it)."""
        parts = dotted.split(".")
        for end in range(len(parts), 0, -1):
            found = self.by_key.get(".".join(parts[:end]))
            if found:
                return found
        return None


def _item_secret(name: str) -> tuple[str, str] | None:
    for list_key, pattern in _ITEM_PATTERNS.items():
        if m := pattern.match(name):
            return list_key, m.group(1)
    return None


def _tables(data: dict[str, Any], list_key: str) -> list[dict[str, Any]]:
    node: Any = data
    for part in list_key.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return [t for t in node if isinstance(t, dict)] if isinstance(node, list) else []


_ITEM_KEY: Final = re.compile(r"^(?P<list>[a-z.]+)\[(?P<i>\d+)\]\.(?P<field>\w+)$")


def item_secret_hint(data: dict[str, Any], key: str, reason: str) -> tuple[str, str]:
    """A table's missing secret says which variable can hold it (its name's)."""
    m = _ITEM_KEY.match(key)
    if m is None or m["list"] not in ITEM_SECRETS or ITEM_SECRETS[m["list"]][0] != m["field"]:
        return key, reason
    if reason != "Field required":
        return key, reason
    tables = _tables(data, m["list"])
    name = tables[int(m["i"])].get("name") if int(m["i"]) < len(tables) else None
    if not isinstance(name, str) or not name:
        return key, f"required; set it in the table (or name the table: {m['list']} secrets "
        "also come from a variable named after it)"
    return key, f"required; set it in the file or in {item_var(m['list'], name)}"


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
