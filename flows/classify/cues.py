"""Shared ground of the cue tables: the three dimensions, (pattern, weight) cues, compiling, scoring."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any, Final

from flows.classify.cue_heads import Group, Node, Unsupported, Zero, heads, parse

# A cue table: (pattern, weight).  Patterns are matched with word boundaries on
# the normalised text; each pattern counts once.
Cues = tuple[tuple[str, float], ...]

# The index key of a word: its first three characters (the whole word if shorter).
KEY_CHARS: Final = 3
_BOUNDARY: Final = Zero(boundary=True)
_WORD_RUN: Final = re.compile(r"\w+")
_LEADING_WORD: Final = re.compile(r"\w*")


class Compiled(tuple[tuple[re.Pattern[str], float], ...]):
    """A compiled cue table, indexed by the words its matches can start with.

    Every cue is compiled as ``\\b(?:cue)\\b``, so a match starts where a word of the text
    starts, and for most cues with one of a few known words ("no ...", "down|outage|...").
    `by_key` maps the key of such a word to the cues that can start with it; `always` holds
    the cues whose first word the index cannot tell. `weigh` tries a cue only where a word
    with one of its keys starts (and an `always` cue everywhere): the cues that match are
    the ones a search of every cue over the whole text finds."""

    by_key: Mapping[str, tuple[int, ...]]
    keys: frozenset[str]  # the keys of by_key, for one set intersection per text
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
    table.keys = frozenset(by_key)
    table.always = tuple(always)
    return table


class Starts(dict[str, list[int]]):
    """`word_starts`' answer: where the words start by key, and the keys as a frozenset
    (`present`), which a table's keys meet in one C loop over the smaller set (a dict is
    walked key by key)."""

    __slots__ = ("present",)

    present: frozenset[str]


@lru_cache(maxsize=16)  # the rules and the settling signals weigh the same text: read only
def word_starts(text: str) -> Starts:
    """Where the words of `text` start, by key: what `weigh` looks its cues up with.
    Compute it once per text when several tables weigh the same text (not to be changed: a
    few are kept)."""
    starts = Starts()
    for m in _WORD_RUN.finditer(text):
        starts.setdefault(m.group()[:KEY_CHARS], []).append(m.start())
    starts.present = frozenset(starts)
    return starts


def weigh(text: str, table: Compiled, starts: Mapping[str, Sequence[int]] | None = None) -> float:
    """The summed weight of the table's cues found in `text` (`starts`: `word_starts(text)`)."""
    if starts is None:
        starts = word_starts(text)
    keys = table.keys.intersection(starts.present if type(starts) is Starts else starts)
    always = table.always
    if not keys and not always:
        return 0
    total: float = 0
    if len(keys) == 1 and not always:
        # One key of the table in the text (most tables on most texts): its cues in table
        # order, each tried where the key's words start.
        (key,) = keys
        positions = starts[key]
        for i in table.by_key[key]:
            pattern, weight = table[i]
            match = pattern.match
            for pos in positions:
                if match(text, pos):
                    total += weight
                    break
        return total
    # A cue matches the text exactly when it matches at one of the places a match can start
    # (search tries them all): tried key by key, and not again once it has matched.
    matched: set[int] = set()
    by_key = table.by_key
    for key in keys:
        positions = starts[key]
        for i in by_key[key]:
            if i in matched:
                continue
            match = table[i][0].match
            for pos in positions:
                if match(text, pos):
                    matched.add(i)
                    break
    for i in always:
        if table[i][0].search(text) is not None:
            matched.add(i)
    # Added in table order, as a sum over the whole table adds them.
    for i in sorted(matched):
        total += table[i][1]
    return total


def fired(text: str, table: Compiled) -> list[tuple[str, float]]:
    """The text each of the table's cues matched in `text`, with its weight (for explaining)."""
    out: list[tuple[str, float]] = []
    for pattern, weight in table:
        match = pattern.search(text)
        if match:
            out.append((match.group(), weight))
    return out


# -- what a cue's matches start with ------------------------------------------------------


