"""`[channels.*]`: web chat, SMS (Twilio), Telegram and email (SMTP in, a relay out).
Read by bot.config like every other section; what each key does is said beside it."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr, ValidationInfo, field_validator, model_validator

from bot.config_sections import (
    EMPTY_SECRET,
    REQUIRED,
    Section,
    StrList,
    email_address,
    when_enabled,
)


class WebchatConfig(Section):
    enabled: bool = True
    allowed_origins: StrList = []
    max_sockets_per_ip: int = Field(default=20, ge=0)  # 0: no cap
    max_frames_per_minute: int = Field(default=60, ge=0)  # per socket; 0: no cap
    # files from the chat (images, PDFs, text logs); larger ones are refused (413)
    max_upload_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)


class SmsConfig(Section):
    enabled: bool = False
    # the REST API (account_sid, from_number) sends everything that is not an inline
    # reply: agent replies, updates, reminders; auth_token verifies Twilio's webhooks
    account_sid: str = Field(default="", validate_default=True)
    auth_token: SecretStr = Field(default=EMPTY_SECRET, validate_default=True)
    from_number: str = Field(default="", validate_default=True)
    api_base_url: str = "https://api.twilio.com"
    # a REST call with no answer by then is given up; a create given up on may have been
    # accepted, so its retry reads Twilio's message log first (docs/reliability.md)
    api_timeout_seconds: float = Field(default=10.0, gt=0.0, le=120.0)

    _needed = field_validator("account_sid", "auth_token", "from_number")(when_enabled)


class TelegramConfig(Section):
    enabled: bool = False
    token: SecretStr = Field(default=EMPTY_SECRET, validate_default=True)
    mode: Literal["webhook", "polling"] = "webhook"
    # Telegram sends it with every webhook call; without it every call is refused (403)
    secret_token: SecretStr = Field(default=EMPTY_SECRET, validate_default=True)
    api_base_url: str = "https://api.telegram.org"

    _needed = field_validator("token")(when_enabled)

    @field_validator("secret_token")
    @classmethod
    def _webhook_secret(cls, v: SecretStr, info: ValidationInfo) -> SecretStr:
        if info.data.get("enabled") and info.data.get("mode") == "webhook" and not v:
            raise ValueError(f'{REQUIRED} in webhook mode (or set mode = "polling")')
        return v


class RelayConfig(Section):
    host: str = "127.0.0.1"
    port: int = Field(default=25, ge=1, le=65535)
    starttls: bool = False  # upgrade with STARTTLS (587) and never send in clear
    tls: bool = False  # TLS from the first byte (465)
    username: SecretStr = EMPTY_SECRET
    password: SecretStr = EMPTY_SECRET
    # PEM CA bundle the relay's certificate must chain to (an internal CA); "" = system trust
    ca_file: str = ""

    @model_validator(mode="after")
    def _one_tls_mode(self) -> RelayConfig:
        if self.starttls and self.tls:
            raise ValueError("set starttls (port 587) or tls (port 465), not both")
        return self


class EmailConfig(Section):
    enabled: bool = False
    listen_host: str = "127.0.0.1"
    listen_port: int = Field(default=2525, ge=0, le=65535)
    # the support addresses mail is accepted for (RCPT); replies come from from_address,
    # the first of them when it is empty
    addresses: StrList = Field(default=[], validate_default=True)
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
    # tries of an accepted mail's turn while the store fails; then it is a dead letter
    # (kept, with a ticket): about 3.5 hours with the dispatcher's 300 s backoff cap
    inbox_max_attempts: int = Field(default=50, ge=1)
    # SMTP resource bounds: sessions at once (past it 421 4.7.0), a session's whole life,
    # the DATA phase from the DATA command to the final dot, and the idle time between
    # commands (not restarted by every byte, unlike aiosmtpd's own per-line timeout)
    max_sessions: int = Field(default=100, ge=1)
    session_timeout_s: float = Field(default=600.0, gt=0)
    data_timeout_s: float = Field(default=300.0, gt=0)
    idle_timeout_s: float = Field(default=60.0, gt=0)
    # From forgery: the authserv-ids (RFC 8601) of the receiving MTA whose
    # Authentication-Results headers are trusted; with `verify_sender` on, a mail that
    # claims an existing ticket joins it only if SPF, DKIM or DMARC passed for its From
    # domain there; otherwise it opens a new ticket linked to the old one. Off for an MTA
    # that stamps no Authentication-Results.
    verify_sender: bool = False
    trusted_authserv_ids: StrList = Field(default=[], validate_default=True)
    relay: RelayConfig = RelayConfig()

    _needed = field_validator("addresses")(when_enabled)

    @field_validator("trusted_authserv_ids")
    @classmethod
    def _authserv_ids(cls, v: list[str], info: ValidationInfo) -> list[str]:
        ids = [i.strip().lower() for i in v if i.strip()]
        if info.data.get("verify_sender") and not ids:
            raise ValueError("verify_sender is on: name the MTA's authserv-id to trust")
        return ids

    @field_validator("addresses")
    @classmethod
    def _addresses(cls, v: list[str]) -> list[str]:
        return [email_address(a.strip()) for a in v]

    @field_validator("from_address")
    @classmethod
    def _from_address(cls, v: str) -> str:
        return email_address(v.strip())


class ChannelsConfig(Section):
    webchat: WebchatConfig = WebchatConfig()
    sms: SmsConfig = SmsConfig()
    telegram: TelegramConfig = TelegramConfig()
    email: EmailConfig = EmailConfig()
