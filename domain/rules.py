"""Small pure rules a support plan is written in, kept apart from the schema:
intake-field conditions ("ask the API language only when the interface is the API")
and text matching for priority caps and escalation routes.

Condition grammar (the `when` of an intake field):

- ``always`` / ``never``
- ``calls``: a problem with calls (the dialogue decides from the text and the classifier)
- ``error``: the customer mentions an error (the dialogue decides from the text)
- ``field:KEY=V1|V2``: another intake field was answered with one of the values
- ``category:V1|V2``: shorthand for ``field:category=V1|V2``
- ``service:V1|V2``, ``impact:V1|V2``, ``scope:V1|V2``: what the classifier read
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from domain.dimensions import IMPACTS, SCOPES, SERVICES
from domain.text import fold

CHANNEL_NAMES: Final = ("webchat", "sms", "telegram", "email", "phone", "portal")
BUILTIN_CONDITIONS: Final = ("always", "calls", "error", "never")
FACT_PREFIXES: Final = ("field", "category", "service", "impact", "scope")
_KNOWN_FACTS: Final[dict[str, tuple[str, ...]]] = {
    "service": SERVICES,
    "impact": IMPACTS,
    "scope": SCOPES,
}


@dataclass(frozen=True, slots=True)
class Condition:
    """A parsed `when`: a built-in name, or a fact that must hold one of `values`."""

    kind: str  # "always", "calls", "error", "never", "field", "service", "impact", "scope"
    key: str = ""  # the field key for kind "field"
    values: tuple[str, ...] = ()


def parse_condition(text: str) -> Condition:
    """Parse a `when`; raises ValueError naming the text and what was expected."""
    value = text.strip()
    if value in BUILTIN_CONDITIONS:
        return Condition(value)
    prefix, sep, rest = value.partition(":")
    prefix = prefix.strip()
    if not sep or prefix not in FACT_PREFIXES:
        raise ValueError(
            f"unknown condition {text!r}; expected one of {', '.join(BUILTIN_CONDITIONS)}, "
            "or 'field:KEY=VALUE|...', 'category:VALUE|...', 'service:...', 'impact:...', "
            "or 'scope:...'"
        )
    key = ""
    if prefix == "field":
        key, eq, rest = rest.partition("=")
        key = key.strip()
        if not eq or not key:
            raise ValueError(f"condition {text!r}: expected 'field:KEY=VALUE|...'")
    elif prefix == "category":
        prefix, key = "field", "category"
    values = tuple(v.strip() for v in rest.split("|") if v.strip())
    if not values:
        raise ValueError(f"condition {text!r}: no values after ':'")
    known = _KNOWN_FACTS.get(prefix)
    if known is not None:
        bad = [v for v in values if v not in known]
        if bad:
            raise ValueError(
                f"condition {text!r}: unknown {prefix} {bad[0]!r}; expected one of {', '.join(known)}"
            )
    return Condition(prefix, key, values)


def condition_holds(
    condition: Condition,
    *,
    fields: Mapping[str, str],
    impact: str | None = None,
    service: str | None = None,
    scope: str | None = None,
) -> bool | None:
    """Whether a fact condition holds; None for the built-ins the dialogue reads from
    the text ("calls", "error"). A fact not known yet does not hold."""
    kind = condition.kind
    if kind == "always":
        return True
    if kind == "never":
        return False
    if kind in ("calls", "error"):
        return None
    facts = {"service": service, "impact": impact, "scope": scope}
    value = fields.get(condition.key) if kind == "field" else facts.get(kind)
    if not value:
        return False
    return fold(value) in {fold(v) for v in condition.values}


def mentions(text: str, keywords: Sequence[str]) -> str | None:
    """The first keyword found in `text` as whole words (case- and accent-insensitive)."""
    folded = fold(text)
    for word in keywords:
        pattern = r"(?<!\w)" + re.escape(fold(word)) + r"(?!\w)"
        if re.search(pattern, folded):
            return word
    return None


# A keyword said as absent: "no workaround", "without a workaround", "sin alternativa", or said
# to be impossible right after it: "re-keying it by hand isn't possible".
_DENIED_BEFORE: Final = re.compile(
    r"(?:^|\W)(?:no|not|without|sin|ni|isn'?t|there'?s no)\W+(?:\w+\W+)?$"
    # Profile round 5: "the web UI is not a realistic workaround"
    r"|(?:^|\W)(?:(?:is|are|was|were)\W+not|isn'?t|aren'?t|wasn'?t|no es)\W+(?:a|an|una?)\W+(?:realistic|real|practical|viable|usable|workable|good|valid|option|opcion)\W+$"
    # "we have no way to key our daily volume by hand" (profile round 4)
    r"|(?:^|\W)(?:no way|no hay (?:forma|manera)|impossible|imposible)\W+(?:\w+\W+){0,10}$"
    # Profile round 5: nobody to do it that way ("no staff to do it by hand"), the way said
    # useless ("makes the UI unusable as a workaround")
    r"|(?:^|\W)(?:no|not enough|without|sin|no tenemos|not the)\W+(?:staff|people|headcount|hands|one|capacity|personal|gente)"
    r"\W+(?:here\W+|aqui\W+)?(?:to|para|que|can|could|is able to|puede)\W+(?:\w+\W+){0,6}$"
    r"|(?:^|\W)(?:nobody|nadie)\W+(?:here\W+|aqui\W+)?(?:can|could|is able to|puede)\W+(?:\w+\W+){0,6}$"
    r"|(?:^|\W)(?:unusable|useless|not usable|impractical|not practical|no good|not viable|inviable|no sirve)"
    r"\W+(?:as|como)\W+(?:an?|una?)?\W*$"
)
_DENIED_AFTER: Final = re.compile(
    r"^(?:\W+\w+){0,3}?\W+(?:isn'?t|is not|not|wasn'?t|was not|no es|would not be|wouldn'?t be)\W+"
    r"(?:\w+\W+)?(?:possible|an option|feasible|available|workable|viable|realistic|posible|una opcion)"
)


def mentions_undenied(text: str, keywords: Sequence[str]) -> str | None:
    """`mentions`, leaving out a keyword said as absent or impossible ("no workaround", "by
    hand isn't possible"): the first keyword found as said."""
    folded = fold(text)
    for word in keywords:
        pattern = r"(?<!\w)" + re.escape(fold(word)) + r"(?!\w)"
        for match in re.finditer(pattern, folded):
            before = folded[max(0, match.start() - 60) : match.start()]
            after = folded[match.end() : match.end() + 60]
            if not _DENIED_BEFORE.search(before) and not _DENIED_AFTER.search(after):
                return word
    return None
