"""Severity classification of a customer's first message (English and Spanish).

`assess` reads free text and estimates three things a support plan's priority
table is written in: the *impact* (outage, degraded, cosmetic, question,
enhancement), the *scope* (whole site, several users, one user) and the
*service* (voice = the provider's critical service, other = non-critical
features, billing, howto, change = MACD).  `decide` maps an assessment through
a plan's rules; when the scope is unsure and the possible scopes would give
different priorities it says so (`would_ask`) so the dialogue can ask one
question, and `with_scope` folds the answer back in.

Pure and stdlib only: no I/O, no clock.  The customer's claimed priority and
tone are recorded but never move the priority (plans such as ConnexCS warn
that customers over-claim).  The cues are weighted regular expressions over a
normalised text (lower case, no accents, SMS spellings expanded, one-letter
typos corrected against the cue vocabulary).

This module is the public face; the cue tables live per dimension in
`flows.classify.impact`, `flows.classify.scope` (with `scope_of`, which weighs
them) and `flows.classify.service`, their shared type in `flows.classify.cues`,
and the normalisation in `flows.classify.text`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from typing import Final

from domain.dimensions import IMPACTS, SCOPES, SERVICES
from domain.plan import RuleSpec
from flows.classify import impact as classify_impact
from flows.classify import service as classify_service
from flows.classify.cues import (
    Compiled,
    compile_cues,
    weigh,
    word_starts,
)
from flows.classify.impact import EVERY_CALL, FAILS_WHOLE
from flows.classify.scope import scope_of
from flows.classify.service import CALL_FAULT, CALLS_FINE, DESK_PHONE_FINE, FEATURE_FINE, HOWTO_LEAD
from flows.classify.text import basic, normalise, strip_accents, strip_sign_off

__all__ = [
    "IMPACTS",
    "SCOPES",
    "SERVICES",
    "Assessment",
    "Decision",
    "Rule",
    "assess",
    "classify",
    "decide",
    "with_scope",
]


@dataclass(frozen=True, slots=True)
class Assessment:
    """What the text says about a problem; None where it cannot tell."""

    impact: str | None
    scope: str | None
    service: str | None
    confidence: float
    scope_confidence: float
    claimed_priority: str | None
    # Scopes still plausible given the text (empty = not computed: `decide`
    # then treats a None or low-confidence scope as fully open).
    scope_options: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """`dataclasses.asdict(self)` at a seventh of the cost: every value is immutable
        (str, float, None, a tuple of str), so asdict's deep copy would change nothing."""
        return {name: getattr(self, name) for name in _ASSESSMENT_FIELDS}


_ASSESSMENT_FIELDS: Final = tuple(f.name for f in fields(Assessment))


@dataclass(frozen=True, slots=True)
class Rule:
    """One row of a plan's table; "*" matches anything. Tables are read as any
    `domain.plan.RuleSpec`; this is the row the plan and the tests build."""

    impact: str
    scope: str
    service: str
    priority: str


@dataclass(frozen=True, slots=True)
class Decision:
    priority: str
    assessment: Assessment
    would_ask: bool
    candidates: tuple[str, ...]


# Below this the scope is treated as open when no options were computed.
_SCOPE_SURE: Final = 0.5

_TABLES: Final[Mapping[str, Compiled]] = {**classify_impact.TABLES, **classify_service.TABLES}

_CLAIM_NUMERIC: Final = re.compile(
    r"\b(p|prio|priority|prioridad|sev|severity|severidad)\s*[-:#=]?\s*([0-5])\b(?!\s*(?:of|de|users?|usuarios?))",
    re.IGNORECASE,
)
_CLAIM_WORDS: Final = re.compile(
    r"\b(urgent|urgently|urgente|urge|emergency|emergencia|asap|critical|critico|critica|911 emergency)\b"
)

_BILL_NAME: Final = re.compile(r"\bBill(?='s\b)")
_DIGITS: Final = re.compile(r"\d+")


