"""Which phone number is the customer's callback number: context cues around a candidate.

The intake field is the *callback* phone. A message often carries other numbers:
the DID or toll-free number that fails, numbers being ported, numbers that call
in, destinations, SIP usernames and URIs in a pasted trace. Each candidate gets
a score from the words around it; a negative score means "not a callback
number", and the highest score wins.
"""

from __future__ import annotations

import re
from typing import Final

REJECT: Final = -1
OWN_LINE: Final = 0
PLAIN: Final = 1
LABELLED: Final = 2
MOBILE: Final = 3
CALLBACK: Final = 4

# Reached over at most this many non-digit characters on the same line.
_BEFORE_CHARS: Final = 48
_AFTER_CHARS: Final = 70

_CALLBACK_BEFORE = re.compile(
    r"(?i)(?:\bcall(?:ing)?[ \t]+me|\bcall[ \t]+us\b|\bcall[ \t]*back|\breach(?:ed)?[ \t]+(?:me|us)|"
    r"\btext[ \t]+me|\bcontact(?:[ \t]+me)?\b|\bbest[ \t]+(?:number|phone|way)|number[ \t]+(?:for|to[ \t]+reach)[ \t]+me|"
    r"\bavailable[ \t]+(?:at|on)|\bi'?m[ \t]+at\b|\bi[ \t]+am[ \t]+at\b|\bcan[ \t]+be[ \t]+reached|\breachable\b|"
    r"\bmy\b[^\n\d]{0,12}\b(?:cell|cellphone|mobile|number|phone|line|direct|tel|#)|"
    r"\bmi[ \t]+(?:m[óo]vil|celular|cel|n[úu]mero|tel[ée]fono|tlf|tfno|tel|whatsapp|fijo|l[íi]nea)|"
    r"ll[áa]m(?:e|en|a)(?:me|nos)\b|llamar(?:me|nos)?[ \t]+al?\b|p(?:ueden|odéis|odeis|uedes)[ \t]+"
    r"(?:llamar(?:me|nos)?|localizar(?:me)?|contactar(?:me)?)|localizar(?:me)?[ \t]+en|contactar(?:me)?[ \t]+al?\b|"
    r"\bcontacto\b|de[ \t]+contacto|whats[ \t]?app|\bcallback\b)"
    r"[^\n\d]{0,30}$"
)
_CALLBACK_AFTER = re.compile(
    r"(?i)[^\n\d]{0,40}?(?:\bis[ \t]+my[ \t]+(?:cell|mobile|number|direct|phone)|"
    r"number[ \t]+to[ \t]+(?:call|reach)[ \t]+me|call[ \t]+me[ \t]+there|if[ \t]+you[ \t]+need[ \t]+to[ \t]+call|"
    r"es[ \t]+mi[ \t]+(?:m[óo]vil|celular|n[úu]mero|tel[ée]fono))"
)
_MOBILE_LABEL = re.compile(
    r"(?i)(?:\b(?:cell|mobile|m[óo]vil|celular|cel|whatsapp)\b|(?<![\w.@'’])m[:.])"
    r"[ \t:.#\-]*(?:phone|no\.?|number|n[úu]mero)?[ \t:.#\-]*$"
)
_LABEL = re.compile(
    r"(?i)(?:\b(?:phone|tel|tel[ée]fono|tlf|tfno|direct|office|ofc|work|desk|oficina|fijo)\b|"
    r"(?<![\w.@'’])[ot][:.])[^\n\d]{0,12}$"
)
_FAX_LABEL = re.compile(r"(?i)\bfax[ \t]*(?:[:.#]|no\.?|number[ \t]*:)[ \t]*$")
# Someone else's number: a destination, a caller, a spam source, a SIP username.
_THIRD_PARTY_BEFORE = re.compile(
    r"(?i)(?:\bcall(?:s|ed|ing)?[ \t]+(?:to|from|into)\b(?![ \t]+(?:our|my|us|the[ \t]+main)\b)|"
    r"\bcalling\b(?![ \t]+(?:our|my)\b)|\bdial(?:ing|ed|s)?\b|\bcoming[ \t]+from\b|\btexts?[ \t]+from\b|"
    r"\b(?:from|like)[ \t]*$|\bto[ \t]*$|\bsuch[ \t]+as\b|\bspam\b|\bblock\b|"
    r"\b(?:user(?:name)?|auth(?:[ \t]+user)?|login|sip[ \t]+user|usuario)\b|"
    r"\bllamadas?[ \t]+(?:a|al|hacia|desde|de)\b(?![ \t]+(?:nuestr|mi\b|el[ \t]+fijo|fijo|la[ \t]+oficina))|"
    r"\bdesde(?:[ \t]+el)?[ \t]*$|\bmarcar\b|\bmarcando\b|\bnos[ \t]+llama|"
    r"\bal[ \t]+(?:llamar|marcar)\b|\bcuando[ \t]+(?:llamo|llamamos|marco|marcamos)\b|"
    r"\b(?:dest|destination|destino|called[ \t]+number|n[úu]mero[ \t]+destino)\b)"
    r"[^\n\d]{0,32}$"
)
# The customer's own line, mentioned because it has the problem.
_OWN_LINE_BEFORE = re.compile(
    r"(?i)(?:\b(?:our|their|the)\b|\b(?:nuestro|nuestra|nuestros|el|la)\b|\bDIDs?\b|"
    r"\bport(?:ed|ing|s)?\b|\bportabilidad\b|\bdesv[íi]o\b|\bbaja\b|\bl[íi]nea\b|\bline\b|"
    r"\bfax\b|\bfijo\b|\bmain\b|\bcentralita\b|\bentrantes\b|\bincoming\b|\binbound\b|"
    r"\bshould[ \t]+be\b|\bcaller[ \t]?id\b|\bdisplay(?:ed|s)?\b|\bforward(?:ed|ing|s)?\b)"
    r"[^\n\d]{0,32}$"
)
_AFFECTED_AFTER = re.compile(
    r"(?i)[ \t)]*(?:\([^)\n]{0,20}\)[ \t]*)?(?:"
    r"(?:is|are|was|has|have)?[ \t]*(?:not|n't|no[ \t]+longer)\b|isn't|aren't|doesn't|don't|won't|"
    r"can't|cannot|didn't|fails?|failing|failed|keeps?|kept|goes|went|shows?|showing|stopped|"
    r"rings?|drops?|dead|down\b|is[ \t]+(?:down|dead|our|the)|has[ \t]+(?:had|no)|"
    r"was[ \t]+rejected|gets?|getting|returns?|"
    r"no[ \t]+(?:recibe|funciona|entra|entran|contesta|suena|suenan|enruta|conecta|da|tiene|sale)|"
    r"(?:tiene|tienen|sale|salen|suena|da|dan)\b|se[ \t]+corta|es[ \t]+(?:nuestro|el|la)|"
    r"de[ \t]+la[ \t]+oficina|gratuito|est[áa][ \t]+(?:ca[íi]d|mud))"
)
# Numbers glued to the previous one by "and", "or", "," share its role ("o al móvil" adds one).
_JOINER = re.compile(
    r"(?i)[ \t]*(?:,|/|&|\band\b|\bor\b|\by\b|\bo\b|\be\b)[ \t]*"
    r"(?:(?:al|at|on|to|my|mi|el|me)[ \t]+)*"
    r"(?P<mobile>(?:cell|mobile|m[óo]vil|celular|cel)\b[ \t:]*)?$"
)
_SHORT_NUMBER = re.compile(r"(?<!\d)\d{1,3}(?!\d)")
_NEGATION = re.compile(r"(?i)(?:\b(?:no|not|never|cannot|nadie|al|cuando|when)\b|n't)[^\n]{0,12}$")
# A sentence boundary: "... voicemail. Best number" (not "Tel. +34", not "call me? 512").
_SENTENCE_END = re.compile(r"(?:(?<=[a-záéíóúñ]{3})|(?<=\d))[.!?][ \t]+(?=[A-ZÁÉÍÓÚÑ¿¡])")
_SIP_START_LINE = re.compile(
    r"(?m)^[ \t>]*(?:(?:INVITE|REGISTER|ACK|BYE|CANCEL|OPTIONS|NOTIFY|SUBSCRIBE|REFER|PRACK|UPDATE)"
    r"[ \t]+sips?:|SIP/2\.0[ \t]+\d{3})"
)
_SIP_HEADER_LINE = re.compile(
    r"(?im)^[ \t>]*(?:From|To|Contact|Via|P-Asserted-Identity|P-Preferred-Identity|Remote-Party-ID|"
    r"Diversion|History-Info|Referred-By|Refer-To|Route|Record-Route|[ftm])[ \t]*:"
)
_SIP_MARKER = re.compile(r"(?i)\bsips?:|SIP/2\.0|^[ \t>]*(?:Call-ID|CSeq|i)[ \t]*:", re.MULTILINE)
# "From: +14155552671" in a pasted call record: the customer's own calling line.
_CALLER_FIELD = re.compile(
    r"(?i)[ \t>]*(?:from|caller|calling[ \t]+(?:number|party)|origen|origin)[ \t]*:?[ \t]*\+?"
)
_URI_BEFORE = re.compile(r"(?i)(?:sips?|tel):[^\s<>]{0,4}$")

