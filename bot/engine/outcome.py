"""What a turn says it did: `TurnResult` (to the channel that handed it the message) and
`TurnOutcome` (to the listeners that act after the commit: the agent desk, incident
subscriptions), and the two hooks a turn takes (`TurnListener`, `EffectGate`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

from domain.quick_init import quick_init
from domain.types import Conversation, Inbound, Outbound, Ticket
from flows.dialogue.effects import Effect


@quick_init
@dataclass(frozen=True, slots=True)
class TurnResult:
    replies: tuple[Outbound, ...] = ()
    duplicate: bool = False
    ticket: Ticket | None = None
    conversation: Conversation | None = None
    flags: Mapping[str, str | None] = field(default_factory=dict)  # read_flags, as read


@quick_init
@dataclass(frozen=True, slots=True)
class TurnOutcome:
    """What a committed turn did, for listeners that act after the commit
    (the agent desk mirrors messages and posts cards; I/O stays out of the commit)."""

    inbound: Inbound
    conversation: Conversation
    previous_state: str
    tickets: tuple[Ticket, ...]  # tickets this turn created or changed
    opened: Ticket | None
    effects: tuple[object, ...]
    replies: tuple[Outbound, ...]


# A listener may say, by a `needs_lock(effects) -> bool` attribute, whether it acts under
# the conversation's lock for a turn's effects; one that does not say is taken to need it.
# A turn none of whose listeners need it lets the lock go with its commit (one round trip).
TurnListener = Callable[[TurnOutcome], Awaitable[None]]
# Looks at what a step decided, inside the turn and before any of it applies, and may
# change it: a request a store-held limit refuses is answered as refused, not as done
# (bot.incidents.channel_subs). Returns the effects unchanged when it has nothing to say.
EffectGate = Callable[[tuple[Effect, ...], Inbound], Awaitable[tuple[Effect, ...]]]
