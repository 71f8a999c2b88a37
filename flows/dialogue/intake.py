"""The intake form: which fields the plan asks for and when, how a question is
put, how answers and free text fill the fields, the summary and the priority
the ticket opens at. Pure: no I/O, no clock."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Final

import phonenumbers

from domain.plan import IntakeFieldSpec, SupportPlan
from domain.rules import mentions
from domain.sms import is_gsm7, segment_count
from domain.text import fold
from domain.types import Choice, Conversation
from flows.catalog import messages as catalog
from flows.classify.classifier import (
    SCOPES,
    Assessment,
    Decision,
    assess,
    decide,
    model_for,
    with_scope,
)
from flows.dialogue.effects import Effect, Say
from flows.dialogue.prefill import prefill
from flows.dialogue.turn import TurnContext, evolve
from flows.extract.fields import Extraction, non_answer, parse_answer

CONTACT_KINDS: Final = frozenset({"name", "phone", "email", "account_id"})
# kinds whose answer is words, where a "yes", a command or a question must not slip in
FREE_KINDS: Final = frozenset({"text", "duration", "organization", "login", "api_language"})


_GREETING_WORDS: Final = frozenset(
    """hi hello hey hola buenas buenos dias días tardes noches good morning afternoon evening
    there support soporte ayuda help please por favor thanks gracias ok okay yes no si sí""".split()
)


_WORD_RE: Final = re.compile(r"\w+", re.UNICODE)


_SIP_WORDS: Final = re.compile(r"\b(sip|trunk|troncal|call-id|callid)\b", re.IGNORECASE)


_ERROR_WORDS: Final = re.compile(
    r"\b(error|errores|fault|fails? with|code \d{3}|c[oó]digo \d{3})\b", re.IGNORECASE
)
# an "error" that is no error message: "error de ortografía", "spelling error", "typo"
_NOT_AN_ERROR: Final = re.compile(
    r"\b(?:errou?r(?:es)?\s+(?:de\s+)?(?:ortograf\w*|tipogr\w*|escritura|redacci\w*)|"
    r"(?:spelling|typing|typo(?:graphical)?|grammar|grammatical)\s+(?:error|mistake)s?|typo|"
    r"errou?r\s+ortogr\w*|falta\s+de\s+ortograf\w*)\b",
    re.IGNORECASE,
)
# a device that won't power on is hardware: no call, so no SIP Call-ID to ask for
_HARDWARE_ONLY: Final = re.compile(
    r"\b(?:won'?t|doesn'?t|does\s+not|will\s+not|can'?t|cannot)\s+(?:power|turn|switch)\s+on\b|"
    r"\bno\s+power\b|\b(?:dead|black|blank)\s+screen\b|\bscreen\s+(?:stays|is)\s+(?:black|blank|dark)\b|"
    r"\bno\s+(?:enciende|prende|arranca)\b|\bpantalla\s+(?:negra|apagada|en\s+negro)\b",
    re.IGNORECASE,
)
_CALL_WORDS: Final = re.compile(
    r"\b(?:calls?|calling|dial|ring|llamadas?|llamar|sip|trunk|troncal)\b", re.IGNORECASE
)


_SHORT_VALUE: Final = 24
_SAYS_SKIP: Final = re.compile(r"\b(?:skip|omitir|saltar)\b")


def looks_like_problem(text: str, found: Extraction) -> bool:
    """False for a bare greeting or a message that only carries contact details."""
    rest = text
    for value in found.as_dict().values():
        rest = rest.replace(value, " ")
    words = [
        w for w in _WORD_RE.findall(fold(rest)) if w not in _GREETING_WORDS and not w.isdigit()
    ]
    return len(words) >= 3


def assessment_of(conv: Conversation) -> Assessment | None:
    global _last_read
    data = conv.assessment.get("a")
    if not data:
        return None
    seen, known = _last_read  # one tuple: a consistent pair
    if seen is data:
        return known
    a = Assessment(**data)
    _last_read = (data, a)
    return a


# The last assessment dict read (or written) and its Assessment: a first message reads the
# same one four or five times (reassess, the incident and route checks, the next question).
# Kept by the dict's identity: a changed assessment is a new dict (`note`), never an edit.
_last_read: tuple[object, Assessment | None] = (None, None)


def note(conv: Conversation, **notes: Any) -> Conversation:
    return evolve(conv, assessment={**conv.assessment, **notes})


def with_assessment(conv: Conversation, a: Assessment) -> Conversation:
    global _last_read
    data = a.to_dict()
    _last_read = (data, a)  # what Assessment(**data) would rebuild: the same values
    return note(conv, a=data)


def reassess(conv: Conversation, policy: SupportPlan, *, limit: int | None = None) -> Conversation:
    """Classify the description again; `limit` caps the characters read (the cue
    regexes cost time in proportion to the text, and a long email's first paragraphs
    say what the problem is)."""
    text = " ".join(v for k, v in conv.fields.items() if k in ("description", "error_text"))
    if not text:
        return conv
    if limit is not None:
        text = text[:limit]
    a = assess(
        text,
        lang=conv.lang or None,
        extra_keywords=policy.classification.keywords or None,
        model=model_for(policy.classification.learned),
        audience=policy.audience,
    )
    old = assessment_of(conv)
    if old is not None and conv.assessment.get("scope_answered") and old.scope:
        a = with_scope(a, old.scope)
    elif (
        old is not None
        and old.scope in _WIDE
        and _SCOPE_RANK.get(a.scope or "", 3) > _SCOPE_RANK.get(old.scope or "", 3)
    ):
        # more text never narrows a site-wide or multi-user first reading; only an answer does
        a = replace(
            a,
            scope=old.scope,
            scope_confidence=old.scope_confidence,
            scope_options=old.scope_options,
        )
    conv = infer_category(conv, policy, text)
    filled = prefill(conv.fields, policy, text)
    if filled != conv.fields:
        conv = evolve(conv, fields=filled)
    return with_assessment(conv, a)


_WIDE: Final = frozenset({"site", "several"})
_SCOPE_RANK: Final = {"site": 0, "several": 1, "one": 2}


def infer_category(conv: Conversation, policy: SupportPlan, text: str) -> Conversation:
    """Fill the plan's category field from the description when exactly one category's
    words appear in it ("ConnexCS is down" is Platform), instead of asking."""
    category = category_of(conv.fields, policy, text)
    if category is None:
        return conv
    return evolve(conv, fields={**conv.fields, "category": category})


def category_of(fields: Mapping[str, str], policy: SupportPlan, text: str) -> str | None:
    """`infer_category` on a conversation's `fields`: the category it would fill in, or None."""
    if "category" in fields or not policy.categories:
        return None
    hits = {c.id for c in policy.categories if c.keywords and mentions(text, c.keywords)}
    return hits.pop() if len(hits) == 1 else None


