"""Text clean-up: the ASCII shortcuts of clean_text and of the one fold give what the general
path gives, and `caseless` keeps every letter a case-insensitive pattern can match."""

from __future__ import annotations

import html
import re
import string
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.text import fold, strip_accents
from flows.extract import text as extract_text
from flows.extract.html import has_markup, markup_to_text
from flows.extract.text import caseless, clean_text


def _clean_text_every_step(text: str) -> str:
    """clean_text as it was before its shortcuts: every substitution, always."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if has_markup(text):
        text = markup_to_text(text)
    else:
        text = html.unescape(text)
    text = extract_text._CONTROL.sub(" ", text)
    text = extract_text._NBSP.sub(" ", text)
    text = extract_text._DASHES.sub("-", text)
    text = extract_text._SPACE_RUN.sub(" ", text)
    text = extract_text._BLANK_LINES.sub("\n\n", text)
    return unicodedata.normalize("NFC", text)


def _without_marks(text: str) -> str:
    return "".join(c for c in text if not unicodedata.combining(c))


_TRICKY = st.sampled_from(
    list(string.printable)
    + ["\x00", "\x07", "\x0b", "\x0c", "\x1f", "\x7f", "\u00a0", "\u2007", "\u202f", "\u200b"]
    + ["\u2060", "\ufeff", "\u2010", "\u2013", "\u2212", "é", "Ñ", "e\u0301", "ß", "İ", "ﬁ"]
    + ["<br>", "<p>", "</div>", "&amp;", "&nbsp;", "&#8211;", "<!-- c -->", "  ", "\n\n\n", "\t"]
)
_TEXTS = st.lists(_TRICKY, max_size=40).map("".join) | st.text(max_size=40)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(_TEXTS)
def test_clean_text_and_the_fold_give_what_the_general_path_gives(text: str) -> None:
    assert clean_text(text) == _clean_text_every_step(text)
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    assert fold(text) == " ".join(_without_marks(decomposed).split())
    assert strip_accents(text) == _without_marks(unicodedata.normalize("NFKD", text))


def test_caseless_keeps_every_letter_a_case_insensitive_pattern_matches() -> None:
    every_character = "".join(map(chr, range(0x110000)))
    matched = 0
    for letter in string.ascii_lowercase:
        for ch in set(re.findall(f"(?i){letter}", every_character)):
            matched += 1
            assert caseless(ch) == letter, (ch, caseless(ch))
            assert caseless(f"x{ch}y") == f"x{letter}y"
    assert matched > 52  # both cases of each letter, and a few others (the Kelvin sign, ...)


def test_clean_text_answers_each_text_for_itself_when_one_is_cleaned_again() -> None:
    first, second = "a  b\u00a0c", "x &amp; y"
    assert clean_text(first) == "a b c"
    assert clean_text(first) == "a b c"  # the kept one
    assert clean_text(second) == "x & y"  # a new text is cleaned, not the kept one returned
    assert clean_text(first) == "a b c"
