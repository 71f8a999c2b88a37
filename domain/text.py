"""Text folding: the one way the project compares what people type with the words it knows.

Customers write on phones without accents ("linea", "telefono"), in capitals, with doubled
spaces; plans list keywords the way their authors spelled them. Every comparison of that kind
(intents, extraction, plan conditions and keywords, SLA duration units, SMS carrier keywords)
folds both sides here, so a word that matches in one room matches in every room.
"""

from __future__ import annotations

import unicodedata
from typing import Final

from domain.memo import last_by_identity

__all__ = ["ascii_runs", "fold", "strip_accents"]


def _without_marks(text: str) -> str:
    return "".join(c for c in text if not unicodedata.combining(c))


# A message's first turn folds the same string several times over (the subscription
# request, the intents): the last one is kept.
@last_by_identity
def fold(text: str) -> str:
    """`text` case-folded, without accents or compatibility forms (fullwidth letters,
    ligatures), every run of whitespace one space, no whitespace at either end."""
    if text.isascii():
        # NFKD and the mark filter leave ASCII as it is; casefold() is lower() on ASCII
        folded = text.lower()
    else:
        # decompose before and after case-folding: a compatibility character can decompose to
        # a capital (U+210C is "H"), and a folded letter can decompose further (U+0130)
        decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
        folded = _without_marks(decomposed)
    return " ".join(folded.split())


def strip_accents(text: str) -> str:
    """`text` without accents or compatibility forms, case and spacing kept."""
    if text.isascii():
        return text  # NFKD leaves ASCII as it is
    return _without_marks(unicodedata.normalize("NFKD", text))


_CURLY: Final = str.maketrans({"\u2019": "'", "\u2018": "'"})


def straight_apostrophes(text: str) -> str:
    """`text` with the curly apostrophes phones type ("that\u2019s") made straight, as
    patterns spell them ("that's")."""
    return text.translate(_CURLY) if "\u2019" in text or "\u2018" in text else text


# every byte but an ASCII letter (and digit) made a space: `ascii_runs`' two translations
_LETTERS: Final = bytes(b if chr(b).isascii() and chr(b).isalpha() else 32 for b in range(256))
_LETTERS_DIGITS: Final = bytes(
    b if chr(b).isascii() and chr(b).isalnum() else 32 for b in range(256)
)


def ascii_runs(text: str, *, digits: bool) -> list[str]:
    """An ASCII text's maximal runs of letters (of letters and digits, with `digits`), in
    order: what `re.findall(r"[^\\W\\d_]+", text)` (`r"[^\\W_]+"`) finds in it, by a byte
    translation and a split in C, not a pattern tried at every position (a first message's
    words for about a fifth of the pattern's instructions). `text` must be ASCII."""
    table = _LETTERS_DIGITS if digits else _LETTERS
    return text.encode().translate(table).decode().split()
