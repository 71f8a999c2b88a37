"""The bot's configuration: one TOML file, then SUPPORTBOT_* variables, on pydantic-settings.

Precedence: the command line (`serve --port`...) over the environment over the
file over the defaults. Any key can come from the environment (bot.config_env:
SUPPORTBOT_CHANNELS__SMS__AUTH_TOKEN, tables as JSON, lists as JSON or
comma-separated, short names for the common secrets); an unknown SUPPORTBOT_*
variable is an error. Secrets are `SecretStr`: they print as `**********` and a
consumer asks for `.get_secret_value()` where it needs one. What a channel needs
to start (its secrets, its addresses) is validated here, so a bad configuration
stops with `FILE: KEY: REASON` before anything starts. This is the only module
that reads `os.environ`. The sections live beside it: the channels in bot.config_channels,
the API, webhooks, contacts and status page in bot.config_integrations, files in
bot.config_files, what they share in bot.config_sections.
"""

from __future__ import annotations

import ipaddress
import os
import tomllib
from collections.abc import Mapping, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any, Final, Literal

from pydantic import (
    Field,
    PrivateAttr,
    SecretStr,
    ValidationError,
    field_validator,
)
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    SettingsError,
)

from bot.config_channels import ChannelsConfig
from bot.config_env import (
    ALIASES,
    PREFIX,
    EnvironmentSource,
    Variables,
    item_secret_hint,
    short_or_long_name,
)
from bot.config_files import FilesConfig
from bot.config_integrations import (
    API_SCOPES,
    WEBHOOK_EVENTS,
    ApiConfig,
    ApiTokenConfig,
    ContactsConfig,
    StatusConfig,
    WebhookConfig,
    unique_names,
)
from bot.config_sections import EMPTY_SECRET, REQUIRED, Section, when_enabled
from bot.plan.policy import validation_problems

__all__ = [
    "API_SCOPES",
    "WEBHOOK_EVENTS",
    "ApiConfig",
    "ApiTokenConfig",
    "ContactsConfig",
    "StatusConfig",
    "WebhookConfig",
]

ENV_PREFIX: Final = PREFIX
SECRET_ALIASES: Final = ALIASES  # the short names, SUPPORTBOT_API_TOKEN -> server.api_token


class ConfigError(Exception):
    """An invalid configuration: one line per problem, `SOURCE: KEY: REASON`. The source
    is the file, or the variable or option a bad value came from (`origins`)."""

    def __init__(
        self,
        source: str,
        problems: Sequence[tuple[str, str]],
        *,
        origins: Mapping[str, str] | None = None,
    ) -> None:
        self.source = source
        self.problems = list(problems)
        origins = origins or {}
        super().__init__(
            "\n".join(f"{origins.get(key, source)}: {key}: {reason}" for key, reason in problems)
        )


class ServerConfig(Section):
    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=1, le=65535)
    public_base_url: str = "http://127.0.0.1:8080"
    api_token: SecretStr = EMPTY_SECRET  # bearer token for /api/*; empty: the API answers 401
    session_secret: SecretStr = EMPTY_SECRET  # signs web chat sessions; random per start if empty
    # reverse proxies whose X-Forwarded-For is believed (addresses or networks, e.g.
    # ["127.0.0.1", "10.0.0.0/8"]); none by default: the header is then never read
    trusted_proxies: list[str] = Field(default_factory=list)

    @field_validator("public_base_url")
    @classmethod
    def _url(cls, v: str) -> str:
        if not v.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return v.rstrip("/")

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies(cls, v: list[str]) -> list[str]:
        for entry in v:
            try:
                ipaddress.ip_network(entry.strip(), strict=False)
            except ValueError:
                raise ValueError(f"not an IP address or network: {entry!r}") from None
        return [entry.strip() for entry in v]


