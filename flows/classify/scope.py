"""Scope cues (whole site, several users, one user) and `scope_of`, which weighs them."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from itertools import islice
from typing import Final

from domain.dimensions import SCOPES
from flows.classify.cues import Compiled, Cues, compile_cues, gated, weigh, word_starts
from flows.classify.scope_cues import ONE_CUES, PEOPLE, PLACE, PLACE_ES, SEVERAL_CUES, SITE_CUES

# A scope read from weak hints only (no quantifier, no place, no "only me").
_WEAK_SCOPE: Final = 3.5

# Cue words that mean "not this" when they sit in a time phrase.
_TIME_PHRASES: Final = gated(
    r"\b(?:all (?:day|night|morning|afternoon|week|weekend|the time|of a sudden)"
    r"|every ?(?:day|time|morning|week|hour|minute|now and then|so often)"
    r"|at all(?! (?:our|the|of))|not at all|first of all|after all|all set|all good|thats all"
    r"|tod[oa]s? (?:el|la|los|las) (?:dia|dias|tiempo|rato|manana|mananas|tarde|tardes"
    r"|noche|noches|semana|semanas|veces|lunes|martes|miercoles|jueves|viernes|mes)"
    r"|todo el santo dia|ante todo|sobre todo"
    r"|(?:a few|few|several|some|many|a couple of|a couple|varios|varias|algunos|algunas|unos|unas|muchos"
    r"|muchas|un par de) (?:minutes|seconds|secs|mins|hours|days|times|weeks|months|years|minutos"
    r"|segundos|horas|dias|veces|semanas|meses|anos|rings|timbres))\b"
)

# Round 11: a small site's only phone ("it's the only line we have", "es el unico que
# tenemos", "our only phone"): every phone the business has, the whole site (guide rule 6).
ONLY_PHONE: Final = gated(
    r"\b(?:(?:the|our) only (?:phone|line|number|telephone)(?: \w+)? (?:we have|weve got|we ve got|we got)|our only (?:phone|line|telephone)"
    # Round 17: not "el unico telefono que hay ahi" (the only one of a part: ONLY_PHONE_THERE).
    r"|(?:el|la) unic[oa] (?:telefono |linea |numero )?que (?:tenemos|hay)(?! (?:ahi|alli|alla)\b)|nuestr[oa] unic[oa] (?:telefono|linea|numero))\b"
)
# Round 13: one device that is the only one of a part of the site, the rest said to work
# ("the cordless in the packing shed ... it's the only phone out there; the office is fine",
# "es el unico telefono de la bodega"): that device's loss, not the site's (with others_fine).
ONLY_PHONE_THERE: Final = gated(
    r"\b(?:(?:its|it s|is|the) only (?:phone|handset|extension|line|telephone) (?:out |in |at |on |over |down )?(?:there|here|that \w+|the \w+)"
    r"|(?:es )?(?:el|la) unic[oa] (?:telefono|aparato|extension|linea|anexo) (?:(?:de|del|en|que hay en) (?:la |el )?\w+|que hay (?:ahi|alli|alla))"
    # Round 17: "the only phone back there", "es el unico telefono que hay ahi".
    r"|(?:its|it s|is|the) only (?:phone|handset|extension|line|telephone) back there)\b"
)
# Round 17: one device named by its owner or place ("the handset of our branch manager", "the
# cordless in the kitchen", "la caja 2 ... el telefono", "el inalambrico del almacen").
ONE_DEVICE_NAMED: Final = gated(
    r"\b(?:(?:the|a|one|el|la|un|una) (?:\w+ ){0,2}?(?:phone|handset|cordless|deskphone|telefono|inalambrico|aparato)"
    r" (?:of|in|at|for|de|del|en) (?:our |the |my |nuestro |nuestra |mi |la |el )?(?!(?:office|whole|entire|building|oficina|empresa|tienda|local)\b)\w+"
    r"|(?:caja|register|till|checkout|desk|puesto|mesa|counter) (?:\d+|one|two|three|uno|dos|tres) (?:\w+ ){0,6}?(?:phone|handset|telefono|aparato))\b"
)
# Round 21: one phone not registered ("the dock's cordless isn't registered, no calls in or
# out", "el telefono de la caseta no esta registrado"): registration is one device's, so its
# total loss is that device's (P3), not the site's, unless every phone or a wider scope is said.
ONE_PHONE_UNREGISTERED: Final = gated(
    r"\b(?<!our )(?<!only )(?<!every )(?<!each )(?<!any )(?:phone|handset|cordless|deskphone)"
    r" (?:(?:isnt|is not|wont|will not|doesnt|does not|stopped|has stopped|keeps) (?:\w+ )?regist\w*|(?:is |shows |says )?(?:unregistered|deregistered|not registered))"
    r"|(?<!nuestro )(?<!unico )(?:telefono|inalambrico|aparato|fono|anexo|interno) (?:\w+ ){0,4}?no (?:esta |se )?(?:registrado|registra)\b"
)
# Round 13: one person's own phone or line, said with "my" or "X's phone" ("mi interno", "al
# telefono de Ramon"), not a feature of theirs ("Maria's voicemail PIN").
PERSONS_LINE: Final = gated(
    r"\b(?:(?:my|mi|su) (?:own |only |unico |propio )?(?:desk |cell |office )?(?:phone|telefono|extension|line|linea|interno|anexo|handset|softphone|cordless|inalambrico|celular|aparato)"
    r"|(?:al|el) (?:telefono|celular|inalambrico|aparato|interno|anexo) de \w+)\b"
)
# A part of a message that names a place of its own ("the Lakeview site", "en la sucursal
# Lindavista") speaks of that place, not of the one user the rest of the message is about.
NAMES_PLACE: Final = re.compile(rf"\b(?:{PLACE}|{PLACE_ES})\b")

_NOT_WHOLE_PLACE: Final = rf"not (?:the )?(?:whole|entire|complete) (?:{PLACE})|no es (?:en )?tod[oa] (?:el |la )?(?:{PLACE_ES})"
# A whole place denied ("it's not the whole office"): not the site, whatever else is said.
NOT_WHOLE_PLACE: Final = re.compile(rf"\b(?:{_NOT_WHOLE_PLACE})\b")

# "Not all" / "no todos": several, and the words must not count as "all".
_NEGATED_ALL: Final[Cues] = (
    (
        r"not (?:all|every|everyone|everybody|the whole|the entire) (?:of )?(?:our |the )?(?:users|people|phones?|agents|staff|extensions|lines|of us)",
        5,
    ),
    (
        r"not (?:everyone|everybody|all of us|all users)|no (?:son |a )?tod[oa]s (?:los |las |nuestros )?(?:usuarios|agentes|telefonos|extensiones|lineas|companeros)?",
        5,
    ),
    (r"not (?:all|every) calls?|no todas las llamadas|no en todas", 3),
    # "it's not the whole building, but accounting (4 people)...": the place is denied.
    (_NOT_WHOLE_PLACE, 5),
    (r"not just me|not only me|no solo (?:a )?(?:mi|yo)|no soy (?:el|la) unic[oa]", 3),
)

# "Everyone else is fine": a contrast that rules out the whole site.
_CONTRAST: Final = gated(
    r"\b(?:everyone else|everybody else|the rest|other users|others|other half|(?:first|second|ground|other) floor"
    r"|los demas|el resto|los del \w+|las demas|los otros|las otras"
    # Round 17: a named part's phones ("the shop phones are fine", "the other suites work",
    # "en la tienda todos tienen linea").
    r"|the (?:shop|store|office|front|main|counter|reception|other) (?:\w+ )?phones|the other \w+|en (?:la|el) \w+ todos"
    # Round 13: "everyone in the main building is fine", "en la oficina principal todo funciona"
    r"|(?:everyone|everybody|everything) (?:in|at|on|upstairs|downstairs) the|en (?:la|el) \w+(?: \w+)? todo)"
    r"(?: \w+){0,3} (?:is |are |seem |seems |esta |estan )?"
    r"(?:fine|ok|okay|good|working|works|work|unaffected|can|could|do|does|grand|sweet|bien|funcionan|funciona|si|pueden|tienen linea|tienen tono)\b"
)

# "Everyone else has it", "a nadie más le pasa": the others are the contrast.
_ELSE: Final = gated(
    r"\b(?:everyone else|everybody else|nobody else|no one else|anyone else|anybody else"
    r"|every other (?:phone|extension|line|handset|desk|user|person|device|seat)|all the others|the others|the rest of (?:us|the \w+|my \w+|our \w+)|rest of the (?:\w+ )?(?:office|team|users|staff)"
    r"|a nadie mas|nadie mas|a los demas|los demas|las demas|al resto|el resto|a mis companeros no"
    # Round 14: "the other four are normal", "rest ok", "los otros seis trabajan normal".
    r"|the other (?:2|3|4|5|6|7|8|9|two|three|four|five|six|seven|eight|nine|ten)|rest (?:are |is )?(?:ok|okay|fine|good)"
    # Round 17: "all other phones are working", "all the other phones in the factory work".
    r"|all (?:the )?other (?:phones|extensions|handsets|lines|devices|desks)"
    r"|mis companeros no|a los otros|los otros)\b"
)
# Round 22: most of the place said to work ("most of us are fine, but the 7 people in the east
# wing...", "la mayoria estamos bien, pero los 6 de contabilidad..."): a group, not the site.
_MOST_FINE: Final = gated(
    r"\b(?:most of us|most of the (?:office|team|staff|building|company|people|place)|most people|la mayoria(?: de nosotros| de la oficina| de la gente)?|casi todos)"
    r" (?:are |is |r |estamos |estan |esta |seem |seguimos |va |van )?(?:fine|ok|okay|good|working|unaffected|bien|sin problemas?|normal)\b"
)


def most_fine(norm: str) -> bool:
    """Whether most of the place is said to work ("most of us are fine", "la mayoria bien")."""
    return _MOST_FINE.search(norm) is not None


def others_fine(norm: str) -> bool:
    """Whether the message says the others are fine or unaffected ("nobody else affected",
    "el resto sin problema", "everything else on site works"): not the whole site."""
    return (
        _ELSE.search(norm) is not None
        or _CONTRAST.search(norm) is not None
        or _MOST_FINE.search(norm) is not None
    )


_WE: Final = re.compile(
    r"\b(?:we|us|our|ours|weve|wed|were having|nosotros|nuestr[oa]s?|nos|\w{2,}(?:amos|emos|imos))\b"
)
_PLURAL_DEVICE: Final = gated(
    r"\b(?:phones|lines|extensions|handsets|telefonos|lineas|extensiones|aparatos)\b"
)
_SINGULAR_DEVICE: Final = gated(
    r"\b(?:phone(?! (?:service|system|lines|numbers|company|provider|bill|outage|calls))|handset|telefono(?! de la oficina)|aparato|softphone|headset|diadema)\b"
)
_COLLECTIVE_MY: Final = gated(
    r"\bmy (office|team|company|users|staff|agents|employees|business|clinic|store|location|site"
    r"|people|whole|entire|organization|org|firm|customers|callers|phones|lines|numbers|reps)\b"
)
_COLLECTIVE_MI: Final = gated(
    r"\b(?:mi (oficina|empresa|equipo|sucursal|negocio|gente|personal|clinica|tienda|local)"
    r"|mis (usuarios|empleados|empleadas|agentes|trabajadores|telefonos|lineas|clientes|companeros))\b"
)
_COUNT: Final = re.compile(
    rf"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|dos|tres|cuatro"
    rf"|cinco|seis|siete|ocho|nueve|diez|once|doce)"
    rf" (?:of (?:our|the|my) |de (?:nuestros|nuestras|los|las|mis) )?(?:\d+ )?(?:remote |new |other |more |otros |otras |mas )?(?:{PEOPLE})\b"
)
_COUNT_OF: Final = re.compile(
    r"\b(\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dos|tres|cuatro|cinco|seis"
    r"|siete|ocho|nueve|diez|once|doce) (?:of (?:our|the|my)|de (?:nuestros|nuestras|los|las|mis))"
    r" (?!calls|llamadas)\w+"
)
NUMBER_WORDS: Final[Mapping[str, int]] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12, "dos": 2, "tres": 3,
    "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10,
    "once": 11, "doce": 12,
}  # fmt: skip
_NOT_NAMES: Final = frozenset(
    "everyone everybody nobody noone anyone anybody someone somebody company office team"
    " customer customers user users agent agents staff".split()
)
_NAME_POSSESSIVE: Final = re.compile(
    r"\b([a-z]+)'s (?:desk |cell |mobile |cordless |office |new |old )?(?:phone|extension|line|voicemail|handset|softphone|headset|cordless|cell|mobile|deskphone|laptop|app"
    r"|direct (?:number|line|dial))\b"  # Round 15: "Ines's direct number"
    # Round 16: "the laundromat's phone menu / system" is the business's, not a person's.
    r"(?! (?:menu|menus|system|systems|tree|directory|network|service)\b)",
    re.IGNORECASE,
)

_PER_USER_FEATURE: Final = gated(
    r"\b(?:voicemail|voice mail|mailbox|message waiting|mwi|light|lamp|presence|jabber|softphone|headset"
    r"|greeting|pin|buzon|luz|foco|presencia|saludo|diadema|mensajes de voz)\b"
)

# Features an account shares (a fault there reaches everyone), as opposed to
# a user's own voicemail or presence.
_ACCOUNT_FEATURE: Final = gated(
    r"\b(?:reports?|reportes?|informes?|analytics|dashboard|recordings|grabaciones|call recording"
    r"|portal|web ?ui|website|pagina|fax server|fax line|main fax|servidor de fax|linea de fax)\b"
)
# Signing in is something a person does: a login fault is theirs until told otherwise.
_PERSONAL_ACCESS: Final = gated(
    r"\b(?:log ?in|login|logon|sign in|signin|password|credentials|contrasena|iniciar sesion"
    r"|inicio de sesion|acceder|entrar)\b"
)
# "I can't hear anyone": the person is the object, not who is affected.
_OBJECT_NOBODY: Final = gated(
    r"\b(?:hear|reach|call|see|contact|escucho|oigo|veo|llamar|contactar|escuchar|oir|localizar"
    r"|localizo) (?:a )?(?:anyone|anybody|nobody|no one|nadie)\b"
    # Round 23: "sólo a él, nadie lo puede llamar", "nobody can reach her": one person is who
    # cannot be called; "nobody" is the callers, not the users affected.
    r"|\b(?:nadie|ningun cliente|nobody|no one|no client|no customer) (?:lo|la|le) (?:puede|pueden|podia|pudo) (?:llamar|marcar|localizar|contactar)\b"
    r"|\b(?:nobody|no one|no client|no customer) (?:can|could) (?:call|reach|dial|get hold of) (?:him|her)\b"
)

_ALL_BEFORE: Final = re.compile(r"\b(?:all|todos|todas|tod[oa]s l[oa]s)\s*$")
_QUANTIFIER_BEFORE: Final = re.compile(
    r"\b(?:all|none of|any of|todos|todas|ninguno|ninguna)\b(?: \w+){0,2} $"
)

TABLES: Final[Mapping[str, Compiled]] = {
    "site": compile_cues(SITE_CUES),
    "several": compile_cues(SEVERAL_CUES),
    "one": compile_cues(ONE_CUES),
    "negated_all": compile_cues(_NEGATED_ALL),
}
# The tables whose words typo correction aims at.
CUES: Final = (SITE_CUES, SEVERAL_CUES, ONE_CUES)
# "Not all" as scope_of cuts it out, cue by cue (compiled as compile_cues does).
_NEGATED: Final = tuple((gated(rf"\b(?:{pattern})\b"), weight) for pattern, weight in _NEGATED_ALL)


def scope_of(
    text: str,
    raw: str,
    service_hint: str | None,
    starts: Mapping[str, Sequence[int]] | None = None,
) -> tuple[str | None, float, tuple[str, ...]]:
    """The likely scope of a normalised text, its confidence and the scopes still open
    (`starts`: `word_starts(text)`, reused when no time phrase or contrast is cut out)."""
    given = text
    text = _COLLECTIVE_MY.sub(r"our \1", text)
    text = _COLLECTIVE_MI.sub(lambda m: "nuestros " + (m.group(1) or m.group(2)), text)
    text = _TIME_PHRASES.sub(" ", text)
    text = _OBJECT_NOBODY.sub(" ", text)
    scores = {"site": 0.0, "several": 0.0, "one": 0.0}

    for pattern, weight in _NEGATED:
        if pattern.search(text):
            scores["several"] += weight
            text = pattern.sub(" ", text)
    if _CONTRAST.search(text):
        scores["site"] -= 4
        text = _CONTRAST.sub(" ", text)
    if _ELSE.search(text):
        scores["site"] -= 4
        scores["one"] += 2
        text = _ELSE.sub(" ", text)
    if _MOST_FINE.search(text):
        scores["site"] -= 4
        scores["several"] += 2
        text = _MOST_FINE.sub(" ", text)

    counts = list(_COUNT.finditer(text))  # one search for both loops: the text is the same
    counted = {m.start() for m in counts}
    for match in _COUNT_OF.finditer(text):
        if match.start() not in counted and not _ALL_BEFORE.search(
            text[max(0, match.start() - 12) : match.start()]
        ):
            scores["several"] += 4
    for match in counts:
        before = text[max(0, match.start() - 16) : match.start()]
        if _QUANTIFIER_BEFORE.search(before):
            continue
        word = match.group(1)
        number = int(word) if word.isdigit() else NUMBER_WORDS.get(word, 0)
        if number == 1:
            scores["one"] += 4
        elif number >= 2:
            scores["several"] += 4

    if starts is None or text != given:
        starts = word_starts(text)
    for scope in SCOPES:
        scores[scope] += weigh(text, TABLES[scope], starts)

    name = _NAME_POSSESSIVE.search(raw) if "'" in raw else None  # no "'s", no search
    if name and name.group(1).lower() not in _NOT_NAMES:
        scores["one"] += 4

    we = sum(1 for _ in islice(_WE.finditer(text), 2))  # up to 2: no need to find more
    scores["site"] += we * 0.75
    scores["several"] += we * 0.75
    if _PLURAL_DEVICE.search(text):
        scores["site"] += 1
        scores["several"] += 1
    elif _SINGULAR_DEVICE.search(text) and max(scores.values()) <= 0:
        scores["one"] += 1
    if service_hint == "other":
        if _PERSONAL_ACCESS.search(text):
            scores["one"] += 1
        elif _ACCOUNT_FEATURE.search(text):
            scores["site"] += 1
        elif max(scores.values()) <= 0 and _PER_USER_FEATURE.search(text):
            scores["one"] += 1

    positive = {k: max(v, 0.0) for k, v in scores.items()}
    top = max(positive.values())
    if top <= 0:
        return None, 0.0, SCOPES
    options = tuple(s for s in SCOPES if positive[s] > top / 2)
    if top < _WEAK_SCOPE:
        # Only weak hints ("our phones", "we"): every hinted scope stays open.
        # "We"/"our" without a word about one person rules out a single user.
        options = SCOPES if positive["one"] > 0 or we == 0 else ("site", "several")
    best = max(SCOPES, key=lambda s: (positive[s], -SCOPES.index(s)))
    confidence = top / (sum(positive.values()) + 1.0)
    if len(options) == 1:
        confidence = max(confidence, 0.6)
    return best, round(min(confidence, 1.0), 2), options


# A person's own phone, said plainly: "my desk phone", "mi telefono", "el inalambrico de Pedro",
# "su unico telefono" (and "Ana's cordless", read on the raw text).
_PERSONS_PHONE: Final = gated(
    r"\b(?:(?:my|mi|his|her|su) (?:own |only |unico |propio )?(?:desk |cell |office )?(?:phone|telefono|extension|line|linea|interno|anexo"
    r"|handset|softphone|cordless|inalambrico|celular|movil|aparato|voicemail|buzon)"
    # Round 11: "el telefono de la farmacia" is the place's, not a person's.
    rf"|(?:el|la|al) (?:telefono|softphone|celular|movil|inalambrico|extension|aparato) (?:\w+ ){{0,3}}de (?!(?:la |el )?(?:{PLACE_ES}|farmacia|restaurante|hotel|taller|estanco|kiosco|quiosco)\b|todos)\w+"
    r"|el (?:dect|anexo) del? \w+|(?:el|la) (?:anexo|interno|extension) \d{2,6})\b"
)


def one_persons_phone(norm: str, raw: str, starts: Mapping[str, Sequence[int]]) -> bool:
    """Whether a message names one person's own phone or feature and no wider scope at all."""
    named = _PERSONS_PHONE.search(norm) is not None
    if not named and "'" in raw:
        name = _NAME_POSSESSIVE.search(raw)
        named = name is not None and name.group(1).lower() not in _NOT_NAMES
    return (
        named
        and weigh(norm, TABLES["site"], starts) <= 0
        and weigh(norm, TABLES["several"], starts) <= 0
    )
