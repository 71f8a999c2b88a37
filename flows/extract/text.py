"""Text clean-up shared by the extractors: markup, control characters, spans, cheap word tests.

Case and accent folding is `domain.text.fold`; HTML goes through `flows.extract.html`."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from typing import Final

from domain.memo import last_by_identity
from flows.extract.html import has_markup, markup_to_text

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200d\u2060\ufeff]")
_NBSP = re.compile(r"[\u00a0\u2007\u202f]")
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_SPACE_RUN = re.compile(r"[ \t]{2,}")
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n){2,}")


# a first message is cleaned for its identifiers and again for the rest (`extract`): the
# last one is kept
@last_by_identity
def clean_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if has_markup(text):
        text = markup_to_text(text)  # decodes the entities too
    elif "&" in text:
        text = html.unescape(text)
    if text.isascii():
        # _NBSP and _DASHES match non-ASCII characters only; ASCII is printable but for the
        # control characters (\x00-\x1f, \x7f), so a printable text without its newlines
        # and tabs has nothing for _CONTROL; and NFC leaves ASCII as it is.
        if not text.replace("\n", "").replace("\t", "").isprintable():
            text = _CONTROL.sub(" ", text)
        return _squeeze(text)
    text = _CONTROL.sub(" ", text)
    text = _NBSP.sub(" ", text)
    text = _DASHES.sub("-", text)
    return unicodedata.normalize("NFC", _squeeze(text))


def _squeeze(text: str) -> str:
    # _SPACE_RUN needs two blanks in a row (two spaces, or a tab next to a blank);
    # _BLANK_LINES needs three newlines
    if "  " in text or "\t" in text:
        text = _SPACE_RUN.sub(" ", text)
    if text.count("\n") >= 3:
        text = _BLANK_LINES.sub("\n\n", text)
    return text


# Characters re.IGNORECASE matches to an ASCII letter that str.lower() does not turn into it
# (dotted İ lower-cases to two characters); tests/flows/test_extract_text.py checks every
# code point.
_CASE_TWINS: Final = str.maketrans({"İ": "i", "ı": "i", "ſ": "s", "\u212a": "k"})


def caseless(text: str) -> str:
    """`text` lower-cased so that every ASCII word a case-insensitive pattern can match in
    `text` is a substring of it: the cheap test that lets a finder skip such a pattern."""
    if text.isascii():
        return text.lower()
    return text.translate(_CASE_TWINS).lower()


def has_any(text: str, words: Iterable[str]) -> bool:
    for word in words:  # a loop: twice as fast as any() over a generator on a few words
        if word in text:
            return True
    return False


Span = tuple[int, int]


def overlaps(span: Span, claimed: Iterable[Span]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in claimed)


# Punctuation that ends a sentence or a bracket, never an identifier.
TRAILING_PUNCT = ".,;:!?)]}>'\"-"
