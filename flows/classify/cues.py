"""Shared ground of the cue tables: the three dimensions, (pattern, weight) cues, compiling, scoring."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any, Final

from flows.classify import cue_cuts
from flows.classify.cue_keys import DIGIT_KEY, KEY_CHARS, match_keys, start_keys

# A cue table: (pattern, weight).  Patterns are matched with word boundaries on
# the normalised text; each pattern counts once.
Cues = tuple[tuple[str, float], ...]

# Where a word that starts with a digit starts (`DIGIT_KEY`), beside its own key.
_DIGIT_WORD: Final = re.compile(r"\b\d")
_WORD_RUN: Final = re.compile(r"\w+")


class Compiled(tuple[tuple[re.Pattern[str], float], ...]):
    """A compiled cue table, indexed by the words its matches can start with.

    Every cue is compiled as ``\\b(?:cue)\\b``, so a match starts where a word of the text
    starts, and for most cues with one of a few known words ("no ...", "down|outage|...").
    `by_key` maps the key of such a word to the cues that can start with it; `always` holds
    the cues whose first word the index cannot tell. `weigh` tries a cue only where a word
    with one of its keys starts (and an `always` cue everywhere): the cues that match are
    the ones a search of every cue over the whole text finds."""

    by_key: Mapping[str, tuple[int, ...]]
    keys: frozenset[str]  # the keys of by_key (for a `starts` given as a plain mapping)
    always: tuple[int, ...]
    serial: int  # this table's place in the merged index (`_TABLES_OF`)
    # By key, each of its cues as (index, the pattern to match where such a word starts,
    # weight): the cue's alternatives that can start with the key (`by_key_sources`), a
    # smaller program for `re` to walk than the whole cue; a match there is a match of the
    # cue there, and the cue matches nowhere else there.
    tries: dict[str, tuple[tuple[int, re.Pattern[str], float], ...]]


# One index of every compiled table's keys and every gated pattern's (`Gated`): a key ->
# the serials of the tables and patterns that hold it. A text's word keys are looked up here
# once (`Starts.keys_of`, `Starts.holds`), not met with each table's or pattern's key set in
# turn: one probe of one dict a word key instead of one a key and a table, read cold on a
# first message (14 tables and about 25 gated patterns a message).
_TABLES_OF: Final[dict[str, tuple[int, ...]]] = {}
_COMPILED: Final = [0]  # how many tables the index holds


def compile_cues(cues: Iterable[tuple[str, float]]) -> Compiled:
    table = Compiled((re.compile(rf"\b(?:{pattern})\b"), weight) for pattern, weight in cues)
    by_key: dict[str, list[int]] = {}
    always: list[int] = []
    cuts: list[Mapping[str, str]] = []
    for i, (pattern, _) in enumerate(table):
        keys, cut = _generated_cue(pattern)
        cuts.append(cut)
        if keys is None:
            always.append(i)
        else:
            for key in keys:
                by_key.setdefault(key, []).append(i)
    table.by_key = {key: tuple(found) for key, found in by_key.items()}
    table.tries = {
        key: tuple(
            (i, table[i][0] if key not in cuts[i] else re.compile(cuts[i][key]), table[i][1])
            for i in found
        )
        for key, found in table.by_key.items()
    }
    table.keys = frozenset(by_key)
    table.always = tuple(always)
    table.serial = _indexed(table.by_key)
    return table


# Every pattern compiled here (a table's cue or a gated pattern), by its source: what
# `scripts/train_classifier.py` generates `flows.classify.cue_cuts` from.
CUE_SOURCES: Final[dict[str, None]] = {}
GATE_SOURCES: Final[dict[str, None]] = {}


def _generated_cue(pattern: re.Pattern[str]) -> tuple[frozenset[str] | None, Mapping[str, str]]:
    """A compiled cue's keys and its cuts by key, as generated at training time
    (`cue_data`); read from the pattern here, without cuts, for a cue added since."""
    CUE_SOURCES[pattern.pattern] = None
    found = cue_cuts.CUES.get(pattern.pattern) if pattern.flags == re.UNICODE else None
    if found is None:
        return start_keys(pattern), {}
    keys, cuts = found
    return (None if keys is None else frozenset(keys)), cuts


def _indexed(keys: Iterable[str]) -> int:
    """A new serial in the merged index, under each of `keys`."""
    serial = _COMPILED[0]
    for key in keys:
        _TABLES_OF[key] = (*_TABLES_OF.get(key, ()), serial)
    _COMPILED[0] = serial + 1
    return serial


class Starts(dict[str, list[int]]):
    """`word_starts`' answer: where the words start by key, and, read at the first `weigh`,
    which of those keys each compiled table holds (`keys_of`: one pass over the text's keys
    through the merged index)."""

    __slots__ = ("_by_table", "_tables")

    def __init__(self) -> None:
        super().__init__()
        self._tables = -1  # the tables the index held when `_by_table` was read

    def keys_of(self, table: Compiled) -> Sequence[str]:
        """The text's keys that `table` holds (in the text's order: `weigh` adds the matched
        cues in table order whatever the keys' order)."""
        if self._tables != _COMPILED[0]:
            self._index()
        return self._by_table.get(table.serial, ())

    def holds(self, serial: int) -> bool:
        """Whether the text holds a key of the table or gated pattern `serial`."""
        if self._tables != _COMPILED[0]:
            self._index()
        return serial in self._by_table

    def _index(self) -> None:
        found: dict[int, list[str]] = {}
        for key in self:
            for serial in _TABLES_OF.get(key, ()):
                if serial in found:
                    found[serial].append(key)
                else:
                    found[serial] = [key]
        self._by_table = found
        self._tables = _COMPILED[0]


