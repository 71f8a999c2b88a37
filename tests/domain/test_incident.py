"""domain.incident's matching words (the matching itself: tests/flows/test_incident_intake.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from domain.incident import _words
from domain.text import fold

TEXT = st.text(alphabet=st.sampled_from(list("aZ9_ -,.¡¿ñÁé²½\u0301\t") + ["٣", "🙂"]), max_size=40)


@given(TEXT)
def test_the_matching_words_are_the_folded_letter_and_digit_runs_spaced_once(text: str) -> None:
    spaced = "".join(c if c.isalnum() else " " for c in fold(text))
    assert _words(text) == f" {' '.join(spaced.split())} "
