"""bot.store.conversations.locked_turn on a store without a combined read (SQLite's way):
the lock is held for the body, and let go when the read or the body raises."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any

import pytest

from bot.store.conversations import locked_turn
from bot.store.locks import KeyedLocks
from bot.store.records import TurnStart
from domain.types import Address


class _Store:
    def __init__(self, *, fail: bool = False) -> None:
        self.locks = KeyedLocks()
        self.fail = fail
        self.reads: list[tuple[str, str]] = []

    def lock(self, key: str) -> AbstractAsyncContextManager[None]:
        return self.locks.hold(key)

    async def begin_turn(
        self, *, dedup_key: str, conversation_id: str, address: Address, flags: Sequence[str]
    ) -> TurnStart:
        assert len(self.locks) == 1  # read under the lock
        if self.fail:
            raise OSError("disk")
        self.reads.append((dedup_key, conversation_id))
        return TurnStart(seen=False, conversation=None, tickets=())


def _locked(store: Any) -> AbstractAsyncContextManager[TurnStart]:
    return locked_turn(
        store, "k", dedup_key="d", conversation_id="c", address=Address("webchat", "c")
    )


async def test_the_turn_start_is_read_under_the_lock_and_the_lock_let_go_after() -> None:
    store = _Store()
    async with _locked(store) as start:
        assert start.seen is False and len(store.locks) == 1
    assert store.reads == [("d", "c")] and len(store.locks) == 0


async def test_a_read_that_fails_lets_the_lock_go() -> None:
    store = _Store(fail=True)
    with pytest.raises(OSError):
        async with _locked(store):
            pytest.fail("the body ran without a turn start")
    assert len(store.locks) == 0


async def test_a_body_that_raises_lets_the_lock_go() -> None:
    store = _Store()
    with pytest.raises(KeyError):
        async with _locked(store):
            raise KeyError("x")
    assert len(store.locks) == 0