@lru_cache(maxsize=16)  # the rules and the settling signals weigh the same text: read only
def word_starts(text: str) -> Starts:
    """Where the words of `text` start, by key: what `weigh` looks its cues up with.
    Compute it once per text when several tables weigh the same text (not to be changed: a
    few are kept)."""
    starts = Starts()
    for m in _WORD_RUN.finditer(text):
        starts.setdefault(m.group()[:KEY_CHARS], []).append(m.start())
    digits = [m.start() for m in _DIGIT_WORD.finditer(text)]
    if digits:
        starts[DIGIT_KEY] = digits
    return starts


def weigh(text: str, table: Compiled, starts: Mapping[str, Sequence[int]] | None = None) -> float:
    """The summed weight of the table's cues found in `text` (`starts`: `word_starts(text)`)."""
    if starts is None:
        starts = word_starts(text)
    keys = starts.keys_of(table) if type(starts) is Starts else table.keys.intersection(starts)
    always = table.always
    if not keys and not always:
        return 0
    total: float = 0
    if len(keys) == 1 and not always:
        # One key of the table in the text (most tables on most texts): its cues in table
        # order, each tried where the key's words start.
        (key,) = keys
        positions = starts[key]
        for _, pattern, weight in table.tries[key]:
            match = pattern.match
            for pos in positions:
                if match(text, pos):
                    total += weight
                    break
        return total
    # A cue matches the text exactly when it matches at one of the places a match can start
    # (search tries them all): tried key by key, and not again once it has matched.
    matched: set[int] = set()
    tries = table.tries
    for key in keys:
        positions = starts[key]
        for i, pattern, _ in tries[key]:
            if i in matched:
                continue
            match = pattern.match
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


