"""The one way stored records change together: a turn's commit, under its
conversation's lock.

A turn is committed as a single unit (conversation, tickets, outbox, timers,
transcript, flags and the dedup mark), so a crash between two writes can never
leave a reply without its ticket or a ticket without the message that opened it.
The roles whose users change records outside a customer's turn (a ticket noted by
the dispatcher or the agent desk, a timer set again) include this one.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Protocol

from bot.store.records import TurnCommit


class Turns(Protocol):
    def lock(self, key: str) -> AbstractAsyncContextManager[None]:
        """Held while one conversation (by id, or by address) is read, stepped and
        committed: every process sharing the store waits on the same key (SQLite
        serves one process; Redis holds the lock for every worker)."""
        ...

    async def commit(self, turn: TurnCommit) -> None:
        """Write the whole turn or nothing.

        Raises `DuplicateTurn` if `turn.dedup_key` was committed before (checked
        first), `VersionConflict` unless the stored version is
        `conversation.version - 1` (0 = must not exist), `ValueError` for a version
        below 1 or a naive datetime (nothing written). Timer cancellations apply
        before the turn's new timers, so a turn can cancel and set a key again."""
        ...
