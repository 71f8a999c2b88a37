"""The seventh blind pair (issue 13, round 5): written by the priority guide by someone who
never read the classifier, committed in a repository of its own (916caf1, 23:01 UTC) before
any round-5 change reached main and kept out of the project until the round-5 code was frozen
("Round 5 freeze (issue 13)", 055ad0e), then scored once (docs/classification.md, "Round 5:
held-out, blind set 7", reports the figures and the misses).

The bars sit at those figures. Since round 6 the pair is spent: its misses were studied for
the rules and it is training data (scripts/train_classifier.py CORPORA), so what the
classifier reaches on it now is tuned-on, not an accuracy claim; the bars stay as they were
frozen, floors that a change must not fall below. An eighth pair, kept from the project, is
the next held-out score.
"""

from __future__ import annotations

import pytest

from tests.flows.corpus import assert_blind_pair_is_sound, assert_frozen_figures

# Reported (frozen code, scored once): en 0.939 right (184/196), 0.121 asked, 1 whole-site
# outage below P2, 3 P4 read as P1/P2; es 0.874 (173/198), 0.124, 2, 4.
BARS = {"en": (0.93, 0.13, 1, 3), "es": (0.87, 0.13, 2, 4)}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_blind7_is_large_well_formed_and_covers_the_hard_kinds(lang: str) -> None:
    assert_blind_pair_is_sound(
        f"classify_blind7_{lang}",
        rows=200,
        kinds={"noncrit_calls", "total_loss", "capacity", "ivr", "suspended", "destination"},
    )


@pytest.mark.parametrize("lang", ["en", "es"])
def test_blind7_does_not_fall_below_its_frozen_figures(lang: str) -> None:
    assert_frozen_figures(f"classify_blind7_{lang}", lang, BARS[lang])