def table_decision(conv: Conversation, policy: SupportPlan) -> Decision:
    a = assessment_of(conv) or assess("", lang=conv.lang or None)
    return decide(a, policy.rules, default=policy.classification.default)


def applies(f: IntakeFieldSpec, conv: Conversation) -> bool:
    a = assessment_of(conv)
    # the plan's exception: "a feature request is not asked for a screenshot"
    if f.excepted(
        fields=conv.fields,
        impact=a.impact if a else None,
        service=a.service if a else None,
        scope=a.scope if a else None,
    ):
        return False
    if f.when == "always":
        return True
    if f.when == "never":
        return False
    description = conv.fields.get("description", "")
    if f.when == "calls":
        if _HARDWARE_ONLY.search(description) and not _CALL_WORDS.search(description):
            return False
        return (a is not None and a.service == "voice") or bool(_SIP_WORDS.search(description))
    if f.when == "error":
        without = _NOT_AN_ERROR.sub(" ", description)
        return bool(_ERROR_WORDS.search(without))
    # the plan's own conditions: "field:product=api", "category:platform", "service:voice", ...
    held = f.holds(
        fields=conv.fields,
        impact=a.impact if a else None,
        service=a.service if a else None,
        scope=a.scope if a else None,
    )
    return bool(held)


def next_field(conv: Conversation, policy: SupportPlan) -> IntakeFieldSpec | None:
    for f in policy.intake.fields:
        if f.key in conv.fields or f.key in conv.skipped:
            continue
        if not (f.required or f.ask):
            continue
        if applies(f, conv):
            return f
    return None


def question(f: IntakeFieldSpec, lang: str, short: bool) -> Say:
    params: dict[str, Any]
    if f.question is not None:
        text_key, params = "ask.custom", {"question": f.question.get(lang, short=short)}
    elif catalog.has(f"ask.{f.kind}") and f.kind not in ("text", "choice"):
        text_key, params = f"ask.{f.kind}", {}
    elif f.key == "description":
        text_key, params = "ask.description", {}
    elif f.kind == "choice":
        options = _alternatives([c.label.get(lang) for c in f.choices], lang)
        text_key, params = "ask.choice", {"label": f.label.get(lang), "options": options}
    else:
        text_key, params = "ask.text", {"label": f.label.get(lang)}
    choices = tuple(Choice(c.value, c.label.get(lang)) for c in f.choices)
    # the plan's own question may already say how to skip ("If you are not sure, say skip")
    says_skip = f.question is not None and _SAYS_SKIP.search(
        fold(f.question.get(lang, short=short))  # the wording sent, SMS or not
    )
    if not f.required and not says_skip:
        params = {**params, "_skip_hint": "choice" if f.kind == "choice" else "field"}
    return Say(text_key, params, choices)


