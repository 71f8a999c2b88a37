"""The shape of a message: resolved clauses to ignore, items of a list to weigh one by one,
and tone about the support desk itself ("nobody answers") that is not about the fault.

The priority guide: a resolved problem describes nothing active; with several problems the
most severe one still active sets the level, wherever it sits; tone never moves the level.
"""

from __future__ import annotations

import re
from typing import Final

from flows.classify.cues import gated
from flows.classify.text import basic

# Where a message breaks into sentences, lines and list items (read on the raw text).
_SEGMENT_BREAK: Final = re.compile(
    r"\n+|(?<=[.!?;])\s+|(?:^|(?<=\s))(?=(?:\d{1,2}|[a-eA-E])[.)]\s)|(?<=:)\s+(?=\S)"
    # Round 14: not an ordinal inside a name ("del segundo piso", "the second floor"): looked
    # behind once the break and its word matched, not at every position.
    r"|,?\s+(?=(?:first|second|third|also|and also|plus|primero|segundo|tercero|ademas|además|aparte|tambien|también),?\s)"
    r"(?<!\bdel )(?<!\bel )(?<!\bla )(?<!\bal )(?<!\bde )(?<!\bthe )"
    # The last item of a comma list ("wallboard slow, greeting wrong, and calls cut out").
    r"|,\s+(?=(?:and|y|e)\s)"
    # "the fax is broken, the wallboard frozen and inbound calls are all failing": calls
    # joined to a list of features by a bare "and" are an item of their own.
    r"|\s+(?=(?:and|y)\s+(?:(?:all|the|our|todas|las|nuestras)\s+){0,2}(?:(?:inbound|outbound|incoming|outgoing)\s+)?(?:calls|llamadas)\b)"
)
# Round 20: a list said in one sentence, three items or more each with its own subject ("el
# buzon no avisa, la impresora se atasca y el 900 no recibe llamadas de nadie", "the portal is
# slow, the directory is empty and none of our phones can dial out"): each item is a part.
_ITEM_BREAK: Final = re.compile(
    r",\s+(?:(?:and|y)\s+)?(?=(?:el|la|los|las|the|our|none|nobody|nadie|ningun|ninguna|ninguno|no)\s)"
    r"|\s+(?=(?:and|y)\s+(?:el|la|los|las|the|our|none|nobody|nadie|ningun|ninguna|ninguno|no)\s)"
)
# Inside a sentence, a contrast starts a new clause ("the outage is fixed but my phone...").
_CLAUSE_BREAK: Final = re.compile(
    r",?\s+(?:but|however|though|pero|aunque|sin embargo)\s+|;\s*|,\s+(?=thanks|gracias)"
)
_LIST_MARK: Final = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)]|[a-eA-E][.)])\s*")

