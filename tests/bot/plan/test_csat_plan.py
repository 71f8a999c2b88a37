"""`[csat]` in a plan: defaults, the shipped profiles' choices, and the checks that
`supportbot policy check` reports as FILE: KEY: REASON."""

from __future__ import annotations

from datetime import timedelta
from importlib import resources
from pathlib import Path

import pytest

from bot.cli import main
from bot.plan.policy import Policy, load_policy

CALLTOWER = (resources.files("bot") / "profiles" / "calltower.toml").read_text(encoding="utf-8")
SECTION = "\nenabled = true\n"  # the one key of [csat] in the profile that says so


def _check(tmp_path: Path, extra: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """`policy check` on the CallTower profile with its `[csat]` table's keys extended."""
    assert CALLTOWER.count(SECTION) == 1
    path = tmp_path / "plan.toml"
    path.write_text(CALLTOWER.replace(SECTION, SECTION + extra), encoding="utf-8")
    code = main(["policy", "check", str(path)])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("name", ["somos", "connexcs", "att-bvoip", "ringover"])
def test_plans_silent_on_surveys_ask_with_the_catalog_wording_and_a_comment(name: str) -> None:
    csat = load_policy(name).csat
    assert csat.enabled and csat.comment and csat.question is None
    assert csat.answer_window == timedelta(hours=24) and csat.comment_window == timedelta(hours=1)


def test_calltower_asks_about_its_case_in_its_own_words(calltower: Policy) -> None:
    question = calltower.csat.question
    assert calltower.csat.enabled and question is not None
    assert "caso #{ticket}" in question.es and "case #{ticket}" in question.en
    assert question.get("en", short=True) == "How did we do on case #{ticket}?"


def test_a_business_time_window_is_refused_with_file_key_and_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _check(tmp_path, 'answer_within = "2 business days"\n', capsys)
    assert code == 2
    assert (
        f"{tmp_path / 'plan.toml'}: csat.answer_within: '2 business days' is business time" in err
    )


def test_an_unreadable_window_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _check(tmp_path, 'comment_within = "soon"\n', capsys)
    assert code == 2 and "csat.comment_within" in err


def test_a_wording_with_an_unknown_placeholder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = 'comment_question = { en = "Tell {agent} more", es = "Cuéntele más a {agent}" }\n'
    code, err = _check(tmp_path, extra, capsys)
    assert code == 2
    assert (
        "csat.comment_question.en: unknown placeholder {agent}; only {ticket} is filled in" in err
    )


def test_a_comment_wording_without_the_comment_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = 'comment = false\ncomment_question = { en = "Anything else?", es = "¿Algo más?" }\n'
    code, err = _check(tmp_path, extra, capsys)
    assert code == 2 and "csat.comment_question: set, but csat.comment is false" in err


def test_a_wording_in_one_language_only_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _check(tmp_path, 'comment_question = { en = "Anything else?" }\n', capsys)
    assert code == 2 and "csat.comment_question.es" in err


def test_an_unknown_key_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _check(tmp_path, "ask_twice = true\n", capsys)
    assert code == 2 and "csat.ask_twice" in err
