"""The email dialogue: the first mail opens the ticket at once, the reply is a form.

Email is slow and asynchronous, so asking one question per message (as chat
does) would cost the customer a day per field. Instead the first mail opens the
ticket with whatever extraction and classification found, and the bot answers
with a summary plus the missing fields as a short form ("Callback phone: ____").
A reply fills them from "Field: value" lines (English or Spanish labels, any
case, with or without accents) and from free text through the same extraction
the chat uses. Pure: the channel's facts arrive in `TurnContext.hints`
(subject, linked_to, quiet), no I/O, no clock.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Final

from domain.plan import IntakeFieldSpec, SupportPlan
from domain.text import fold
from domain.types import Conversation, TicketStatus
from flows.catalog import messages as catalog
from flows.dialogue import csat
from flows.dialogue.effects import (
    AddComment,
    Effect,
    RequestHuman,
    Say,
    UpdateFields,
)
from flows.dialogue.incident import match_incident, open_child, says_not_that, unlink_child
from flows.dialogue.intake import choice_value, invalid_say
from flows.dialogue.intents import detect_intent
from flows.dialogue.language import detect_language
from flows.dialogue.machine import (
    INTAKE_STATES,
    Cursor,
    StepResult,
    TurnContext,
    fill_fields,
    final_priority,
    next_field,
    open_ticket_effect,
    prefill_known,
    reassess,
    summary_lines,
)
from flows.dialogue.maintenance import mention_first
from flows.dialogue.resolution import Verdict, confirmed, reopened, verdict
from flows.extract.fields import extract, is_correction, parse_answer

TAG_RE: Final = re.compile(r"\[#(\d{3,9})\]")
_REPLY_PREFIX: Final = re.compile(
    r"^\s*((re|fw|fwd|rv|aw|sv|tr|res)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE
)
# "Label: value", "- Label = value"; the label is short, the value may be empty
_FIELD_LINE: Final = re.compile(
    r"^\s*[-*•>]?\s*([^\W\d_][^:=\n]{0,40}?)\s*[:=]\s*(.*?)\s*$", re.MULTILINE
)
_BLANK_VALUE: Final = re.compile(r"^[\s_.\-…]*$")
_OPTIONAL_SUFFIX: Final = re.compile(r"\s*\((optional|opcional)\)\s*$", re.IGNORECASE)
FORM_BLANK: Final = "____"
# classification reads the subject and this much of what the customer wrote: the
# problem is stated first, and the cue regexes cost time in proportion to the text
CLASSIFY_CHARS: Final = 1000


@dataclass(frozen=True, slots=True)
class FieldLines:
    """What "Field: value" lines said: accepted values, and labels whose value was invalid."""

    values: dict[str, str]
    invalid: tuple[tuple[str, str], ...]  # (field key, catalog error key)
    spans: tuple[tuple[int, int], ...]  # where the recognised lines were in the text


def clean_subject(subject: str) -> str:
    """The subject without "Re:"/"RV:" prefixes and ticket tags."""
    return " ".join(TAG_RE.sub(" ", _REPLY_PREFIX.sub("", subject)).split())


# policy (a frozen model, unhashable) by id -> its folded labels; the policy is kept so
# its id cannot be reused while the entry lives
_LABELS: Final[dict[int, tuple[SupportPlan, dict[str, IntakeFieldSpec]]]] = {}


def _labels(policy: SupportPlan) -> dict[str, IntakeFieldSpec]:
    hit = _LABELS.get(id(policy))
    if hit is not None and hit[0] is policy:
        return hit[1]
    out: dict[str, IntakeFieldSpec] = {}
    for f in policy.intake.fields:
        for name in (f.label.en, f.label.es, f.key, f.key.replace("_", " ")):
            out[fold(name)] = f
    if len(_LABELS) >= 8:
        _LABELS.clear()
    _LABELS[id(policy)] = (policy, out)
    return out


def parse_field_lines(text: str, policy: SupportPlan) -> FieldLines:
    """Read "Label: value" lines whose label is one of the plan's fields, in en or es."""
    by_label = _labels(policy)
    values: dict[str, str] = {}
    invalid: list[tuple[str, str]] = []
    spans: list[tuple[int, int]] = []
    for m in _FIELD_LINE.finditer(text):
        label = fold(_OPTIONAL_SUFFIX.sub("", m.group(1)))
        f = by_label.get(label)
        if f is None:
            continue
        spans.append(m.span())
        raw = m.group(2).strip().strip("_").strip()
        if _BLANK_VALUE.match(raw):
            continue
        value, error = _validate(f, raw, policy)
        if value is None:
            invalid.append((f.key, error or "too_short"))
        else:
            values[f.key] = value
    return FieldLines(values, tuple(invalid), tuple(spans))


def _validate(f: IntakeFieldSpec, raw: str, policy: SupportPlan) -> tuple[str | None, str | None]:
    if f.kind == "text":
        return (raw, None) if len(raw) >= 2 else (None, "too_short")
    if f.kind == "choice":
        value = choice_value(f, raw)
        return (value, None) if value is not None else (None, "invalid_choice")
    answer = parse_answer(f.kind, raw, region=policy.plan.default_region)
    return answer.value, answer.error


