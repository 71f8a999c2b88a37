"""domain.incident's matching words (the matching itself: tests/flows/test_incident_intake.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from domain.incident import _WORD, IncidentMatch, _words
from domain.text import fold

TEXT = st.text(alphabet=st.sampled_from(list("aZ9_ -,.¡¿ñÁé²½\u0301\t") + ["٣", "🙂"]), max_size=40)


@given(TEXT)
def test_the_matching_words_are_the_folded_letter_and_digit_runs_spaced_once(text: str) -> None:
    spaced = "".join(c if c.isalnum() else " " for c in fold(text))
    assert _words(text) == f" {' '.join(spaced.split())} "


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
def test_an_ascii_texts_words_are_the_patterns_words(text: str) -> None:
    # the ASCII shortcut (domain.text.ascii_runs) against the pattern it stands in for
    assert _words(text) == f" {' '.join(_WORD.findall(fold(text)))} "


def test_a_keyword_matches_its_plural_and_singular_in_english_and_spanish() -> None:
    match = IncidentMatch(keywords=("SIP trunk", "troncal SIP", "company portal", "AC-77"))
    for text in (
        "Our SIP trunks are down",
        "las troncales SIP no registran",
        "the companies portal is blank",
        "Every company portals page fails",
        "account AC-77 cannot call",
    ):
        assert match.matches(text, service=None, accounts=()), text
    for text in ("sip trunking question", "la troncal de SIP", "account AC-777", "a port"):
        assert not match.matches(text, service=None, accounts=()), text
