"""The intake dialogue: one `transitions` machine shared by every conversation.

`step()` is a pure function of (conversation, text, context): it restores the
conversation's state onto a throwaway cursor, fires the machine's triggers and
returns the new conversation plus the effects the engine must apply. No I/O,
no clock: the context carries the time, the policy and the facts it needs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta
from functools import cache
from typing import Any, Final

from transitions import Machine

from bot.policy import IntakeField, Policy
from bot.types import Choice, Conversation, Mode, Ticket, TicketStatus
from flows import catalog
from flows.classify import SCOPES, Assessment, Decision, assess, decide, with_scope
from flows.effects import (
    AddComment,
    ConfirmResolved,
    Effect,
    OpenTicket,
    RelayToAgent,
    ReopenTicket,
    RequestHuman,
    Say,
    UpdateFields,
)
from flows.extract import Extraction, extract, is_correction, is_no, is_skip, is_yes, parse_answer
from flows.intents import Intent, detect_intent, detect_language, fold

STATES: Final = ("new", "collecting", "clarifying", "confirming", "ticket_open", "with_agent", "closed")
INTAKE_STATES: Final = frozenset({"new", "collecting", "clarifying", "confirming"})
CONTACT_KINDS: Final = frozenset({"name", "phone", "email", "account_id"})
# invalid answers to one question before the bot gives up on it and asks for a human
MAX_MISSES: Final = 3

_TRANSITIONS: Final = [
    {"trigger": "collect", "source": ["new", "collecting", "clarifying", "confirming", "closed"], "dest": "collecting"},
    {"trigger": "clarify", "source": ["collecting", "clarifying"], "dest": "clarifying"},
    {"trigger": "confirm", "source": ["collecting", "clarifying", "confirming"], "dest": "confirming"},
    {"trigger": "open_ticket", "source": ["new", "collecting", "clarifying", "confirming"], "dest": "ticket_open"},
    {"trigger": "restart", "source": list(STATES), "dest": "new"},
    {"trigger": "hand_to_agent", "source": ["ticket_open", "with_agent"], "dest": "with_agent"},
    {"trigger": "release", "source": ["with_agent"], "dest": "ticket_open"},
    {"trigger": "close", "source": list(STATES), "dest": "closed"},
    {"trigger": "reopen", "source": ["closed", "ticket_open"], "dest": "ticket_open"},
]


@cache
def machine() -> Machine:
    """The one machine; conversations are attached for a single turn only."""
    return Machine(
        model=None,
        states=list(STATES),
        transitions=_TRANSITIONS,
        initial="new",
        auto_transitions=False,
        send_event=False,
    )


class _Cursor:
    """The throwaway model the shared machine moves for one turn.

    The event is fired on the shared machine directly (`Machine.events[name].trigger`)
    instead of attaching the cursor with add_model/remove_model: that binds a
    convenience method per trigger and state on every turn, six times the cost of
    the transition itself, for methods we never call.
    """

    __slots__ = ("state",)

    def __init__(self, state: str) -> None:
        self.state = state

    def trigger(self, name: str) -> bool:
        # raises transitions.MachineError on a transition the machine does not allow
        return bool(machine().events[name].trigger(self))


@dataclass(frozen=True, slots=True)
class TurnContext:
    now: datetime
    policy: Policy
    channel: str
    short: bool = False
    tickets: tuple[Ticket, ...] = ()  # the customer's own tickets, newest first
    known: Mapping[str, str] = field(default_factory=dict)  # e.g. {"phone": "+1..."} on SMS
    # what the channel adds about this message (Inbound.meta), e.g. an email's subject
    hints: Mapping[str, str] = field(default_factory=dict)
    format_time: Callable[[datetime, str], str] = lambda dt, lang: dt.isoformat(timespec="minutes")


@dataclass(frozen=True, slots=True)
class StepResult:
    conversation: Conversation
    effects: tuple[Effect, ...]


_GREETING_WORDS: Final = frozenset(
    """hi hello hey hola buenas buenos dias días tardes noches good morning afternoon evening
    there support soporte ayuda help please por favor thanks gracias ok okay yes no si sí""".split()
)
_WORD_RE: Final = re.compile(r"\w+", re.UNICODE)
_SIP_WORDS: Final = re.compile(r"\b(sip|trunk|troncal|call-id|callid)\b", re.IGNORECASE)
_ERROR_WORDS: Final = re.compile(r"\b(error|errores|fault|fails? with|code \d{3}|c[oó]digo \d{3})\b", re.IGNORECASE)


def looks_like_problem(text: str, found: Extraction) -> bool:
    """False for a bare greeting or a message that only carries contact details."""
    rest = text
    for value in found.as_dict().values():
        rest = rest.replace(value, " ")
    words = [w for w in _WORD_RE.findall(fold(rest)) if w not in _GREETING_WORDS and not w.isdigit()]
    return len(words) >= 3


# -- helpers over the conversation's notes ------------------------------------------------


def _assessment(conv: Conversation) -> Assessment | None:
    data = conv.assessment.get("a")
    return Assessment(**data) if data else None


def _note(conv: Conversation, **notes: Any) -> Conversation:
    return replace(conv, assessment={**conv.assessment, **notes})


def _with_assessment(conv: Conversation, a: Assessment) -> Conversation:
    return _note(conv, a=asdict(a))


def _reassess(conv: Conversation, policy: Policy) -> Conversation:
    text = " ".join(v for k, v in conv.fields.items() if k in ("description", "error_text"))
    if not text:
        return conv
    a = assess(text, lang=conv.lang or None, extra_keywords=policy.classification.keywords or None)
    old = _assessment(conv)
    if old is not None and conv.assessment.get("scope_answered") and old.scope:
        a = with_scope(a, old.scope)
    return _with_assessment(conv, a)


def _decision(conv: Conversation, policy: Policy) -> Decision:
    a = _assessment(conv) or assess("", lang=conv.lang or None)
    return decide(a, policy.rules, default=policy.classification.default)


def _applies(f: IntakeField, conv: Conversation) -> bool:
    if f.when == "always":
        return True
    if f.when == "never":
        return False
    description = conv.fields.get("description", "")
    if f.when == "calls":
        a = _assessment(conv)
        return (a is not None and a.service == "voice") or bool(_SIP_WORDS.search(description))
    if f.when == "error":
        return bool(_ERROR_WORDS.search(description))
    # the plan's own conditions: "field:product=api", "category:platform", "service:voice", ...
    a = _assessment(conv)
    held = f.holds(
        fields=conv.fields,
        impact=a.impact if a else None,
        service=a.service if a else None,
        scope=a.scope if a else None,
    )
    return bool(held)


def next_field(conv: Conversation, policy: Policy) -> IntakeField | None:
    for f in policy.intake.fields:
        if f.key in conv.fields or f.key in conv.skipped:
            continue
        if not (f.required or f.ask):
            continue
        if _applies(f, conv):
            return f
    return None


def _question(f: IntakeField, lang: str, short: bool) -> Say:
    params: dict[str, Any]
    if f.question is not None:
        text_key, params = "ask.text", {"label": f.question.get(lang).rstrip("?").lstrip("¿")}
    elif catalog.has(f"ask.{f.kind}") and f.kind not in ("text", "choice"):
        text_key, params = f"ask.{f.kind}", {}
    elif f.key == "description":
        text_key, params = "ask.description", {}
    elif f.kind == "choice":
        options = ", ".join(c.label.get(lang) for c in f.choices)
        text_key, params = "ask.choice", {"label": f.label.get(lang), "options": options}
    else:
        text_key, params = "ask.text", {"label": f.label.get(lang)}
    choices = tuple(Choice(c.value, c.label.get(lang)) for c in f.choices)
    if not f.required:
        params = {**params, "_skip_hint": True}
    return Say(text_key, params, choices)


def _scope_question(lang: str) -> Say:
    choices = tuple(Choice(s, catalog.render(lang, f"scope.{s}")) for s in SCOPES)
    return Say("clarify_scope", {}, choices)


def _yes_no(lang: str) -> tuple[Choice, ...]:
    return (Choice("yes", catalog.render(lang, "yes")), Choice("no", catalog.render(lang, "no")))


def summary_lines(conv: Conversation, policy: Policy, priority: str | None) -> str:
    lang = conv.lang or "en"
    lines = []
    for f in policy.intake.fields:
        value = conv.fields.get(f.key)
        if value:
            shown = value if len(value) <= 160 else value[:157] + "..."
            lines.append(f"- {f.label.get(lang)}: {shown}")
    if priority:
        level = policy.priority(priority)
        lines.append(f"- {catalog.render(lang, 'summary.priority')}: {level.name.get(lang)}")
    return "\n".join(lines)


def _fill(conv: Conversation, found: Extraction, policy: Policy, *, overwrite: bool) -> tuple[Conversation, list[str]]:
    """Put extracted values into the intake fields of the matching kind.
    Returns the keys whose stored value changed from a previous value."""
    values = found.as_dict()
    fields = dict(conv.fields)
    changed: list[str] = []
    for f in policy.intake.fields:
        value = values.get(f.kind if f.kind != "text" else f.key)
        if not value or f.key == "description":
            continue
        old = fields.get(f.key)
        if old is None:
            fields[f.key] = value
        elif overwrite and old != value:
            fields[f.key] = value
            changed.append(f.key)
    skipped = tuple(k for k in conv.skipped if k not in fields)
    return replace(conv, fields=fields, skipped=skipped), changed


def _field_updated(keys: list[str], policy: Policy, lang: str) -> list[Effect]:
    out: list[Effect] = []
    by_key = {f.key: f for f in policy.intake.fields}
    for key in keys:
        label = by_key[key].label.get(lang)
        out.append(Say("field_updated", {"label": label}))
    return out


# -- the step ---------------------------------------------------------------------------


def step(conv: Conversation, text: str, ctx: TurnContext) -> StepResult:
    policy = ctx.policy
    if not conv.lang:
        conv = replace(conv, lang=detect_language(text, default=policy.plan.default_language))
    if conv.state == "new" and not conv.fields and ctx.known:
        conv = _prefill(conv, ctx)
    if conv.mode is Mode.CLOSED:
        # a closed conversation is the bot's again: confirm, reopen or start a new case
        conv = replace(conv, mode=Mode.BOT)
    cursor = _Cursor(conv.state)
    conv, effects = _dispatch(cursor, conv, text.strip(), ctx)
    conv = replace(conv, state=cursor.state, turns=conv.turns + 1)
    return StepResult(conv, tuple(effects))


def _prefill(conv: Conversation, ctx: TurnContext) -> Conversation:
    fields = dict(conv.fields)
    for f in ctx.policy.intake.fields:
        if f.kind in ctx.known and f.key not in fields:
            fields[f.key] = ctx.known[f.kind]
    return replace(conv, fields=fields)


def _dispatch(cur: _Cursor, conv: Conversation, text: str, ctx: TurnContext) -> tuple[Conversation, list[Effect]]:
    if conv.mode is Mode.AGENT and conv.ticket_number is not None:
        return _with_agent(conv, text, ctx)
    if not text:
        return conv, [Say("empty")]
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
    return _on_ticket_open(conv, text, ctx)


def _with_agent(conv: Conversation, text: str, ctx: TurnContext) -> tuple[Conversation, list[Effect]]:
    """An agent owns the conversation: everything goes to them; the bot only answers
    a status question (the agent sees that too) and follows a language switch."""
    assert conv.ticket_number is not None
    relay: list[Effect] = [RelayToAgent(conv.ticket_number, text)]
    intent = detect_intent(text) if text else None
    if intent is not None and intent.name == "status":
        return conv, [*relay, *_status(conv, intent.arg, ctx)]
    if intent is not None and intent.name == "language":
        return replace(conv, lang=intent.arg), relay
    return conv, relay


def _resume(cur: _Cursor, conv: Conversation, ctx: TurnContext) -> list[Effect]:
    """Repeat whatever the dialogue was waiting for, after an interruption."""
    lang = conv.lang
    if cur.state == "new":
        return [Say("ask.description")]
    if cur.state == "collecting":
        f = next_field(conv, ctx.policy)
        if f is not None:
            return [_question(f, lang, ctx.short)]
    if cur.state == "clarifying":
        return [_scope_question(lang)]
    if cur.state == "confirming":
        return [_confirm_say(conv, ctx)]
    return []


def _global(cur: _Cursor, conv: Conversation, intent: Intent, ctx: TurnContext) -> tuple[Conversation, list[Effect]] | None:
    if intent.name == "language":
        conv = replace(conv, lang=intent.arg)
        return conv, [Say("lang_switched"), *_resume(cur, conv, ctx)]
    if intent.name == "help":
        contacts = ctx.policy.contacts
        return conv, [
            Say("help", {"phone": contacts.phone or "-", "status_url": contacts.status_url or "-"}),
            *_resume(cur, conv, ctx),
        ]
    if intent.name == "status":
        return conv, [*_status(conv, intent.arg, ctx), *_resume(cur, conv, ctx)]
    if intent.name == "restart":
        cur.trigger("restart")
        keep = {k: v for k, v in conv.fields.items() if _kind(ctx.policy, k) in CONTACT_KINDS}
        conv = replace(conv, fields=keep, skipped=(), pending="", assessment={}, ticket_number=None)
        return conv, [Say("restart")]
    if intent.name == "human":
        if conv.ticket_number is not None and cur.state not in INTAKE_STATES:
            return conv, [RequestHuman(conv.ticket_number), Say("human_ack_ticket", {"ticket": conv.ticket_number})]
        conv = _note(conv, human=True)
        if cur.state == "new":
            return conv, [Say("human_ack_intake"), Say("ask.description")]
        return conv, [Say("human_ack_intake"), *_resume(cur, conv, ctx)]
    if intent.name == "reopen" and cur.state == "closed":
        return _on_closed(cur, conv, "reopen", ctx)
    return None


def _kind(policy: Policy, key: str) -> str:
    for f in policy.intake.fields:
        if f.key == key:
            return f.kind
    return ""


def _status(conv: Conversation, number: str, ctx: TurnContext) -> list[Effect]:
    lang = conv.lang
    if not ctx.tickets:
        if number:
            return [Say("status_unknown", {"ticket": number})]
        return [Say("status_none")]
    if number:
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


def _on_new(cur: _Cursor, conv: Conversation, text: str, ctx: TurnContext) -> tuple[Conversation, list[Effect]]:
    found = extract(text, region=ctx.policy.plan.default_region)
    conv, _ = _fill(conv, found, ctx.policy, overwrite=True)
    if not looks_like_problem(text, found):
        cur.trigger("collect")
        conv = replace(conv, pending="description")
        if conv.turns == 0:
            return conv, [Say("greeting", {"provider": ctx.policy.plan.provider})]
        return conv, [Say("ask.description")]
    conv = replace(conv, fields={**conv.fields, "description": text})
    conv = _reassess(conv, ctx.policy)
    cur.trigger("collect")
    return _advance(cur, conv, ctx, [] if ctx.short else [Say("ack_problem")])


def _on_collecting(cur: _Cursor, conv: Conversation, text: str, ctx: TurnContext) -> tuple[Conversation, list[Effect]]:
    policy = ctx.policy
    lang = conv.lang
    effects: list[Effect] = []
    pending = next((f for f in policy.intake.fields if f.key == conv.pending), None)
    correcting = bool(conv.assessment.get("correcting")) or is_correction(text)
    found = extract(text, region=policy.plan.default_region)
    if pending is not None and pending.key not in conv.fields:
        if is_skip(text):
            if pending.required:
                return conv, [Say("cannot_skip"), _question(pending, lang, ctx.short)]
            conv = replace(conv, skipped=(*conv.skipped, pending.key))
        else:
            answer = _answer(pending, text, found, policy)
            if answer is not None:
                conv = replace(conv, fields={**conv.fields, pending.key: answer})
                if pending.key in ("description", "error_text"):
                    conv = _reassess(conv, policy)
            else:
                before = dict(conv.fields)
                conv, changed = _fill(conv, found, policy, overwrite=correcting)
                if conv.fields == before:
                    misses = dict(conv.assessment.get("misses", {}))
                    misses[pending.key] = misses.get(pending.key, 0) + 1
                    if misses[pending.key] >= MAX_MISSES:
                        # the bot cannot progress on this question: leave it to a human
                        conv = replace(conv, skipped=(*conv.skipped, pending.key))
                        conv = _note(conv, misses=misses, human=True, stuck=pending.key)
                        return _advance(cur, conv, ctx, [Say("stuck_handoff")])
                    conv = _note(conv, misses=misses)
                    error = parse_answer(pending.kind, text, region=policy.plan.default_region).error
                    return conv, [Say(f"invalid.{error or 'too_short'}"), _question(pending, lang, ctx.short)]
                effects += _field_updated(changed, policy, lang)
                return _advance(cur, conv, ctx, effects)
    conv, changed = _fill(conv, found, policy, overwrite=correcting)
    effects += _field_updated(changed, policy, lang)
    if conv.assessment.get("correcting"):
        conv = _note(conv, correcting=False)
        if not changed and not found.as_dict():
            description = conv.fields.get("description", "")
            conv = replace(conv, fields={**conv.fields, "description": f"{description}\n{text}".strip()})
            conv = _reassess(conv, policy)
    return _advance(cur, conv, ctx, effects)


def _answer(f: IntakeField, text: str, found: Extraction, policy: Policy) -> str | None:
    """The value of a direct answer to the question about `f`, or None if it isn't one."""
    if f.kind == "text":
        return text if len(text) >= 3 else None
    if f.kind == "choice":
        labels = [c.value for c in f.choices] + [c.label.en for c in f.choices] + [c.label.es for c in f.choices]
        got = parse_answer("choice", text, choices=labels).value
        if got is None:
            return None
        for c in f.choices:
            if fold(got) in (fold(c.value), fold(c.label.en), fold(c.label.es)):
                return c.value
        return None
    from_text = found.as_dict().get(f.kind)
    if from_text:
        return from_text
    return parse_answer(f.kind, text, region=policy.plan.default_region).value


