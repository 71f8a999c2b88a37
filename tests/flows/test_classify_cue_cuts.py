"""A cue (or a long gated pattern) cut by key: where a word with a key starts, the cut for that
key matches exactly when the whole pattern does; and the merged index of every table's and
gated pattern's keys (`Starts`) answers as each table's own key set."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from flows.classify import cue_cuts
from flows.classify import reading as classify
from flows.classify import scope as classify_scope
from flows.classify.cue_heads import alternatives, spread
from flows.classify.cue_keys import (
    DIGIT_KEY,
    _gate_cuts,
    by_key_sources,
    cue_data,
    gate_data,
    start_keys_of,
)
from flows.classify.cues import (
    Compiled,
    compile_cues,
    gated,
    weigh,
    word_starts,
)
from tests.flows.test_classify_cost import GATED
from tests.flows.test_classify_cue_index import word_key

ROOT = Path(__file__).parents[2]
TABLES: dict[str, Compiled] = {**classify._TABLES, **classify_scope.TABLES}
CUT_CUES = [
    (name, i)
    for name, table in TABLES.items()
    for i in range(len(table))
    if any(c == i and p is not table[i][0] for row in table.tries.values() for c, p, _ in row)
]
CUT_GATES = sorted(name for name, gate in GATED.items() if gate.keys is not None and gate._cuts)


@pytest.mark.parametrize(
    ("source", "parts"),
    [
        ("a|b c|(?:d|e)f", ["a", "b c", "(?:d|e)f"]),
        (r"x\|y|[|)]z|(a|b)", [r"x\|y", "[|)]z", "(a|b)"]),
        ("[]|]|q", ["[]|]", "q"]),
        ("a)|(b", None),
        ("(a|b", None),
    ],
)
def test_a_pattern_is_cut_at_its_top_level_bars(source: str, parts: list[str] | None) -> None:
    assert alternatives(source) == parts


@pytest.mark.parametrize(
    ("alternative", "pieces"),
    [
        ("(?:make|place) (?:a|any) call", ["make (?:a|any) call", "place (?:a|any) call"]),
        ("(?:the |our )?phones", ["(?:the |our )?phones"]),  # a repeat: kept whole
        ("(?:a|(?:b|c)d)e", ["ae", "bde", "cde"]),
        ("calls", ["calls"]),
    ],
)
def test_a_leading_group_is_spread_over_what_follows(alternative: str, pieces: list[str]) -> None:
    assert spread(alternative, 64) == pieces
    whole = re.compile(rf"\b(?:{alternative})")
    spread_out = re.compile(rf"\b(?:{'|'.join(pieces)})")
    for text in ("make a call", "place any call", "ae", "bde", "cde", "our phones", "calls", "bd"):
        assert (whole.match(text) is None) == (spread_out.match(text) is None)


def test_a_cue_is_cut_into_the_alternatives_each_key_starts() -> None:
    cuts = by_key_sources("down|(?:no|zero) calls|dead(?! air)", "", r"\b", start_keys_of)
    assert cuts == {
        "dow": r"\b(?:down)\b",
        "no": r"\b(?:no calls)\b",
        "zer": r"\b(?:zero calls)\b",
        "dea": r"\b(?:dead(?! air))\b",
    }
    assert by_key_sources(r"down|\w+ calls", "", r"\b", start_keys_of) is None


def test_the_long_shipped_cues_and_gated_patterns_are_cut() -> None:
    assert len(CUT_CUES) >= 100
    assert len(CUT_GATES) >= 3


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)
@given(data=st.data())
def test_a_cut_matches_where_its_cue_matches(data: st.DataObject) -> None:
    name, i = data.draw(st.sampled_from(CUT_CUES))
    table = TABLES[name]
    pattern = table[i][0]
    text = data.draw(st.from_regex(pattern)) + data.draw(st.sampled_from(["", " no calls"]))
    assume(pattern.search(text))
    for key, row in table.tries.items():
        for cue, cut, _ in row:
            if cue != i:
                continue
            for pos in range(len(text) + 1):
                if word_key(text, pos) == key and (pos == 0 or not text[pos - 1].isalnum()):
                    assert (cut.match(text, pos) is None) == (pattern.match(text, pos) is None)
    assert weigh(text, table) == sum(w for p, w in table if p.search(text))


@settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)
@given(data=st.data())
def test_a_cut_gated_pattern_finds_what_its_pattern_finds(data: st.DataObject) -> None:
    gate = GATED[data.draw(st.sampled_from(CUT_GATES))]
    text = data.draw(st.from_regex(gate.compiled))
    for cut in (text, text[: len(text) // 2], text[len(text) // 3 :]):
        assert (gate.search(cut) is None) == (gate.compiled.search(cut) is None), cut


def test_a_table_compiled_after_a_text_was_read_is_found_in_it() -> None:
    text = "the fax machine zzqx is down"
    starts = word_starts(text)
    assert weigh(text, TABLES["outage"], starts) > 0  # the merged index read for this text
    late = compile_cues([("zzqx", 2.5), ("fax machine", 1.0)])
    assert weigh(text, late, starts) == 3.5
    assert weigh(text, late, {"zzq": [16]}) == 2.5  # a plain mapping: the table's own keys


# -- generated at training time (flows/classify/cue_cuts.py) ---------------------------------


def test_the_shipped_cue_cuts_match_the_patterns() -> None:
    """scripts/train_classifier.py --cues --check: every cue table's and gated pattern's
    keys and cuts, read from the patterns in a fresh process, as generated."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "train_classifier.py"), "--cues", "--check"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "the shipped cue cuts match" in done.stdout


