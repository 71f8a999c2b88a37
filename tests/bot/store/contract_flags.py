"""The Store contract, `Flags` (bot.store.flags): values by key, set alone or with a
turn. See `tests.bot.store.contract` for how a backend's test module runs it."""

from __future__ import annotations

from bot.store.protocol import Store, TurnCommit
from tests.factories import T0

__all__ = [
    "test_flags",
]


async def test_flags(store: Store) -> None:
    assert await store.get_flag("optout:sms:+14155550100") is None
    await store.set_flag("optout:sms:+14155550100", "STOP")
    assert await store.get_flag("optout:sms:+14155550100") == "STOP"
    await store.set_flag("optout:sms:+14155550100", "STOP2")
    assert await store.get_flag("optout:sms:+14155550100") == "STOP2"
    await store.set_flag("optout:sms:+14155550100", None)
    assert await store.get_flag("optout:sms:+14155550100") is None

    await store.commit(TurnCommit(at=T0, flags=(("thread:1", "C1/1.2"), ("gone", "x"))))
    await store.commit(TurnCommit(at=T0, flags=(("gone", None),)))
    assert await store.get_flag("thread:1") == "C1/1.2"
    assert await store.get_flag("gone") is None
