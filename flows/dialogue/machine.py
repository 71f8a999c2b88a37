"""The intake dialogue: one `transitions` machine shared by every conversation.

`step()` is a pure function of (conversation, text, context): it restores the
conversation's state onto a throwaway cursor, fires the machine's triggers and
returns the new conversation plus the effects the engine must apply. No I/O,
no clock: the context carries the time, the policy and the facts it needs.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Final

from domain.plan import IntakeFieldSpec
from domain.text import fold
from domain.types import Conversation, Mode, TicketStatus
from flows.classify.classifier import with_scope
from flows.dialogue import csat, incident, maintenance
from flows.dialogue.effects import (
    Effect,
    OpenTicket,
    RequestHuman,
    Say,
)
from flows.dialogue.inputs import is_edit, no_text, on_edit
from flows.dialogue.intake import (
    CONTACT_KINDS,
    answer_value,
    assessment_of,
    confirm_summary,
    field_kind,
    field_updated,
    fill_fields,
    final_priority,
    invalid_reason,
    invalid_say,
    known_fields,
    looks_like_problem,
    next_field,
    note,
    phone_example,
    prefill_known,
    question,
    reassess,
    scope_question,
    summary_lines,
    table_decision,
    with_assessment,
    yes_no,
)
from flows.dialogue.intents import Intent, detect_intent
from flows.dialogue.language import detect_language
from flows.dialogue.opened import COURTESY, on_opened_ticket, with_agent
from flows.dialogue.questions import answer as answer_question
from flows.dialogue.questions import asked, scope_answer, unsure
from flows.dialogue.resolution import Verdict, confirmed, reopened, verdict
from flows.dialogue.routes import ROUTE_PENDING, route_offer, wants_ticket
from flows.dialogue.status import escalate_says, status_says
from flows.dialogue.subscribe import on_subscription, parse_subscription
from flows.dialogue.turn import (
    INTAKE_STATES,
    STATES,
    Cursor,
    StepResult,
    TurnContext,
    evolve,
    machine,
    render_say,
)
from flows.extract.fields import extract, extract_contacts, is_correction, is_no, is_skip, is_yes

__all__ = [
    "INTAKE_STATES",
    "STATES",
    "Cursor",
    "StepResult",
    "TurnContext",
    "fill_fields",
    "final_priority",
    "machine",
    "next_field",
    "open_ticket_effect",
    "prefill_known",
    "reassess",
    "render_say",
    "step",
    "summary_lines",
]

# invalid answers to one question before the bot gives up on it and asks for a human
MAX_MISSES: Final = 2
# words after "not that" that tell the customer's own problem, taken as its description
_DESCRIBED: Final = 3


# -- the step ---------------------------------------------------------------------------


def step(conv: Conversation, text: str, ctx: TurnContext) -> StepResult:
    policy = ctx.policy
    changes: dict[str, Any] = {}
    if not conv.lang and text.strip():
        # a photo or a blank line says nothing of the language: wait for words
        changes["lang"] = detect_language(text, default=policy.plan.default_language)
    if conv.state == "new" and not conv.fields and ctx.known:
        changes["fields"] = known_fields(conv, ctx)
    if conv.mode is Mode.CLOSED:
        # a closed conversation is the bot's again: confirm, reopen or start a new case
        changes["mode"] = Mode.BOT
    if changes:
        conv = evolve(conv, **changes)
    cursor = Cursor(conv.state)
    before = conv
    conv, effects = _dispatch(cursor, conv, text.strip(), ctx)
    if ctx.maintenance and maintenance.describing(before):  # a window under way: said first
        conv, effects = maintenance.mention_first(conv, text.strip(), effects, ctx)
    conv = evolve(conv, state=cursor.state, turns=conv.turns + 1)
    return StepResult(conv, tuple(effects))


def _dispatch(
    cur: Cursor, conv: Conversation, text: str, ctx: TurnContext
) -> tuple[Conversation, list[Effect]]:
    if conv.mode is Mode.AGENT and conv.ticket_number is not None:
        return with_agent(conv, text, ctx)
    if not text:
        return conv, no_text(conv, cur.state, ctx, _resume(cur, conv, ctx))
    if csat.waiting(conv):  # the satisfaction question: an answer, or a message as any other
        answered = csat.answer(conv, text, ctx)
        if answered is not None:
            return answered
        conv = csat.let_go(conv)
    if is_edit(ctx):
        edited = on_edit(conv, cur.state, text, ctx)
        if edited is not None:
            return edited[0], [*edited[1], *_resume(cur, edited[0], ctx)]
    asked = parse_subscription(text)  # "avísenme", "unsubscribe" (flows.dialogue.subscribe)
    if asked is not None:
        # a first message that only asks for updates is answered alone, no intake question
        again = _resume(cur, conv, ctx) if cur.state != "new" else []
        return conv, [*on_subscription(conv, asked, ctx), *again]
    intent = detect_intent(text)
    if intent is not None:
        handled = _global(cur, conv, intent, ctx)
        if handled is not None:
            return handled
    state = cur.state
    if state == "new":
        return _on_new(cur, conv, text, ctx)
    if state == "collecting":
        return _on_collecting(cur, conv, text, ctx)
    if state == "clarifying":
        return _on_clarifying(cur, conv, text, ctx)
    if state == "confirming":
        return _on_confirming(cur, conv, text, ctx)
    if state == "closed":
        return _on_closed(cur, conv, text, ctx)
    if conv.assessment.get("incident") is not None:  # an outage's child (flows.dialogue.incident)
        child = incident.follow_up(cur, conv, text, ctx)
        if child is not None:
            conv, effects, resume = child
            if resume is None:
                return conv, effects
            conv, next_question = _advance(cur, conv, ctx, effects)
            if len(resume.split()) >= _DESCRIBED and conv.pending == "description":
                # "not that, my fax line hums": their own problem is already told
                conv, after = _on_collecting(cur, conv, resume, ctx)
                return conv, [*effects, *after]
            return conv, next_question
    return on_opened_ticket(conv, text, ctx)


def _resume(cur: Cursor, conv: Conversation, ctx: TurnContext) -> list[Effect]:
    """Repeat whatever the dialogue was waiting for, after an interruption."""
    lang = conv.lang
    if cur.state == "new":
        return [Say("ask.description")]
    if cur.state == "collecting":
        f = next_field(conv, ctx.policy)
        if f is not None:
            return [question(f, lang, ctx.short)]
    if cur.state == "clarifying":
        return [scope_question(lang)]
    if cur.state == "confirming":
        return [_confirm_say(conv, ctx)]
    return []


def _global(
    cur: Cursor, conv: Conversation, intent: Intent, ctx: TurnContext
) -> tuple[Conversation, list[Effect]] | None:
    if intent.name == "language":
        conv = evolve(conv, lang=intent.arg)
        return conv, [Say("lang_switched"), *_resume(cur, conv, ctx)]
    if intent.name == "help":
        contacts = ctx.policy.contacts
        return conv, [
            Say("help", {"phone": contacts.phone or "-", "status_url": contacts.status_url or "-"}),
            *_resume(cur, conv, ctx),
        ]
    if intent.name == "status":
        return conv, [*status_says(conv, intent.arg, ctx), *_resume(cur, conv, ctx)]
    if intent.name == "restart":
        cur.trigger("restart")
        keep = {k: v for k, v in conv.fields.items() if field_kind(ctx.policy, k) in CONTACT_KINDS}
        conv = evolve(conv, fields=keep, skipped=(), pending="", assessment={}, ticket_number=None)
        return conv, [Say("restart")]
    if intent.name == "human":
        if conv.ticket_number is not None and cur.state not in INTAKE_STATES:
            return conv, [
                RequestHuman(conv.ticket_number),
                Say("human_ack_ticket", {"ticket": conv.ticket_number}),
            ]
        asks = int(conv.assessment.get("human_asks", 0)) + 1
        conv = note(conv, human=True, human_asks=asks)
        if asks >= 2:
            # Asked twice: stop the questions and open the ticket with what we have;
            # the person who takes it can ask for the rest (the engine then connects
            # them, or says when people are back and makes the plan's callback promise).
            if "description" not in conv.fields:
                conv = evolve(conv, fields={**conv.fields, "description": "(asked for a person)"})
            if cur.state not in INTAKE_STATES:
                # no ticket of its own outside the intake (a closed conversation that lost its
                # ticket): a ticket opens only from the intake, so start one first
                cur.trigger("restart")
            conv, opened = _file_ticket(cur, conv, ctx)
            return conv, [Say("human_handover"), *opened]
        if cur.state == "new" or conv.pending == "description":
            # once: why two or three details help, and how to skip them
            return conv, [Say("human_first")]
        return conv, [Say("human_ack_intake"), *_resume(cur, conv, ctx)]
    if intent.name == "reopen" and cur.state == "closed":
        return _on_closed(cur, conv, "reopen", ctx)
    if (
        intent.name == "reopen"
        and conv.ticket_number is not None
        and cur.state not in INTAKE_STATES
    ):
        return conv, [Say("still_open", {"ticket": conv.ticket_number})]
    if intent.name == "escalate":
        return conv, [*escalate_says(conv, intent.arg, ctx), *_resume(cur, conv, ctx)]
    return None


def _on_new(
    cur: Cursor, conv: Conversation, text: str, ctx: TurnContext
) -> tuple[Conversation, list[Effect]]:
    region = ctx.policy.plan.default_region
    contacts = extract_contacts(text, region=region)
    # an open outage named by its words: "we already know", the rest read after the turn
    known = incident.at_intake(cur, conv, text, ctx, contacts)
    if known is not None:
        return known
    found = extract(text, region=region, contacts=contacts)  # identifiers read once
    conv, _ = fill_fields(conv, found, ctx.policy, overwrite=True)
    problem = looks_like_problem(text, found)
    described = conv
    if problem or incident.needs_reading(ctx):
        described = evolve(conv, fields={**conv.fields, "description": text})
        described = reassess(described, ctx.policy)  # classified once, for both
        known = incident.after_reading(cur, described, text, ctx, found)
        if known is not None:  # e.g. an open outage named by the service the reading found
            return known
    if not problem:
        cur.trigger("collect")
        conv = evolve(conv, pending="description")
        if conv.turns == 0:
            return conv, [Say("greeting", {"provider": ctx.policy.plan.provider})]
        return conv, [Say("ask.description")]
    conv = described
    cur.trigger("collect")
    offer = route_offer(conv, ctx)
    if offer is not None:
        return offer
    return _advance(cur, conv, ctx, _opening_ack(conv, ctx))


def _on_collecting(
    cur: Cursor, conv: Conversation, text: str, ctx: TurnContext
) -> tuple[Conversation, list[Effect]]:
    policy = ctx.policy
    lang = conv.lang
    effects: list[Effect] = []
    if conv.pending == ROUTE_PENDING:
        return _on_route_answer(cur, conv, text, ctx)
    pending = next((f for f in policy.intake.fields if f.key == conv.pending), None)
    correcting = bool(conv.assessment.get("correcting")) or is_correction(text)
    found = extract(text, region=policy.plan.default_region)
    if pending is not None and pending.key not in conv.fields:
        if is_skip(text):
            if pending.required:
                return conv, [Say("cannot_skip"), question(pending, lang, ctx.short)]
            conv = evolve(conv, skipped=(*conv.skipped, pending.key))
        else:
            answer = answer_value(pending, text, found, policy)
            asked_back = asked(text) if answer is None and pending.key != "description" else None
            if asked_back is not None:
                # a question back is answered (or kept for the agent), then asked again once
                conv, said = answer_question(asked_back, text, conv, ctx)
                return _missed(cur, conv, pending, ctx, [*said, Say("reask.field")])
            if answer is not None:
                conv = evolve(conv, fields={**conv.fields, pending.key: answer})
                if pending.key in ("description", "error_text"):
                    conv = reassess(conv, policy)
            else:
                before = dict(conv.fields)
                conv, changed = fill_fields(conv, found, policy, overwrite=correcting)
                if conv.fields == before:
                    error = invalid_reason(pending, text, policy)
                    return _missed(cur, conv, pending, ctx, [invalid_say(error, policy)])
                effects += field_updated(changed, policy, lang)
                return _advance(cur, conv, ctx, effects)
    conv, changed = fill_fields(conv, found, policy, overwrite=correcting)
    effects += field_updated(changed, policy, lang)
    if conv.assessment.get("correcting"):
        conv = note(conv, correcting=False)
        if not changed and not found.as_dict():
            description = conv.fields.get("description", "")
            conv = evolve(
                conv, fields={**conv.fields, "description": f"{description}\n{text}".strip()}
            )
            conv = reassess(conv, policy)
    return _advance(cur, conv, ctx, effects)


def _missed(
    cur: Cursor, conv: Conversation, pending: IntakeFieldSpec, ctx: TurnContext, said: list[Effect]
) -> tuple[Conversation, list[Effect]]:
    """A reply that doesn't answer `pending`: say why and ask once more; after that the
    question is left to the agent (nothing is stored for it, nothing is guessed)."""
    misses = dict(conv.assessment.get("misses", {}))
    misses[pending.key] = misses.get(pending.key, 0) + 1
    if misses[pending.key] >= MAX_MISSES:
        conv = evolve(conv, skipped=(*conv.skipped, pending.key))
        conv = note(conv, misses=misses, human=True, stuck=pending.key)
        said = [s for s in said if not (isinstance(s, Say) and s.key.startswith("reask."))]
        return _advance(cur, conv, ctx, [*said, Say("stuck_handoff")])
    conv = note(conv, misses=misses)
    return conv, [*said, question(pending, conv.lang, ctx.short)]


def _opening_ack(conv: Conversation, ctx: TurnContext) -> list[Effect]:
    """Sympathy for a problem; not for a request or a suggestion, nor on SMS (length)."""
    if ctx.short:
        return []
    a = assessment_of(conv)
    if a is not None and (
        a.impact in ("enhancement", "question") or a.service in ("change", "howto")
    ):
        return [Say("ack_request")]
    return [Say("ack_problem")]


def _on_route_answer(
    cur: Cursor, conv: Conversation, text: str, ctx: TurnContext
) -> tuple[Conversation, list[Effect]]:
    """The customer heard the plan's contact for their question: a ticket only if they
    still want one; anything else is a new message."""
    if wants_ticket(text):
        conv = note(evolve(conv, pending=""), route_taken=False)
        return _advance(cur, conv, ctx, [])
    keep = {k: v for k, v in conv.fields.items() if field_kind(ctx.policy, k) in CONTACT_KINDS}
    conv = evolve(conv, fields=keep, skipped=(), pending="", assessment={})
    cur.trigger("restart")
    if is_no(text) or is_skip(text) or text.strip() == "2" or COURTESY.match(fold(text)):
        return conv, [Say("route.declined")]
    return _on_new(cur, conv, text, ctx)


def _advance(
    cur: Cursor, conv: Conversation, ctx: TurnContext, effects: list[Effect]
) -> tuple[Conversation, list[Effect]]:
    policy = ctx.policy
    nxt = next_field(conv, policy)
    if nxt is not None:
        if cur.state != "collecting":
            cur.trigger("collect")
        return evolve(conv, pending=nxt.key), [*effects, question(nxt, conv.lang, ctx.short)]
    decision = table_decision(conv, policy)
    if decision.would_ask and not conv.assessment.get("scope_asked"):
        cur.trigger("clarify")
        conv = note(evolve(conv, pending="scope"), scope_asked=True)
        return conv, [*effects, scope_question(conv.lang)]
    cur.trigger("confirm")
    conv = evolve(conv, pending="confirm")
    return conv, [*effects, _confirm_say(conv, ctx)]


def _confirm_say(conv: Conversation, ctx: TurnContext) -> Say:
    priority = final_priority(conv, ctx)[0]
    summary = confirm_summary(conv, ctx.policy, priority, short=ctx.short, known=ctx.known)
    return Say("confirm", {"summary": summary}, yes_no(conv.lang))


def _on_clarifying(
    cur: Cursor, conv: Conversation, text: str, ctx: TurnContext
) -> tuple[Conversation, list[Effect]]:
    scope = scope_answer(text, conv.lang)
    a = assessment_of(conv)
    if scope is not None and a is not None:
        conv = note(with_assessment(conv, with_scope(a, scope)), scope_answered=True)
        return _advance(cur, conv, ctx, [])
    # Not an answer (a question, a complaint, "not sure"): answer or acknowledge it and
    # ask once more; still unanswered, the first message's reading stands, never a lower one.
    said: list[Effect] = []
    kind = asked(text)
    if kind is not None:
        conv, said = answer_question(kind, text, conv, ctx)
    elif unsure(text):
        said = [Say("answer.unsure")]
    if not conv.assessment.get("scope_retry"):
        conv = note(conv, scope_retry=True)
        return conv, [*said, Say("reask.scope"), scope_question(conv.lang)]
    return _advance(cur, conv, ctx, said)


def _on_confirming(
    cur: Cursor, conv: Conversation, text: str, ctx: TurnContext
) -> tuple[Conversation, list[Effect]]:
    policy = ctx.policy
    # SMS shows the yes/no buttons as a numbered list: "1" and "2" answer it
    text = {"1": "yes", "2": "no"}.get(text.strip(" .)"), text)
    if is_yes(text) or text.strip() == "1":  # "1" picks "Yes" where buttons became a numbered list
        return _file_ticket(cur, conv, ctx)
    found = extract(text, region=policy.plan.default_region)
    conv2, changed = fill_fields(conv, found, policy, overwrite=True)
    if changed or conv2.fields != conv.fields:
        effects = field_updated(changed, policy, conv.lang)
        return _advance(cur, conv2, ctx, effects)
    if is_no(text) or is_correction(text) or text.strip() == "2":
        cur.trigger("collect")
        conv = note(evolve(conv, pending=""), correcting=True)
        return conv, [Say("confirm_change", {"example": phone_example(policy)})]
    return conv, [Say("confirm_again", {}, yes_no(conv.lang))]


def _file_ticket(
    cur: Cursor, conv: Conversation, ctx: TurnContext, *, linked_to: int | None = None
) -> tuple[Conversation, list[Effect]]:
    priority, needs_review, suggested = final_priority(conv, ctx)
    a = assessment_of(conv)
    assessment = a.to_dict() if a else {}
    assessment["suggested_priority"] = suggested
    summary = conv.fields.get("description", "")[:200]
    cur.trigger("open_ticket")
    fields = dict(conv.fields)
    questions = conv.assessment.get("questions")
    if questions:  # what the bot promised to pass on
        fields["customer_questions"] = " | ".join(questions)
    effect = OpenTicket(
        priority=priority,
        fields=fields,
        summary=summary,
        assessment=assessment,
        human_requested=bool(conv.assessment.get("human")),
        needs_review=needs_review,
        linked_to=linked_to if linked_to is not None else conv.assessment.get("linked_to"),
    )
    return evolve(conv, pending=""), [effect]


def _on_closed(
    cur: Cursor, conv: Conversation, text: str, ctx: TurnContext
) -> tuple[Conversation, list[Effect]]:
    number = conv.ticket_number
    ticket = next((t for t in ctx.tickets if t.number == number), None)
    wants_reopen = fold(text).startswith(("reopen", "reabrir"))
    if ticket is not None and ticket.status is TicketStatus.RESOLVED_PENDING and not wants_reopen:
        # the agent resolved it and asked the customer to confirm
        said = verdict(text)  # flows.dialogue.resolution: their own words, faults first
        if said is Verdict.NOT_FIXED or (said is None and is_no(text)):
            cur.trigger("reopen")
            return conv, reopened(ticket.number)
        if said is Verdict.FIXED or (said is None and is_yes(text)):
            return conv, confirmed(ticket, csat=ctx.policy.csat.enabled)
    # a case closed for no response is never reopened: a new one, linked, is (the plan)
    if wants_reopen and ticket is not None and ticket.status is not TicketStatus.CLOSED_NO_RESPONSE:
        closed_at = ticket.updated_at or ticket.created_at
        if ctx.now - closed_at <= timedelta(days=ctx.policy.lifecycle.reopen_days):
            cur.trigger("reopen")
            return conv, reopened(ticket.number)
    # A new problem, or too late to reopen: a new case, linked to the old one.
    keep = {k: v for k, v in conv.fields.items() if field_kind(ctx.policy, k) in CONTACT_KINDS}
    conv = evolve(conv, fields=keep, skipped=(), pending="", assessment={}, ticket_number=None)
    if number is not None:
        conv = note(conv, linked_to=number)
    cur.trigger("restart")
    if wants_reopen:
        cur.trigger("collect")
        return evolve(conv, pending="description"), [Say("ask.description")]
    return _on_new(cur, conv, text, ctx)


# The email dialogue (flows/dialogue/email_intake.py) opens its tickets the same way.
open_ticket_effect = _file_ticket
