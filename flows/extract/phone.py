"""Phone number extraction: candidate digit runs checked by libphonenumber, E.164 out."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

import phonenumbers

from flows.extract.phone_cues import OWN_LINE, country_hints, in_sip_trace, phone_score
from flows.extract.text import Span, overlaps

_MAX_PHONE_CANDIDATES: Final = 40

_PHONE_CANDIDATE = re.compile(r"\+?\(?\d[\d \t().\-]{5,24}\d")
_SENTENCE_DOT = re.compile(r"\.(?=[ \t])")
_LEADING_SINGLES = re.compile(r"(?:\d[ \t]+){2,}")
_TRAILING_SINGLES = re.compile(r"(?:[ \t]+\d)+[ \t]*$")
_SINGLE_DIGIT_GROUP = re.compile(r"(?<!\d)\d(?!\d)")
_IP_LIKE = re.compile(r"(?<!\d)\d{1,3}(?:\.\d{1,3}){3}(?!\d)")
_PHONE_BLOCK_PREFIX = re.compile(
    r"(?i)(?:\b(?:ticket|tiket|tkt|case|caso|incidencia|incident|invoice|factura|order|pedido|"
    r"account|acct|acc|cuenta|customer|cliente|client|ref|reference|referencia|pin|serial|mac|ip|"
    r"port|puerto|ext|extension|extensi[óo]n|interno|anexo|code|c[óo]digo|conf|bridge|id|"
    r"confirmation|confirmaci[óo]n|po|order|lote|batch|tracking|seguimiento)"
    r"|\bx)"
    r"[ \t]*(?:(?:number|num|no|nro|n[º°o]|n[úu]mero|id|is|es|:|#|\.)[ \t]*){0,3}\(?$"
)
_CURRENCY_BEFORE = re.compile(r"[$€£¥][ \t]*$")
_CURRENCY_AFTER = re.compile(r"(?i)^[ \t]*(?:€|usd|eur|mxn|dollars|d[óo]lares|euros|pesos)\b")
_EXTENSION_AFTER = re.compile(r"(?i)(?:x|ext|ext\.)[ \t]*\d")
_URI_PHONE_PREFIX = re.compile(r"(?i)(?:sips?|tel):$")


def _phone_context_ok(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 40) : start]
    after = text[end : end + 16]
    uri = bool(_URI_PHONE_PREFIX.search(before))
    if before and not uri:
        prev = before[-1]
        if prev.isalnum() or prev in ".:/@_=#-+":
            return False
    if after:
        nxt = after[0]
        if (nxt.isalnum() or nxt == "_") and not _EXTENSION_AFTER.match(after):
            return False
        if nxt == "@" and not uri:
            return False
        if nxt in ".:-/" and len(after) > 1 and after[1].isdigit():
            return False
    if _PHONE_BLOCK_PREFIX.search(before) or _CURRENCY_BEFORE.search(before):
        return False
    return not _CURRENCY_AFTER.search(after)


# a piece is yielded with seven digits or more (`_phone_chunks`), so a text with fewer has none
_MIN_DIGITS: Final = 7
# each byte of an ASCII text's digits (0-9) to b"1", any other to a zero byte
_DIGIT_MARKS: Final = bytes(49 if 48 <= b <= 57 else 0 for b in range(256))


def _too_few_digits(text: str) -> bool:
    """Whether an ASCII text has fewer than `_MIN_DIGITS` digits: counted in C (a byte
    translation and a count), not by the candidate pattern, which tries every position of a
    text (most first messages, "office 17 is down", have two or three digits). An ASCII
    text's digits for `str.isdigit` are 0-9; any other text is read by the pattern."""
    return text.isascii() and text.encode().translate(_DIGIT_MARKS).count(b"1") < _MIN_DIGITS


def _phone_chunks(text: str) -> Iterator[tuple[int, str]]:
    """Digit runs worth showing to libphonenumber, split at sentence ends, junk trimmed."""
    for cand in _PHONE_CANDIDATE.finditer(text):
        offset = cand.start()
        for piece in _SENTENCE_DOT.split(cand.group(0)):
            start = offset
            offset += len(piece) + 1
            lead = _LEADING_SINGLES.match(piece)
            if lead:
                start += lead.end()
                piece = piece[lead.end() :]
            piece = _TRAILING_SINGLES.sub("", piece)
            if (
                sum(c.isdigit() for c in piece) >= _MIN_DIGITS
                and not _IP_LIKE.search(piece)
                and len(_SINGLE_DIGIT_GROUP.findall(piece)) <= 2
            ):
                yield start, piece


_MX_GROUPING = re.compile(r"\(?\d{2}\)?[ \t.\-]\d{4}[ \t.\-]\d{4}")
_INTL_00 = re.compile(r"00(?=[1-9])")
_MX_OLD_MOBILE = re.compile(r"\+52[ \t.\-]*(1)[ \t.\-]*\d")
_NOT_CALLBACK_TYPES: Final = frozenset(
    {
        phonenumbers.PhoneNumberType.TOLL_FREE,
        phonenumbers.PhoneNumberType.SHARED_COST,
        phonenumbers.PhoneNumberType.PREMIUM_RATE,
        phonenumbers.PhoneNumberType.UAN,
    }
)