def _advance(cur: _Cursor, conv: Conversation, ctx: TurnContext, effects: list[Effect]) -> tuple[Conversation, list[Effect]]:
    policy = ctx.policy
    nxt = next_field(conv, policy)
    if nxt is not None:
        if cur.state != "collecting":
            cur.trigger("collect")
        return replace(conv, pending=nxt.key), [*effects, _question(nxt, conv.lang, ctx.short)]
    decision = _decision(conv, policy)
    if decision.would_ask and not conv.assessment.get("scope_asked"):
        cur.trigger("clarify")
        conv = _note(replace(conv, pending="scope"), scope_asked=True)
        return conv, [*effects, _scope_question(conv.lang)]
    cur.trigger("confirm")
    conv = replace(conv, pending="confirm")
    return conv, [*effects, _confirm_say(conv, ctx)]


def _confirm_say(conv: Conversation, ctx: TurnContext) -> Say:
    priority = final_priority(conv, ctx)[0]
    return Say("confirm", {"summary": summary_lines(conv, ctx.policy, priority)}, _yes_no(conv.lang))


def _on_clarifying(cur: _Cursor, conv: Conversation, text: str, ctx: TurnContext) -> tuple[Conversation, list[Effect]]:
    scope = _scope_answer(text, conv.lang)
    a = _assessment(conv)
    if scope is None or a is None:
        if not conv.assessment.get("scope_retry"):
            return _note(conv, scope_retry=True), [Say("invalid.invalid_choice"), _scope_question(conv.lang)]
    elif a is not None:
        conv = _note(_with_assessment(conv, with_scope(a, scope)), scope_answered=True)
    return _advance(cur, conv, ctx, [])


