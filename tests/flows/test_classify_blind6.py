"""The sixth blind pair (issue 13, round 4): written by the priority guide by someone who
never read the classifier, committed in a repository of its own (499d1ee, 21:24 UTC) before
any round-4 change and kept out of the project until the round-4 code was frozen ("Round 4
freeze, final (issue 13)"), then scored once (docs/classification.md, "Round 4: held-out,
blind set 6", reports the figures and the misses).

The bars sit at those figures, so a change that makes the held-out reading worse fails; they
are not targets to tune against (tuning on this set voids it as held-out: the next round
needs a seventh pair). Spanish misses the issue's 0.92, and neither language reaches 0
whole-site outages below P2 or 0 P4 read as P1/P2: this test guards the figures, it does not
claim them. The training script never reads this pair (tests/flows/test_classify_model.py).
"""

from __future__ import annotations

import pytest

from tests.flows.corpus import assert_blind_pair_is_sound, assert_frozen_figures

# Reported (frozen code, scored once): en 0.951 right (195/205), 0.120 asked, 1 whole-site
# outage below P2, 2 P4 read as P1/P2; es 0.896 (189/211), 0.124, 1, 2.
BARS = {"en": (0.95, 0.13, 1, 2), "es": (0.89, 0.13, 1, 2)}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_blind6_is_large_well_formed_and_covers_the_hard_kinds(lang: str) -> None:
    assert_blind_pair_is_sound(
        f"classify_blind6_{lang}",
        rows=200,
        kinds={"noncrit_calls", "total_loss", "capacity", "ivr", "suspended", "destination"},
    )


@pytest.mark.parametrize("lang", ["en", "es"])
def test_blind6_does_not_fall_below_its_frozen_figures(lang: str) -> None:
    assert_frozen_figures(f"classify_blind6_{lang}", lang, BARS[lang])