@lru_cache(maxsize=64)
def _compile_extra(items: tuple[tuple[str, tuple[str, ...]], ...]) -> Mapping[str, Compiled]:
    known = set(SERVICES) | set(IMPACTS) | set(SCOPES)
    out: dict[str, Compiled] = {}
    for key, words in items:
        if key not in known:
            raise ValueError(f"extra_keywords: unknown key {key!r}")
        phrases = [re.escape(basic(w)) for w in words if basic(w)]
        if phrases:
            out[key] = compile_cues((p, 4.0) for p in phrases)
    return out


# --------------------------------------------------------------------------
# assess
# --------------------------------------------------------------------------


def _claim(text: str) -> tuple[str | None, str]:
    """The customer's claimed priority, and the text without numeric claims."""
    claim: str | None = None
    match = _CLAIM_NUMERIC.search(text)
    if match:
        word = match.group(1).lower()
        prefix = "SEV" if word.startswith("sev") else "P"
        claim = f"{prefix}{match.group(2)}"
        text = _CLAIM_NUMERIC.sub(" ", text)
    if claim is None:
        word_match = _CLAIM_WORDS.search(strip_accents(text).lower())
        if word_match:
            claim = "urgent"
    return claim, text


def assess(
    text: str,
    *,
    lang: str | None = None,
    extra_keywords: Mapping[str, Sequence[str]] | None = None,
) -> Assessment:
    """Estimate impact, scope and service of a customer's message."""
    claimed, stripped = _claim(strip_sign_off(text))
    if "Bill" in stripped:
        stripped = _BILL_NAME.sub("Someone", stripped)  # the name, not an invoice
    norm = normalise(stripped, lang)
    extra = _compile_extra(tuple(sorted((k, tuple(v)) for k, v in (extra_keywords or {}).items())))

    starts = word_starts(norm)

    def score(name: str) -> float:
        value = weigh(norm, _TABLES[name], starts)
        if name in extra:
            value += weigh(norm, extra[name], starts)
        return value

    outage = score("outage")
    degraded = score("degraded")
    intermittent = weigh(norm, _TABLES["intermittent"], starts)
    voice = score("voice")
    other = score("other")
    if CALL_FAULT.search(norm):
        voice += 3
    if CALLS_FINE.search(norm):
        voice = max(0.0, voice - 6)
    if DESK_PHONE_FINE.search(norm):
        voice = max(0.0, voice - 4)
    if FEATURE_FINE.search(norm):
        other = max(0.0, other - 4)
    if intermittent < 5 and EVERY_CALL.search(norm) and FAILS_WHOLE.search(norm):
        outage = max(outage + 4, degraded + 1)
    problem = max(outage, degraded + intermittent)

    impact: str | None
    service: str | None
    strength: float
    if score("cosmetic") >= 4 and outage < 3 and score("howto") < 4:
        impact, strength = "cosmetic", 0.8
        service = "voice" if voice > other + 2 else "other"
    elif score("enhancement") >= 4:
        impact, strength = "enhancement", 0.8
        service = "voice" if voice > other + 2 else "other"
    elif (score("howto") >= 4 and problem < 3) or (
        problem < 6
        and HOWTO_LEAD.search(norm)
        and not CALL_FAULT.search(norm)
        and ("?" in norm or len(norm.split()) <= 25)
    ):
        impact, service, strength = "question", "howto", 0.8
    elif score("billing") >= 4 and not (problem >= 3 and voice + other >= 4):
        impact, service, strength = "question", "billing", 0.85
    elif score("change") >= 4 and problem < 3:
        impact, service, strength = "question", "change", 0.8
    elif problem > 0:
        if intermittent >= 5 or degraded > outage:
            impact = "degraded"
        else:
            impact = "outage"
        strength = min(1.0, problem / 6) * 0.5 + 0.45
        if voice == 0 and other == 0:
            service = None
        else:
            service = "other" if other > voice else "voice"
    elif "?" in norm and problem == 0:
        # A question without any sign of a fault is a how-to question.
        impact, service, strength = "question", "howto", 0.6
    else:
        impact, strength = None, 0.3
        if voice or other:
            service = "other" if other > voice else "voice"
        else:
            service = None

    for key in IMPACTS:
        if key in extra and weigh(norm, extra[key], starts) > 0:
            impact, strength = key, max(strength, 0.8)

    scope, scope_conf, options = scope_of(norm, stripped, service)
    for key in SCOPES:
        if key in extra and weigh(norm, extra[key], starts) > 0:
            scope, scope_conf, options = key, 0.9, (key,)

    service_conf = (
        0.9
        if service in ("billing", "howto", "change")
        else (min(1.0, 0.4 + 0.15 * abs(voice - other)) if service else 0.2)
    )
    confidence = round(0.45 * strength + 0.25 * service_conf + 0.3 * scope_conf, 2)
    return Assessment(
        impact=impact,
        scope=scope,
        service=service,
        confidence=confidence,
        scope_confidence=scope_conf,
        claimed_priority=claimed,
        scope_options=options,
    )