def _scope_answer(text: str, lang: str) -> str | None:
    folded = fold(text).strip(" .!")
    if folded in SCOPES:
        return folded
    if folded in ("1", "2", "3"):
        return SCOPES[int(folded) - 1]
    for s in SCOPES:
        for lg in ("en", "es"):
            if folded == fold(catalog.render(lg, f"scope.{s}")):
                return s
    return assess(text, lang=lang).scope


def _on_confirming(cur: _Cursor, conv: Conversation, text: str, ctx: TurnContext) -> tuple[Conversation, list[Effect]]:
    policy = ctx.policy
    # SMS shows the yes/no buttons as a numbered list: "1" and "2" answer it
    text = {"1": "yes", "2": "no"}.get(text.strip(" .)"), text)
    if is_yes(text) or text.strip() == "1":  # "1" picks "Yes" where buttons became a numbered list
        return _open(cur, conv, ctx)
    found = extract(text, region=policy.plan.default_region)
    conv2, changed = _fill(conv, found, policy, overwrite=True)
    if changed or conv2.fields != conv.fields:
        effects = _field_updated(changed, policy, conv.lang)
        return _advance(cur, conv2, ctx, effects)
    if is_no(text) or is_correction(text) or text.strip() == "2":
        cur.trigger("collect")
        conv = _note(replace(conv, pending=""), correcting=True)
        return conv, [Say("confirm_change")]
    return conv, [Say("confirm_again", {}, _yes_no(conv.lang))]


