"""Shared ground of the cue tables: the three dimensions, (pattern, weight) cues, compiling, scoring."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

try:  # CPython's own pattern parser, read once per cue when a table is compiled
    from re import _constants as _sre  # type: ignore[attr-defined]
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another interpreter: every cue is searched
    _sre = _sre_parse = None


# A cue table: (pattern, weight).  Patterns are matched with word boundaries on
# the normalised text; each pattern counts once.
Cues = tuple[tuple[str, float], ...]

# The index key of a word: its first three characters (the whole word if shorter).
KEY_CHARS: Final = 3
_WORD_RUN: Final = re.compile(r"\w+")
_LEADING_WORD: Final = re.compile(r"\w*")
_WORD_CHAR: Final = re.compile(r"\w")
# Put after a head where \b follows a word character: the word ends there.
_WORD_END: Final = "\0"
_MAX_HEADS: Final = 256


class Compiled(tuple[tuple[re.Pattern[str], float], ...]):
    """A compiled cue table, indexed by the words its matches can start with.

    Every cue is compiled as ``\\b(?:cue)\\b``, so a match starts where a word of the text
    starts, and for most cues with one of a few known words ("no ...", "down|outage|...").
    `by_key` maps the key of such a word to the cues that can start with it; `always` holds
    the cues whose first word the index cannot tell. `weigh` tries a cue only where a word
    with one of its keys starts (and an `always` cue everywhere): the cues that match are
    the ones a search of every cue over the whole text finds."""

    by_key: Mapping[str, tuple[int, ...]]
    always: tuple[int, ...]


def compile_cues(cues: Iterable[tuple[str, float]]) -> Compiled:
    table = Compiled((re.compile(rf"\b(?:{pattern})\b"), weight) for pattern, weight in cues)
    by_key: dict[str, list[int]] = {}
    always: list[int] = []
    for i, (pattern, _) in enumerate(table):
        keys = start_keys(pattern)
        if keys is None:
            always.append(i)
        else:
            for key in keys:
                by_key.setdefault(key, []).append(i)
    table.by_key = {key: tuple(found) for key, found in by_key.items()}
    table.always = tuple(always)
    return table


def word_starts(text: str) -> dict[str, list[int]]:
    """Where the words of `text` start, by key: what `weigh` looks its cues up with.
    Compute it once per text when several tables weigh the same text."""
    starts: dict[str, list[int]] = {}
    for m in _WORD_RUN.finditer(text):
        starts.setdefault(m.group()[:KEY_CHARS], []).append(m.start())
    return starts


def weigh(text: str, table: Compiled, starts: Mapping[str, Sequence[int]] | None = None) -> float:
    """The summed weight of the table's cues found in `text` (`starts`: `word_starts(text)`)."""
    if starts is None:
        starts = word_starts(text)
    where: dict[int, list[int]] = {}
    for key, positions in starts.items():
        for i in table.by_key.get(key, ()):
            where.setdefault(i, []).extend(positions)
    if not where and not table.always:
        return 0
    # Added in table order, as a sum over the whole table adds them. A cue matches the text
    # exactly when it matches at one of the places a match can start (search tries them all).
    total: float = 0
    for i in sorted((*where, *table.always)):
        pattern, weight = table[i]
        if i in where:
            found = any(pattern.match(text, pos) for pos in where[i])
        else:
            found = pattern.search(text) is not None
        if found:
            total += weight
    return total


# -- what a cue's matches start with ------------------------------------------------------


def start_keys(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The keys of the words every match of ``\\b(?:cue)\\b`` can start with, or None.

    Read from the parsed pattern: the literal text each match begins with (`_heads`), cut to
    its leading word. A word shorter than a key counts only when the literal text goes on
    past it (so the word ends there); any doubt, and the cue is searched everywhere."""
    if _sre_parse is None or pattern.flags & (re.IGNORECASE | re.ASCII | re.LOCALE):
        return None
    try:
        items = list(_sre_parse.parse(pattern.pattern, pattern.flags))
        heads = _heads(items) if items and items[0] == (_sre.AT, _sre.AT_BOUNDARY) else {""}
    except (AttributeError, TypeError, ValueError, re.error):  # a parser we do not know
        return None  # searched everywhere: slower, never wrong
    keys: set[str] = set()
    for head in heads:
        word = _LEADING_WORD.match(head).group()  # type: ignore[union-attr]  # \w* always matches
        if len(word) >= KEY_CHARS:
            keys.add(word[:KEY_CHARS])
        elif word and len(word) < len(head):
            keys.add(word)
        else:
            return None
    return frozenset(keys)


def _heads(items: Sequence[Any]) -> set[str]:
    """Strings one of which every match of the parsed sequence `items` starts with.

    While the items match fixed text, the text matched so far is one of `heads` (with
    `_WORD_END` where a \b says a word ends); the first item that does not adds what its
    own matches start with, and the reading stops."""
    heads = {""}
    for op, av in items:
        if op is _sre.AT and av == _sre.AT_BOUNDARY:
            if all(h and _WORD_CHAR.fullmatch(h[-1]) for h in heads):
                heads = {h + _WORD_END for h in heads}
            continue
        if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
            continue  # consumes nothing
        exact = _exact(op, av)
        if exact is not None and len(heads) * len(exact) <= _MAX_HEADS:
            heads = {h + e for h in heads for e in exact}
            continue
        inner = _inner_heads(op, av)
        if inner is not None and len(heads) * len(inner) <= _MAX_HEADS:
            heads = {h + e for h in heads for e in inner}
        return heads
    return heads


def _inner_heads(op: Any, av: Any) -> set[str] | None:
    """What every match of one item starts with, or None."""
    if op is _sre.SUBPATTERN:
        _, add_flags, del_flags, sub = av
        return None if add_flags or del_flags else _heads(sub)
    if op is _sre.BRANCH:
        return set().union(*(_heads(alt) for alt in av[1]))
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT) and av[0] >= 1:
        return _heads(av[2])
    return None


def _exact(op: Any, av: Any) -> set[str] | None:
    """Every text one item can match, when that is a short list of fixed strings; else None."""
    if op is _sre.LITERAL:
        return {chr(av)}
    if op is _sre.IN:
        if not all(kind is _sre.LITERAL for kind, _ in av):
            return None  # a range, a category or a negation
        return {chr(code) for _, code in av}
    if op is _sre.SUBPATTERN:
        _, add_flags, del_flags, sub = av
        return None if add_flags or del_flags else _exact_sequence(sub)
    if op is _sre.BRANCH:
        out: set[str] = set()
        for alt in av[1]:
            found = _exact_sequence(alt)
            if found is None:
                return None
            out |= found
        return out if len(out) <= _MAX_HEADS else None
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
        low, high, sub = av
        body = _exact_sequence(sub)
        if body is None or high > 2:
            return None
        out = set()
        for count in range(low, high + 1):
            texts = {""}
            for _ in range(count):
                texts = {t + b for t in texts for b in body}
            out |= texts
        return out if len(out) <= _MAX_HEADS else None
    return None


def _exact_sequence(items: Sequence[Any]) -> set[str] | None:
    texts = {""}
    for op, av in items:
        if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
            continue  # consumes nothing
        found = _exact(op, av)
        if found is None or len(texts) * len(found) > _MAX_HEADS:
            return None
        texts = {t + f for t in texts for f in found}
    return texts
