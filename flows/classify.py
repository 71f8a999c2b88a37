"""Severity classification of a customer's first message (English and Spanish).

`assess` reads free text and estimates three things a support plan's priority
table is written in: the *impact* (outage, degraded, cosmetic, question,
enhancement), the *scope* (whole site, several users, one user) and the
*service* (voice = the provider's critical service, other = non-critical
features, billing, howto, change = MACD).  `decide` maps an assessment through
a plan's rules; when the scope is unsure and the possible scopes would give
different priorities it says so (`would_ask`) so the dialogue can ask one
question, and `with_scope` folds the answer back in.

Pure and stdlib only: no I/O, no clock.  The customer's claimed priority and
tone are recorded but never move the priority (plans such as ConnexCS warn
that customers over-claim).  The cues are weighted regular expressions over a
normalised text (lower case, no accents, SMS spellings expanded, one-letter
typos corrected against the cue vocabulary).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Final

__all__ = [
    "CALLTOWER_RULES",
    "IMPACTS",
    "SCOPES",
    "SERVICES",
    "Assessment",
    "Decision",
    "Rule",
    "assess",
    "classify",
    "decide",
    "with_scope",
]

IMPACTS: Final = ("outage", "degraded", "cosmetic", "question", "enhancement")
SCOPES: Final = ("site", "several", "one")
SERVICES: Final = ("voice", "other", "billing", "howto", "change")


@dataclass(frozen=True, slots=True)
class Assessment:
    """What the text says about a problem; None where it cannot tell."""

    impact: str | None
    scope: str | None
    service: str | None
    confidence: float
    scope_confidence: float
    claimed_priority: str | None
    # Scopes still plausible given the text (empty = not computed: `decide`
    # then treats a None or low-confidence scope as fully open).
    scope_options: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rule:
    """One row of a plan's table; "*" matches anything."""

    impact: str
    scope: str
    service: str
    priority: str


@dataclass(frozen=True, slots=True)
class Decision:
    priority: str
    assessment: Assessment
    would_ask: bool
    candidates: tuple[str, ...]


# CallTower (seed 001).  Row 2 keeps every whole-site outage at P2 or above,
# whatever the service; billing, how-to, MACD, cosmetic and feature requests
# fall through to P4.
CALLTOWER_RULES: Final[tuple[Rule, ...]] = (
    Rule("outage", "site", "voice", "P1"),
    Rule("outage", "site", "*", "P2"),
    Rule("outage", "several", "voice", "P2"),
    Rule("degraded", "site", "voice", "P2"),
    Rule("degraded", "several", "voice", "P2"),
    Rule("outage", "one", "voice", "P3"),
    Rule("degraded", "one", "voice", "P3"),
    Rule("outage", "several", "other", "P3"),
    Rule("degraded", "site", "other", "P3"),
    Rule("degraded", "several", "other", "P3"),
    Rule("*", "*", "*", "P4"),
)

# Below this the scope is treated as open when no options were computed.
_SCOPE_SURE: Final = 0.5
# A scope read from weak hints only (no quantifier, no place, no "only me").
_WEAK_SCOPE: Final = 3.0

# --------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------

_SMS: Final[Mapping[str, str]] = {
    "every1": "everyone",
    "evry1": "everyone",
    "evryone": "everyone",
    "no1": "nobody",
    "noone": "nobody",
    "ppl": "people",
    "phn": "phone",
    "phns": "phones",
    "fone": "phone",
    "fones": "phones",
    "cnt": "cant",
    "deskphone": "desk phone",
    "deskphones": "desk phones",
    "cnat": "cant",
    "can not": "cant",
    "cannot": "cant",
    "couldnt": "cant",
    "r": "are",
    "u": "you",
    "ur": "your",
    "pls": "please",
    "plz": "please",
    "msg": "message",
    "msgs": "messages",
    "vm": "voicemail",
    "vmail": "voicemail",
    "vms": "voicemails",
    "ext": "extension",
    "exts": "extensions",
    "xtension": "extension",
    "b4": "before",
    "tel": "telefono",
    "tlf": "telefono",
    "tfno": "telefono",
    "telf": "telefono",
    "telefonos": "telefonos",
    "xq": "porque",
    "pq": "porque",
    "porq": "porque",
    "q": "que",
    "k": "que",
    "tb": "tambien",
    "tmb": "tambien",
    "d": "de",
    "x": "por",
    "porfa": "por favor",
    "nd": "nada",
    "tfn": "toll free number",
    "tollfree": "toll free",
    "ofi": "oficina",
    "ofis": "oficinas",
    "ofc": "office",
}