def final_priority(conv: Conversation, ctx: TurnContext) -> tuple[str, bool, str]:
    """(priority, needs_review, suggested): the table's answer, then the channel's rule,
    e.g. email cases open at P4 until reviewed; a P1/P2 reading is flagged, not hidden."""
    policy = ctx.policy
    decision = _decision(conv, policy)
    a = decision.assessment
    # the plan's field rules and caps (MACD expedited, ConnexCS platform, "new interconnect")
    decided = policy.adjust_priority(
        decision.priority, fields=conv.fields, impact=a.impact, scope=a.scope,
        text=conv.fields.get("description", ""),
    )
    rules = policy.channel_rules(ctx.channel)
    if rules.default_priority and rules.default_priority != decided:
        more_urgent = policy.rank(decided) < policy.rank(rules.default_priority)
        return rules.default_priority, more_urgent, decided
    return decided, False, decided


def _open(cur: _Cursor, conv: Conversation, ctx: TurnContext, *, linked_to: int | None = None) -> tuple[Conversation, list[Effect]]:
    priority, needs_review, suggested = final_priority(conv, ctx)
    a = _assessment(conv)
    assessment = asdict(a) if a else {}
    assessment["suggested_priority"] = suggested
    summary = conv.fields.get("description", "")[:200]
    cur.trigger("open_ticket")
    effect = OpenTicket(
        priority=priority,
        fields=dict(conv.fields),
        summary=summary,
        assessment=assessment,
        human_requested=bool(conv.assessment.get("human")),
        needs_review=needs_review,
        linked_to=linked_to if linked_to is not None else conv.assessment.get("linked_to"),
    )
    return replace(conv, pending=""), [effect]