# A clause that reports a problem as over (on basic() text: lower case, no accents).
# Profile round 4: a fix asked for is not one done ("we need it fixed now", "needs to be resolved").
_NOT_BEFORE = (
    r"(?<!not )(?<!never )(?<!isnt )(?<!wasnt )(?<!hasnt been )(?<!havent been )(?<!still not )(?<!no )(?<!aun no )(?<!todavia no )(?<!sigue sin )"
    r"(?<!need it )(?<!need this )(?<!need them )(?<!want it )(?<!to be )(?<!get it )"
)
RESOLVED: Final = gated(
    # Round 12 (cost): the lookahead on the first letters skips most places before the
    # lookbehinds are tried (the same matches: the alternative starts with one of them).
    rf"\b(?=[abfginrsw]){_NOT_BEFORE}(?:(?:is|are|was|were|been|got|now|all|finally) )?(?:resolved|fixed|restored|solved|sorted(?: out)?)\b"
    # not "mark ticket 77 as resolved and please check why nobody ... can make calls": a
    # new request joined to the close one
    r"(?! (?:and|but|then) (?:please |pls |can you |could you |also |now )*(?:check|look|see|find|investigate|tell|help|fix|sort)\b)"
    # Profile round 5: "calls to Germany fixed lines are failing": a landline, not a fix (not
    # "it's fixed, lines are back": basic() drops the comma).
    r"(?<!(?<!is )(?<!are )(?<!was )(?<!were )(?<!been )(?<!got )(?<!now )(?<!all )(?<!its )(?<!it )(?<!finally )"
    r"fixed(?= (?:lines?|line numbers?|landlines?|networks?|destinations?)\b))"
    r"|\b(?:back (?:up|online|to normal)|working (?:fine |ok |normally )?again|(?:fine|ok|okay|good|normal) (?:again|now)|all good now)\b"
    r"|\b(?<!recording )(?<!recordings )(?<!grabaciones )(?:has|have|had) stopped\b(?! (?:working|work|ringing|recording|sending|receiving|loading|showing|updating|taking|accepting|getting|connecting|coming|going|answering|routing|delivering|passing|saving|storing|uploading|syncing|arriving))"
    # Round 22: not a service "has stopped for the entire firm" or "for everyone" (a fault
    # said with its scope), nor "has stopped altogether": that is the fault, not its end.
    r"(?! (?:for (?:the (?:entire|whole)|all|every|everyone|everybody|our|us)|completely|altogether|entirely)\b)"
    r"|\bstopped (?:dropping|cutting out|failing|happening|breaking up)\b"
    r"|\bno longer (?:dropping|happening|failing|an issue|a problem)\b|\byou can close\b|\bclose (?:the|this|my|our) (?:case|ticket)\b"
    r"|\bthanks for fixing\b|\bthank you for fixing\b"
    # Round 18: "it stopped after the reboot", "los cortes ... dejaron de ocurrir".
    r"|\b(?:it|they|that|this) (?:just |finally )?stopped (?:after|since|on|by|when|once|yesterday|this|last)\b"
    r"|\bdejaron de (?:ocurrir|pasar|suceder|fallar|cortarse|caerse)\b"
    # Round 17: "is already okay since yesterday", "pls close na the ticket" (Filipino
    # English), "por nosotros podeis cerrar".
    r"|\b(?:is|are|its|it s|now) already (?:ok|okay|fine|fixed|working|good)\b|\bclose (?:na |po |na po )(?:the|this|our|my) (?:case|ticket)\b"
    r"|\b(?:podeis|puedes|podes) (?:ya )?cerrar(?:lo|la)?\b(?! (?:y|pero|e)\b)"
    # Round 7: "the echo is gone", "ya quedo", "internet is back", "re-registered on their
    # own", "el corte del martes no fue culpa suya" (a fault told as over and elsewhere).
    r"|\b(?:echo|static|noise|buzz|hum|crackl\w*|delay|lag|jitter|drops|dropping|choppiness|problem|issue|error|(?:choppy|bad|garbled|robotic|poor|distorted) (?:audio|sound)|eco|ruido|estatica|interferencia)"
    r"(?: \w+){0,3}? (?:is|are|seems?|seem to be|looks?|has|have) (?:\w+ )?gone\b|\bya (?:quedo|quedaron)\b(?! (?:sin|mal|igual|caid\w*|muert\w*))"
    # Round 17: not "sigue mostrando a gente que ya se fue" (people who left, not a fault).
    r"|\b(?<!que )ya (?:desaparecio|desaparecieron|se (?:fue|fueron|quito|quitaron))\b"
    r"|\bre ?registered (?:on (?:their|its) own|by (?:them|it)sel\w+|again)\b"
    r"|\b(?:wasnt|was not|no fue|no era) (?:\w+ )?(?:your|on your|culpa|problema) (?:fault|end|side|suya|de ustedes|vuestra|vuestro|tuya)\b"
    # Round 24: the customer's own doing, told in the past ("el corte de esta mañana fue nuestro",
    # "the outage was our own fault"): over, and not the provider's.
    r"|\b(?:corte|caida|problema|falla|fallo|outage|problem|issue) (?:\w+ ){0,4}?(?:fue|was) (?:nuestr[oa]|culpa nuestra|our (?:own )?(?:fault|doing|mistake))\b"
    r"|\b(?:ya )?(?:esta|estan|quedo|quedaron|fue|fueron) (?:\w+ )?(?:resuelt[oa]s?|arreglad[oa]s?|solucionad[oa]s?|restablecid[oa]s?)\b"
    # Profile round 4: not a count so far ("ya van como diez hoy", "ya va la tercera vez").
    r"|\bya (?:funciona|funcionan|va|van|no se (?:corta|cortan|cae|caen)|dejo de|dejaron de|volvio|volvieron|se arreglo|se soluciono)\b"
    r"(?<!va)(?<!van)|\bya (?:va|van)\b(?! (?:como |casi |mas de |unas? |por )?(?:\d+|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|veinte|varias|muchas|much[oa]s|la \w+ vez|el \w+)\b)"
    r"|\b(?:volvio|volvieron) a (?:funcionar|la normalidad)\b|\bpueden cerrar\b|\bcerrar (?:el|este) (?:caso|ticket)\b"
    r"|\bgracias por (?:arreglar|resolver|solucionar)\b|\bdejaron de cortarse\b|\btodo bien ya\b|\bya todo bien\b"
    # Profile round 5: a request thanked for as done ("gracias por activar el numero nuevo",
    # "thanks for setting up the new line"): that matter is over.
    r"|\bgracias (?:por|x) (?:activar|configurar|dar de alta|portar|crear|anadir|agregar|instalar|habilitar)\b"
    r"|\b(?:thanks|thank you) for (?:activating|setting up|adding|porting|creating|enabling|installing|provisioning)\b"
    # "the outage is over", "calls came back at 11:40", "stopped on their own", "after
    # unplugging it, it's fine", "ya se normalizo", "las llamadas volvieron a las 11:40".
    # Round 20: up to twelve words between ("yesterday's outage, when nobody in the office could
    # make calls for two hours, is over").
    r"|\b(?:outage|caida|problem|issue|incident|problema|incidente|corte)s? (?:\w+ ){0,12}?(?:is|was|are|were) (?:now |all )?over\b"
    r"|\b(?:calls|service|phones|lines|it|they|everything) (?:all )?(?:came|come|is|are) back\b"
    # Round 23: "it's back now", "everything's back up", "phones are working now" (basic()
    # makes "it's" "it"; not "can you bring it back now"): the service said to run again.
    r"|\b(?<!bring )(?<!put )(?<!turn )(?<!get )(?<!call )(?<!switch )(?<!set )(?:its|it s|it|theyre|everythings|everything s|everything) back (?:now|up|online|on|to normal)\b"
    r"|\b(?:phones|calls|lines|everything|service|it|they) (?:is|are) (?:all )?working (?:now|again)\b"
    r"|\bstopped on (?:their|its) own\b|\bse (?:arreglo|soluciono|resolvio|normalizo|quito) solo\b"
    r"|\bafter (?:\w+,? ){1,4}(?:its|it is|it|its all|everything is|everything|everythings|theyre|they are|it was|it works|it worked) (?:fine|ok|okay|good|working|normal)\b"
    r"|\b(?:ya )?se (?:normalizo|normalizaron|restablecio|restablecieron)\b|\bya (?:esta|estan) bien\b"
    # Profile round 2: a request told as done ("ya pudimos portar el numero", "la portabilidad
    # ya esta hecha, todo bien con eso", "the port is complete"): over, not a fault.
    r"|\bya (?:pudimos|pudieron|hemos podido|logramos) (?:\w+ )?(?:portar|activar|configurar|migrar|dar de alta)\b"
    r"|\bya (?:esta|estan) (?:hech[oa]s?|terminad[oa]s?|completad[oa]s?)\b|\btodo bien con eso\b"
    # Profile round 4: "it's been working since 10", "everything has been fine since 11": over.
    r"|\b(?:its|it|it has|it s|everything has|everythings|they have|theyve) been (?:working|fine|ok|okay|normal|back)(?: \w+)? since\b"
    # Profile round 4: "lo de la portabilidad ya esta, gracias": that matter is over.
    r"|\blo de (?:la |el |los |las |mi |nuestr[oa] )?\w+ ya (?:esta|quedo)\b(?! (?:igual|mal|peor|caid\w*|sin)\b)"
    r"|\b(?:port|porting|number port|transfer|migration) (?:is|was|has been) (?:done|complete|completed|finished)\b"
    r"|\b(?:llamadas|servicio|telefonos|lineas) (?:ya )?(?:volvio|volvieron|regreso|regresaron)\b"
    r"|\b(?:volvio|volvieron|regreso|regresaron) (?:sol[oa]s?|a funcionar)\b|\bcame back (?:on (?:their|its) own|by itself|by themselves)\b"
    r"|\bya (?:paso|pasaron|no (?:pasa|pasan|ocurre|ocurren|sucede))\b|\b(?:funciona|funcionan) (?:otra vez|de nuevo)\b"
    # "ya entran llamadas otra vez", "ya hay tono", "calls are coming in again", "we have
    # dial tone again": calling is back, what it reports is over.
    r"|\b(?:ya )?(?:entran|salen|suenan|timbran|jalan|sirven|conectan|hay (?:tono|linea|servicio|llamadas)|tenemos (?:tono|linea|servicio|llamadas))"
    r" (?:\w+ ){0,4}?(?:otra vez|de nuevo|nuevamente)\b"
    r"|\bya (?:entran|salen|suenan|timbran|jalan|sirven|hay tono|tenemos (?:tono|linea|servicio))\b"
    r"|\b(?:coming|going|getting) (?:in|out|through) (?:\w+ )?again\b|\b(?:have|got|get) (?:dial tone|service|calls|phones) (?:\w+ )?again\b"
    # "no more call quality issues since...", "ya no tenemos problemas de calidad"
    r"|\b(?:stable|estables?|great|perfect|perfect[oa]s?|perfectamente|crystal clear|fine|good) (?:since|desde)\b"
    r"|\b(?<=no )more (?:\w+ ){0,3}(?:issues|problems|drops|dropped calls|outages)\b"
    r"|\bya no (?:hay|tenemos|tienen|tuvimos) (?:\w+ ){0,6}?(?:problemas?|cortes?|fallas?|fallos?|caidas?)\b"
    r"|\bno longer (?:have|get|see|experience|having|getting|seeing) (?:\w+ ){0,6}?(?:problems?|issues?|drops?|dropped calls)\b"
    # A credit or an RFO for a past outage: "a credit for the 3 hours we were down on
    # Tuesday", "una bonificacion por las 3 horas que estuvimos sin servicio": it is over.
    r"|\b(?:credit|refund|rfo|reimburse\w*|compensation|bonificacion|reembolso|abono|descuento|nota de credito|compensacion)"
    r" (?:\w+ ){0,8}?(?:we were|we had been|were|we went|estuvimos|tuvimos|nos quedamos|estuvieron|se cayo|se cayeron)"
    r" (?:\w+ ){0,2}(?:down|out|offline|without|dark|sin|caid[oa]s?|fuera de servicio)\b"
    # Round 8: "cleared up after your change", "false alarm", "ya no se presenta", "ya
    # regreso el servicio ... todo normal", "it went away".
    r"|\b(?:cleared up|cleared (?:it|it)?self|went away|(?:has|have) gone away|false alarm|falsa alarma|todo (?:esta )?normal)\b"
    r"|\bya no se (?:presenta|presentan|repite|repiten|da|dan|escucha|oye)\b|\bya (?:regreso|regresaron|volvio|volvieron)\b"
    # Round 9: "the one-way audio stopped after your engineer ...", "all good here", "calls
    # have been normal since 10", "ya no se estan cortando".
    r"|\b(?:echo|static|noise|buzz|hum|drops|dropping|one ?way audio|choppy audio|problem|issue|ringing|looping|busy signal)s?(?: \w+){0,4}? stopped\b(?! (?:working|ringing|recording))"
    r"|\ball good (?:here|on our (?:side|end)|over here|now)\b"
    r"|\b(?:calls|audio|lines|phones|service|everything|it|they) (?:have|has) been (?:\w+ )?(?:normal|clean|fine|good|clear|ok|okay|stable|solid) (?:since|all|for)\b"
    r"|\bya no se (?:estan|esta) (?:cortando|cayendo|colgando)\b"
    # Round 10: "the choppy audio hasn't come back since your fix", "el eco no ha vuelto",
    # "ya se resolvio", "se recupero la linea", "ya lo cambiamos" (the customer's own fix).
    r"|\b(?:echo|static|noise|buzz|hum|drops|dropping|dropped calls|choppy audio|choppiness|one ?way audio|problem|issue|outage|eco|ruido|estatica|cortes?|caidas?|problema|fallo|falla)"
    # Round 17: up to ten words between ("el eco que reportamos la semana pasada desde la
    # freiduria ... no ha vuelto a aparecer").
    r"(?: \w+){0,12}? (?:hasnt|has not|havent|have not|no ha|no han) (?:come back|returned|recurred|reappeared|happened again|been back|vuelto|regresado|reaparecido|repetido|vuelto a pasar)\b"
    r"|\bya se (?:resolvio|soluciono|arreglo|resolvieron|solucionaron|arreglaron)\b|\bse (?:recupero|recuperaron)\b"
    r"|\bya lo (?:arreglamos|solucionamos|resolvimos)\b"
    r"|\b(?:era|eran|fue|fueron) (?:\w+ ){0,3}?(?:nuestr[oa]s?|propi[oa]s?)(?: \w+){0,3}? y ya lo (?:cambiamos|reemplazamos|quitamos)\b"
    # Round 14: a fault noun and its recovery verb in the past, without "ya" ("el ruido en las
    # llamadas ... desaparecio tras el cambio", "the dropped calls at the depot stopped after
    # the push"; round 16: "the drops we had on Monday are gone"), calling said to come back ("las entrantes volvieron a entrar desde anoche",
    # "el audio volvio"), no complaints since, and the case closed or marked resolved.
    r"|\b(?:eco|ruido|estatica|interferencia|zumbido|chasquidos?|cortes?|caidas?|problema|falla|fallo|retraso)(?: \w+){0,12}? (?:desaparecio|desaparecieron|se (?:fue|fueron|quito|quitaron|soluciono|arreglo|resolvio))\b"
    r"|\b(?:dropped calls|call drops|drops|cut ?offs|cutting out|crackl\w*|static|buzzing|robotic audio)(?: \w+){0,4}? (?:stopped|went away|cleared|are gone|have gone|are over)\b(?! (?:working|ringing|recording))"
    r"|\b(?:volvio|volvieron|regreso|regresaron) a (?:entrar|salir|sonar|timbrar|llegar|conectar|escucharse|oirse|marcar)\b"
    r"|\b(?:audio|sonido|tono|linea|servicio|internet) (?:ya )?(?:volvio|regreso)\b"
    r"|\b(?:no (?:more )?complaints|(?:nobody|no one|noone) (?:has|have) complained|nadie se ha quejado|sin (?:mas )?quejas|ninguna queja)\b"
    # Not "close case 3001 and look at why none of our phones can call out": a new request.
    r"|\bclose (?:the |this |my |our )?(?:case|ticket|report)s?(?: (?:number |no |#)?\d+)?\b(?!(?: (?:number |no |#)?\d+)? (?:and|but|then|y|pero)\b)"
    r"|\b(?:ok|okay|fine|free) to close\b(?! (?:and|but|then)\b)"
    r"|\bmark (?:the |this |our |my )?(?:ticket |case |it )?(?:as )?(?:resolved|closed|fixed|solved)\b(?! (?:and|but|then)\b)|\bcan be closed\b(?! (?:and|but|then)\b)"
    r"|\b(?:pueden|podeis|puede|se puede) (?:cerrarlo|cerrarla|dar (?:el|este) (?:caso|ticket|reporte) por cerrado)\b(?! (?:y|pero|e)\b)|\bcerrar (?:el|este) reporte\b(?! (?:y|pero|e)\b)"
    r"|\bdar (?:el|este) (?:caso|ticket|reporte) por (?:cerrado|resuelto)\b(?! (?:y|pero|e)\b)"
)
# Round 7: beside a resolved clause, a clause that asks nothing ("leave the ticket open",
# "nothing needed from you", "no hace falta hacer nada") reports nothing active: dropped with
# it (its own "before" clause stays: "phones went down, no need to call" is not resolved).
_NO_ACTION: Final = re.compile(
    r"\b(?:(?:leave|keep) (?:the|this|my|our) (?:ticket|case) open|(?:nothing|no action) (?:is )?(?:needed|required)|no need to (?:call|do anything|reply|respond)"
    r"|just (?:letting you know|fyi|a heads up)|(?:dejen|dejad|mantengan|mantened) (?:el|este) (?:caso|ticket) abierto"
    r"|(?:dejen|dejad|mantengan|mantened|dejar|mantener) abierto (?:el|este) (?:caso|ticket)|keep (?:it|this) open"
    # Round 14: "dejar el caso abierto un dia mas", "hold the ticket open until Friday".
    r"|(?:dejen|dejad|mantengan|mantened|dejar|mantener|tener) (?:el|este) (?:caso|ticket|reporte) abierto|(?:hold|leave|keep) (?:the|this|my|our) (?:ticket|case) open"
    r"|no further action (?:is )?(?:needed|required)|nothing (?:else |more )?(?:is )?(?:needed|required)|(?:we|i) need nothing(?: else| more)?"
    r"|(?:we|i) dont need anything(?: else| more)?|no necesitamos nada(?: mas)?"
    r"|no (?:hace falta|es necesario|hay que) (?:hacer )?nada|no (?:necesitamos|ocupamos) nada|solo para (?:que lo sepan|informar|avisar)"
    # Round 24: "nada que hacer de su lado ... solo para que quede registro", "nothing to do on
    # your side, just for the record": told for the record, nothing asked.
    r"|nada que hacer (?:de|por) (?:su|vuestra|tu) (?:lado|parte)|nothing (?:for you )?to do on your (?:side|end)"
    r"|(?:solo |just )?para que (?:quede|conste) (?:registro|constancia|en el registro)|(?:just )?for the record|for your records only)\b"
)
# Round 18: the ticket to close or forget ("you can close the ticket", "pueden cerrar el
# ticket", "olvidad el ticket"), not "don't close" and not another ticket than this one's.
_CLOSE_ASKED: Final = re.compile(
    r"\b(?<!dont )(?<!do not )(?<!no )(?:close|closing|cerrar|cierren|cerrad|cierra)(?: (?:out|it|off))? (?:the |this |my |our |el |la |este |esta )?(?:case|ticket|report|caso|reporte|incidencia)"
    r"|\b(?:forget|olvida|olvidad|olviden|olvidate|olvidense) (?:about )?(?:the |this |our |my |el |la |este |esta |nuestro |nuestra )?(?:case|ticket|report|caso|reporte|incidencia|ticket)"
    r"|\b(?:can|may) be closed\b|\b(?:ok|okay|fine|free) to close\b|\byou can close\b|\b(?:pueden|podeis|puedes|puede) (?:ya )?cerrar"
)
# The close said of another ticket than the one the fault is in ("close the other ticket").
_OTHER_TICKET: Final = re.compile(
    r"\b(?:other|another|older|old|otro|otra|anterior|viejo) (?:ticket|case|caso|reporte|incidencia)\b|\b(?:ticket|case|caso|reporte) (?:del|de la|about|for|on) (?:the )?(?!esta manana|ayer|hoy|this morning|yesterday|today)\w+"
)
# A fault said to be present still ("still", "again", "but now", "sigue", "otra vez").
_STILL_ACTIVE: Final = re.compile(
    r"\b(?:still|again|now|currently|right now|keeps?|keep on|continues?|persists?|sigue|siguen|todavia|aun|otra vez|de nuevo"
    r"|ahora|ahorita|actualmente|continua|continuan|dont close|do not close|no (?:cierren|cerreis|cerrar))\b"
)
# After an outage that is over, what a customer asks of it: a credit, its cause, an RFO.
# Beside a resolved clause, the rest of the story told in the past is over too ("we lost our
# whole lunch rush"): the question decides (P4).
_AFTERMATH: Final = gated(
    r"\b(?:credit|refund|rfo|reason for (?:the )?outage|root cause|cause|caused|compensation|compensate|reimburs\w*"
    r"|post ?mortem|incident report|what (?:happened|went wrong)|recur|happen again"
    r"|causa|compensacion|compensar|bonificacion|bonificar|bonifiquen|reembolso|abono|descuento|informe|reporte"
    r"|que (?:paso|fallo|ocurrio|sucedio)|repetirse|vuelva a pasar|volver a pasar)\b"
)
_AFTERMATH_OBJECT: Final = re.compile(
    r"\b(?:de|del|for|of|on|about|behind|por) (?:la |el |the |that |this |our |esa |ese |este |esta |last |[\w']+days? )?"
    r"(?:[\w']+ )?(?:ca[ií]das?|cortes?|outages?|incidents?|incidentes?|interrupci[oó]n|downtime)\b",
    re.IGNORECASE,
)
_TOLD_PAST: Final = re.compile(
    r"\b(?:lost|missed|had|were|was|went|couldnt|perdimos|estuvimos|tuvimos|nos quedamos|no pudimos|se perdieron|fue|hubo)\b"
)
# A clause told in the past ("were down this morning", "no registraba hace rato"): what a
# following "but ... working again" reports as over.
_PAST: Final = re.compile(
    r"\b(?:was|were|had|went|earlier|this morning|yesterday|last (?:night|week)"
    r"|ayer|esta manana|hace (?:rato|un rato|una hora|\d)|en la manana|anoche|se (?:nos |me )?(?:cayo|cayeron|corto|cortaron)"
    r"|\w+(?:aba|aban|aron|ieron))\b"
)
# Tone about the desk, not the fault: "nobody answers", "third time I write".
TONE: Final = gated(
    r"\b(?:nobody|no one|noone|nadie)(?: here| from (?:support|you|your team))? (?:has |ever |even |is |will )?"
    r"(?:answers?|answered|answering|responds?|responded|responding|replied|replies|called (?:me |us )?back|calls? (?:me |us )?back"
    r"|got back|gets back|helps?|helped|picks? up|contesta|contestan|responde|responden|me (?:contesta|responde|ayuda|hace caso)"
    r"|nos (?:contesta|responde|ayuda|hace caso)|(?:me|nos) ha (?:devuelto|llamado|contestado|respondido)(?: la llamada)?|hace caso)\b"
    r"|\b(?:(?:this is|its) the )?(?:second|third|fourth|2nd|3rd|4th) time (?:i|we)?(?: am| are|m|re)? ?(?:writing|asking|ask|write|asked|wrote|calling|reporting|contacting)\b"
    r"|\b(?:es )?la (?:segunda|tercera|cuarta) vez que (?:escribo|escrito|pregunto|escribimos|preguntamos|llamo|llamamos|reporto|reportamos)\b"
    r"|\b(?:ive|i have|weve|we have) (?:already )?asked (?:twice|three times|before|already)\b|\bya (?:pregunte|preguntamos) (?:dos|tres|varias) veces\b"
    # Round 17: "asi no se puede trabajar", "sin eso no podemos trabajar", "we can't keep
    # working without it": how much it matters, not what fails (guide rule 3).
    r"|\b(?:asi|sin (?:eso|esto|ello)) no (?:se puede|podemos|puedo|pueden) (?:seguir )?trabajar\b"
    r"|\b(?:we|i|our (?:people|staff|team|agents)|they) (?:cant|can not|cannot) (?:keep |go on )?work(?:ing)? (?:like this|without (?:it|this|that))\b"
)


