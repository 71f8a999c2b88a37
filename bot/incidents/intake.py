"""What the engine reads for outage mode at intake (flows.dialogue.incident matches)."""

from __future__ import annotations

from typing import Final

from bot.store.incidents import Incidents
from domain.incident import Incident
from domain.types import Conversation

# where a conversation's next message is a first message: a new one, or after a closed case
FIRST_MESSAGE_STATES: Final = frozenset({"new", "closed"})


async def open_incidents(store: Incidents, stored: Conversation | None) -> tuple[Incident, ...]:
    """The open incidents, for a conversation's first message; none (no read) otherwise."""
    if stored is not None and stored.state not in FIRST_MESSAGE_STATES:
        return ()
    return tuple(await store.list_incidents(open_only=True))
