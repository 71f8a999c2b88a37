"""What every section of the configuration shares: unknown keys are errors, a value set
after loading is validated, and a key a channel cannot run without is required only
while it is enabled (bot.config, bot.config_channels)."""

from __future__ import annotations

from typing import Annotated, Any, Final

from pydantic import BaseModel, BeforeValidator, ConfigDict, SecretStr, ValidationInfo
from pydantic_settings import NoDecode

from bot.config_env import split_list

REQUIRED: Final = "required when enabled"
EMPTY_SECRET: Final = SecretStr("")

# a list key: a TOML array, or from the environment JSON or "a, b" (NoDecode: not JSON-only)
StrList = Annotated[list[str], NoDecode, BeforeValidator(split_list)]


class Section(BaseModel):
    # validate_assignment: a value set after loading (tests, overrides) is checked and
    # coerced like one from the file (a str assigned to a secret becomes a SecretStr)
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


def when_enabled(value: Any, info: ValidationInfo) -> Any:
    """A key the section cannot run without: empty is fine only while it is disabled."""
    if info.data.get("enabled") and not value:
        raise ValueError(REQUIRED)
    return value


def email_address(value: str) -> str:
    if value and ("@" not in value or value.startswith("@") or value.endswith("@")):
        raise ValueError(f"{value!r} is not an email address")
    return value
