"""The writer's name from how a message ends: sign-offs, signature blocks, "From:" headers.

Self-introductions ("I'm Ana", "soy Luis") are read by `flows.extract.name`;
`find_name` here combines both, an introduction winning unless the signature
spells out the same person in full ("This is Michael ..." / "Michael Torres").
"""

from __future__ import annotations

import re
from typing import Final

from domain.text import fold
from flows.extract.name import NAME_CAP, TITLE, find_intro_name, name_words
from flows.extract.text import caseless, has_any

_TAIL_CHARS: Final = 1_500
_MAX_BLOCK_LINES: Final = 7

_SIGNOFF: Final = (
    r"(?:thanks|thank[ \t]+you|many[ \t]+thanks|thx|ty|regards|best[ \t]+regards|kind[ \t]+regards|"
    r"warm[ \t]+regards|best[ \t]+wishes|best|cheers|sincerely|respectfully|rgds|"
    r"saludos|un[ \t]+saludo|saludos[ \t]+cordiales|un[ \t]+cordial[ \t]+saludo|atentamente|atte|att|"
    r"gracias|muchas[ \t]+gracias|cordialmente|quedo[ \t]+(?:atento|atenta)|slds|besos|abrazos)"
)
# What may follow a name in a signature line: a separator, the end, or a full stop.
_AFTER_NAME: Final = r"(?=[ \t]*(?:[,|;/(\n]|-[ \t]|$|[.!][ \t]*(?:\n|$)))"

_SIGNOFF_BLOCK = re.compile(
    r"(?im)^[ \t]*(?:"
    + _SIGNOFF
    + r"[ \t]*[,.!:]*|--)[ \t]*\n(?:[ \t]*\n){0,2}[ \t]*(?:-{1,2}[ \t]*)?"
    r"(?-i:" + TITLE + NAME_CAP + ")" + _AFTER_NAME
)
_SIGNOFF_INLINE = re.compile(
    r"(?i)(?<![\w'])" + _SIGNOFF + r"[ \t]*[,.!:]+[ \t]*(?:-[ \t]*)?"
    r"(?-i:" + TITLE + NAME_CAP + ")" + _AFTER_NAME
)
_SIGNOFF_INLINE_LOWER = re.compile(
    r"(?i)(?<![\w'])" + _SIGNOFF + r"[ \t]*[,.!:]+[ \t]*([a-záéíóúñ]{2,15})[ \t]*[.!]*[ \t]*$"
)
_DASH = re.compile(
    r"(?:^|(?<=[\s.!?]))(?:-{1,2}|~)[ \t]*(?-i:" + TITLE + NAME_CAP + ")" + _AFTER_NAME
)
_DASH_LOWER = re.compile(r"(?:^|(?<=[\s.!?]))(?:-{1,2}|~)[ \t]*([a-z]{2,15})[ \t]*[.!]*[ \t]*$")
_CONTACT = re.compile(
    r"(?i)\b(?:contact|contacto|contact[ \t]+person|persona[ \t]+de[ \t]+contacto)[ \t]*:[ \t]*"
    r"(?-i:" + TITLE + NAME_CAP + ")" + _AFTER_NAME
)
# "call Marty 402-555-0133", "llamar a Rodrigo +52 ..."
_CALL_NAME = re.compile(
    r"(?i)\b(?:call|text|ask[ \t]+for|llamar[ \t]+a|preguntar[ \t]+por)[ \t]+"
    r"(?-i:" + NAME_CAP + r")(?=[ \t]*(?:at[ \t]+|on[ \t]+|al[ \t]+)?[+(]?\d)"
)
# "Callback 917-555-0163 (Nate)"
_NUMBER_THEN_NAME = re.compile(
    r"(?i)\b(?:call(?:[ \t]*back)?|reach|text|contact|ll[áa]m(?:en|e)(?:me)?)\b[^()\n]{0,40}?\d[ \t]*"
    r"\((?-i:" + NAME_CAP + r")\)"
)
_FROM_HEADER = re.compile(
    r"(?im)^[ \t]*(?:from|de)[ \t]*:[ \t]*\"?([^\"<>\n@]{2,60}?)\"?[ \t]*<[^<>\n]+@[^<>\n]+>"
)
_FOOTER = re.compile(
    r"(?im)^[ \t]*(?:sent[ \t]+from[ \t]+my|sent[ \t]+from[ \t]+outlook|get[ \t]+outlook|"
    r"enviado[ \t]+desde|obtener[ \t]+outlook|confidentiality|confidential|disclaimer|"
    r"this[ \t]+(?:e-?mail|message)[ \t]+(?:and|is|may|contains)|aviso[ \t]+(?:legal|de[ \t]+confidencialidad)|"
    r"este[ \t]+(?:correo|mensaje)[ \t]+(?:y|es|puede|contiene)|"
    r"(?:on|el)[ \t].{0,80}(?:wrote|escribi[óo])[ \t]*:|-{3,}[ \t]*(?:original|forwarded|mensaje))"
)
_QUOTED = re.compile(r"(?m)^[ \t]*>.*(?:\n|$)")
# Sentence ends, and the end of a phone number: "Call me 347-555-0108 Ruth Adler".
_SENTENCE_SPLIT = re.compile(
    r"(?<=[.!?])(?<!\b[A-Z]\.)[ \t]+|(?<=\d[ .\-]\d{4})[ \t]+(?=[A-ZÁÉÍÓÚÑ])"
)
_CHUNK_SPLIT = re.compile(r"[ \t]*(?:[,|;/(]|[ \t]-[ \t]|[ \t]{2,})[ \t]*")
_TITLE_RE = re.compile(TITLE)
_NOT_ALONE: Final = frozenset(
    """
    thanks thx ty regards best cheers sincerely saludos gracias atentamente atte att help ayuda
    urgent urgente asap please pls plz bye adios chao ciao ok okay done hello hola dear estimados
    estimado estimada team equipo noc it ops billing sales ventas soporte support admin
    """.split()
)


