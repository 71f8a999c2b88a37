"""In-process asyncio locks by key (conversation address, mailbox, ...)."""

from __future__ import annotations

import asyncio
from typing import Any


class KeyedLocks:
    """asyncio locks by key; an entry lives only while someone holds or waits on it."""

    __slots__ = ("_entries",)

    def __init__(self) -> None:
        # key -> (lock, number of tasks holding or waiting)
        self._entries: dict[str, list[Any]] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def hold(self, key: str) -> _Held:
        """`async with locks.hold(key):` the key's lock held for the body."""
        return _Held(self._entries, key)


class _Held:
    """One `hold(key)`: a plain class rather than an @asynccontextmanager generator, which
    cost a turn more than the lock itself (every turn takes one)."""

    __slots__ = ("_entries", "_key", "_entry")

    def __init__(self, entries: dict[str, list[Any]], key: str) -> None:
        self._entries = entries
        self._key = key

    async def __aenter__(self) -> None:
        entry = self._entries.get(self._key)
        if entry is None:
            entry = self._entries[self._key] = [asyncio.Lock(), 0]
        entry[1] += 1
        self._entry = entry
        try:
            await entry[0].acquire()
        except BaseException:  # cancelled while waiting: no longer a waiter
            self._let_go()
            raise

    async def __aexit__(self, *exc: object) -> None:
        self._entry[0].release()
        self._let_go()

    def _let_go(self) -> None:
        entry = self._entry
        entry[1] -= 1
        if entry[1] == 0:
            del self._entries[self._key]
