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
Compiled = tuple[tuple[re.Pattern[str], float], ...]


def compile_cues(cues: Iterable[tuple[str, float]]) -> Compiled:
    return tuple((re.compile(rf"\b(?:{pattern})\b"), weight) for pattern, weight in cues)


def weigh(text: str, table: Compiled) -> float:
    return sum(weight for pattern, weight in table if pattern.search(text))
