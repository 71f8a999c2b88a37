"""SMS text arithmetic: GSM-7 or UCS-2, segment counts, and splitting a reply at
word boundaries into at most a few single-segment messages.

A text is GSM-7 only when every character is in the GSM 03.38 default alphabet
or its extension table (extension characters cost two septets). One character
outside it ("á", "ó", an emoji) makes the whole message UCS-2, counted in
UTF-16 code units: 70 per single message instead of 160.
"""

from __future__ import annotations

from typing import Final

GSM7_BASIC: Final = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED: Final = frozenset("^{}\\[~]|€\f")

GSM7_SINGLE: Final = 160
GSM7_MULTI: Final = 153  # a concatenated message's header eats 7 septets per segment
UCS2_SINGLE: Final = 70
UCS2_MULTI: Final = 67


GSM7_ALL: Final = GSM7_BASIC | GSM7_EXTENDED


# A reply is a few hundred characters, and a set lookup per character on each of the two
# questions below (three passes over every split reply) cost about 3 % of an outage-storm
# message. An ASCII text (most replies; str.isascii() is a flag, not a scan) is answered in
# C instead: its bytes with the GSM-7 ones deleted, and a substring search for each of the
# extension characters ASCII has.
_GSM7_ASCII: Final = bytes(c for c in range(128) if chr(c) in GSM7_ALL)
_EXTENDED_ASCII: Final = "".join(sorted(c for c in GSM7_EXTENDED if c.isascii()))


def is_gsm7(text: str) -> bool:
    if text.isascii():
        return not text.encode("ascii").translate(None, _GSM7_ASCII)
    return GSM7_ALL.issuperset(text)


def _one_septet_each(text: str) -> bool:
    """No GSM-7 extension character in `text` (`GSM7_EXTENDED.isdisjoint(text)`)."""
    if text.isascii():
        for ch in _EXTENDED_ASCII:
            if ch in text:
                return False
        return True
    return GSM7_EXTENDED.isdisjoint(text)


def encoding(text: str) -> str:
    """ "GSM-7" or "UCS-2": what a carrier will use for this text."""
    return "GSM-7" if is_gsm7(text) else "UCS-2"


def _cost(ch: str, gsm: bool) -> int:
    if gsm:
        return 2 if ch in GSM7_EXTENDED else 1
    return 2 if ord(ch) > 0xFFFF else 1  # astral characters take a UTF-16 surrogate pair


def units(text: str, *, gsm: bool | None = None) -> int:
    """Septets (GSM-7) or UTF-16 code units (UCS-2) the text occupies."""
    gsm = is_gsm7(text) if gsm is None else gsm
    if gsm:
        if _one_septet_each(text):  # the usual text: one septet a character
            return len(text)
        return len(text) + sum(text.count(ch) for ch in GSM7_EXTENDED)
    return len(text.encode("utf-16-le")) // 2


def segment_count(text: str) -> int:
    """How many segments a carrier bills for `text` sent as one (concatenated) message."""
    if not text:
        return 0
    gsm = is_gsm7(text)
    n = units(text, gsm=gsm)
    single, multi = (GSM7_SINGLE, GSM7_MULTI) if gsm else (UCS2_SINGLE, UCS2_MULTI)
    return 1 if n <= single else -(-n // multi)


def _fitting_prefix(text: str, budget: int, gsm: bool) -> int:
    """Length (in characters) of the longest prefix of `text` costing at most `budget`."""
    single = _one_septet_each(text) if gsm else max(text, default="") <= "\uffff"
    if single:  # every character costs one (the usual text): no need to count
        return min(len(text), budget)
    used = 0
    for i, ch in enumerate(text):
        used += _cost(ch, gsm)
        if used > budget:
            return i
    return len(text)


def _word_cut(text: str, end: int) -> int:
    """Where to cut `text` at or before `end`: a line break in the second half of
    the window, else the last space; a single overlong word is cut hard."""
    if end >= len(text):
        return len(text)
    window = text[: end + 1]  # a space right at `end` is a perfect cut
    newline = window.rfind("\n")
    if newline > end // 2:
        return newline
    space = max(window.rfind(" "), newline)
    return space if space > 0 else end


def split_message(text: str, *, max_parts: int = 3) -> list[str]:
    """Split `text` at word boundaries into at most `max_parts` messages of one
    segment each (160 GSM-7 septets or 70 UCS-2 units, decided by the whole text).
    What does not fit is cut at a word boundary and marked with an ellipsis."""
    text = text.strip()
    if not text:
        return []
    gsm = is_gsm7(text)
    limit = GSM7_SINGLE if gsm else UCS2_SINGLE
    if len(text) * 2 <= limit or units(text, gsm=gsm) <= limit:
        return [text]  # the common case: a short reply
    ellipsis = "..." if gsm else "…"
    if _one_septet_each(text) if gsm else max(text) <= "\uffff":
        # every character costs one unit (the usual text): so does every part of it
        return _split_by_length(text, limit, limit - len(ellipsis), ellipsis, max_parts)
    parts: list[str] = []
    rest = text
    while rest:
        if units(rest, gsm=gsm) <= limit:
            parts.append(rest)
            break
        if len(parts) == max_parts - 1:
            end = _fitting_prefix(rest, limit - units(ellipsis, gsm=gsm), gsm)
            parts.append(rest[: _word_cut(rest, end)].rstrip() + ellipsis)
            break
        cut = _word_cut(rest, _fitting_prefix(rest, limit, gsm))
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return [p for p in parts if p]


def _split_by_length(
    text: str, limit: int, last_limit: int, ellipsis: str, max_parts: int
) -> list[str]:
    """`split_message`'s loop for a text whose every character costs one unit: a part's
    units are its length, and no part is counted character by character."""
    parts: list[str] = []
    rest = text
    while rest:
        if len(rest) <= limit:
            parts.append(rest)
            break
        if len(parts) == max_parts - 1:
            end = min(len(rest), last_limit)
            parts.append(rest[: _word_cut(rest, end)].rstrip() + ellipsis)
            break
        cut = _word_cut(rest, min(len(rest), limit))
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return [p for p in parts if p]
