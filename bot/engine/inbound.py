"""What the engine keeps of an inbound message before the dialogue reads it: the text as
stored (bounded, without control characters), the facts the channel already knows, and
the maintenance windows under way (bot.maintenance, which bot.app plugs in)."""

from __future__ import annotations

import unicodedata
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Final

from domain.maintenance import MaintenanceWindow
from domain.types import Inbound

# the maintenance windows under way at a time: intake mentions one first
RunningWindows = Callable[[datetime], Awaitable[tuple[MaintenanceWindow, ...]]]


async def no_windows(now: datetime) -> tuple[MaintenanceWindow, ...]:
    return ()


def known_facts(inbound: Inbound) -> dict[str, str]:
    """What the channel already tells us about the customer, so we don't ask it."""
    facts: dict[str, str] = {}
    for kind in ("phone", "email", "name"):
        value = inbound.meta.get(f"known_{kind}")
        if value:
            facts[kind] = value
    return facts


_ALLOWED_CONTROLS: Final = frozenset("\n\t")


def bound_message(text: str, limit: int) -> tuple[str, bool]:
    """The message as stored and shown to agents: control characters dropped (newlines and
    tabs kept), cut to `limit` characters; `flows.extract.text.clean_text` is the other job,
    normalising a copy of it (markup, spacing, dashes) for the extractors."""
    if text.replace("\n", "").replace("\t", "").isprintable():
        cleaned = text  # the common case, checked in C instead of per character
    else:
        cleaned = "".join(
            ch for ch in text if ch in _ALLOWED_CONTROLS or unicodedata.category(ch)[0] != "C"
        )
    if len(cleaned) > limit:
        return cleaned[:limit], True
    return cleaned, False
