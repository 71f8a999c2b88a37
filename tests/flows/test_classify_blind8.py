"""The eighth blind pair (issue 13, round 6): written by the priority guide by two labellers
(one a language) who never read the classifier, each committed in a repository of its own
(23:52 UTC) before any round-6 change existed, kept out of the project until the round-6 code
was frozen ("Round 6 freeze (issue 13)", c3e67c5), then scored once (docs/classification.md,
"Round 6: held-out, blind set 8", reports the figures and the misses; custody in
tests/flows/data/classify_blind8_rules.md).

The bars sit at those figures. Since round 7 the pair is spent and tuned-on: its misses were
studied for the rules (the round-7 kinds, tests/flows/test_classify_round7.py) and it is
training data (scripts/train_classifier.py CORPORA), so what the classifier reaches on it now
is not an accuracy claim; the bars stay as they were frozen, floors that a change must not
fall below. A ninth pair, kept from the project, is the next held-out score.
"""

from __future__ import annotations

import pytest

from tests.flows.corpus import assert_blind_pair_is_sound, assert_frozen_figures

# Reported (frozen code, scored once): en 0.912 right (206/226), 0.124 asked, 4 whole-site
# outages below P2, 3 P4 read as P1/P2; es 0.941 (191/203), 0.106, 1, 3.
BARS = {"en": (0.91, 0.13, 4, 3), "es": (0.94, 0.11, 1, 3)}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_blind8_is_large_well_formed_and_covers_the_hard_kinds(lang: str) -> None:
    assert_blind_pair_is_sound(
        f"classify_blind8_{lang}",
        rows=200,
        kinds={"noncrit_calls", "total_loss", "capacity", "ivr", "suspended", "destination"},
    )


@pytest.mark.parametrize("lang", ["en", "es"])
def test_blind8_tuned_on_does_not_fall_below_its_frozen_figures(lang: str) -> None:
    assert_frozen_figures(f"classify_blind8_{lang}", lang, BARS[lang])