# Where a national number (no country code) is read when the default region fails.
_COUNTRY_HINTS: Final = (
    (
        re.compile(r"(?i)\b(?:UK|U\.K\.|United[ \t]+Kingdom|England|Britain|London|Manchester)\b"),
        "GB",
    ),
    (
        re.compile(
            r"(?i)\b(?:Spain|Espa[ñn]a|Madrid|Barcelona|Valencia|Sevilla|Bilbao|M[áa]laga)\b"
        ),
        "ES",
    ),
    (re.compile(r"(?i)\b(?:Mexico|M[ée]xico|CDMX|Monterrey|Guadalajara|Puebla)\b"), "MX"),
    (re.compile(r"(?i)\b(?:Colombia|Bogot[áa]|Medell[íi]n|Cali|Barranquilla)\b"), "CO"),
    (re.compile(r"(?i)\b(?:Argentina|Buenos[ \t]+Aires|C[óo]rdoba|Rosario)\b"), "AR"),
    (re.compile(r"(?i)\b(?:Chile|Santiago[ \t]+de[ \t]+Chile|Valpara[íi]so)\b"), "CL"),
    (re.compile(r"(?i)\b(?:Per[úu]|Lima|Arequipa)\b"), "PE"),
    (re.compile(r"(?i)\b(?:Ecuador|Quito|Guayaquil)\b"), "EC"),
)


