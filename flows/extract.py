"""Intake-field extraction from free customer text (English and Spanish).

Pure functions: no I/O, no clock. Every regex is precompiled and bounded so that
a 100 kB message is handled in a few milliseconds; the expensive libphonenumber
matcher only ever sees short candidate substrings, and at most
``_MAX_PHONE_CANDIDATES`` of them.

Fields are claimed in a fixed order (Call-ID, email, ticket, account, phone) and
a span claimed by one field is never reported as another: a Call-ID that looks
like an email address is not an email, an account number is not a phone.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from typing import Final

import phonenumbers

__all__ = [
    "Answer",
    "Extraction",
    "extract",
    "is_correction",
    "is_no",
    "is_skip",
    "is_yes",
    "parse_answer",
]


@dataclass(frozen=True, slots=True)
class Extraction:
    """Intake fields found in one message; ``None`` where nothing reliable was found."""

    name: str | None = None
    phone: str | None = None
    email: str | None = None
    call_id: str | None = None
    ticket: str | None = None
    account_id: str | None = None
    error_text: str | None = None

    def as_dict(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is not None:
                out[f.name] = value
        return out


@dataclass(frozen=True, slots=True)
class Answer:
    """A validated direct answer; ``error`` is a message-catalog key when invalid."""

    value: str | None
    error: str | None = None


# --------------------------------------------------------------------------- text clean-up

_HEAD_CHARS: Final = 10_000
_TAIL_CHARS: Final = 3_000
_GREETING_CHARS: Final = 300
_SIGNATURE_CHARS: Final = 1_500
_MAX_QUOTES: Final = 30
_MAX_PHONE_CANDIDATES: Final = 40
_MAX_AT_SIGNS: Final = 200

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


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "<" in text:
        text = _TAG.sub(_replace_tag, _drop_invisible(text))
    if "&" in text:
        text = html.unescape(text)
    text = _CONTROL.sub(" ", text)
    text = _NBSP.sub(" ", text)
    text = _DASHES.sub("-", text)
    text = _SPACE_RUN.sub(" ", text)
    text = _BLANK_LINES.sub("\n\n", text)
    return unicodedata.normalize("NFC", text)


def _fold(text: str) -> str:
    """Lowercase without accents, for keyword comparisons."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


Span = tuple[int, int]


def _overlaps(span: Span, claimed: Iterable[Span]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in claimed)


# --------------------------------------------------------------------------- Call-ID

_CALLID_TOKEN: Final = r"([A-Za-z0-9][\w.~!%*+\-/=]{3,199}(?:@[A-Za-z0-9][\w.\-:\[\]]{0,199})?)"
_CALLID_CONTEXT = re.compile(
    r"(?i)\b(?:sip[ \t]+)?(?:call[-_ \t]?id|call[ \t]+identifier|"
    r"id[ \t]+de[ \t]+(?:la[ \t]+)?llamada|identificador[ \t]+de[ \t]+(?:la[ \t]+)?llamada)\b"
    r"(?:[ \t]+(?:for|of|from|on|de|del|en|la|el|the|this|that|esa|esta|ese|failed|failing|dropped|"
    r"last|[úu]ltima|call|llamada|fallida|cortada|problem[aá]tica|you\s+asked\s+for|que\s+pidieron)){0,6}"
    r"[ \t]*(?:(?:is|was|es|era|fue|number|n[º°o]\.?|:|=|#|-)[ \t]*){0,3}[\"'<(\[]?[ \t]*"
    + _CALLID_TOKEN
)
_CALLID_AT_SHAPE = re.compile(
    r"(?<![\w.\-+%@:])([0-9A-Fa-f][0-9A-Fa-f\-]{9,127})@([A-Za-z0-9][\w\-]*(?:\.[\w\-]+)+)"
)
_UUID = re.compile(
    r"(?<![\w\-])[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w\-])"
)
_CALL_WORD = re.compile(r"(?i)\b(?:call|llamada|sip|invite)")
_TRAILING_PUNCT = ".,;:!?)]}>'\"-"


_MAIL_PROVIDERS: Final = frozenset(
    {
        "gmail",
        "googlemail",
        "yahoo",
        "ymail",
        "hotmail",
        "outlook",
        "live",
        "msn",
        "icloud",
        "me",
        "aol",
        "proton",
        "protonmail",
        "gmx",
        "zoho",
        "mail",
        "yandex",
        "terra",
        "prodigy",
    }
)


def _hexish_callid_local(local: str) -> bool:
    digits = sum(c.isdigit() for c in local)
    letters = sum(c.isalpha() for c in local)
    if len(local) >= 12 and digits >= 6:
        return True
    return len(local) >= 10 and digits >= 4 and letters >= 2


def _find_call_id(text: str) -> tuple[str, Span] | None:
    for m in _CALLID_CONTEXT.finditer(text):
        token = m.group(1).rstrip(_TRAILING_PUNCT)
        if len(token) >= 6 and any(c.isdigit() for c in token):
            return token, (m.start(1), m.start(1) + len(token))
    for m in _CALLID_AT_SHAPE.finditer(text):
        if (
            _hexish_callid_local(m.group(1))
            and m.group(2).split(".", 1)[0].lower() not in _MAIL_PROVIDERS
            and not _EMAIL_CONTEXT.search(text, max(0, m.start() - 60), m.start())
        ):
            token = m.group(0).rstrip(_TRAILING_PUNCT)
            return token, (m.start(), m.start() + len(token))
    for m in _UUID.finditer(text):
        if _CALL_WORD.search(text, max(0, m.start() - 50), m.start()):
            return m.group(0), m.span()
    return None


