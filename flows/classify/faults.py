"""Faults of calling itself: calls failing, or said to work (on normalised text).

Each is a kind of miss seen on held-out messages: fewer call paths than bought read as
billing ("we pay for 30"), every call cut the same way, total loss of audio read as a
degradation, and "calls work fine, but <a feature>", one class of the calls working or a
share of them failing read as a loss of calling. The other faults that wear another
service's words live by kind: keypad menus in `flows.classify.menus`, suspended, dead and
main numbers in `flows.classify.numbers`, destinations in `flows.classify.destinations`,
feature faults and cosmetic displays in `flows.classify.features`, denials and requests in
`flows.classify.denials`, the site's calling lost in `flows.classify.sitewide`; the word
gate every family is searched behind in `flows.classify.gate`.
"""

from __future__ import annotations

import re
from typing import Final

from flows.classify.cues import gated
from flows.classify.gate import may
from flows.classify.numbers import _NUMBER_DEAD, MAIN_NUMBER

# Fewer simultaneous calls than the trunk should carry.
CAPACITY: Final = gated(
    r"\b(?:(?:call ?paths?|channels?|concurrent (?:calls?|sessions?|channels?)|simultaneous calls?|sessions?|trunk (?:capacity|lines?)"
    r"|canales|canal|llamadas simultaneas|sesiones|lineas simultaneas)\b(?:\w| ){0,60}?\b(?:(?:only|solo|just)(?! (?:para|for)\b)|capped|limited|limitad[oa]s?"
    r"|instead of|en vez de|en lugar de|after (?:\d+|the \w+)|pasad[oa]s? \d+|despues de \d+|all circuits|todos los circuitos)"
    r"|(?:only|solo|just) (?:\d+|a (?:few|handful)|unas? pocas?|pocas) (?:\w+ ){0,4}(?:call ?paths?|channels?|canales|concurrent|simultaneous|simultaneas|lines work|lineas funcionan|calls at (?:a|one) time)"
    # Round 13: not "8 canales extra solo para la campana de diciembre" (a quote asked for).
    r"|(?:capped|limited|limitad[oa]|limita|limitan|nos limita|tops? out|maxe?s? out|caps? out|cap|caps) (?:at|to|a) \d+|(?:after|past|beyond) \d+ (?:active |simultaneous |concurrent )?(?:calls?|lines?)|pasadas \d+ llamadas"
    # Round 12: the bought count beside the one that works ("refusing anything past 10", "only
    # 5 calls can go through at a time", "a partir de 8 llamadas a la vez", "el tope sigue en 20").
    r"|(?:anything|everything|nothing|calls?) (?:\w+ )?(?:above|over|past|beyond) \d+(?! (?:am|pm|minutes?|mins?|seconds?|secs?|hours?|days?|years?))"
    r"|(?:only|solo|just) \d+ (?:\w+ ){0,4}?(?:at (?:a|one|the same) time|at once|a la vez|al mismo tiempo)"
    r"|a partir de (?:las? )?\d+ llamadas|(?:el )?tope (?:\w+ ){0,2}?(?:en|de) \d+ llamadas"
    # "the system refuses the 13th call", "a partir de la llamada 25 todo da ocupado"
    r"|(?:refuses|rejects|refused|rejected|blocks|blocked|drops|fails) (?:the |every )?\d+(?:th|st|nd|rd) call"
    r"|(?:the |every )?\d+(?:th|st|nd|rd) (?:call|caller)s? (?:\w+ ){0,3}(?:refused|rejected|fails|blocked|busy|bounces|doesnt connect|wont connect)"
    r"|(?:rechaza|rechazan|bloquea|bloquean|corta|cortan) la (?:llamada|sesion) (?:numero )?\d+"
    # Round 18: half the trunk's channels out ("half the channels show out of service", "la
    # mitad de los canales estan fuera de servicio"): the rest carries calls, capacity.
    r"|(?:half|la mitad) (?:of |de )?(?:the |our |los |las |nuestros )?(?:\w+ )?(?:channels|canales|call paths)"
    r"|(?:a partir de|desde|despues de) la (?:llamada|sesion) (?:numero )?\d+"
    r"|la (?:llamada|sesion) (?:numero )?\d+ (?:\w+ ){0,3}(?:rechaz\w+|da ocupado|falla|no entra|no pasa)"
    # Round 10: a second trunk down while the other carries the calls ("the primary carries
    # calls but we hit busies", "las llamadas pasan por el otro", "12 of the 23 B-channels").
    r"|(?:the )?(?:primary|main|other|first|remaining) (?:one|trunk|sip trunk|pri|t1|e1|circuit)? ?(?:still )?(?:carries|takes|handles|carrying|taking|handling) (?:the |our )?calls"
    r"|(?:las llamadas )?(?:van|pasan|salen|entran|siguen (?:saliendo|pasando|entrando)) por el (?:otro|principal|primario|que queda)"
    r"|\d+ (?:of|de) (?:the |our |los |nuestros )?\d+ (?:b )?(?:channels|canales|call paths|lines|lineas|trunks)(?: \w+){0,4}? (?:in service|up|work|working|activos|funcionan|en servicio"
    # Round 13: a portal's status ("degraded - 6 of 24 channels registered").
    r"|registered|registrad[oa]s|available|disponibles|online|en linea)"
    # Round 15: the count bought said against the refusal ("a busy signal once 4 calls are up
    # even though we have 8 trunk channels", "aunque tenemos 10 canales").
    r"|(?:even (?:though|through)|although|aunque) (?:we |nosotros )?(?:have|pay for|bought|tenemos|pagamos|contratamos) \d+ (?:\w+ )?(?:channels|call paths|lines|trunks|sessions|canales|lineas|troncales|sesiones))\b"
    # Round 14: the bought lines said, then how many work ("pagadas 24 lineas ... solo funcionan
    # 8"), or the call by its rank that is refused ("la tercera llamada ya da ocupado", "the
    # fourth call in already gets a busy signal").
    r"|\b(?:solo|only|just) (?:funcionan|sirven|jalan|entran|work|works|working|connect) (?:\d+|dos|tres|cuatro|cinco|seis|siete|ocho|two|three|four|five|six|seven|eight)\b"
    r"|\b(?:la|a) (?:segunda|tercera|cuarta|quinta|sexta|septima|octava|novena|decima) llamada (?:\w+ ){0,3}?(?:ya )?(?:da ocupado|suena ocupado|no entra|no pasa|se rechaza|rebota|falla)\b"
    r"|\bthe (?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth) (?:call|caller)s? (?:\w+ ){0,3}?(?:already )?(?:gets?|hears?|is|are) (?:a |an )?(?:busy|engaged|refused|rejected|fast busy)\b"
)