# Cue words that mean "not this" when they sit in a time phrase.
_TIME_PHRASES: Final = re.compile(
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


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _basic(text: str) -> str:
    s = _strip_accents(text).lower()
    s = s.replace("\u2019", "'").replace("`", "'")
    s = re.sub(r"(?<=[a-z])'(?=[a-z])", "", s)  # can't -> cant, john's -> johns
    s = re.sub(r"[^a-z0-9?]+", " ", s)
    s = s.replace("?", " ? ")
    s = re.sub(r"([a-z])\1{2,}", r"\1", s)  # downnnn -> down, sooo -> so
    return " ".join(s.split())


def _one_edit_at(a: str, b: str) -> int:
    """Where a and b differ by one edit or one transposition, else -1."""
    la, lb = len(a), len(b)
    if a == b or abs(la - lb) > 1:
        return -1
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return diff[0]
        if (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        ):
            return diff[0]
        return -1
    if la > lb:
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return i if a[i:] == b[i + 1 :] else -1


# --------------------------------------------------------------------------
# Cue tables: (pattern, weight).  Patterns are matched with word boundaries on
# the normalised text; each pattern counts once.
# --------------------------------------------------------------------------

_Cues = tuple[tuple[str, float], ...]

_PEOPLE = (
    r"users?|agents?|people|persons?|employees?|staff|phones?|extensions?|lines?|handsets?"
    r"|reps?|seats?|desks?|devices?|folks|colleagues?|coworkers?|usuari[oa]s?|agentes?"
    r"|personas?|emplead[oa]s?|telefonos?|extensiones|extension|lineas?|companer[oa]s?"
    r"|trabajador[ae]s?|equipos|ejecutiv[oa]s?|operador[ae]s?|asesor[ae]s?"
)
_PLACE = (
    r"office|site|company|building|location|branch|business|organization|org|clinic|store"
    r"|practice|firm|shop|school|warehouse|hq|headquarters|campus|call center|contact center"
    r"|team|staff|floor"
)
_PLACE_ES = (
    r"oficina|sitio|empresa|sede|edificio|sucursal|compania|organizacion|planta|call center"
    r"|centro de llamadas|clinica|tienda|negocio|local|corporativo|consultorio|despacho|escuela"
    r"|bodega|almacen|fabrica"
)

SITE_CUES: Final[_Cues] = (
    (r"everyone|everybody|everyones|everybodys|todo el mundo|all of us|all of them", 4),
    (rf"every (?:single )?(?:{_PEOPLE}|one|location|site)", 4),
    (
        rf"all (?:of )?(?:our |the |my |these |those )?(?:\d+ )?(?:{_PEOPLE}|numbers|trunks|dids|locations|sites|offices)",
        4,
    ),
    (
        rf"(?:whole|entire|complete) (?:{_PLACE})|(?:{_PLACE}) ?wide|companywide|sitewide|officewide",
        4,
    ),
    (r"nobody|no one|none of|not a single|no phones?|no lines|no phone service|nothing works", 4),
    (
        r"nothing is working|total (?:outage|loss|failure)|complete (?:outage|loss|failure)|everything",
        4,
    ),
    (r"across (?:the|our|all) |at all (?:our|the) |in all (?:our|the) ", 4),
    (
        r"(?:cant|not|no|unable|wont|dont|doesnt|isnt|arent|nothing) (?:\w+ ){0,6}(?:any|either) of (?:the|our|my)|on any (?:phone|phones|line|lines|extension|handset|device)",
        4,
    ),
    (r"nobodys|noones|no ones|everyones|everybodys", 4),
    (
        r"(?:from|on|in|to) any (?:phone|phones|line|lines|extension|handset|device|desk)|any phone|both (?:of )?(?:our )?(?:locations|offices|sites|branches|buildings|stores)",
        4,
    ),
    (
        r"(?:las|los) dos (?:sucursales|oficinas|sedes|edificios|tiendas)|ambas (?:sucursales|oficinas|sedes|tiendas)|ambos (?:edificios|locales)|ningun telefono",
        4,
    ),
    (
        r"tod[oa]s|nadie|ningun[oa]?|a todos|de todos|para todos|todo el personal|toda la gente|all (?:our |the )?staff",
        4,
    ),
    (
        rf"(?:toda|todo) (?:la|el) (?:{_PLACE_ES})|todo el equipo(?! de)|(?:{_PLACE_ES}) (?:entera|entero|complet[oa])",
        4,
    ),
    (
        r"caida total|totalmente|(?:estamos|quedamos|seguimos|llevamos \w+ \w+) (?:totalmente )?sin",
        4,
    ),
    (
        r"sin telefon\w*|no tenemos (?:telefon\w*|servicio|linea|lineas|tono|llamadas)|nada funciona|todo esta caido",
        4,
    ),
    (
        r"all (?:inbound |outbound |incoming |outgoing |our |the )?calls|all (?:our|the) calls|every (?:\w+ )?call",
        2,
    ),
    (
        r"our (?:main|toll free|800|published|primary|business|company|office) (?:number|line|numbers|lines)",
        2,
    ),
    (
        r"(?:main|toll free|800|888|877|866|855|844|833|published) (?:number|line|numbers|lines)|toll free",
        2,
    ),
    (
        r"customers (?:calling|cant|are|say|trying|tell|complain|keep|report)|callers (?:get|hear|are getting|cant|say)",
        2,
    ),
    (rf"(?:the|our|in the|at the|at our|in our) (?:\w+ )?(?:{_PLACE})", 2),
    (
        r"our phones|the phones|our lines|our service|our system|our pbx|phones (?:\w+ ){0,3}(?:down|dead|out)",
        2,
    ),
    (r"trunks?|circuits?|pri|t1|sip trunks?|uplink|fiber", 4),
    (r"internet|isp|network|router|firewall", 2),
    (
        r"(?:the|our|my|whole|entire) (?:phone|telephone|voip|pbx|telephony) (?:system|service)|phone system|el sistema|el conmutador|la centralita|la planta telefonica|el servicio telefonico|servicio de telefonia",
        4,
    ),
    (
        r"inbound calls|incoming calls|llamadas entrantes|(?:the|our) (?:call )?queues?|la cola|las colas",
        1,
    ),
    (
        r"la oficina|la sede|el edificio|la sucursal|la empresa|la clinica|el call center|el corporativo",
        2,
    ),
    (r"los telefonos|las lineas|las extensiones|telefonos (?:estan )?(?:caidos|muertos|abajo)", 2),
    (
        r"nuestro (?:numero|linea) (?:principal|800|gratuito)|(?:el|al|del) (?:800|numero gratuito|numero principal|linea principal|conmutador)",
        2,
    ),
    (r"todas las llamadas|numero gratuito|numero principal|linea principal", 2),
    (
        r"(?:people|anyone|everyone|anybody|clients|customers|patients|callers) (?:\w+ )?(?:calling|who call|who calls|that call|that calls|trying to call|trying to reach) (?:us|in|our|the office)|quien nos llama|quienes nos llaman|(?:los|la gente|las personas|los clientes|los pacientes) que nos (?:llama|llaman|marca|marcan|intentan)",
        4,
    ),
    (r"no hay (?:telefonos|lineas|linea|servicio|tono|telefonia)", 4),
    (r"troncal\w*|circuito|enlace", 4),
    (r"internet|red|proveedor de internet", 2),
    (r"los clientes (?:que llaman|no|nos dicen|dicen|se quejan)|quienes nos llaman", 2),
)

SEVERAL_CUES: Final[_Cues] = (
    (rf"some (?:of )?(?:our |the |my |us|them)?(?:remote |new )?(?:{_PEOPLE}|of us|of them)?", 4),
    (r"several|a few|few of|multiple|various|a handful|handful of|a bunch of|bunch of", 4),
    (rf"(?:many|a lot|lots) (?:of )?(?:our |the |my )?(?:remote )?(?:{_PEOPLE}|us|of us)", 4),
    (
        rf"a couple (?:of )?|certain (?:{_PEOPLE})|half (?:of )?(?:the |our )?(?:{_PLACE}|{_PEOPLE})|other half",
        4,
    ),
    (
        r"(?:sales|support|accounting|billing|finance|hr|marketing|service|customer service|dev|engineering|ops|front desk|collections|legal|it) (?:team|department|dept|group)",
        4,
    ),
    (
        r"department|dept|(?:second|first|third|fourth|upper|lower|ground|top|2nd|3rd|1st) floor|remote (?:users|workers|agents|staff|employees)",
        4,
    ),
    (
        r"(?:everyone|everybody|all|people) (?:on|in) (?:the|our) (?:\w+ )?(?:team|department|dept|group|floor)",
        6,
    ),
    (
        r"(?:our|the) (?:agents|reps|supervisors|managers)|(?:los|nuestros) (?:agentes|asesores|ejecutivos|operadores)",
        2,
    ),
    (
        r"(?:complaints|reports|quejas|reportes) (?:from|de) (?:\w+ )?(?:agents|users|staff|people|employees|agentes|usuarios|empleados|companeros)",
        4,
    ),
    (
        r"varios|varias|algun[oa]s|much[oa]s (?:de )?(?:nuestros |los |mis )?(?:usuarios|agentes|companeros|empleados|telefonos|extensiones|personas)",
        4,
    ),
    (
        r"mucha gente|lots of people|many people|a lot of people|un monton de|bastantes|para muchos|a muchos|many of us|for many|la mitad|un par de|unos cuantos|unas cuantas|ciert[oa]s|parte de (?:la|los|las|el)|un grupo de|grupo de usuarios",
        4,
    ),
    (
        r"(?:equipo|area|departamento|depto) de \w+|(?:segundo|primer|tercer|cuarto) piso|el piso|agentes remotos",
        4,
    ),
    (r"todo el equipo de \w+|todos los de \w+", 6),
)

ONE_CUES: Final[_Cues] = (
    (
        r"(?:one|a|1|a single|single|only one|just one) (?:user|person|employee|agent|coworker|colleague|staff member|extension|phone|handset|line|seat)",
        4,
    ),
    (rf"one (?:of )?(?:our |the |my )?(?:{_PEOPLE})|one of (?:our|the|my) (?:\w+ )?\w+", 4),
    (
        r"(?:his|her) (?:\w+ )?(?:phone|extension|line|voicemail|handset|softphone|headset|yealink|polycom|cisco|computer|laptop)",
        4,
    ),
    (
        r"(?:the |a |our )?(?:fax|fax machine|phone|handset|printer) (?:in|at|on|by) (?:the |my )?(?!(?:office|site|building|company|location|branch|whole|entire|store|clinic|warehouse)\b)\w+|(?:el|la|ese|este) (?:fax|telefono|aparato|impresora|softphone|celular|anexo|interno|extension) (?:de (?:la |el )?|del )\w+",
        4,
    ),
    (
        r"(?:only|just) (?:me|mine|my|this one|one)|(?:only|just) (?:happens|happening) to me|happens only to me|just me",
        4,
    ),
    (
        r"an? (?:employee|agent|coworker|colleague|staff member)|my (?:coworker|colleague|boss|manager)",
        4,
    ),
    (
        r"(?:my|our|the) receptionists?|receptionists? phone|(?:his|her) (?:phone|extension|line|voicemail|desk phone|handset)",
        4,
    ),
    (
        r"my (?:desk )?(?:phone|extension|line|handset|softphone|cell|headset|voicemail|mailbox|computer|laptop|account|desk|direct line|number|calls|pin|password|screen|app)",
        4,
    ),
    (
        r"extension \d{2,6}|x\d{2,6}|user \d+|every call i|all my calls|(?:la )?extension de [a-z]+|mi (?:companer[oa]|jefe|jefa|colega|recepcionista|asistente|secretaria)",
        4,
    ),
    (
        r"(?:yealink|polycom|cisco|grandstream|snom|mitel|avaya|vvx|obi|poly) (?:at|in|on|by|de|en|del)|(?:el|la|my|the|this) (?:yealink|polycom|cisco|grandstream|snom|mitel|avaya|vvx|poly)\b(?! phones)",
        4,
    ),
    (
        r"the phone (?:in|at|on) (?:the )?\w+|(?:conference|meeting|break|board) room phone|(?:lobby|reception|front desk) phone",
        4,
    ),
    (r"i|im|ive|id|ill|me|myself|mine|my", 2),
    (
        r"un (?:solo |unico )?(?:usuario|empleado|agente|companero|telefono|aparato|equipo)|una (?:sola |unica )?(?:persona|empleada|companera|extension|agente|usuaria|linea)",
        4,
    ),
    (r"uno de (?:nuestros|los|mis)|una de (?:nuestras|las|mis)", 4),
    (
        r"solo (?:yo|a mi|me|mi|el mio|la mia)|solo me pasa|me pasa solo|a mi me|se me|no me (?:entran|entra|llegan|llega|sale|salen|funciona|deja)",
        4,
    ),
    (
        r"mi (?:telefono|extension|linea|softphone|celular|buzon|cuenta|diadema|auricular|equipo|aparato|pc|computadora|correo|pin|escritorio|numero|app|contrasena|usuario)|mis (?:llamadas|mensajes)",
        4,
    ),
    (
        r"el telefono de (?:la )?(?:sala|recepcion|recepcionista|juntas|entrada|\w+ de juntas)|la extension \d+|la recepcionista",
        4,
    ),
    (r"yo|no puedo|puedo|tengo|escucho|oigo|transfiero|llamo|marco|recibo|hago|hice|uso|mi", 2),
)

# "Not all" / "no todos": several, and the words must not count as "all".
_NEGATED_ALL: Final[_Cues] = (
    (
        r"not (?:all|every|everyone|everybody|the whole|the entire) (?:of )?(?:our |the )?(?:users|people|phones|agents|staff|extensions|lines|of us)",
        5,
    ),
    (
        r"not (?:everyone|everybody|all of us|all users)|no (?:a )?tod[oa]s (?:los |las |nuestros )?(?:usuarios|agentes|telefonos|extensiones|lineas|companeros)?",
        5,
    ),
    (r"not (?:all|every) calls?|no todas las llamadas|no en todas", 3),
    (r"not just me|not only me|no solo (?:a )?(?:mi|yo)|no soy (?:el|la) unic[oa]", 3),
)

# "Everyone else is fine": a contrast that rules out the whole site.
_CONTRAST: Final = re.compile(
    r"\b(?:everyone else|everybody else|the rest|other users|others|other half|(?:first|second|ground|other) floor"
    r"|los demas|el resto|los del \w+|las demas|los otros)"
    r"(?: \w+){0,3} (?:is |are |seem |seems |esta |estan )?"
    r"(?:fine|ok|okay|good|working|works|work|unaffected|can|could|do|does|bien|funcionan|funciona|si|pueden)\b"
)

# "Everyone else has it", "a nadie más le pasa": the others are the contrast.
_ELSE: Final = re.compile(
    r"\b(?:everyone else|everybody else|nobody else|no one else|anyone else|anybody else"
    r"|all the others|the others|the rest of (?:us|the \w+|my \w+|our \w+)|rest of the (?:\w+ )?(?:office|team|users|staff)"
    r"|a nadie mas|nadie mas|a los demas|los demas|las demas|al resto|el resto|a mis companeros no"
    r"|mis companeros no|a los otros|los otros)\b"
)

_WE: Final = re.compile(
    r"\b(?:we|us|our|ours|weve|wed|were having|nosotros|nuestr[oa]s?|nos|\w{2,}(?:amos|emos|imos))\b"
)
_PLURAL_DEVICE: Final = re.compile(
    r"\b(?:phones|lines|extensions|handsets|telefonos|lineas|extensiones|aparatos)\b"
)
_SINGULAR_DEVICE: Final = re.compile(
    r"\b(?:phone(?! (?:service|system|lines|numbers|company|provider|bill|outage|calls))|handset|telefono(?! de la oficina)|aparato|softphone|headset|diadema)\b"
)
_COLLECTIVE_MY: Final = re.compile(
    r"\bmy (office|team|company|users|staff|agents|employees|business|clinic|store|location|site"
    r"|people|whole|entire|organization|org|firm|customers|callers|phones|lines|numbers|reps)\b"
)
_COLLECTIVE_MI: Final = re.compile(
    r"\b(?:mi (oficina|empresa|equipo|sucursal|negocio|gente|personal|clinica|tienda|local)"
    r"|mis (usuarios|empleados|empleadas|agentes|trabajadores|telefonos|lineas|clientes|companeros))\b"
)
_COUNT: Final = re.compile(
    rf"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|dos|tres|cuatro"
    rf"|cinco|seis|siete|ocho|nueve|diez|once|doce)"
    rf" (?:of (?:our|the|my) |de (?:nuestros|nuestras|los|las|mis) )?(?:\d+ )?(?:remote |new |other |more |otros |otras |mas )?(?:{_PEOPLE})\b"
)
_COUNT_OF: Final = re.compile(
    r"\b(\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dos|tres|cuatro|cinco|seis"
    r"|siete|ocho|nueve|diez|once|doce) (?:of (?:our|the|my)|de (?:nuestros|nuestras|los|las|mis))"
    r" (?!calls|llamadas)\w+"
)
_NUMBER_WORDS: Final[Mapping[str, int]] = {
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
    r"\b([a-z]+)'s (?:desk )?(?:phone|extension|line|voicemail|handset|softphone|headset)\b",
    re.IGNORECASE,
)

_NEGATIVE_VERBS = (
    r"working|work|works|ring|ringing|rings|register|registering|registered|connect|connecting"
    r"|come through|coming through|coming in|going out|going through|go through|get through"
    r"|getting through|load|loading|receiving|receive|sending|send|getting|dialing|dial"
    r"|answering|answer|available|reachable|responding|respond|booting|boot|turn on|power on"
)

OUTAGE_CUES: Final[_Cues] = (
    (
        r"down|outage|outages|dead(?! air)|offline|out of service|no service|no dial ?tone|no tone|service lost|lost service",
        3,
    ),
    (
        r"no (?:phone|phones|lines?|calls|audio|sound|connection|connectivity|signal|inbound|outbound|incoming|outgoing|service|calling|voice)",
        3,
    ),
    (
        r"(?:cant|unable to|not able to|can no longer|cant seem to|no longer able to|wont let (?:me|us)) (?:\w+ )?(?:make|receive|place|take|get|dial|call|answer|reach|access|log ?in|login|connect|send|use|open|check|register|ring)",
        3,
    ),
    (
        rf"(?:not|isnt|arent|wont|doesnt|dont|didnt|never|nor|stopped) (?:\w+ )?(?:{_NEGATIVE_VERBS})",
        3,
    ),
    (
        r"fail|fails|failing|failed|failure|fast busy|busy signal|all circuits are busy|not in service|unregistered|unreachable",
        3,
    ),
    (
        r"stopped working|broken|nothing works|nothing is working|lost (?:the ability|all|our|dial tone|connection|service|phones|the phones)",
        3,
    ),
    (
        r"(?:is|are|has|have|got) (?:\w+ )?(?:gone|deleted|wiped|disappeared)|blank screen|no power|wont (?:turn|power|boot) on",
        3,
    ),
    (
        r"(?:nobody|no one|none of (?:\w+ ){0,3}|not a single \w+) (?:\w+ ){0,6}(?:can|could|is able|are able|works?|rings?|ringing|has|have|gets?|is getting|are getting|is receiving|are receiving|received|are in|is in)",
        3,
    ),
    (
        r"service (?:was |has been |is )?(?:disconnected|suspended|cut off)|disconnected (?:our|the) (?:service|line|lines)",
        3,
    ),
    (r"none of|nobody|no one|nobodys|noones", 2),
    (r"(?:not|isnt|arent|wont|doesnt|dont|didnt|cant|never|havent|hasnt) (?:\w+ )?\w+|no \w+", 2),
    (
        r"unavailable|not available|no disponible|no existe|does not exist|doesnt exist|404|500|503|no (?:se )?puede completar",
        3,
    ),
    (
        r"(?:no se escucha|no escucho|no oigo|no se oye|no se oyen|cant hear|hear) (?:absolutely )?(?:nada|anything|nothing)|no audio|sin audio|dead silence",
        4,
    ),
    (r"no (?:esta|estan|estamos|estoy) (?:\w+ )?\w+(?:ando|iendo)", 3),
    (
        r"dejo de (?:funcionar|servir)|dejaron de (?:funcionar|servir)|ya no (?:funciona|funcionan|sirve|sirven)|caid[oa]s?|se cayo|se cayeron|se cae todo|muert[oa]s?|fuera de servicio|incomunicad[oa]s?|falla total|caida total",
        3,
    ),
    (
        r"no (?:envia|envian|manda|mandan|carga|cargan|abre|abren|funciona|funcionan|sirve|sirven|jala|jalan|registra|registran|conecta|conectan|suena|suenan|timbra|timbran|entra|entran|sale|salen|llega|llegan|recibe|reciben|recibo|recibimos|marca|marcan)",
        3,
    ),
    (
        r"no (?:se|me|nos|le|les) (?:registra|registran|conecta|conectan|entra|entran|llega|llegan|sale|salen|guarda|guardan|funciona|funcionan)",
        3,
    ),
    (
        r"no (?:hay|tengo|tenemos|tiene|tienen) (?:\w+ )?(?:servicio|tono|linea|lineas|llamadas|telefonos|telefonia|senal|conexion|audio|sonido|internet)",
        3,
    ),
    (
        r"sin (?:servicio|tono|linea|lineas|telefonos|telefonia|llamadas|conexion|audio|sonido|poder|internet|red)",
        3,
    ),
    (
        r"(?:suena y suena|rings and rings|rings forever|just rings|keeps ringing|rings out|ring forever|rings endlessly)",
        3,
    ),
    (
        r"no (?:me |nos |le |les |te |se |lo )?(?:puedo|podemos|pueden|puede|logro|logramos|logran|dejan?) (?:\w+ )?(?:hacer|recibir|llamar|marcar|contestar|atender|entrar|acceder|conectar|enviar|comunicar\w*|usar|abrir|registrar|localizar\w*|contactar\w*|marcar\w*|entrar|enviar|llamar\w*|hablar\w*)",
        3,
    ),
    (
        r"(?:nadie|ningun[oa]?|ninguna de (?:\w+ ){0,2}|ninguno de (?:\w+ ){0,2}) (?:\w+ ){0,6}(?:funciona|funcionan|sirve|sirven|registra|registran|tiene|tienen|puede|pueden|recibe|reciben|entra|entran|sale|salen|aparece|aparecen|marca|llama|contesta)",
        3,
    ),
    (
        r"crash|crashed|fallid[oa]s?|fallan|fallando|ocupado|no registrad[oa]s?|se borraron|se perdieron|desaparecieron|pantalla en blanco|se pierde el servicio|perdimos",
        3,
    ),
    (r"nadie|ningun[oa]?", 2),
    (r"desconectad[oa]s?", 1),
    (
        r"stopped \w+ing|dej(?:o|aron) de \w+(?:ar|er|ir)(?:se)?|stopped|gone|disappeared|desaparecio|desaparecieron|se (?:le |les |nos |me )?fue",
        3,
    ),
    (
        r"zero calls|no calls|not a single call|not one call|no (?:inbound|incoming|outbound) calls|sitting idle|idle"
        r"|ni una (?:sola )?llamada|ninguna llamada|cero llamadas|sin registro|sin registrar",
        3,
    ),
    (
        r"(?:se (?:nos |me |les )?)?(?:cae|caen|cayo|cayeron) (?:\w+ ){0,2}(?:telefonos?|sistema|lineas?|centralita|conmutador"
        r"|servicio|troncal|circuito|red|internet|planta|anexos?|internos?)"
        r"|(?:telefonos?|sistema|lineas?|centralita|conmutador|servicio|troncal|circuito|anexos?|internos?)"
        r" (?:\w+ )?se (?:nos |me |les )?(?:cae|caen|cayo|cayeron)",
        5,
    ),
)

DEGRADED_CUES: Final[_Cues] = (
    (r"missing|faltan?|incomplet\w*", 3),
    (
        r"(?:muestra|muestran|aparece|aparecen|sale|salen|shows?|showing|appears?|appearing) (?:\w+ ){0,3}"
        r"(?:offline|away|desconectad\w*|ausentes?|disponibles?|ocupad[oa]s?)",
        5,
    ),
    (
        r"drop|drops|dropped|dropping|disconnect|disconnects|disconnected|disconnecting|cut out|cuts out|cutting out|cut off|cuts off|cutting off|cutting",
        3,
    ),
    (
        r"choppy|garbled|robotic|static|echo|echoing|jitter|latency|lag|laggy|delay|delays|delayed|breaking up|crackl\w*|distorted|noise|noisy|buzzing|hum|humming",
        3,
    ),
    (
        r"one way audio|one sided audio|(?:cant|cannot|unable to|not able to|could not|cant seem to) hear|hear (?:nothing|only)|they cant hear|cant hear (?:us|me|them)",
        3,
    ),
    (
        r"(?:bad|poor|terrible|horrible|awful|low|crappy|lousy) (?:call |audio |voice |sound )?quality|quality|slow|sluggish|keeps|keep (?:dropping|cutting|disconnecting|rebooting|getting|happening|failing)|constantly",
        3,
    ),
    (
        r"wrong|incorrect|incorrectly|stuck|not (?:showing|updating|displaying|accurate|correct|correctly)|doesnt (?:show|update|display)|twice|duplicate",
        3,
    ),
    (
        r"rebooting|reboots|restarting|restarts|loud|dead air|silence|wont (?:turn off|go off|clear|stop)|(?:is |isnt |not )accepted|calls get missed|missing calls",
        3,
    ),
    (
        r"(?:go|goes|going|went|sent|roll|rolls|rolling) (?:straight |directly |right )?to voicemail",
        3,
    ),
    (
        r"(?:show|shows|showing|appear|appears|appearing|display|displays) (?:up )?(?:\w+ ){0,2}as",
        5,
    ),
    (r"shows|showing|displays|displaying|says", 2),
    (r"problem|problems|issue|issues|trouble|glitch\w*|weird|strange|odd|not great|unstable", 1),
    (
        r"error|errors|crashes|crashing|freez\w*|frozen|hangs|congela\w*|se traba\w*|trabad[oa]s?|atorad[oa]s?|se quedo|se quedaron|se queda pegad[oa]",
        3,
    ),
    (
        r"se (?:me |le |nos |les )?(?:corta|cortan|cae|caen)|cortan|cortes?|entrecortad\w*|eco|ruido|estatica|robotic\w*|retrasos?|demora|lent[oa]s?|lentisim[oa]",
        3,
    ),
    (
        r"mala calidad|pesima|calidad|no (?:se )?(?:escucha|escuchan|oye|oyen)|no (?:me|nos|le|les|te) (?:escucha|escuchan|oyen|oye)|no escucho|no (?:puedo|podemos|pueden|puede) (?:escuchar|oir|ver)|un solo lado|una (?:sola )?direccion",
        3,
    ),
    (
        r"mal|equivocad\w*|incorrect\w*|no se (?:muestra|muestran|actualiza|actualizan|apaga|ve|ven)|se queda(?:n)? (?:en silencio|pegad\w*|trabad\w*)|silencio",
        3,
    ),
    (
        r"pierden? (?:las )?llamadas|se pierden (?:las )?llamadas|se reinicia\w*|dos veces|se van (?:directo |directamente )?al buzon",
        3,
    ),
    (r"(?:sale|salen|aparece|aparecen|muestra|muestran) (?:\w+ ){0,2}como", 5),
    (r"problemas?|falla|fallas|detalle|raro", 1),
)

INTERMITTENT_CUES: Final[_Cues] = (
    (
        r"only (?:the )?(?:first|one|some|a few|half)|not (?:all|every) (?:of )?(?:the )?(?:phones|lines|calls|members|numbers)"
        r"|solo (?:suena|timbra|funciona|entra|sale)n? (?:el|la|los|las|uno|una)|no (?:\w+ ){0,2}en todos"
        r"|(?:local|internal|domestic|landline|landlines|mobile|cell|long distance|international) (?:calls )?(?:work|works|are fine|is fine|are ok|still work)"
        r"|(?:las )?(?:locales|internas|nacionales|a fijos|fijos|a celulares) (?:si|funcionan|estan bien)",
        5,
    ),
    (
        r"intermittent|intermittently|sometimes|some times|occasionally|random|randomly|at times|on and off|off and on",
        5,
    ),
    (
        r"every (?:few|now|so|other)|from time to time|half (?:of )?(?:the |their |our |my )?(?:time|calls)|now and then",
        5,
    ),
    (
        r"(?:calls?|llamadas?) (?:\w+ ){0,2}(?:to|from|a|hacia|desde|de) (?:some |certain |algunos |ciertos )?(?:canada|mexico|international|internacional\w*|overseas|long distance|larga distancia|cell|cells|cellphones?|mobiles?|mobile numbers|celulares?|moviles?|usa|us|eeuu|estados unidos|uk|europe|europa|certain numbers|ciertos numeros|some numbers|algunos numeros)",
        5,
    ),
    (r"features?|funcion|funcionalidad|boton|button|call park|park|parqueo", 5),
    (
        r"(?:call )?transfers|transferring|transferred calls|calls transferred|transferid[oa]s|when (?:i|we) transfer|al transferir|transferencias?|cuando transfiero|cuando transferimos",
        5,
    ),
    (
        r"some calls|certain calls|a few calls|a lot of calls|lots of calls|many calls|most calls|not all calls|\d+ (?:in|out of) \d+",
        5,
    ),
    (
        r"after (?:about |around )?\d+ (?:seconds|secs|sec|minutes|mins|min)|mid ?call|middle of (?:a |the )?calls?|partial",
        5,
    ),
    (
        r"a veces|intermitente\w*|intermitencia|de vez en cuando|aleatori\w*|a ratos|algunas llamadas|muchas llamadas|varias llamadas",
        5,
    ),
    (
        r"no todas|una de cada|cada (?:pocos|tanto|rato|\d+)|a los (?:pocos|\d+) (?:minutos|segundos)|despues de \d+ (?:segundos|minutos)|a mitad de",
        5,
    ),
)

COSMETIC_CUES: Final[_Cues] = (
    (
        r"wrong name|misspelled name|nombre (?:equivocado|incorrecto|mal escrito)|un nombre que no es|name is wrong",
        4,
    ),
    (
        r"(?:name|nombre|screen|pantalla|display) (?:\w+ ){0,6}(?:instead of|en vez de|en lugar de)"
        r"|(?:shows|says|displays|sale|aparece|dice|muestra) (?:\w+ ){0,4}(?:instead of|en vez de|en lugar de)"
        r"|too (?:quiet|loud|soft)|muy (?:bajo|baja|alto|alta|fuerte|despacio)",
        4,
    ),
    (
        r"logo|logos|typo|typos|misspell\w*|spelling|spelled wrong|font|fonts|colou?rs?|misaligned|alignment|layout|cosmetic",
        4,
    ),
    (
        r"looks? (?:off|weird|wrong|funny|strange|odd|bad|ugly|broken|blurry)|blurry|pixelated|icons?|header|truncated|cut off text",
        4,
    ),
    (
        r"colores|color|ortografia|mal escrit[oa]|logotipo|letras? (?:muy )?(?:pequen[oa]s?|grandes?|chic[oa]s?)|tipografia|desalinead\w*|borros\w*|iconos?|encabezado|estetic\w*|cosmetic\w*",
        4,
    ),
    (r"se ven? (?:raro|rara|mal|fe[oa]|distint[oa]|chueco)", 4),
)

ENHANCEMENT_CUES: Final[_Cues] = (
    (
        r"a feature (?:where|that|to)|any plans|on the roadmap|plans to (?:add|support)|(?:id|wed|we would|i would) love|tienen previsto|tienen planeado",
        4,
    ),
    (
        r"feature request|(?:would|itd|it d|wouldnt it) be (?:really |very |so |super |extremely |more )?(?:nice|great|good|helpful|awesome|cool|useful|handy)|be (?:really |very |so )?(?:nice|great|useful|helpful|handy) (?:if|to have)|it would be great|wish (?:list|we could|you|there was)",
        4,
    ),
    (
        r"suggestion|suggest|enhancement|improvement|roadmap|dark mode|would love|would like (?:the ability|an option|a feature|to be able)",
        4,
    ),
    (
        r"(?:any chance|could you|can you|please|pls) (?:\w+ )?(?:add|build|support|offer|implement) (?:a |an )?(?:feature|option|ability|support|integration|way)",
        4,
    ),
    (
        r"add (?:\w+ )?support (?:for|to)|(?:we|i)d (?:love|like) (?:to have|the ability|an option|a way|it if)|(?:add|want|need|like|love|have|give us) (?:the |an |a )?(?:ability|option) to",
        4,
    ),
    (
        r"sugerencia|sugiero|seria (?:muy |super |mas |bastante )?(?:bueno|genial|util|padre|excelente|ideal|practico)|estaria (?:muy |super )?(?:bien|bueno|genial|padre|util|chido|increible)|mejora",
        4,
    ),
    (
        r"(?:nos|me|le) (?:gustaria|encantaria)|nueva (?:funcion|funcionalidad|opcion)|podrian (?:agregar|anadir|incluir|implementar)",
        4,
    ),
)

HOWTO_CUES: Final[_Cues] = (
    (
        r"how (?:do|can|should|would|to|does|did) |how do i|how to|is there a way|is it possible|where (?:do|can|is|are|would) (?:i|we|the|my|you)",
        4,
    ),
    (
        r"what(?:s| is) the (?:code|number|setting|way|process|procedure|link|url|difference|best way)|can you explain|explain how|show me how",
        4,
    ),
    (
        r"instructions|tutorial|guide|walk me through|what does (?:\w+ ){1,4}mean|quick question|question",
        4,
    ),
    (
        r"como (?:puedo|podemos|hago|hacemos|se|configuro|cambio|activo|desactivo|agrego|transfiero|escucho|grabo|grabamos|me|le|reviso|veo|accedo|descargo|instalo|uso|funciona|pongo|quito|creo)",
        4,
    ),
    (
        r"hay (?:alguna )?(?:forma|manera) de|es posible|donde (?:puedo|descargo|encuentro|esta|veo|se)|(?:cual|que) es el (?:codigo|numero|procedimiento|proceso|enlace|link)|(?:cual|que) es la (?:mejor )?(?:manera|forma)",
        4,
    ),
    (
        r"que significa|que (?:tengo|hay|tenemos) que hacer|me (?:pueden|puedes|podrian) explicar|instrucciones|tutorial|manual|pregunta",
        4,
    ),
)

CHANGE_CUES: Final[_Cues] = (
    (
        r"(?:need|needs|necesita\w*) (?:\w+ ){0,2}(?:extensions?|phones|lines|numbers|licen[sc]es|extensiones|telefonos|lineas|numeros|licencias)"
        r"|hiring|new (?:people|staff|hires?)|personas nuevas|nuevas personas|nuevos empleados|contrataciones"
        r"|disconnect (?:the |our |this )?(?:old |unused |extra )?(?:\w+ )?(?:line|number)",
        4,
    ),
    (
        r"(?:cancel|cancelar|cancelen|dar de baja) (?:\w+ ){0,3}(?:licen[sc]es?|licencias?|lines?|lineas?|numbers?|numeros?|seats?|users?|usuarios?)"
        r"|(?:empleado|empleada|usuario|usuaria|numero|telefono|linea|extension|contratacion) nuev[oa]s?|new (?:starter|joiner)"
        r"|porten|portar|porting|port (?:\w+ ){0,3}numbers?",
        4,
    ),
    (
        r"(?:need|needs|want|like|request|requesting|please|pls|kindly|can you|could you|would you) (?:\w+ ){0,5}"
        r"(?:updated|changed|added|removed|set up|setup|configured|enabled|activated|disabled|turned on|turned off|created|built|deleted|renamed)"
        r"|(?:would like|want|wish|need) to (?:request|add|enable|activate|turn on|set up|get|change|update|remove)"
        r"|(?:please |pls |kindly )?(?:add|update|change|set up|configure|enable|activate|disable|create|remove|rename) (?:a |an |the |our |my |\w+ )?(?:\w+ )?(?:group|menu|routing|greeting|queue|forward\w*|user|number|extension|recording|schedule|hours|option|line|mailbox)",
        4,
    ),
    (
        r"(?:quisiera|quisieramos|queremos|quiero|necesito que|necesitamos que|nos gustaria|me gustaria|por favor|favor de|pueden|podrian|solicito|solicitamos) (?:\w+ ){0,3}"
        r"(?:activar|habilitar|desactivar|configurar|crear|agregar|anadir|cambiar|actualizar|modificar|quitar|eliminar|mover|poner|instalar|programar)"
        r"|(?:activen|habiliten|desactiven|configuren|creen|agreguen|anadan|cambien|actualicen|modifiquen|quiten|eliminen|muevan|pongan|programen)",
        4,
    ),
    (
        r"add (?:a |an |the |new |another |\d+ |some |more )*(?:users?|extensions?|lines?|numbers?|dids?|phones?|seats?|licenses?|mailbox\w*|employees?|hires?)",
        4,
    ),
    (r"add \w+ (?:\w+ )?to (?:the )?(?:\w+ )?(?:ring group|hunt group|queue|group|call group)", 4),
    (
        r"new (?:user|hire|employee|extension|number|line|did|dids|phone|seat|license|location)|need (?:\d+ )?(?:new|more|additional) ",
        4,
    ),
    (
        r"(?:remove|delete|deactivate|disable|cancel|terminate|deprovision) (?:\w+ ){0,3}(?:user|users|extension|license|line|number|account|mailbox|phone)",
        4,
    ),
    (r"port(?:ing)? (?:in|out|over|our|my|a|the|\d)|number port|porting|port request", 4),
    (
        r"(?:change|update|modify|edit|set|switch|rename|correct) (?:\w+ ){0,4}(?:forward|forwarding|name|caller id|e911|911|address|password|pin|extension|ring group|hunt group|schedule|hours|routing|auto attendant|ivr|display name)",
        4,
    ),
    (r"reset (?:\w+ ){0,3}(?:password|pin|voicemail)|password reset|locked out|unlock", 4),
    (
        r"forward (?:my|our|the|all) (?:\w+ )?(?:calls|line|number|phone) to|set up (?:an? )?(?:extension|user|forward|forwarding|line|number)",
        4,
    ),
    (
        r"moving (?:\d+ |our |the |some )?(?:phones|users|extensions|office)|move (?:\w+ ){0,2}(?:phone|phones|user|extension)|left the company|no longer with",
        4,
    ),
    (r"order (?:\w+ ){0,2}(?:phones|lines|numbers|handsets)|macd|provision\w*", 4),
    (
        r"(?:swap|replace|exchange) (?:\w+ ){0,3}(?:phone|phones|handset|headset|device)|replacement (?:phone|handset|headset)|(?:change|upgrade|downgrade) (?:\w+ ){0,2}plan|upgrade|downgrade",
        4,
    ),
    (
        r"transfer (?:\w+ ){0,2}(?:number|numbers|line|lines|did|dids) (?:\w+ ){0,5}(?:from|to|over)|(?:cambiar|reemplazar|cambien|reemplacen) (?:\w+ ){0,2}(?:telefono|aparato|diadema|plan)|telefono nuevo|otro telefono|(?:transferir|pasar) (?:\w+ ){0,2}numero",
        4,
    ),
    (
        r"(?:agregar|agreguen|agrega|agregue|anadir|anadan|dar de alta|den de alta|alta de|crear|crearle|creen|cree) (?:\w+ ){0,3}(?:usuarios?|extension|extensiones|lineas?|numeros?|buzon|telefonos?|licencias?|grupo)",
        4,
    ),
    (
        r"agreguen a \w+|nuevo (?:usuario|empleado|numero|telefono)|nueva (?:extension|linea|empleada|sucursal)|numeros nuevos|lineas nuevas",
        4,
    ),
    (
        r"(?:dar|den|de|dieran) de baja|baja de|(?:eliminar|eliminen|borrar|borren|quitar|quiten) (?:\w+ ){0,3}(?:usuario|extension|linea|numero|licencia)",
        4,
    ),
    (
        r"(?:necesito|necesitamos|queremos|quiero|quisiera|quisieramos|we need|i need|we want|i want|i would like|we would like|id like|wed like) (?:\w+ ){0,3}(?:new|nuevo|nueva|nuevos|nuevas|another|otro|otra|additional|more|mas|adicional\w*)",
        4,
    ),
    (
        r"(?:menu|auto attendant|ivr|operadora automatica|greeting|saludo|grupo|queue|cola) (?:nuev[oa]|new)|new (?:menu|auto attendant|ivr|queue|greeting|ring group|hunt group)",
        4,
    ),
    (
        r"dar de alta|den de alta|alta de|portar|portabilidad|portacion|ya no trabaja|vamos a mover|necesitamos (?:\d+ )?(?:numeros|lineas|extensiones|usuarios|licencias)",
        4,
    ),
    (
        r"(?:cambiar|cambien|cambie|actualizar|actualicen|modificar|modifiquen|mover|corregir|corrijan) (?:\w+ ){0,4}(?:desvio|reenvio|nombre|identificador|direccion|e911|contrasena|clave|pin|horario|extension|grupo|menu|telefonos)",
        4,
    ),
    (
        r"(?:restablecer|restablezcan|resetear|reseteen|reiniciar|desbloquear) (?:\w+ ){0,3}(?:contrasena|clave|pin|cuenta)|desviar (?:\w+ ){0,2}llamadas",
        4,
    ),
)

BILLING_CUES: Final[_Cues] = (
    (
        r"invoice|invoices|invoiced|billing|billed|bill|bills|charge|charges|charged|overcharg\w*|payment|payments|pay|paid|autopay",
        4,
    ),
    (
        r"refund|credit (?:us|me|back|card|memo|note)|fees?|tax|taxes|statement|past due|balance|price|pricing|costs?|quote|receipt",
        4,
    ),
    (
        r"factura\w*|cobr\w+|cargos?|pagos?|pagar|pague|reembolso|nota de credito|tarjeta de credito|saldo|tarifas?|precios?|recibo|estado de cuenta|impuestos?|cuota|cuesta|cuestan|costo|costos|coste|cotizacion|presupuesto",
        4,
    ),
)

VOICE_CUES: Final[_Cues] = (
    (
        r"call|calls|calling|called|dial|dialing|dialed|dial ?tone|dial out|audio|hear|voice|echo|choppy|static",
        2,
    ),
    (
        r"trunks?|sip|circuits?|pri|t1|toll free|800|inbound|outbound|incoming|outgoing|ring|rings|ringing|fast busy|busy signal",
        2,
    ),
    (
        r"transfer|transfers|transferring|transferred|queue|queues|acd|agents|call center|contact center|handsets?|desk ?phones?|pbx|911|dids?",
        2,
    ),
    (r"regist\w*|no service", 3),
    (
        r"(?:go|goes|going|went|sent|roll|rolls|rolling) (?:straight |directly |right )?to voicemail|se van (?:directo |directamente )?al buzon",
        5,
    ),
    (
        r"phones?|lines?|extensions?|softphone|headset|ivr|auto attendant|forward\w*|hunt group|ring group|internet",
        1,
    ),
    (
        r"llamad\w*|llamar|llamo|marcar|marco|tono|audio|escuch\w*|oye|oyen|oigo|eco|troncal\w*|circuito|enlace|numero gratuito|entrantes?|salientes?",
        2,
    ),
    (
        r"suena|suenan|timbr\w*|ocupado|transfer\w*|cola|agentes|conmutador|diadema|auricular|telefonia|comunicar\w*",
        2,
    ),
    (r"(?<!mensajes de )(?<!mensaje de )(?<!buzon de )(?<!correo de )voz", 2),
    (r"telefon\w*|lineas?|extension|extensiones|softphone", 1),
)

OTHER_CUES: Final[_Cues] = (
    (
        r"call (?:history|logs?|reports?|detail records?|notifications?|analytics|records)|missed call notifications?"
        r"|(?:on )?hold music|music on hold|historial(?: de llamadas)?|notificaciones|registro de llamadas|musica (?:en|de) espera",
        4,
    ),
    (
        r"voicemails?|voice ?mail|mailbox|message waiting|mwi|presence|sms|texts?|texting|text messages?|fax|faxes|faxing|efax",
        3,
    ),
    (
        r"call recordings?|recordings|recorded calls|recording (?:of|page|feature|storage)|reports?|analytics|portal|web ?ui|dashboard|admin|website|login|log in|logo|greeting|pin",
        3,
    ),
    (
        r"(?:show|shows|showing|display|displays|appear|appears) (?:up )?as (?:unknown|anonymous|private|restricted|our|the|a|spam|scam|potential)|(?:flagged|marked|labeled|labelled|showing up) (?:as )?(?:spam|scam|fraud|potential spam)|spam likely|scam likely",
        5,
    ),
    (
        r"caller ?id|callerid|cnam|display name|identificador(?: de llamadas)?|(?:teams|jabber|webex|skype) (?:status|presence)|(?:estado|presencia) (?:en|de) (?:teams|jabber|webex|skype)",
        5,
    ),
    (
        r"(?:show|shows|showing|appear|appears|display|displays|aparece|aparecen|sale|salen|muestra|muestran) (?:\w+ ){0,2}(?:as|como) (?:offline|online|available|away|busy|desconectad\w*|disponibles?|ausentes?|ocupad[oa]s?|en linea)",
        5,
    ),
    (
        r"status|emails?|contacts?|directory|teams status|light|lights|lamp|lamps|indicator|password",
        2,
    ),
    (r"app|apps|desktop app|mobile app|jabber|aplicacion", 1),
    (
        r"buzon\w*|mensajes? de voz|correo de voz|mensaje en espera|luz de mensaje|foco de mensajes|presencia|mensajes de texto|fax\w*|grabacion\w*",
        3,
    ),
    (r"reportes?|informes?|portal|panel|logo|(?:el|del|mi|nuestro|nuevo|un nuevo) saludo|pin", 3),
    (
        r"(?:sale|salen|aparece|aparecen) como (?:desconocido|anonimo|privado|restringido|el|la|nuestra|nuestro)",
        5,
    ),
    (
        r"luz|luces|lucecita|lucesita|foco|focos|estado(?! de cuenta)|correos?|contactos|nombre|pagina|contrasena",
        2,
    ),
)

# Placing, receiving, hearing or keeping a call: the critical service itself.
_CALL_FAULT: Final = re.compile(
    r"\b(?:(?:make|place|receive|take|get|answer) (?:any |outbound |inbound |incoming |outgoing |external |the |our |their )?calls"
    r"|(?:drop|drops|dropped|dropping|disconnects?|cuts? out) (?:\w+ )?calls?|calls? (?:\w+ ){0,2}(?:drop|drops|dropping|dropped|disconnect\w*|cut out|cutting out|fail\w*)"
    r"|one ?way audio|cant hear (?:me|us|them|the caller|callers|customers)|hear (?:me|us)"
    r"|(?:hacer|recibir|realizar|atender|contestar|sacar) (?:\w+ )?llamadas|llamadas? (?:\w+ ){0,2}(?:se cortan|se caen|fallan|cortad\w*)"
    r"|se (?:me |le |nos |les )?(?:corta|cortan|cae|caen) (?:la |las )?llamadas?|audio en (?:una sola|un solo) (?:via|sentido|direccion)"
    r"|no (?:me |nos |le |les |los |la )?(?:escucha|escuchan|oye|oyen))\b"
)
# Every call fails the same way: a total loss, not a degradation.
_EVERY_CALL: Final = re.compile(
    r"(?<!not )(?<!no )\b(?:every (?:single )?call|all (?:the |our |incoming |inbound |outbound |outgoing )?calls|each call"
    r"|todas las llamadas|cada llamada|every time|siempre)\b"
)
_FAILS_WHOLE: Final = re.compile(
    r"\b(?:dead air|silence|silencio|disconnect\w*|hang up|hangs up|cuelga\w*|se corta\w*|fail\w*|fall\w*|busy|ocupado"
    r"|not in service|no existe|no esta en servicio|no audio|sin audio)\b"
)

# "The calls themselves are fine": the fault is in a feature, not in calling.
_CALLS_FINE: Final = re.compile(
    r"\b(?:calls? (?:themselves |itself )?(?:are|is|still|seem|connect)\w* (?:\w+ )?(?:fine|ok|okay|good|working|connect\w*)"
    r"|(?:the|our) calls (?:still )?(?:connect|work|go through)|las llamadas (?:si |en si )?(?:funcionan|conectan|entran|salen|estan bien)"
    r"|las llamadas si)\b"
)

_PER_USER_FEATURE: Final = re.compile(
    r"\b(?:voicemail|voice mail|mailbox|message waiting|mwi|light|lamp|presence|jabber|softphone|headset"
    r"|greeting|pin|buzon|luz|foco|presencia|saludo|diadema|mensajes de voz)\b"
)

# Features an account shares (a fault there reaches everyone), as opposed to
# a user's own voicemail or presence.
_ACCOUNT_FEATURE: Final = re.compile(
    r"\b(?:reports?|reportes?|informes?|analytics|dashboard|recordings|grabaciones|call recording"
    r"|portal|web ?ui|website|pagina|fax server|fax line|main fax|servidor de fax|linea de fax)\b"
)
# Signing in is something a person does: a login fault is theirs until told otherwise.
_PERSONAL_ACCESS: Final = re.compile(
    r"\b(?:log ?in|login|logon|sign in|signin|password|credentials|contrasena|iniciar sesion"
    r"|inicio de sesion|acceder|entrar)\b"
)
# "I can't hear anyone": the person is the object, not who is affected.
_OBJECT_NOBODY: Final = re.compile(
    r"\b(?:hear|reach|call|see|contact|escucho|oigo|veo|llamar|contactar|escuchar|oir|localizar"
    r"|localizo) (?:a )?(?:anyone|anybody|nobody|no one|nadie)\b"
)

_CLAIM_NUMERIC: Final = re.compile(
    r"\b(p|prio|priority|prioridad|sev|severity|severidad)\s*[-:#=]?\s*([0-5])\b(?!\s*(?:of|de|users?|usuarios?))",
    re.IGNORECASE,
)
_CLAIM_WORDS: Final = re.compile(
    r"\b(urgent|urgently|urgente|urge|emergency|emergencia|asap|critical|critico|critica|911 emergency)\b"
)


# --------------------------------------------------------------------------
# Compilation (once per cue table; plans' extra keywords are cached too)
# --------------------------------------------------------------------------

_Compiled = tuple[tuple[re.Pattern[str], float], ...]


def _compile(cues: Iterable[tuple[str, float]]) -> _Compiled:
    return tuple((re.compile(rf"\b(?:{pattern})\b"), weight) for pattern, weight in cues)


_TABLES: Final[Mapping[str, _Compiled]] = {
    "site": _compile(SITE_CUES),
    "several": _compile(SEVERAL_CUES),
    "one": _compile(ONE_CUES),
    "negated_all": _compile(_NEGATED_ALL),
    "outage": _compile(OUTAGE_CUES),
    "degraded": _compile(DEGRADED_CUES),
    "intermittent": _compile(INTERMITTENT_CUES),
    "cosmetic": _compile(COSMETIC_CUES),
    "enhancement": _compile(ENHANCEMENT_CUES),
    "howto": _compile(HOWTO_CUES),
    "change": _compile(CHANGE_CUES),
    "billing": _compile(BILLING_CUES),
    "voice": _compile(VOICE_CUES),
    "other": _compile(OTHER_CUES),
}

_ALL_CUES: Final = (
    SITE_CUES, SEVERAL_CUES, ONE_CUES, OUTAGE_CUES, DEGRADED_CUES, INTERMITTENT_CUES,
    COSMETIC_CUES, ENHANCEMENT_CUES, HOWTO_CUES, CHANGE_CUES, BILLING_CUES, VOICE_CUES,
    OTHER_CUES,
)  # fmt: skip

# Words worth correcting a typo towards: every literal word of five letters or
# more in the cue tables.
_VOCAB: Final[frozenset[str]] = frozenset(
    word
    for table in _ALL_CUES
    for pattern, _ in table
    for word in re.findall(r"(?<![\\a-z])[a-z]{5,}(?![a-z\\(])", pattern)
)
_VOCAB_BY_INITIAL: Final[Mapping[str, tuple[str, ...]]] = {
    initial: tuple(sorted(w for w in _VOCAB if w[0] == initial))
    for initial in {w[0] for w in _VOCAB}
}


# Common words a one-letter edit away from a cue word: never "corrected".
_KEEP: Final[frozenset[str]] = frozenset(_NUMBER_WORDS) | frozenset(
    "three there their where which about after other others these those seven eight"
    " thirty forty fifty sixty today night right since still start state"
    " nueve quince veinte treinta todos todas otros otras desde hasta entre nuestra nuestro"
    " salto llena ahora antes luego mismo misma".split()
)


@lru_cache(maxsize=4096)
def _correct(token: str) -> str:
    if len(token) < 5 or token in _VOCAB or token in _KEEP or not token.isalpha():
        return token
    # An edit at the very end is usually another word form (today/todas,
    # saludos/saludo), not a typo: only correct inside the word.
    for word in _VOCAB_BY_INITIAL.get(token[0], ()):
        # A one-letter swap in a five-letter word is as often another word
        # (salto/saldo, llena/llega) as a typo: only lengths and orders differ.
        if len(token) == len(word) == 5 and sorted(token) != sorted(word):
            continue
        position = _one_edit_at(token, word)
        if 0 < position < min(len(token), len(word)) - 1:
            return word
    return token


# A capitalised word inside a sentence is a name (Boston, Reforma): never a typo.
_NAME_WORD: Final = re.compile(r"(?<![.!?:\n]\s)(?<!^)\b([A-Z][a-z\u00e0-\u00ff]{3,})\b")


def _proper_names(text: str) -> frozenset[str]:
    if text.upper() == text:
        return frozenset()
    return frozenset(_basic(m.group(1)) for m in _NAME_WORD.finditer(text.strip()))


@lru_cache(maxsize=64)
def _compile_extra(items: tuple[tuple[str, tuple[str, ...]], ...]) -> Mapping[str, _Compiled]:
    known = set(SERVICES) | set(IMPACTS) | set(SCOPES)
    out: dict[str, _Compiled] = {}
    for key, words in items:
        if key not in known:
            raise ValueError(f"extra_keywords: unknown key {key!r}")
        phrases = [re.escape(_basic(w)) for w in words if _basic(w)]
        if phrases:
            out[key] = _compile((p, 4.0) for p in phrases)
    return out


def _normalise(text: str, lang: str | None) -> str:
    s = _basic(text)
    names = _proper_names(text)
    tokens = s.split()
    spanish = lang == "es" or (lang is None and _looks_spanish(tokens))
    out: list[str] = []
    for tok in tokens:
        mapped = _SMS.get(tok)
        if mapped is not None and (spanish or tok not in {"q", "k", "d", "x", "tb", "tmb"}):
            out.append(mapped)
        else:
            out.append(tok if tok in names else _correct(tok))
    s = " ".join(out)
    s = s.replace("can not", "cant").replace("no one way", "no one-way")
    return s


_SPANISH_HINTS: Final = frozenset(
    "el la los las que de del no y en por para con mi mis nos se llamadas telefono hola"
    " esta estan funciona tenemos puedo nadie".split()
)


def _looks_spanish(tokens: Sequence[str]) -> bool:
    return sum(t in _SPANISH_HINTS for t in tokens) >= max(1, len(tokens) // 6)


def _score(text: str, table: _Compiled) -> float:
    return sum(weight for pattern, weight in table if pattern.search(text))


# --------------------------------------------------------------------------
# assess
# --------------------------------------------------------------------------


def _claim(text: str) -> tuple[str | None, str]:
    """The customer's claimed priority, and the text without numeric claims."""
    claim: str | None = None
    match = _CLAIM_NUMERIC.search(text)
    if match:
        word = match.group(1).lower()
        prefix = "SEV" if word.startswith("sev") else "P"
        claim = f"{prefix}{match.group(2)}"
        text = _CLAIM_NUMERIC.sub(" ", text)
    if claim is None:
        word_match = _CLAIM_WORDS.search(_strip_accents(text).lower())
        if word_match:
            claim = "urgent"
    return claim, text


def _scope(
    text: str, raw: str, service_hint: str | None
) -> tuple[str | None, float, tuple[str, ...]]:
    text = _COLLECTIVE_MY.sub(r"our \1", text)
    text = _COLLECTIVE_MI.sub(lambda m: "nuestros " + (m.group(1) or m.group(2)), text)
    text = _TIME_PHRASES.sub(" ", text)
    text = _OBJECT_NOBODY.sub(" ", text)
    scores = {"site": 0.0, "several": 0.0, "one": 0.0}

    for pattern, weight in _TABLES["negated_all"]:
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

    counted = {m.start() for m in _COUNT.finditer(text)}
    for match in _COUNT_OF.finditer(text):
        if match.start() not in counted and not re.search(
            r"\b(?:all|todos|todas|tod[oa]s l[oa]s)\s*$",
            text[max(0, match.start() - 12) : match.start()],
        ):
            scores["several"] += 4
    for match in _COUNT.finditer(text):
        before = text[max(0, match.start() - 16) : match.start()]
        if re.search(
            r"\b(?:all|none of|any of|todos|todas|ninguno|ninguna)\b(?: \w+){0,2} $", before
        ):
            continue
        word = match.group(1)
        number = int(word) if word.isdigit() else _NUMBER_WORDS.get(word, 0)
        if number == 1:
            scores["one"] += 4
        elif number >= 2:
            scores["several"] += 4

    for scope in SCOPES:
        scores[scope] += _score(text, _TABLES[scope])

    name = _NAME_POSSESSIVE.search(raw)
    if name and name.group(1).lower() not in _NOT_NAMES:
        scores["one"] += 4

    we = min(len(_WE.findall(text)), 2)
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


def assess(
    text: str,
    *,
    lang: str | None = None,
    extra_keywords: Mapping[str, Sequence[str]] | None = None,
) -> Assessment:
    """Estimate impact, scope and service of a customer's message."""
    claimed, stripped = _claim(text)
    stripped = re.sub(r"\bBill(?='s\b)", "Someone", stripped)  # the name, not an invoice
    norm = _normalise(stripped, lang)
    extra = _compile_extra(tuple(sorted((k, tuple(v)) for k, v in (extra_keywords or {}).items())))

    def score(name: str) -> float:
        value = _score(norm, _TABLES[name])
        if name in extra:
            value += _score(norm, extra[name])
        return value

    outage = score("outage")
    degraded = score("degraded")
    intermittent = _score(norm, _TABLES["intermittent"])
    voice = score("voice")
    other = score("other")
    if _CALL_FAULT.search(norm):
        voice += 3
    if _CALLS_FINE.search(norm):
        voice = max(0.0, voice - 6)
    if intermittent < 5 and _EVERY_CALL.search(norm) and _FAILS_WHOLE.search(norm):
        outage = max(outage + 4, degraded + 1)
    problem = max(outage, degraded + intermittent)

    impact: str | None
    service: str | None
    strength: float
    if score("cosmetic") >= 4 and outage < 3 and score("howto") < 4:
        impact, strength = "cosmetic", 0.8
        service = "voice" if voice > other + 2 else "other"
    elif score("enhancement") >= 4:
        impact, strength = "enhancement", 0.8
        service = "voice" if voice > other + 2 else "other"
    elif score("howto") >= 4 and problem < 3:
        impact, service, strength = "question", "howto", 0.8
    elif score("billing") >= 4 and not (problem >= 3 and voice + other >= 4):
        impact, service, strength = "question", "billing", 0.85
    elif score("change") >= 4 and problem < 3:
        impact, service, strength = "question", "change", 0.8
    elif problem > 0:
        if intermittent >= 5 or degraded > outage:
            impact = "degraded"
        else:
            impact = "outage"
        strength = min(1.0, problem / 6) * 0.5 + 0.45
        if voice == 0 and other == 0:
            service = None
        else:
            service = "other" if other > voice else "voice"
    elif "?" in norm and problem == 0:
        # A question without any sign of a fault is a how-to question.
        impact, service, strength = "question", "howto", 0.6
    else:
        impact, strength = None, 0.3
        if voice or other:
            service = "other" if other > voice else "voice"
        else:
            service = None

    for key in IMPACTS:
        if key in extra and _score(norm, extra[key]) > 0:
            impact, strength = key, max(strength, 0.8)

    scope, scope_conf, options = _scope(norm, stripped, service)
    for key in SCOPES:
        if key in extra and _score(norm, extra[key]) > 0:
            scope, scope_conf, options = key, 0.9, (key,)

    service_conf = (
        0.9
        if service in ("billing", "howto", "change")
        else (min(1.0, 0.4 + 0.15 * abs(voice - other)) if service else 0.2)
    )
    confidence = round(0.45 * strength + 0.25 * service_conf + 0.3 * scope_conf, 2)
    return Assessment(
        impact=impact,
        scope=scope,
        service=service,
        confidence=confidence,
        scope_confidence=scope_conf,
        claimed_priority=claimed,
        scope_options=options,
    )


# --------------------------------------------------------------------------
# decide
# --------------------------------------------------------------------------


def _matches(rule: Rule, impact: str, scope: str, service: str) -> bool:
    return (
        rule.impact in ("*", impact)
        and rule.scope in ("*", scope)
        and rule.service in ("*", service)
    )


def _lookup(rules: Sequence[Rule], impact: str, scope: str, service: str, default: str) -> str:
    for rule in rules:
        if _matches(rule, impact, scope, service):
            return rule.priority
    return default


def _severity_rank(priority: str, rules: Sequence[Rule], default: str) -> tuple[int, int]:
    """Lower = more severe: by the digit in the name (P0 < P1), else table order."""
    digits = re.search(r"\d+", priority)
    order = [r.priority for r in rules] + [default]
    position = order.index(priority) if priority in order else len(order)
    return (int(digits.group()) if digits else 1000, position)


def _plausible(assessment: Assessment) -> tuple[str, str]:
    service = assessment.service
    impact = assessment.impact
    if impact is None:
        impact = "question" if service in ("billing", "howto", "change") else "degraded"
    if service is None:
        if impact in ("outage", "degraded"):
            service = "voice"
        elif impact == "question":
            service = "howto"
        else:
            service = "other"
    return impact, service


def decide(assessment: Assessment, rules: Sequence[Rule], *, default: str) -> Decision:
    """Map an assessment through a plan's rules (first match wins)."""
    impact, service = _plausible(assessment)
    if assessment.scope is not None and assessment.scope_options:
        options = assessment.scope_options
    elif assessment.scope is not None and assessment.scope_confidence >= _SCOPE_SURE:
        options = (assessment.scope,)
    else:
        options = SCOPES
    by_scope = {scope: _lookup(rules, impact, scope, service, default) for scope in options}
    candidates = tuple(
        sorted(set(by_scope.values()), key=lambda p: _severity_rank(p, rules, default))
    )
    if len(candidates) == 1:
        return Decision(candidates[0], assessment, False, candidates)
    likely = assessment.scope if assessment.scope in by_scope else "several"
    if likely not in by_scope:
        likely = options[0]
    priority = by_scope[likely]
    # Until the customer answers, an outage that may be site-wide is held at
    # the most severe candidate: under-rating a site outage is the costly error.
    if impact == "outage" and "site" in by_scope:
        priority = candidates[0]
    return Decision(priority, assessment, True, candidates)


def with_scope(assessment: Assessment, scope: str) -> Assessment:
    """The assessment once the customer has answered the scope question."""
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}; expected one of {SCOPES}")
    return replace(assessment, scope=scope, scope_confidence=1.0, scope_options=(scope,))


def classify(
    text: str,
    *,
    rules: Sequence[Rule],
    default: str,
    lang: str | None = None,
    extra_keywords: Mapping[str, Sequence[str]] | None = None,
) -> Decision:
    """assess + decide."""
    return decide(assess(text, lang=lang, extra_keywords=extra_keywords), rules, default=default)
