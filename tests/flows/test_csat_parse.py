"""`parse_score`: a satisfaction score from what customers write back, in English and
Spanish; a new problem, a courtesy or a number that is no score gives none."""

from __future__ import annotations

import pytest

from flows.dialogue.csat import is_new_problem
from flows.extract.csat import CsatAnswer, parse_score


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("5", 5),
        ("1", 1),
        (" 3 ", 3),
        ("5!", 5),
        ("3/5", 3),
        ("4 / 5", 4),
        ("4 out of 5", 4),
        ("4 de 5", 4),
        ("2 sobre 5", 2),
        ("5 stars", 5),
        ("4 estrellas", 4),
        ("a 4", 4),
        ("un 5", 5),
        ("★★★★", 4),
        ("⭐⭐⭐⭐⭐", 5),
        ("five", 5),
        ("cuatro", 4),
        ("Excellent", 5),
        ("excellent!!", 5),
        ("very good", 5),
        ("great, thanks", 5),
        ("good", 4),
        ("pretty good", 4),
        ("not bad", 3),
        ("so-so", 3),
        ("average", 3),
        ("bad", 2),
        ("not good", 2),
        ("poor", 2),
        ("terrible", 1),
        ("very bad", 1),
        ("I'd give you a 4", 4),
        ("my rating: 3", 3),
    ],
)
def test_english_scores(text: str, score: int) -> None:
    got = parse_score(text)
    assert got is not None and got.score == score, text


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("muy bien", 5),
        ("Muy bien, gracias", 5),
        ("excelente", 5),
        ("Excelente servicio", 5),
        ("genial", 5),
        ("bien", 4),
        ("bueno", 4),
        ("regular", 3),
        ("más o menos", 3),
        ("no está mal", 3),
        ("malo", 2),
        ("mal", 2),
        ("no muy bien", 2),
        ("muy malo", 1),
        ("pésimo", 1),
        ("fatal", 1),
        ("le doy un 5", 5),
        ("cinco", 5),
    ],
)
def test_spanish_scores(text: str, score: int) -> None:
    got = parse_score(text)
    assert got is not None and got.score == score, text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4 - quick, but I had to call twice", CsatAnswer(4, "quick, but I had to call twice")),
        ("5. Marta was great", CsatAnswer(5, "Marta was great")),
        ("3/5 the first reply took a day", CsatAnswer(3, "the first reply took a day")),
        ("Bien, pero tardaron en contestar", CsatAnswer(4, "pero tardaron en contestar")),
        ("malo: nadie me llamó", CsatAnswer(2, "nadie me llamó")),
        ("5 gracias!", CsatAnswer(5, "")),
        ("excellent, thank you so much", CsatAnswer(5, "")),
    ],
)
def test_what_follows_the_score_is_the_comment_accents_kept_courtesy_dropped(
    text: str, expected: CsatAnswer
) -> None:
    assert parse_score(text) == expected


def test_a_bare_number_then_words_is_marked_loose_a_separated_one_is_not() -> None:
    assert parse_score("2 phones are down") == CsatAnswer(2, "phones are down", loose=True)
    assert parse_score("2 - phones were down a day") == CsatAnswer(2, "phones were down a day")
    assert parse_score("4/5 good") == CsatAnswer(4, "good")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "ok",
        "thanks",
        "gracias",
        "0",
        "6",
        "10",
        "8/10",
        "4/10",
        "4.5",
        "1.5",
        "10001",
        "555-0100",
        "+1 415 555 2671",
        "buenos días",
        "Goodbye",
        "badge reader",
        "My phones are down again",
        "Ahora tengo otro problema con el fax",
        "help",
        "what do you mean?",
        "malformed SIP header",
    ],
)
def test_no_score_in_courtesy_other_numbers_or_a_new_message(text: str) -> None:
    assert parse_score(text) is None, text


@pytest.mark.parametrize(
    ("text", "lang", "new"),
    [
        ("The first reply took a day", "en", False),
        ("It took two days to hear back from anyone", "en", False),
        ("tardaron un día en contestar", "es", False),
        ("now the phones have no dial tone again", "en", True),
        ("ahora no entran llamadas a ninguna extensión", "es", True),
    ],
)
def test_a_comment_on_the_service_is_no_new_problem_but_a_named_fault_is(
    text: str, lang: str, new: bool
) -> None:
    assert is_new_problem(text, lang) is new