# Round 14: every call out fails the same way: cut after a few seconds, or an error wherever
# it is dialled ("the call goes through and then cuts off after exactly 2 seconds", "marcamos
# a donde sea y sale un mensaje de error y se corta"): with every call said, a total loss.
CALLS_CUT_EVERY_TIME: Final = gated(
    r"\b(?:(?:cuts? off|cut off|drops?|disconnects?|hangs? up|ends|se cortan?|se cuelgan?|cuelga|corta) (?:\w+ ){0,2}?(?:after|a los|tras|despues de|al cabo de)"
    r" (?:exactly |exactamente |just |solo |about |unos )?(?:\d+|one|two|three|un|uno|dos|tres) (?:seconds?|secs?|segundos?)"
    r"|(?:marcamos|llamamos|marco|llamo) (?:a )?(?:donde sea|adonde sea|cualquier numero)(?: \w+){0,12}? (?:error|se corta|se cuelga|cuelga|corta|ocupado|no sale|falla)"
    r"|(?:whatever|any) number (?:we|i) (?:dial|call)(?: \w+){0,8}? (?:error|fails?|drops?|cuts? off|hangs? up|busy|reorder)"
    # Round 18: "ring once and then drop", "suenan una vez y se cortan": no call is answered.
    r"|(?:rings?|ringing|suenan?|timbran?) (?:just |solo )?(?:once|one time|una vez|un timbre)(?: and| y)?(?: then| luego| despues)? (?:drops?|cuts? off|disconnects?|hangs? up|dies|goes dead|se cortan?|se cuelgan?|se caen?|cuelga|corta)"
    # Round 23: cut the moment it is answered ("al descolgar se cortan en el acto", "the second
    # we pick up it disconnects"): no call can be held.
    r"|(?:al (?:descolgar|contestar|atender)|(?:when|as soon as|the (?:second|moment)) (?:we|they|you|i|anyone) (?:answer|pick up|pick it up))(?: \w+){0,2}? (?:se cortan?|se cuelgan?|se caen?|cuelga|corta|drops?|cuts? off|disconnects?|hangs? up|goes dead|dies)"
    r"|(?:se cortan?|se cuelgan?|se caen?|drops?|cuts? off|disconnects?|hangs? up|goes dead|dies) (?:\w+ ){0,3}?(?:al (?:descolgar|contestar|atender)|(?:when|as soon as|the (?:second|moment)) (?:we|they|you|i|anyone) (?:answer|pick up)))\b"
)


