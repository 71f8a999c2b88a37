"""The log scan every test runs under: no configured secret, session token, phone number or
email address in a log line at INFO (secrets: at any level).

The project's rule is that logs never carry identities in clear at INFO (`bot.logs.ref`
hashes them) and never carry secrets at all; this holds for library loggers too (httpx
logs request URLs, aiosmtpd logs envelope addresses), so the scan reads every logger.
"""

from __future__ import annotations

import logging
import re
from typing import Final

# Every secret the test suite configures somewhere.
SECRETS: Final = (
    "twilio-auth-token-for-tests",
    "e2e-twilio-auth-token",
    "xoxb-test-token",
    "xapp-1-A0DESK-test",
    "slack-signing-secret-for-tests",
    "123456:TEST-token",
    "webhook-secret-token",
    "t0ken",
    "s3cret",
    "hunter2",
)
IDENTITIES: Final = {
    "an email address": re.compile(r"[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"),
    "a phone number": re.compile(r"(?<![\w+])\+\d{8,15}\b"),
    "a web chat session token": re.compile(r"\b[0-9a-f]{32}\.\d+\.[\w-]{16,}"),
}


class LogScan(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.INFO)
        self.hits: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = record.getMessage()
        except Exception:  # a record whose args don't format is not ours to judge
            return
        if record.exc_info and record.exc_info[1] is not None:
            line += f" {record.exc_info[1]!r}"
        for secret in SECRETS:
            if secret in line:
                self.hits.append(f"{record.name} {record.levelname}: a configured secret: {line}")
        if record.levelno > logging.INFO:
            return
        for what, pattern in IDENTITIES.items():
            if pattern.search(line):
                self.hits.append(f"{record.name} {record.levelname}: {what}: {line}")