# --------------------------------------------------------------------------- email

_EMAIL_LOCAL_END = re.compile(r"[A-Za-z0-9._%+\-]{1,64}$")
_EMAIL_DOMAIN = re.compile(
    r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}\b"
)
_URI_SCHEME_BEFORE = re.compile(r"(?i)(?:sips?|tel|https?|ftp):$")
_ROLE_LOCALS: Final = frozenset(
    {
        "support",
        "soporte",
        "help",
        "helpdesk",
        "ayuda",
        "noc",
        "noreply",
        "no-reply",
        "donotreply",
        "do-not-reply",
        "mailer-daemon",
        "postmaster",
        "abuse",
        "tickets",
    }
)
_EMAIL_CONTEXT = re.compile(
    r"(?i)(?:e-?mail|correo|mail|reply\s+to|write\s+(?:to\s+)?me|esc[rí]+b[ae]me|escribirme|contact|"
    r"contacto|reach\s+me|send\s+(?:it\s+)?to)[^\n@]{0,30}$"
)


def _find_emails(text: str, claimed: list[Span]) -> list[tuple[str, Span, bool]]:
    found: list[tuple[str, Span, bool]] = []
    pos = text.find("@")
    seen = 0
    while pos != -1 and seen < _MAX_AT_SIGNS:
        seen += 1
        local = _EMAIL_LOCAL_END.search(text, max(0, pos - 64), pos)
        domain = _EMAIL_DOMAIN.match(text, pos + 1)
        if local and domain:
            local_text = local.group(0).lstrip(".")
            start = pos - len(local_text)
            end = domain.end()
            span = (start, end)
            if (
                local_text
                and not local_text.endswith(".")
                and not _URI_SCHEME_BEFORE.search(text, max(0, start - 6), start)
                and not _overlaps(span, claimed)
            ):
                preferred = bool(_EMAIL_CONTEXT.search(text, max(0, start - 60), start))
                found.append((text[start:end].lower(), span, preferred))
        pos = text.find("@", pos + 1)
    return found


def _pick_email(found: list[tuple[str, Span, bool]]) -> tuple[str, Span] | None:
    for value, span, preferred in found:
        if preferred:
            return value, span
    for value, span, _ in found:
        if value.split("@", 1)[0] not in _ROLE_LOCALS:
            return value, span
    return None


# --------------------------------------------------------------------------- ticket

_TICKET = re.compile(
    r"(?i)(?:"
    r"(?<!\bin\s)(?<!\ben\s)\b(?:ticket|tiket|tickt|tkt|tiquete|case|caso|incidencia|incidente|incident|"
    r"folio|reporte)"
    r"(?:[ \t]+(?:number|num|no|nro|n[º°o]|n[úu]mero|id))?\.?[ \t]*"
    r"(?:(?:is|was|es|:|#|=|-)[ \t]*){0,2}(?:(?:the|el|la)[ \t]+)?#?[ \t]*(\d{2,12})\b(?![.:/]\d|@)"
    r"|\[[ \t]*(?:ticket|caso|case)?[ \t]*#[ \t]*(\d{2,12})[ \t]*\]"
    r")"
)


def _find_ticket(text: str) -> tuple[str, Span] | None:
    m = _TICKET.search(text)
    if not m:
        return None
    group = 1 if m.group(1) else 2
    return m.group(group), m.span(group)


# --------------------------------------------------------------------------- account id

_ACCOUNT = re.compile(
    r"(?i)\b(?:"
    r"(?P<resporg>resp[ \t]?org(?:[ \t]+id)?|scp[ \t]+id)"
    r"|(?P<acct>(?:billing[ \t]+)?(?:account|acount|accout|acct|acc|cuenta)"
    r"|customer[ \t]*(?:id|number|no\.?|nr|#|acct)|client[ \t]+(?:id|number)"
    r"|(?:id|n[úu]mero|numero|n[º°o]|nro|c[óo]digo)[ \t]+de[ \t]+cliente|cliente|ban)"
    r")\b"
    r"(?:[ \t]*(?:number|num|no|nro|n[º°o]|n[úu]mero|id|#|is|es|la|el|it'?s|it[ \t]+is|:|=|\?|\.)){0,4}"
    r"[ \t]*#?[ \t]*"
    r"(?P<value>[A-Za-z0-9][A-Za-z0-9\-]{1,24})"
    r"(?![\w@]|[.:]\d)"
)
# Resp Org IDs are five characters (two letters, three alphanumerics); SCP IDs vary.
_RESPORG_VALUE = re.compile(r"[A-Z]{2}[A-Z0-9]{3}|[A-Z0-9]{0,9}\d[A-Z0-9]{0,9}")
_ACCOUNT_VALUE_STOP: Final = frozenset({"id", "number", "no", "nro", "is", "es"})


def _find_account(text: str, claimed: list[Span]) -> tuple[str, Span] | None:
    m = _ACCOUNT.search(text)
    while m:
        found = _account_value(m, claimed)
        if found:
            return found
        # keywords may repeat ("acct. acct num 4412"): resume right after this keyword
        m = _ACCOUNT.search(text, m.start() + 1)
    return None


