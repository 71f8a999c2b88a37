"""Logging set-up: one line per event with its context as key=value pairs.

Customer identities are never logged in clear at INFO: an address or a
conversation id is logged through `ref()`, a short stable hash, so an operator
can follow one customer across lines without the log holding their number.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from typing import Final

CONTEXT_KEYS: Final = ("conversation", "channel", "ticket", "state", "status", "attempts")

# Libraries that log at INFO what our own rule keeps out of INFO: httpx and httpcore log every
# request URL (a Telegram Bot API URL carries the bot token), aiosmtpd's "mail.log" logs peers
# and envelope addresses, the SDKs log payloads at DEBUG/INFO. Only their warnings get through.
LIBRARY_LOGGERS: Final = (
    "httpx",
    "httpcore",
    "mail.log",
    "aiosmtplib",
    "telegram",
    "slack_sdk",
    "slack_bolt",
    "twilio",
    "urllib3",
    "websockets",
    "aiohttp.access",
)
# uvicorn logs each request's path with its query string, and each websocket's path.
_PATH_LOGGERS: Final = ("uvicorn.access", "uvicorn.error")
MASK: Final = "[secret]"


def ref(identity: str) -> str:
    """'sms:+14155550100' -> 'sms/3f2a9c1d0b': the channel stays readable, the id does not."""
    channel, _, rest = identity.partition(":")
    digest = hashlib.blake2b(identity.encode(), digest_size=5).hexdigest()
    return f"{channel}/{digest}" if rest else digest


class ContextFormatter(logging.Formatter):
    """Appends the record's context pairs; masks every configured secret in the whole line,
    traceback included (an exception from an HTTP client can quote a URL with a token)."""

    def __init__(self, fmt: str, *, secrets: Iterable[str] = ()) -> None:
        super().__init__(fmt)
        # longest first, so a secret that contains another is masked whole
        self._secrets = sorted({s for s in secrets if len(s) >= 4}, key=len, reverse=True)

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        pairs = [
            f"{k}={getattr(record, k)}"
            for k in CONTEXT_KEYS
            if getattr(record, k, None) is not None
        ]
        if pairs:
            line = f"{line} {' '.join(pairs)}"
        for secret in self._secrets:
            if secret in line:
                line = line.replace(secret, MASK)
        return line


class DropQueryStrings(logging.Filter):
    """Cuts the query string off request paths in uvicorn's lines: a query string can carry
    a token or an identity, and a path alone is what an operator needs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(_path_only(a) if isinstance(a, str) else a for a in record.args)
        return True


def _path_only(value: str) -> str:
    if value.startswith("/") and "?" in value:
        return value.split("?", 1)[0]
    return value


def quiet_library_loggers() -> None:
    """Libraries log at WARNING and above only; uvicorn's paths lose their query strings."""
    for name in LIBRARY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    for name in _PATH_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, DropQueryStrings) for f in logger.filters):
            logger.addFilter(DropQueryStrings())


def setup_logging(level: str = "INFO", *, secrets: Iterable[str] = ()) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(
        ContextFormatter("%(asctime)s %(levelname)s %(name)s %(message)s", secrets=secrets)
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(getattr(logging, level.upper(), logging.INFO))
    quiet_library_loggers()
