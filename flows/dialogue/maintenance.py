"""A maintenance window under way, mentioned first at intake: when the customer's first
description is about something the window affects (a keyword of the window, in either
language, folded; or the service the classifier read), the first reply opens by saying
what work is under way, until when and what it affects, and the usual intake goes on
(it may be the cause; it may not). Once per conversation and window.
Pure: the engine passes the running windows in `TurnContext.maintenance`."""

from __future__ import annotations

from domain.maintenance import MaintenanceWindow
from domain.types import Conversation
from flows.catalog import messages as catalog
from flows.dialogue.effects import Effect, Say
from flows.dialogue.intake import assessment_of, note
from flows.dialogue.turn import TurnContext

NOTE = "maintenance"  # the assessment's note of the window mentioned


def describing(before: Conversation) -> bool:
    """This turn's message is the conversation's first description of a problem."""
    return before.ticket_number is None and (
        before.state == "new" or before.pending == "description"
    )


def affecting(conv: Conversation, text: str, ctx: TurnContext) -> MaintenanceWindow | None:
    a = assessment_of(conv)
    service = a.service if a is not None else None
    for window in ctx.maintenance:
        if window.running(ctx.now) and window.affects(text, service=service):
            return window
    return None


def mention_first(
    conv: Conversation, text: str, effects: list[Effect], ctx: TurnContext
) -> tuple[Conversation, list[Effect]]:
    """`conv` and `effects` as the intake step left them, the window mentioned first."""
    window = affecting(conv, text, ctx)
    if window is None or conv.assessment.get(NOTE) == window.id:
        return conv, effects
    lang = conv.lang or ctx.policy.plan.default_language
    products = ", ".join(window.products) or catalog.render(lang, "maintenance.all_products")
    say = Say(
        "maintenance.during",
        {
            "title": window.text("title", lang),
            "ends": ctx.format_time(window.ends_at, lang),
            "products": products,
            "summary": window.text("summary", lang),
        },
    )
    return note(conv, **{NOTE: window.id}), [say, *effects]
