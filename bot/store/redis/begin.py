"""The Redis store's turn start (`Conversations.begin_turn`), mixed into `RedisStore`: the
turn's reads in one script, `locked_turn`, the conversation's lock taken in the same
round trip as those reads (bot.store.redis.turn_scripts), and `commit_releasing`, the
turn's commit and that lock's release in one round trip at its end."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from bot.store.locks import KeyedLocks
from bot.store.records import TurnCommit, TurnStart
from bot.store.redis import keys as rec
from bot.store.redis import lock as redis_lock
from bot.store.redis.keys import RedisKeys, ms
from domain.types import Address


class RedisTurnStart:
    prefix: str
    lock_ttl: timedelta
    lock_wait: timedelta
    _keys: RedisKeys
    _local: KeyedLocks
    _held: dict[str, redis_lock.Held]
    # lock_ttl and lock_wait as each turn needs them, spelled once (again if either changes)
    _lock_of: tuple[timedelta, timedelta] | None = None
    _lock_spelled: tuple[int, str, float] = (0, "", 0.0)

    if TYPE_CHECKING:  # RedisStore's own

        @property
        def redis(self) -> Any: ...

        async def commit(
            self, turn: TurnCommit, *, release: redis_lock.Held | None = None
        ) -> None: ...

        async def _script(
            self, name: str, args: list[Any], keys: list[str] | None = None
        ) -> Any: ...

    async def begin_turn(
        self,
        *,
        dedup_key: str,
        conversation_id: str,
        address: Address,
        ticket_limit: int = 20,
        flags: Sequence[str] = (),
    ) -> TurnStart:
        """The dedup check, the conversation, the address's newest tickets and the
        flags asked for in one script."""
        names = tuple(flags)
        args = [self.prefix, dedup_key, conversation_id, str(address), str(ticket_limit - 1)]
        raw = await self._script("BEGIN_TURN", [*args, str(len(names)), *names])
        return _turn_start(raw, names)

    def locked_turn(
        self,
        key: str,
        *,
        dedup_key: str,
        conversation_id: str,
        address: Address,
        flags: Sequence[str] = (),
    ) -> AbstractAsyncContextManager[TurnStart]:
        """`lock(key)` held and `begin_turn` read for the body of the `async with`, the lock
        and the reads in one round trip (the lock's waits and renewals as `lock`'s)."""
        return _LockedTurn(self, key, dedup_key, conversation_id, address, tuple(flags))

    @property
    def _lock_settings(self) -> tuple[int, str, float]:
        """The lock's TTL in ms, as a number and as text, and its wait in seconds."""
        now = (self.lock_ttl, self.lock_wait)
        if self._lock_of != now:
            ttl_ms = ms(self.lock_ttl)
            self._lock_spelled = (ttl_ms, str(ttl_ms), self.lock_wait.total_seconds())
            self._lock_of = now
        return self._lock_spelled

    async def commit_releasing(self, turn: TurnCommit, key: str) -> None:
        """`commit(turn)`, and the lock on `key` this task holds through `locked_turn` let go
        by the same script once the turn is written (a refused turn keeps it, to the end of
        the `async with` as ever). Without such a lock held, a plain commit."""
        await self.commit(turn, release=self._held.get(key))


class _LockedTurn:
    """One `locked_turn`: the local lock, then the Redis lock taken by LOCK_AND_BEGIN with
    the turn's reads. A plain class rather than an @asynccontextmanager generator around
    two more context managers (every Redis turn takes one)."""

    __slots__ = ("_store", "_key", "_names", "_args", "_name", "_ttl", "_local", "_lock", "_start")

    def __init__(
        self,
        store: RedisTurnStart,
        key: str,
        dedup_key: str,
        conversation_id: str,
        address: Address,
        names: tuple[str, ...],
    ) -> None:
        self._store = store
        self._key = key
        self._names = names
        # all text, so the hot lane packs the call in one go: the newest 20 tickets (the last
        # index, as begin_turn passes it), how many flags
        count = str(len(names)) if names else "0"
        prefix = store.prefix
        self._args = [prefix, dedup_key, conversation_id, str(address), "19", count, *names]

    async def _acquire(self, token: str) -> bool:
        raw = await self._store._script(
            "LOCK_AND_BEGIN", [token, self._ttl, *self._args], [self._name]
        )
        if int(raw[0]) == -1:
            return False
        self._start = _turn_start(raw, self._names)
        return True

    async def __aenter__(self) -> TurnStart:
        store, key = self._store, self._key
        ttl_ms, self._ttl, wait_seconds = store._lock_settings
        name = self._name = store._keys.lock(key)
        local = self._local = store._local.hold(key)
        await local.__aenter__()
        try:
            lock = self._lock = redis_lock.Holding(
                store.redis,
                store._script,
                key=key,
                name=name,
                ttl_ms=ttl_ms,
                wait_seconds=wait_seconds,
                acquire=self._acquire,
            )
            held = await lock.__aenter__()
        except BaseException:
            await local.__aexit__(None, None, None)
            raise
        store._held[key] = held  # the local lock: no other task of ours holds `key`
        return self._start

    async def __aexit__(self, *exc: object) -> None:
        del self._store._held[self._key]
        try:
            await self._lock.__aexit__(*exc)
        finally:
            await self._local.__aexit__(*exc)


def _turn_start(raw: list[Any], names: tuple[str, ...]) -> TurnStart:
    if int(raw[0]):
        return TurnStart(seen=True, conversation=None, tickets=())
    conv = rec.conversation(raw[1])
    pairs = raw[2 : 2 + 2 * len(names)]  # per flag: 1 and its value, or 0 and ""
    values = {
        key: str(pairs[2 * i + 1]) if int(pairs[2 * i]) else None for i, key in enumerate(names)
    }
    tickets = tuple(rec.ticket(blob) for blob in raw[2 + 2 * len(names) :])
    return TurnStart(seen=False, conversation=conv, tickets=tickets, flags=values)
