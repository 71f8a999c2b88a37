"""Who is affected, counted in words (round 22): the writer and a count of others ("mis dos
compañeros y yo", "my three coworkers and I") are several users, however "no podemos" or
"we can't" leans to the whole site in the n-grams. On normalised text, stdlib `re` only."""

from __future__ import annotations

from typing import Final

from flows.classify.cues import gated

_COUNT: Final = (
    r"(?:dos|tres|cuatro|cinco|seis|siete|ocho|two|three|four|five|six|seven|eight|\d{1,2})"
)
_MATES: Final = (
    r"(?:companeros|companeras|colegas|compas|coworkers|co workers|colleagues|teammates|team mates)"
)
WRITER_AND_OTHERS: Final = gated(
    rf"\b(?:(?:mis|my) (?:otros |otras |other )?{_COUNT} {_MATES}(?: (?:de|from|in|en) (?:la |el |the )?\w+)? (?:y yo|and i|and me|and myself)"
    rf"|(?:yo|i|me|myself) (?:y|and) (?:mis |my )?(?:otros |otras |other )?{_COUNT} (?:{_MATES}|mas|more|others))\b"
)


def writer_and_others(norm: str) -> bool:
    """Whether the writer counts themself with a number of others ("yo y otros tres")."""
    return WRITER_AND_OTHERS.search(norm) is not None


# Round 23: one person named as the only one affected ("sólo a él, nadie lo puede llamar",
# "only hers, nobody can reach her"): that person's line, whoever cannot call it.
ONLY_THAT_PERSON: Final = gated(
    r"\b(?:(?:solo|solamente|nada mas|unicamente) (?:a|para|de) (?:el|ella)|(?:only|just) (?:him|her|his|hers))\b"
)


def only_that_person(norm: str) -> bool:
    """Whether the message names one person as the only one affected ("solo a ella")."""
    return ONLY_THAT_PERSON.search(norm) is not None
