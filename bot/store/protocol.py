"""The storage boundary: a few roles, two backends (SQLite, Redis), one contract suite.

Each role is a small Protocol in its own module, and a consumer takes only the
roles it needs (the timer loop: Timers; the dispatcher: Outbox and Tickets):

    Conversations  bot.store.conversations  dedup, conversations, transcript, a turn's reads
    Tickets        bot.store.tickets        ticket numbers, tickets by number and customer
    Outbox         bot.store.outbox         what is owed, claimed and sent by the dispatcher
    Timers         bot.store.timers         due timers, claimed by kind
    Flags          bot.store.flags          opt-outs, thread mappings, counters
    TicketSearch   bot.store.search         the API's filters, full text, sort and cursor
    Incidents      bot.store.incidents      master incidents (outages) and their child tickets
    MaintenanceWindows bot.store.maintenance  staff's maintenance windows, cancellations
    ContactBook    bot.store.contacts       authorized contacts added through the API
    RateLimits     bot.store.rates          sliding-window limits shared by every worker

Conversations, Tickets and Timers include `Turns` (bot.store.turns): the lock and
the atomic commit through which every record changes. `Store` is every role at
once plus the lifecycle, for the composition root (`bot.app`) and the backends.

This module is also the package's front door: the records (bot.store.records) and
errors (bot.store.errors) are importable from here.
"""

from __future__ import annotations

from typing import Protocol

from bot.store.contacts import ContactBook
from bot.store.conversations import Conversations
from bot.store.errors import DuplicateTurn, StoreError, VersionConflict
from bot.store.flags import Flags
from bot.store.incidents import Incidents
from bot.store.maintenance import MaintenanceWindows
from bot.store.outbox import Outbox
from bot.store.rates import RateLimits
from bot.store.records import (
    OutboxItem,
    OutboxStatus,
    Timer,
    TranscriptLine,
    TurnCommit,
    TurnStart,
)
from bot.store.search import TicketSearch
from bot.store.tickets import Tickets, locked_ticket
from bot.store.timers import Timers
from bot.store.turns import Turns

__all__ = [
    "ContactBook",
    "Conversations",
    "DuplicateTurn",
    "Flags",
    "Incidents",
    "MaintenanceWindows",
    "Outbox",
    "OutboxItem",
    "OutboxStatus",
    "RateLimits",
    "Store",
    "StoreError",
    "TicketSearch",
    "Tickets",
    "Timer",
    "Timers",
    "TranscriptLine",
    "TurnCommit",
    "TurnStart",
    "Turns",
    "VersionConflict",
    "locked_ticket",
]


class Store(
    Conversations,
    Tickets,
    TicketSearch,
    Outbox,
    Timers,
    Flags,
    Incidents,
    MaintenanceWindows,
    ContactBook,
    RateLimits,
    Protocol,
):
    """Every role, and the backend's lifecycle."""

    async def open(self) -> None: ...
    async def close(self) -> None: ...

    async def ping(self) -> None:
        """Raises StoreError while the backend is unreachable (/healthz)."""
        ...
