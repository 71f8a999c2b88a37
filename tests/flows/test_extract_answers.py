"""Replies to one question: `parse_answer` validates a field value by its kind; yes, no,
skip and corrections are read as intents (flows/extract/answers.py)."""

from __future__ import annotations

import pytest

from flows.extract.fields import (
    Answer,
    is_correction,
    is_no,
    is_skip,
    is_yes,
    parse_answer,
)


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("name", "Ana Pérez", Answer("Ana Pérez")),
        ("name", "my name is Ana", Answer("Ana")),
        ("name", "soy Luis García", Answer("Luis García")),
        ("name", "12345", Answer(None, "invalid_name")),
        ("phone", "(415) 555-0100", Answer("+14155550100")),
        ("phone", "es el 415 555 0100", Answer("+14155550100")),
        ("phone", "es el 612 34 56 78", Answer(None, "invalid_phone")),  # not Spanish on US
        ("phone", "12345", Answer(None, "invalid_phone")),
        ("email", "Ana@Example.com.", Answer("ana@example.com")),
        ("email", "ana at example dot com", Answer(None, "invalid_email")),
        ("call_id", "a84b4c76e66710@pc33.atlanta.com", Answer("a84b4c76e66710@pc33.atlanta.com")),
        ("call_id", "no idea", Answer(None, "invalid_call_id")),
        ("account_id", "AC-7781", Answer("AC-7781")),
        ("account_id", "mi cuenta es 4471", Answer("4471")),
        ("account_id", "hello there", Answer(None, "invalid_account")),
        ("ticket", "#12345", Answer("12345")),
        ("ticket", "caso 4567", Answer("4567")),
        ("text", "Calls drop after 30 seconds", Answer("Calls drop after 30 seconds")),
        ("text", "ok", Answer(None, "too_short")),
    ],
)
def test_parse_answer_validates_each_kind_with_a_reason(
    kind: str, text: str, expected: Answer
) -> None:
    assert parse_answer(kind, text) == expected


def test_parse_answer_region_is_used_for_national_numbers() -> None:
    assert parse_answer("phone", "612 345 678", region="ES") == Answer("+34612345678")
    assert parse_answer("phone", "my cell is 612 345 678", region="ES") == Answer("+34612345678")
    assert parse_answer("phone", "612 345 678", region="US") == Answer(None, "invalid_phone")


def test_parse_answer_choice_matches_by_text_accent_insensitively_or_by_number() -> None:
    choices = ["Caída total", "Servicio degradado", "Pregunta"]
    assert parse_answer("choice", "caida total", choices=choices) == Answer("Caída total")
    assert parse_answer("choice", "2", choices=choices) == Answer("Servicio degradado")
    assert parse_answer("choice", "PREGUNTA", choices=choices) == Answer("Pregunta")
    assert parse_answer("choice", "7", choices=choices) == Answer(None, "invalid_choice")
    assert parse_answer("choice", "banana", choices=choices) == Answer(None, "invalid_choice")


def test_parse_answer_rejects_unknown_kinds() -> None:
    with pytest.raises(ValueError):
        parse_answer("shoe_size", "42")


# --------------------------------------------------------------------------- intents


@pytest.mark.parametrize(
    "text",
    [
        "actually my number is 415 555 0100",
        "no, my email is ana@example.com",
        "sorry, I meant 4155550100",
        "correction: ana@example.com",
        "en realidad mi número es 612345678",
        "perdón, mi correo es ana@example.es",
        "me equivoqué, es el 4471",
    ],
)
def test_corrections_are_recognised(text: str) -> None:
    assert is_correction(text)


@pytest.mark.parametrize("text", ["my number is 415 555 0100", "yes", "calls drop", "no"])
def test_plain_answers_are_not_corrections(text: str) -> None:
    assert not is_correction(text)


@pytest.mark.parametrize(
    "text",
    [
        "skip",
        "n/a",
        "N/A",
        "none",
        "I don't have it",
        "no sé",
        "omitir",
        "saltar",
        "no tengo",
        "ninguno",
    ],
)
def test_skip_phrases_are_recognised(text: str) -> None:
    assert is_skip(text)
    assert not is_yes(text)


@pytest.mark.parametrize("text", ["no", "my call id is abc123", "yes"])
def test_non_skip_phrases_are_not_skips(text: str) -> None:
    assert not is_skip(text)


@pytest.mark.parametrize(
    "text",
    [
        "yes",
        "Yep!",
        "correct",
        "ok",
        "sure",
        "sí",
        "si",
        "Claro",
        "correcto",
        "vale",
        "de acuerdo",
        "👍",
    ],
)
def test_yes_replies_are_recognised(text: str) -> None:
    assert is_yes(text)
    assert not is_no(text)


@pytest.mark.parametrize(
    "text", ["no", "Nope", "incorrect", "No es correcto", "no, it's 415 555 0100", "incorrecto"]
)
def test_no_replies_are_recognised(text: str) -> None:
    assert is_no(text)
    assert not is_yes(text)


@pytest.mark.parametrize("text", ["no sé", "no problem", "not sure"])
def test_skips_and_idioms_are_not_no(text: str) -> None:
    assert not is_no(text)