def _alternatives(options: list[str], lang: str) -> str:
    """ "A, B or C" / "A, B o C" ("u" before an o- sound: "Plataforma u Operativo")."""
    if len(options) < 2:
        return "".join(options)
    last = options[-1]
    word = "or" if lang != "es" else ("u" if fold(last).startswith(("o", "ho")) else "o")
    return f"{', '.join(options[:-1])} {word} {last}"


def scope_question(lang: str) -> Say:
    choices = tuple(Choice(s, catalog.render(lang, f"scope.{s}")) for s in SCOPES)
    return Say("clarify_scope", {}, choices)


def yes_no(lang: str) -> tuple[Choice, ...]:
    return (Choice("yes", catalog.render(lang, "yes")), Choice("no", catalog.render(lang, "no")))


def summary_lines(
    conv: Conversation,
    policy: SupportPlan,
    priority: str | None,
    *,
    short: bool = False,
    known: Mapping[str, str] | None = None,
    cut: int = _SHORT_VALUE,
) -> str:
    """The fields for the customer to check. `short` (SMS: a segment costs, and an accent
    makes one 67 characters) lists the values alone, leaves out what the customer just
    wrote or the channel knows (the description, the sender's number), cuts long values
    to `cut` characters."""
    lang = conv.lang or "en"
    lines = []
    values = []
    for f in policy.intake.fields:
        value = conv.fields.get(f.key)
        if short and value and (f.key == "description" or (known or {}).get(f.kind) == value):
            continue
        if short and value and len(value) > cut:
            # "..." keeps a GSM-7 text GSM-7; "…" would make the whole SMS UCS-2
            value = value[: cut - 3] + "..." if is_gsm7(value) else value[: cut - 1] + "…"
        if value and f.kind == "choice":
            # the choice as the customer read it, in their language ("Expedita", not "expedited")
            value = next((c.label.get(lang) for c in f.choices if c.value == value), value)
        if value:
            shown = value if len(value) <= 160 else value[:157] + "..."
            lines.append(f"- {f.label.get(lang)}: {shown}")
            values.append(shown)
    level_line = ""
    if priority:
        level = policy.priority(priority)
        level_line = f"{catalog.render(lang, 'summary.priority')}: {level.name.get(lang)}"
    if short:
        return "\n".join(part for part in ("; ".join(values), level_line) if part)
    if level_line:
        lines.append(f"- {level_line}")
    return "\n".join(lines)


def confirm_summary(
    conv: Conversation,
    policy: SupportPlan,
    priority: str | None,
    *,
    short: bool,
    known: Mapping[str, str] | None = None,
) -> str:
    """The confirmation's summary; on SMS its values are cut shorter until the whole
    question, with its numbered yes/no, fits in two segments (issue 12, point 11)."""
    if not short:
        return summary_lines(conv, policy, priority, known=known)
    lang = conv.lang or "en"
    # the yes/no as the SMS channel lists them under the question
    options = "\n".join(f"{i}. {c.label}" for i, c in enumerate(yes_no(lang), start=1))
    tries = [
        summary_lines(conv, policy, priority, short=True, known=known, cut=c) for c in _SMS_CUTS
    ]
    sizes = [
        segment_count(f"{catalog.render(lang, 'confirm', short=True, summary=t)}\n{options}")
        for t in tries
    ]
    # two segments where it can (the longest values that fit), else never more than three
    for limit in _SMS_SEGMENTS:
        fits = [t for t, n in zip(tries, sizes, strict=True) if n <= limit]
        if fits:
            return fits[0]
    return tries[-1]


_SMS_CUTS: Final = (_SHORT_VALUE, 18, 14, 11, 8)
_SMS_SEGMENTS: Final = (2, 3)


def fill_fields(
    conv: Conversation, found: Extraction, policy: SupportPlan, *, overwrite: bool
) -> tuple[Conversation, list[str]]:
    """Put extracted values into the intake fields of the matching kind.
    Returns the keys whose stored value changed from a previous value."""
    fields, skipped, changed = filled_fields(conv, found, policy, overwrite=overwrite)
    if fields == conv.fields and skipped == conv.skipped:
        return conv, changed  # nothing new: the same conversation, not an equal copy
    return evolve(conv, fields=fields, skipped=skipped), changed