def _account_value(m: re.Match[str], claimed: list[Span]) -> tuple[str, Span] | None:
    value = m.group("value").rstrip("-")
    span = (m.start("value"), m.start("value") + len(value))
    if value.lower() in _ACCOUNT_VALUE_STOP or _overlaps(span, claimed):
        return None
    if m.group("resporg"):
        return (value, span) if _RESPORG_VALUE.fullmatch(value) else None
    if len(value) >= 3 and any(c.isdigit() for c in value):
        return value, span
    return None


# --------------------------------------------------------------------------- phone

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
_FALLBACK_REGIONS: Final = ("ES", "MX")


def _looks_spanish(text: str) -> bool:
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


def _phones(text: str, region: str, claimed: list[Span]) -> list[tuple[str, Span, bool]]:
    out: list[tuple[str, Span, bool]] = []
    spanish: bool | None = None
    for count, (chunk_start, chunk) in enumerate(_phone_chunks(text)):
        if count >= _MAX_PHONE_CANDIDATES:
            break
        regions = [region]
        if not chunk.startswith("+"):
            if spanish is None:
                spanish = _looks_spanish(text)
            if spanish:
                regions.extend(r for r in _FALLBACK_REGIONS if r != region)
        for reg in regions:
            matches = list(
                phonenumbers.PhoneNumberMatcher(chunk, reg, leniency=phonenumbers.Leniency.VALID)
            )
            for pm in matches:
                start = chunk_start + pm.start
                end = chunk_start + pm.end
                if _overlaps((start, end), claimed) or not _phone_context_ok(text, start, end):
                    continue
                e164 = phonenumbers.format_number(pm.number, phonenumbers.PhoneNumberFormat.E164)
                preferred = bool(_PHONE_PREFER.search(text, max(0, start - 60), start))
                out.append((e164, (start, end), preferred))
            if matches:
                break
    return out


def _pick_phone(found: list[tuple[str, Span, bool]]) -> str | None:
    for value, _, preferred in found:
        if preferred:
            return value
    return found[0][0] if found else None


# --------------------------------------------------------------------------- error text

_SIP_PHRASES: Final = (
    "Bad Request|Unauthorized|Payment Required|Forbidden|Not Found|Method Not Allowed|"
    "Not Acceptable Here|Not Acceptable Anywhere|Not Acceptable|Proxy Authentication Required|"
    "Request Time-?out|Gone|Request Entity Too Large|Request-URI Too Long|Unsupported Media Type|"
    "Unsupported URI Scheme|Bad Extension|Extension Required|Interval Too Brief|Too Many Requests|"
    "Temporarily Unavailable|Temporarily Not Available|Call/Transaction Does Not Exist|"
    "Call Leg/Transaction Does Not Exist|Call Does Not Exist|Transaction Does Not Exist|"
    "Loop Detected|Too Many Hops|Address Incomplete|Ambiguous|Busy Here|Request Terminated|"
    "Request Pending|Undecipherable|Server Internal Error|Internal Server Error|Not Implemented|"
    "Bad Gateway|Service Unavailable|Server Time-?out|Gateway Time-?out|Version Not Supported|"
    "Message Too Large|Precondition Failure|Busy Everywhere|Decline|Declined|Does Not Exist Anywhere|"
    "No Route to Destination|Unallocated Number|Number Changed|Rejected"
)
_SIP_STATUS = re.compile(
    r"(?i)(?<![\w.])((?:SIP/2\.0[ \t]+|SIP[ \t]+)?[3-6]\d\d[ \t]+(?:" + _SIP_PHRASES + r"))\b"
)
_SIP_STATUS_PREFIX = re.compile(
    r"(?i)^((?:error|err)?[ \t:]*(?:SIP/2\.0[ \t]+|SIP[ \t]+)?[3-6]\d\d[ \t]+(?:"
    + _SIP_PHRASES
    + r"))\b"
)
_ERROR_COLON = re.compile(
    r"(?i)\b(?:error|err|fehler)(?:[ \t]+(?:message|msg|code))?[ \t]*:[ \t]*([^\n]{2,300})"
)
_SAYS_COLON = re.compile(
    r"(?i)\b(?:says|said|shows|displays|reads|dice|dec[íi]a|muestra|aparece|sale|message|mensaje|"
    r"prompt|alert|aviso|warning)[ \t]*:[ \t]*([^\n]{2,300})"
)
_SAYS_CAPITAL = re.compile(
    r"\b(?:[Ss]ays|[Ss]aying|[Ss]hows|[Dd]isplays|[Dd]ice|[Mm]uestra[n]?|[Ss]howing|[Rr]eads)[ \t]+"
    r"(?:(?:the[ \t]+)?(?:message|error)[ \t]+)?"
    r"([A-ZÁÉÍÓÚÑ][^\n]{1,200})"
)
_MESSAGE_SAYS = re.compile(
    r"(?i)\b(?:message|mensaje|recording|grabaci[óo]n|locuci[óo]n|voice|voz)[ \t]+(?:que[ \t]+|that[ \t]+)?"
    r"(?:dice|says|saying|diciendo)[ \t]+(?!que\b|that\b)([^\n]{2,200})"
)
_QUOTED = re.compile(
    r"\"([^\"\n]{2,200})\"|“([^”\n]{2,200})”|«([^»\n]{2,200})»|"
    r"(?:(?<=[\s:(])|^)'([^'\n]{1,200}?)'(?=[\s.,;:!?)]|$)"
)
_QUOTE_TRIGGER = re.compile(
    r"(?i)\b(?:error|err|errors|says|said|saying|say|dice|dec[íi]a|diciendo|shows?|showing|displays?|"
    r"displaying|message|mensaje|gets?|getting|got|receive|receiving|recibo|recibimos|returns?|"
    r"returning|devuelve|aparece|sale|sal[íi]a|muestra|muestran|response|respuesta|reads|reading|"
    r"recording|grabaci[óo]n|locuci[óo]n|hear|hears|heard|escucho|escucha|escuchan|escuchamos|oigo|"
    r"oye|oyen|o[íi]mos|suena|plays|playing|announcement|anuncio|seeing|see|saw|fails?|failed|"
    r"failing|falla|fallan|rejected|reason|motivo|code|c[óo]digo|status|estado|prompt|warning|"
    r"alert|aviso|alerta|notification|notificaci[óo]n|pops?\s+up|popup)\b[^\n]{0,40}$"
)
_SENTENCE_END = re.compile(r"[.!?;](?=\s|$)|\s+(?:and|y|but|pero)\s+(?:i|we|now|ahora)\b")


