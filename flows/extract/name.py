"""Customer name extraction: introductions, greetings and sign-offs (en/es)."""

from __future__ import annotations

import re
from typing import Final

from domain.text import fold
from flows.extract.text import caseless, has_any

_GREETING_CHARS: Final = 300

_CAP_WORD: Final = r"[A-ZÁÉÍÓÚÑÜÀÈÌÒÙÇ][a-zA-Záéíóúñüàèìòùçäëïöâêîôû'’\-]*"
_ANY_WORD: Final = (
    r"[A-Za-zÁÉÍÓÚÑÜÀÈÌÒÙÇáéíóúñüàèìòùçäëïöâêîôû][A-Za-zÁÉÍÓÚÑÜáéíóúñüàèìòùçäëïöâêîôû'’\-]*"
    r"(?![/@])"
)
TITLE: Final = (
    r"(?:(?:(?:el|la)[ \t]+)?(?:D\.|Dª|(?:Mr|Mrs|Ms|Miss|Dr|Dra|Sr|Sra|Srta|Don|Doña|Ing|Lic|Prof)\.?|"
    r"doctor|doctora|ingeniero|ingeniera|licenciado|licenciada|se[ñn]or|se[ñn]ora|se[ñn]orita|"
    r"profesor|profesora)[ \t]+)?"
)
# Surname particles ("María de la Cruz", "Hendrik van der Berg", "Marc Ferrer i Soler").
_PARTICLE: Final = r"(?:van|von|der|den|de|del|la|las|los|da|das|do|dos|di|du|le|bin|ibn|ter|ten|i)"
_INITIAL: Final = r"[A-ZÁÉÍÓÚÑ]\.(?=[ \t])"  # "J. Alvarez", "Mary J. Blige"
_NAME_WORD: Final = rf"(?:{_INITIAL}|{_CAP_WORD})"
NAME_CAP: Final = rf"({_NAME_WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+){{0,2}}{_NAME_WORD}){{0,4}})"
_NAME_ANY: Final = rf"({_ANY_WORD}(?:[ \t]+{_ANY_WORD}){{0,3}})"

