"""The cue tables' gate: one alternation per table answers "no cue here" exactly as
searching every pattern would, so skipping a table on it changes no score."""

from __future__ import annotations

from flows.classify import reading as classify
from flows.classify import scope as classify_scope
from flows.classify.cues import Compiled, compile_cues, weigh
from flows.classify.text import normalise
from tests.flows.corpus import load_corpus

TABLES: dict[str, Compiled] = {**classify._TABLES, **classify_scope.TABLES}


def each_pattern(text: str, table: Compiled) -> float:
    return sum(weight for pattern, weight in table if pattern.search(text))


def test_weighing_with_the_gate_scores_the_labelled_corpora_as_every_pattern_does() -> None:
    texts = [
        normalise(row["text"] or "", None)
        for name in ("classify_en", "classify_es", "classify_blind_en", "classify_blind_es")
        for row in load_corpus(name)
    ]
    assert len(texts) > 100
    for text in texts:
        for table in TABLES.values():
            assert weigh(text, table) == each_pattern(text, table)


def test_an_empty_table_weighs_nothing() -> None:
    assert weigh("phones down", compile_cues(())) == 0