def _body(text: str) -> str:
    """The message without quoted replies and without what follows a footer line."""
    if ">" in text:
        text = _QUOTED.sub("", text)
    tail_start = max(0, len(text) - _TAIL_CHARS * 2)
    footer = _FOOTER.search(text, tail_start)
    if footer and footer.start() > len(text) // 3:
        text = text[: footer.start()]
    return text.rstrip()


def _as_name(chunk: str, *, min_words: int = 1) -> str | None:
    chunk = chunk.strip().rstrip(".!")
    title = _TITLE_RE.match(chunk)
    if title:
        chunk = chunk[title.end() :]
    words = name_words(chunk)
    if len(words) < min_words or len(words) > 5:
        return None
    if len(words) == 1 and fold(words[0]) in _NOT_ALONE:
        return None
    if any(w.isupper() and len(w) > 1 and not w.endswith(".") for w in words):
        return None  # "NOC", "INVITE": a team or a keyword, not a person
    return " ".join(words)


def _last(pattern: re.Pattern[str], text: str, start: int, **kw: int) -> str | None:
    found = None
    for m in pattern.finditer(text, start):
        name = _as_name(m.group(1), **kw)
        if name:
            found = name
    return found


def _last_line_name(body: str) -> str | None:
    lines = [line for line in body.splitlines() if line.strip()]
    if len(lines) < 2 and not _SENTENCE_SPLIT.search(body):
        return None
    pieces = [p for p in _SENTENCE_SPLIT.split(lines[-1].strip()) if p.strip()]
    if len(pieces) < 2 and len(lines) < 2:
        return None
    first_chunk = _CHUNK_SPLIT.split(pieces[-1].strip(), maxsplit=1)[0]
    return _as_name(first_chunk)


def _signature_block_name(body: str) -> str | None:
    blocks = body.split("\n\n")
    if len(blocks) < 2:
        return None
    lines = [line for line in blocks[-1].splitlines() if line.strip()]
    if not 2 <= len(lines) <= _MAX_BLOCK_LINES:
        return None
    return _as_name(_CHUNK_SPLIT.split(lines[0].strip(), maxsplit=1)[0], min_words=2)


def _from_header_name(text: str) -> str | None:
    m = _FROM_HEADER.search(text, 0, 2_000)
    if not m:
        return None
    display = m.group(1).strip()
    if display.count(",") == 1:  # "Nguyen, Thanh"
        last, first = (part.strip() for part in display.split(","))
        display = f"{first} {last}"
    return _as_name(display, min_words=2)


# A pattern is tried only on a text holding what none of its matches lacks: _SIGNOFF_BLOCK
# a newline, the inline sign-offs their punctuation and a _SIGNOFF word (any case; "than" is
# in thanks and thank you, "saludo" in every saludo), the dashes a "-" or "~", _CONTACT a
# ":", _CALL_NAME one of _CALL_WORDS, _NUMBER_THEN_NAME a "(", a "From:" header an "@".
_SIGNOFF_PUNCT: Final = ",.!:"
_SIGNOFF_WORDS: Final = tuple(
    "than thx ty regards best cheers sincerely respectfully rgds saludo atentamente att gracias"
    " cordialmente quedo slds besos abrazos".split()
)
_CALL_WORDS: Final = ("call", "text", "ask", "llamar", "preguntar")


def find_signoff_name(text: str) -> str | None:
    body = _body(text)
    start = max(0, len(body) - _TAIL_CHARS)
    low = caseless(body)
    inline = has_any(body, _SIGNOFF_PUNCT) and has_any(low, _SIGNOFF_WORDS)
    dash = "-" in body or "~" in body
    for possible, finder in (
        ("\n" in body, lambda: _last(_SIGNOFF_BLOCK, body, start)),
        (inline, lambda: _last(_SIGNOFF_INLINE, body, start)),
        (dash, lambda: _last(_DASH, body, start)),
        (inline, lambda: _last(_SIGNOFF_INLINE_LOWER, body, start)),
        (dash, lambda: _last(_DASH_LOWER, body, start)),
        (":" in body, lambda: _last(_CONTACT, body, start, min_words=2)),
        (has_any(low, _CALL_WORDS), lambda: _last(_CALL_NAME, body, start)),
        ("(" in body, lambda: _last(_NUMBER_THEN_NAME, body, start)),
        (True, lambda: _last_line_name(body[start:])),
        (True, lambda: _signature_block_name(body[start:])),
        ("@" in text, lambda: _from_header_name(text)),
    ):
        name = finder() if possible else None
        if name:
            return name
    return None


def find_name(text: str) -> str | None:
    intro = find_intro_name(text)
    signed = find_signoff_name(text)
    if intro is None:
        return signed
    if signed and " " not in intro and signed.split()[0] == intro and signed != intro:
        return signed
    return intro