# --------------------------------------------------------------------------
# decide
# --------------------------------------------------------------------------


def _lookup(rules: Sequence[RuleSpec], impact: str, scope: str, service: str, default: str) -> str:
    for rule in rules:  # "*" matches anything
        if (
            rule.impact in ("*", impact)
            and rule.scope in ("*", scope)
            and rule.service in ("*", service)
        ):
            return rule.priority
    return default


def _severity_rank(priority: str, rules: Sequence[RuleSpec], default: str) -> tuple[int, int]:
    """Lower = more severe: by the digit in the name (P0 < P1), else table order."""
    digits = _DIGITS.search(priority)
    order = [r.priority for r in rules] + [default]
    position = order.index(priority) if priority in order else len(order)
    return (int(digits.group()) if digits else 1000, position)


def _plausible(assessment: Assessment) -> tuple[str, str]:
    service = assessment.service
    impact = assessment.impact
    if impact is None:
        impact = "question" if service in ("billing", "howto", "change") else "degraded"
    if service is None:
        if impact in ("outage", "degraded"):
            service = "voice"
        elif impact == "question":
            service = "howto"
        else:
            service = "other"
    return impact, service


def decide(assessment: Assessment, rules: Sequence[RuleSpec], *, default: str) -> Decision:
    """Map an assessment through a plan's rules (first match wins)."""
    impact, service = _plausible(assessment)
    if assessment.scope is not None and assessment.scope_options:
        options = assessment.scope_options
    elif assessment.scope is not None and assessment.scope_confidence >= _SCOPE_SURE:
        options = (assessment.scope,)
    else:
        options = SCOPES
    by_scope = {scope: _lookup(rules, impact, scope, service, default) for scope in options}
    candidates = tuple(
        sorted(set(by_scope.values()), key=lambda p: _severity_rank(p, rules, default))
    )
    if len(candidates) == 1:
        return Decision(candidates[0], assessment, False, candidates)
    likely = assessment.scope if assessment.scope in by_scope else "several"
    if likely not in by_scope:
        likely = options[0]
    priority = by_scope[likely]
    # Until the customer answers, an outage that may be site-wide is held at
    # the most severe candidate: under-rating a site outage is the costly error.
    if impact == "outage" and "site" in by_scope:
        priority = candidates[0]
    return Decision(priority, assessment, True, candidates)


def with_scope(assessment: Assessment, scope: str) -> Assessment:
    """The assessment once the customer has answered the scope question."""
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}; expected one of {SCOPES}")
    return replace(assessment, scope=scope, scope_confidence=1.0, scope_options=(scope,))


def classify(
    text: str,
    *,
    rules: Sequence[RuleSpec],
    default: str,
    lang: str | None = None,
    extra_keywords: Mapping[str, Sequence[str]] | None = None,
) -> Decision:
    """assess + decide."""
    return decide(assess(text, lang=lang, extra_keywords=extra_keywords), rules, default=default)