def _without(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + text[end:]
    return text.strip()


def missing_fields(conv: Conversation, policy: SupportPlan) -> list[IntakeFieldSpec]:
    """Every field the chat would still ask for, in the plan's order."""
    out: list[IntakeFieldSpec] = []
    probe = conv
    while (f := next_field(probe, policy)) is not None:
        out.append(f)
        probe = replace(probe, skipped=(*probe.skipped, f.key))
    return out


def form_text(fields: list[IntakeFieldSpec], lang: str, optional_word: str) -> str:
    lines = []
    for f in fields:
        label = f.label.get(lang)
        if not f.required:
            label = f"{label} {optional_word}"
        lines.append(f"{label}: {FORM_BLANK}")
    return "\n".join(lines)


def _form_say(
    key: str, conv: Conversation, missing: list[IntakeFieldSpec], ticket: int | None = None
) -> Say:
    lang = conv.lang or "en"
    form = form_text(missing, lang, catalog.render(lang, "email.optional"))
    params: dict[str, object] = {"form": form}
    if ticket is not None:
        params["ticket"] = ticket
    return Say(key, params)


# -- the step ---------------------------------------------------------------------------------


def email_step(conv: Conversation, text: str, ctx: TurnContext) -> StepResult:
    policy = ctx.policy
    hints: Mapping[str, str] = ctx.hints
    subject = clean_subject(hints.get("subject", ""))
    if not conv.lang:
        sample = f"{subject}\n{text}"
        conv = replace(conv, lang=detect_language(sample, default=policy.plan.default_language))
    if conv.state == "new" and not conv.fields and ctx.known:
        conv = prefill_known(conv, ctx)
    cursor = Cursor(conv.state)
    text = text.strip()
    if conv.state in INTAKE_STATES or conv.ticket_number is None:
        conv, effects = _first_mail(cursor, conv, text, subject, ctx)
        if ctx.maintenance:  # a window under way: said first (flows.dialogue.maintenance)
            conv, effects = mention_first(conv, f"{subject}\n{text}", effects, ctx)
    elif conv.state == "closed" and csat.waiting(conv):
        # the satisfaction question: score and comment come in the one reply
        answered = csat.answer(conv, text, ctx, one_message=True)
        if answered is not None:
            conv, effects = answered
        else:
            conv, effects = _after_close(cursor, csat.let_go(conv), text, subject, ctx)
    elif conv.state == "closed":
        conv, effects = _after_close(cursor, conv, text, subject, ctx)
    elif conv.assessment.get("incident") is not None and says_not_that(text):
        # not the outage: the ticket stays theirs, completed by the usual form
        conv, effects = unlink_child(conv)
        assert conv.ticket_number is not None
        effects.append(AddComment(conv.ticket_number, text))  # their own problem, kept
        missing = missing_fields(conv, policy)
        effects.append(Say("incident.not_that_email"))
        effects.append(
            _form_say("email.form", conv, missing) if missing else Say("email.complete_now")
        )
    else:
        conv, effects = _follow_up(conv, text, ctx)
    conv = replace(conv, state=cursor.state, turns=conv.turns + 1)
    if hints.get("quiet"):
        # loop protection or the sender's hourly cap: record, change the ticket, say nothing
        effects = [e for e in effects if not isinstance(e, Say)]
    return StepResult(conv, tuple(effects))


def _first_mail(
    cur: Cursor, conv: Conversation, text: str, subject: str, ctx: TurnContext
) -> tuple[Conversation, list[Effect]]:
    policy = ctx.policy
    lines = parse_field_lines(text, policy)
    free = _without(text, lines.spans)
    description = "\n\n".join(p for p in (subject, free) if p).strip()
    if not description:
        if lines.values:
            # only "Field: value" lines: keep them and ask what the problem is
            conv = replace(conv, fields={**conv.fields, **lines.values})
        if cur.state != "collecting":
            cur.trigger("collect")
        return replace(conv, pending="description"), [Say("email.empty")]
    # the signature is not the problem, but it often has the name and the callback number
    searched = "\n\n".join(p for p in (description, ctx.hints.get("signature", "")) if p)
    found = extract(searched, region=policy.plan.default_region)
    conv, _ = fill_fields(conv, found, policy, overwrite=True)
    earlier = conv.fields.get("description", "")
    description = f"{earlier}\n\n{description}".strip() if earlier else description
    conv = replace(conv, fields={**conv.fields, **lines.values, "description": description})
    conv = reassess(conv, policy, limit=len(subject) + 2 + CLASSIFY_CHARS)
    intent = detect_intent(free) if len(free) < 200 else None
    if intent is not None and intent.name == "human":
        conv = replace(conv, assessment={**conv.assessment, "human": True})
    outage = match_incident(conv, description, ctx) if ctx.incidents else None
    if outage is not None:  # "we already know" (flows.dialogue.incident)
        return open_child(cur, conv, outage, ctx)
    linked = hints_int(ctx.hints, "linked_to")
    priority = final_priority(conv, ctx)[0]
    conv, opened = open_ticket_effect(cur, conv, ctx, linked_to=linked)
    effects: list[Effect] = [*opened]
    if linked is not None:
        effects.append(Say("email.linked", {"old": linked}))
    effects.append(Say("email.summary", {"summary": summary_lines(conv, policy, priority)}))
    effects.extend(_invalid_says(lines, policy, conv.lang))
    missing = missing_fields(conv, policy)
    if missing:
        effects.append(_form_say("email.form", conv, missing))
    else:
        effects.append(Say("email.complete_now"))
    return conv, effects


def hints_int(hints: Mapping[str, str], key: str) -> int | None:
    value = hints.get(key, "")
    return int(value) if value.isdigit() else None


def _invalid_says(lines: FieldLines, policy: SupportPlan, lang: str) -> list[Effect]:
    by_key = {f.key: f for f in policy.intake.fields}
    out: list[Effect] = []
    for key, error in lines.invalid:
        out.append(Say("email.invalid_field", {"label": by_key[key].label.get(lang)}))
        out.append(invalid_say(error, policy))
    return out


def _follow_up(
    conv: Conversation, text: str, ctx: TurnContext
) -> tuple[Conversation, list[Effect]]:
    policy = ctx.policy
    number = conv.ticket_number
    assert number is not None
    if not text:
        return conv, [AddComment(number, ""), Say("email.empty_reply", {"ticket": number})]
    intent = detect_intent(text) if len(text) < 200 else None
    if intent is not None and intent.name == "human":
        return conv, [
            AddComment(number, text),
            RequestHuman(number),
            Say("human_ack_ticket", {"ticket": number}),
        ]
    lines = parse_field_lines(text, policy)
    free = _without(text, lines.spans)
    before = dict(conv.fields)
    missing_before = [f for f in missing_fields(conv, policy) if f.required]
    searched = "\n\n".join(p for p in (free, ctx.hints.get("signature", "")) if p)
    if searched:
        found = extract(searched, region=policy.plan.default_region)
        conv, _ = fill_fields(conv, found, policy, overwrite=is_correction(free))
    conv = replace(conv, fields={**conv.fields, **lines.values})
    new = {k: v for k, v in conv.fields.items() if before.get(k) != v}
    effects: list[Effect] = [AddComment(number, text)]
    if new:
        effects.append(UpdateFields(number, new))
        by_key = {f.key: f for f in policy.intake.fields}
        labels = ", ".join(by_key[k].label.get(conv.lang) for k in new if k in by_key)
        effects.append(Say("email.updated", {"ticket": number, "labels": labels}))
    effects.extend(_invalid_says(lines, policy, conv.lang))
    missing = missing_fields(conv, policy)
    if any(f.required for f in missing):
        effects.append(_form_say("email.still_missing", conv, missing, number))
    elif missing_before and new:
        priority = final_priority(conv, ctx)[0]
        effects.append(
            Say(
                "email.complete",
                {"ticket": number, "summary": summary_lines(conv, policy, priority)},
            )
        )
    elif not new and not lines.invalid:
        effects.append(Say("comment_added", {"ticket": number}))
    return conv, effects


def _after_close(
    cur: Cursor, conv: Conversation, text: str, subject: str, ctx: TurnContext
) -> tuple[Conversation, list[Effect]]:
    number = conv.ticket_number
    ticket = next((t for t in ctx.tickets if t.number == number), None)
    if ticket is not None and ticket.status is TicketStatus.RESOLVED_PENDING:
        # the answer to "resolved: is it working?" (flows.dialogue.resolution), kept on the ticket
        said = verdict(text)
        if said is Verdict.NOT_FIXED or fold(text).startswith(("reopen", "reabrir")):
            cur.trigger("reopen")
            return conv, [AddComment(ticket.number, text), *reopened(ticket.number)]
        if said is Verdict.FIXED:
            kept = AddComment(ticket.number, text)
            return conv, [kept, *confirmed(ticket, csat=ctx.policy.csat.enabled)]
    if ticket is not None and fold(text).startswith(("reopen", "reabrir")):
        closed_at = ticket.updated_at or ticket.created_at
        if ctx.now - closed_at <= timedelta(days=ctx.policy.lifecycle.reopen_days):
            cur.trigger("reopen")
            return conv, [AddComment(ticket.number, text), *reopened(ticket.number)]
    # a new problem on a closed thread: a new ticket, linked to the old one
    contact_kinds = {"name", "phone", "email", "account_id"}
    keep = {
        f.key: conv.fields[f.key]
        for f in ctx.policy.intake.fields
        if f.kind in contact_kinds and f.key in conv.fields
    }
    conv = replace(conv, fields=keep, skipped=(), pending="", assessment={}, ticket_number=None)
    cur.trigger("restart")
    hints = {**ctx.hints, "linked_to": str(number)} if number is not None else ctx.hints
    return _first_mail(cur, conv, text, subject, replace(ctx, hints=hints))
