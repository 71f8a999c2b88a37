"""The tenth blind pair (issue 13, round 8): written by the priority guide by two labellers
(one a language) who never read the classifier, each committed in a repository of its own
(03:11-03:13 UTC) before any round-8 rule change existed, kept out of the project until the
round-8 code was frozen ("Round 8 freeze (issue 13)", dee2d2e), then scored once
(docs/classification.md, "Round 8: held-out, blind set 10", reports the figures and the
misses; custody in tests/flows/data/classify_blind10_rules.md).

The bars sit at those figures, so a change that makes the held-out reading worse fails; they
are not targets to tune against. English misses the issue's 0.92 on this pair (it reached it
on blind 9); neither language reaches 0 whole-site outages below P2 or 0 P4 read as P1/P2
(counted whether the bot then asks or not): this test guards the figures, it does not claim
them. Tuned-on since round 9: blind 10 is training data (scripts/train_classifier.py) and the
round-9 rules were written reading its misses; the floors stay at the frozen figures.
"""

from __future__ import annotations

import pytest

from tests.flows.corpus import assert_blind_pair_is_sound, assert_frozen_figures

# Reported (frozen code, scored once): en 0.914 right (201/220), 0.095 asked, 1 whole-site
# outage below P2, 4 P4 read as P1/P2 (3 decided, 1 asked); es 0.930 (213/229), 0.073, 1,
# 2 (1 decided, 1 asked).
BARS = {"en": (0.91, 0.10, 1, 4), "es": (0.93, 0.08, 1, 2)}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_blind10_is_large_well_formed_and_covers_the_hard_kinds(lang: str) -> None:
    assert_blind_pair_is_sound(
        f"classify_blind10_{lang}",
        rows=200,
        kinds={"noncrit_calls", "total_loss", "capacity", "ivr", "suspended", "destination"},
    )


@pytest.mark.parametrize("lang", ["en", "es"])
def test_blind10_does_not_fall_below_its_frozen_figures(lang: str) -> None:
    assert_frozen_figures(f"classify_blind10_{lang}", lang, BARS[lang])
