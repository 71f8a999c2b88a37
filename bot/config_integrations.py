"""The integration sections of the configuration: API tokens (`[api]`, `[[api.tokens]]`)
and outbound webhooks (`[[webhooks]]`). Read by bot.config like every other section;
docs/api.md says what they do."""

from __future__ import annotations

import base64
import binascii
from typing import Any, Final, Literal

from pydantic import Field, SecretStr, field_validator

from bot.config_sections import EMPTY_SECRET
from bot.config_sections import Section as _Section

API_SCOPES: Final = ("tickets:read", "tickets:write", "incidents:write", "contacts:write")
Scope = Literal["tickets:read", "tickets:write", "incidents:write", "contacts:write"]
WEBHOOK_EVENTS: Final = (
    "ticket.opened",
    "ticket.updated",
    "ticket.status_changed",
    "ticket.breached",
    "message.received",
    "csat.received",
    "incident.opened",
    "incident.updated",
)
WebhookEvent = Literal[
    "ticket.opened",
    "ticket.updated",
    "ticket.status_changed",
    "ticket.breached",
    "message.received",
    "csat.received",
    "incident.opened",
    "incident.updated",
]
_NAME: Final = r"^[a-z0-9][a-z0-9_-]{0,39}$"


def unique_names(items: list[Any]) -> list[Any]:
    names = [item.name for item in items]
    if twice := sorted({n for n in names if names.count(n) > 1}):
        raise ValueError(f"names must be unique: {', '.join(twice)}")
    return items


class ApiTokenConfig(_Section):
    """One `[[api.tokens]]` table (or one in `api.tokens_file`): who, what, and the secret."""

    name: str = Field(pattern=_NAME)
    scopes: list[Scope] = Field(min_length=1)
    token: SecretStr

    @field_validator("token")
    @classmethod
    def _long_enough(cls, v: SecretStr) -> SecretStr:
        if len(v.get_secret_value()) < 16:
            raise ValueError("at least 16 characters")
        return v


class ApiConfig(_Section):
    tokens: list[ApiTokenConfig] = []
    # a TOML file of [[tokens]] tables, read again whenever it changes (rotation, no restart)
    tokens_file: str = ""
    # set: /metrics answers only `Authorization: Bearer <metrics_token>`
    metrics_token: SecretStr = EMPTY_SECRET

    @field_validator("tokens")
    @classmethod
    def _unique(cls, v: list[ApiTokenConfig]) -> list[ApiTokenConfig]:
        return unique_names(v)


class ContactsConfig(_Section):
    """`[contacts]`: the authorized contacts directory (docs/contacts.md), used by plans
    with `[intake] authorized_contacts = true`."""

    # a CSV or TOML file of contacts the operator maintains, read again whenever it changes
    file: str = ""
    # how long an MPOC's approve/deny link stays good
    approval_days: int = Field(default=7, ge=1, le=60)


class WebhookConfig(_Section):
    """One `[[webhooks]]` endpoint: where, signed with what, for which events."""

    name: str = Field(pattern=_NAME)
    url: str
    secret: SecretStr  # Standard Webhooks: whsec_<base64 of the key>
    events: list[WebhookEvent] = Field(min_length=1)

    @field_validator("url")
    @classmethod
    def _url(cls, v: str) -> str:
        if not v.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return v

    @field_validator("secret")
    @classmethod
    def _whsec(cls, v: SecretStr) -> SecretStr:
        raw = v.get_secret_value()
        if not raw.startswith("whsec_"):
            raise ValueError("expected whsec_<base64> (the Standard Webhooks form)")
        try:
            key = base64.b64decode(raw.removeprefix("whsec_"), validate=True)
        except binascii.Error:
            raise ValueError("whsec_ must be followed by base64") from None
        if len(key) < 24:
            raise ValueError("the key must be at least 24 bytes (32 recommended)")
        return v


class StatusConfig(_Section):
    """`[status]`: where incidents also come from. `source` is a Statuspage-compatible
    endpoint (`https://<page>/api/v2/incidents/unresolved.json`), polled every
    `poll_seconds`; its incidents are mirrored read-only (bot/incidents/status_source.py)."""

    source: str = ""
    poll_seconds: float = Field(default=60.0, ge=1.0)
    timeout_seconds: float = Field(default=10.0, gt=0.0)
    # asking to subscribe mails a confirmation link: at most so many requests per client
    # (IP address, or channel address) and confirmation mails per email address in any
    # window of that many seconds, a sliding one (bot/incidents/request_limits.py); 0 turns
    # a limit off
    subscribe_per_client: int = Field(default=10, ge=0)
    subscribe_per_email: int = Field(default=3, ge=0)
    subscribe_window_seconds: int = Field(default=3600, ge=1, le=86_400)

    @field_validator("source")
    @classmethod
    def _http(cls, v: str) -> str:
        if v and not v.startswith(("https://", "http://")):
            raise ValueError("must be an http(s) URL")
        return v
