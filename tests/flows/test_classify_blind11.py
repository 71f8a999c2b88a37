"""The eleventh blind pair (issue 13, round 9): written by the priority guide by two labellers
(one a language) who never read the classifier, each committed in a repository of its own
(03:51-03:52 UTC) before any round-9 rule change existed, kept out of the project until the
round-9 code was frozen ("Round 9 freeze (issue 13)", 9d35018), then scored once
(docs/classification.md, "Round 9: held-out, blind set 11", reports the figures and the
misses; custody in tests/flows/data/classify_blind11_rules.md).

The bars sit at those figures, so a change that makes the held-out reading worse fails; they
are not targets to tune against. English misses the issue's 0.92 on this pair (it reached it
on blind 9); neither language reaches 0 whole-site outages below P2 or 0 P4 read as P1/P2
(counted whether the bot then asks or not): this test guards the figures, it does not claim
them. Blind 11 is not training data yet: a round that learns from it makes these floors tuned-on.
"""

from __future__ import annotations

import pytest

from tests.flows.corpus import assert_blind_pair_is_sound, assert_frozen_figures

# Reported (frozen code, scored once): en 0.916 right (196/214), 0.116 asked, 1 whole-site
# outage below P2, 4 P4 read as P1/P2 (2 decided, 2 asked); es 0.957 (200/209), 0.054, 1,
# 2 (1 decided, 1 asked).
BARS = {"en": (0.91, 0.12, 1, 4), "es": (0.95, 0.06, 1, 2)}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_blind11_is_large_well_formed_and_covers_the_hard_kinds(lang: str) -> None:
    assert_blind_pair_is_sound(
        f"classify_blind11_{lang}",
        rows=200,
        kinds={"noncrit_calls", "total_loss", "capacity", "ivr", "suspended", "destination"},
    )


@pytest.mark.parametrize("lang", ["en", "es"])
def test_blind11_does_not_fall_below_its_frozen_figures(lang: str) -> None:
    assert_frozen_figures(f"classify_blind11_{lang}", lang, BARS[lang])
