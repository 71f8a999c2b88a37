"""The fifth blind pair (issue 13, round 3): written by the priority guide by someone who
never read the classifier, committed (cb48777) before any round-3 change and kept out of
main until the round-3 code was frozen ("Round 3 freeze (issue 13)"), then scored once
(docs/classification.md, "Round 3", reports the figures and the misses).

The bars sit at or just below those figures, so a change that makes the held-out reading
worse fails; they are not targets to tune against. The figures miss the issue's targets:
this test guards them, it does not claim them. Since round 4 the pair is spent: the misses
were studied and the pair is training data (scripts/train_classifier.py CORPORA), so the
figures it reaches now are in-sample; the bars stay as they were frozen. A sixth pair,
kept from the project, is the next held-out score.
"""

from __future__ import annotations

import pytest

from tests.flows.corpus import assert_blind_pair_is_sound, assert_frozen_figures

# Reported (frozen code, scored once): en 0.888 right (151/170), 0.179 asked, 2 whole-site
# outages below P2, 4 P4 read as P1/P2; es 0.890 (161/181), 0.126, 2, 6.
BARS = {"en": (0.88, 0.18, 2, 4), "es": (0.88, 0.13, 2, 6)}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_blind5_is_large_well_formed_and_covers_the_hard_kinds(lang: str) -> None:
    assert_blind_pair_is_sound(
        f"classify_blind5_{lang}",
        rows=150,
        kinds={"noncrit_calls", "total_loss", "capacity", "ivr", "suspended", "angry_single"},
    )


@pytest.mark.parametrize("lang", ["en", "es"])
def test_blind5_does_not_fall_below_its_frozen_figures(lang: str) -> None:
    assert_frozen_figures(f"classify_blind5_{lang}", lang, BARS[lang])
