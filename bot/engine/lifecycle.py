"""Closing a case the customer stopped answering (CallTower: "if a customer does not
respond to an active case after two business days of communication attempts ...
the case is closed, no response").

The clock starts when we begin waiting on the customer (an agent's question, a
resolution awaiting confirmation) and stops when they answer. A timer is set at
that moment; when it fires, the ticket is checked again, so a customer who
answered in between is never closed on, and a stale timer costs one read.
A hold is an agreed pause, not silence: it never closes a case.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime
from typing import Final, Protocol

from bot.engine.sla_timers import update_timer_key
from bot.plan.durations import parse_duration
from bot.plan.policy import Policy
from bot.plan.sla import ANSWER_KINDS, UPDATE_KINDS
from bot.store.protocol import (
    Conversations,
    OutboxItem,
    Tickets,
    Timer,
    TranscriptLine,
    TurnCommit,
    locked_ticket,
)
from domain.types import DEFAULT_LIMITS, Mode, Outbound, Ticket, TicketEvent, TicketStatus
from flows.catalog import messages as catalog

log = logging.getLogger("supportbot.lifecycle")

KIND: Final = "close_no_response"
_WAITING: Final = frozenset(
    {"asked_customer", "waiting_on_customer", "resolved", "resolved_pending_confirmation"}
)


def waiting_since(ticket: Ticket) -> datetime | None:
    """Since when we have been waiting on the customer without an answer, or None."""
    if ticket.status.is_closed or ticket.status is TicketStatus.ON_HOLD:
        return None
    since: datetime | None = None
    for event in sorted(ticket.events, key=lambda e: e.at):
        from_customer = event.by == "customer"
        if from_customer and event.kind in ANSWER_KINDS:
            since = None
        elif event.kind in _WAITING or (
            event.kind in UPDATE_KINDS and not from_customer and event.detail.rstrip().endswith("?")
        ):
            since = since or event.at
        elif event.kind in UPDATE_KINDS and not from_customer:
            since = None  # we answered without a question: the customer owes us nothing
    return since


def no_response_timer(policy: Policy, ticket: Ticket) -> Timer | None:
    """The timer that closes `ticket` if the customer stays silent, when the plan has the rule."""
    rule = policy.lifecycle.close_no_response_after
    since = waiting_since(ticket)
    if rule is None or since is None:
        return None
    cal = policy.calendar(policy.lifecycle.close_no_response_clock)
    duration = parse_duration(rule, business_day=cal.business_day)
    return Timer(
        key=f"lifecycle:{ticket.number}:no_response",
        due=cal.add(since, duration.amount),
        kind=KIND,
        payload={"ticket": str(ticket.number)},
    )


class ClosingStore(Conversations, Tickets, Protocol):
    """The closer's roles: the ticket it closes, and the conversation closed with it."""


class NoResponseCloser:
    """The handler for `close_no_response` timers."""

    def __init__(
        self,
        *,
        store: ClosingStore,
        policy: Policy,
        clock: Callable[[], datetime],
        kick: Callable[[], None],
    ) -> None:
        self.store = store
        self.policy = policy
        self.clock = clock
        self.kick = kick
        # told after a ticket closed (the agent desk redraws its card); a failure is logged
        self.listeners: list[Callable[[Ticket], Awaitable[None]]] = []

    def add_listener(self, listener: Callable[[Ticket], Awaitable[None]]) -> None:
        self.listeners.append(listener)

    async def on_timer(self, timer: Timer) -> None:
        async with locked_ticket(self.store, int(timer.payload["ticket"])) as ticket:
            if ticket is None:
                return
            now = self.clock()
            again = no_response_timer(self.policy, ticket)
            if again is None:
                return  # the customer answered, or the ticket closed another way
            if again.due > now:
                await self.store.commit(TurnCommit(at=now, timers=(again,)))
                return
            closed = await self._close(ticket, now)
        for listener in self.listeners:
            try:
                await listener(closed)
            except Exception:
                # the close is committed; the desk's failure must not undo or repeat it
                log.exception("close listener failed on ticket %s", closed.number)

    async def _close(self, ticket: Ticket, now: datetime) -> Ticket:
        closed = replace(ticket, status=TicketStatus.CLOSED_NO_RESPONSE, next_update_due=None)
        closed = closed.with_event(TicketEvent(now, "closed_no_response", by="system"))
        short = DEFAULT_LIMITS.get(ticket.address.channel, DEFAULT_LIMITS["webchat"]).short
        text = catalog.render(ticket.lang, "closed_no_response", short=short, ticket=ticket.number)
        message = Outbound(ticket.address, text, ticket_number=ticket.number, kind="notice")
        conv_id = ticket.conversation_id or str(ticket.address)
        conv = await self.store.load_conversation(conv_id)
        if conv is not None and conv.ticket_number == ticket.number:
            conv = replace(
                conv, mode=Mode.CLOSED, state="closed", pending="", version=conv.version + 1
            )
        else:
            conv = None
        await self.store.commit(
            TurnCommit(
                at=now,
                dedup_key=f"lifecycle:{ticket.number}:closed_no_response",
                conversation=conv,
                tickets=(closed,),
                cancel_timers=(update_timer_key(ticket.number),),
                outbox=(
                    OutboxItem(
                        id=f"nr-{ticket.number}", outbound=message, created_at=now, not_before=now
                    ),
                ),
                transcript=(TranscriptLine(conv_id, now, "bot", text),),
            )
        )
        log.info("ticket closed for no response", extra={"ticket": ticket.number})
        self.kick()
        return closed