_TITLE_RUN = re.compile(
    r"[A-ZÁÉÍÓÚÑ][\w'’\-]*(?:(?:[ \t]+-)?[ \t]+(?:[A-ZÁÉÍÓÚÑ0-9][\w'’\-]*|of|to|in|on|de|del|la|el|no|not))*"
    r"(?:[ \t]+-)?[ \t]+[A-ZÁÉÍÓÚÑ0-9][\w'’\-]*"
)


def _until_sentence_end(value: str) -> str:
    m = _SENTENCE_END.search(value)
    if m:
        value = value[: m.start()]
    return value.strip().strip("\"'“”«» ").rstrip(".,;:")


def _trim_error(value: str) -> str:
    sip = _SIP_STATUS_PREFIX.match(value)
    if sip:
        return sip.group(1)
    return _until_sentence_end(value)


def _find_error(text: str) -> str | None:
    first: list[tuple[int, str]] = []
    m1 = _ERROR_COLON.search(text)
    if m1:
        first.append((m1.start(), _trim_error(m1.group(1))))
    for n, q in enumerate(_QUOTED.finditer(text)):
        if n >= _MAX_QUOTES:
            break
        if _QUOTE_TRIGGER.search(text, max(0, q.start() - 80), q.start()):
            content = next(g for g in q.groups() if g is not None).strip()
            if content:
                first.append((q.start(), content))
            break
    m2 = _SAYS_COLON.search(text)
    if m2:
        first.append((m2.start(), _trim_error(m2.group(1))))
    first = [(pos, value) for pos, value in first if len(value) >= 2]
    if first:
        return min(first)[1]
    sip_match = _SIP_STATUS.search(text)
    if sip_match:
        return sip_match.group(1)
    for pattern in (_SAYS_CAPITAL, _MESSAGE_SAYS):
        m = pattern.search(text)
        if m:
            value = _until_sentence_end(m.group(1))
            title = _TITLE_RUN.match(value)
            if pattern is _SAYS_CAPITAL and title:
                value = title.group(0)
            if len(value) >= 2:
                return value
    return None


# --------------------------------------------------------------------------- name

_CAP_WORD: Final = r"[A-ZÁÉÍÓÚÑÜÀÈÌÒÙÇ][a-zA-Záéíóúñüàèìòùçäëïöâêîôû'’\-]*"
_ANY_WORD: Final = (
    r"[A-Za-zÁÉÍÓÚÑÜÀÈÌÒÙÇáéíóúñüàèìòùçäëïöâêîôû][A-Za-zÁÉÍÓÚÑÜáéíóúñüàèìòùçäëïöâêîôû'’\-]*"
)
_TITLE: Final = r"(?:(?:Mr|Mrs|Ms|Miss|Dr|Dra|Sr|Sra|Srta|Don|Doña|Ing|Lic)\.?[ \t]+)?"
_NAME_CAP: Final = rf"({_CAP_WORD}(?:[ \t]+{_CAP_WORD}){{0,3}})"
_NAME_ANY: Final = rf"({_ANY_WORD}(?:[ \t]+{_ANY_WORD}){{0,3}})"