_STRONG_CUE = re.compile(
    r"(?i)(?<![\w])(?:my[ \t]+name[ \t]+is|my[ \t]+name's|my[ \t]+name[ \t]+being|"
    r"my[ \t]+name(?=[ \t]+(?-i:[A-ZÁÉÍÓÚÑ]))|"
    r"me[ \t]+llamo|mi[ \t]+nombre[ \t]+es|(?:full[ \t]+)?(?:name|nombre)[ \t]*:)[ \t]*" + TITLE
)
_NOT_PERSON_NAME_FIELD = re.compile(
    r"(?i)\b(?:user|login|company|business|account|file|host|domain|server|display|caller|device|"
    r"trunk|queue|usuario|empresa|dominio|servidor|cuenta)[ \t_-]*$"
)
_WEAK_CUE = re.compile(
    r"(?i)(?<![\w'’])(?:i'm|i’m|i[ \t]+am|im|this[ \t]+is|it's|it’s|its|it[ \t]+is|soy|habla|"
    r"(?:le|les|te|os)[ \t]+(?:escribe|saluda|habla))[ \t]+" + TITLE
)
# "aquí Paula desde Bogotá": only a capitalised name counts after this cue.
_CAP_CUE = re.compile(r"(?i)(?<![\w'’])aqu[íi][ \t]+" + TITLE)
# "I'm his assistant, Linda Park" / "soy el encargado de la tienda, Sergio".
_ROLE_START = re.compile(r"(?i)(?:the|his|her|their|your|our|a|an|el|la|los|las|su|sus|un|una)\b")
_CLAUSE_END = re.compile(r"[.!?\n]")
_GREETING_NAME = re.compile(
    r"(?i:^[ \t]*(?:hi|hello|hey|hola|buenas|good[ \t]+(?:morning|afternoon|evening)|buenos[ \t]+d[íi]as)"
    r"(?:[ \t]+(?:there|team|all|everyone|support|soporte))?[ \t]*[!,.\-]*[ \t]+)"
    + NAME_CAP
    + r"(?=[ \t]+(?:here|from|at|aqu[íi])\b)",
    re.MULTILINE,
)
# "Olga Ivanova (account 2290). ..." / "Ana Ruiz, cuenta 4471: ..."
_LEADING_NAME = re.compile(
    r"[ \t\n]*" + NAME_CAP + r"[ \t]*[(,][ \t]*(?i:account|acct|cuenta|cliente|customer|client)\b"
)
_HERE_NAME = re.compile(r"^[ \t\n]*" + NAME_CAP + r"[ \t]+(?:here|aqu[íi])[ \t]*[,.!:\-]")
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
    i'm i’m it's it’s i've i'd i'll we're that's don't can't
    """.split()
)
_COMPANY_WORDS: Final = frozenset(
    """
    inc llc ltd corp corporation company co group grupo dental clinic clinica law realty hotel sa sl
    team support soporte office oficina department departamento it services servicios solutions
    soluciones telecom systems sistemas
    clínica clinica inmobiliaria empresa universidad farmacia farmacias tienda sucursal fundación
    fundacion panadería panaderia constructora compañía compania agencia cooperativa asociación
    asociacion escuela colegio hospital hoteles banco ferretería ferreteria notaría notaria gestoría
    gestoria ayuntamiento consultora distribuidora comercial abogados hermanos hijos
    desk front reception recepción recepcion frontdesk helpdesk dept sales billing accounting
    facilities operations ventas contabilidad administración administracion dirección direccion
    gerencia informática informatica atención atencion vp ceo cto cfo coo
    logistics freight trucking transport transportes logística logistica industries enterprises
    holdings technologies associates asociados consulting consultors consultores labs pharmacy
    insurance realty medical healthcare seguros corp. inc. llc. ltd. partners
    """.split()
)
_NAME_CAP_RE = re.compile(NAME_CAP)
_APPOSED_NAME = re.compile(r",[ \t]+" + NAME_CAP + r"(?=[ \t]*(?:[,;]|$))")
_NAME_ANY_RE = re.compile(_NAME_ANY)
_WORD = re.compile(r"\S+")
# After a lower-case name: a comma, the end, or a word that cannot be part of it.
_LOWER_NAME_BOUNDARY = re.compile(
    r"(?i)[ \t]*(?:,|$|\n|[ \t]+(?:and|y|from|de|del|here|aqu[íi]|my|mi|i|we|our|with|con|"
    r"at|w/)(?![\w/])|[ \t]+-)"
)
# ... and, after "soy" / "this is" / "my name is", a full stop too ("soy pablo.").
_LOWER_NAME_END = re.compile(r"[ \t]*[.!?;:]")
_LOOSE_CUES: Final = (
    "soy",
    "this",
    "habla",
    "le ",
    "les ",
    "te ",
    "os ",
    "my",
    "me",
    "mi",
    "name",
    "nombre",
)
_GERUND = re.compile(r"(?:ing|ando|iendo)$")
_POSSESSIVE_AFTER = re.compile(r"['’]s\b")


_PARTICLES: Final = frozenset(
    "van von der den de del la las los da das do dos di du le bin ibn ter ten i".split()
)
_ALWAYS_PARTICLES: Final = frozenset(
    "van von der den ter ten bin ibn da das do dos di du le".split()
)
_ARTICLES: Final = frozenset("la las los".split())


def _particle_ok(words: list[str], i: int, kept: int) -> int:
    """Length of the particle run at ``words[i]`` if it belongs to the surname, else 0.

    "de la Cruz", "del Río", "van der Berg" are surnames; a bare "de" after a short
    name is usually a company ("Carlos Ruiz de Telefónica"), so it needs three words before.
    """
    run = 0
    while i + run < len(words) and words[i + run] in _PARTICLES:
        run += 1
    if run == 0 or run > 2 or i + run >= len(words) or kept == 0:
        return 0
    head, nxt = words[i], fold(words[i + run])
    if nxt in _COMPANY_WORDS or nxt in NAME_STOP:
        return 0
    if head in _ALWAYS_PARTICLES:
        return run
    if head == "del" or (head == "de" and run == 2 and words[i + 1] in _ARTICLES):
        return run
    if head == "de" and run == 1:
        return run if kept >= 3 else 0
    if head == "i" and run == 1:
        return run if kept >= 2 else 0
    return 0


def _valid_name_words(words: list[str]) -> list[str]:
    kept: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word in _PARTICLES:
            run = _particle_ok(words, i, len(kept))
            if not run:
                break
            kept.extend(words[i : i + run])
            i += run
            continue
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
        i += 1
    while kept and (kept[-1] in _PARTICLES or _INITIAL_RE.fullmatch(kept[-1])):
        kept.pop()
    if any(fold(w) in _COMPANY_WORDS for w in kept):
        return []
    return kept


_CAP_WORD_RE = re.compile(_CAP_WORD)
_INITIAL_RE = re.compile(r"[A-ZÁÉÍÓÚÑ]\.")
_LOWER_WORD_RE = re.compile(r"[a-záéíóúñü]{2,15}")


def name_words(chunk: str) -> list[str]:
    """The name words of ``chunk`` if the whole chunk is a name, else [].

    Capitalised words and surname particles; a single all-lowercase word is
    accepted too ("saludos, mati") and judged by the stop lists.
    """
    words = chunk.split()
    if not words:
        return []
    lone_lower = len(words) == 1 and _LOWER_WORD_RE.fullmatch(words[0])
    if not lone_lower and not all(
        _CAP_WORD_RE.fullmatch(w) or w in _PARTICLES or _INITIAL_RE.fullmatch(w) for w in words
    ):
        return []
    kept = _valid_name_words(words)
    return kept if len(kept) == len(words) else []


def _name_after(text: str, pos: int, *, allow_lower: bool, loose: bool = False) -> str | None:
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
        if lower and not (
            _LOWER_NAME_BOUNDARY.match(text, end) or (loose and _LOWER_NAME_END.match(text, end))
        ):
            return None
        return " ".join(words)
    return None


def _apposition(text: str, pos: int) -> str | None:
    """The name after a role: "I'm his assistant, Linda Park" -> "Linda Park"."""
    if not _ROLE_START.match(text, pos):
        return None
    stop = _CLAUSE_END.search(text, pos, pos + 120)
    end = stop.start() if stop else min(len(text), pos + 120)
    m = _APPOSED_NAME.search(text, pos, end)
    if not m:
        return None
    words = name_words(m.group(1))
    return " ".join(words) if words else None


# What a match of each cue cannot lack (any case): a text without it skips the cue.
_STRONG_WORDS: Final = ("name", "llamo", "nombre")
_WEAK_WORDS: Final = ("i'm", "i’m", "am", "im", "this", "it", "soy", "habla", "escribe", "saluda")


def find_intro_name(text: str) -> str | None:
    """The name a writer introduces themselves with ("I'm Ana", "soy Luis", "Kevin here")."""
    candidates: list[tuple[int, str]] = []
    low = caseless(text)
    strong = _STRONG_CUE.finditer(text) if has_any(low, _STRONG_WORDS) else ()
    weak = _WEAK_CUE.finditer(text) if has_any(low, _WEAK_WORDS) else ()
    for m in strong:
        if _NOT_PERSON_NAME_FIELD.search(text, max(0, m.start() - 16), m.start()):
            continue
        name = _name_after(text, m.end(), allow_lower=True, loose=True)
        if name:
            candidates.append((m.start(), name))
            break
    for w in weak:
        loose = fold(w.group(0)).startswith(_LOOSE_CUES)
        name = _name_after(text, w.end(), allow_lower=True, loose=loose)
        name = name or _apposition(text, w.end())
        if name:
            candidates.append((w.start(), name))
            break
    c = _CAP_CUE.search(text) if "aqu" in low else None
    if c:
        name = _name_after(text, c.end(), allow_lower=False)
        if name:
            candidates.append((c.start(), name))
    g = _GREETING_NAME.search(text, 0, _GREETING_CHARS)
    if g:
        words = _valid_name_words(g.group(1).split())
        if words:
            candidates.append((g.start(1), " ".join(words)))
    # case as written: "here" or "aquí"/"aqui"
    h = _HERE_NAME.match(text, 0, _GREETING_CHARS) if "here" in text or "aqu" in text else None
    if h:
        words = _valid_name_words(h.group(1).split())
        if words:
            candidates.append((h.start(1), " ".join(words)))
    lead = _LEADING_NAME.match(text, 0, _GREETING_CHARS) if has_any(text, "(,") else None
    if lead:
        words = name_words(lead.group(1))
        if len(words) >= 2:
            candidates.append((lead.start(1), " ".join(words)))
    return min(candidates)[1] if candidates else None