# Words one of which every RESOLVED match holds (tested on the lower-cased raw text).
_RESOLVED_WORDS: Final = (
    "resolv",
    "fixed",
    "restor",
    "solved",
    "sorted",
    "again",
    "now",
    "stopped",
    "all good",
    "been",
    "longer",
    "close",
    "back",
    "fixing",
    "resuel",
    "arregl",
    "soluci",
    "restablec",
    "ya",
    "volvi",
    "cerrar",
    "gracias por",
    "gracias x",
    "dejaron",
    "bien",
    "over",
    "came",
    "come",
    "own",
    "fine",
    "ok",
    "normaliz",
    "cleared",
    "went away",
    "gone away",
    "alarm",
    "regres",
    "paso",
    "done",
    "complete",
    "finished",
    "pasa",
    "ocurre",
    "sucede",
    "otra vez",
    "de nuevo",
    "nuevamente",
    "quit",
    "solos",
    "sola",
    "no more",
    "stable",
    "estable",
    "great",
    "perfect",
    "credit",
    "refund",
    "rfo",
    "reimburs",
    "compensa",
    "bonific",
    "reembols",
    "abono",
    "descuento",
    "gone",
    "ya qued",
    "registered on",
    "registered by",
    "registered again",
    "desapareci",
    "your fault",
    "your end",
    "your side",
    "culpa suya",
    "culpa de ustedes",
    "culpa vuestra",
    "culpa tuya",
    "nuestr",
    "our fault",
    "our doing",
    "our mistake",
    "come back",
    "returned",
    "recurr",
    "reappear",
    "happened again",
    "vuelto",
    "regresado",
    "reaparec",
    "repetido",
    "recuper",
    "complain",
    "quej",
    "cleared",
    "volvio",
    "regreso",
    "cerra",
    "crackl",
    "static",
)
# Characters or words without which a message has one segment.
_BREAK_CHARS: Final = ".!?;:)\n"
_BREAK_WORDS: Final = (
    "first",
    "second",
    "third",
    "also",
    "plus",
    "primero",
    "segundo",
    "tercero",
    "ademas",
    "además",
    "aparte",
    "tambien",
    "también",
)


