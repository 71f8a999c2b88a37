"""Error text extraction: SIP statuses, quoted messages, 'it says: ...' phrases."""

from __future__ import annotations

import re
from typing import Final

from flows.extract.text import caseless, has_any

_MAX_QUOTES: Final = 30

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


# What a match of each pattern cannot lack (so a text without it skips the pattern):
# _ERROR_COLON and _SAYS_COLON a ":", _QUOTED an opening quote, _SIP_STATUS a digit 3-6,
# _SAYS_CAPITAL one of these (case as written), _MESSAGE_SAYS one of those (any case).
_QUOTES: Final = "\"“«'"
_SIP_CLASS_DIGITS: Final = "3456"
_SAYS_CAPITAL_WORDS: Final = ("ays", "aying", "how", "ice", "uestra", "eads")
_MESSAGE_SAYS_WORDS: Final = ("dice", "diciendo", "says", "saying")


def find_error(text: str) -> str | None:
    first: list[tuple[int, str]] = []
    colon = ":" in text
    m1 = _ERROR_COLON.search(text) if colon else None
    if m1:
        first.append((m1.start(), _trim_error(m1.group(1))))
    quoted = _QUOTED.finditer(text) if has_any(text, _QUOTES) else ()
    for n, q in enumerate(quoted):
        if n >= _MAX_QUOTES:
            break
        if _QUOTE_TRIGGER.search(text, max(0, q.start() - 80), q.start()):
            content = next(g for g in q.groups() if g is not None).strip()
            if content:
                first.append((q.start(), content))
            break
    m2 = _SAYS_COLON.search(text) if colon else None
    if m2:
        first.append((m2.start(), _trim_error(m2.group(1))))
    first = [(pos, value) for pos, value in first if len(value) >= 2]
    if first:
        return min(first)[1]
    sip_match = _SIP_STATUS.search(text) if has_any(text, _SIP_CLASS_DIGITS) else None
    if sip_match:
        return sip_match.group(1)
    says_capital = has_any(text, _SAYS_CAPITAL_WORDS)
    message_says = has_any(caseless(text), _MESSAGE_SAYS_WORDS)
    for pattern, possible in ((_SAYS_CAPITAL, says_capital), (_MESSAGE_SAYS, message_says)):
        m = pattern.search(text) if possible else None
        if m:
            value = _until_sentence_end(m.group(1))
            title = _TITLE_RUN.match(value)
            if pattern is _SAYS_CAPITAL and title:
                value = title.group(0)
            if len(value) >= 2:
                return value
    return None