def class_works(norm: str) -> bool:
    """One class of calls said to work (`CLASS_WORKS`), unless the business's main or
    toll-free number is what every caller finds dead: "customers calling our toll-free order
    line get 'not in service'; our local numbers are fine" is the main number lost (P1)."""
    if not may(norm, "class") or CLASS_WORKS.search(norm) is None:
        return False
    return _NUMBER_DEAD.search(norm) is None or MAIN_NUMBER.search(norm) is None


# Round 18: fewer channels asked for, to pay less ("we only use 10, can we drop down to 15 and
# lower the bill", "nunca usamos mas de 8, podemos bajar a 12"): a change, not capacity lost.
CHANNELS_CUT_ASKED: Final = gated(
    r"\b(?:(?:go|drop|come|step|cut|scale) (?:back |down )?(?:down )?to \d+|reduce (?:it |them |that )?to \d+|downgrade to \d+"
    r"|lower (?:the|our|my) (?:bill|cost|invoice|monthly)|save (?:some )?money|pay less|cheaper plan"
    r"|(?:bajar|reducir|pasar|quedarnos con|dejarlo en|dejarlos en) (?:a |en )?\d+|pagar menos|ahorrar|bajar (?:la|el) (?:factura|recibo|costo|cuota))\b"
)
# Calls said to fail, loosely ("inbound calls to our toll-free number are all failing"):
# beside a feature that fails, calling fails too.
CALLS_FAIL: Final = re.compile(
    r"\b(?:calls?|llamadas?)\b(?:\w| ){0,50}?\b(?:fail\w*|fallan|falla|no (?:entran|salen|llegan|entra|sale|llega)"
    r"|drop\w*|se (?:cortan|caen|corta|cae)|busy|ocupado|dead|muertas?|not (?:coming|going|getting) (?:in|out|through))\b"
    r"|\b(?:no (?:inbound|outbound|incoming|outgoing) calls|(?:no (?:nos )?(?:entra|sale|llega) )?ninguna llamada)\b"
    # Round 12: a place without a line ("no hay linea en toda la granja, ningun telefono marca
    # ni recibe", "has no line at all, not one phone can call or receive").
    r"|\b(?:no hay linea|no line at all|(?:not one|not a single|no) (?:\w+ )?phones? (?:\w+ ){0,2}?(?:can|could) (?:call|dial|receive|make)"
    r"|ningun telefono (?:\w+ )?(?:marca|llama|recibe|sirve|funciona))\b"
    # Round 17: a trunk down or no calls either way, as one item of a list of features ("el
    # troncal de las cabanas se cayo ..., no hay llamadas ni para dentro ni para fuera").
    r"|\b(?:no hay (?:ninguna )?llamadas? ni (?:para |de )?(?:dentro|adentro|entrada)"
    r"|(?:troncal|trunk|pri|e1|t1)s? (?:\w+ ){0,6}?(?:se cayo|se cayeron|esta caido|went down|is down|has gone down))\b"
)
# Every call has no audio or one-way audio: a total loss of audio.
NO_AUDIO_EVERY_CALL: Final = gated(
    r"\b(?:every (?:single )?call|all (?:our |the )?calls|any call|each call|every phone|todas las llamadas|ninguna llamada|cada llamada|todos los telefonos)\b"
    r"(?:\w| ){0,50}?\b(?:one ?way audio|no audio|sin audio|dead silence|dead air|silencio total|cant hear (?:us|me|them|anything)|(?:un solo|una sola) (?:sentido|via|direccion)|(?<!casi )(?<!apenas )no (?:nos |les )?(?:oye|oyen|escucha|escuchan))\b"
    # Round 16: "no sound at all on any call, in or out".
    r"|\b(?:one ?way audio|no audio|sin audio|dead silence|dead air|(?:audio|sonido) en (?:un solo|una sola) (?:sentido|via|direccion)|no hay audio|no sound)\b"
    r"(?:\w| ){0,40}?\b(?:every (?:single )?call|all (?:our |the )?calls|any call|each call|todas las llamadas|ninguna llamada|cada llamada)\b"
    # "no hay nada de audio, en ninguna direccion", "cero audio en los dos sentidos"
    r"|\b(?:no hay (?:nada de )?audio|nada de audio|cero audio|sin audio)\b(?:\w| ){0,40}?\b(?:ninguna direccion|ningun sentido|(?:los dos|ambos) sentidos|todas las (?:llamadas|que hacemos))\b"
    r"|\b(?:(?:we |they )?cant hear (?:us|me|them|anything|each other)|no (?:les |nos )?(?:oimos|escuchamos|oyen|escuchan|oye|escucha))\b"
    # Round 17: also "la gente contesta y no nos oye, en todas las extensiones".
    r"(?:\w| ){0,40}?\b(?:every (?:single )?call|all (?:our |the )?calls|any call|each call|todas las llamadas|ninguna llamada|cada llamada"
    r"|(?:on |from )?every (?:extension|phone)|(?:en |desde )?todas las extensiones|(?:en |desde )?todos los telefonos)\b"
)
# One-way or no audio, said without "sometimes": on a whole site, a total loss of audio.
ONE_WAY_AUDIO: Final = gated(
    r"\b(?:one ?way audio|one sided audio|(?:audio|sonido) (?:va )?en (?:un solo|una sola) (?:sentido|via|direccion)"
    r"|(?:un solo|una sola) (?:sentido|via)|hear nothing|(?:customer|caller|client|side|end|party) hears nothing|no se (?:escucha|oye) nada"
    r"|dead silence|dead air|silencio total|no audio|sin audio|no hay audio|no hay sonido|(?:audio|sonido) de un (?:solo )?lado|de un solo lado"
    # Round 22: "calls connect for everyone but it's total silence both ways", "silencio absoluto".
    r"|(?:total|complete|absolute) silence|silencio (?:absoluto|completo)|silence (?:both|either) ways?"
    # Round 14: "calls connect but neither side hears anything", "se conectan pero nadie escucha nada".
    r"|neither (?:side|party|end|of us) (?:hears|can hear)|(?:nobody|no one) (?:on either (?:side|end) )?(?:hears|can hear) (?:anything|anyone|a thing)"
    r"|(?:nadie|ninguno de los dos|ninguna de las dos partes) (?:se )?(?:escucha|oye|escuchan|oyen) nada"
    # Profile round 1: one side hears, the other doesn't ("we can hear the caller but the caller
    # can't hear us", "can't hear callers at all, the other side hears us fine").
    r"|can hear (?:\w+ ){1,3}but (?:\w+ ){1,3}(?:cant|can not|cannot) hear"
    r"|(?:cant|can not|cannot) hear (?:\w+ ){1,4}(?:but )?the other (?:side|end|party) (?:hears|can hear)"
    r"|(?:los|les) (?:oimos|escuchamos) (?:\w+ ){0,3}pero (?:\w+ ){0,3}no (?:nos )?(?:oyen|escuchan)"
    # Round 19: Mexican "se escucha nada en las llamadas" (the "no" dropped), and calls said to
    # connect but mute ("conectan pero mudas", "they connect but they're dead silent").
    r"|(?<!ya )se (?:escucha|oye|escuchan|oyen) nada"
    r"|(?:se )?conectan? pero (?:\w+ ){0,2}?(?:mud[oa]s?|en silencio|sin (?:audio|sonido))"
    r"|(?:connect|connects|go through|goes through|pick up) but (?:\w+ ){0,2}?(?:silent|mute|muted|dead))\b"
)
# Calling itself is said to work: the fault is in a feature.
CALLS_WORK: Final = gated(
    r"\b(?:(?:we |i )?can (?:still )?(?:make and (?:take|receive)|make and get|place and receive|call out and receive) calls"
    r"|(?:inbound and outbound|incoming and outgoing) calls (?:are |still )?(?:normal|fine|ok|working|work)"
    r"|(?:calling|voice|dialing|dialling) (?:itself )?(?:is |still )?(?:fine|ok|okay|working|works|unaffected|normal)"
    r"|(?:regular|normal|voice|phone) calls (?:are )?(?:unaffected|fine|ok|okay|work|working|normal)"
    # The negations are looked behind once the word matched, not at every position.
    r"|calls(?<!none of our outbound calls)(?<!none of our inbound calls)(?<!none of our calls)(?<!none of the calls)(?<!none of calls)"
    r"(?<!no calls)(?<!zero calls)(?<!why calls)(?<!why our calls)(?<!why the calls) (?:\w+ ){0,2}(?:connect|go through|are going through|come through)(?: (?:fine|ok|okay|normally|just fine))?"
    r"|(?:pueden|podemos|puedo)(?<!solo pueden)(?<!solo podemos)(?<!solo puedo)(?<!nada mas podemos) (?:llamar(?:se|nos)?|marcar|hablar) (?:entre (?:ellos|nosotros|si)|sin problema\w*|bien|normal\w*)"
    r"|(?:everyone|everybody|we|teachers|staff|people|users|agents|they|i)(?<!not everyone)(?<!not everybody)(?<!none of our agents)(?<!none of the agents)"
    r"(?<!none of our users)(?<!none of our staff)(?<!no agents)(?<!no users) can (?:still |all )?(?:make|place|take|receive|get) (?:and (?:take|receive|make|get) )?calls"
    r"|(?:everyone|everybody|we|teachers|staff|people|users|agents|they)(?<!not everyone)(?<!not everybody)(?<!none of our agents)(?<!none of the agents) can (?:still )?(?:call|dial) (?:\w+ ){0,3}(?:fine|ok|okay|normally|no problem|without (?:a )?problem)"
    r"|(?=phones )(?<!desk )(?<!cell )(?<!mobile )(?<!office )(?<!shop )(?<!store )(?<!front )(?<!reception )(?<!none of our )(?<!none of the )(?<!none of )(?<!not all )(?<!no )(?<!other )(?<!counter )"
    r"(?<!of their )(?<!one of our )(?<!one of the )"  # Round 11: "aint a one of their phones working"
    r"phones (?:themselves )?(?:are |still )?(?:work|working|fine|ok|okay)"
    r"|phones (?:ring|are ringing) and calls"
    r"|(?:podemos|puedo|pueden|se puede) (?:\w+ )?(?:llamar y recibir|hacer y recibir)(?: llamadas)?"
    r"|(?:las )?llamadas (?:normales |en si |entrantes y salientes )?(?:si )?(?:pasan|van bien|estan bien|bien|funcionan|normales|conectan|entran y salen|van perfect\w*)"
    r"|all calls (?:are )?(?:working|fine)"
    # Round 22: "calls are getting through everywhere".
    r"|(?<!no )(?<!none of our )(?<!none of the )calls (?:are |still )?(?:getting|get) through (?:everywhere|fine|ok|okay|normally|for everyone|to everyone)"
    # Profile round 1: "everyone at all three locations can call in and out".
    r"|(?:everyone|everybody|we|they|users|staff)(?<!not everyone)(?<!not everybody) (?:\w+ ){0,4}?can (?:still )?call (?:in and out|out and in)"
    # "las llamadas suenan sin parar" beside a feature that answers nobody: calls arrive.
    r"|(?:las )?llamadas (?:entran y )?suenan (?:sin parar|bien|normal)"
    r"|(?:se puede|podemos|puedo|pueden) (?:llamar|marcar|hablar|hacer llamadas|recibir llamadas) (?:sin problemas?|bien|normal|normalmente|perfectamente)"
    r"|(?=(?:los )?telefonos )(?<!ninguno de los )(?<!ninguno de )(?<!ningun )(?<!no )(?<!ni los )(?<!ni )(?<!demas )(?<!otros )(?:los )?telefonos (?:en si |si )?(?:funcionan|van bien|estan bien|bien|suenan|jalan|sirven)"
    r"|(?:los )?telefonos y las llamadas (?:van |estan )?bien"
    r"|(?:llamar y recibir llamadas|hacer y recibir llamadas|make and receive calls|making and receiving calls),? (?:sin problema|no problem|is fine|fine|ok)"
    r"|everything (?:else )?(?:works|is working|is fine)|todo (?:lo demas )?funciona(?: bien)?)\b"
)

