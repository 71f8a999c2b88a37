"""Conversations and the turns that step them: the dedup mark, the conversation
itself, the transcript, and a turn's reads in one round-trip."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from types import TracebackType
from typing import Protocol

from bot.store.records import TranscriptLine, TurnCommit, TurnStart
from bot.store.turns import Turns
from domain.types import Address, Conversation


class Conversations(Turns, Protocol):
    async def seen(self, dedup_key: str) -> bool: ...
    async def load_conversation(self, conversation_id: str) -> Conversation | None: ...

    async def begin_turn(
        self,
        *,
        dedup_key: str,
        conversation_id: str,
        address: Address,
        ticket_limit: int = 20,
        flags: Sequence[str] = (),
    ) -> TurnStart:
        """seen(dedup_key), load_conversation(conversation_id),
        list_tickets(address=address, limit=ticket_limit) and get_flag() of each of
        `flags` in one round-trip: a turn's reads cost one hop to the backend, not
        four. A seen turn reads nothing else (its `flags` is empty)."""
        ...

    async def transcript(self, conversation_id: str, *, limit: int = 200) -> list[TranscriptLine]:
        """The last `limit` lines, in the order they were committed."""
        ...


def locked_turn(
    store: Conversations,
    key: str,
    *,
    dedup_key: str,
    conversation_id: str,
    address: Address,
    flags: Sequence[str] = (),
) -> AbstractAsyncContextManager[TurnStart]:
    """`store.lock(key)` held and `store.begin_turn(...)` read for the body of the `async
    with`: in one round trip where the backend offers it (Redis: `locked_turn`)."""
    combined = getattr(store, "locked_turn", None)
    if combined is not None:
        started: AbstractAsyncContextManager[TurnStart] = combined(
            key, dedup_key=dedup_key, conversation_id=conversation_id, address=address, flags=flags
        )
        return started
    return _LockThenBegin(store, key, dedup_key, conversation_id, address, flags)


class _LockThenBegin:
    """`store.lock(key)` held, then `store.begin_turn(...)` read: a plain class rather than
    an @asynccontextmanager generator (every turn on SQLite takes one)."""

    __slots__ = ("_store", "_key", "_begin", "_held")

    def __init__(
        self,
        store: Conversations,
        key: str,
        dedup_key: str,
        conversation_id: str,
        address: Address,
        flags: Sequence[str],
    ) -> None:
        self._store = store
        self._key = key
        self._begin = (dedup_key, conversation_id, address, flags)

    async def __aenter__(self) -> TurnStart:
        held = self._held = self._store.lock(self._key)
        await held.__aenter__()
        dedup_key, conversation_id, address, flags = self._begin
        try:
            return await self._store.begin_turn(
                dedup_key=dedup_key, conversation_id=conversation_id, address=address, flags=flags
            )
        except BaseException as exc:
            await held.__aexit__(type(exc), exc, exc.__traceback__)
            raise

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> bool | None:
        return await self._held.__aexit__(exc_type, exc, tb)


async def commit_turn(store: Conversations, turn: TurnCommit, *, release: str | None) -> None:
    """`store.commit(turn)`. `release`: the key of the lock this task holds through
    `locked_turn`, which nothing after the commit needs: let go in the commit's own round
    trip where the backend offers it (Redis: `commit_releasing`), else at the end of
    `locked_turn` as ever. A refused commit (`DuplicateTurn`, `VersionConflict`) keeps it."""
    combined = getattr(store, "commit_releasing", None)
    if release is not None and combined is not None:
        await combined(turn, release)
    else:
        await store.commit(turn)
