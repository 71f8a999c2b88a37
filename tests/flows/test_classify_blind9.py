"""The ninth blind pair (issue 13, round 7; tuned-on since round 8: blind 9 is training data and
round 8's rules were written reading its misses): written by the priority guide by two labellers
(one a language) who never read the classifier, each committed in a repository of its own
(02:23-02:24 UTC) before any round-7 change existed, kept out of the project until the round-7
code was frozen ("Round 7 freeze (issue 13)", 5c15a82), then scored once (docs/classification.md,
"Round 7: held-out, blind set 9", reports the figures and the misses; custody in
tests/flows/data/classify_blind9_rules.md).

The bars sit at those figures, so a change that makes the held-out reading worse fails; they
are not targets to tune against. Both languages reach the issue's 0.92 and its asks; neither
reaches 0 whole-site outages below P2 or 0 P4 read as P1/P2 (counted here, as in the report,
whether the bot then asks or not): this test guards the figures, it does not claim them.
"""

from __future__ import annotations

import pytest

from tests.flows.corpus import assert_blind_pair_is_sound, assert_frozen_figures

# Reported (frozen code, scored once): en 0.971 right (202/208), 0.122 asked, 1 whole-site
# outage below P2, 5 P4 read as P1/P2 (2 decided, 3 asked); es 0.929 (182/196), 0.117, 1,
# 4 (3 decided, 1 asked).
BARS = {"en": (0.97, 0.13, 1, 5), "es": (0.92, 0.12, 1, 4)}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_blind9_is_large_well_formed_and_covers_the_hard_kinds(lang: str) -> None:
    assert_blind_pair_is_sound(
        f"classify_blind9_{lang}",
        rows=200,
        kinds={"noncrit_calls", "total_loss", "capacity", "ivr", "suspended", "destination"},
    )


@pytest.mark.parametrize("lang", ["en", "es"])
def test_blind9_does_not_fall_below_its_frozen_figures(lang: str) -> None:
    assert_frozen_figures(f"classify_blind9_{lang}", lang, BARS[lang])
