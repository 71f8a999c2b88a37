"""HTML to plain text: the project's one conversion, on html2text.

The email intake (channels/email_parse.py) converts every text/html body with `html_to_text`;
`clean_text` converts a message that carries HTML markup the same way, so an HTML document
pasted into the web chat reads as the same text as the email that carried it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

import html2text

__all__ = ["has_markup", "html_to_text", "markup_to_text"]

# Tags a message is treated as HTML for: the common ones of mail clients and editors. Anything
# else in angle brackets (<sip:alice@host>, <ana@example.com>, "x < y") stays text.
_TAGS: Final = (
    "p br div tr li ul ol table tbody thead h1 h2 h3 h4 h5 h6 blockquote pre hr html body"
    " span a b i u em strong font td th small big sup sub code img meta center o:p"
    " style script head title"
).split()
_TAG_NAME: Final = "|".join(sorted((re.escape(t) for t in _TAGS), key=len, reverse=True))
_MARKUP: Final = re.compile(rf"(?i)<(?:/?(?:{_TAG_NAME})(?=[\s/>])|!--)")
_STRAY_BRACKET: Final = re.compile(rf"(?i)<(?!/?(?:{_TAG_NAME})(?=[\s/>])|!--|!doctype)")


def has_markup(text: str) -> bool:
    """Whether `text` holds an HTML tag or comment (not merely an angle bracket)."""
    return "<" in text and _MARKUP.search(text) is not None


def html_to_text(html: str) -> str:
    """The text a reader sees in the HTML document `html`: no tags, styles, scripts, images,
    links or emphasis; paragraphs and line breaks as newlines; entities decoded."""
    converter = html2text.HTML2Text()
    converter.body_width = 0  # no re-wrapping: a phone number must not be cut in two
    converter.ignore_images = True
    converter.ignore_emphasis = True
    converter.ignore_links = True
    converter.ignore_tables = True
    return _HARD_BREAK.sub("\n", _unescape_markdown(converter.handle(html))).strip()


# html2text escapes what Markdown would read as markup ("1. " or "- " opening a line, a
# backslash before punctuation); the text is for people and extractors, not for Markdown.
_HARD_BREAK: Final = re.compile(r"[ \t]+\n")  # Markdown's hard line break: <br> as "  \n"
_MD_LINE_START: Final = re.compile(r"(?m)^(\s*)\\([-+])|^(\s*\d+)\\(\.)")
_MD_BACKSLASH: Final = re.compile(r"\\(\\)(?=[\\`*_{}\[\]()#+\-.!])")


def _unescape_markdown(text: str) -> str:
    if "\\" not in text:
        return text
    text = _MD_LINE_START.sub(lambda m: (m[1] or m[3] or "") + (m[2] or m[4]), text)
    return _MD_BACKSLASH.sub(r"\1", text)


@lru_cache(maxsize=64)  # pure; the extractors clean the same message several times a turn
def markup_to_text(text: str) -> str:
    """`html_to_text` for a message that mixes text and HTML tags: an angle bracket that opens
    no known tag (<sip:alice@host>, <ana@example.com>, "x < y") stays text."""
    return html_to_text(_STRAY_BRACKET.sub("&lt;", text))
