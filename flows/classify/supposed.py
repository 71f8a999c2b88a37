"""Fault words that report no fault now (round 20, issue 13's "no P4 read as P1 or P2").

Three kinds, each read as the request it is (flows.classify.reading cuts or mutes their
words; `settled` settles the mix over the model's n-grams, which read "calls", "fail" and
"busy" as a fault):

- calls on a bill that nobody made ("billed for calls we never made", "nos cobraron llamadas
  internacionales que no hicimos", "Nobody here dialled it"): a disputed charge, billing;
- a fault supposed in a question ("what happens to inbound calls if the internet goes down?",
  "si la troncal se cae, ¿las llamadas se pierden?", "cuando todos los canales están
  ocupados, ¿el cliente oye ocupado?"): asking how the service behaves, not reporting it;
- a price asked for calls, lines or channels ("what's the rate for calls to Mexico?",
  "¿cuánto cuesta ampliar la troncal a 30 canales?"): a destination named in a price
  question is not a destination failing.

Pure, stdlib `re` only; the patterns read normalised text (flows.classify.text.normalise).
"""

from __future__ import annotations

import re
from typing import Final

from flows.classify.assessment import Assessment
from flows.classify.cues import weigh, word_starts
from flows.classify.faults import CAPACITY
from flows.classify.gate import may
from flows.classify.impact import TABLES as IMPACT_TABLES
from flows.classify.menus import IVR_FAULT
from flows.classify.numbers import CALLERS_FAIL, SUSPENDED
from flows.classify.text import normalise

# --------------------------------------------------------------------------
# Calls on a bill that nobody made
# --------------------------------------------------------------------------

# Between the calls and who did not make them: a destination, a date, a count ("calls to
# Jamaica on the 14th that..."), never a verb of a fault ("calls drop since the change that
# we did not make" reports the drops).
_GAP = (
    r"(?: (?!(?:drop\w*|fail\w*|cut\w*|are|is|were|was|keep|keeps|se|no|not|y|and|but|pero|since|desde"
    r"|after|despues|caen|cortan|fallan|dont|cant|wont|get|gets)\b)\w+){0,6}?"
)
# "calls we never made", "calls nobody here placed", "llamadas a Rusia que no hicimos",
# "llamadas que nadie de aqui hizo", "llamadas no reconocidas", "unauthorized calls".
DISPUTED_CALLS: Final = re.compile(
    rf"\b(?:calls?|minutes|charges|llamadas?|minutos|cargos){_GAP}"
    r" (?:(?:that|which) )?(?:(?:we|i|they|our staff|our people) (?:never|didnt|did not|have never|had never|never ever)"
    r"|(?:nobody|no one|noone|none of us|not one of us|not a single one of us)(?: here| in the office| at the office| on our side)?)"
    r" (?:made|make|placed|place|dialed|dial|called|authorized|recognize|know about)\b"
    rf"|\b(?:llamadas?|minutos|cargos?){_GAP} (?:que|q) (?:no|nunca|nadie)(?: de aqui| aqui| de la oficina| de nosotros)?"
    r" (?:las |los |la |lo )?(?:hicimos|hemos hecho|realizamos|hemos realizado|reconocemos|hizo|hicieron|marcamos"
    r"|hemos marcado|marco|realizo|autorizamos|conocemos)\b"
    r"|\b(?:llamadas|minutos|cargos) (?:\w+ )?(?:no reconocid[oa]s|no autorizad[oa]s|no realizad[oa]s|fraudulent[oa]s|que desconocemos)\b"
    r"|\b(?:unauthori[sz]ed|unrecogni[sz]ed|fraudulent|bogus|mystery)(?: \w+){0,2}? (?:calls|charges|minutes)\b"
    # "Nobody here dialled it", "nadie aqui las hizo": the charged calls, denied.
    r"|\b(?:nobody|no one|noone|none of us)(?: here| in the office| at the office)? (?:ever )?(?:dialed|made|placed|called)"
    r" (?:it|them|those|that number|those numbers|those calls|these calls)\b"
    r"|\bnadie (?:de aqui |aqui |de la oficina |de nosotros )?(?:las |los |la |lo )?(?:hizo|marco|realizo|llamo)\b"
)
_DISPUTED_WORDS: Final = (
    "never",
    "didnt",
    "did not",
    "nobody",
    "no one",
    "noone",
    "none of us",
    "not one of us",
    "not a single one",
    "que no",
    "q no",
    "que nunca",
    "q nunca",
    "que nadie",
    "q nadie",
    "nadie",
    "no reconocid",
    "no autorizad",
    "no realizad",
    "fraudulent",
    "desconocemos",
    "unauthori",
    "unrecogni",
    "bogus",
    "mystery",
)
# A bill named: the calls denied are charged ones (not "calls we never made because the line
# was dead").
_BILLED: Final = re.compile(
    r"\b(?:bill|billed|billing|invoice\w*|charge\w*|statement|credit|refund|pay|paid"
    r"|factura\w*|cobr\w*|cargos?|recibo|reembols\w*|abon\w*|descuent\w*|anul\w*|pagar|reclam\w*)\b"
)


