"""Shared ground of the cue tables: the three dimensions, (pattern, weight) cues, compiling, scoring."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

IMPACTS: Final = ("outage", "degraded", "cosmetic", "question", "enhancement")
SCOPES: Final = ("site", "several", "one")
SERVICES: Final = ("voice", "other", "billing", "howto", "change")

# A cue table: (pattern, weight).  Patterns are matched with word boundaries on
# the normalised text; each pattern counts once.
Cues = tuple[tuple[str, float], ...]


class Compiled(tuple[tuple[re.Pattern[str], float], ...]):
    """A compiled cue table, with `gate`: all its patterns in one alternation. Most
    tables have no cue in a given text, and one scan answers that for the whole table
    (a text matches the alternation exactly when it matches one of the patterns)."""

    gate: re.Pattern[str] | None


def compile_cues(cues: Iterable[tuple[str, float]]) -> Compiled:
    table = Compiled((re.compile(rf"\b(?:{pattern})\b"), weight) for pattern, weight in cues)
    table.gate = re.compile("|".join(p.pattern for p, _ in table)) if table else None
    return table


def weigh(text: str, table: Compiled) -> float:
    if table.gate is None or table.gate.search(text) is None:
        return 0
    return sum(weight for pattern, weight in table if pattern.search(text))