_STRONG_CUE = re.compile(
    r"(?i)(?<![\w])(?:my[ \t]+name[ \t]+is|my[ \t]+name's|my[ \t]+name[ \t]+being|"
    r"me[ \t]+llamo|mi[ \t]+nombre[ \t]+es|(?:full[ \t]+)?(?:name|nombre)[ \t]*:)[ \t]*" + _TITLE
)
_NOT_PERSON_NAME_FIELD = re.compile(
    r"(?i)\b(?:user|login|company|business|account|file|host|domain|server|display|caller|device|"
    r"trunk|queue|usuario|empresa|dominio|servidor|cuenta)[ \t_-]*$"
)
_WEAK_CUE = re.compile(
    r"(?i)(?<![\w'’])(?:i'm|i’m|i[ \t]+am|im|this[ \t]+is|it's|it’s|its|it[ \t]+is|soy|habla|"
    r"(?:le|les|te|os)[ \t]+escribe)[ \t]+" + _TITLE
)
_GREETING_NAME = re.compile(
    r"(?i:^[ \t]*(?:hi|hello|hey|hola|buenas|good[ \t]+(?:morning|afternoon|evening)|buenos[ \t]+d[íi]as)"
    r"(?:[ \t]+(?:there|team|all|everyone|support|soporte))?[ \t]*[!,.\-]*[ \t]+)"
    + _NAME_CAP
    + r"(?=[ \t]+(?:here|from|at|aqu[íi])\b)",
    re.MULTILINE,
)
_SIGNOFF_NEXT_LINE = re.compile(
    r"(?im)^[ \t]*(?:thanks|thank[ \t]+you|thx|regards|best[ \t]+regards|kind[ \t]+regards|"
    r"warm[ \t]+regards|best|cheers|sincerely|respectfully|saludos|un[ \t]+saludo|"
    r"saludos[ \t]+cordiales|atentamente|gracias|muchas[ \t]+gracias|cordialmente|"
    r"un[ \t]+cordial[ \t]+saludo|slds)[ \t]*[,.!]*[ \t]*\n[ \t\n]*"
    r"(?-i:" + _TITLE + _NAME_CAP + r")[ \t]*[,.]?[ \t]*$"
)
_HERE_NAME = re.compile(r"^[ \t\n]*" + _NAME_CAP + r"[ \t]+(?:here|aqu[íi])[ \t]*[,.!:\-]")
_SIGNOFF_DASH = re.compile(r"\n[ \t]*(?:--?|—|–|~)[ \t]*" + _NAME_CAP + r"[ \t]*$")
_SIGNOFF_INLINE = re.compile(
    r"(?i:(?:thanks|thank[ \t]+you|thx|regards|cheers|saludos|gracias|un[ \t]+saludo|atentamente))"
    r"[ \t]*,[ \t]*(?-i:" + _NAME_CAP + r")[ \t]*[.!]?[ \t]*$"
)
_NAME_STOP: Final = frozenset(
    """
    a an the and or but not no so very really just also still again here there this that it its
    i me my we our you your he she they them his her from of at in on for to with by about as if
    am is are was be been being have has had having do does did doing will would can could should
    unable able sorry trying calling writing emailing contacting reaching following looking having
    getting going experiencing seeing wondering hoping afraid glad happy sure fine ok okay good
    great well bad new old back done ready available busy away out down up urgent frustrated
    confused locked stuck interested concerned currently still already now today tomorrow yes yeah
    hi hello hey thanks thank please help support team admin administrator manager owner office
    customer client user calling unable problem issue test testing regarding re fw fwd urgent
    monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december
    el la los las un una unos unas de del al y o pero que en con por para sin mi mis su sus tu
    nuevo nueva cliente usuario usuaria administrador administradora encargado encargada gerente
    responsable tecnico tecnica dueno duena jefe jefa director directora yo muy bastante
    urgente aqui alli hola buenas buenos gracias favor perdon disculpa socio socia empleado
    empleada parte miembro lunes martes miercoles jueves viernes sabado domingo enero febrero marzo
    abril mayo junio julio agosto septiembre octubre noviembre diciembre incapaz capaz
    dead broken weird strange slow offline online silent impossible terrible awful ridiculous
    crazy annoying unacceptable useless same different what how why when where who which one all
    nothing something everything anything none there's whats what's correct right wrong true
    false possible important serious critical again another other
    nadie nada algo todo todos esto eso este esta ese esa aquel otro otra mismo misma imposible
    lento lenta raro rara caido caida roto rota terrible fatal horrible igual tambien ya solo
    cuenta llamando escribiendo intentando tratando
    """.split()
)
_COMPANY_WORDS: Final = frozenset(
    """
    inc llc ltd corp corporation company co group grupo dental clinic clinica law realty hotel sa sl
    team support soporte office oficina department departamento it services servicios solutions
    soluciones telecom systems sistemas
    """.split()
)
_NAME_CAP_RE = re.compile(_NAME_CAP)
_NAME_ANY_RE = re.compile(_NAME_ANY)
_WORD = re.compile(r"\S+")
_LOWER_NAME_BOUNDARY = re.compile(
    r"(?i)[ \t]*(?:,|$|\n|[ \t]+(?:and|y|from|de|del|here|aqu[íi])\b|[ \t]+-)"
)
_GERUND = re.compile(r"(?:ing|ando|iendo)$")
_POSSESSIVE_AFTER = re.compile(r"['’]s\b")


def _valid_name_words(words: list[str]) -> list[str]:
    kept: list[str] = []
    for word in words:
        folded = _fold(word).strip("'’-")
        if folded in _NAME_STOP:
            break
        if word.islower() and (
            _GERUND.search(folded) or (folded.endswith("ed") and len(folded) > 3)
        ):
            break
        if not kept and folded.endswith("ing") and len(folded) > 5:
            break
        kept.append(word)
    if any(_fold(w) in _COMPANY_WORDS for w in kept):
        return []
    return kept


def _name_after(text: str, pos: int, *, allow_lower: bool) -> str | None:
    for pattern, lower in ((_NAME_CAP_RE, False), (_NAME_ANY_RE, True)):
        if lower and not allow_lower:
            return None
        m = pattern.match(text, pos)
        if not m:
            continue
        spans = [(pos + w.start(), pos + w.end()) for w in _WORD.finditer(m.group(1))]
        words = _valid_name_words([text[a:b] for a, b in spans])
        if not words:
            return None
        end = spans[len(words) - 1][1]
        if _POSSESSIVE_AFTER.match(text, end) or words[-1].endswith(("'s", "’s")):
            return None
        if lower and not _LOWER_NAME_BOUNDARY.match(text, end):
            return None
        return " ".join(words)
    return None


