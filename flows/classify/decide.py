"""`decide`: an assessment through a plan's table, the one place where impact x scope x
service becomes a priority; `with_scope` folds the customer's answer to the scope question in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Final

from domain.dimensions import SCOPES
from domain.plan import RuleSpec
from flows.classify.assessment import Assessment

# Below this the scope is treated as open when no options were computed.
_SCOPE_SURE: Final = 0.5
_DIGITS: Final = re.compile(r"\d+")


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
    # The row that gave `priority` (None: the plan's default), and the (impact, scope,
    # service) it was read for: a part of the message when one part outranks the whole.
    rule: RuleSpec | None = None
    read_as: tuple[str, str, str] | None = None
    from_part: bool = False


def _lookup(
    rules: Sequence[RuleSpec],
    impact: str,
    scope: str,
    service: str,
    default: str,
    who: str | None = None,
) -> tuple[str, RuleSpec | None]:
    for rule in rules:  # "*" matches anything; a row may name the plan's own scope kind
        if (
            rule.impact in ("*", impact)
            and (rule.scope in ("*", scope) or (who is not None and rule.scope == who))
            and rule.service in ("*", service)
        ):
            return rule.priority, rule
    return default, None


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
    """Map an assessment through a plan's rules (first match wins). A part of the message
    read on its own (an item of a list, a sentence) that the table puts higher, without a
    question, sets the level: the most severe active problem wins wherever it sits."""
    whole = _decide_whole(assessment, rules, default)
    best = whole
    for impact, scope, service in assessment.parts:
        priority, rule = _lookup(rules, impact, scope, service, default, assessment.who)
        rank, best_rank = (_severity_rank(p, rules, default) for p in (priority, best.priority))
        # A part decided without a question outranks the whole, or settles the question
        # the whole would ask when it lands on the level the whole is held at.
        if rank < best_rank or (rank == best_rank and best.would_ask):
            best = Decision(
                priority, assessment, False, (priority,), rule, (impact, scope, service), True
            )
    return best


def _decide_whole(assessment: Assessment, rules: Sequence[RuleSpec], default: str) -> Decision:
    impact, service = _plausible(assessment)
    if assessment.scope is not None and assessment.scope_options:
        options = tuple(assessment.scope_options)
    elif assessment.scope is not None and assessment.scope_confidence >= _SCOPE_SURE:
        options = (assessment.scope,)
    else:
        options = SCOPES
    who = assessment.who
    by_scope = {s: _lookup(rules, impact, s, service, default, who) for s in options}
    candidates = tuple(
        sorted({p for p, _ in by_scope.values()}, key=lambda p: _severity_rank(p, rules, default))
    )
    likely = assessment.scope if assessment.scope in by_scope else "several"
    if likely not in by_scope:
        likely = options[0]
    if len(candidates) == 1:
        priority, rule = by_scope[likely]
        return Decision(priority, assessment, False, candidates, rule, (impact, likely, service))
    priority, rule = by_scope[likely]
    # Until the customer answers, an outage that may be site-wide is held at
    # the most severe candidate: under-rating a site outage is the costly error.
    if impact == "outage" and "site" in by_scope:
        likely = next(s for s in options if by_scope[s][0] == candidates[0])
        priority, rule = by_scope[likely]
    return Decision(priority, assessment, True, candidates, rule, (impact, likely, service))


def with_scope(assessment: Assessment, scope: str) -> Assessment:
    """The assessment once the customer has answered the scope question."""
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}; expected one of {SCOPES}")
    return replace(assessment, scope=scope, scope_confidence=1.0, scope_options=(scope,))
