"""The one fold: every room compares customer words and plan words through `domain.text`."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.plan.durations import parse_duration
from domain.rules import mentions
from domain.text import ascii_runs, fold, strip_accents


def test_fold_drops_case_accents_and_extra_whitespace() -> None:
    assert fold("  Teléfono   ÑANDÚ\n\tcaído ") == "telefono nandu caido"
    assert fold("STOP") == "stop"


def test_fold_reads_compatibility_forms_as_their_letters() -> None:
    assert fold("ＳＴＯＰ") == "stop"  # fullwidth, as some phone keyboards send it
    assert fold("ﬁx") == "fix"
    assert fold("Straße") == "strasse"
    assert fold("\u210cELP") == "help"  # decomposes to a capital, which is then folded


def test_strip_accents_keeps_case_and_spacing() -> None:
    assert strip_accents("Línea  CAÍDA") == "Linea  CAIDA"


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(max_size=40))
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


def test_plan_keywords_match_across_spacing_case_and_accents() -> None:
    assert mentions("NO   hay  LÍNEA en la oficina", ["no hay linea"]) == "no hay linea"
    assert mentions("sin servicio", ["no hay linea"]) is None


def test_sla_duration_units_use_the_same_fold() -> None:
    got = parse_duration("1  DÍA laborable", business_day=timedelta(hours=12))
    assert (got.amount, got.business) == (timedelta(hours=12), True)


def test_fold_answers_each_text_for_itself_when_one_is_folded_again() -> None:
    first, second = "Línea  CAÍDA", "Otra Cosa"
    assert fold(first) == "linea caida"
    assert fold(first) == "linea caida"  # the kept one
    assert fold(second) == "otra cosa"  # a new text is folded, not the kept one returned
    assert fold("".join(["Línea  ", "CAÍDA"])) == "linea caida"  # equal text, other object
    assert fold(first) == "linea caida"


ASCII = st.text(alphabet=st.characters(max_codepoint=127), max_size=60)


@given(ASCII)
def test_ascii_runs_are_the_word_patterns_findings_on_ascii(text: str) -> None:
    import re

    assert ascii_runs(text, digits=False) == re.findall(r"[^\W\d_]+", text)
    assert ascii_runs(text, digits=True) == re.findall(r"[^\W_]+", text)
