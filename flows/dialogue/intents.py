"""The global intents that work in any state: talk to a human, ticket status, start
over, help, switch language, reopen. (Language detection: flows/dialogue/language.py.)"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from domain.text import fold
from flows.dialogue.language import detect_language as detect_language  # its old home
from flows.extract.text import caseless, has_any


@dataclass(frozen=True, slots=True)
class Intent:
    name: str  # "human", "status", "restart", "help", "language", "reopen"
    arg: str = ""


_HUMAN_PHRASES: Final = re.compile(
    r"\b(?:want|need|like|wanna|can i|could i|may i|let me|i'd like|please)\s+(?:to\s+)?(?:talk|speak|chat)\s+(?:to|with)\s+"
    r"(?:a|an|some|the|your)?\s*(?:real\s+|live\s+)?(?:human|agent|person|someone|somebody|representative|operator|technician|tech|engineer)\b"
    r"|^\s*(?:talk|speak|connect me|put me through)\s+(?:to|with)\s+(?:a|an)?\s*(?:real\s+|live\s+)?(?:human|agent|person|representative|operator)\b"
    r"|\b(?:real|live)\s+(?:person|human|agent)\s*(?:please)?\s*[.!?]*\s*$"
    r"|\b(?:quiero|necesito|puedo|quisiera|me gustar[ií]a|deseo|podr[ií]a)\s+(?:hablar|comunicarme|chatear)\s+con\s+"
    r"(?:un|una|el|la|alguien|algun|alg[uú]n)?\s*(?:humano|agente|persona|operador|representante|t[eé]cnico)?"
    r"|^\s*(?:hablar|p[aá]same|p[aá]seme|comun[ií]came)\s+con\s+(?:un|una)?\s*(?:humano|agente|persona|operador|representante)\b"
    r"|\bpersona\s+real\b",
    re.IGNORECASE,
)
_HUMAN_WORDS: Final = frozenset(
    {
        "human",
        "agent",
        "person",
        "representative",
        "operator",
        "humano",
        "agente",
        "persona",
        "operador",
        "representante",
        "/human",
        "/agente",
        "a human",
        "an agent",
        "un agente",
        "una persona",
        "un humano",
        "human please",
        "agent please",
        "agente por favor",
    }
)
_STATUS: Final = re.compile(
    r"^\s*/?(status|estado|state|where is|como va|cómo va)\b(?:\s+(?:of\s+|del\s+|de\s+)?(?:my\s+|mi\s+)?(?:ticket|case|caso)?)?\s*#?\s*(\d{3,9})?\s*\??\s*$",
    re.IGNORECASE,
)
_STATUS_BY_CALL: Final = re.compile(
    r"^\s*¿?\s*/?(?:status|estado|track|seguimiento|rastrear|where is|como va|cómo va)\b.{0,40}?"
    r"\b(?:call[- ]?id|id de (?:la )?llamada|identificador de (?:la )?llamada)\b"
    r"(?:\s+(?:es|is|=))?\s*[:#]?\s*(?P<id>[^\s,;]{4,200}?)[.?!]*\s*$",
    re.IGNORECASE,
)
_STATUS_OF_TICKET: Final = re.compile(
    r"\b(?:status|estado|update|novedades)\b.{0,30}?\b(?:ticket|case|caso)\s*(?:number|n[uú]mero|no\.?|n[º°]\.?)?\s*#?\s*(\d{3,9})\b",
    re.IGNORECASE,
)
_RESTART: Final = frozenset(
    {
        "start over",
        "restart",
        "reset",
        "start again",
        "begin again",
        "new ticket",
        "/restart",
        "empezar de nuevo",
        "reiniciar",
        "comenzar de nuevo",
        "volver a empezar",
        "nuevo ticket",
        "/reiniciar",
        "empezar otra vez",
    }
)
_HELP: Final = frozenset(
    {"help", "/help", "ayuda", "/ayuda", "?", "menu", "menú", "help me", "info"}
)
_TO_ES: Final = frozenset(
    {
        "español",
        "espanol",
        "spanish",
        "en español",
        "en espanol",
        "in spanish",
        "/lang es",
        "hablas español",
        "hablas espanol",
        "habla español",
        "habla espanol",
        "castellano",
        "es",
    }
)
_TO_EN: Final = frozenset(
    {
        "english",
        "inglés",
        "ingles",
        "en inglés",
        "en ingles",
        "in english",
        "/lang en",
        "do you speak english",
        "speak english",
        "en",
    }
)
_REOPEN: Final = frozenset(
    {"reopen", "reabrir", "re-open", "reopen ticket", "reabrir ticket", "reabrir caso"}
)


# Only a message that is the request itself: "please escalate" at the end of a
# long problem description is part of the description, not a command.
_ESCALATE: Final = re.compile(
    r"^(?:please\s+|por favor\s+|i (?:want|would like|need) to\s+|i'd like to\s+|can you\s+|"
    r"(?:quiero|necesito|quisiera|puede|puedes)\s+)?"
    r"(?:escalate|escalar|escalen|escala)"
    r"(?:\s+(?:this|it|my|the|el|mi|este|lo))?(?:\s+(?:ticket|case|caso|issue|problema|incidencia))?"
    r"(?:\s*(?:#|no\.?|number|numero|n)?\s*(?P<n>\d{3,9}))?"
    r"(?:\s*,?\s*(?:please|por favor|now|ya|ahora))?$"
)
_REOPEN_NUMBER: Final = re.compile(r"^(reopen|reabrir)\b.{0,20}#?\d{3,9}\s*$")
_TICKET_NUMBER: Final = re.compile(r"\d{3,9}")


# What a match of the searched (unanchored) patterns cannot lack, in any case: a text without
# it skips the pattern. "comun" is in comunicarme and comunícame, "same"/"seme" in pásame and
# páseme, "chat" in chatear.
_STATUS_OF_WORDS: Final = ("status", "estado", "update", "novedades")
_HUMAN_PHRASE_WORDS: Final = tuple(
    "talk speak chat connect put person human agent hablar comun same seme".split()
)


# Requests said inside a sentence (issue 12): "perdona, prefiero hablar en español",
# "can we continue in English", "any update on #10001?", "sorry, can we start over?".
# Each pattern names the request itself, so an ordinary answer that merely mentions
# English or a ticket is not taken for one; only short messages are read this way.
_SENTENCE_MAX: Final = 90
_LANG_IN_SENTENCE: Final = re.compile(
    r"\b(?:prefiero|prefiere|preferiria|quiero|quisiera|podemos|puede|puedes|podria|podrias|mejor)\s+"
    r"(?:que\s+)?(?:(?:hablar|hablemos|seguir|sigamos|continuar|continuemos|escribir|atenderme)\s+)?"
    r"en\s+(?:(?P<es1>espanol|castellano)|(?P<en1>ingles))\b"
    r"|\b(?:continue|speak|talk|write|go\s+on|carry\s+on|switch|chat|answer|reply)\s+(?:to\s+|in\s+)?"
    r"(?:me\s+)?in\s+(?:(?P<en2>english)|(?P<es2>spanish))\b"
    r"|\b(?:in|en)\s+(?:(?P<en3>english|ingles)|(?P<es3>spanish|espanol|castellano))\s*,?\s*(?:please|por\s+favor)\b"
    r"|\b(?:do\s+you|can\s+you)\s+speak\s+(?:(?P<en4>english)|(?P<es4>spanish))\b"
    r"|\bhabl(?:a|as|an)\s+(?:usted\s+|ustedes\s+)?(?:(?P<es5>espanol|castellano)|(?P<en5>ingles))\b"
    r"|\b(?:no\s+hablo|i\s+don'?t\s+speak)\s+(?:(?P<es6>ingles|english)|(?P<en6>espanol|spanish))\b"
)
_STATUS_IN_SENTENCE: Final = re.compile(
    r"\b(?:any\s+(?:update|news)s?|what'?s\s+the\s+status|what\s+is\s+the\s+status|status\s+(?:of|on)|"
    r"how'?s\s+my\s+(?:ticket|case)|how\s+is\s+my\s+(?:ticket|case)|where\s+(?:is|are)\s+(?:we\s+)?with\s+my\s+(?:ticket|case)|"
    r"check\s+(?:on\s+)?my\s+(?:ticket|case)|como\s+va\s+(?:mi|el)\s+(?:caso|ticket|incidencia)|"
    r"(?:hay\s+)?(?:alguna\s+)?novedad(?:es)?\s+(?:de|del|sobre|con)|(?:que\s+)?estado\s+(?:de|del|tiene)\s+(?:mi|el)\s+(?:caso|ticket)|"
    r"como\s+va\s+lo\s+(?:mio|de\s+mi))"
)
_STATUS_OBJECT: Final = re.compile(r"(?:ticket|case|caso|incidencia|#\s*\d{3,9}|\bmio\b|\bmi\b)")
_RESTART_IN_SENTENCE: Final = re.compile(
    r"\b(?:start\s+(?:over|again|from\s+scratch)|begin\s+again|empezar\s+de\s+(?:nuevo|cero)|"
    r"volver\s+a\s+empezar|comenzar\s+de\s+nuevo|empecemos\s+de\s+nuevo|empezamos\s+de\s+nuevo)\b"
)
_HELP_IN_SENTENCE: Final = re.compile(
    r"^(?:hi|hello|hola)?[\s,]*(?:what\s+can\s+you\s+do|how\s+does\s+this\s+work|what\s+are\s+the\s+commands|"
    r"que\s+puedes\s+hacer|que\s+puede\s+hacer|como\s+funciona\s+esto)\b"
)
_HUMAN_IN_SENTENCE: Final = re.compile(
    r"\b(?:pas(?:e|a|eme|ame)|comun(?:ique|iqueme|icame)|pon(?:me|game)|p[oó]ngame)\s+con\s+"
    r"(?:un|una|el|la|alguien)\s*(?:agente|persona|humano|operador|representante|tecnico)?\b"
    r"|\b(?:talk|speak)\s+(?:to|with)\s+(?:someone|somebody|a\s+human|a\s+person|an\s+agent|a\s+real\s+person)\b"
    r"|\b(?:hablar|habla)\s+con\s+(?:alguien|una\s+persona|un\s+humano|un\s+agente)\b"
    r"|\bi\s+said\s+(?:human|agent|person)\b|\b(?:human|agent|agente|humano),?\s+(?:please|now|ya|por\s+favor)\b"
)
_CANNOT: Final = re.compile(
    r"\b(?:can'?t|cannot|unable|couldn'?t|not\s+able|no\s+(?:puedo|podemos|pueden|puede)|nadie)\b"
)
_TICKET_IN_SENTENCE: Final = re.compile(r"#?\b(\d{4,9})\b")
# Words each pattern above cannot match without (every alternative of it holds one): a
# sentence with none of them is not searched, and most first messages have none.
_LANG_GATE: Final = ("espanol", "castellano", "ingles", "english", "spanish")
_RESTART_GATE: Final = ("start", "begin", "empez", "empec", "volver", "comenzar")
_STATUS_GATE: Final = ("any", "status", "how", "where", "check", "como", "novedad", "estado")
_HUMAN_GATE: Final = ("con", "talk", "speak", "said", "human", "agent")


def _sentence_intent(raw: str, folded_raw: str | None = None) -> Intent | None:
    """A request said inside a short sentence (see the patterns above); `folded_raw` is
    `fold(raw)` when the caller has it."""
    if len(raw) > _SENTENCE_MAX:
        return None
    folded = (fold(raw) if folded_raw is None else folded_raw).replace("’", "'")
    m = _LANG_IN_SENTENCE.search(folded) if has_any(folded, _LANG_GATE) else None
    if m:
        groups = m.groupdict()
        lang = "es" if any(groups[k] for k in groups if k.startswith("es")) else "en"
        return Intent("language", lang)
    if has_any(folded, _RESTART_GATE) and _RESTART_IN_SENTENCE.search(folded):
        return Intent("restart")
    m = _STATUS_IN_SENTENCE.search(folded) if has_any(folded, _STATUS_GATE) else None
    if m and _STATUS_OBJECT.search(folded[m.start() :]):
        number = _TICKET_IN_SENTENCE.search(folded)
        return Intent("status", number.group(1) if number else "")
    if _HELP_IN_SENTENCE.search(folded):
        return Intent("help")
    m = _HUMAN_IN_SENTENCE.search(folded) if has_any(folded, _HUMAN_GATE) else None
    if m and not _CANNOT.search(folded[: m.start()]):
        # "callers can't talk to someone" describes the problem; it asks for no one
        return Intent("human")
    return None


def detect_intent(text: str) -> Intent | None:
    raw = text.strip()
    full = fold(raw)
    folded = full.rstrip(".!¡¿ ")
    if not folded:
        return None
    bare = folded.lstrip("¿¡ ").rstrip("?")
    if bare in _TO_ES or folded in _TO_ES:
        return Intent("language", "es")
    if bare in _TO_EN or folded in _TO_EN:
        return Intent("language", "en")
    if folded in _HELP or bare in _HELP:
        return Intent("help")
    if bare in _RESTART:
        return Intent("restart")
    if bare in _REOPEN or _REOPEN_NUMBER.match(bare):
        num = _TICKET_NUMBER.search(bare)
        return Intent("reopen", num.group(0) if num else "")
    m = _ESCALATE.match(bare)
    if m:
        return Intent("escalate", m.group("n") or "")
    m = _STATUS_BY_CALL.match(raw)
    if m:  # Ringover: "track a ticket by the call ID of the affected call"
        return Intent("status", f"call:{m.group('id')}")
    m = _STATUS.match(raw)
    if m:
        return Intent("status", m.group(2) or "")
    low = caseless(raw)
    if len(raw) < 80 and has_any(low, _STATUS_OF_WORDS):
        m = _STATUS_OF_TICKET.search(raw)
        if m:
            return Intent("status", m.group(1))
    if bare in _HUMAN_WORDS or (has_any(low, _HUMAN_PHRASE_WORDS) and _HUMAN_PHRASES.search(raw)):
        return Intent("human")
    words = bare.split()
    if len(words) <= 3 and any(w in ("human", "humano", "agente", "agent") for w in words):
        return Intent("human")
    return _sentence_intent(raw, full)