class StoreConfig(Section):
    url: str = "sqlite:///var/supportbot.db"
    # How long a claimed outbox item stays a worker's before another may take it over
    # (and, renewed by the fence, how long a send has): keep it well above the longest
    # provider call (docs/reliability.md, Delivery).
    lease_seconds: float = Field(default=60.0, ge=5.0, le=3600.0)
    # A reply whose send began and whose outcome was never recorded (its worker was killed,
    # or frozen past the lease, mid-send) may or may not have reached the customer. "hold":
    # not sent again, noted on the ticket and told to the agents (at most once, no
    # duplicates); "resend": sent again (at least once; the customer may get it twice).
    # Email, the email intake and webhooks are always resent: their far side deduplicates.
    interrupted_sends: Literal["hold", "resend"] = "hold"

    @field_validator("url")
    @classmethod
    def _scheme(cls, v: str) -> str:
        if not v.startswith(("sqlite:///", "redis://", "rediss://", "unix://")):
            raise ValueError("expected sqlite:///path or redis://host:port/db")
        return v


class LimitsConfig(Section):
    max_message_chars: int = Field(default=5000, ge=100)
    # per customer address: past it one polite notice, then silence (messages still kept)
    # until the minute is over; 0 turns the limit off
    turns_per_minute: int = Field(default=20, ge=0)


class SlackConfig(Section):
    enabled: bool = False
    bot_token: SecretStr = Field(default=EMPTY_SECRET, validate_default=True)
    signing_secret: SecretStr = Field(default=EMPTY_SECRET, validate_default=True)
    app_token: SecretStr = EMPTY_SECRET  # set for Socket Mode
    queue_channel: str = Field(default="", validate_default=True)
    oncall_group: str = ""
    api_base_url: str = "https://slack.com/api/"
    # where each ticket's card goes: a priority id, a category or a customer channel
    # (e.g. {P1 = "C0URGENT", MACD = "C0PROVISION", email = "C0QUEUE"}) -> a Slack
    # channel id; checked in that order, the queue channel when none matches
    routes: dict[str, str] = {}
    # an incident's master thread: a line per linked child up to `link_lines` children, then
    # one summary line every `link_summary_seconds` ("+312 customers linked in the last
    # 5 min, 1,204 in all"); 0 link_lines: a line per child, however many
    link_lines: int = Field(default=20, ge=0)
    link_summary_seconds: int = Field(default=300, ge=10, le=86_400)

    _needed = field_validator("bot_token", "signing_secret", "queue_channel")(when_enabled)


class Settings(BaseSettings):
    """Everything `supportbot` reads. `Settings(...)` and `Settings.model_validate(...)`
    take only what they are given; `load_settings` adds the file and the environment."""

    model_config = SettingsConfigDict(
        env_prefix=PREFIX,
        env_nested_delimiter="__",
        case_sensitive=False,
        env_ignore_empty=True,  # SUPPORTBOT_API_TOKEN= (a blank line in an env file) is unset
        extra="forbid",
        validate_assignment=True,
    )

    policy: str = "calltower"
    data_dir: str = "./var"
    log_level: str = "INFO"
    server: ServerConfig = ServerConfig()
    store: StoreConfig = StoreConfig()
    limits: LimitsConfig = LimitsConfig()
    channels: ChannelsConfig = ChannelsConfig()
    slack: SlackConfig = SlackConfig()
    api: ApiConfig = ApiConfig()
    webhooks: list[WebhookConfig] = []
    contacts: ContactsConfig = ContactsConfig()
    files: FilesConfig = FilesConfig()
    status: StatusConfig = StatusConfig()  # outage mode's external status page source
    # where the file came from, for relative paths (policy files, data_dir)
    base_dir: str = "."

    # what problems found after loading (a busy port) name as their source
    _source: str = PrivateAttr(default="(settings)")

    @field_validator("webhooks")
    @classmethod
    def _unique_webhooks(cls, v: list[WebhookConfig]) -> list[WebhookConfig]:
        return unique_names(v)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Built from code, settings are exactly what the code says: a test or a benchmark
        # must not pick up the operator's SUPPORTBOT_* variables. load_settings layers them.
        return (init_settings,)

    @property
    def source(self) -> str:
        """The file these settings came from, "(defaults)" without one."""
        return self._source