# Round 22: calls said to get through everywhere ("calls are getting through everywhere",
# "las llamadas entran y salen en todas las sedes"): beside a slow boot or muffled audio the
# calls are degraded, never lost (settle.py).
GETTING_THROUGH: Final = gated(
    r"\b(?:(?<!no )(?<!none of our )(?<!none of the )calls (?:are |still )?(?:getting|get|going|go) through (?:everywhere|fine|ok|okay|normally|for everyone|to everyone|at every \w+)"
    r"|(?<!no )(?<!ninguna de )las llamadas (?:si |todavia |aun )?(?:entran y salen|pasan|conectan) (?:en todas|en todos|bien en|para todos|a todos))\b"
)

_CARRIERS_WORK = r"verizon|at ?t|t ?mobile|sprint|comcast|telcel|movistar|vodafone|orange|claro|cell phones|cells|mobiles"
# One class of calls fails while the rest works ("other carriers are fine", "las nacionales
# funcionan"): a destination or call class failing is a degradation, never a total loss.
CLASS_WORKS: Final = gated(
    r"\b(?:(?:all )?other (?:carriers|networks|providers|countries|destinations|area codes)(?: \w+){0,2}? (?:are |is )?(?:fine|ok|okay|working|work|get through|go through)"
    r"|(?:local|domestic|national|long distance) (?:calls )?(?:are |is |still )?(?:fine|ok|okay|working|work|go through)"
    r"|(?:las )?(?:llamadas )?(?:locales|nacionales|a fijos|de larga distancia)(?: entrantes| salientes)? (?:si |todavia |aun )?(?:bien|funcionan|van bien|estan bien|salen|entran)"
    r"|(?:desde|de) otras (?:companias|operadoras|redes) (?:si|bien|entran|funcionan)"
    # "US calls are fine", "everything else on the menu works", "English callers get through".
    r"|(?:us|usa|u s|american|canadian|mexican|domestic|local|national|landline|mobile|cell|international|english|spanish)"
    r" (?:calls|callers|numbers)(?: \w+){0,2}? (?:are |is |still )?(?:fine|ok|okay|working|work|get through|go through|connect)"
    r"|everything else (?:on the (?:menu|ivr|phone tree) )?(?:is |still )?(?:fine|ok|okay|works|working)"
    r"|(?:el )?resto (?:del menu |de (?:las )?opciones )?(?:va |esta |funciona )?(?:bien|funciona)"
    r"|(?:nacionales|locales|internacionales|a fijos|a celulares|a moviles)(?: y (?:a )?(?:otros paises|\w+))? (?:si )?(?:van bien|funcionan|estan bien|bien|salen|entran)"
    r"|(?:a|con|de) otros paises (?:si |todo )?(?:bien|funcionan|salen|entran|va bien|van bien)"
    r"|los que (?:eligen|marcan|escogen|oprimen|pulsan) (?:\w+ ){0,2}(?:si )?(?:entran|pasan|funcionan|llegan)"
    r"|(?:las demas|todas las demas|el resto de (?:las )?) ?llamadas (?:si |todavia |aun )?(?:funcionan|van bien|estan bien|bien|salen|entran|pasan)"
    r"|(?:all )?other calls (?:are |still )?(?:fine|ok|okay|working|work|go through|get through|normal)"
    # Round 12: "every other number we dial works", "Ontario numbers are fine", "from cell
    # phones it connects", "it works from our cells".
    r"|(?:every|all|any) other numbers? (?:we \w+ )?(?:is |are |still )?(?:works?|fine|ok|okay|connects?|goes through|go through|normal)"
    r"|numbers(?<!our numbers)(?<!all numbers)(?<!the numbers)(?<!my numbers)(?<!main numbers)(?<!other numbers)(?<!these numbers)(?<!those numbers)(?<!some numbers)(?<!of numbers)(?<!direct numbers)(?<!staff numbers)(?<!individual numbers)(?<!personal numbers)(?<!own numbers) (?:are |still )?(?:fine|ok|okay|go through|get through|connect|work)"
    r"|(?:from|on) (?:our |my |the )?(?:cells?|cell ?phones|mobiles?|mobile phones)(?: \w+){0,2}? (?:works?|connects?|goes through|gets through|is fine|are fine)"
    r"|(?:works?|connects?|goes through|gets through) (?:fine )?from (?:our |my |the )?(?:cells?|cell ?phones|mobiles?|mobile phones)"
    r"|(?:the )?rest of (?:the |our )?calls (?:are |is |still )?(?:fine|ok|okay|working|go through)"
    r"|las demas ladas (?:si )?(?:bien|funcionan|salen)|el resto de (?:los )?numeros (?:va|van|funciona\w*|sale\w*) bien"
    r"|las (?:demas )?opciones (?:\w+ ){0,3}(?:van|funcionan|estan) bien|(?:the )?other (?:menu )?options (?:are |still )?(?:fine|ok|work|working|route fine|go through)"
    r"|(?:todo )?lo demas (?:si )?(?:funciona|va bien|esta bien|bien|normal|sale|salen|entra|entran|pasa)|landlines? (?:calls )?(?:get through|go through|work|are fine|connect)"
    r"|a (?:\w+ ){1,2}(?:marcamos|llamamos|salen|sale) (?:sin problema|bien|normal)|(?:a|to) fijos (?:si )?(?:bien|funcionan|salen)"
    # "Landlines and Verizon get through", "desde fijos y otras companias si".
    # Round 12: not "staff cell phones still work" (a stopgap beside a failing main number).
    rf"|(?:landlines?|{_CARRIERS_WORK})(?<!staff cell phones)(?<!our cell phones)(?<!my cell phones)(?<!personal cell phones)(?: (?:and|or|y|o) (?:other carriers|{_CARRIERS_WORK}|landlines?))* (?:calls )?(?:still )?(?:get through|go through|work|are fine|connect|ring through)"
    r"|desde (?:los |las )?(?:fijos|celulares|moviles|otr[oa]s \w+)(?: y (?:desde )?(?:otr[oa]s )?\w+)? (?:si|bien|entran|funcionan)(?!\w)"
    # Round 9: the rest said to work in other words ("everyone else gets through", "we can call
    # everyone else", "AT&T and Verizon callers are fine", "the first T1 is still carrying
    # calls", "las demas si", "el resto si entra").
    r"|(?:everyone|everybody) else (?:still )?(?:gets? through|connects?|can call|reaches us|is fine|are fine)"
    r"|we can (?:still )?(?:call|dial|reach) (?:everyone|everybody|anyone|anybody) else"
    rf"|(?:{_CARRIERS_WORK})(?: (?:and|or|y|o) (?:{_CARRIERS_WORK}))* callers (?:are |still )?(?:fine|ok|okay|get through|connect)"
    r"|everything else (?:still )?(?:dials|connects|goes through|gets through)"
    r"|(?:the )?(?:first|other|second) (?:t1|pri|trunk|circuit|line)? ?(?:is )?(?:still )?carrying (?:the )?calls"
    r"|(?:las|los) demas (?:\w+ )?si(?: (?:entran|salen|pasan|funcionan|conectan|suenan|llegan|marcan))?(?! \w+ no)"
    r"|el resto (?:\w+ )?si (?:entra|sale|pasa|funciona|conecta|suena|llega)\w*)\b"
)
# A share of the calls failing ("30% of incoming calls", "not a total outage"): partial.
SHARE_FAILS: Final = gated(
    # Profile round 4: "100% of calls" is every call, not a share.
    r"\b(?:not a (?:total|full|complete) (?:outage|loss|failure)|no es (?:una )?caida total|(?!100\b)\d+ ?(?:%|percent|por ciento)"
    r"|(?!100\b)\d+ (?:percent |por ciento )?(?:of|de) (?:the |our |las |los )?(?:\w+ )?(?:calls|llamadas|entrantes|salientes)"
    r"|al azar|(?:unas?|about|around) \d+(?: ?- ?\d+)? (?:al dia|a day|per day|por dia)"
    r"|(?:a third|a quarter|half|un tercio|la mitad|una cuarta parte|buena parte) (?:of |de )?(?:the |our |las |los |nuestras )?(?:\w+ )?(?:calls|llamadas)"
    r"|not all (?:the |our )?calls|no todas las llamadas|(?:just|only) some(?: of them| calls)?|solo algunas"
    r"|(?<!not )(?<!no )one (?:\w+ )?(?:call )?in (?:two|three|four|five|ten|\d+)\b(?! (?:hours?|hrs?|minutes?|mins?|days?))|una (?:\w+ )?de cada (?:dos|tres|cuatro|cinco|diez|\d+)|de cada (?:\d+|dos|tres|cuatro|cinco|diez) (?:llamadas )?(?:\w+ ){0,3}?una|the others? connect|las demas (?:si )?(?:conectan|entran|salen)"
    # Round 11: a share said by its rhythm ("every fifth call", "every other call we take",
    # "una llamada si y otra no", "cada tercera llamada").
    # Not "each other" ("talking over each other calls do go through", blind 13: an idiom).
    r"|(?:every|each(?! other)) (?:other|second|third|fourth|fifth|sixth|seventh|eighth|tenth|\d+(?:st|nd|rd|th)) (?:\w+ )?(?:calls?|callers?)"
    r"|una (?:llamada )?si y (?:otra|una) no|cada (?:dos|tres|cuatro|cinco|segunda|tercera|cuarta|quinta) llamadas?"
    # Round 17: one of two trunks down, the other still carrying calls (reduced capacity).
    r"|(?:one|the second|the first|the other|uno|una|el segundo|el primero|el otro) (?:of|de) (?:our |the |nuestros |nuestras |los |las )?(?:two|2|dos)"
    r" (?:pris?|t1s?|e1s?|trunks?|sip trunks?|circuits?|troncales|circuitos|enlaces))\b"
)


