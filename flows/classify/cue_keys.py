"""The keys a pattern's matches start with, and a pattern cut by those keys.

Read from a pattern's source by our own small parser (`flows.classify.cue_heads`), at
training time (`scripts/train_classifier.py` generates `flows.classify.cue_cuts` from
`cue_data` and `gate_data`), or at import for a pattern added since (without cuts). The
index that uses them, and the matching, live in `flows.classify.cues`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Final

from flows.classify.cue_heads import (
    DIGIT,
    Group,
    Node,
    Unsupported,
    Zero,
    alternatives,
    closing,
    heads,
    parse,
    spread,
)

# The index key of a word: its first three characters (the whole word if shorter). A word
# that starts with a digit is under the digit key as well ("#", no word's first characters):
# a pattern's ``\d`` (`cue_heads.DIGIT`) can start it whatever its digits are.
KEY_CHARS: Final = 3
DIGIT_KEY: Final = "#"
_BOUNDARY: Final = Zero(boundary=True)
_LEADING_WORD: Final = re.compile(r"\w*")


def cue_data(source: str) -> tuple[tuple[str, ...] | None, dict[str, str]]:
    """What `flows.classify.cue_cuts` holds for the cue compiled as `source` (no flags): the
    keys of the words its matches can start with (None: searched everywhere), and by key
    the cut that is smaller than the whole cue (`_cut_by_key`)."""
    pattern = re.compile(source)
    keys = start_keys(pattern)
    if keys is None:
        return None, {}
    cuts = _cut_by_key(pattern, "", r"\b", start_keys_of)
    return tuple(sorted(keys)), {key: cuts[key] for key in sorted(cuts)}


def gate_data(source: str) -> tuple[tuple[str, ...] | None, dict[str, str]]:
    """What `flows.classify.cue_cuts` holds for the gated pattern `source` (no flags): the
    keys of the words its matches can start with (None: always searched), and for a long
    pattern its cut for every key ("": the whole pattern, no smaller cut; `_gate_cuts`)."""
    pattern = re.compile(source)
    keys = match_keys(pattern)
    if keys is None:
        return None, {}
    cuts = _gate_cuts(pattern) if len(source) >= _CUT_FROM else {}
    return tuple(sorted(keys)), {
        key: "" if cut is pattern else str(cut) for key, cut in sorted(cuts.items())
    }


# -- what a cue's matches start with ------------------------------------------------------


def start_keys(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The keys of the words every match of ``\\b(?:cue)\\b`` can start with, or None.

    Read from the pattern by our own small parser (`flows.classify.cue_heads`): the literal
    text each match begins with, cut to its leading word. A word shorter than a key counts
    only when the literal text goes on past it (so the word ends there); any doubt, and the
    cue is searched everywhere."""
    if pattern.flags & (re.IGNORECASE | re.ASCII | re.LOCALE | re.VERBOSE):
        return None
    return start_keys_of(pattern.pattern)


def start_keys_of(source: str) -> frozenset[str] | None:
    """`start_keys` of a pattern's source (compiled without flags)."""
    try:
        tree = parse(source)
    except Unsupported:
        return None  # searched everywhere: slower, never wrong
    if len(tree.alternatives) != 1:
        return None
    items = tree.alternatives[0]
    if not items or items[0] != _BOUNDARY:
        return None
    keys = _sequence_keys(items)  # a group with too many heads read alternative by alternative
    return None if keys is None else frozenset(keys)


def _head_key(head: str) -> str | None:
    """The key of the word a match that begins with `head` starts with, or None. A word
    shorter than a key counts only when the literal text goes on past it (so the word ends
    there); a word that starts with a digit (`DIGIT`: any digit) has the digit key."""
    word = _LEADING_WORD.match(head).group()  # type: ignore[union-attr]  # \w* always matches
    if len(word) >= KEY_CHARS:
        return word[:KEY_CHARS]
    if head[len(word) : len(word) + 1] == DIGIT:  # the word goes on with some digit
        return DIGIT_KEY if not word or word[0].isdecimal() else None
    if word and len(word) < len(head):
        return word
    return None