def _read_file(path: Path) -> dict[str, Any]:
    source = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(source, [("(file)", "no such file")]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(source, [("(syntax)", str(exc))]) from None
    data["base_dir"] = str(path.resolve().parent)
    return data


def _nested(dotted: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in dotted.items():
        node = out
        *parents, leaf = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return out


def _merged(under: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """`over` on top of `under`, tables merged key by key (lists and values replaced)."""
    out = dict(under)
    for key, value in over.items():
        below = out.get(key)
        both_tables = isinstance(below, Mapping) and isinstance(value, Mapping)
        out[key] = _merged(below, value) if both_tables else value  # type: ignore[arg-type]
    return out


def load_settings(
    path: str | Path | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """The settings from `path` (default $SUPPORTBOT_CONFIG, else none), the SUPPORTBOT_*
    variables of `environ` (default the process's) and `overrides` (dotted keys from the
    command line, `{"server.port": 8081}`), validated; `ConfigError` lists every problem."""
    environ = os.environ if environ is None else environ
    if path is None:
        path = environ.get("SUPPORTBOT_CONFIG") or None
    file_data = _read_file(Path(path)) if path is not None else {}
    source = str(path) if path is not None else "(defaults)"
    variables = Variables(Settings, environ)
    if variables.problems:
        raise ConfigError(
            source, variables.problems, origins={v: "environment" for v, _ in variables.problems}
        )
    given = dict(overrides or {})
    try:
        from_env = EnvironmentSource(Settings, variables)()
    except SettingsError as exc:  # a value pydantic-settings could not decode
        raise ConfigError("environment", [("(environment)", str(exc))]) from None
    data = _merged(_merged(file_data, from_env), _nested(given))
    if strays := variables.fill_items(data):
        raise ConfigError(source, strays, origins={v: "environment" for v, _ in strays})
    try:
        settings = Settings(**data)
    except SettingsError as exc:
        raise ConfigError("environment", [("(environment)", str(exc))]) from None
    except ValidationError as exc:
        problems = [
            _hint(*item_secret_hint(data, key, reason)) for key, reason in validation_problems(exc)
        ]
        origins: dict[str, str] = {}
        for key, _ in problems:
            if key in given:
                origins[key] = "command line"
            elif variable := variables.origin(key):
                origins[key] = variable
        raise ConfigError(source, problems, origins=origins) from None
    problems = cross_checks(settings)
    if problems:
        raise ConfigError(source, problems)
    settings._source = source
    return settings


_LOOPBACK: Final = ("127.", "::1", "localhost")


def cross_checks(settings: Settings) -> list[tuple[str, str]]:
    """Rules that span sections, which no single section can check."""
    problems: list[tuple[str, str]] = []
    webchat = settings.channels.webchat
    host = settings.server.host
    if webchat.enabled and not webchat.allowed_origins and not host.startswith(_LOOPBACK):
        # Any site could embed a public chat and talk to it with its visitors' browsers.
        problems.append(
            (
                "channels.webchat.allowed_origins",
                f"required when the server listens on {host} (a public web chat): list the "
                'sites that may open it, e.g. ["https://www.example.com"]',
            )
        )
    return problems


def _hint(key: str, reason: str) -> tuple[str, str]:
    """A missing key says where it can come from: the file, or its variable."""
    if reason.startswith(REQUIRED):
        section = key.rpartition(".")[0]
        when = f"required when {section}.enabled is true" + reason[len(REQUIRED) :]
        return key, f"{when}; set it in the file or in {short_or_long_name(key)}"
    return key, reason


def data_path(settings: Settings, *parts: str) -> Path:
    base = Path(settings.data_dir)
    if not base.is_absolute():
        base = Path(settings.base_dir) / base
    return base.joinpath(*parts)


def store_options(settings: Settings) -> dict[str, Any]:
    """The store's options from the config, for `open_store(url, **options)`."""
    return {"lease": timedelta(seconds=settings.store.lease_seconds)}


def store_url(settings: Settings) -> str:
    """The store URL with a relative SQLite path resolved against the config's folder."""
    url = settings.store.url
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////") and ":memory:" not in url:
        rel = url[len("sqlite:///") :]
        return "sqlite:///" + str((Path(settings.base_dir) / rel).resolve())
    return url
