"""Logging set-up: one line per event with its context as key=value pairs.

Customer identities are never logged in clear at INFO: an address or a
conversation id is logged through `ref()`, a short stable hash, so an operator
can follow one customer across lines without the log holding their number.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Final

CONTEXT_KEYS: Final = ("conversation", "channel", "ticket", "state", "status", "attempts")


def ref(identity: str) -> str:
    """'sms:+14155550100' -> 'sms/3f2a9c1d0b': the channel stays readable, the id does not."""
    channel, _, rest = identity.partition(":")
    digest = hashlib.blake2b(identity.encode(), digest_size=5).hexdigest()
    return f"{channel}/{digest}" if rest else digest


class ContextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        pairs = [
            f"{k}={getattr(record, k)}"
            for k in CONTEXT_KEYS
            if getattr(record, k, None) is not None
        ]
        return f"{line} {' '.join(pairs)}" if pairs else line


def setup_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(ContextFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(getattr(logging, level.upper(), logging.INFO))