def country_hints(text: str) -> list[str]:
    head = text[:4000]
    return [region for pattern, region in _COUNTRY_HINTS if pattern.search(head)]


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def in_sip_trace(text: str, start: int, end: int) -> bool:
    """A number inside a SIP URI or on a pasted SIP header line is never the callback."""
    line = _line_start(text, start)
    if _SIP_START_LINE.match(text, line, start):
        return True
    if (
        _SIP_HEADER_LINE.match(text, line, start)
        and not _CALLER_FIELD.fullmatch(text, line, start)
        and _SIP_MARKER.search(text)
    ):
        return True
    if _URI_BEFORE.search(text, max(line, start - 12), start):
        return True
    return text[end : end + 1] == "@"


def phone_score(
    text: str, start: int, end: int, *, previous: tuple[int, int] | None, toll_free: bool
) -> int:
    """Score one candidate; ``previous`` is the (end, score) of the candidate just before it.

    Positive: a way to reach the writer (the higher the better). ``OWN_LINE``: the
    customer's own number named because it has the problem, used only when it is
    the single number of that kind. ``REJECT``: never the callback number.
    """
    line = _line_start(text, start)
    lo = max(line, start - _BEFORE_CHARS)
    if previous is not None and previous[0] > lo:
        joined = _JOINER.match(text, previous[0], start)
        if joined:
            bonus = 1 if joined.group("mobile") and previous[1] >= LABELLED else 0
            return previous[1] + bonus
        lo = previous[0]
    for boundary in _SENTENCE_END.finditer(text, lo, start):
        lo = boundary.end()
    line_end = text.find("\n", end)
    hi = min(end + _AFTER_CHARS, len(text) if line_end == -1 else line_end)
    sentence_end = text.find(". ", end, hi)
    # short numbers ("port 3 numbers:", "ext 4") do not break a cue's reach
    before = _SHORT_NUMBER.sub("n", text[lo:start])
    after = _SHORT_NUMBER.sub("n", text[end : hi if sentence_end == -1 else sentence_end])

    callback = _CALLBACK_BEFORE.search(before)
    if callback and _NEGATION.search(before, 0, callback.start()):
        callback = None  # "no nos pueden llamar al ...", "can't reach us at ..."
    if callback or _CALLBACK_AFTER.match(after):
        return CALLBACK + (1 if _MOBILE_LABEL.search(before) else 0)
    if _CALLER_FIELD.fullmatch(text, line, start) and not toll_free:
        return OWN_LINE
    if toll_free or _THIRD_PARTY_BEFORE.search(before):
        return REJECT
    if _FAX_LABEL.search(before) or _OWN_LINE_BEFORE.search(before) or _AFFECTED_AFTER.match(after):
        return OWN_LINE
    if _MOBILE_LABEL.search(before):
        return MOBILE
    if _LABEL.search(before):
        return LABELLED
    return PLAIN
