"""What reaches the logs: context as key=value, customers only as references."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from bot.logs import ContextFormatter, ref


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