def _on_ticket_open(conv: Conversation, text: str, ctx: TurnContext) -> tuple[Conversation, list[Effect]]:
    number = conv.ticket_number
    if number is None:
        return conv, [Say("ask.description")]
    found = extract(text, region=ctx.policy.plan.default_region)
    if is_correction(text):
        conv2, changed = _fill(conv, found, ctx.policy, overwrite=True)
        new = {k: conv2.fields[k] for k in conv2.fields if conv.fields.get(k) != conv2.fields[k]}
        if new:
            return conv2, [UpdateFields(number, new), *_field_updated(list(new), ctx.policy, conv.lang)]
    return conv, [AddComment(number, text), Say("comment_added", {"ticket": number})]


def _on_closed(cur: _Cursor, conv: Conversation, text: str, ctx: TurnContext) -> tuple[Conversation, list[Effect]]:
    number = conv.ticket_number
    ticket = next((t for t in ctx.tickets if t.number == number), None)
    wants_reopen = fold(text).startswith(("reopen", "reabrir"))
    if ticket is not None and ticket.status is TicketStatus.RESOLVED_PENDING and not wants_reopen:
        # the agent resolved it and asked the customer to confirm
        if is_no(text) or _NOT_FIXED.search(fold(text)):
            cur.trigger("reopen")
            return conv, [ReopenTicket(ticket.number), Say("reopened", {"ticket": ticket.number})]
        if is_yes(text) or _THANKS.search(fold(text)):
            return conv, [ConfirmResolved(ticket.number), Say("resolution_confirmed", {"ticket": ticket.number})]
    if wants_reopen and ticket is not None:
        closed_at = ticket.updated_at or ticket.created_at
        if ctx.now - closed_at <= timedelta(days=ctx.policy.lifecycle.reopen_days):
            cur.trigger("reopen")
            return conv, [ReopenTicket(ticket.number), Say("reopened", {"ticket": ticket.number})]
    # A new problem, or too late to reopen: a new case, linked to the old one.
    keep = {k: v for k, v in conv.fields.items() if _kind(ctx.policy, k) in CONTACT_KINDS}
    conv = replace(conv, fields=keep, skipped=(), pending="", assessment={}, ticket_number=None)
    if number is not None:
        conv = _note(conv, linked_to=number)
    cur.trigger("restart")
    if wants_reopen:
        cur.trigger("collect")
        return replace(conv, pending="description"), [Say("ask.description")]
    return _on_new(cur, conv, text, ctx)


_THANKS: Final = re.compile(
    r"^(?:si|yes|ok|okay)?[\s,.!]*(?:thanks|thank you|thx|ty|gracias|muchas gracias|works|it works|working now|"
    r"fixed|solved|funciona|ya funciona|resuelto|solucionado|todo bien|all good)\b"
)
_NOT_FIXED: Final = re.compile(
    r"\b(?:still|not fixed|not working|doesn'?t work|didn'?t work|sigue|todavia no|aun no|no funciona)\b"
)


def render_say(say: Say, lang: str, *, short: bool = False) -> str:
    """The customer-facing text of one Say, in the conversation's language."""
    params = {k: v for k, v in say.params.items() if not k.startswith("_")}
    text = catalog.render(lang, say.key, short=short, **params)
    if say.params.get("_skip_hint"):
        text = f"{text} {catalog.render(lang, 'skip_hint')}"
    return text


# Public names for the helpers the email dialogue (flows/email_intake.py) reuses.
reassess = _reassess
fill_fields = _fill
prefill_known = _prefill
open_ticket_effect = _open
Cursor = _Cursor