def disputed(norm: str) -> re.Match[str] | None:
    """Calls on a bill said not made by anyone here (a disputed charge), or None."""
    if not any(map(norm.__contains__, _DISPUTED_WORDS)):
        return None
    found = DISPUTED_CALLS.search(norm)
    if found is None or _BILLED.search(norm) is None:
        return None
    return found


def cut_disputed(norm: str) -> str:
    """`norm` with the disputed calls said as charges (no "calls", no loss word left)."""
    return DISPUTED_CALLS.sub(" charges ", norm)


# --------------------------------------------------------------------------
# A fault supposed in a question
# --------------------------------------------------------------------------

_IF = r"(?:if|in case|in the event|what if|when|si|en caso de que|cuando|y si)"  # "que pasa si ..."
_THING = (
    r"(?:internet|power|electricity|luz|electricidad|trunks?|troncal\w*|circuits?|circuito|lines?|linea|lineas"
    r"|channels?|canales?|paths?|calls?|llamadas?|agents?|agentes|system|sistema|network|red|servers?|servidor"
    r"|connection|conexion|router|service|servicio|wifi|fibra|fiber|isp|provider|proveedor|queue|cola"
    r"|operators?|operadores|phones?|telefonos?|softphone|app)"
)
_FAILS = (
    r"(?:goes down|go down|is down|are down|went down|fails?|failed|drops?|dropped|crashes|crash|dies|die|cuts out"
    r"|goes out|go out|is out|are out|is busy|are busy|are all busy|are full|are all full|are taken|are all taken"
    r"|is unavailable|are unavailable|se cae|se caen|se cayera|se cayeran|falla|fallan|fallara|fallaran"
    r"|esta caid[oa]|estan caid[oa]s|esta ocupad[oa]|estan ocupad[oa]s|estan llen[oa]s|se corta|se cortan"
    r"|se satura\w*|se llenan|no contesta|no contestan)"
)
_ARTICLE = (
    r"(?:(?:the|our|a|an|all|all our|all the|every|el|la|los|las|nuestro|nuestra|nuestros|nuestras"
    r"|todos los|todas las|todo el|toda la|mi|my|una|un) )?"
)
# "if the internet goes down", "when a call drops", "cuando todos los canales estan ocupados",
# "si se cae el internet", "si nos quedamos sin luz", "si se va la luz".
SUPPOSED: Final = re.compile(
    rf"\b{_IF} {_ARTICLE}(?:\w+ )?{_THING} (?:\w+ )?{_FAILS}\b"
    rf"|\b{_IF} (?:se (?:nos |me )?)?(?:cae|caen|cayera|cayeran|va|fuera|corta|cortan|satura|saturan|llenan) {_ARTICLE}(?:\w+ )?{_THING}\b"
    r"|\b(?:si|cuando|en caso de que) (?:nos quedamos|nos quedaramos|se queda|se quedan) sin (?:luz|internet|linea|lineas|servicio|conexion)\b"
    r"|\b(?:if|when|in case) (?:we|you) (?:lose|lost) (?:the |our )?(?:internet|power|connection|service|network)\b"
)
# What makes the supposition a report after all: it happens now, or keeps happening.
_NOW: Final = re.compile(
    r"\b(?:today|hoy|now|ahora|right now|ahorita|since|desde|this morning|esta manana|again|otra vez|de nuevo"
    r"|all day|todo el dia|every time|each time|cada vez|always|siempre|keeps?|sigue|siguen|currently|actualmente"
    r"|yesterday|ayer|last night|anoche)\b"
)
_CHANGED: Final = re.compile(
    r"\b(?:used to|solia|solian|antes|before|until|hasta que|no longer|ya no)\b"
)
_SENTENCE: Final = re.compile(r"[^.!?\n]*\?+")
_IF_WORDS: Final = ("if ", "when ", "in case", "in the event", "si ", "cuando ", "en caso de")


def supposed(text: str, lang: str | None) -> list[str]:
    """The (normalised) spans of `text`'s questions that suppose a fault, from the condition
    to the question's end ("si se cae el internet de la oficina"), never one said to happen
    now or to keep happening."""
    if "?" not in text:
        return []
    lowered = text.lower()
    if not any(map(lowered.__contains__, _IF_WORDS)):
        return []
    found: list[str] = []
    for sentence in _SENTENCE.findall(text):
        said = normalise(sentence, lang)
        match = SUPPOSED.search(said)
        if match is None or _NOW.search(said) is not None:
            continue
        span = said[match.start() :].strip(" ?")
        if span:
            found.append(span)
    return found