def drop_resolved(text: str) -> tuple[str, tuple[str, ...]]:
    """The message without its clauses that report a problem as over, and those clauses."""
    lower = text.lower()
    if not any(map(lower.__contains__, _RESOLVED_WORDS)) or not RESOLVED.search(basic(text)):
        return text, ()
    kept: list[str] = []
    dropped: list[str] = []
    for sentence in _SEGMENT_BREAK.split(text):
        if not sentence or not sentence.strip():
            continue
        before: str | None = None  # the clause before a "but", in this sentence
        for clause in _CLAUSE_BREAK.split(sentence):
            if not clause.strip():
                continue
            said = basic(clause)
            resolved = RESOLVED.search(said) is not None
            if resolved or _NO_ACTION.search(said):
                dropped.append(clause.strip())
                # A clause that only asks nothing leaves the clause before it standing.
                if (
                    resolved
                    and before is not None
                    and before in kept
                    and _PAST.search(basic(before))
                ):
                    # "our phones were down this morning but everything works again": the
                    # clause the resolution answers is over too.
                    kept.remove(before)
                    dropped.append(before)
                before = None
            else:
                kept.append(clause.strip())
                before = clause.strip()
    if dropped and kept and closes_over_fault(text, kept, dropped):
        # Round 18: "phones came back ... calls are flowing normally. You can close the
        # ticket", "olvidad el ticket: el router se habia colgado, lo hemos reiniciado y va
        # todo": a close or no-action request beside a recovery makes the fault told before it
        # the past; a fault said to be present still ("still", "but now", an item of a list) stays.
        past = [k for k in kept if not _STILL_ACTIVE.search(basic(k)) and not _LIST_MARK.match(k)]
        past = [k for k in past if text.find(k) < _last_close(text, dropped)]
        kept = [k for k in kept if k not in past]
        dropped.extend(past)
    if dropped and _AFTERMATH.search(basic(text)):
        past = [k for k in kept if _TOLD_PAST.search(basic(k)) and not _AFTERMATH.search(basic(k))]
        # "the root cause of Thursday's outage": the outage is what the question is about.
        kept = [_AFTERMATH_OBJECT.sub(" ", k) for k in kept if k not in past]
        dropped.extend(past)
    return ". ".join(kept), tuple(dropped)


