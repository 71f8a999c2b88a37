"""What the rules and the learned model read of a message before any cue: the customer's
claimed priority (recorded, never obeyed), the live text (no sign-off, claim or clause that
reports a problem as over), the text the model reads (`model_text`, training reads the same)
and the dimensions the plan's own keywords settle. Pure, stdlib `re` only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Final

from domain.dimensions import IMPACTS, SCOPES, SERVICES
from flows.classify.cues import Compiled, compile_cues, weigh, word_starts
from flows.classify.denials import NO_PROBLEM
from flows.classify.gate import may
from flows.classify.structure import drop_resolved
from flows.classify.text import basic, normalise, strip_accents, strip_sign_off

_CLAIM_NUMERIC: Final = re.compile(
    r"\b(p|prio|priority|prioridad|sev|severity|severidad)\s*[-:#=]?\s*([0-5])\b(?!\s*(?:of|de|users?|usuarios?))",
    re.IGNORECASE,
)
_CLAIM_WORDS: Final = re.compile(
    r"\b(urgent|urgently|urgente|urge|emergency|emergencia|asap|critical|critico|critica|911 emergency)\b"
)


@lru_cache(maxsize=64)
def compile_extra(items: tuple[tuple[str, tuple[str, ...]], ...]) -> Mapping[str, Compiled]:
    known = set(SERVICES) | set(IMPACTS) | set(SCOPES)
    out: dict[str, Compiled] = {}
    for key, words in items:
        if key not in known:
            raise ValueError(f"extra_keywords: unknown key {key!r}")
        phrases = [re.escape(basic(w)) for w in words if basic(w)]
        if phrases:
            out[key] = compile_cues((p, 4.0) for p in phrases)
    return out


def claim(text: str) -> tuple[str | None, str]:
    """The customer's claimed priority, and the text without numeric claims."""
    claim: str | None = None
    # A numeric claim holds a digit 0-5: without one, the case-blind search is not run.
    match = _CLAIM_NUMERIC.search(text) if any(map(text.__contains__, "012345")) else None
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


# A stretch of time ("after a few minutes", "unas horas") says how long, not how many: its
# "a few" / "several" / "unos" would otherwise read to the n-grams as a few users.
_DURATION: Final = re.compile(
    r"\b(?:a few|a couple(?: of)?|several|some|a|an|one|two|three|five|ten|\d+|unos|unas|un|una"
    r"|algunos|algunas|varios|varias|pocos|pocas|dos|tres|cinco|diez)"
    r" (?:more |extra |mas )?(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?"
    r"|segundos?|minutos?|horas?|dias?|días|semanas?|rato)\b",
    re.IGNORECASE,
)


# A stretch of time holds one of these, in any case: without one (and without a letter that
# `re.IGNORECASE` folds to an ASCII letter of a different code, dotless i, long s, dotted I)
# `_DURATION` is not run.
_DURATION_WORDS: Final = (
    "sec",
    "min",
    "hour",
    "hr",
    "day",
    "week",
    "segundo",
    "hora",
    "dia",
    "día",
    "semana",
    "rato",
)
_ODD_FOLDS: Final = ("\u0130", "\u0131", "\u017f")


def model_text(text: str) -> str:
    """What the learned model reads: the message without its sign-off, the customer's claimed
    priority and the clauses that report a problem as over, a stretch of time said as
    "a while" (training reads the same)."""
    live = prepared(text)[1]
    lowered = live.lower()
    if not any(map(lowered.__contains__, _DURATION_WORDS)) and (
        live.isascii() or not any(map(live.__contains__, _ODD_FOLDS))
    ):
        return live
    return _DURATION.sub("a while", live)


@lru_cache(maxsize=16)
def prepared(text: str) -> tuple[str | None, str, tuple[str, ...]]:
    """The customer's claimed priority, the live text (no sign-off, claim or resolved clause)
    and the resolved clauses: read once for the rules and the model (a few kept: pure)."""
    claimed, stripped = claim(strip_sign_off(text))
    live, dropped = drop_resolved(stripped)
    return claimed, live, dropped


def forced_by_keywords(
    live: str, lang: str | None, extra_keywords: Mapping[str, Sequence[str]] | None
) -> dict[str, str]:
    """The dimensions the plan's own keywords settle: a keyword is the plan's word."""
    if not extra_keywords:
        return {}
    extra = compile_extra(tuple(sorted((k, tuple(v)) for k, v in extra_keywords.items())))
    norm = normalise(live, lang)
    if may(norm, "noprob") and NO_PROBLEM.search(norm):
        norm = NO_PROBLEM.sub(" ", norm)  # a plan's word in a denied clause settles nothing
    starts = word_starts(norm)
    out: dict[str, str] = {}
    # Impacts most severe first ("most severe item decides wherever it sits": a plan's outage
    # word beats its quality word); scopes and services as the keys sort.
    order = sorted(extra, key=lambda k: IMPACTS.index(k) if k in IMPACTS else len(IMPACTS))
    for key in order:
        if weigh(norm, extra[key], starts) > 0:
            dim = "impact" if key in IMPACTS else "scope" if key in SCOPES else "service"
            out.setdefault(dim, key)
    return out
