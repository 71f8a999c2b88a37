"""The scope cue tables, word by weight: a whole site (SITE_CUES), several users
(SEVERAL_CUES), one user (ONE_CUES), and the words for people and places they are built
from. `flows.classify.scope` compiles and weighs them (`scope_of`); the comments say which
round added a cue and the wording that taught it."""

from __future__ import annotations

from typing import Final

from flows.classify.cues import Cues

PEOPLE: Final = (
    r"users?|agents?|people|persons?|employees?|staff|phones?|extensions?|lines?|handsets?"
    r"|reps?|seats?|desks?|devices?|folks|colleagues?|coworkers?|usuari[oa]s?|agentes?"
    r"|personas?|emplead[oa]s?|telefonos?|extensiones|extension|lineas?|companer[oa]s?"
    r"|trabajador[ae]s?|equipos|ejecutiv[oa]s?|operador[ae]s?|asesor[ae]s?"
    r"|nurses|doctors|teachers|guys|enfermer[oa]s|maestr[oa]s|chic[oa]s"  # Round 22
)
PLACE: Final = (
    r"office|site|company|building|location|branch|business|organization|org|clinic|store"
    r"|practice|firm|shop|school|warehouse|hq|headquarters|campus|call center|contact center"
    r"|team|staff|floor|plant|factory|depot"
)
PLACE_ES: Final = (
    r"oficina|sitio|empresa|sede|edificio|sucursal|compania|organizacion|planta|call center"
    r"|centro de llamadas|clinica|tienda|negocio|local|corporativo|consultorio|despacho|escuela"
    r"|bodega|almacen|fabrica|nave"
)

SITE_CUES: Final[Cues] = (
    (r"everyone|everybody|everyones|everybodys|todo el mundo|all of us|all of them", 4),
    (rf"every (?:single )?(?:{PEOPLE}|one|location|site)", 4),
    (
        rf"all (?:of )?(?:our |the |my |these |those )?(?:\d+ )?(?:{PEOPLE}|numbers|trunks|dids|locations|sites|offices)",
        4,
    ),
    (
        rf"(?:whole|entire|complete) (?:\w+ ){{0,2}}(?:{PLACE})|(?:{PLACE}) ?wide|companywide|sitewide|officewide",
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
        rf"(?:toda|todo) (?:la|el) (?:{PLACE_ES})|todo el equipo(?! de)|(?:{PLACE_ES}) (?:entera|entero|complet[oa])",
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
    (rf"(?:the|our|in the|at the|at our|in our) (?:\w+ )?(?:{PLACE})", 2),
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
    (rf"some (?:of )?(?:our |the |my |us|them)?(?:remote |new )?(?:{PEOPLE}|of us|of them)?", 4),
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
    (rf"(?:many|a lot|lots) (?:of )?(?:our |the |my )?(?:remote )?(?:{PEOPLE}|us|of us)", 4),
    (
        rf"a couple (?:of )?|certain (?:{PEOPLE})|half (?:of )?(?:the |our )?(?:{PLACE}|{PEOPLE})|other half"
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
        rf"(?<!not )one (?:of )?(?:our |the |my )?(?:{PEOPLE})|one of (?:our|the|my) (?:\w+ )?\w+",
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
    # Round 23: "solo a él", "only him": one person named as the only one affected
    # (flows.classify.counts.ONLY_THAT_PERSON settles it over the model).
    (
        r"(?:solo|solamente|nada mas|unicamente) (?:a|para|de) (?:el|ella)|(?:only|just) (?:him|her|his|hers)",
        4,
    ),
)
