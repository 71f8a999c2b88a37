"""The bot's configuration: one TOML file, secrets from SUPPORTBOT_* variables.

Any key can come from the environment by its dotted path in upper case with
double underscores: `channels.sms.auth_token` is SUPPORTBOT_CHANNELS__SMS__AUTH_TOKEN.
The common secrets also have short names (SUPPORTBOT_API_TOKEN, ...), listed in
`SECRET_ALIASES`. This is the only module that reads `os.environ`.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bot.plan.policy import validation_problems

ENV_PREFIX: Final = "SUPPORTBOT_"
SECRET_ALIASES: Final[dict[str, str]] = {
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


class ConfigError(Exception):
    """An invalid configuration: names the file, the key and the reason."""

    def __init__(self, source: str, problems: list[tuple[str, str]]) -> None:
        self.source = source
        self.problems = problems
        super().__init__("\n".join(f"{source}: {key}: {reason}" for key, reason in problems))


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ServerConfig(_Section):
    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=1, le=65535)
    public_base_url: str = "http://127.0.0.1:8080"
    api_token: str = ""
    session_secret: str = ""  # signs web chat session tokens; random per start when empty

    @field_validator("public_base_url")
    @classmethod
    def _url(cls, v: str) -> str:
        if not v.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return v.rstrip("/")


class StoreConfig(_Section):
    url: str = "sqlite:///var/supportbot.db"

    @field_validator("url")
    @classmethod
    def _scheme(cls, v: str) -> str:
        if not v.startswith(("sqlite:///", "redis://", "rediss://", "unix://")):
            raise ValueError("expected sqlite:///path or redis://host:port/db")
        return v


class LimitsConfig(_Section):
    max_message_chars: int = Field(default=5000, ge=100)


class WebchatConfig(_Section):
    enabled: bool = True
    allowed_origins: list[str] = []


class SmsConfig(_Section):
    enabled: bool = False
    account_sid: str = ""
    auth_token: str = ""
    from_number: str = ""
    api_base_url: str = "https://api.twilio.com"


class TelegramConfig(_Section):
    enabled: bool = False
    token: str = ""
    mode: Literal["webhook", "polling"] = "webhook"
    secret_token: str = ""
    api_base_url: str = "https://api.telegram.org"


class RelayConfig(_Section):
    host: str = "127.0.0.1"
    port: int = Field(default=25, ge=1, le=65535)
    starttls: bool = False  # upgrade with STARTTLS (587) and never send in clear
    tls: bool = False  # TLS from the first byte (465)
    username: str = ""
    password: str = ""
    # PEM CA bundle the relay's certificate must chain to (an internal CA); "" = system trust
    ca_file: str = ""

    @model_validator(mode="after")
    def _one_tls_mode(self) -> RelayConfig:
        if self.starttls and self.tls:
            raise ValueError("set starttls (port 587) or tls (port 465), not both")
        return self


class EmailConfig(_Section):
    enabled: bool = False
    listen_host: str = "127.0.0.1"
    listen_port: int = Field(default=2525, ge=0, le=65535)
    addresses: list[str] = []
    from_address: str = ""
    max_message_bytes: int = Field(default=25 * 1024 * 1024, ge=1024)
    max_replies_per_hour: int = Field(default=5, ge=0)
    max_attachment_bytes: int = Field(
        default=10 * 1024 * 1024, ge=0
    )  # larger ones are listed, not kept
    # accepted mail not yet turned; past it SMTP answers 451 4.3.1 (the sender retries)
    max_backlog: int = Field(default=10_000, ge=1)
    # during a burst an inbox turn waits up to this for SMTP acceptance (0: never waits)
    turn_defer_ms: int = Field(default=50, ge=0, le=1000)
    relay: RelayConfig = RelayConfig()


class ChannelsConfig(_Section):
    webchat: WebchatConfig = WebchatConfig()
    sms: SmsConfig = SmsConfig()
    telegram: TelegramConfig = TelegramConfig()
    email: EmailConfig = EmailConfig()


class SlackConfig(_Section):
    enabled: bool = False
    bot_token: str = ""
    signing_secret: str = ""
    app_token: str = ""
    queue_channel: str = ""
    oncall_group: str = ""
    api_base_url: str = "https://slack.com/api/"


class Settings(_Section):
    policy: str = "calltower"
    data_dir: str = "./var"
    log_level: str = "INFO"
    server: ServerConfig = ServerConfig()
    store: StoreConfig = StoreConfig()
    limits: LimitsConfig = LimitsConfig()
    channels: ChannelsConfig = ChannelsConfig()
    slack: SlackConfig = SlackConfig()
    # where the file came from, for relative paths (policy files, data_dir)
    base_dir: str = "."


def _set_path(data: dict[str, Any], dotted: str, value: str) -> None:
    parts = dotted.split(".")
    node = data
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = {}
            node[part] = child
        node = child
    node[parts[-1]] = value


def env_overrides(environ: Mapping[str, str]) -> dict[str, str]:
    """Dotted config keys -> values taken from SUPPORTBOT_* variables."""
    out: dict[str, str] = {}
    for name, value in environ.items():
        if not name.startswith(ENV_PREFIX) or name == "SUPPORTBOT_CONFIG":
            continue
        if name in SECRET_ALIASES:
            out[SECRET_ALIASES[name]] = value
        elif "__" in name:
            out[name[len(ENV_PREFIX) :].lower().replace("__", ".")] = value
        elif name[len(ENV_PREFIX) :].lower() in ("policy", "data_dir", "log_level"):
            out[name[len(ENV_PREFIX) :].lower()] = value
    return out


def load_settings(
    path: str | Path | None = None, *, environ: Mapping[str, str] | None = None
) -> Settings:
    environ = os.environ if environ is None else environ
    if path is None:
        path = environ.get("SUPPORTBOT_CONFIG")
    data: dict[str, Any] = {}
    source = "(defaults)"
    if path is not None:
        p = Path(path)
        source = str(p)
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(source, [("(file)", "no such file")]) from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(source, [("(syntax)", str(exc))]) from None
        data["base_dir"] = str(p.resolve().parent)
    for dotted, value in env_overrides(environ).items():
        _set_path(data, dotted, value)
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(source, validation_problems(exc)) from None


def data_path(settings: Settings, *parts: str) -> Path:
    base = Path(settings.data_dir)
    if not base.is_absolute():
        base = Path(settings.base_dir) / base
    return base.joinpath(*parts)


def store_url(settings: Settings) -> str:
    """The store URL with a relative SQLite path resolved against the config's folder."""
    url = settings.store.url
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////") and ":memory:" not in url:
        rel = url[len("sqlite:///") :]
        return "sqlite:///" + str((Path(settings.base_dir) / rel).resolve())
    return url
