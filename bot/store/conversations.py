"""Conversations and the turns that step them: the dedup mark, the conversation
itself, the transcript, and a turn's reads in one round-trip."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from bot.store.records import TranscriptLine, TurnStart
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
