"""Text clean-up shared by the extractors: markup, control characters, case folding, spans."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from typing import Final

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:]{0,15})(?=[\s/>])[^<>]{0,500}>")
_BLOCK_TAGS: Final = frozenset(
    "p br div tr li ul ol table tbody thead h1 h2 h3 h4 h5 h6 blockquote pre hr html body".split()
)
_INLINE_TAGS: Final = frozenset(
    "span a b i u em strong font td th small big sup sub code img meta center o:p".split()
)
_INVISIBLE_TAGS: Final = ("style", "script", "head", "title")
_INVISIBLE_OPEN = re.compile(r"(?i)<(style|script|head|title)\b")
_INVISIBLE_CLOSE: Final = {tag: re.compile(rf"(?i)</{tag}\s*>") for tag in _INVISIBLE_TAGS}


def _drop_invisible(text: str) -> str:
    """Remove <style>/<script>/<head>/<title> blocks and comments in linear time."""
    parts: list[str] = []
    pos = 0
    # every search below either moves ``pos`` past its match or is never repeated
    next_comment = text.find("<!--")
    exhausted: set[str] = set()
    opener = _INVISIBLE_OPEN.search(text)
    while opener or next_comment != -1:
        if next_comment != -1 and (opener is None or next_comment < opener.start()):
            end = text.find("-->", next_comment + 4)
            if end == -1:
                break
            parts.append(text[pos:next_comment])
            parts.append("\n")
            pos = end + 3
        else:
            assert opener is not None
            tag = opener.group(1).lower()
            close = None if tag in exhausted else _INVISIBLE_CLOSE[tag].search(text, opener.end())
            if close is None:
                exhausted.add(tag)
                skip_to = opener.end()
            else:
                parts.append(text[pos : opener.start()])
                parts.append("\n")
                pos = skip_to = close.end()
            opener = _INVISIBLE_OPEN.search(text, skip_to)
            while opener and opener.group(1).lower() in exhausted:
                opener = _INVISIBLE_OPEN.search(text, opener.end())
        if next_comment != -1 and next_comment < pos:
            next_comment = text.find("<!--", pos)
        if opener and opener.start() < pos:
            opener = _INVISIBLE_OPEN.search(text, pos)
    parts.append(text[pos:])
    return "".join(parts)


def _replace_tag(m: re.Match[str]) -> str:
    name = m.group(2).lower()
    if name in _BLOCK_TAGS:
        return "\n"
    if name in _INLINE_TAGS:
        return " "
    return m.group(0)  # <sip:alice@host>, <ana@example.com>: not markup


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200d\u2060\ufeff]")
_NBSP = re.compile(r"[\u00a0\u2007\u202f]")
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_SPACE_RUN = re.compile(r"[ \t]{2,}")
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n){2,}")


def clean_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "<" in text:
        text = _TAG.sub(_replace_tag, _drop_invisible(text))
    if "&" in text:
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


def fold(text: str) -> str:
    """Lowercase without accents, for keyword comparisons."""
    if text.isascii():
        return text.lower()  # casefold() is lower() on ASCII, which NFD leaves as it is
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


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
