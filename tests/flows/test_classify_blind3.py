"""The third blind pair (issue 13): written by the priority guide before the classifier was
changed, scored once with the code frozen (docs/classification.md reports the figures).

Since round 2 it is a development set (round 2 tuned on it; blind set 4 is the held-out
one): the bars were raised to just below round 2's figures on it (en 0.993 right, 0.094
asked; es 1.000, 0.073; no whole-site outage below P2 in either).

Since round 3 this pair is also training data for the learned model (scripts/train_classifier.py),
so these bars are floors for a tuned-on set, not a held-out figure; the held-out figure for
round 3 is the leave-this-corpus-out one in docs/classification.md.
"""

from __future__ import annotations

import pytest

from tests.flows.corpus import assert_rows_well_formed, load_corpus, score_calltower

# Round 1 (held-out): en 0.943, 0.113, 1 site outage below P2; es 0.895, 0.067, 1.
# Round 2 (tuned on): en 0.993, 0.094, 0; es 1.000, 0.073, 0.
BARS = {"en": (0.98, 0.12, 0), "es": (0.98, 0.10, 0)}


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
