"""The classifier on corpora written blind (before reading the classifier).

classify_blind_{en,es}.jsonl were labelled by the CallTower plan's definitions
without looking at flows/classify.py; the bar is the one the plan's corpus test
uses: 85 % right where the bot does not ask, asking on at most a third, and no
whole-site outage below P2.  A whole-site total loss of a non-critical service
is labelled P2, as CALLTOWER_RULES holds every whole-site outage at P2 or above.
"""

from __future__ import annotations

import pytest

from flows.classify import CALLTOWER_RULES, classify, decide, with_scope
from tests.flows.corpus import assert_rows_well_formed, load_corpus, score_calltower


def load_blind(lang: str) -> list[dict[str, str | None]]:
    return load_corpus(f"classify_blind_{lang}")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_blind_corpus_items_are_well_formed(lang: str) -> None:
    rows = load_blind(lang)
    assert len(rows) >= 150
    assert len({row["text"] for row in rows}) == len(rows)
    assert_rows_well_formed(rows)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_blind_corpus_accuracy_ask_rate_and_site_outages(lang: str) -> None:
    score = score_calltower(load_blind(lang), lang)
    print(score.report)
    assert score.accuracy >= 0.85, score.report
    assert score.ask_rate <= 1 / 3, score.report
    assert score.site_below_p2 == 0, score.report


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
