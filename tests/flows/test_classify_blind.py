"""The classifier on corpora written blind (before reading the classifier).

classify_blind_{en,es}.jsonl and classify_blind2_{en,es}.jsonl were labelled by
the CallTower plan's definitions without looking at flows/classify/classifier.py; the second
pair adds the styles the first lacked: one-line SMS ("sin tono"), long emails with
greetings, signatures and disclaimers, contact-center vocabulary (Five9, Genesys,
Teams), named non-critical features (paging, conference bridge, call recording,
wallboards), how-to questions that mention a fault word, typos, ALL CAPS and
claimed priorities that do not match the facts.

The bar, below the figures docs/classification.md reports: 95 % right where the bot
does not ask, asking on at most a fifth, and no whole-site outage of calling below P2.
Relabelled for issue 13 by docs/priority-guide.md: a whole-site loss of a
non-critical service (voicemail, fax, paging, recording, portal...) is P3, and a
cosmetic fault (caller-ID name, the clock on the phones) is P4 whatever its scope.
"""

from __future__ import annotations

import pytest

from flows.classify.classifier import classify, decide, with_scope
from tests.flows.corpus import (
    CALLTOWER_RULES,
    assert_rows_well_formed,
    load_corpus,
    score_calltower,
)

CORPORA = [(name, lang) for name in ("classify_blind", "classify_blind2") for lang in ("en", "es")]


@pytest.mark.parametrize(("name", "lang"), CORPORA)
def test_blind_corpus_items_are_well_formed_and_distinct(name: str, lang: str) -> None:
    rows = load_corpus(f"{name}_{lang}")
    assert len(rows) >= 150
    assert len({row["text"] for row in rows}) == len(rows)
    assert_rows_well_formed(rows)


@pytest.mark.parametrize(("name", "lang"), CORPORA)
def test_blind_corpus_accuracy_ask_rate_and_site_outages(name: str, lang: str) -> None:
    score = score_calltower(load_corpus(f"{name}_{lang}"), lang)
    print(score.report)
    # Reported (docs/classification.md): 0.978-1.000 right, 0.14-0.16 asked.
    assert score.accuracy >= 0.95, score.report
    assert score.ask_rate <= 0.2, score.report
    assert score.site_below_p2 == 0, score.report


@pytest.mark.parametrize(("name", "lang"), CORPORA)
def test_answering_the_scope_question_gives_the_labelled_priority(name: str, lang: str) -> None:
    rows = [row for row in load_corpus(f"{name}_{lang}") if row["scope"] is not None]
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
    assert asked == 0 or right / asked >= 0.85, f"{name}_{lang}: {right}/{asked} right after asking"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_dev_set_of_the_issue_13_kinds_meets_the_bar(lang: str) -> None:
    # classify_dev_{en,es}: the kinds of miss issue 13 lists, written to tune on (not blind).
    rows = load_corpus(f"classify_dev_{lang}")
    assert len(rows) >= 30
    assert_rows_well_formed(rows)
    score = score_calltower(rows, lang)
    assert score.accuracy >= 0.93, score.report
    assert score.ask_rate <= 0.1, score.report
    assert score.site_below_p2 == 0, score.report