def cut_supposed(norm: str, spans: list[str]) -> str:
    """`norm` without the supposed faults' spans (each a question: "?" stays)."""
    for span in spans:
        norm = norm.replace(span, " ", 1)
    return norm


# --------------------------------------------------------------------------
# A price asked for calls, lines or channels
# --------------------------------------------------------------------------

PRICE_ASKED: Final = re.compile(
    r"\b(?:rates?|price|prices|pricing|cost|costs|how much|quote|per minute|tarifas?|precios?|costo|costos|coste"
    r"|cotizacion|cotizar|cuanto (?:cuesta|cuestan|sale|salen|cobran|vale|valen|seria|costaria))\b"
    r"(?: \w+){0,6}? (?:calls?|minutes?|llamadas?|minutos?|lines?|lineas?|channels?|canales?|paths?|numbers?"
    r"|numeros?|seats?|licen\w*|troncal\w*|trunks?)\b"
)
_PRICE_WORDS: Final = (
    "rate",
    "price",
    "pricing",
    "cost",
    "how much",
    "quote",
    "per minute",
    "tarifa",
    "precio",
    "costo",
    "coste",
    "cotiza",
    "cuanto",
)


def price_asked(norm: str) -> bool:
    """A price asked for calls, lines or channels (a question or a quote)."""
    return any(map(norm.__contains__, _PRICE_WORDS)) and PRICE_ASKED.search(norm) is not None


# --------------------------------------------------------------------------
# How calls are handled, asked
# --------------------------------------------------------------------------

# A message that opens by asking how calls are handled ("what happens to inbound calls after
# hours?", "¿cuántas llamadas simultáneas aguanta la troncal?", "where do callers go when...").
HOW_IT_WORKS: Final = re.compile(
    r"(?:(?:hi|hello|hey|hola|buenas|buenos dias|quick question|question|una duda|duda|pregunta|consulta"
    r"|una pregunta|una consulta) )*"
    r"(?:what happens (?:to|with)|how many (?:simultaneous |concurrent )?(?:calls|channels|lines|call paths)"
    r"|que pasa con|cuantas (?:llamadas|lineas|canales)|how (?:does|do) (?:the |our )?(?:calls?|callers?|inbound"
    r"|trunks?|routing|failover|transfers?|hunt groups?)|como (?:funciona|funcionan) (?:el |la |los |las )?"
    r"(?:llamadas?|desvio|troncal|enrutamiento)|(?:a donde|adonde) (?:se )?(?:van|va) (?:las )?llamadas?"
    r"|where do (?:the )?(?:calls|callers) go)\b"
)


# --------------------------------------------------------------------------
# The mix settled
# --------------------------------------------------------------------------


def _no_fault_cue(norm: str) -> bool:
    """No outage, degradation or intermittence cue, and no fault of calling that wears other
    words (fewer call paths, a keypad menu, every caller failing)."""
    starts = word_starts(norm)
    return (
        not any(
            weigh(norm, IMPACT_TABLES[name], starts)
            for name in ("outage", "degraded", "intermittent")
        )
        and not (may(norm, "cap") and CAPACITY.search(norm))
        and not (may(norm, "ivr") and IVR_FAULT.search(norm))
        and CALLERS_FAIL.search(norm) is None
    )


def settled(
    rules: Assessment, live: str, norm: str, lang: str | None
) -> dict[str, tuple[str, str]]:
    """The dimensions one of these kinds settles over the mix, and why: the rules read a
    question or a request and nothing of a fault is left once the kind's words are read as
    their request."""
    if rules.parts or rules.impact != "question" or rules.service not in ("howto", "billing"):
        return {}
    why = ""
    if disputed(norm) is not None and SUSPENDED.search(norm) is None:
        why = "calls on a bill that nobody made: a billing question"
    elif supposed(live, lang):
        why = "a fault supposed in a question, not reported"
    elif price_asked(norm) and "?" in norm and _no_fault_cue(norm):
        why = "a price asked for calls: a billing question"
    elif (
        HOW_IT_WORKS.match(norm) is not None
        and _no_fault_cue(norm)
        # "how do callers reach the warehouse? option 4 used to ring it but since Friday...":
        # a change told, not asked about.
        and _NOW.search(norm) is None
        and _CHANGED.search(norm) is None
    ):
        why = "a question on how calls are handled, no fault named"
    if not why:
        return {}
    return {"impact": ("question", why), "service": (rules.service, why)}