# Mexican dialling prefixes before a 10-digit national number: 044/045 (mobile, from a
# landline) and 01 (long distance). Dropped since 2019 but still written by customers.
_MX_DIAL_PREFIX = re.compile(r"^([ \t(]*)(04[45]|01)(?=[ \t.\-)]*\(?\d)")
# An extension written after the number: "ext. 12", "x204", "extensión 305", "int. 12".
_EXTENSION = re.compile(
    r"(?i)^[ \t]*,?[ \t]*(?:ext\.?|extension|extensi[óo]n|x|int\.?|interno|anexo)[ \t]*[:#.]?[ \t]*(\d{1,6})\b"
)


def extension_after(text: str, end: int) -> str | None:
    """The extension written right after a number that ends at `end`, if any."""
    m = _EXTENSION.match(text[end : end + 24])
    return m.group(1) if m else None


def _mx_national(chunk: str) -> str | None:
    """`chunk` with a Mexican 044/045/01 prefix blanked (same length), or None."""
    m = _MX_DIAL_PREFIX.match(chunk)
    if m is None:
        return None
    rest = chunk[m.end() :]
    if sum(c.isdigit() for c in rest) != 10:
        return None
    return chunk[: m.start(2)] + " " * len(m.group(2)) + rest


def _normalise_chunk(chunk: str) -> str:
    """Same-length rewrites libphonenumber needs: "0034 ..." and the old "+52 1" mobile prefix."""
    if _INTL_00.match(chunk):
        chunk = " +" + chunk[2:]  # same length, so match offsets still point into the text
    mx = _MX_OLD_MOBILE.match(chunk)
    if mx and sum(c.isdigit() for c in chunk) == 13:
        chunk = chunk[: mx.start(1)] + " " + chunk[mx.end(1) :]
    return chunk


def _regions(text: str, region: str, chunk: str, cache: dict[str, list[str]]) -> list[str]:
    """The plan's region first, then countries the message names ("UK office", "CDMX").
    Never the message's language: a Spanish message on a US plan is still read as US
    (issue 12, point 8); the number itself can say otherwise (a "+", a Mexican prefix)."""
    if chunk.lstrip().startswith("+"):
        return [region]
    if "regions" not in cache:
        hints = country_hints(text)
        cache["regions"] = [region, *(r for r in dict.fromkeys(hints) if r != region)]
        mexican = "MX" in hints and region != "MX"
        cache["mexican"] = ["MX", *cache["regions"]] if mexican else cache["regions"]
    # "55 1234 5678" is how Mexicans group a number (a US one reads 551-234-5678)
    return cache["mexican"] if _MX_GROUPING.fullmatch(chunk.strip()) else cache["regions"]


def find_phones(text: str, region: str, claimed: list[Span]) -> list[tuple[str, Span, int]]:
    """Valid numbers outside claimed spans and SIP traces, each with its callback score."""
    if _too_few_digits(text):  # no piece of seven digits (`_phone_chunks`)
        return []
    out: list[tuple[str, Span, int]] = []
    cache: dict[str, list[str]] = {}
    previous: tuple[int, int] | None = None
    for count, (chunk_start, raw) in enumerate(_phone_chunks(text)):
        if count >= _MAX_PHONE_CANDIDATES:
            break
        chunk = _normalise_chunk(raw)
        regions = _regions(text, region, chunk, cache)
        national = _mx_national(chunk)
        if national is not None:
            # 044/045/01 before ten digits is a Mexican trunk prefix: the number says its country
            chunk, regions = national, ["MX"]
        for reg in regions:
            matches = list(
                phonenumbers.PhoneNumberMatcher(chunk, reg, leniency=phonenumbers.Leniency.VALID)
            )
            for pm in matches:
                start = chunk_start + pm.start
                end = chunk_start + pm.end
                if chunk is not raw and pm.start <= 2 and raw.startswith("00"):
                    start = chunk_start  # "0034 ..." read as "+34 ..."
                if (
                    overlaps((start, end), claimed)
                    or not _phone_context_ok(text, start, end)
                    or in_sip_trace(text, start, end)
                ):
                    continue
                kind = phonenumbers.number_type(pm.number)
                score = phone_score(
                    text, start, end, previous=previous, toll_free=kind in _NOT_CALLBACK_TYPES
                )
                previous = (end, score)
                e164 = phonenumbers.format_number(pm.number, phonenumbers.PhoneNumberFormat.E164)
                out.append((e164, (start, end), score))
            if matches:
                break
    return out


def pick_phone(found: list[tuple[str, Span, int]]) -> str | None:
    """The best-scored callback number (first on a tie); else the customer's one affected line."""
    item = pick_phone_item(found)
    return item[0] if item is not None else None


def pick_phone_item(found: list[tuple[str, Span, int]]) -> tuple[str, Span, int] | None:
    """`pick_phone`, with the number's span and score."""
    best: tuple[str, Span, int] | None = None
    for item in found:
        if item[2] > OWN_LINE and (best is None or item[2] > best[2]):
            best = item
    if best is not None:
        return best
    own = {value for value, _, score in found if score == OWN_LINE}
    if len(own) != 1:
        return None
    value = own.pop()
    return next(item for item in found if item[0] == value)