def _find_name(text: str) -> str | None:
    candidates: list[tuple[int, str]] = []
    for m in _STRONG_CUE.finditer(text):
        if _NOT_PERSON_NAME_FIELD.search(text, max(0, m.start() - 16), m.start()):
            continue
        name = _name_after(text, m.end(), allow_lower=True)
        if name:
            candidates.append((m.start(), name))
            break
    for w in _WEAK_CUE.finditer(text):
        name = _name_after(text, w.end(), allow_lower=True)
        if name:
            candidates.append((w.start(), name))
            break
    g = _GREETING_NAME.search(text, 0, _GREETING_CHARS)
    if g:
        words = _valid_name_words(g.group(1).split())
        if words:
            candidates.append((g.start(1), " ".join(words)))
    h = _HERE_NAME.match(text, 0, _GREETING_CHARS)
    if h:
        words = _valid_name_words(h.group(1).split())
        if words:
            candidates.append((h.start(1), " ".join(words)))
    if candidates:
        return min(candidates)[1]
    tail_start = max(0, len(text) - _SIGNATURE_CHARS)
    for pattern in (_SIGNOFF_NEXT_LINE, _SIGNOFF_INLINE, _SIGNOFF_DASH):
        s = pattern.search(text, tail_start)
        if s:
            words = _valid_name_words(s.group(1).split())
            if words and len(words) == len(s.group(1).split()):
                return " ".join(words)
    return None


# --------------------------------------------------------------------------- extract


def _occurrences(text: str, token: str, limit: int = 50) -> list[Span]:
    spans: list[Span] = []
    pos = text.find(token)
    while pos != -1 and len(spans) < limit:
        spans.append((pos, pos + len(token)))
        pos = text.find(token, pos + 1)
    return spans


def _window(text: str) -> str:
    """Bound the work on huge inputs: the head of a message and its signature."""
    if len(text) <= _HEAD_CHARS + _TAIL_CHARS:
        return text
    return text[:_HEAD_CHARS] + "\n\n" + text[-_TAIL_CHARS:]


def extract(text: str, *, region: str = "US") -> Extraction:
    """Find intake fields in one free-text customer message.

    Messages longer than about 16 kB are read from their first ``_HEAD_CHARS``
    and last ``_TAIL_CHARS`` characters only (intake details and signatures).
    """
    if not text:
        return Extraction()
    clean = _window(_clean(text))
    claimed: list[Span] = []

    call_id = _find_call_id(clean)
    if call_id:
        claimed.extend(_occurrences(clean, call_id[0]))

    email_found = _find_emails(clean, claimed)
    email = _pick_email(email_found)
    claimed.extend(span for _, span, _ in email_found)

    ticket = _find_ticket(clean)
    if ticket:
        claimed.append(ticket[1])

    account = _find_account(clean, claimed)
    if account:
        claimed.append(account[1])

    phone = _pick_phone(_phones(clean, region, claimed))

    return Extraction(
        name=_find_name(clean),
        phone=phone,
        email=email[0] if email else None,
        call_id=call_id[0] if call_id else None,
        ticket=ticket[0] if ticket else None,
        account_id=account[0] if account else None,
        error_text=_find_error(clean),
    )


# --------------------------------------------------------------------------- direct answers

_ANSWER_PREFIX = re.compile(
    r"(?i)^(?:(?:actually|sorry|no|ok|okay|sure|yes|yeah|s[ií]|claro|vale|perd[oó]n|en\s+realidad|"
    r"correction|correcci[oó]n)[,.!:]?\s+)*"
    r"(?:(?:my|mi|the|el|la|it'?s|its|it\s+is|es|is)\s+)*"
    r"(?:(?:name|nombre|phone|number|n[uú]mero|tel[eé]fono|cell|m[oó]vil|celular|email|e-mail|"
    r"correo|call[-\s]?id|id\s+de\s+(?:la\s+)?llamada|account|acct|cuenta|ticket|caso|case)"
    r"(?:\s+(?:number|n[uú]mero|id|de\s+cuenta|de\s+tel[eé]fono))?\s*(?:is|es|:|=|#)?\s*)?"
    r"(?:(?:it'?s|es\s+el|es\s+la|es)\s+)?"
)
_NAME_INTRO = re.compile(
    r"(?i)^(?:(?:hi|hello|hola|sure|ok|yes|s[ií])[,.!]?\s+)?"
    r"(?:my\s+name\s+is|my\s+name's|i'm|i\s+am|im|it's|its|this\s+is|name\s*:|me\s+llamo|"
    r"mi\s+nombre\s+es|soy|nombre\s*:)?\s*"
)
_NAME_ANSWER = re.compile(r"[^\W\d_][^\W\d_'’.\-]*(?:[ '’.\-]+[^\W\d_][^\W\d_'’.\-]*){0,5}\.?")
_EMAIL_FULL = re.compile(
    r"[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}"
)
_CALL_ID_FULL = re.compile(r"[A-Za-z0-9][\w.~!%*+\-/=]{5,199}(?:@[A-Za-z0-9][\w.\-:\[\]]{0,199})?")
_ACCOUNT_FULL = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-]{1,31}")
_TICKET_ANSWER = re.compile(
    r"(?i)^(?:(?:ticket|caso|case|n[uú]mero|number|no\.?|n[º°o])\s*)*#?\s*(\d{1,12})$"
)
_ANSWER_KINDS: Final = frozenset(
    {"name", "phone", "email", "call_id", "account_id", "ticket", "text", "choice"}
)


