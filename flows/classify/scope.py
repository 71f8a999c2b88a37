"""Scope cues (whole site, several users, one user) and `scope_of`, which weighs them."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from itertools import islice
from typing import Final

from domain.dimensions import SCOPES
from flows.classify.cues import Compiled, Cues, compile_cues, gated, weigh, word_starts

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

_PEOPLE = (
    r"users?|agents?|people|persons?|employees?|staff|phones?|extensions?|lines?|handsets?"
    r"|reps?|seats?|desks?|devices?|folks|colleagues?|coworkers?|usuari[oa]s?|agentes?"
    r"|personas?|emplead[oa]s?|telefonos?|extensiones|extension|lineas?|companer[oa]s?"
    r"|trabajador[ae]s?|equipos|ejecutiv[oa]s?|operador[ae]s?|asesor[ae]s?"
    r"|nurses|doctors|teachers|guys|enfermer[oa]s|maestr[oa]s|chic[oa]s"  # Round 22
)
_PLACE = (
    r"office|site|company|building|location|branch|business|organization|org|clinic|store"
    r"|practice|firm|shop|school|warehouse|hq|headquarters|campus|call center|contact center"
    r"|team|staff|floor|plant|factory|depot"
)
_PLACE_ES = (
    r"oficina|sitio|empresa|sede|edificio|sucursal|compania|organizacion|planta|call center"
    r"|centro de llamadas|clinica|tienda|negocio|local|corporativo|consultorio|despacho|escuela"
    r"|bodega|almacen|fabrica|nave"
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
NAMES_PLACE: Final = re.compile(rf"\b(?:{_PLACE}|{_PLACE_ES})\b")

SITE_CUES: Final[Cues] = (
    (r"everyone|everybody|everyones|everybodys|todo el mundo|all of us|all of them", 4),
    (rf"every (?:single )?(?:{_PEOPLE}|one|location|site)", 4),
    (
        rf"all (?:of )?(?:our |the |my |these |those )?(?:\d+ )?(?:{_PEOPLE}|numbers|trunks|dids|locations|sites|offices)",
        4,
    ),
    (
        rf"(?:whole|entire|complete) (?:\w+ ){{0,2}}(?:{_PLACE})|(?:{_PLACE}) ?wide|companywide|sitewide|officewide",
        4,
    ),
    (
        r"nobody|no one|none of|not a single|not one (?:desk |office )?(?:phone|handset|line|extension)|no phones?|no lines|no phone service|nothing works"
        # Round 13: "no hay ni un aparato (en la clinica) que de tono", "ni un solo telefono"
        r"|ni (?:un|un solo) (?:aparato|telefono|equipo|terminal|anexo)",
        4,
    ),
    (
        r"nothing is working|total (?:outage|loss|failure)|complete (?:outage|loss|failure)|everything",
        4,
    ),
    # Round 14: "all over the office", "throughout the building".
    (
        r"across (?:the|our|all) |at all (?:our|the) |in all (?:our|the) |all over (?:the|our) |throughout (?:the|our) ",
        4,
    ),
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
        r"(?:las|los) dos (?:sucursales|oficinas|sedes|edificios|tiendas)|ambas (?:sucursales|oficinas|sedes|tiendas)|ambos (?:edificios|locales)|ningun telefono|ni (?:un solo|una sola) (?:telefono|aparato|extension|linea|puesto|terminal)|ni (?:uno|una) sol[oa](?! (?:llamada|vez))",
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
        # Round 15: "his callers", "her callers": one person's line, not the business's.
        r"customers (?:calling|cant|are|say|trying|tell|complain|keep|report)|(?<!his )(?<!her )(?<!my )callers (?:get|hear|are getting|cant|say)",
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
    # Every number or caller of the business, or a feature for any user: the whole site.
    (
        r"(?:any|all|each) of our (?:numbers|lines|dids)|(?:for|to) (?:anybody|anyone|any user|any of us|all users)|every (?:admin|administrator|supervisor|caller)"
        r"|(?:on|in) any of them|no calls? (?:are |is )?coming in|nothing (?:is )?coming in|(?:not|arent|isnt) (?:receiving|getting) any (?:inbound |incoming )?calls"
        r"|(?:a|para) nadie|(?:a|de) nuestros numeros|en ninguno|todo el equipo|a ningun usuario|ningun usuario",
        4,
    ),
    (r"internet|red|proveedor de internet", 2),
    (r"los clientes (?:que llaman|no|nos dicen|dicen|se quejan)|quienes nos llaman", 2),
)

SEVERAL_CUES: Final[Cues] = (
    (rf"some (?:of )?(?:our |the |my |us|them)?(?:remote |new )?(?:{_PEOPLE}|of us|of them)?", 4),
    (r"several|a few|few of|multiple|various|a handful|handful of|a bunch of|bunch of", 4),
    # Round 13: a team by its number and its room ("los cinco de la trastienda", "los cuatro del
    # taller", "the five in the back office").
    (
        r"(?:los|las) (?:dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez) (?:del|de)(?! (?:la )?(?:manana|tarde|noche|madrugada)\b) (?:la )?\w+"
        r"|the (?:two|three|four|five|six|seven|eight|nine|ten) (?:in|from) the \w+"
        # "the supervisors (4 of them)", "los supervisores (son 4)": a count of a group.
        r"|(?:2|3|4|5|6|7|8|9|two|three|four|five|six|seven|eight|nine|ten) of them|(?:2|3|4|5|6|7|8|9|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez) de ellos"
        r"|(?:son|somos) (?:2|3|4|5|6|7|8|9|1[0-9]|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez)\b(?! (?:de la|del|y|en punto|horas))",
        4,
    ),
    # Round 14: a team by its count out of the whole ("three of the seven people", "four of our
    # nine staff", "cuatro de los diez empleados"), by count and room with a word between ("the
    # 3 engravers in the back room", "3 people in back office", "los 3 de almacen").
    (
        r"(?:2|3|4|5|6|7|8|9|two|three|four|five|six|seven|eight|nine|ten) of (?:the|our) (?:\d+|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)\b"
        r"|(?:2|3|4|5|6|7|8|9|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez) de (?:los|las|nuestros|nuestras) (?:\d+|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|quince|veinte)\b"
        r"|the (?:2|3|4|5|6|7|8|9) (?:(?!of )\w+ )?(?:in|from|at) the \w+|the (?:two|three|four|five|six|seven|eight|nine|ten) (?!of )\w+ (?:in|from|at) the \w+"
        r"|(?:2|3|4|5|6|7|8|9|two|three|four|five|six) (?:ppl|people|guys|staff|users) (?:in|from|at) (?:the )?\w+"
        r"|(?:los|las) (?:2|3|4|5|6|7|8|9) (?:del|de)(?! (?:la )?(?:manana|tarde|noche|madrugada)\b) (?:la )?\w+"
        # Round 17: "ocho puestos de treinta", "5 extensiones de 20".
        r"|(?:\d+|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez) (?:puestos|personas|usuarios|extensiones|telefonos|empleados|agentes|lineas|mesas|habitaciones|oficinas|cabinas)"
        r" de (?:\d+|diez|doce|quince|veinte|treinta|cuarenta|cincuenta)\b",
        4,
    ),
    (rf"(?:many|a lot|lots) (?:of )?(?:our |the |my )?(?:remote )?(?:{_PEOPLE}|us|of us)", 4),
    (
        rf"a couple (?:of )?|certain (?:{_PEOPLE})|half (?:of )?(?:the |our )?(?:{_PLACE}|{_PEOPLE})|other half"
        # Round 17: half of any kind of room or desk ("half the suites", "half our rooms").
        r"|half (?:of )?(?:the |our )?(?:\w+ )?(?:rooms|suites|desks|stations|apartments|units|cabins|classrooms|wards|beds)",
        4,
    ),
    (
        r"(?:sales|support|accounting|billing|finance|hr|marketing|service|customer service|dev|engineering|ops|front desk|collections|legal|it) (?:team|department|dept|group)"
        # Round 18: a team by its place or trade ("the warehouse team", "our night crew").
        r"|(?:the|our) (?!whole |entire |full |same |new |your )\w+ (?:team|crew)",
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
    # Round 22: a part's phones ("all the front desk phones", "all the nurse station phones").
    (
        r"all (?:of )?(?:the|our) (?:front desk|reception|nurse station|nurses station|nursing station|sales|support|billing|accounting|warehouse|call center|agent|supervisor|dispatch|team)"
        r" (?:\w+ )?(?:phones|handsets|extensions|deskphones)",
        4,
    ),
    # Round 22: a role's group named ("the support supervisors", "a los jefes de area").
    (
        r"(?:our|the) (?:support|sales|shift|floor|team|store|call center|contact center) (?:agents|reps|supervisors|managers|leads)"
        r"|(?:los|nuestros|a los) (?:jefes|supervisores|gerentes|encargados|coordinadores)",
        4,
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
    (
        r"media (?:oficina|empresa|planta|sucursal|tienda|plantilla)|medio (?:equipo|edificio|call center|piso|departamento)",
        4,
    ),
)

ONE_CUES: Final[Cues] = (
    # Round 17: one device pointed at ("no calls at all on that handset", "en ese telefono").
    (
        r"(?:on|from|to|with) (?:that|this) (?:one )?(?:handset|phone|cordless|extension|deskphone)(?!s)"
        r"|(?:en|de|desde|con) (?:ese|este) (?:telefono|aparato|inalambrico|anexo|interno)",
        4,
    ),
    # Round 10: one person said by a pronoun ("anything she dials", "he can't call out").
    (r"(?:she|he) (?:dials|calls|tries|cant|can not|cannot|can|gets|has|is|only)", 3),
    # "the front desk extension", "the guard shack phone": one named device (not "phones").
    (
        r"(?:the|our) (?:front desk|lobby|reception|kitchen|break ?room|guard shack|conference room|board ?room|dock|elevator|pharmacy|teller) (?:\w+ )?(?:phone|extension|handset|line|deskphone)(?!s)",
        4,
    ),
    (
        r"(?<!not )(?<!not a )(?:one|a|1|a single|single|only one|just one) (?:user|person|employee|agent|coworker|colleague|staff member|extension|phone|handset|line|seat)",
        4,
    ),
    # Round 12: one new person ("our new hire's phone", "el telefono de la nueva recepcionista").
    (
        r"new (?:hire|employee|starter|receptionist|agent)s? (?:\w+ )?(?:phone|handset|deskphone|softphone)|(?:phone|handset) (?:\w+ ){0,2}(?:our |the |a )?new (?:hire|employee|starter|receptionist|agent)"
        r"|(?:telefono|aparato|extension) (?:\w+ ){0,2}(?:nuev[oa]|recien llegad[oa]) (?:empleado|empleada|recepcionista|companer[oa]|agente|becari[oa]|vendedor[a]?)",
        4,
    ),
    (
        rf"(?<!not )one (?:of )?(?:our |the |my )?(?:{_PEOPLE})|one of (?:our|the|my) (?:\w+ )?\w+",
        4,
    ),
    (
        r"(?:his|her) (?:\w+ )?(?:phone|extension|line|voicemail|handset|softphone|headset|yealink|polycom|cisco|computer|laptop)",
        4,
    ),
    (
        r"(?:the |a |our )?(?:fax|fax machine|phone|handset|printer) (?:in|at|on|by) (?!(?:the |my )?(?:office|site|building|company|location|branch|whole|entire|store|clinic|warehouse|plant|factory|depot|shop|floor)\b)(?:the |my )?\w+|(?:el|la|ese|este) (?:fax|telefono|fijo|aparato|impresora|softphone|celular|movil|inalambrico|dect|anexo|interno|extension|diadema|terminal) (?:de (?:la |el )?|del )\w+",
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
        r"my (?:own )?(?:desk )?(?:phone|extension|line|handset|softphone|cell|headset|voicemail|mailbox|computer|laptop|account|desk|direct line|number|calls|pin|password|screen|app)",
        4,
    ),
    (
        r"(?:extension|anexo|interno|ext) \d{2,6}|x\d{2,6}|el dect\b|user \d+|every call i|all my calls|(?:la )?extension de [a-z]+|mi (?:companer[oa]|jefe|jefa|colega|recepcionista|asistente|secretaria)",
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
    # Round 13: the writer's own calls failing ("i cant make outbound calls ... others ok",
    # "choppy for me on teams calls"): one user, said by the subject.
    (
        r"i (?:cant|can not|cannot|couldnt|am unable to|am not able to|keep getting|keep|am getting|m getting)|(?:only |just )?for me (?:on|in|when|since)",
        2,
    ),
    (
        r"(?<!ni )un (?:solo |unico )?(?:usuario|empleado|agente|companero|telefono|aparato|equipo)|(?<!ni )una (?:sola |unica )?(?:persona|empleada|companera|extension|agente|usuaria|linea)",
        4,
    ),
    (r"uno de (?:nuestros|los|mis)|una de (?:nuestras|las|mis)", 4),
    # Round 14: one person's direct number ("el numero directo del gerente", "la directa de
    # Rocio", "her direct line"): that user's, whoever calls it.
    (
        r"(?:el )?(?:numero|telefono) directo (?:de|del) (?:la |el )?\w+|(?:la )?(?:linea )?directa (?:de|del) (?:la |el )?\w+"
        # Round 15: whoever's it is, "Tomas's direct number" ("tomas direct number"): one
        # person's; "our", "the", "your" direct lines may be everybody's.
        r"|(?:his|her|their) (?:own )?did|(?<!our )(?<!the )(?<!your )(?<!main )(?<!all )direct (?:number|line|dial)",
        4,
    ),
    # A person's device, however it is called: "her only phone", "su unico telefono".
    (
        r"(?:his|her|my|their|su|mi) (?:only|unico|unica) (?:phone|line|telefono|linea|device|aparato)"
        r"|(?:el|la) (?:telefono|softphone|celular|movil|inalambrico|extension|diadema|aparato) (?:\w+ ){0,3}de (?:la |el )?(?:dra|dr|doctora|doctor|lic|licenciad[oa]|ing|sr|sra|senor|senora|don|dona)\b",
        4,
    ),
    (
        r"solo (?:yo|a mi|me|mi|el mio|la mia)|solo me pasa|me pasa solo|a mi me|se me|no me (?:entran|entra|llegan|llega|sale|salen|funciona|deja)",
        4,
    ),
    (
        r"mi (?:propio )?(?:telefono|extension|linea|softphone|celular|buzon|cuenta|diadema|auricular|equipo|aparato|pc|computadora|correo|pin|escritorio|numero|app|contrasena|usuario)|mis (?:llamadas|mensajes)",
        4,
    ),
    (
        r"el telefono de (?:la )?(?:sala|recepcion|recepcionista|juntas|entrada|\w+ de juntas)|la extension \d+|la recepcionista",
        4,
    ),
    (r"yo|no puedo|puedo|tengo|escucho|oigo|transfiero|llamo|marco|recibo|hago|hice|uso|mi", 2),
    # Round 22: "the admin portal is super slow for me today": the writer alone.
    (r"(?:just |only )?for me(?! (?:and|too|or|y|to|as well)\b)", 4),
)

_NOT_WHOLE_PLACE: Final = rf"not (?:the )?(?:whole|entire|complete) (?:{_PLACE})|no es (?:en )?tod[oa] (?:el |la )?(?:{_PLACE_ES})"
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
    rf" (?:of (?:our|the|my) |de (?:nuestros|nuestras|los|las|mis) )?(?:\d+ )?(?:remote |new |other |more |otros |otras |mas )?(?:{_PEOPLE})\b"
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
    rf"|(?:el|la|al) (?:telefono|softphone|celular|movil|inalambrico|extension|aparato) (?:\w+ ){{0,3}}de (?!(?:la |el )?(?:{_PLACE_ES}|farmacia|restaurante|hotel|taller|estanco|kiosco|quiosco)\b|todos)\w+"
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