def closes_over_fault(text: str, kept: list[str], dropped: list[str]) -> bool:
    """Round 18: the ticket asked to be closed or nothing asked, beside a recovery (a
    resolved clause other than the close itself), of this ticket and not another one, and no
    list: what was told of the fault before is over."""
    said = [basic(d) for d in dropped]
    asked = [d for d in said if _CLOSE_ASKED.search(d) or _NO_ACTION.search(d)]
    recovered = [
        d for d in said if RESOLVED.search(_CLOSE_ASKED.sub(" ", d)) is not None and d not in asked
    ] or [k for k in said if _RECOVERY.search(k)]
    whole = basic(text)
    return (
        bool(asked)
        and (bool(recovered) or _RECOVERY.search(whole) is not None)
        and _OTHER_TICKET.search(whole) is None
        and not any(_LIST_MARK.match(k) for k in kept)
    )


# Round 18: the service said to run again in words RESOLVED does not weigh on their own ("va
# todo", "calls are flowing normally", "everything works").
_RECOVERY: Final = re.compile(
    r"\b(?:va todo|todo va|funciona todo|todo funciona|ya funciona|everything (?:works|is working|is fine|is ok)"
    r"|(?:flowing|working|going (?:in and out|through)) normally|(?:in|out) (?:and (?:in|out) )?normally"
    r"|came back|are back|is back|come back|volvieron|regresaron|volvio|regreso|lo (?:hemos )?reiniciamos|lo hemos reiniciado)\b"
)