def match_keys(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """`start_keys` for a pattern whose every alternative (at the top) begins with \\b, after
    any look-arounds: the keys of the words each of its matches can start with, or None."""
    if pattern.flags & (re.IGNORECASE | re.ASCII | re.LOCALE | re.VERBOSE):
        return None
    return match_keys_of(pattern.pattern)


def match_keys_of(source: str) -> frozenset[str] | None:
    """`match_keys` of a pattern's source (compiled without flags)."""
    try:
        tree = parse(source)
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
        key = _head_key(head)
        if key is None:
            break
        keys.add(key)
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


# -- a pattern cut by the keys its matches start with ---------------------------------------

_SPREAD_MOST: Final = 512  # alternatives a pattern is spread into at most
_LOOKS: Final = ("(?<!", "(?<=", "(?!", "(?=")


def by_key_sources(
    source: str, lead: str, tail: str, keys_of: Callable[[str], frozenset[str] | None]
) -> dict[str, str] | None:
    """The pattern ``lead\b(?:ALTS)tail`` (`source` = ALTS) cut by key: for each key a
    word of a match can start with (`keys_of`, as the whole pattern's keys are read), the
    pattern with only the alternatives (a leading group spread over what follows it) whose
    matches can start with that key. Where a word with the key starts, the cut pattern
    matches exactly when the whole one does. None when an alternative's keys cannot be read."""
    alts = alternatives(source)
    if alts is None:
        return None
    spread_alts: list[str] = []
    for alt in alts:
        spread_alts.extend(spread(alt, _SPREAD_MOST))
    if len(spread_alts) > _SPREAD_MOST:
        spread_alts = alts
    groups: dict[str, list[str]] = {}
    for alt in spread_alts:
        keys = keys_of(rf"{lead}\b(?:{alt}){tail}")
        if keys is None:
            return None
        for key in keys:
            groups.setdefault(key, []).append(alt)
    return {key: f"{lead}\\b(?:{'|'.join(found)}){tail}" for key, found in groups.items()}


def _cut_by_key(
    pattern: re.Pattern[str], lead: str, tail: str, keys_of: Callable[[str], frozenset[str] | None]
) -> Mapping[str, str]:
    """`by_key_sources` of a compiled ``\\b(?:ALTS)tail`` cue (no flags); only the keys whose
    cut is smaller than the whole (the others keep the whole pattern)."""
    head = rf"{lead}\b(?:"
    whole = pattern.pattern
    if pattern.flags != re.UNICODE:  # the cuts are compiled without flags
        return {}
    if not whole.startswith(head) or not whole.endswith(tail):
        return {}
    inner = whole[len(head) : len(whole) - len(tail)]
    if not inner.endswith(")"):
        return {}
    sources = by_key_sources(inner[:-1], lead, tail, keys_of)
    if sources is None:
        return {}
    return {key: cut for key, cut in sources.items() if len(cut) < len(whole)}


# A gated pattern this long (its source) is tried by key where its words start instead of
# searched, when it matches nowhere (most searches): its `re` program is mostly cold on a first
# message and a search walks all of its alternatives; shorter ones cost less than the loop.
_CUT_FROM: Final = 1500


def _gate_cuts(compiled: re.Pattern[str]) -> dict[str, re.Pattern[str] | str]:
    """A gated pattern cut by key, every key of its matches (the whole pattern where the cut
    would be no smaller); empty when a key cannot be read. Each top-level alternative of the
    form ``lead\\b(?:ALTS)tail`` (`lead`: look-arounds) is spread into one alternative of
    ALTS each (`by_key_sources`), any other kept whole; a key's cut is the alternatives its
    matches can start with, in the pattern's order: where a word with the key starts, it
    matches exactly when the whole pattern does."""
    source = compiled.pattern
    if compiled.flags != re.UNICODE:  # the cuts are compiled without flags
        return {}
    tops = alternatives(source)
    if tops is None:
        return {}
    groups: dict[str, list[str]] = {}
    for top in tops:
        pieces = _spread_top(top)
        if pieces is None:
            return {}
        for key, cut in pieces.items():
            groups.setdefault(key, []).append(cut)
    if set(groups) != match_keys(compiled):
        return {}
    cuts = {key: "|".join(found) for key, found in groups.items()}
    if len(tops) > 1 or not tops[0].startswith(r"\b(?:", _lead_end(tops[0])):
        # Not cost6's ``looks\\b(?:ALTS)tail`` form (whose cuts are kept as measured then):
        # a long alternative spread by its leading group repeats what follows the group in
        # every key's cut. Kept: the cuts of at most half the pattern, smallest first, up to
        # `_CUTS_MOST` times the pattern in all (each is compiled at import); the other keys
        # try the whole pattern.
        budget = _CUTS_MOST * len(source)
        for key in sorted(cuts, key=lambda k: len(cuts[k])):
            size = len(cuts[key])
            if size > len(source) // 2 or size > budget:
                cuts[key] = source
            else:
                budget -= size
    if all(len(cut) >= len(source) for cut in cuts.values()):
        return {}  # no key's cut is smaller: searched as it is
    return {key: compiled if len(cut) >= len(source) else cut for key, cut in cuts.items()}


_CUTS_MOST: Final = 4


def _lead_end(top: str) -> int:
    """Where the look-arounds `top` begins with end (0: none; -1: one does not close)."""
    i = 0
    while top.startswith(_LOOKS, i):
        end = closing(top, i)
        if end < 0:
            return -1
        i = end + 1
    return i


def _spread_top(top: str) -> dict[str, str] | None:
    """One top-level alternative of a gated pattern by key: ``lead(?:ALTS)tail`` (`lead`:
    look-arounds and \\b, one \\b at least) cut as `by_key_sources` cuts it, another form
    whole under each of its keys; None when a key cannot be read."""
    i = 0
    bounded = False  # a \b read in the lead
    while True:
        if top.startswith(_LOOKS, i):
            end = closing(top, i)
            if end < 0:
                return None
            i = end + 1
        elif top.startswith(r"\b", i):
            i += 2
            bounded = True
        else:
            break
    end = closing(top, i) if bounded and top.startswith("(?:", i) else -1
    if end > 0 and top[end + 1 : end + 2] not in ("?", "*", "+", "{"):
        # by_key_sources puts a \b before the group: the lead's own, or a second one where
        # the lead has one already (zero-width, at the same place: the same matches).
        lead = top[: i - 2] if top.endswith(r"\b", 0, i) else top[:i]
        return by_key_sources(top[i + 3 : end], lead, top[end + 1 :], match_keys_of)
    keys = match_keys_of(top)
    return None if keys is None else dict.fromkeys(keys, top)
