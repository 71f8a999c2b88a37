"""In-process asyncio locks by key (conversation address, mailbox, ...)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any


class KeyedLocks:
    """asyncio locks by key; an entry lives only while someone holds or waits on it."""

    __slots__ = ("_entries",)

    def __init__(self) -> None:
        # key -> (lock, number of tasks holding or waiting)
        self._entries: dict[str, list[Any]] = {}

    def __len__(self) -> int:
        return len(self._entries)

    @asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        entry = self._entries.get(key)
        if entry is None:
            entry = self._entries[key] = [asyncio.Lock(), 0]
        entry[1] += 1
        try:
            async with entry[0]:
                yield
        finally:
            entry[1] -= 1
            if entry[1] == 0:
                del self._entries[key]
