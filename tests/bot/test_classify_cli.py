"""`supportbot classify --explain | --eval | --keywords`: the support lead's view."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bot.cli import main


def _run(argv: list[str], capsys: pytest.CaptureFixture[str], stdin: str = "") -> str:
    import sys

    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        assert main(argv) == 0
    finally:
        sys.stdin = old
    return capsys.readouterr().out


def test_explain_shows_cues_per_dimension_the_deciding_row_and_no_question(
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = "URGENT: 1) logo looks off 2) nobody in the office can make or receive calls"
    out = _run(["classify", "--policy", "calltower", "--explain", text], capsys)
    lines = dict(line.split(":", 1) for line in out.strip().splitlines())
    assert set(lines) >= {
        "message",
        "priority",
        "read as",
        "rule",
        "impact",
        "scope",
        "service",
        "asks",
    }
    assert lines["priority"].strip() == "P1"
    assert "impact=outage scope=site service=voice -> P1" in lines["rule"]
    assert "nobody" in lines["impact"] and "outage" in lines["impact"]
    assert "site" in lines["scope"]
    assert "voice" in lines["service"] and "'calls'" in lines["service"]
    assert lines["asks"].strip().startswith("no")
    assert "urgent" in lines["claimed"]


def test_explain_says_why_it_would_ask(capsys: pytest.CaptureFixture[str]) -> None:
    out = _run(
        ["classify", "--policy", "calltower", "--explain"], capsys, stdin="no podemos llamar\n"
    )
    assert "priority: P1 (would ask)" in out
    asks = next(line for line in out.splitlines() if line.startswith("asks:"))
    assert "scope is unsure" in asks and "P1/P2" in asks


def test_explain_names_a_resolved_clause_and_the_part_that_decided(
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = "The outage yesterday is fixed. Also: calls drop all day for the whole sales team (6 people)."
    out = _run(["classify", "--policy", "calltower", "--explain", text], capsys)
    assert "resolved: The outage yesterday is fixed" in out
    assert "priority: P2" in out


def test_eval_prints_accuracy_per_language_confusion_asks_and_each_miss_with_its_explanation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        {
            "text": "nobody in the office can make calls",
            "priority": "P1",
            "impact": "outage",
            "scope": "site",
            "service": "voice",
        },
        {"text": "nadie en la oficina puede hacer llamadas", "priority": "P1", "lang": "es"},
        {"text": "how do I forward my calls to my cell?", "priority": "P4"},
        {
            "text": "my desk phone has no dial tone",
            "priority": "P2",
        },  # labelled wrong on purpose: a miss
        {"text": "we can't make calls", "priority": "P1"},  # the bot asks
    ]
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    out = _run(["classify", "--policy", "calltower", "--eval", str(path)], capsys)
    assert "messages: 5" in out
    assert "accuracy where it does not ask: 0.750 (3/4)" in out
    assert "  en: accuracy 0.667 (2/3), asks 1/4" in out
    assert "  es: accuracy 1.000 (1/1), asks 0/1" in out
    assert "ask rate: 0.200 (1/5)" in out
    assert "whole-site outages below P2: 0" in out
    assert "P4 read as P1 or P2: 0" in out
    matrix = out.split("confusion (rows: labelled, columns: decided):\n")[1].split("misses:")[0]
    header, *body = matrix.strip("\n").splitlines()
    assert header.split() == ["P1", "P2", "P3", "P4"]
    assert body[1].split() == ["P2", "0", "0", "1", "0"]
    assert "misses: 1" in out
    miss = out.split("misses: 1\n")[1]
    assert "want P2 got P3" in miss and "my desk phone has no dial tone" in miss
    assert "rule: impact=outage scope=one service=voice -> P3" in miss


def test_eval_refuses_a_file_without_priorities(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"text": "phones down"}) + "\n", encoding="utf-8")
    assert main(["classify", "--policy", "calltower", "--eval", str(path)]) == 2
    assert "line 1" in capsys.readouterr().err


def test_keywords_lists_the_plans_words_in_effect(capsys: pytest.CaptureFixture[str]) -> None:
    out = _run(["classify", "--policy", "somos", "--keywords"], capsys)
    assert out.startswith("somos: classification.keywords in effect")
    assert "  voice: tfnregistry" in out
    out = _run(["classify", "--policy", "calltower", "--keywords"], capsys)
    assert "no classification.keywords" in out
