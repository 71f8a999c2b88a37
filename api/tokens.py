"""API bearer tokens: several, named, each with scopes; compared in constant time;
rotated without a restart.

Tokens come from three places: `[[api.tokens]]` in the configuration (fixed for the
process's life), the file `api.tokens_file` (the same `[[tokens]]` tables, read again
whenever its modification time or size changes: rotate by rewriting the file), and
the old single `server.api_token`, kept as a token with every scope. A presented
token is hashed and compared with every known token's hash by `hmac.compare_digest`,
all of them, so neither its length nor which one matched shows in the timing.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from pydantic import ValidationError

from bot.config import API_SCOPES, ApiTokenConfig
from bot.plan.policy import validation_problems

log = logging.getLogger("supportbot.api")

FULL_ACCESS: Final = frozenset(API_SCOPES)
LEGACY_NAME: Final = "server.api_token"


@dataclass(frozen=True, slots=True)
class ApiToken:
    name: str
    scopes: frozenset[str]
    digest: bytes  # sha256 of the token: the secret itself is not kept

    @classmethod
    def of(cls, name: str, scopes: Sequence[str], secret: str) -> ApiToken:
        return cls(name, frozenset(scopes), _digest(secret))


def _digest(secret: str) -> bytes:
    return hashlib.sha256(secret.encode("utf-8")).digest()


def from_config(tokens: Sequence[ApiTokenConfig]) -> list[ApiToken]:
    return [ApiToken.of(t.name, t.scopes, t.token.get_secret_value()) for t in tokens]


class TokenRing:
    def __init__(
        self, *, tokens: Sequence[ApiToken] = (), file: str | Path = "", legacy: str = ""
    ) -> None:
        self.fixed = list(tokens)
        if legacy:
            self.fixed.append(ApiToken.of(LEGACY_NAME, sorted(FULL_ACCESS), legacy))
        self.file = Path(file) if file else None
        self._stamp: tuple[int, int] | None = None
        self._from_file: list[ApiToken] = []
        if self.file is not None:
            self._reload()

    @property
    def empty(self) -> bool:
        return not self.fixed and not self._from_file and self.file is None

    def authenticate(self, presented: str) -> ApiToken | None:
        """The token `presented` is, or None."""
        self._reload()
        digest = _digest(presented)
        found: ApiToken | None = None
        for token in [*self.fixed, *self._from_file]:
            if hmac.compare_digest(digest, token.digest) and found is None:
                found = token
        return found

    def _reload(self) -> None:
        """Read the tokens file again if it changed. A file that cannot be read or does
        not validate keeps the tokens it had (and says so): a typo while rotating must
        not lock every integration out."""
        if self.file is None:
            return
        try:
            st = os.stat(self.file)
        except OSError as exc:
            if self._stamp is not None:
                log.warning("api tokens file unreadable, keeping its last tokens: %s", exc)
                self._stamp = None
            return
        stamp = (st.st_mtime_ns, st.st_size)
        if stamp == self._stamp:
            return
        self._stamp = stamp
        try:
            data = tomllib.loads(self.file.read_text(encoding="utf-8"))
            tables = data.get("tokens", [])
            if not isinstance(tables, list):
                raise ValueError("tokens must be an array of tables ([[tokens]])")
            configs = [ApiTokenConfig.model_validate(t) for t in tables]
        except ValidationError as exc:
            # keys and reasons only: pydantic's own message would quote the values
            reasons = "; ".join(f"tokens.{k}: {r}" for k, r in validation_problems(exc))
            log.warning(
                "api tokens file %s not loaded, keeping its last tokens: %s", self.file, reasons
            )
            return
        except (OSError, ValueError) as exc:
            log.warning(
                "api tokens file %s not loaded, keeping its last tokens: %s", self.file, exc
            )
            return
        self._from_file = from_config(configs)
        log.info("api tokens file loaded: %s", ", ".join(t.name for t in self._from_file) or "none")