def _last_close(text: str, dropped: list[str]) -> int:
    """Where the last dropped clause (the close, the recovery) begins in `text`."""
    return max((text.find(d) for d in dropped), default=-1)


def segments(text: str) -> tuple[str, ...]:
    """The sentences, lines and list items of a message (one when it has no parts)."""
    if not any(map(text.__contains__, _BREAK_CHARS)):
        lower = text.lower()
        if not any(map(lower.__contains__, _BREAK_WORDS)):
            return (text,)
    parts = [_LIST_MARK.sub("", p).strip() for p in _SEGMENT_BREAK.split(text) if p and p.strip()]
    if "," in text:
        parts = [item for p in parts for item in _items(p)]
    return tuple(p for p in parts if len(p.split()) >= 3)  # "Thanks", "Hi team,": no fault


def _items(sentence: str) -> list[str]:
    """Round 20: a sentence that lists three items or more, each with its own subject, as its
    items; any other sentence whole ("el Polycom ... se quedo sin registrar, nadie puede usar
    ese telefono" is one fault told twice)."""
    if "," not in sentence or len(_ITEM_BREAK.findall(sentence)) < 2:
        return [sentence]
    items = [item.strip() for item in _ITEM_BREAK.split(sentence) if item.strip()]
    if sum(len(item.split()) >= 3 for item in items) < 3:
        return [sentence]  # "Hola, el Polycom ... se quedo sin registrar, nadie puede usarlo"
    return items