def filled_fields(
    conv: Conversation, found: Extraction, policy: SupportPlan, *, overwrite: bool
) -> tuple[dict[str, str], tuple[str, ...], list[str]]:
    """`fill_fields` without the conversation's copy, for a caller that changes more of it
    in the same turn: its fields as filled (a new dict), its skipped keys, and the keys
    whose stored value changed."""
    values = _values(found)
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
    return fields, skipped, changed


def _values(found: Extraction) -> dict[str, str]:
    """Extracted values by field kind; a callback number keeps its extension."""
    values = found.as_dict()
    if found.callback:
        values["phone"] = found.callback
    return values


def phone_example(policy: SupportPlan) -> str:
    """A number of the plan's own country, for "include the area code, e.g. ..."."""
    region = policy.plan.default_region
    number = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    if number is None:
        return "+1 415 555 2671"
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def invalid_say(error: str, policy: SupportPlan) -> Say:
    """The reason an answer was refused; a phone example is of the plan's own country."""
    params = {"example": phone_example(policy)} if error == "invalid_phone" else {}
    return Say(f"invalid.{error}", params)


def field_updated(keys: list[str], policy: SupportPlan, lang: str) -> list[Effect]:
    out: list[Effect] = []
    by_key = {f.key: f for f in policy.intake.fields}
    for key in keys:
        label = by_key[key].label.get(lang)
        out.append(Say("field_updated", {"label": label}))
    return out


def prefill_known(conv: Conversation, ctx: TurnContext) -> Conversation:
    return evolve(conv, fields=known_fields(conv, ctx))


def known_fields(conv: Conversation, ctx: TurnContext) -> dict[str, str]:
    """The conversation's fields with what the channel already knows filled in."""
    fields = dict(conv.fields)
    for f in ctx.policy.intake.fields:
        if f.kind in ctx.known and f.key not in fields:
            fields[f.key] = ctx.known[f.kind]
    return fields


def field_kind(policy: SupportPlan, key: str) -> str:
    for f in policy.intake.fields:
        if f.key == key:
            return f.kind
    return ""


def choice_value(f: IntakeFieldSpec, text: str) -> str | None:
    """The choice of a "choice" field that `text` names (its value, or its label in
    English or Spanish), or None."""
    labels = (
        [c.value for c in f.choices]
        + [c.label.en for c in f.choices]
        + [c.label.es for c in f.choices]
    )
    got = parse_answer("choice", text, choices=labels).value
    if got is None:
        return None
    for c in f.choices:
        if fold(got) in (fold(c.value), fold(c.label.en), fold(c.label.es)):
            return c.value
    return None


def answer_value(
    f: IntakeFieldSpec, text: str, found: Extraction, policy: SupportPlan
) -> str | None:
    """The value of a direct answer to the question about `f`, or None if it isn't one.
    A yes/no, a command word, a question or a preference is never a value of words."""
    if f.kind in FREE_KINDS and f.key != "description" and non_answer(text) is not None:
        return None
    if f.kind == "text":
        return text if len(text) >= 3 else None
    if f.kind == "choice":
        return choice_value(f, text)
    from_text = _values(found).get(f.kind)
    if from_text:
        return from_text
    return parse_answer(f.kind, text, region=policy.plan.default_region).value


def invalid_reason(f: IntakeFieldSpec, text: str, policy: SupportPlan) -> str:
    """The catalog reason ("invalid.<reason>") why `text` doesn't answer `f`."""
    if f.kind in FREE_KINDS:
        reason = non_answer(text)
        if reason is not None and reason != "question":
            return reason
    if f.kind == "choice":
        return "invalid_choice"
    error = parse_answer(f.kind, text, region=policy.plan.default_region).error
    return error or "too_short"


def final_priority(conv: Conversation, ctx: TurnContext) -> tuple[str, bool, str]:
    """(priority, needs_review, suggested): the table's answer, then the channel's rule,
    e.g. email cases open at P4 until reviewed; a P1/P2 reading is flagged, not hidden."""
    policy = ctx.policy
    decision = table_decision(conv, policy)
    if assessment_of(conv) is None:
        # nothing described (a person was asked for at once): the plan's default, for an
        # agent to set; the table would read an empty text as any scope's worst case
        decision = replace(decision, priority=policy.classification.default)
    a = decision.assessment
    # the plan's field rules and caps (MACD expedited, ConnexCS platform, "new interconnect")
    decided = policy.adjust_priority(
        decision.priority,
        fields=conv.fields,
        impact=a.impact,
        scope=a.scope,
        text=conv.fields.get("description", ""),
    )
    rules = policy.channel_rules(ctx.channel)
    if rules.default_priority and rules.default_priority != decided:
        more_urgent = policy.rank(decided) < policy.rank(rules.default_priority)
        return rules.default_priority, more_urgent, decided
    return decided, False, decided
