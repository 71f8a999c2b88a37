"""Phone number extraction: candidate digit runs checked by libphonenumber, E.164 out."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

import phonenumbers

from flows.extract_text import Span, overlaps

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
_PHONE_PREFER = re.compile(
    r"(?i)(?:\bmy\s+(?:cell|mobile|phone|number|line|direct)|call\s+me|call\s+us|callback|call\s+back|"
    r"reach\s+me|contact|\bphone\b|\btel\b|\bt:|direct|\bcell\b|\bmobile\b|\bm[óo]vil\b|\bcelular\b|\bcel\b|"
    r"tel[ée]fono|ll[áa]m(?:a|e|en)me|llamarme|ll[áa]menos|mi\s+n[úu]mero|whatsapp)"
    r"[^\n\d]{0,25}$"
)
_SPANISH_HINTS = re.compile(
    r"(?i)\b(?:hola|buenas|buenos|gracias|saludos|mi|nuestro|nuestra|el|los|las|que|para|con|"
    r"desde|tengo|tenemos|soy|llamadas?|n[úu]mero|tel[ée]fono|m[óo]vil|fijo|es|est[áa]|no\s+funciona|"
    r"al|del|por|una|se|llamar|llamo|marcar|marco|sin|tiene|hay|pero|muy|cuando|ayer|hoy|favor|"
    r"aparece|sale|funciona|nuestra|nuestros|ning[úu]n|ninguna|cel|celular|correo)\b"
)
_EXTENSION_AFTER = re.compile(r"(?i)(?:x|ext|ext\.)[ \t]*\d")
_URI_PHONE_PREFIX = re.compile(r"(?i)(?:sips?|tel):$")


_SPANISH_CHARS = re.compile(r"[ñÑ¿¡áéíóúÁÉÍÓÚ]")
FALLBACK_REGIONS: Final = ("ES", "MX")


def looks_spanish(text: str) -> bool:
    head = text[:3000]
    hints = len(_SPANISH_HINTS.findall(head)) + (1 if _SPANISH_CHARS.search(head) else 0)
    return hints >= 2


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
                sum(c.isdigit() for c in piece) >= 7
                and not _IP_LIKE.search(piece)
                and len(_SINGLE_DIGIT_GROUP.findall(piece)) <= 2
            ):
                yield start, piece


def find_phones(text: str, region: str, claimed: list[Span]) -> list[tuple[str, Span, bool]]:
    out: list[tuple[str, Span, bool]] = []
    spanish: bool | None = None
    for count, (chunk_start, chunk) in enumerate(_phone_chunks(text)):
        if count >= _MAX_PHONE_CANDIDATES:
            break
        regions = [region]
        if not chunk.startswith("+"):
            if spanish is None:
                spanish = looks_spanish(text)
            if spanish:
                regions.extend(r for r in FALLBACK_REGIONS if r != region)
        for reg in regions:
            matches = list(
                phonenumbers.PhoneNumberMatcher(chunk, reg, leniency=phonenumbers.Leniency.VALID)
            )
            for pm in matches:
                start = chunk_start + pm.start
                end = chunk_start + pm.end
                if overlaps((start, end), claimed) or not _phone_context_ok(text, start, end):
                    continue
                e164 = phonenumbers.format_number(pm.number, phonenumbers.PhoneNumberFormat.E164)
                preferred = bool(_PHONE_PREFER.search(text, max(0, start - 60), start))
                out.append((e164, (start, end), preferred))
            if matches:
                break
    return out


def pick_phone(found: list[tuple[str, Span, bool]]) -> str | None:
    for value, _, preferred in found:
        if preferred:
            return value
    return found[0][0] if found else None
