"""A new ticket as a step asks for it, and the checks it goes through inside the turn that
opens it (the authorized contacts rule, bot/contacts/gate.py): what they add is committed
with the ticket, so a ticket is never seen without its flag, nor a held request without
its approval emails."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.engine.announce import TicketNotices
from bot.plan.models import Route
from bot.plan.policy import Policy
from bot.store.protocol import OutboxItem
from domain.quick_init import quick_init
from domain.types import (
    ChannelLimits,
    Conversation,
    Inbound,
    Outbound,
    Ticket,
    TicketEvent,
    TicketStatus,
)
from flows.dialogue.effects import OpenTicket


@quick_init
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
    if len(checks) == 1:  # its opening is the whole answer, not copied into another
        return await checks[0](ticket, inbound, now=now, short=limits.short)
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


def new_ticket(
    policy: Policy,
    notices: TicketNotices,
    number: int,
    effect: OpenTicket,
    conv: Conversation,
    inbound: Inbound,
    *,
    now: datetime,
) -> Ticket:
    """Ticket `number` as the step asked for it: its SLA clocks from now, the plan's route
    for its kind of problem, and what the opening promised on this channel."""
    category = effect.fields.get("category")  # e.g. ConnexCS platform issues run 24/7
    first_due = policy.due(effect.priority, "first_response", now, category=category)
    update_due = policy.due(effect.priority, "update_every", now, category=category)
    events = [TicketEvent(now, "opened", f"priority {effect.priority}", by="bot")]
    route = policy.route_for(
        impact=effect.assessment.get("impact"),
        service=effect.assessment.get("service"),
        text=effect.fields.get("description", ""),
    )
    if route is not None:
        events.append(route_event(route, now))
    if effect.human_requested:
        events.append(TicketEvent(now, "human_requested"))
    if effect.needs_review:
        suggested = effect.assessment.get("suggested_priority", "")
        events.append(TicketEvent(now, "needs_review", f"text reads {suggested}", by="bot"))
    if effect.linked_to is not None:
        events.append(TicketEvent(now, "linked", f"follows ticket #{effect.linked_to}", by="bot"))
    events.extend(notices.promised(inbound.address.channel, now))
    return Ticket(
        number=number,
        status=TicketStatus.NEW,
        priority=effect.priority,
        channel=inbound.address.channel,
        address=inbound.address,
        lang=conv.lang or policy.plan.default_language,
        created_at=now,
        first_response_due=first_due,
        next_update_due=update_due,
        fields=dict(effect.fields),
        summary=effect.summary,
        events=tuple(events),
        attachments=(*conv.attachments, *inbound.attachments),
        conversation_id=conv.id,
        assessment=dict(effect.assessment),
        needs_review=effect.needs_review,
        human_requested=effect.human_requested,
        linked_to=effect.linked_to,
        updated_at=now,
    )


def route_event(route: Route, now: datetime) -> TicketEvent:
    return TicketEvent(now, "routed", f"level {route.level}: {route.team.en}", by="bot")