def start_keys(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The keys of the words every match of ``\\b(?:cue)\\b`` can start with, or None.

    Read from the pattern by our own small parser (`flows.classify.cue_heads`): the literal
    text each match begins with, cut to its leading word. A word shorter than a key counts
    only when the literal text goes on past it (so the word ends there); any doubt, and the
    cue is searched everywhere."""
    if pattern.flags & (re.IGNORECASE | re.ASCII | re.LOCALE | re.VERBOSE):
        return None
    try:
        tree = parse(pattern.pattern)
    except Unsupported:
        return None  # searched everywhere: slower, never wrong
    if len(tree.alternatives) != 1:
        return None
    items = tree.alternatives[0]
    if not items or items[0] != _BOUNDARY:
        return None
    keys: set[str] = set()
    for head in heads(items):
        word = _LEADING_WORD.match(head).group()  # type: ignore[union-attr]  # \w* always matches
        if len(word) >= KEY_CHARS:
            keys.add(word[:KEY_CHARS])
        elif word and len(word) < len(head):
            keys.add(word)
        else:
            return None
    return frozenset(keys)


def _match_keys(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """`start_keys` for a pattern whose every alternative (at the top) begins with \\b, after
    any look-arounds: the keys of the words each of its matches can start with, or None."""
    if pattern.flags & (re.IGNORECASE | re.ASCII | re.LOCALE | re.VERBOSE):
        return None
    try:
        tree = parse(pattern.pattern)
    except Unsupported:
        return None
    keys: set[str] = set()
    for items in tree.alternatives:
        lead = 0
        while lead < len(items) and isinstance(items[lead], Zero) and items[lead] != _BOUNDARY:
            lead += 1  # a look-around or ^ before the \b: the match still starts at the \b
        if lead == len(items) or items[lead] != _BOUNDARY:
            return None
        found = _sequence_keys(items[lead:])
        if found is None:
            return None
        keys |= found
    return frozenset(keys)


def _sequence_keys(items: tuple[Node, ...]) -> set[str] | None:
    """The keys of a sequence that begins with \\b; a group that has too many heads to
    list is read alternative by alternative."""
    keys: set[str] = set()
    for head in heads(items):
        word = _LEADING_WORD.match(head).group()  # type: ignore[union-attr]  # \w* matches
        if len(word) >= KEY_CHARS:
            keys.add(word[:KEY_CHARS])
        elif word and len(word) < len(head):
            keys.add(word)
        else:
            break
    else:
        return keys
    if len(items) > 1 and isinstance(items[1], Group) and len(items[1].alternatives) > 1:
        keys = set()
        for alt in items[1].alternatives:
            found = _sequence_keys((items[0], *alt, *items[2:]))
            if found is None:
                return None
            keys |= found
        return keys
    return None


@lru_cache(maxsize=8)  # the same text is searched by one gated pattern after another
def word_keys(text: str) -> frozenset[str]:
    """The keys of the words of `text` (`word_starts` without the places)."""
    return frozenset(word[:KEY_CHARS] for word in _WORD_RUN.findall(text))


# What one message's reading has already found: a gated pattern's search of a text (the rules
# read the whole message, then its settling signals read it again), keyed by the pattern's id
# and the text; pure results, so a key never goes stale, and `new_message` empties it when a
# message's reading begins (a cache of one message, as the bench's "warm" expects).
SEEN: Final[dict[tuple[object, str], Any]] = {}
SEEN_MOST: Final = 2048  # a bound for callers that never begin a message (tests, scripts)


_UNSEEN: Final = object()


def new_message() -> None:
    """Forget what the previous message's reading found."""
    SEEN.clear()


class Gated:
    """A compiled pattern that is not run on a text without a word its matches can start
    with: `keys` as `start_keys` reads them (every top-level alternative begins with \\b);
    a text whose word keys (`word_keys`) hold none of them has no match, and the set test
    costs a fraction of a search. Without keys (the parser cannot tell) it always runs.
    The same results as the pattern's own search, sub, finditer and findall."""

    __slots__ = ("_keys", "compiled", "pattern")

    def __init__(self, compiled: re.Pattern[str]) -> None:
        self.compiled = compiled
        self.pattern = compiled.pattern
        self._keys: frozenset[str] | None | bool = False  # read on first use (import time)

    @property
    def keys(self) -> frozenset[str] | None:
        if self._keys is False:
            self._keys = _match_keys(self.compiled)
        return self._keys  # type: ignore[return-value]  # no longer False

    def _absent(self, text: str) -> bool:
        keys = self._keys
        if keys is False:
            keys = self.keys
        return keys is not None and keys.isdisjoint(word_keys(text))  # type: ignore[union-attr]

    def search(self, text: str) -> re.Match[str] | None:
        if self._absent(text):
            return None
        key = (self, text)
        found = SEEN.get(key, _UNSEEN)  # most are not asked twice: no KeyError raised
        if found is _UNSEEN:
            if len(SEEN) > SEEN_MOST:
                SEEN.clear()
            found = SEEN[key] = self.compiled.search(text)
        return found  # type: ignore[no-any-return]

    def sub(self, repl: str | Callable[[re.Match[str]], str], text: str) -> str:
        return text if self._absent(text) else self.compiled.sub(repl, text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return iter(()) if self._absent(text) else self.compiled.finditer(text)

    def findall(self, text: str) -> list[Any]:
        return [] if self._absent(text) else self.compiled.findall(text)


def gated(pattern: str) -> Gated:
    """`re.compile(pattern)`, searched only on texts that hold a word it can start with."""
    return Gated(re.compile(pattern))
