"""`[files]`: the signed links agents and the API use to download customers' files
(`bot/files/`)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, SecretStr


class FilesConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    # signs download links (SUPPORTBOT_FILES__LINK_SECRET); server.session_secret when
    # empty, and random per start when both are (links then die with the process)
    link_secret: SecretStr = SecretStr("")
    link_ttl_hours: int = Field(default=7 * 24, ge=1, le=90 * 24)
    # Twilio MMS media and Telegram files are fetched on the first download, up to this
    max_fetch_bytes: int = Field(default=25 * 1024 * 1024, ge=1024)