@lru_cache(maxsize=8)  # the same text is searched by one gated pattern after another
def word_keys(text: str) -> frozenset[str]:
    """The keys of the words of `text` (`word_starts` without the places)."""
    keys = {word[:KEY_CHARS] for word in _WORD_RUN.findall(text)}
    if _DIGIT_WORD.search(text) is not None:
        keys.add(DIGIT_KEY)
    return frozenset(keys)


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
    a text whose word keys hold none of them (the merged index: `Starts.holds`) has no
    match, and the test costs a fraction of a search. Without keys (the parser cannot tell)
    it always runs. A long pattern is first tried by key where its words start (its cuts,
    generated with its keys at training time: `gate_data`, `flows.classify.cue_cuts`).
    The same results as the pattern's own search, sub, finditer and findall."""

    __slots__ = ("_cuts", "_keys", "_serial", "compiled", "pattern")

    def __init__(self, compiled: re.Pattern[str]) -> None:
        self.compiled = compiled
        self.pattern = source = compiled.pattern
        GATE_SOURCES[source] = None
        # Its keys and cuts as generated at training time (`gate_data`); read from the
        # pattern here, without cuts, for a pattern added since.
        found = cue_cuts.GATES.get(source) if compiled.flags == re.UNICODE else None
        if found is None:
            keys, cuts = match_keys(compiled), {}
        else:
            keys = None if found[0] is None else frozenset(found[0])
            cuts = {key: re.compile(cut) if cut else compiled for key, cut in found[1].items()}
        self._keys = keys
        self._cuts: dict[str, re.Pattern[str]] = cuts
        self._serial = -1 if keys is None else _indexed(keys)  # in the merged index

    @property
    def keys(self) -> frozenset[str] | None:
        return self._keys

    def _absent(self, text: str) -> bool:
        if self._keys is None:
            return False
        starts = word_starts(text)
        if not starts.holds(self._serial):
            return True
        cuts = self._cuts
        if not cuts:
            return False
        # A long pattern: tried where a word with one of its keys starts, each key with its
        # own cut (`_gate_cuts`), a fraction of the program a search walks; a match there
        # means the pattern matches (searched whole then), none means it matches nowhere.
        for key in starts:
            cut = cuts.get(key)
            if cut is not None:
                match = cut.match
                for pos in starts[key]:
                    if match(text, pos):
                        return False
        return True

    def search(self, text: str) -> re.Match[str] | None:
        if self._keys is not None and not word_starts(text).holds(self._serial):
            return None  # no word it can start with (a long pattern's cuts: `_first`)
        key = (self, text)
        found = SEEN.get(key, _UNSEEN)  # most are not asked twice: no KeyError raised
        if found is _UNSEEN:
            if len(SEEN) > SEEN_MOST:
                SEEN.clear()
            found = SEEN[key] = self._first(text)
        return found  # type: ignore[no-any-return]

    def _first(self, text: str) -> re.Match[str] | None:
        """`search`'s answer, tried only where a match can start: every match starts where a
        word with one of the pattern's keys starts, so the leftmost of those places where the
        pattern matches is where a search finds it, with the same match (`match` at a place
        sees the text before it, as a search does: \\b and look-behinds read the same). A
        search walks every alternative at every place of the text; this, a few places."""
        keys = self._keys
        if keys is None:
            return self.compiled.search(text)
        starts = word_starts(text)
        match = self.compiled.match
        cuts = self._cuts
        if not cuts:
            places = [pos for key in starts if key in keys for pos in starts[key]]
            if len(places) > 1:
                places.sort()
            for pos in places:
                found = match(text, pos)
                if found is not None:
                    return found
            return None
        # A long pattern: at each place, the cut of the word's key (`_gate_cuts`: where such
        # a word starts it matches exactly when the whole pattern does), and the whole
        # pattern's match only where the cut matched.
        tries = [(pos, cuts[key]) for key in starts if key in cuts for pos in starts[key]]
        if len(tries) > 1:
            tries.sort(key=_place)
        whole = self.compiled
        for pos, cut in tries:
            found = cut.match(text, pos)
            if found is not None:
                return found if cut is whole else match(text, pos)
        return None

    def sub(self, repl: str | Callable[[re.Match[str]], str], text: str) -> str:
        return text if self._absent(text) else self.compiled.sub(repl, text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return iter(()) if self._absent(text) else self.compiled.finditer(text)

    def findall(self, text: str) -> list[Any]:
        return [] if self._absent(text) else self.compiled.findall(text)


def _place(item: tuple[int, re.Pattern[str]]) -> int:
    return item[0]


def gated(pattern: str) -> Gated:
    """`re.compile(pattern)`, searched only on texts that hold a word it can start with."""
    return Gated(re.compile(pattern))
