"""Per-customer pacing: how many turns an address may take in a minute.

One number sending 1,000 SMS in two seconds got 1,000 billed replies. Past the limit the
customer gets one polite notice, then silence until the minute is over; every message is
still committed to the transcript (nothing a customer wrote is lost), but the dialogue does
not step and nothing is relayed. The count lives on the conversation, so it holds across
workers (the turn runs under the conversation's lock) and survives restarts.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import Enum
from typing import Final

from domain.evolve import evolve
from domain.types import Conversation

WINDOW: Final = timedelta(minutes=1)


class Pace(Enum):
    OK = "ok"
    NOTICE = "notice"  # the first turn over the limit: say so, once
    SILENT = "silent"  # later turns in the same window: record, say nothing


def count_turn(conv: Conversation, now: datetime, limit: int) -> tuple[Conversation, Pace]:
    """The conversation with this turn counted, and what the turn may do. 0 = no limit."""
    if limit <= 0:
        return conv, Pace.OK
    start, count, pace = counted(conv.burst_start, conv.burst_turns, now, limit)
    return evolve(conv, burst_start=start, burst_turns=count), pace


def counted(
    start: datetime | None, count: int, now: datetime, limit: int
) -> tuple[datetime | None, int, Pace]:
    """`count_turn` on a conversation's burst window (its `burst_start`, `burst_turns`):
    the window with this turn counted, and what the turn may do. 0 = no limit: the window
    as it was. A new conversation is made with it, instead of made and then copied."""
    if limit <= 0:
        return start, count, Pace.OK
    if start is None or now - start >= WINDOW or now < start:
        start, count = now, 0
    count += 1
    if count <= limit:
        return start, count, Pace.OK
    return start, count, Pace.NOTICE if count == limit + 1 else Pace.SILENT
