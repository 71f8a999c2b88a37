"""The eighth blind pair (issue 13, round 6): written by the priority guide by two labellers
(one a language) who never read the classifier, each committed in a repository of its own
(23:52 UTC) before any round-6 change existed, kept out of the project until the round-6 code
was frozen ("Round 6 freeze (issue 13)", c3e67c5), then scored once (docs/classification.md,
"Round 6: held-out, blind set 8", reports the figures and the misses; custody in
tests/flows/data/classify_blind8_rules.md).

The bars sit at those figures, so a change that makes the held-out reading worse fails; they
are not targets to tune against (the next round needs a ninth pair). English misses the
issue's 0.92 and neither language reaches 0 whole-site outages below P2 or 0 P4 read as
P1/P2: this test guards the figures, it does not claim them. The training script never reads
this pair (tests/flows/test_classify_model.py).
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
def test_blind8_does_not_fall_below_its_frozen_figures(lang: str) -> None:
    assert_frozen_figures(f"classify_blind8_{lang}", lang, BARS[lang])