def _strip_answer(text: str) -> str:
    return _clean(text).strip().strip(_TRAILING_PUNCT + " ")


def _parse_name(text: str) -> Answer:
    body = _NAME_INTRO.sub("", _clean(text).strip(), count=1).strip().rstrip(".,;:!?")
    if 2 <= len(body) <= 80 and _NAME_ANSWER.fullmatch(body):
        words = body.split()
        if len(words) <= 5 and not all(_fold(w) in _NAME_STOP for w in words):
            if _fold(words[0]) not in _NAME_STOP:
                return Answer(body)
    return Answer(None, "invalid_name")


def _parse_phone(text: str, region: str) -> Answer:
    clean = _clean(text)
    for pm in phonenumbers.PhoneNumberMatcher(clean, region, leniency=phonenumbers.Leniency.VALID):
        return Answer(phonenumbers.format_number(pm.number, phonenumbers.PhoneNumberFormat.E164))
    digits = sum(c.isdigit() for c in clean)
    if _looks_spanish(clean) or (digits == 9 and "+" not in clean):
        for fallback in _FALLBACK_REGIONS:
            if fallback == region:
                continue
            for pm in phonenumbers.PhoneNumberMatcher(
                clean, fallback, leniency=phonenumbers.Leniency.VALID
            ):
                return Answer(
                    phonenumbers.format_number(pm.number, phonenumbers.PhoneNumberFormat.E164)
                )
    return Answer(None, "invalid_phone")