# Round 17: calls that connect and still fail: an echo on them ("hears an echo of their own
# voice on outside calls ... calls do connect", "eco de su propia voz ... conectan").
ECHO_HEARD: Final = re.compile(
    r"\b(?:echo\w* (?:on|of|in)|(?:an|a|the|hears?|hearing|get|gets|getting|have|has) (?:\w+ ){0,2}?echo\w*"
    r"|eco (?:de|en)|(?:oye|oyen|oimos|oigo|escucha|escuchan|escuchamos|hay|tenemos|un|el|mucho) (?:\w+ ){0,2}?eco"
    r"|(?:their|his|her|my|our) own voice|(?:su|mi|nuestra) propia voz)\b"
)
# Round 17: calls reaching no agent ("no llega ninguna a los agentes", "not one call reaches
# the agents"): "las llamadas entran" does not say calling works.
_NO_AGENT_REACHED: Final = re.compile(
    r"\b(?:no (?:les |nos )?(?:llega|entra|pasa) (?:ninguna|ni una)(?: llamada)? a (?:los |las |ningun |ninguna )?(?:agentes|asesores|asesoras|operadores|operadoras|ejecutivos|ejecutivas)"
    r"|(?:not one|not a single|no|none of the) calls? (?:\w+ ){0,2}?(?:reach|reaches|get to|gets to|make it to|makes it to) (?:the |any |our )?agents)\b"
)


def connected_calls_fail(norm: str) -> bool:
    """Round 17: "calls connect" or "las llamadas entran" and the calls still fail: an echo on
    them, or none reaching the agents ("entran al IVR y ahi mueren, no llega ninguna a los
    agentes"): calling is the fault, not said to work."""
    return (
        ("echo" in norm or "eco" in norm or "own voice" in norm or "propia voz" in norm)
        and ECHO_HEARD.search(norm) is not None
    ) or ("agent" in norm and _NO_AGENT_REACHED.search(norm) is not None)


def audio_lost(norm: str) -> bool:
    """No audio or one-way audio, said of the calls: a fault of calling, not of a feature."""
    return may(norm, "audio") and (
        NO_AUDIO_EVERY_CALL.search(norm) is not None or ONE_WAY_AUDIO.search(norm) is not None
    )
