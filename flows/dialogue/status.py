"""The dialogue's answers to "where is my ticket?" and "escalate this": what the customer
is told, and the Escalate effect when the plan's ladder allows a step up. Pure: no I/O, no
clock (the turn's context carries the time)."""

from __future__ import annotations

from domain.types import Conversation
from flows.catalog import messages as catalog
from flows.dialogue.effects import Effect, Escalate, Say
from flows.dialogue.escalation import next_step
from flows.dialogue.turn import TurnContext


def escalate_says(conv: Conversation, number: str, ctx: TurnContext) -> list[Effect]:
    """One step up the plan's ladder, when its interval has passed; else when it will."""
    lang = conv.lang
    open_tickets = [t for t in ctx.tickets if not t.status.is_closed]
    if number:
        ticket = next((t for t in open_tickets if str(t.number) == number), None)
        if ticket is None:
            return [Say("status_unknown", {"ticket": number})]
    else:
        ticket = next((t for t in open_tickets if t.number == conv.ticket_number), None)
        ticket = ticket or (open_tickets[0] if open_tickets else None)
    if ticket is None or not ctx.policy.escalation.levels:
        return [Say("escalation_no_ticket")]
    step = next_step(ctx.policy, ticket, ctx.now)
    if step.level is None:
        return [Say("escalation_top", {"ticket": ticket.number})]
    who = step.level.who.get(lang, short=ctx.short)
    if not step.allowed and step.available_at is not None:
        when = ctx.format_time(step.available_at, lang)
        return [Say("escalation_not_yet", {"ticket": ticket.number, "who": who, "due": when})]
    if not step.allowed:  # nothing is owed to the customer right now (paused, answered)
        return [Say("escalation_not_overdue", {"ticket": ticket.number, "who": who})]
    effects: list[Effect] = [
        Escalate(ticket.number, step.level.level, step.level.who.en),
        Say("escalated_by_customer", {"ticket": ticket.number, "who": who}),
    ]
    needs = ctx.policy.escalation.requirements.get(lang)
    if needs:
        effects.append(Say("escalation_requirements", {"items": "; ".join(needs)}))
    return effects


def status_says(conv: Conversation, number: str, ctx: TurnContext) -> list[Effect]:
    lang = conv.lang
    if not ctx.tickets:
        if number.startswith("call:"):
            return [Say("status_unknown_call", {"call_id": number.removeprefix("call:")})]
        if number:
            return [Say("status_unknown", {"ticket": number})]
        return [Say("status_none")]
    if number.startswith("call:"):
        call_id = number.removeprefix("call:")
        ticket = next((t for t in ctx.tickets if t.fields.get("call_id") == call_id), None)
        if ticket is None:
            return [Say("status_unknown_call", {"call_id": call_id})]
    elif number:
        ticket = next((t for t in ctx.tickets if str(t.number) == number), None)
        if ticket is None:
            return [Say("status_unknown", {"ticket": number})]
    else:
        ticket = ctx.tickets[0]
    level = ctx.policy.priority_by_id.get(ticket.priority)
    return [
        Say(
            "status",
            {
                "ticket": ticket.number,
                "status": catalog.render(lang, f"status.{ticket.status.value}"),
                "priority": level.name.get(lang) if level else ticket.priority,
                "opened": ctx.format_time(ticket.created_at, lang),
            },
        )
    ]
