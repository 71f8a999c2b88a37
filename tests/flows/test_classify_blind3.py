"""The third blind pair (issue 13): written by the priority guide before the classifier was
changed, scored once with the code frozen (docs/classification.md reports the figures).

These bars sit just below those figures so a change that makes the held-out reading worse
fails; they are not targets to tune against (tuning on this set would void it as held-out).
The known misses are listed in the doc: one whole-site outage per language read below P2.
"""

from __future__ import annotations

import pytest

from tests.flows.corpus import assert_rows_well_formed, load_corpus, score_calltower

# Reported: en 0.943 right, 0.113 asked, 1 site outage below P2; es 0.895, 0.067, 1.
BARS = {"en": (0.93, 0.15, 1), "es": (0.88, 0.10, 1)}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_blind3_is_large_well_formed_and_covers_the_hard_kinds(lang: str) -> None:
    rows = load_corpus(f"classify_blind3_{lang}")
    assert len(rows) >= 150
    assert len({row["text"] for row in rows}) == len(rows)
    assert_rows_well_formed(rows)
    kinds = {row["kind"] for row in rows}
    assert kinds >= {"wording", "negated", "buried", "mismatch", "self", "noncrit", "typos", "sms"}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_blind3_does_not_fall_below_its_frozen_figures(lang: str) -> None:
    accuracy, ask_rate, site_below = BARS[lang]
    score = score_calltower(load_corpus(f"classify_blind3_{lang}"), lang)
    assert score.accuracy >= accuracy, score.report
    assert score.ask_rate <= ask_rate, score.report
    assert score.site_below_p2 <= site_below, score.report
