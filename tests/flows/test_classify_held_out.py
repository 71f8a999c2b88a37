"""The blind pairs from the sixth on (issue 13): each written by the priority guide by
labellers who never read the classifier, committed in a repository of their own before the
round's rules existed, kept out of the project until the round's code was frozen, then scored
once. docs/classification.md ("Round N: held-out, blind set M") reports each pair's figures
and misses; tests/flows/data/classify_blindM_rules.md keeps its custody.

The bars sit at the frozen figures, so a change that makes a held-out reading worse fails;
they are not targets to tune against. A pair the classifier has since learned from (named in
scripts/train_classifier.py CORPORA, its misses studied for the rules) is tuned-on: what the
classifier reaches on it now is no accuracy claim, and its bars stay as frozen, floors that a
change must not fall below. "P4 read as P1/P2" counts the priority held even where the bot
then asks. Only blind 23 reached the issue's zero whole-site outages below P2 and zero P4
read as P1/P2 in both languages: this test guards the figures, it does not claim them.
"""

from __future__ import annotations

import pytest

from tests.flows.corpus import assert_blind_pair_is_sound, assert_frozen_figures

Bars = tuple[float, float, int, int]  # right where it decides, asks, site below P2, P4 high

# Per pair and language, as reported on the frozen code (right/decided, asked, whole-site
# outages below P2, P4 read as P1/P2).
FROZEN: dict[str, dict[str, Bars]] = {
    # round 4, "Round 4 freeze, final (issue 13)": en 0.951 (195/205), 0.120, 1, 2;
    # es 0.896 (189/211), 0.124, 1, 2. Training data since round 6.
    "blind6": {"en": (0.95, 0.13, 1, 2), "es": (0.89, 0.13, 1, 2)},
    # round 5, 055ad0e: en 0.939 (184/196), 0.121, 1, 3; es 0.874 (173/198), 0.124, 2, 4.
    # Training data since round 6.
    "blind7": {"en": (0.93, 0.13, 1, 3), "es": (0.87, 0.13, 2, 4)},
    # round 6, c3e67c5: en 0.912 (206/226), 0.124, 4, 3; es 0.941 (191/203), 0.106, 1, 3.
    # Training data since round 7.
    "blind8": {"en": (0.91, 0.13, 4, 3), "es": (0.94, 0.11, 1, 3)},
    # round 7, 5c15a82: en 0.971 (202/208), 0.122, 1, 5 (2 decided, 3 asked); es 0.929
    # (182/196), 0.117, 1, 4 (3 decided, 1 asked). Training data since round 8.
    "blind9": {"en": (0.97, 0.13, 1, 5), "es": (0.92, 0.12, 1, 4)},
    # round 8, dee2d2e: en 0.914 (201/220), 0.095, 1, 4 (3 decided, 1 asked); es 0.930
    # (213/229), 0.073, 1, 2 (1 decided, 1 asked). Training data since round 9.
    "blind10": {"en": (0.91, 0.10, 1, 4), "es": (0.93, 0.08, 1, 2)},
    # round 9, 9d35018: en 0.916 (196/214), 0.116, 1, 4 (2 decided, 2 asked); es 0.957
    # (200/209), 0.054, 1, 2 (1 decided, 1 asked). Training data since round 10.
    "blind11": {"en": (0.91, 0.12, 1, 4), "es": (0.95, 0.06, 1, 2)},
    # round 10, dc74b84: en 0.924 (194/210), 0.106, 2, 2 (1 decided, 1 asked); es 0.951
    # (196/206), 0.108, 1, 1 (1 decided). Training data since round 11.
    "blind12": {"en": (0.92, 0.11, 2, 2), "es": (0.95, 0.11, 1, 1)},
    # round 11, 1710b91: en 0.913 (190/208), 0.100, 2, 1 (0 decided, 1 asked); es 0.952
    # (200/210), 0.083, 1, 2 (1 decided, 1 asked). Training data since round 12.
    "blind13": {"en": (0.91, 0.10, 2, 1), "es": (0.95, 0.09, 1, 2)},
    # round 12, 113683d: en 0.919 (204/222), 0.031, 1, 2 (1 decided, 1 asked); es 0.953
    # (204/214), 0.089, 0, 1 (0 decided, 1 asked). Training data since round 13.
    "blind14": {"en": (0.91, 0.04, 1, 2), "es": (0.95, 0.09, 0, 1)},
    # round 13, 99e2e7e: en 0.923 (193/209), 0.083, 0, 2 (1 decided, 1 asked); es 0.910
    # (191/210), 0.075, 1, 4 (3 decided, 1 asked). Training data since round 14.
    "blind15": {"en": (0.92, 0.09, 0, 2), "es": (0.90, 0.08, 1, 4)},
    # round 14, 10bbb8b: en 0.952 (199/209), 0.083, 2 (1 asked), 0; es 0.981 (202/206),
    # 0.072, 0, 1 (0 decided, 1 asked). Training data since round 15.
    "blind16": {"en": (0.95, 0.09, 2, 0), "es": (0.98, 0.08, 0, 1)},
    # round 15, 924e2b6: en 0.957 (200/209), 0.063, 2 (1 asked), 3 (1 decided, 2 asked); es
    # 0.977 (215/220), 0.039, 0, 2 (2 decided). Training data since round 16.
    "blind17": {"en": (0.95, 0.07, 2, 3), "es": (0.97, 0.04, 0, 2)},
    # round 16, 3273ec0: en 0.977 (211/216), 0.057, 0, 1 (1 decided); es 0.954 (208/218),
    # 0.052, 2 (1 asked), 3 (2 decided, 1 asked). Training data since round 17.
    "blind18": {"en": (0.97, 0.06, 0, 1), "es": (0.95, 0.06, 2, 3)},
    # round 17, 24583fd: en 0.973 (216/222), 0.039, 0, 1 (1 decided); es 0.958 (207/216),
    # 0.061, 0, 1 (1 decided). Training data since round 18.
    "blind19": {"en": (0.97, 0.04, 0, 1), "es": (0.95, 0.07, 0, 1)},
    # round 17 with profile rounds 1-2 ("Round 17b freeze", 9129d9e; round 18 not merged): en
    # 0.977 (214/219), 0.056, 0, 2 (1 decided, 1 asked); es 0.972 (207/213), 0.053, 0, 1 (1 decided).
    # Training data since round 18.
    "blind20": {"en": (0.97, 0.06, 0, 2), "es": (0.97, 0.06, 0, 1)},
    # round 18 with profile round 3, cost8 ("Round 18 freeze", 02b6cde): en 0.977 (208/213),
    # 0.062, 0, 1 (0 decided, 1 asked); es 0.956 (197/206), 0.072, 2, 1 (1 decided).
    # Training data since round 20.
    "blind21": {"en": (0.97, 0.07, 0, 1), "es": (0.95, 0.08, 2, 1)},
    # round 20 with profile round 4, cost9, storm16 ("Round 20 freeze", aa13b83): en 0.968
    # (209/216), 0.040, 0, 1 (1 decided); es 0.969 (216/223), 0.035, 0, 0. Training data since
    # round 22.
    "blind22": {"en": (0.96, 0.05, 0, 1), "es": (0.96, 0.04, 0, 0)},
    # round 21 ("Round 21 freeze", b298e92): en 0.986 (217/220), 0.031, 0, 0; es 1.000
    # (222/222), 0.026, 0, 0. Training data since round 22.
    "blind23": {"en": (0.98, 0.04, 0, 0), "es": (0.99, 0.03, 0, 0)},
    # round 22 with profile round 5, storm17, cost10 ("Round 22 freeze", 9e674c3): en 0.981
    # (208/212), 0.078, 0, 2 (0 decided, 2 asked); es 0.972 (209/215), 0.069, 1 (a one-way
    # audio on every call buried in a numbered list, decided P4), 0.
    "blind24": {"en": (0.98, 0.08, 0, 2), "es": (0.97, 0.07, 1, 0)},
    # round 23 on the Round 22 freeze ("Round 23 freeze", 2a5c093): en 0.964 (216/224), 0.004,
    # 1 (a two-person shop with both phones dead, read P3), 0; es 0.968 (209/216), 0.040, 0,
    # 1 (1 decided: an outage of the customer's own told for the record, read P1).
    "blind25": {"en": (0.96, 0.01, 1, 0), "es": (0.96, 0.05, 0, 1)},
}
PAIRS = [(name, lang) for name in FROZEN for lang in ("en", "es")]
IDS = [f"{name}-{lang}" for name, lang in PAIRS]


@pytest.mark.parametrize(("name", "lang"), PAIRS, ids=IDS)
def test_a_blind_pair_is_large_well_formed_and_covers_the_hard_kinds(name: str, lang: str) -> None:
    assert_blind_pair_is_sound(
        f"classify_{name}_{lang}",
        rows=200,
        kinds={"noncrit_calls", "total_loss", "capacity", "ivr", "suspended", "destination"},
    )


@pytest.mark.parametrize(("name", "lang"), PAIRS, ids=IDS)
def test_a_blind_pair_does_not_fall_below_its_frozen_figures(name: str, lang: str) -> None:
    assert_frozen_figures(f"classify_{name}_{lang}", lang, FROZEN[name][lang])
