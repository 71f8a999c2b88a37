"""The fourth blind pair (issue 13, round 2): written by the priority guide and committed
before any round-2 classifier change, scored once with the code frozen
(docs/classification.md, "Round 2", reports the figures and every kind of miss).

The bars sit at or just below those figures, so a change that makes the held-out reading
worse fails; they are not targets to tune against (tuning on this set voids it as held-out).
The figures miss the issue's targets: this test guards them, it does not claim them.

Since round 3 this pair is also training data for the learned model (scripts/train_classifier.py),
so these bars are floors for a tuned-on set, not a held-out figure; the held-out figure for
round 3 is the leave-this-corpus-out one in docs/classification.md.
"""

from __future__ import annotations

import pytest

from tests.flows.corpus import assert_frozen_figures, assert_rows_well_formed, load_corpus

# Reported (frozen code, scored once): en 0.849 right (124/146), 0.126 asked, 3 whole-site
# outages below P2, 3 P4 read as P1/P2; es 0.845 (125/148), 0.129, 2, 4.
BARS = {"en": (0.84, 0.13, 3, 3), "es": (0.84, 0.13, 2, 4)}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_blind4_is_large_well_formed_and_covers_the_hard_kinds(lang: str) -> None:
    rows = load_corpus(f"classify_blind4_{lang}")
    assert len(rows) >= 150
    assert len({row["text"] for row in rows}) == len(rows)
    assert_rows_well_formed(rows)
    kinds = {row["kind"] for row in rows}
    assert kinds >= {"wording", "negated", "buried", "mismatch", "self", "noncrit", "typos", "sms"}
    if lang == "es":
        assert kinds >= {"mx", "es"}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_blind4_does_not_fall_below_its_frozen_figures(lang: str) -> None:
    assert_frozen_figures(f"classify_blind4_{lang}", lang, BARS[lang])
