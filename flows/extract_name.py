"""Customer name extraction: introductions, greetings and sign-offs (en/es)."""

from __future__ import annotations

import re
from typing import Final

from flows.extract_text import fold

_GREETING_CHARS: Final = 300
_SIGNATURE_CHARS: Final = 1_500

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
NAME_STOP: Final = frozenset(
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
        folded = fold(word).strip("'’-")
        if folded in NAME_STOP:
            break
        if word.islower() and (
            _GERUND.search(folded) or (folded.endswith("ed") and len(folded) > 3)
        ):
            break
        if not kept and folded.endswith("ing") and len(folded) > 5:
            break
        kept.append(word)
    if any(fold(w) in _COMPANY_WORDS for w in kept):
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


def find_name(text: str) -> str | None:
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
