"""A satisfaction score from what a customer writes back: "5", "3/5", "4 out of 5",
"★★★★", "excellent", "muy bien", "malo", "I'd give you a 4", and what follows the score
as a comment ("4 - quick, but I had to call twice"). Pure and conservative: anything
that does not start as a rating, or says more than a rating, is not one (the dialogue
then reads the message as usual, so a new problem is never taken for a score).

The scale is 1 (very poor) to 5 (excellent); words map onto it as people use them:
"excellent"/"muy bien" 5, "good"/"bien" 4, "okay-ish"/"regular" 3, "bad"/"malo" 2,
"terrible"/"pésimo" 1. A bare "ok" or "thanks" is courtesy, not a score.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from domain.text import strip_accents

SCORES: Final = (1, 2, 3, 4, 5)


@dataclass(frozen=True, slots=True)
class CsatAnswer:
    score: int
    comment: str = ""  # what the customer wrote after the score, as they wrote it
    # a bare number then words with nothing between ("2 phones are down"): as likely a
    # count as a score, so the dialogue reads the words before taking it as one
    loose: bool = False


# longest first within a score, and "not good" before "good": the first phrase that matches
# at the start of the message wins
_WORDS: Final[tuple[tuple[int, str], ...]] = (
    (
        1,
        r"very bad|very poor|really bad|the worst|worst|terrible|awful|horrible|dreadful|"
        r"muy malo|muy mala|muy mal|malisimo|malisima|pesimo|pesima|fatal|horroroso|lo peor|"
        r"nada bien|fatal",
    ),
    (
        2,
        r"not good|not great|not very good|no muy bien|no muy bueno|no muy buena|poor|bad|"
        r"unsatisfied|dissatisfied|disappointing|disappointed|malo|mala|mal|deficiente|"
        r"insatisfecho|insatisfecha|decepcionante|decepcionado|decepcionada",
    ),
    (
        3,
        r"not bad|so so|so-so|average|fine|decent|meh|alright|all right|"
        r"no esta mal|mas o menos|regular|normal|aceptable|ni bien ni mal|pasable",
    ),
    (
        5,
        r"very good|very satisfied|excellent|excelent|outstanding|amazing|perfect|fantastic|"
        r"superb|great|awesome|brilliant|wonderful|muy bien|muy bueno|muy buena|"
        r"muy satisfecho|muy satisfecha|excelente|perfecto|perfecta|fantastico|fantastica|"
        r"genial|estupendo|estupenda|maravilloso|increible|de diez",
    ),
    (
        4,
        r"pretty good|quite good|good|satisfied|happy|bien|bueno|buena|bastante bien|"
        r"satisfecho|satisfecha|contento|contenta",
    ),
)
_WORD_RES: Final = tuple(
    (score, re.compile(rf"^\s*(?:{words})(?![\w'])", re.IGNORECASE)) for score, words in _WORDS
)
_NUMBER_WORDS: Final = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5,
}  # fmt: skip
# "5", "3/5", "4 out of 5", "4 de 5", "5 stars", "5 estrellas", "5!" then anything
_LEADING: Final = re.compile(
    r"^\s*(?:a\s+|un\s+|una\s+)?([1-5])(?!\d)(?![.,]\d)"
    r"(?:\s*(?:/|out\s+of|of|de|sobre)\s*5(?!\d))?"
    r"(?:\s*(?:stars?|estrellas?|points?|puntos?))?"
    r"(?=$|[\s!.,:;\-–—)(*])",
    re.IGNORECASE,
)
# "I'd give you a 4", "le doy un 5", "my rating: 3", "nota 4"
_GIVEN: Final = re.compile(
    r"^\s*(?:i'?d\s+|i\s+would\s+|i\s+)?(?:give|rate|rating|score|le\s+doy|te\s+doy|les\s+doy|"
    r"doy|daria|le\s+daria|le\s+pongo|pongo|nota|puntuacion|calificacion|mi\s+nota|my\s+rating|"
    r"my\s+score)\b[^\d]{0,20}?\b([1-5])(?!\d)(?![.,]\d)(?:\s*(?:/|out\s+of|de)\s*5)?",
    re.IGNORECASE,
)
_STARS: Final = re.compile(r"^\s*([⭐★🌟]\s*){1,5}(?=$|[\s!.,])")
_SEPARATORS: Final = " \t\n!.,:;-–—)(*"
# what follows a score but is no comment
_COURTESY: Final = re.compile(
    r"^(?:thanks?(?:\s+you)?(?:\s+(?:so|very)\s+much)?|thx|ty|cheers|gracias|muchas\s+gracias|"
    r"mil\s+gracias|saludos|regards|:\)|😊|🙂|👍|🙏)?[\s!.,:;)(*]*$",
    re.IGNORECASE,
)


def parse_score(text: str) -> CsatAnswer | None:
    """The score (and any comment after it) `text` gives, or None when it gives none."""
    plain = strip_accents(text)
    # the comment is cut from what the customer wrote, accents kept, when positions agree
    source = text if len(plain) == len(text) else plain
    words = plain.strip(_SEPARATORS + "¡¿").lower().split()
    if len(words) == 1 and words[0] in _NUMBER_WORDS:
        return CsatAnswer(_NUMBER_WORDS[words[0]])
    stars = _STARS.match(plain)
    if stars:
        count = sum(1 for c in stars.group(0) if c in "⭐★🌟")
        return CsatAnswer(count, _comment(source[stars.end() :]))
    for regex in (_LEADING, _GIVEN):
        m = regex.match(plain)
        if m:
            rest = source[m.end() :]
            comment = _comment(rest)
            bare = regex is _LEADING and m.group(0).strip() == m.group(1)
            loose = bare and bool(comment) and rest[:1].isspace() and rest.lstrip()[:1].isalnum()
            return CsatAnswer(int(m.group(1)), comment, loose)
    for score, regex in _WORD_RES:
        m = regex.match(plain)
        if m:
            return CsatAnswer(score, _comment(source[m.end() :]))
    return None


def _comment(rest: str) -> str:
    rest = rest.strip(_SEPARATORS)
    return "" if _COURTESY.match(rest) else " ".join(rest.split())
