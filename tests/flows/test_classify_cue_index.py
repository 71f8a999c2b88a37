"""The cue index: a cue's matches start at a word with one of its keys, so trying each cue
only where such a word starts finds the cues a search of every cue finds."""

from __future__ import annotations

import re
from dataclasses import asdict

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from flows.classify import reading as classify
from flows.classify import scope as classify_scope
from flows.classify.classifier import assess
from flows.classify.cue_keys import KEY_CHARS, start_keys
from flows.classify.cues import Compiled, compile_cues, weigh

TABLES: dict[str, Compiled] = {**classify._TABLES, **classify_scope.TABLES}
CUES = [(name, i) for name, table in TABLES.items() for i in range(len(table))]


@pytest.mark.parametrize(
    ("cue", "keys"),
    [
        ("no (?:phone|lines?)", {"no"}),
        ("down|outage|dead(?! air)", {"dow", "out", "dea"}),
        ("i|im|my", {"i", "im", "my"}),  # short words count: \b says they end there
        ("(?:the |a )?phone", {"the", "a", "pho"}),
        ("ca[ií]do", {"cai", "caí"}),
        ("x?phone", {"xph", "pho"}),
        (r"\w+ calls", None),  # any word
        (r"(?:\d+ )?users", None),  # a number is a word too, but which?
        ("(?i:down)", None),  # any case: not indexed
    ],
)
def test_a_cue_is_indexed_by_the_words_its_matches_start_with(
    cue: str, keys: set[str] | None
) -> None:
    found = start_keys(re.compile(rf"\b(?:{cue})\b"))
    assert found == (None if keys is None else frozenset(keys))


def test_the_shipped_tables_index_nearly_every_cue() -> None:
    indexed = sum(len(table) - len(table.always) for table in TABLES.values())
    assert indexed >= 0.95 * len(CUES)


_WORD = re.compile(r"\w+")


def word_key(text: str, pos: int) -> str:
    """The index key of the word that starts at `pos` ("" where none does): what a cue's
    match must start with to be tried (also used by test_classify_cue_cuts)."""
    m = _WORD.match(text, pos)
    return m.group()[:KEY_CHARS] if m else ""


@settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)
@given(data=st.data())
def test_every_match_of_a_cue_starts_at_a_word_with_one_of_its_keys(data: st.DataObject) -> None:
    name, i = data.draw(st.sampled_from(CUES))
    table = TABLES[name]
    pattern = table[i][0]
    text = data.draw(st.from_regex(pattern))
    assume(pattern.search(text))
    keys = start_keys(pattern)
    if keys is not None:
        for pos in range(len(text) + 1):
            if pattern.match(text, pos):
                assert word_key(text, pos) in keys, (pattern.pattern, text, pos)
    assert weigh(text, table) == sum(w for p, w in table if p.search(text))


def test_weighing_a_table_of_unindexed_cues_searches_them_all() -> None:
    table = compile_cues([(r"\w+ calls", 2.0), ("(?i:down)", 3.0), ("up", 1.0)])
    assert table.always == (0, 1)
    assert weigh("the phones are DOWN, no calls", table) == 5.0
    assert weigh("nothing here", table) == 0


@pytest.mark.parametrize(
    "text",
    ["phones down at the whole office", "una llamada se corta", "", "how do I add a user?"],
)
def test_an_assessment_as_a_dict_is_what_asdict_gives(text: str) -> None:
    a = assess(text)
    assert a.to_dict() == asdict(a)
    assert list(a.to_dict()) == list(asdict(a))
