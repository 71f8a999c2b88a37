"""Flags: small values by key (SMS opt-outs, Slack thread and e-mail Message-ID
mappings, rate counters), set on their own or with a turn's commit."""

from __future__ import annotations

from typing import Protocol


class Flags(Protocol):
    async def get_flag(self, key: str) -> str | None: ...

    async def set_flag(self, key: str, value: str | None) -> None:
        """Set `key` to `value`; None deletes it."""
        ...