def test_every_shipped_table_and_gated_pattern_is_generated() -> None:
    for table in TABLES.values():
        for pattern, _ in table:
            assert pattern.pattern in cue_cuts.CUES
    for gate in GATED.values():
        assert gate.pattern in cue_cuts.GATES
    some = sorted(cue_cuts.CUES)[::7]
    assert all(cue_cuts.CUES[source] == cue_data(source) for source in some)
    assert all(cue_cuts.GATES[source] == gate_data(source) for source in sorted(cue_cuts.GATES))


def test_every_cut_is_compiled_at_import() -> None:
    """Nothing is compiled or read where it is first tried (a storm worker's event loop
    would stall on it): every try of every table and every gated cut is a compiled pattern."""
    for table in TABLES.values():
        for row in table.tries.values():
            assert all(type(cut) is re.Pattern for _, cut, _ in row)
    for gate in GATED.values():
        assert all(type(cut) is re.Pattern for cut in gate._cuts.values())


def test_a_pattern_not_generated_is_read_at_compile_time_without_cuts() -> None:
    table = compile_cues([("zzqy (?:fax|phone) line", 1.5), (r"\w+ zzqy", 0.5)])
    assert table.by_key == {"zzq": (0,)} and table.always == (1,)
    assert table.tries["zzq"][0][1] is table[0][0]  # the whole cue: no cut
    assert weigh("the zzqy fax line", table) == 2.0
    gate = gated(r"\b(?:zzqy|zzqw) lines?\b")
    assert gate.keys == frozenset({"zzq"}) and not gate._cuts
    assert gate.search("the zzqw line") is not None and gate.search("the zzqx line") is None


# -- digits: a word that starts with one is under the digit key ("#") -------------------------


@pytest.mark.parametrize(
    ("cue", "keys"),
    [
        (r"\d+ calls|only \d+", {"#", "onl"}),
        (r"911|\d+(?:th|st) call", {"911", "#"}),
        (r"8\d\d", {"#"}),  # a literal digit the word goes on from: its key unknown, "#" holds it
        (r"x\d+", None),  # "x12": its key is "x12", which the pattern cannot tell
        (r"call \d+", {"cal"}),
    ],
)
def test_a_digit_starts_a_word_under_the_digit_key(cue: str, keys: set[str] | None) -> None:
    found = start_keys_of(rf"\b(?:{cue})\b")
    assert found == (None if keys is None else frozenset(keys))


def test_a_text_holds_the_digit_key_where_a_word_starts_with_a_digit() -> None:
    starts = word_starts("since 8am, 30% of calls (x12)")
    assert starts[DIGIT_KEY] == [6, 11] and starts["8am"] == [6] and starts["x12"] == [25]
    assert DIGIT_KEY not in word_starts("no digits here")


def test_a_gated_pattern_of_several_alternatives_is_cut_by_key() -> None:
    source = (
        r"\b(?:(?:only|just) \d+ (?:calls|lines)|\d+ (?:of|de) \d+ (?:lines|lineas))\b"
        r"|\bthe (?:second|third) call (?:fails|is busy)\b"
        r"|\b(?<!not )(?:half|la mitad) (?:of )?the calls\b"
    )
    whole = re.compile(source)
    cuts = _gate_cuts(whole)  # a long pattern's, as `gate_data` generates them
    assert sorted(cuts) == ["#", "hal", "jus", "la", "onl", "the"]
    assert cuts["#"] == r"\b(?:\d+ (?:of|de) \d+ (?:lines|lineas))\b"
    assert cuts["hal"] == r"\b(?<!not )\b(?:half) (?:of )?the calls\b"
    for text in (
        "only 4 calls work",
        "3 of 10 lines down, just 2 lines up",
        "since 8am the third call is busy",
        "not half the calls",
        "la mitad the calls",
        "x3 of 4 lines",
        "the second caller fails",
    ):
        places: dict[int, list[str]] = {}
        for key, positions in word_starts(text).items():
            for pos in positions:
                places.setdefault(pos, []).append(key)
        for pos, keys in places.items():
            tried = [re.compile(cuts[key]) for key in keys if key in cuts]
            in_cuts = any(cut.match(text, pos) for cut in tried)
            assert in_cuts == (whole.match(text, pos) is not None), (text, pos)


def test_a_cut_that_repeats_most_of_the_pattern_is_not_kept() -> None:
    tail = "(?: (?:foo|bar|baz))?" * 20
    source = rf"\b(?:alpha|bravo){tail}\b|\bzulu calls\b"
    cuts = _gate_cuts(re.compile(source))
    assert cuts["zul"] == r"\bzulu calls\b"
    assert all(isinstance(cuts[key], re.Pattern) for key in ("alp", "bra"))  # the whole
