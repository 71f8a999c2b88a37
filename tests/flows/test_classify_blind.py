"""The classifier on corpora written blind (before reading the classifier).

classify_blind_{en,es}.jsonl were labelled by the CallTower plan's definitions
without looking at flows/classify.py; the bar is the one the plan's corpus test
uses: 85 % right where the bot does not ask, asking on at most a third, and no
whole-site outage below P2.  A whole-site total loss of a non-critical service
is labelled P2, as CALLTOWER_RULES holds every whole-site outage at P2 or above.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from flows.classify import CALLTOWER_RULES, IMPACTS, SCOPES, SERVICES, classify, decide, with_scope

DATA = Path(__file__).parent / "data"


def load_blind(lang: str) -> list[dict[str, str | None]]:
    lines = (DATA / f"classify_blind_{lang}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_blind_corpus_items_are_well_formed(lang: str) -> None:
    rows = load_blind(lang)
    assert len(rows) >= 150
    assert len({row["text"] for row in rows}) == len(rows)
    for row in rows:
        assert row["text"]
        assert row["priority"] in ("P1", "P2", "P3", "P4")
        assert row["impact"] in IMPACTS
        assert row["scope"] in (*SCOPES, None)
        assert row["service"] in SERVICES


@pytest.mark.parametrize("lang", ["en", "es"])
def test_blind_corpus_accuracy_ask_rate_and_site_outages(lang: str) -> None:
    rows = load_blind(lang)
    confusion: Counter[tuple[str | None, str]] = Counter()
    misses: list[str] = []
    asked = correct = site_below_p2 = 0
    for row in rows:
        text, expected = str(row["text"]), row["priority"]
        decision = classify(text, rules=CALLTOWER_RULES, default="P4", lang=lang)
        if row["impact"] == "outage" and row["scope"] == "site":
            site_below_p2 += decision.priority not in ("P1", "P2")
        if decision.would_ask:
            asked += 1
            continue
        confusion[(expected, decision.priority)] += 1
        if decision.priority == expected:
            correct += 1
        else:
            misses.append(f"  want {expected} got {decision.priority}: {text}")
    decided = len(rows) - asked
    accuracy = correct / decided
    ask_rate = asked / len(rows)
    report = (
        f"{lang}: accuracy {accuracy:.3f} on {decided}, ask rate {ask_rate:.3f}, "
        f"site outages below P2: {site_below_p2}\n"
        f"confusion (expected, got): {sorted(confusion.items())}\n" + "\n".join(misses)
    )
    print(report)
    assert accuracy >= 0.85, report
    assert ask_rate <= 1 / 3, report
    assert site_below_p2 == 0, report


@pytest.mark.parametrize("lang", ["en", "es"])
def test_blind_corpus_answering_the_scope_question_gives_the_labelled_priority(
    lang: str,
) -> None:
    rows = [row for row in load_blind(lang) if row["scope"] is not None]
    asked = right = 0
    for row in rows:
        decision = classify(str(row["text"]), rules=CALLTOWER_RULES, default="P4", lang=lang)
        if not decision.would_ask:
            continue
        asked += 1
        answered = decide(
            with_scope(decision.assessment, str(row["scope"])), CALLTOWER_RULES, default="P4"
        )
        right += answered.priority == row["priority"]
    assert asked == 0 or right / asked >= 0.85, f"{lang}: {right}/{asked} right after asking"
