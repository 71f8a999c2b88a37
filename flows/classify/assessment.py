"""The assessment of a message: what `assess` reads and `decide` maps through a plan's table."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Final


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
    # Problems read from single parts of the message (list items, sentences) whose
    # impact, scope and service are each clear: (impact, scope, service).
    parts: tuple[tuple[str, str, str], ...] = ()
    # Who is affected in the plan's own terms (`flows.classify.audience`): one of the plan's
    # scope kinds, which its table's rows name beside site/several/one; None when the plan
    # names none or the text names no group of the plan.
    who: str | None = None

    def to_dict(self) -> dict[str, object]:
        """`dataclasses.asdict(self)` at a seventh of the cost: every value is immutable
        (str, float, None, tuples of str), so asdict's deep copy would change nothing."""
        return {name: getattr(self, name) for name in _ASSESSMENT_FIELDS}


_ASSESSMENT_FIELDS: Final = tuple(f.name for f in fields(Assessment))