def _fold_choice(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", _fold(text)).split())


def _parse_choice(text: str, choices: Sequence[str]) -> Answer:
    answer = _fold_choice(text)
    if not answer or not choices:
        return Answer(None, "invalid_choice")
    if answer.isdigit():
        index = int(answer) - 1
        if 0 <= index < len(choices):
            return Answer(choices[index])
        return Answer(None, "invalid_choice")
    folded = [_fold_choice(c) for c in choices]
    for choice, f in zip(choices, folded, strict=True):
        if answer == f:
            return Answer(choice)
    partial = [
        c
        for c, f in zip(choices, folded, strict=True)
        if f.startswith(answer) or answer in f.split()
    ]
    if len(partial) == 1:
        return Answer(partial[0])
    return Answer(None, "invalid_choice")


def parse_answer(
    kind: str, text: str, *, region: str = "US", choices: Sequence[str] = ()
) -> Answer:
    """Validate a direct answer to the question for one field kind.

    kinds: "name", "phone", "email", "call_id", "account_id", "ticket", "text"
    (free text, min 3 chars), "choice" (one of ``choices``, case/accent-insensitive,
    or its 1-based number).
    """
    if kind not in _ANSWER_KINDS:
        raise ValueError(f"unknown answer kind: {kind!r}")
    if kind == "text":
        value = " ".join(_clean(text).split())
        return Answer(value) if len(value) >= 3 else Answer(None, "too_short")
    if kind == "choice":
        return _parse_choice(text, choices)
    if kind == "name":
        return _parse_name(text)
    if kind == "phone":
        return _parse_phone(text, region)
    body = _ANSWER_PREFIX.sub("", _strip_answer(text), count=1).strip().strip(_TRAILING_PUNCT + " ")
    if kind == "email":
        m = _EMAIL_FULL.fullmatch(body) or _EMAIL_FULL.search(_clean(text))
        return Answer(m.group(0).lower()) if m else Answer(None, "invalid_email")
    if kind == "call_id":
        found = _find_call_id(_clean(text))
        if found:
            return Answer(found[0])
        m = _CALL_ID_FULL.fullmatch(body)
        if m and any(c.isdigit() for c in body):
            return Answer(body)
        return Answer(None, "invalid_call_id")
    if kind == "account_id":
        account = _find_account(_clean(text), [])
        if account:
            return Answer(account[0])
        if _ACCOUNT_FULL.fullmatch(body) and any(c.isdigit() for c in body):
            return Answer(body)
        return Answer(None, "invalid_account")
    # ticket
    m = _TICKET_ANSWER.match(body)
    if m:
        return Answer(m.group(1))
    found_ticket = _find_ticket(_clean(text))
    if found_ticket:
        return Answer(found_ticket[0])
    return Answer(None, "invalid_ticket")


# --------------------------------------------------------------------------- intents


def _norm_reply(text: str) -> str:
    """Folded reply without punctuation or emoji, single-spaced."""
    folded = _fold(_clean(text))
    folded = folded.replace("n/a", "na").replace("’", "'")
    return " ".join(re.sub(r"[^\w\s']", " ", folded).split())


_CORRECTION = re.compile(
    r"^(?:actually|correction|i\s+meant|sorry\s+i\s+meant|sorry\s+(?:my|the|it)|oops|whoops|my\s+bad|"
    r"wait|no\s+(?:my|the|it'?s|it\s+is|its|sorry|wait|actually|i\s+meant|mi|el|la|perdon|"
    r"quise|en\s+realidad)|not\s+\S+\s+(?:it'?s|its)|wrong\s+(?:number|email|one)|"
    r"the\s+correct\s+(?:one|number|email)|en\s+realidad|perdon|perdona|disculpa|disculpe|"
    r"correccion|corrijo|quise\s+decir|me\s+equivoque|me\s+confundi|el\s+correcto\s+es|"
    r"mejor\s+dicho|error\s+mi|fue\s+un\s+error)\b"
)
_CORRECTION_ANYWHERE = re.compile(
    r"\b(?:i\s+meant|me\s+equivoque|quise\s+decir|mejor\s+dicho|i\s+made\s+a\s+(?:mistake|typo)|"
    r"typo|wrong\s+(?:number|email|one))\b"
)


def is_correction(text: str) -> bool:
    """True when the customer is correcting something they said before."""
    norm = _norm_reply(text)
    return bool(_CORRECTION.match(norm) or _CORRECTION_ANYWHERE.search(norm))


_SKIP = re.compile(
    r"^(?:(?:sorry|lo\s+siento|perdon|no\s+sorry|ok|pues)\s+)?(?:"
    r"skip(?:\s+(?:it|this|that))?|pass|next|na|none|nothing|no\s+one|nope\s+none|"
    r"(?:i\s+)?(?:don'?t|do\s+not|dont)\s+(?:have|know|remember)(?:\s+(?:it|one|that|them|this|the\s+\w+(?:\s+\w+)?))?|"
    r"(?:i\s+)?have\s+no\s+idea|no\s+idea|idk|dunno|not\s+sure|unknown|not\s+available|"
    r"(?:i\s+)?(?:can'?t|cannot)\s+find\s+it|not\s+applicable|"
    r"no\s+(?:se|lo\s+se|lo\s+tengo|tengo|la\s+tengo|me\s+acuerdo|lo\s+recuerdo|recuerdo)"
    r"(?:\s+(?:el|la|ese|esa|mi)\s+\w+(?:\s+de\s+\w+)?)?|"
    r"omitir|saltar|sal?tate(?:lo)?|siguiente|paso|ninguno|ninguna|nada|no\s+aplica|"
    r"no\s+disponible|ni\s+idea|desconocido"
    r")(?:\s+(?:sorry|thanks|thank\s+you|lo\s+siento|gracias|perdon))?$"
)


def is_skip(text: str) -> bool:
    """True when the customer declines to give the asked-for field."""
    return bool(_SKIP.match(_norm_reply(text)))


_YES = re.compile(
    r"^(?:yes|yep|yeah|yup|ya|y|correct|that'?s\s+(?:right|correct|it)|right|ok|okay|k|sure|"
    r"absolutely|affirmative|exactly|confirmed|confirm|of\s+course|please\s+do|go\s+ahead|"
    r"si|claro|correcto|vale|de\s+acuerdo|exacto|eso\s+es|asi\s+es|perfecto|dale|va|"
    r"por\s+supuesto|afirmativo|esta\s+bien|ta\s+bien|ok\s+dale|sip|simon|confirmo|es\s+correcto)"
    r"(?:\s+(?:yes|yep|sure|please|thanks|thank\s+you|correct|that'?s\s+(?:right|correct|it)|it\s+is|"
    r"si|claro|correcto|gracias|por\s+favor|es\s+correcto|eso\s+es|that\s+one|perfect|perfecto|"
    r"todo\s+bien|is\s+correct|all\s+good))*$"
)
_YES_EMOJI = re.compile(r"^\s*(?:👍|👌|✅|✔️?|🆗)[\s\W]*$")
_NO = re.compile(
    r"^(?:no|nope|nah|n|incorrect|not\s+correct|not\s+right|that'?s\s+(?:wrong|not\s+right|incorrect|not\s+correct)|"
    r"wrong|negative|no\s+es\s+correcto|incorrecto|no\s+es\s+asi|no\s+es|para\s+nada|negativo|"
    r"esta\s+mal|no\s+esta\s+bien|tampoco)"
    r"(?:\s+(?:(?:it'?s|that'?s|is)\s+(?:wrong|not\s+right|incorrect|not\s+correct)|thanks|gracias|"
    r"sorry|lo\s+siento|es\s+incorrecto|no\s+es\s+correcto|incorrect|incorrecto|wrong|not\s+correct|"
    r"esta\s+mal|no))*$"
)
_NO_LEADING = re.compile(r"^\s*(?:no|nope|nah)\s*[,.!;:\-]\s*\S", re.IGNORECASE)
_NO_EMOJI = re.compile(r"^\s*(?:👎|❌|✖️?)[\s\W]*$")


def is_yes(text: str) -> bool:
    """True for an affirmative reply (en/es)."""
    if _YES_EMOJI.match(text):
        return True
    return bool(_YES.match(_norm_reply(text)))


def is_no(text: str) -> bool:
    """True for a negative reply (en/es), including "no, ..." followed by a correction."""
    if _NO_EMOJI.match(text):
        return True
    if is_skip(text):
        return False
    norm = _norm_reply(text)
    if _NO.match(norm):
        return True
    return bool(_NO_LEADING.match(_clean(text))) and not norm.startswith(
        ("no problem", "no worries", "no hay problema", "no pasa nada")
    )
