"""Each shipped profile's own definitions drive its levels: 40 messages per profile, labelled
by that plan's words (tests/bot/plan/data/profile_*.jsonl; CallTower's corpora live in
tests/flows/data), classified as the dialogue does: the table, the category the words
name, the plan's field rules and caps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.plan.policy import Policy, load_policy
from domain.rules import mentions
from flows.classify.classifier import classify, model_for

DATA = Path(__file__).parent / "data"
PROFILES = ["att-bvoip", "connexcs", "ringover", "somos"]


def rows_of(name: str, prefix: str = "profile_") -> list[dict[str, str]]:
    lines = (DATA / f"{prefix}{name}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def decided(policy: Policy, text: str) -> tuple[str, bool]:
    d = classify(
        text,
        rules=policy.rules,
        default=policy.classification.default,
        extra_keywords=policy.classification.keywords or None,
        model=model_for(policy.classification.learned),
        audience=policy.audience,
    )
    fields: dict[str, str] = {}
    hits = {c.id for c in policy.categories if c.keywords and mentions(text, c.keywords)}
    if len(hits) == 1:  # as the intake fills the category from the description
        fields["category"] = hits.pop()
    a = d.assessment
    priority = policy.adjust_priority(
        d.priority, fields=fields, impact=a.impact, scope=a.scope, text=text
    )
    return priority, d.would_ask


def scored(name: str, rows: list[dict[str, str]]) -> tuple[float, float, str]:
    """Right among the rows decided without asking, the share asked, and a report of the
    misses for a failing assertion."""
    policy = load_policy(name)
    right = asked = 0
    misses = []
    for row in rows:
        priority, would_ask = decided(policy, row["text"])
        if would_ask:
            asked += 1
            continue
        if priority == row["priority"]:
            right += 1
        else:
            misses.append(f"want {row['priority']} got {priority}: {row['text']}")
    report = f"{name}: {right}/{len(rows) - asked} right, {asked} asked\n" + "\n".join(misses)
    return right / (len(rows) - asked), asked / len(rows), report


@pytest.mark.parametrize("name", PROFILES)
def test_each_profile_has_forty_labelled_messages_in_its_own_levels(name: str) -> None:
    policy = load_policy(name)
    rows = rows_of(name)
    assert len(rows) >= 40
    assert {row["priority"] for row in rows} <= {p.id for p in policy.priorities}
    assert len({row["text"] for row in rows}) == len(rows)


@pytest.mark.parametrize("name", PROFILES)
def test_each_profile_classifies_its_own_messages_by_its_own_definitions(name: str) -> None:
    accuracy, ask_rate, report = scored(name, rows_of(name))
    print(report)
    assert accuracy >= BARS[name], report
    assert ask_rate <= 0.25, report


# Below the figures docs/classification.md reports for each profile.
BARS = {"att-bvoip": 0.95, "connexcs": 0.85, "ringover": 0.95, "somos": 0.95}


@pytest.mark.parametrize("name", PROFILES)
def test_blind_profile_set_1_holds_its_tuned_on_floor(name: str) -> None:
    """Blind profile set 1 (profile_blind1_*.jsonl, custody in profile_blind1_rules.md): held
    out once at 87fd487, tuned on since profile round 1. The bars are floors against
    regressions at the figures reached, not accuracy claims."""
    rows = rows_of(name, "profile_blind1_")
    assert len(rows) == 45
    accuracy, ask_rate, report = scored(name, rows)
    print(report)
    assert accuracy >= BLIND1_BARS[name], report
    assert ask_rate <= 0.10, report


# Tuned-on floors (docs/classification.md, "Other plans: blind profile set 1 ..."): reached
# Somos 39/44, ConnexCS 39/44, AT&T 41/41, Ringover 43/45 in profile round 1.
BLIND1_BARS = {"att-bvoip": 0.95, "connexcs": 0.86, "ringover": 0.93, "somos": 0.86}


# Each held-out set's figures when it was scored once (docs/classification.md, "Other
# plans"; custody in profile_blindN_rules.md): right where it decides, share asked. Floors
# against regressions, not targets; a set stays here after a later round tunes on it.
HELD_OUT_BARS: dict[str, dict[str, tuple[float, float]]] = {
    # set 2, written before profile round 1's rules, at "Round 17 freeze" (24583fd): Somos
    # 31/45 (0 asked), ConnexCS 28/37 (8 of 45 asked), AT&T 43/45 (0), Ringover 37/43 (2).
    "profile_blind2_": {
        "att-bvoip": (0.95, 0.0),
        "connexcs": (0.75, 0.18),
        "ringover": (0.86, 0.05),
        "somos": (0.68, 0.0),
    },
    # set 3, written before profile round 2's rules, at "Round 17b freeze" (9129d9e): Somos
    # 31/44 (1 of 45 asked), ConnexCS 27/41 (4), AT&T 42/43 (2), Ringover 40/45 (0).
    "profile_blind3_": {
        "att-bvoip": (0.97, 0.05),
        "connexcs": (0.65, 0.09),
        "ringover": (0.88, 0.0),
        "somos": (0.70, 0.03),
    },
    # set 4, written before profile round 3's rules, at "Round 18 freeze" (02b6cde): Somos
    # 33/44 (1 of 45 asked), ConnexCS 31/42 (3), AT&T 43/44 (1), Ringover 38/44 (1). Spent:
    # tuned on since profile round 4 (TUNED_BARS below).
    "profile_blind4_": {
        "att-bvoip": (0.97, 0.03),
        "connexcs": (0.73, 0.07),
        "ringover": (0.86, 0.03),
        "somos": (0.75, 0.03),
    },
    # set 5, written before profile round 4's rules, at "Round 20 freeze" (aa13b83): Somos
    # 37/44 (1 of 45 asked), ConnexCS 35/45 (0), AT&T 44/45 (0), Ringover 42/44 (1). Spent:
    # tuned on since profile round 5 (TUNED_BARS below).
    "profile_blind5_": {
        "att-bvoip": (0.97, 0.0),
        "connexcs": (0.77, 0.0),
        "ringover": (0.95, 0.03),
        "somos": (0.84, 0.03),
    },
    # set 6, written before profile round 5's rules, at "Round 22 freeze" (9e674c3): Somos
    # 35/44 (1 of 45 asked), ConnexCS 35/45 (0), AT&T 42/43 (2), Ringover 42/44 (1).
    "profile_blind6_": {
        "att-bvoip": (0.97, 0.05),
        "connexcs": (0.77, 0.0),
        "ringover": (0.95, 0.03),
        "somos": (0.79, 0.03),
    },
    # set 7: Somos and AT&T written before round 23, scored at "Round 23 freeze" (2a5c093):
    # Somos 27/43 (2 of 45 asked), AT&T 44/44 (1); ConnexCS and Ringover written later (the
    # labeller was queued), scored at the session's final commit (5f4d474; the profiles
    # unchanged since profile round 5): ConnexCS 36/43 (2), Ringover 42/44 (1).
    "profile_blind7_": {
        "att-bvoip": (1.0, 0.03),
        "connexcs": (0.83, 0.05),
        "ringover": (0.95, 0.03),
        "somos": (0.62, 0.05),
    },
}


@pytest.mark.parametrize(
    ("prefix", "name"), [(prefix, name) for prefix, bars in HELD_OUT_BARS.items() for name in bars]
)
def test_a_blind_profile_set_does_not_fall_below_its_held_out_figure(
    prefix: str, name: str
) -> None:
    rows = rows_of(name, prefix)
    assert len(rows) == 45
    accuracy, ask_rate, report = scored(name, rows)
    held_out_accuracy, held_out_asks = HELD_OUT_BARS[prefix][name]
    assert accuracy >= held_out_accuracy, report
    assert ask_rate <= held_out_asks, report


# Each spent set's figures after the profile round that tuned on its misses
# (docs/classification.md, "Profile round 2" to "Profile round 5"): floors against
# regressions at the figures reached, not accuracy claims; its held-out floors above stay.
TUNED_BARS: dict[str, dict[str, float]] = {
    # Reached in profile round 2: Somos 44/45, ConnexCS 40/43 (2 asked), AT&T 45/45,
    # Ringover 44/45.
    "profile_blind2_": {"att-bvoip": 0.97, "connexcs": 0.92, "ringover": 0.95, "somos": 0.95},
    # Reached in profile round 3: Somos 43/44 (1 asked), ConnexCS 40/44 (1), AT&T 42/43 (2),
    # Ringover 41/45. Set 3 left out of round 3's design first scored Somos 33/44, ConnexCS 30/43.
    "profile_blind3_": {"att-bvoip": 0.95, "connexcs": 0.88, "ringover": 0.88, "somos": 0.95},
    # Reached in profile round 4: Somos 44/44 (1 asked), ConnexCS 41/42 (3), AT&T 43/44 (1),
    # Ringover 44/44 (1); held out they were 33/44, 31/42, 43/44, 38/44.
    "profile_blind4_": {"att-bvoip": 0.97, "connexcs": 0.95, "ringover": 0.97, "somos": 0.97},
    # Set 5, written before profile round 4's rules, was scored once at "Round 20 freeze"
    # (aa13b83), its frozen held-out figures: Somos 37/44 (1 of 45 asked, 0.841), ConnexCS
    # 35/45 (0, 0.778), AT&T 44/45 (0, 0.978), Ringover 42/44 (1, 0.955); held-out floors were
    # (0.84, 0.03), (0.77, 0.0), (0.97, 0.0), (0.95, 0.03). Spent since profile round 5, which
    # reached Somos 44/44 (1 asked), ConnexCS 45/45 (0), AT&T 45/45 (0), Ringover 44/44 (1).
    "profile_blind5_": {"att-bvoip": 0.97, "connexcs": 0.97, "ringover": 0.97, "somos": 0.97},
}
# The share asked a spent set may reach (0.05 unless named): set 4's ConnexCS asked 3 of 45.
TUNED_ASKS: dict[str, float] = {"profile_blind4_": 0.07}


@pytest.mark.parametrize("prefix", list(TUNED_BARS))
@pytest.mark.parametrize("name", PROFILES)
def test_a_spent_blind_profile_set_holds_its_tuned_on_floor(prefix: str, name: str) -> None:
    accuracy, ask_rate, report = scored(name, rows_of(name, prefix))
    assert accuracy >= TUNED_BARS[prefix][name], report
    assert ask_rate <= TUNED_ASKS.get(prefix, 0.05), report


# Profile round 4's own wordings per kind of set 4's misses (profile_round4_<plan>.jsonl,
# labelled by each plan's definitions, none from a blind set): reached Somos 19/19, ConnexCS
# 13/13, AT&T 11/11, Ringover 14/14 (first scored after the set-4 fixes: 14/19, 12/13, 9/11,
# 14/14; on main 5/19, 4/12, 9/11, 10/12). Floors, not accuracy claims.
ROUND4_BARS = {"att-bvoip": 0.9, "connexcs": 0.92, "ringover": 0.92, "somos": 0.94}


@pytest.mark.parametrize("name", PROFILES)
def test_each_profile_reads_its_own_round_4_wordings_by_its_own_definitions(name: str) -> None:
    rows = rows_of(name, "profile_round4_")
    assert len(rows) >= 10
    assert len({row["text"] for row in rows}) == len(rows)
    accuracy, ask_rate, report = scored(name, rows)
    assert accuracy >= ROUND4_BARS[name], report
    assert ask_rate <= 0.05, report


# Profile round 5's own wordings per kind of set 5's misses (profile_round5_<plan>.jsonl; each
# also decides its level in tests/bot/plan/test_profile_round5.py): first scored, before the
# fixes they prompted, Somos 11/14, ConnexCS 11/12 (2 asked), AT&T 10/11 (1), Ringover 12/14;
# reached 14/14, 14/14, 12/12, 14/14. Floors, not accuracy claims.
ROUND5_BARS = {"att-bvoip": 0.9, "connexcs": 0.92, "ringover": 0.92, "somos": 0.92}


@pytest.mark.parametrize("name", PROFILES)
def test_each_profile_reads_its_own_round_5_wordings_by_its_own_definitions(name: str) -> None:
    rows = rows_of(name, "profile_round5_")
    assert len(rows) >= 12
    accuracy, ask_rate, report = scored(name, rows)
    assert accuracy >= ROUND5_BARS[name], report
    assert ask_rate <= 0.05, report
