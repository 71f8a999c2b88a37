"""Checks a new ticket goes through inside the turn that opens it (the authorized contacts
rule, bot/contacts/gate.py): what they add is committed with the ticket, so a ticket is
never seen without its flag, nor a held request without its approval emails."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.store.protocol import OutboxItem
from domain.types import ChannelLimits, Inbound, Outbound, Ticket


@dataclass(frozen=True, slots=True)
class Opening:
    ticket: Ticket  # the new ticket, with what the check recorded on it
    texts: tuple[str, ...] = ()  # said to the customer after the opening line
    outbound: tuple[Outbound, ...] = ()  # other messages, queued in the same commit
    flags: tuple[tuple[str, str | None], ...] = ()  # written in the same commit


class OpeningCheck(Protocol):
    async def __call__(
        self, ticket: Ticket, inbound: Inbound, *, now: datetime, short: bool
    ) -> Opening: ...


async def run_checks(
    checks: Sequence[OpeningCheck],
    ticket: Ticket,
    inbound: Inbound,
    now: datetime,
    limits: ChannelLimits,
) -> Opening:
    """Every check in turn, each given the ticket as the one before left it."""
    texts: list[str] = []
    outbound: list[Outbound] = []
    flags: list[tuple[str, str | None]] = []
    for check in checks:
        opening = await check(ticket, inbound, now=now, short=limits.short)
        ticket = opening.ticket
        texts += opening.texts
        outbound += opening.outbound
        flags += opening.flags
    return Opening(ticket, tuple(texts), tuple(outbound), tuple(flags))


def queued(
    openings: Sequence[Opening], now: datetime, new_id: Callable[[], str]
) -> tuple[OutboxItem, ...]:
    """The checks' own messages, for the dispatcher (never inline: they go to others)."""
    return tuple(
        OutboxItem(id=new_id(), outbound=o, created_at=now, not_before=now)
        for opening in openings
        for o in opening.outbound
    )
