"""What reaches the logs: context as key=value, customers only as references."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from bot.logs import ContextFormatter, ref
from tests.logscan import LogScan


def test_ref_hides_the_number_but_keeps_the_channel() -> None:
    r = ref("sms:+14155552671")
    assert r.startswith("sms/") and "4155552671" not in r
    assert ref("sms:+14155552671") == r


async def test_turn_logs_carry_neither_bodies_nor_phone_numbers(
    say: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    await say("My voicemail is broken, call me at 415 555 2671", who="+14155552671", channel="sms")
    formatter = ContextFormatter("%(message)s")
    text = "\n".join(formatter.format(r) for r in caplog.records)
    assert "turn committed" in text and "channel=sms" in text
    assert "4155552671" not in text and "voicemail" not in text


def test_http_and_mail_libraries_log_only_warnings_once_the_app_is_built() -> None:
    from bot.logs import LIBRARY_LOGGERS, quiet_library_loggers

    quiet_library_loggers()
    for name in ("httpx", "httpcore", "mail.log", "telegram", "slack_bolt"):
        assert name in LIBRARY_LOGGERS
        assert not logging.getLogger(name).isEnabledFor(logging.INFO)


def test_uvicorn_lines_lose_their_query_strings() -> None:
    from bot.logs import quiet_library_loggers

    quiet_library_loggers()
    seen: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record.getMessage())

    access, error = logging.getLogger("uvicorn.access"), logging.getLogger("uvicorn.error")
    keep = Keep()
    for lg in (access, error):
        lg.addHandler(keep)
    try:
        access.warning(
            '%s - "%s %s HTTP/%s" %d', "127.0.0.1:5", "GET", "/chat/ws?token=abc.1.xyz", "1.1", 101
        )
        error.warning('%s - "WebSocket %s" [accepted]', "127.0.0.1:5", "/chat/ws?token=abc.1.xyz")
    finally:
        for lg in (access, error):
            lg.removeHandler(keep)
    assert seen == [
        '127.0.0.1:5 - "GET /chat/ws HTTP/1.1" 101',
        '127.0.0.1:5 - "WebSocket /chat/ws" [accepted]',
    ]


def test_the_formatter_masks_configured_secrets_in_lines_and_tracebacks() -> None:
    from bot.logs import MASK, ContextFormatter

    formatter = ContextFormatter("%(levelname)s %(message)s", secrets=["123:SECRET-token", "pw"])
    try:
        raise RuntimeError("POST https://api.telegram.org/bot123:SECRET-token/sendMessage failed")
    except RuntimeError:
        import sys

        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "send to %s", ("bot123:SECRET-token",), sys.exc_info()
        )
    line = formatter.format(record)
    assert "SECRET-token" not in line and line.count(MASK) >= 2
    assert "pw" in formatter.format(
        logging.LogRecord("x", logging.INFO, __file__, 1, "pw", (), None)
    )


def test_the_log_scan_catches_an_identity_at_info_and_a_secret_at_any_level(
    log_scan: LogScan,
) -> None:
    logging.getLogger("some.library").info("mail from ana@example.com")
    logging.getLogger("some.library").info("call +14155550100 back")
    logging.getLogger("some.library").error("token t0ken rejected")
    logging.getLogger("some.library").warning("bounce for ana@example.com")  # not INFO: allowed
    hits = list(log_scan.hits)
    log_scan.hits.clear()  # this test's own lines are the point, not a failure
    assert [h.split(": ")[1] for h in hits] == [
        "an email address",
        "a phone number",
        "a configured secret",
    ]
