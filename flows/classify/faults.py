"""Faults of calling that wear another service's words (on normalised text).

Each is a kind of miss seen on held-out messages: fewer call paths than bought read as
billing ("we pay for 30"), a keypad menu that drops callers read as a how-to ("press 1"),
a suspension or a number disconnected by mistake read as billing, total loss of audio or
of inbound calls read as a degradation, and "calls work fine, but <a feature>" read as
calling.
"""

from __future__ import annotations

import re
from typing import Final

from flows.classify.cues import SEEN, SEEN_MOST, gated

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
    r"|(?:a partir de|desde|despues de) la (?:llamada|sesion) (?:numero )?\d+"
    r"|la (?:llamada|sesion) (?:numero )?\d+ (?:\w+ ){0,3}(?:rechaz\w+|da ocupado|falla|no entra|no pasa)"
    # Round 10: a second trunk down while the other carries the calls ("the primary carries
    # calls but we hit busies", "las llamadas pasan por el otro", "12 of the 23 B-channels").
    r"|(?:the )?(?:primary|main|other|first|remaining) (?:one|trunk|sip trunk|pri|t1|e1|circuit)? ?(?:still )?(?:carries|takes|handles|carrying|taking|handling) (?:the |our )?calls"
    r"|(?:las llamadas )?(?:van|pasan|salen|entran|siguen (?:saliendo|pasando|entrando)) por el (?:otro|principal|primario|que queda)"
    r"|\d+ (?:of|de) (?:the |our |los |nuestros )?\d+ (?:b )?(?:channels|canales|call paths|lines|lineas|trunks)(?: \w+){0,4}? (?:in service|up|work|working|activos|funcionan|en servicio"
    # Round 13: a portal's status ("degraded - 6 of 24 channels registered").
    r"|registered|registrad[oa]s|available|disponibles|online|en linea))\b"
    # Round 14: the bought lines said, then how many work ("pagadas 24 lineas ... solo funcionan
    # 8"), or the call by its rank that is refused ("la tercera llamada ya da ocupado", "the
    # fourth call in already gets a busy signal").
    r"|\b(?:solo|only|just) (?:funcionan|sirven|jalan|entran|work|works|working|connect) (?:\d+|dos|tres|cuatro|cinco|seis|siete|ocho|two|three|four|five|six|seven|eight)\b"
    r"|\b(?:la|a) (?:segunda|tercera|cuarta|quinta|sexta|septima|octava|novena|decima) llamada (?:\w+ ){0,3}?(?:ya )?(?:da ocupado|suena ocupado|no entra|no pasa|se rechaza|rebota|falla)\b"
    r"|\bthe (?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth) (?:call|caller)s? (?:\w+ ){0,3}?(?:already )?(?:gets?|hears?|is|are) (?:a |an )?(?:busy|engaged|refused|rejected|fast busy)\b"
)
# A keypad menu that fails callers: "pressing 1 disconnects", "al marcar 2 se corta".
_KEYPRESS = (
    r"(?:press|presses|pressing|pressed|push|pushes|pushing|dial|dials|hit|hits|option|opcion|menu el|menu la|marcar|marca|marcan|marque|marcando"
    r"|oprime|oprimen|oprimir|pulsa|pulsan|pulsar|pulse|pulsen|presione|presionen|presiona|digite|digiten|teclea|teclear"
    r"|eligen|elige|escoge|escogen|pulsas|marcas|oprimes|presionas|eliges|escoges|opc) (?:\w+ ){0,2}"
    r"(?:\d|one|two|three|four|five|zero|uno|dos|tres|cuatro|cinco|cero|any (?:option|key|number)|cualquier (?:opcion|tecla|numero))"
)
_MENU_FAILS = (
    r"disconnect\w*|drop\w*|dead air|hang\w* up|hung up|silence|nothing happens|loops?|back to the (?:main )?menu|menu again|goes nowhere"
    r"|fail\w*|error|busy|se corta\w*|se cuelga\w*|cuelga\w*|se cae\w*|silencio|no pasa nada|vuelve al menu|el menu otra vez|ocupado|no funciona\w*|(?:is |are )?broken"
    r"|dead (?:extension|end)|(?:the )?call ends|ends the call|invalid|not valid|no valida|starts over|vuelve a empezar|empieza de nuevo"
    r"|(?:doesnt|dont|does not|wont) (?:route|go|lead|connect) (?:\w+ )?(?:anywhere|nowhere)|nowhere|ningun (?:lado|sitio)|ninguna parte"
    r"|(?:la llamada )?(?:se )?termina"
    # Round 9: "acaba sonando en el telefono de la cocina", "dice fuera de horario", "se quedan
    # escuchando la musica para siempre", "rings the warehouse phone", "plays the after-hours".
    r"|(?:acaba |termina )?sonando en el (?:telefono|anexo|celular)|suena en el (?:telefono|anexo|celular) de\w*"
    r"|fuera de horario|after ?hours (?:message|greeting|recording)|closed (?:message|greeting)"
    r"|(?:musica|music) (?:\w+ ){0,4}(?:para siempre|forever|sin fin|endless\w*)"
    # "vuelve al menu en bucle", "sigue colgandole a la gente", "manda a una grabacion"
    # A misroute: "sends people to Parts instead", "te lleva al buzon de ... en vez de al grupo".
    r"|(?:sends?|sending|routes?|routing|goes|going|takes?|transfers?|rings?) (?:\w+ ){0,5}?instead|(?:to|goes to|reaches) the wrong (?:department|queue|person|extension|group|team)"
    r"|(?:lleva|llevan|manda|mandan|envia|envian|pasa|pasan|va|van|suena|suenan|acaba|acaban|termina|terminan|cae|caen) (?:\w+ ){0,10}?en (?:vez|lugar) de"
    # Round 11: where the option's callers end up, reported ("los que pulsan 2 acaban en
    # administracion", "press 4 ... ends up in the general voicemail"), an extension that no
    # longer exists ("manda a una extension que ya no existe", "suena en una extension que
    # dimos de baja"), a number said unavailable ("escucha numero no disponible").
    r"|(?:acaba|acaban|van a parar|end up|ends up|ending up|land|lands|landing|cae|caen|dumps?|dumping) (?:\w+ )?(?:en|in|into|at|on)"
    # Round 12: a number that is not the business's, a route it should take and does not.
    r"|(?:a|to) (?:some |a |an )?(?:\w+ )?number (?:that )?(?:isnt|is not|aint) (?:ours|our)|(?:a )?(?:un|otro) numero que no (?:es (?:el )?nuestro|conocemos|es de nosotros)"
    r"|(?:deberia|should|is supposed to|tendria que|is meant to|are meant to) (?:ir|go|ring|llegar|mandar|send|reach)(?: \w+){1,5}? (?:y|and|but|pero) (?:\w+ ){0,4}?(?:manda|mandan|va|van|cae|caen|suena|goes|sends|rings|lands?|reaches|end up|ends up)"
    # Round 13: "la llamada se va al buzon de contabilidad" after the keypress: a misroute.
    r"|se (?:va|van) (?:a|al) (?:la |el )?(?:buzon|extension|anexo|area|departamento|telefono)"
    r"|(?:extension|anexo|interno|phone|line|mailbox|buzon)(?: \w+){0,2}? (?:que (?:ya )?no existe|que (?:dimos|di|dieron) de baja|que (?:borramos|quitamos|eliminamos)"
    r"|(?:we|you|they) (?:removed|deleted|disconnected)|(?:that|which) (?:no longer exists?|doesnt exist|was removed|was deleted))"
    r"|(?:general|wrong|main|company|generic) (?:voice ?mail|mailbox)|buzon (?:general|equivocado)|(?:numero|number) no disponible|not available|unavailable"
    r"|(?:en )?bucle|vuelve a (?:reproducir|sonar|poner|empezar) (?:\w+ )?menu|plays the (?:\w+ )?menu again|colgando\w*|(?:goes|sends|send|go|manda|mandan|lleva|llevan|envia|va|van) (?:\w+ ){0,6}?(?:a|to|al) (?:una |a |the )?(?:grabacion|recording)"
)
# Round 10: dialling an extension at the menu fails ("callers who key in an extension just
# hear the greeting again", "no deja marcar extensiones: tecleas el 210 y dice que no es
# correcto"): one function of the menu, the rest of it answers (P2).
_BY_EXTENSION = (
    r"(?:enter|enters|entering|key in|keys in|keying in|type|types|typing|punch in|punches in|tecleas?|teclean|metes|mete|meten|digitas?|digitan|marcas) (?:an? |the |their |la |el |una |su )?(?:\w+ )?(?:extension|ext|anexo|interno)\b"
    r"(?:\w| ){0,60}?\b(?:replays?|replaying|plays? (?:\w+ )?again|repeats?|repite|vuelve|no es (?:correct[oa]|valid[oa])|no valid[oa]|no (?:hace|pasa) nada|nothing happens|invalid|not valid|error)"
    r"|(?:cant|can not|cannot|no one can|nobody can|no (?:se )?(?:puede|pueden|deja|dejan)) (?:be )?(?:reach\w*|dial\w*|marcar|llegar|transfer\w*) (?:\w+ ){0,2}?(?:by extension|(?:a |las |la |una )?extension(?:es)?|por extension)"
    r"|(?:tecleas?|teclean|metes|mete|meten|marcas?|marcan|digitas?|digitan|enter|enters|key in|keys in|type|types) (?:el |la |in )?\d{2,5}\b(?: \w+){0,6}? (?:no es (?:correct[oa]|valid[oa])|no valid[oa]|no (?:hace|pasa) nada|nothing happens|invalid|not valid|replays?|repeats?|repite)"
    r"|(?:dial by extension|extension dialing|marcacion (?:directa )?(?:por|a) extension)(?: \w+){0,3}? (?:broken|fails|failing|not working|doesnt work|no funciona)"
)
# Round 14: whatever key a caller presses ("cualquier tecla que marquen", "pulses la tecla
# que pulses", "whichever option they pick"): the menu fails every caller, not one option.
_ANY_KEY = (
    r"cualquier (?:tecla|opcion|boton)|(?:la )?(?:tecla|opcion) que (?:pulses|marques|oprimas|elijas|pulsen|marquen|opriman|elijan|presiones|presionen)"
    r"|(?:whatever|whichever) (?:key|option|button|number)|any (?:key|option|button) (?:they|callers|you|people) (?:press|pick|choose|hit)"
)
IVR_FAULT: Final = gated(
    rf"\b(?:{_KEYPRESS})\b(?:\w| ){{0,60}}?\b(?:{_MENU_FAILS})\b"
    rf"|\b(?:{_BY_EXTENSION})\b"
    rf"|\b(?:ivr|menu|auto ?attendant|operadora automatica|conmutador)\b(?:\w| ){{0,40}}?\b(?:ignores?|ignora|broken|roto|no reconoce|doesnt recognize|no acepta|doesnt accept|wont accept)\b"
    # Round 14: any key cuts every caller ("pulses la tecla que pulses, se corta").
    rf"|\b(?:{_ANY_KEY})\b(?:\w| ){{0,60}}?\b(?:{_MENU_FAILS})\b"
)
# Round 14: every call out fails the same way: cut after a few seconds, or an error wherever
# it is dialled ("the call goes through and then cuts off after exactly 2 seconds", "marcamos
# a donde sea y sale un mensaje de error y se corta"): with every call said, a total loss.
CALLS_CUT_EVERY_TIME: Final = gated(
    r"\b(?:(?:cuts? off|cut off|drops?|disconnects?|hangs? up|ends|se cortan?|se cuelgan?|cuelga|corta) (?:\w+ ){0,2}?(?:after|a los|tras|despues de|al cabo de)"
    r" (?:exactly |exactamente |just |solo |about |unos )?(?:\d+|one|two|three|un|uno|dos|tres) (?:seconds?|secs?|segundos?)"
    r"|(?:marcamos|llamamos|marco|llamo) (?:a )?(?:donde sea|adonde sea|cualquier numero)(?: \w+){0,12}? (?:error|se corta|se cuelga|cuelga|corta|ocupado|no sale|falla)"
    r"|(?:whatever|any) number (?:we|i) (?:dial|call)(?: \w+){0,8}? (?:error|fails?|drops?|cuts? off|hangs? up|busy|reorder))\b"
)
# Round 12: the calls' records asked for ("a call detail report for November, international calls
# only", "el detalle / reporte de llamadas de larga distancia"): a request, not a destination failing.
CALL_RECORDS: Final = gated(
    r"\b(?:need|want|send|get|request\w*|pull|export|necesito|necesitamos|quiero|queremos|manden|mandan|envien|enviar|mandar|pasen|solicit\w*|me pueden)"
    r" (?:\w+ ){0,4}?(?:(?:detalle|reporte|informe|registro|listado|relacion|historial) (?:\w+ )?de (?:las |nuestras )?llamadas"
    r"|call (?:detail|history|log|usage)s?(?: records?| reports?)?|cdrs?|call records?|call reports?)\b"
)
# Round 13: a report on an outage asked for ("send us a reason-for-outage report", "un informe
# de la caida para la aseguradora"): the outage is the report's subject, not a fault now.
OUTAGE_REPORT: Final = gated(
    r"\b(?:(?:a |an |the )?reason for (?:the |an? |this |that )?outage|(?:an? |the )?outage (?:report|summary|analysis|write ?up)"
    r"|(?:un |el )?informe (?:de|del|sobre) (?:la |el )?(?:caida|corte|incidencia|apagon))\b"
)
# Round 12: what callers meet, said without the keypress (after a how-to question that names it:
# "how do I get option 0 to reach reception? right now it sends callers to a number that isn't ours").
MENU_FAILS_SAID: Final = gated(rf"\b(?:{_MENU_FAILS})\b")
# The keypad menu fails on one option ("press 2 ... dead air", "la opcion 4"), the rest of the
# menu works: one call class, a degradation; "any option" fails every caller.
IVR_ONE_OPTION: Final = re.compile(
    r"\b(?:press|presses|pressing|pressed|push|pushes|pushing|hit|hits|option|opcion|marque|marca|marcan"
    r"|oprime|oprimen|oprimir|pulsa|pulsan|pulsar|pulse|pulsen|presione|presionen|presiona|digite|digiten|teclea|teclear"
    r"|eligen|elige|escoge|escogen|pulsas|marcas|oprimes|presionas|eliges|escoges|opc) (?:\w+ ){0,1}"
    r"(?:\d|one|two|three|four|five|six|seven|eight|nine|zero|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|cero)\b"
    r"(?! ?(?:\d|or \d|o \d|y \d|and \d))"  # "press 1, 2, 3": every option
    r"|\b(?:the|la|el) (?:\w+ ){1,2}(?:option|opcion)\b|\b(?:la|el|the) (?:opcion|option) (?:de|del|for|para) \w+\b"
    r"|\b(?:el|la) (?:\d|cero|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve) del menu\b"
    rf"|\b(?:{_BY_EXTENSION})\b"
)
# The account or a number cut off: every caller fails, whatever the cause.
SUSPENDED: Final = gated(
    r"\b(?<!never )(?<!not )(?<!no )(?<!wasnt )(?<!werent )(?:(?:account|service|number|numbers|line|lines|main line|main number|dids?"
    r"|cuenta|servicio|numero|numeros|linea|lineas) (?:\w+ ){0,4}(?:suspended|deactivated|disconnected|terminated|cut off|shut off|cancell?ed|closed)"
    # Round 10: the whole tenant or organisation switched off ("the tenant shows 'deactivated'
    # in the portal", "our org got disabled", "el tenant aparece como desactivado").
    r"|(?:tenant|organi[sz]ation|org|company account|account) (?:\w+ ){0,5}(?:deactivated|disabled|terminated|suspended|cancell?ed|inactive)"
    r"|(?:deshabilitaron|inhabilitaron|desactivaron|suspendieron|cancelaron|dieron de baja) (?:\w+ ){0,3}(?:tenant|organizacion|cuenta de la empresa|la cuenta)"
    r"|(?:tenant|organizacion|cuenta) (?:\w+ ){0,4}(?:deshabilitad[oa]|inhabilitad[oa]|inactiv[oa]|desactivad[oa]|dad[oa] de baja|cancelad[oa])"
    r"|(?:suspended|deactivated|disconnected|terminated|cancell?ed|cut off|shut off|ported out) (?:\w+ ){0,4}(?:by mistake|in error|by accident|accidentally|wrongly)"
    r"|(?:suspendieron|desactivaron|desconectaron|cortaron|cancelaron|dieron de baja|dieran de baja|suspendida|suspendido|desactivad[oa]) (?:\w+ ){0,4}"
    r"(?:cuenta|servicio|numero|numeros|linea|lineas|800|900|principal|por error|por equivocacion|por falta de pago)"
    r"|(?:cuenta|servicio|numeros?|lineas?) (?:\w+ ){0,3}(?:suspendid[oa]s?|desactivad[oa]s?|desconectad[oa]s?|dad[oa]s? de baja|cortad[oa]s?|cancelad[oa]s?|portad[oa]s?)"
    # Restricted or blocked: the account or service ("a number blocked as spam" is not cut off).
    r"|(?:account|service|cuenta|servicio) (?:\w+ ){0,3}(?:restricted|blocked|restringid[oa]|bloquead[oa])"
    # Round 12: a fraud lock on the account ("a fraud hold", "nos bloquearon la cuenta por fraude").
    r"|fraud (?:lock|hold|block)|(?:bloquearon|congelaron|suspendieron) (?:\w+ ){0,2}cuenta|(?:bloqueo|bloqueada|bloquearon) (?:\w+ ){0,4}por fraude"
    # Numbers ported away or an account closed that nobody asked for: "our numbers were
    # ported to another carrier", "portaron nuestros numeros a otra compania".
    r"|(?:numbers?|dids?|lines?|account) (?:\w+ ){0,2}(?:were|was|got|have been|has been|been) ported (?:away|out|over|to (?:another|a different|some other))"
    r"|(?:portaron|se llevaron|cancelaron|dieron de baja|terminaron) (?:\w+ ){0,3}(?:numeros|lineas|cuenta|servicio|dids)"
    r"|(?:cancelled|canceled|terminated|closed|ported) (?:\w+ ){0,4}(?:without (?:our |any )?(?:authori[sz]ation|consent|notice|request|permission)|(?:we|nobody|no one) (?:never |didnt )?(?:ask|asked|request\w*))"
    r"|(?:by mistake|in error|por error|por equivocacion) (?:\w+ ){0,3}(?:disconnected|deactivated|suspended|desconectaron|dieron de baja|dieran de baja|cortaron)"
    # Blocked or cut "por impago" / "for non-payment" (bills paid or not: callers fail either
    # way, a loss of calling); "you disconnected the wrong numbers".
    r"|(?:bloquead[oa]s?|suspendid[oa]s?|restringid[oa]s?|cortad[oa]s?|desconectad[oa]s?|blocked|suspended|restricted|cut off|disconnected|shut off)"
    r" (?:\w+ ){0,2}(?:por (?:impago|falta de pago|no pago|adeudo)|for (?:non ?payment|nonpayment|late payment|an unpaid (?:bill|invoice)|not paying))"
    r"|(?:disconnected|deactivated|cancell?ed|ported|desconectaron|dieron de baja|cortaron|portaron) (?:\w+ ){0,2}(?:wrong|equivocad[oa]s?) (?:numbers?|lines?|dids?|numeros|lineas)"
    r"|(?:disconnected|deactivated|cancell?ed|ported|desconectaron|dieron de baja|cortaron|portaron) (?:los |las )?(?:numeros|lineas) (?:equivocad[oa]s|que no eran))\b"
)
# Round 11: one device showing the account message ("our security desk phone ... says
# 'Account Disabled'", "el telefono de la sala de juntas dice 'cuenta deshabilitada'"): that
# phone's own registration, not the tenant (one device's loss of calling, P3).
DEVICE_SAYS_CUT: Final = gated(
    r"\b(?:the|our|my|this|that|one|el|la|mi|nuestro|nuestra|este|ese) (?:\w+ ){0,3}?(?:phone|handset|softphone|device|board|telefono|aparato|terminal)"
    r"(?: \w+){0,10}? (?:says?|shows?|showing|displays?|displaying|reads?|dice|muestra|pone|aparece|sale) (?:\w+ ){0,2}?(?:account|cuenta)"
    r" (?:\w+ )?(?:disabled|deactivated|inactive|suspended|deshabilitad[oa]|desactivad[oa]|inactiv[oa]|suspendid[oa])\b"
)
# ... unless every phone says it: the tenant's.
EVERY_PHONE: Final = gated(
    r"\b(?:every (?:single )?(?:phone|handset|device)|all (?:our |the |of our |of the )?(?:phones|handsets|devices)|none of (?:our |the )?(?:phones|handsets)"
    r"|todos (?:los |nuestros )?(?:telefonos|aparatos)|ningun (?:telefono|aparato))\b"
)
# What callers hear when a number is cut off: every caller fails.
CALLERS_FAIL: Final = gated(
    r"\b(?:not in service|no longer in service|been disconnected|is disconnected|disconnect(?:ed)? (?:message|recording)|fuera de servicio"
    r"|(?:esta|ha sido) desconectado|no existe|nobody can|no one can|nadie puede|ningun telefono|no phones?|no service|sin servicio"
    r"|every caller|all callers|anyone calling|todos los que llaman|a todos|a todo el que|quien (?:marca|llama)|all our phones|no calls?"
    # Every number of the account failing: "every number on our account stopped working",
    # "todos los numeros de la cuenta dejaron de funcionar", "ninguno de nuestros numeros".
    r"|(?:every|each|all|any) (?:of )?(?:our |the )?(?:numbers?|lines?|dids?) (?:\w+ ){0,5}?(?:stopped|dead|down|silent|failing|fail|not working|dont work|out of service)"
    r"|(?:todos|todas) (?:los |las |nuestros |nuestras )?(?:numeros|lineas|telefonos) (?:\w+ ){0,5}?(?:dejaron de|muert[oa]s|caid[oa]s|no funcionan|fallan|sin servicio)"
    r"|ninguno de (?:los |nuestros )?(?:numeros|telefonos)|ningun numero|ninguna linea|went dead|dejaron de funcionar"
    r"|todas las llamadas|all (?:our |the )?(?:outbound |inbound )?calls|(?:outbound |inbound )?calls all|every call|a los que (?:nos )?(?:llaman|marcan)|a ningun lado|no funciona nada|nada funciona"
    r"|ni entrantes ni salientes|nothing works|(?:no|ni) (?:sale|salen) ni (?:entra|entran)"
    # Round 10: "none of the phones work", "not one desk phone can call", "cuenta inactiva".
    r"|none of (?:our |the )?(?:\d+ )?(?:desk )?(?:phones|handsets|lines|extensions)|not (?:one|a single) (?:desk )?(?:phone|handset|line|extension)"
    r"|cuenta inactiva|account (?:is )?inactive|service unavailable|servicio no disponible"
    # Whatever number is dialled: "marquemos el numero que marquemos", "any number we dial".
    r"|(?:marquemos|marque|llamemos|llame) (?:\w+ ){0,3}que (?:marquemos|marque|llamemos|llame)|(?:whatever|any|every) number (?:we|you|i) (?:dial|call|try)"
    r"|(?:las )?salientes (?:\w+ )?bloquead[oa]s|outbound (?:calls )?(?:are |were |got )?blocked|(?:people|customers|clients|anyone|everyone) calling (?:\w+ ){0,3}(?:hear|get)"
    r"|callers (?:get|hear)|(?:los clientes|la gente|quienes) (?:que )?(?:nos )?(?:llaman|marcan) (?:\w+ ){0,2}?(?:escuchan|oyen|les sale|reciben))\b"
)
# The number every caller of the business dials: when it fails, it fails for the whole site.
MAIN_NUMBER: Final = re.compile(
    r"\b(?:(?:main|toll ?free|1 ?800|800|published|public|company|business|office) (?:(?!our |the |a )\w+ )?(?:phone )?(?:number|line)"
    r"|(?:numero|linea|telefono) (?:principal|gratuit[oa]|800|de la empresa|de la oficina)|al 800"
    # Round 14: the freephone said as such ("our 0800 freephone line", "nuestro 800").
    r"|freephone|free ?phone (?:number|line)|0 ?800 (?:\w+ )?(?:number|line)|(?:nuestro|el) 800"
    # Round 12: the office dialled from outside ("when I dial our office from my cell").
    r"|(?:call|called|calling|dial|dialed|dialled|dialing|ring|rang) (?:our|the) (?:office|company|business|shop|store|clinic)(?! (?:phone|extension|manager|admin))"
    r"|(?:marco|marque|llamo|llame|llamamos|marcamos) (?:a|al) (?:la oficina|la empresa|la tienda|la clinica)\b(?! de \w+ (?:extension|telefono)))\b"
)
# Round 12: what every caller of a dead number hears ("not in service", "no existe").
_NUMBER_DEAD: Final = re.compile(
    r"\b(?:not in service|no longer in service|out of service|fuera de servicio|no existe|numero no habilitado"
    r"|the number you (?:have )?(?:dialed|reached)|(?:has been|is|was) disconnected"
    r"|(?:number )?not recogni[sz]ed|no (?:es )?reconocido)\b"
)


def class_works(norm: str) -> bool:
    """One class of calls said to work (`CLASS_WORKS`), unless the business's main or
    toll-free number is what every caller finds dead: "customers calling our toll-free order
    line get 'not in service'; our local numbers are fine" is the main number lost (P1)."""
    if not may(norm, "class") or CLASS_WORKS.search(norm) is None:
        return False
    return _NUMBER_DEAD.search(norm) is None or MAIN_NUMBER.search(norm) is None


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
)
# Every call has no audio or one-way audio: a total loss of audio.
NO_AUDIO_EVERY_CALL: Final = gated(
    r"\b(?:every (?:single )?call|all (?:our |the )?calls|any call|each call|every phone|todas las llamadas|ninguna llamada|cada llamada|todos los telefonos)\b"
    r"(?:\w| ){0,50}?\b(?:one ?way audio|no audio|sin audio|dead silence|dead air|silencio total|cant hear (?:us|me|them|anything)|(?:un solo|una sola) (?:sentido|via|direccion)|(?<!casi )(?<!apenas )no (?:nos |les )?(?:oye|oyen|escucha|escuchan))\b"
    r"|\b(?:one ?way audio|no audio|sin audio|dead silence|dead air|(?:audio|sonido) en (?:un solo|una sola) (?:sentido|via|direccion)|no hay audio)\b"
    r"(?:\w| ){0,40}?\b(?:every (?:single )?call|all (?:our |the )?calls|any call|each call|todas las llamadas|ninguna llamada|cada llamada)\b"
    # "no hay nada de audio, en ninguna direccion", "cero audio en los dos sentidos"
    r"|\b(?:no hay (?:nada de )?audio|nada de audio|cero audio|sin audio)\b(?:\w| ){0,40}?\b(?:ninguna direccion|ningun sentido|(?:los dos|ambos) sentidos|todas las (?:llamadas|que hacemos))\b"
    r"|\b(?:(?:we |they )?cant hear (?:us|me|them|anything|each other)|no (?:les |nos )?(?:oimos|escuchamos|oyen|escuchan))\b"
    r"(?:\w| ){0,40}?\b(?:every (?:single )?call|all (?:our |the )?calls|any call|each call|todas las llamadas|ninguna llamada|cada llamada)\b"
)
# One-way or no audio, said without "sometimes": on a whole site, a total loss of audio.
ONE_WAY_AUDIO: Final = gated(
    r"\b(?:one ?way audio|one sided audio|(?:audio|sonido) (?:va )?en (?:un solo|una sola) (?:sentido|via|direccion)"
    r"|(?:un solo|una sola) (?:sentido|via)|hear nothing|no se (?:escucha|oye) nada"
    r"|dead silence|dead air|silencio total|no audio|sin audio|no hay audio|no hay sonido|(?:audio|sonido) de un (?:solo )?lado|de un solo lado"
    # Round 14: "calls connect but neither side hears anything", "se conectan pero nadie escucha nada".
    r"|neither (?:side|party|end|of us) (?:hears|can hear)|(?:nobody|no one) (?:on either (?:side|end) )?(?:hears|can hear) (?:anything|anyone|a thing)"
    r"|(?:nadie|ninguno de los dos|ninguna de las dos partes) (?:se )?(?:escucha|oye|escuchan|oyen) nada)\b"
)
# Calling itself is said to work: the fault is in a feature.
CALLS_WORK: Final = gated(
    r"\b(?:(?:we |i )?can (?:still )?(?:make and (?:take|receive)|make and get|place and receive|call out and receive) calls"
    r"|(?:inbound and outbound|incoming and outgoing) calls (?:are |still )?(?:normal|fine|ok|working|work)"
    r"|(?:calling|voice|dialing|dialling) (?:itself )?(?:is |still )?(?:fine|ok|okay|working|works|unaffected|normal)"
    r"|(?:regular|normal|voice|phone) calls (?:are )?(?:unaffected|fine|ok|okay|work|working|normal)"
    # The negations are looked behind once the word matched, not at every position.
    r"|calls(?<!none of our outbound calls)(?<!none of our inbound calls)(?<!none of our calls)(?<!none of the calls)(?<!none of calls)"
    r"(?<!no calls)(?<!why calls)(?<!why our calls)(?<!why the calls) (?:\w+ ){0,2}(?:connect|go through|are going through|come through)(?: (?:fine|ok|okay|normally|just fine))?"
    r"|(?:pueden|podemos|puedo)(?<!solo pueden)(?<!solo podemos)(?<!solo puedo)(?<!nada mas podemos) (?:llamar(?:se|nos)?|marcar|hablar) (?:entre (?:ellos|nosotros|si)|sin problema\w*|bien|normal\w*)"
    r"|(?:everyone|everybody|we|teachers|staff|people|users|agents|they|i)(?<!not everyone)(?<!not everybody)(?<!none of our agents)(?<!none of the agents)"
    r"(?<!none of our users)(?<!none of our staff)(?<!no agents)(?<!no users) can (?:still |all )?(?:make|place|take|receive|get) (?:and (?:take|receive|make|get) )?calls"
    r"|(?:everyone|everybody|we|teachers|staff|people|users|agents|they)(?<!not everyone)(?<!not everybody)(?<!none of our agents)(?<!none of the agents) can (?:still )?(?:call|dial) (?:\w+ ){0,3}(?:fine|ok|okay|normally|no problem|without (?:a )?problem)"
    r"|(?=phones )(?<!desk )(?<!cell )(?<!mobile )(?<!office )(?<!none of our )(?<!none of the )(?<!none of )(?<!not all )(?<!no )(?<!other )(?<!counter )"
    r"(?<!of their )(?<!one of our )(?<!one of the )"  # Round 11: "aint a one of their phones working"
    r"phones (?:themselves )?(?:are |still )?(?:work|working|fine|ok|okay)"
    r"|phones (?:ring|are ringing) and calls"
    r"|(?:podemos|puedo|pueden|se puede) (?:\w+ )?(?:llamar y recibir|hacer y recibir)(?: llamadas)?"
    r"|(?:las )?llamadas (?:normales |en si |entrantes y salientes )?(?:si )?(?:pasan|van bien|estan bien|bien|funcionan|normales|conectan|entran y salen|van perfect\w*)"
    r"|all calls (?:are )?(?:working|fine)"
    # "las llamadas suenan sin parar" beside a feature that answers nobody: calls arrive.
    r"|(?:las )?llamadas (?:entran y )?suenan (?:sin parar|bien|normal)"
    r"|(?:se puede|podemos|puedo|pueden) (?:llamar|marcar|hablar|hacer llamadas|recibir llamadas) (?:sin problemas?|bien|normal|normalmente|perfectamente)"
    r"|(?=(?:los )?telefonos )(?<!ninguno de los )(?<!ninguno de )(?<!ningun )(?<!no )(?<!ni los )(?<!ni )(?<!demas )(?<!otros )(?:los )?telefonos (?:en si |si )?(?:funcionan|van bien|estan bien|bien|suenan|jalan|sirven)"
    r"|(?:los )?telefonos y las llamadas (?:van |estan )?bien"
    r"|(?:llamar y recibir llamadas|hacer y recibir llamadas|make and receive calls|making and receiving calls),? (?:sin problema|no problem|is fine|fine|ok)"
    r"|everything (?:else )?(?:works|is working|is fine)|todo (?:lo demas )?funciona(?: bien)?)\b"
)
# "I can't change / find / figure out": asking how, not reporting a fault.
CANT_FIGURE: Final = gated(
    r"\b(?:cant|can not|unable to|dont know how to|no (?:se|puedo|logro)) (?:\w+ )?(?:change|find|figure out|work out|adjust|turn (?:it )?down|cambiar|encontrar|ajustar|bajar|averiguar)\b"
)
# A non-critical feature named as what fails ("the directory won't load on any of them").
_FEATURE = (
    r"voice ?mail\w*|mailbox\w*|message waiting(?: lights?| indicators?)?|mwi|fax\w*|e ?fax|call recordings?"
    # Round 12: not the recording a caller is sent to ("goes straight to a recording about the
    # number being unavailable", "sale una grabacion").
    r"|recordings?(?<!to a recording)(?<!hear a recording)(?<!hears a recording)(?<!get a recording)(?<!gets a recording)|presence"
    r"|portal|admin console|directory|dial by name|paging|overhead|intercom|wallboards?|tableros?|reports?|dashboards?|chat|sms|text(?:ing| messages?)"
    r"|whatsapp(?: business)?(?: messages?)?|(?:voice ?mail|buzon) (?:transcriptions?|transcripts?|to text)|transcripciones?"
    r"|buzon\w*|mensajes? de voz|correo de voz|luz de mensaje\w*|indicador de mensajes|grabacion(?:es)?(?: de llamadas)?|presencia|directorio"
    r"|marcacion por nombre|(?:search|buscar|busqueda|busca|buscan|spell\w*) (?:\w+ )?(?:por|by) (?:nombre|apellido|last name|name)|voceo|altavoces|megafonia|panel(?:es)?|informes?|reportes?|chat|mensajes de texto"
    r"|(?:missed call )?notifications?|notificaciones|conference bridge|bridge|puente(?: de conferencias?)?|paging group|speakers"
    r"|pilotos? de (?:mensajes?|buzon)|foquitos?(?: de mensajes?)?|indicador(?:es)? de mensajes|teclas? de linea ocupada|busy lamps?(?: fields?)?|busy lights?|blf(?: keys)?|leds?(?: de ocupado)?|luces de ocupado|lucecitas(?: de ocupado)?|teclas de ocupado"
)
_FAILS = (
    r"down|not working|isnt working|arent working|doesnt work|dont work|broken|stopped|stops?|cut short|cuts? off after|failing"
    # Round 13: stuck on old figures
    r"|(?:showing|shows|stuck on|frozen on|still on) (?:\w+ )?(?:yesterday|yesterdays|last weeks?|old|stale|outdated|this mornings?) (?:numbers|figures|data|stats|totals)|(?:muestra|muestran|se quedo en|se quedaron en|sigue en|siguen en) (?:\w+ )?(?:datos|numeros|cifras|estadisticas) (?:de ayer|viejos|antiguos|de la semana pasada)"
    r"|fails|failed|wont (?:load|open|work|send)"
    r"|not loading|not (?:sending|receiving|saving|recording|updating|showing)|blank|empty|gone|dead|offline|unavailable"
    r"|caid[oa]s?|se cayo|no funciona\w*|no carga\w*|no (?:envia|recibe|guarda|graba|suena|suenan|sale|salen|llega|llegan|se envian|se actualiza\w*)"
    r"|dejo de \w+|dejaron de \w+|roto|rota|en blanco|vaci[oa]|desaparecio|desaparecieron|no sirve\w*"
    r"|does nothing|do nothing|no hace nada|no encuentra\w*|finds? (?:nobody|no one|nothing)|sin resultados|no hay coincidencias|no results|(?:stays? |is |are |se quedan? )?(?:silent|en silencio)|arent showing|isnt showing|no aparecen?"
    r"|nadie puede entrar|no (?:one|body) can (?:get in|join)|cant join|quit|quits|froze|frozen|freezes|stuck|shows? (?:zero|0|nothing)|showing (?:zero|0)|(?:marca|marcan|muestra|muestran) (?:cero|0)|congelad[oa]s?|se congelo|se congelaron|trabad[oa]s?"
    r"|(?:ya )?no (?:se )?(?:prenden?|encienden?|iluminan?)|apagad[oa]s?|(?:arent|isnt|not|stopped|dont|doesnt) (?:\w+ )?(?:lighting|light) up|(?:arent|isnt|not) lit"
    # Round 11: what a message or text feature fails to deliver ("WhatsApp messages don't
    # reach any agent", "the transcriptions come out as gibberish", "no les llegan").
    r"|(?:dont|doesnt|wont|arent|isnt|not|never|stopped) (?:\w+ )?(?:reach\w*|arriv\w*|com\w* through|get\w* delivered|delivered)"
    r"|(?:comes?|come) out (?:as )?(?:gibberish|garbled|nonsense|wrong|blank)|gibberish|garbled|nonsense|sin sentido|(?:no|ya no) (?:les |nos |me |le )?(?:llegan?|entran?)"
)
FEATURE_FAILS: Final = gated(
    rf"\b(?:{_FEATURE}) (?:\w+ ){{0,6}}?(?:{_FAILS})\b"
    # Round 10: voicemail itself fails while calls ring ("unanswered calls never roll to
    # voicemail", "no se va al buzon", "what's broken is voicemail", "callers who reach
    # voicemail hear silence"): the feature, not calling.
    r"|\b(?:never|dont|doesnt|wont|no longer|isnt|arent|not) (?:\w+ )?(?:roll|rolls|rolling|go|goes|going|get|gets|sent|forwards?|forwarding|pass|passes) (?:over )?(?:to|into) (?:the |a )?(?:voice ?mail|mailbox)\b"
    r"|\b(?:no|nunca) (?:se )?(?:va|van|pasa|pasan|cae|caen|entra|entran|salta|saltan|desvia|desvian) (?:\w+ )?al buzon\b"
    r"|\b(?:broken|wrong|failing|falla|fallando|roto) (?:\w+ ){0,2}?(?:is |es )?(?:the |el )?(?:voice ?mail|buzon)\b"
    r"|\b(?:voice ?mail|mailbox|buzon) (?:\w+ ){0,3}?(?:hear|hears|oye|oyen|escucha|escuchan) (?:\w+ )?(?:silence|nothing|nada|silencio)\b"
    # "the whole office lost voicemail", "nos quedamos sin buzon de voz"
    rf"|\b(?:lost|lose|losing|without|no longer have|sin|no (?:tenemos|hay)) (?:access to |acceso al? )?(?:(?:the|our|any|el|la|los|las|nuestro|nuestra) )?(?:{_FEATURE})\b"
)
# Cosmetic whatever the scope: the name or clock a phone shows.
COSMETIC_DISPLAY: Final = gated(
    r"\b(?:(?:caller ?id|cnam|display|outbound) (?:name )?(?:\w+ ){0,6}(?:old|wrong|incorrect|previous|former|misspelled|first name only)"
    r"|(?:shows?|showing|displays?) (?:\w+ ){0,3}(?:old|previous|former|wrong) (?:company |business )?name"
    r"|caller ?id name (?:\w+ ){0,3}(?:not showing|missing|blank)|caller name (?:\w+ ){0,2}not showing"
    r"|(?:caller ?id|caller display|identificador|display)(?: name)?(?: on inbound)? (?:\w+ ){0,3}(?:shows?|muestra|says?|dice) (?:unknown|desconocido|anonymous|anonimo)"
    r"|internas (?:\w+ )?(?:salen|salgan|aparecen|aparezcan) como (?:desconocido|anonimo)"
    r"|nombre (?:\w+ ){0,6}(?:antigu[oa]|anterior|viej[oa]|equivocad[oa]|mal escrito)|(?:empresa|compania) anterior"
    r"|no (?:aparece|sale|se ve) el nombre del (?:llamante|que llama)"
    r"|(?:the )?(?:time|clock|date) (?:\w+ ){0,10}(?:wrong|off|incorrect|behind|ahead)|wrong (?:time|date)"
    r"|(?:on )?hold music (?:\w+ ){0,6}(?:wrong|old|default|incorrect|instead of)|musica (?:en|de) espera (?:\w+ ){0,8}(?:equivocad[oa]|viej[oa]|por defecto|incorrect[oa]|no (?:es )?la nuestra)"
    r"|(?:labels?|etiquetas?) (?:\w+ ){0,12}(?:old|wrong|outdated|viej[oa]s?|equivocad[oa]s?|anterior(?:es)?)"
    r"|(?:screen |display )?(?:brightness|backlight|contrast|wallpaper|background image)|(?:brillo|contraste|fondo) de (?:la )?pantalla"
    r"|ring ?tones? (?:\w+ ){0,3}(?:changed|wrong|different|weird|awful)|tono de (?:timbre|llamada) (?:\w+ ){0,3}(?:cambio|distinto|raro|equivocado)"
    r"|(?:screen|display|pantalla) (?:\w+ ){0,4}(?:dim|dims|too dark|too bright|muy oscura|muy brillante)"
    r"|(?:la )?(?:hora|fecha|reloj) (?:\w+ ){0,6}(?:mal|equivocad[oa]|adelantad[oa]|atrasad[oa]|incorrect[oa])"
    # Round 10: what the screen shows, at any scope ("still shows 'Welcome to Acme' on the
    # idle screen", "the logo on every phone screen", "la fecha aparece en formato mes/dia").
    r"|(?:shows?|showing|displays?|says) (?:\w+ ){1,6}on the (?:idle|home|lock|standby) (?:screen|display)|(?:before|since) (?:our|the) rebrand"
    r"|logos? (?:\w+ ){0,8}(?:screens?|displays?|pantallas?)|(?:screens?|displays?|pantallas?) (?:\w+ ){0,6}logos?"
    r"|(?:fecha|hora|date|time) (?:\w+ ){0,4}(?:formato|format)|(?:formato|format) (?:de |of )?(?:la |the )?(?:fecha|hora|date|time)"
    # Round 12: what a screen shows and what it should read ("shows 'FRNT DSK' and we'd like
    # it to read 'Front Desk'", "la pantalla dice 'RECEP' y queremos que diga 'Recepcion'").
    r"|in (?:all )?caps|all capitals|in capitals|(?:todo )?en mayusculas"
    r"|(?:shows?|displays?|reads|says|dice|muestra|aparece)(?: \w+){1,10}? (?:want|wants|like|prefer|queremos|quiere|quisieramos|quisiera) (?:it to|them to|que(?: \w+)?) (?:read|say|show|display|diga|muestre|aparezca|ponga))\b"
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
    r"|(?:todo )?lo demas (?:si )?(?:funciona|va bien|esta bien|bien|normal)|landlines? (?:calls )?(?:get through|go through|work|are fine|connect)"
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
SHARE_FAILS: Final = re.compile(
    r"\b(?:not a (?:total|full|complete) (?:outage|loss|failure)|no es (?:una )?caida total|\d+ ?(?:%|percent|por ciento)"
    r"|\d+ (?:percent |por ciento )?(?:of|de) (?:the |our |las |los )?(?:\w+ )?(?:calls|llamadas|entrantes|salientes)"
    r"|al azar|(?:unas?|about|around) \d+(?: ?- ?\d+)? (?:al dia|a day|per day|por dia)"
    r"|(?:a third|a quarter|half|un tercio|la mitad|una cuarta parte|buena parte) (?:of |de )?(?:the |our |las |los |nuestras )?(?:\w+ )?(?:calls|llamadas)"
    r"|not all (?:the |our )?calls|no todas las llamadas|(?:just|only) some(?: of them| calls)?|solo algunas"
    r"|(?<!not )(?<!no )one (?:\w+ )?(?:call )?in (?:two|three|four|five|ten|\d+)\b(?! (?:hours?|hrs?|minutes?|mins?|days?))|una (?:\w+ )?de cada (?:dos|tres|cuatro|cinco|diez|\d+)|de cada (?:\d+|dos|tres|cuatro|cinco|diez) (?:llamadas )?(?:\w+ ){0,3}?una|the others? connect|las demas (?:si )?(?:conectan|entran|salen)"
    # Round 11: a share said by its rhythm ("every fifth call", "every other call we take",
    # "una llamada si y otra no", "cada tercera llamada").
    # Not "each other" ("talking over each other calls do go through", blind 13: an idiom).
    r"|(?:every|each(?! other)) (?:other|second|third|fourth|fifth|sixth|seventh|eighth|tenth|\d+(?:st|nd|rd|th)) (?:\w+ )?(?:calls?|callers?)"
    r"|una (?:llamada )?si y (?:otra|una) no|cada (?:dos|tres|cuatro|cinco|segunda|tercera|cuarta|quinta) llamadas?)\b"
)
# Round 11: an outage denied before a request, a bill or a screen ("our phones are not
# down", "nothing is down", "this is not an emergency", "los telefonos no dan ningun
# problema", "las lineas no estan caidas", "no se nos ha caido nada"): cut out as a denial,
# and with nothing else read the message is its request (flows.classify.settle).
_OUTAGE_DENIED = (
    r"(?:phones?|lines?|calls?|service|system|trunks?)(?: \w+)? (?:are not|is not|arent|isnt|were not|werent) (?:down|out|dropping|broken|dead|failing)"
    r"|nothing (?:is |went |has gone )?down|this (?:is not|isnt) an? (?:emergency|outage|urgent \w+)|not an emergency"
    # Round 12: "no hay ningun problema con las llamadas", "no problems with the phones".
    r"|(?:no hay|no tenemos|no tengo) (?:ningun |ninguna |ni un )?(?:problema|falla|fallo) con (?:las llamadas|los telefonos|las lineas|el telefono)"
    r"|no (?:problems?|issues?) (?:at all )?with (?:the |our )?(?:calls|phones|lines|calling)"
    r"|(?:telefonos|lineas|llamadas|servicio|sistema|centralita|troncal) (?:\w+ ){0,2}?no (?:dan|da|tienen|tiene|presentan|presenta|han dado|ha dado) (?:ningun|ninguna|ni un|ni una) (?:problema|fallo|falla|error|averia)"
    r"|(?:telefonos|lineas|llamadas|servicio|sistema|centralita|troncal) (?:\w+ ){0,2}?no (?:estan|esta) caid[oa]s?|no se (?:nos |me )?ha caido nada|no es (?:una )?(?:urgencia|emergencia)"
    # Round 14: "no tenemos ninguna caida, las llamadas van perfectas", "ningun problema con
    # las llamadas, que conste", "no outage here, all calls working".
    r"|(?:no hay|no tenemos|no tengo) (?:ninguna |ni una )?(?:caida|averia)(?! (?:total|completa|de (?:las )?(?:llamadas|lineas)))"
    r"|no (?:outage|problems?|issues?|faults?) (?:here|at all|on our (?:side|end)|today)"
)
# "No es ningún problema, solo una pregunta": a denial, not a fault (cut out before reading).
NO_PROBLEM: Final = gated(
    r"\b(?:(?:no|not) (?:es|hay|is|an?|tenemos|tengo) (?:ningun |ninguna |any |una? )?(?:problema|problem|issue|falla|caida|outage|averia|fault)(?! (?:con|with|total|completa))"
    r"|nothing (?:is )?(?:broken|wrong)|no (?:es|hay) nada (?:roto|grave|urgente)"
    r"|no (?:outage|problem|issue)s? or anything|no hay (?:ninguna )?(?:caida|falla|problema) ni nada"
    # Round 10: a person who left ("he doesn't work here anymore", "ya no trabaja aqui").
    r"|(?:he|she|they|who) (?:doesnt|does not|dont|do not|no longer) work(?:s)? (?:here|for us|with us)(?: anymore| any more)?"
    r"|(?:ya )?no trabaja(?:n)? (?:aqui|aca|con nosotros)(?: ya)?"
    # A worry, not a fault: "no se nos cayo nada", "no queremos quedarnos sin telefono".
    r"|no se (?:nos |me )?(?:cayo|caio) nada|nothing went down|si no (?:hicimos|hemos hecho|realizamos) (?:ninguna|ninguno|nada)|(?:we )?(?:didnt|did not|never) (?:make|made|place|placed) (?:any|those|them)|no queremos quedarnos sin (?:telefono|telefonos|linea|lineas|servicio)"
    r"|(?:dont|do not) want to (?:lose|be without) (?:\w+ )?(?:service|phones|phone service|lines)"
    # Round 14: "ningun problema con las llamadas, que conste" (cut, not a denial of the whole).
    r"|ningun (?:problema|fallo|inconveniente) con (?:las llamadas|los telefonos|las lineas|el telefono)"
    r"|" + _OUTAGE_DENIED + r")\b"
)
OUTAGE_DENIED: Final = gated(rf"\b(?:{_OUTAGE_DENIED})\b")

# Round 10 (helper): calling lost for the site said plainly, with "we", "nothing" or the
# main number's callers as subject ("no nos entra nada", "no recibimos llamadas de fuera",
# "we can't get any outside calls", "callers to our main line hear it doesn't exist"): the
# site's loss of calling even as one item of a list of requests (settle.py gates it).
SITE_NO_CALLS: Final = gated(
    r"\b(?:no (?:nos )?(?:entra|llega|sale) nada"
    r"|no (?:nos )?(?:recibimos|entran|llegan|entra|llega|sale|salen) (?:ninguna |las |ni una )?llamadas?(?! (?:a|al|hacia|para|con|desde)\b)"
    r"|no (?:podemos|conseguimos|logramos) (?:recibir|sacar|hacer|realizar) (?:ninguna|ni una|las) llamadas?"
    r"|nothing (?:is )?(?:coming|comes|gets|getting|goes|going) (?:in|through|out)"
    r"|no (?:outside |external |incoming |inbound |outbound )?calls? (?:are |is )?(?:coming|come|comes|getting|get|gets|going|go|goes) (?:in|through|out)"
    r"|we (?:cant|can not|cannot|are unable to|arent able to|are not able to) (?:receive|get|take|make|place) (?:any |a single )(?:outside |external |incoming |inbound |outbound )?calls?"
    r"|(?:callers|customers|anyone|everyone|people|clients) (?:who |that )?(?:calls?|calling|dials?|dialing|dialling|rings?|ringing) (?:our |the )?main (?:number|line)(?: \w+){0,8}? (?:does not exist|doesnt exist|not in service|out of service|no longer in service|disconnected|invalid)"
    r"|(?:los clientes|la gente|quien|quienes|los que|cualquiera|clientes) (?:que )?(?:nos )?(?:llaman?|marcan?|llame|marque) al (?:numero )?(?:principal|general)(?: \w+){0,8}? (?:no existe|fuera de servicio|no esta en servicio|no disponible|no esta disponible))\b"
)


# Words one of which each pattern above needs: a pattern whose words are all absent is not
# searched (a substring test costs a fraction of a regex search over every position).
_WORDS: Final[dict[str, tuple[str, ...]]] = {
    family: tuple(words.split("|"))
    for family, words in {
        "cap": "path|channel|canal|concurren|simult|session|sesion|capped|limit|after|pasad|carries|carrying"
        "|takes calls|taking calls|takes the calls|takes our calls|handles|handling|por el otro|por el principal"
        "|por el primario|por el que queda"
        "|despues de|only|solo|just|trunk|th call|st call|nd call|rd call|tops out|maxes out"
        "|top out|max out|cap at|caps at|cap to|caps to|cap out|caps out|a la vez|at once|same time|at a time|tope"
        "|segunda llamada|tercera llamada|cuarta llamada|quinta llamada|sexta llamada|septima llamada|octava llamada"
        "|second call|third call|fourth call|fifth call|sixth call|seventh call|eighth call"
        + "".join(
            f"|{w} {d}"
            for w in ("above", "over", "past", "beyond", "a partir de")
            for d in range(1, 10)
        )
        + ""
        "|llamada numero|a llamada 1|a llamada 2|a llamada 3|a llamada 4|a llamada 5|a llamada 6"
        "|a llamada 7|a llamada 8|a llamada 9",
        "ivr": "press|push|dial|hit|option|opc|marca|marque|oprim|puls|tecle|elig|escog|ivr|presion|digit"
        "|enter an|enter the|enter their|enters an|entering an|key in|keys in|keying in|type in|types in|typing in|type an|type the|types an|types the|typing an|typing the"
        "|punch in|punches in|metes|mete el|meten|by extension|extensiones|por extension"
        "|menu|attendant|operadora|conmutador|tecla|whatever|whichever",
        "lost": "delivered to|routed to|sent to|offered to|ni el general|ni el principal|ni la principal|ni el numero"
        "|ni los directos|ni las directas|ni los generales|no recibe|no puede recibir"
        "|isnt receiving|isnt getting|is not receiving|is not getting|cant receive|cannot receive|entra ni|entran ni|sale ni|salen ni|in or out|center|centro|queue|cola|acd|agents are|agents get|agents rec|agents arent"
        "|agents not|agents have|agentes|no phones|no phone service|no dial tone|only ext|only internal|only intercom"
        "|only inside|outside number|outside call|outside line|external number|external call|external line"
        "|entre extensiones|internas|cualquier numero|llamada externa|llamada de fuera|llamada de afuera|fuera nada"
        "|externa nada|externas nada|call out|calls out|calling out|dial out|dialing out|number we dial|number you dial"
        "|ivr|attendant|phone tree|operadora automatica|contestadora automatica|recepcionista virtual|menu"
        "|whatever key|whatever option|whatever button|any key|any option|any button|que pulsen|que marquen|que opriman"
        "|que pulses|que marques|que oprimas|que elijas|que presiones|cualquier tecla|cualquier opcion|cualquier boton"
        "|que elijan|atiende a nadie|contesta a nadie|entra a nadie|los que llaman|los que nos llaman|los que marcan|que llame|que marque|who calls|that calls"
        "|every caller|all callers|all our callers|no habilitado|no existe|not in service|number you|in and out|ni entrantes"
        "|and then|y luego|y despues|luego se|then the call|then gets|then drops|then it drops|then hangs|then disconnect"
        "|entrantes y|de entrada"
        "|main number|main line|toll free|tollfree|published number|published line|company number|company line"
        "|business number|business line|office number|office line|numero principal|linea principal"
        "|telefono principal|numero general|linea general|numero de la empresa|linea de la empresa|numero 800"
        "|numero 900|linea 800|linea 900|telefono 800|telefono 900|silence and|silence then|silencio y"
        "|silencio luego|dead air and|dead air then|al que llama|el que llama|al que nos llama|el que nos llama",
        "nocalls": "entra nada|llega nada|sale nada|no nos|no recib|no entra|no llega|no sale|no podemos|no consegu|no logr"
        "|nothing|no calls|no outside|no external|no incoming|no inbound|no outbound|we cant|we can not|we cannot"
        "|we are unable|we arent|we are not able|main number|main line|al numero principal|al numero general"
        "|al principal|al general",
        "rec": "record|transcrib|logged|graba|registra",
        # Round 12: the calls' records asked for (CALL_RECORDS).
        "recs": "de llamadas|de las llamadas|de nuestras llamadas|call detail|call histor|call log|call usage"
        "|cdr|call record|call report",
        # Round 12: another organisation's number, anyone in a place (OTHER_NUMBER).
        "org": "hospital|clinic|bank|client|partner|vendor|supplier|school|county|state|city|court"
        "|government|unemployment|insurance|insurer|clinica|banco|cliente|proveedor|escuela|gobierno"
        "|ayuntamiento|juzgado|aseguradora|anyone in|anybody in|people in|numbers in|number in",
        "susp": "suspen|deactivat|disconnect|terminat|terminar|cut off|shut off|cancel|ported|portaron|portad|llevaron|closed|desactiv|impago|payment"
        "|disabl|deshabilit|inhabilit|inactiv"
        "|restri|blocked|bloquead|bloqueo|fraud|bloquearon|congelaron"
        "|desconect|cortaron|cortad|de baja|mistake|in error|por error|equivocacion",
        "audio": "audio|sonido|silence|silencio|sentido|via|direccion|nothing|nada|hear|oye|escucha|dead air",
        "tone": "nobody|no one|noone|nadie|time|vez que|asked|pregunt",
        "cosm": "name|nombre|time|clock|date|hora|fecha|reloj|anterior|caller|cnam|display|outbound"
        "|hold music|musica|label|etiqueta|bright|backlight|contrast|wallpaper|background|brillo|contraste"
        "|pantalla|screen|ring|tono|caps|capitals|mayusculas|it to read|it to say|it to show|it to display"
        "|them to read|them to say|them to show|que diga|que muestre|que aparezca|que ponga",
        "cant": "cant|can not|unable|dont know|no se|no puedo|no logro",
        "class": "other|local|domestic|national|internal|long distance|nacional|internas|fijos"
        "|larga distancia|otras|us calls|us caller|us number|usa |u s |american|canadian|mexican|mobile|cell|international|english|spanish"
        "|else|resto|paises|celulares|moviles|los que|demas|rest of|landline|marcamos|llamamos|fijos|opciones"
        "|verizon|at t|att|mobile|sprint|comcast|telcel|movistar|vodafone|orange|claro|cells|carrying"
        "|numbers are|numbers still|numbers go|numbers get|numbers work|numbers connect",
        "share": "not a|caida total|percent|ciento| of | de |azar| a day|al dia|por dia|third|half"
        "|every other|every second|every fourth|every fifth|every sixth|every seventh|every eighth|every tenth"
        "|each second|each third|each fifth|th call|st call|nd call|rd call|si y otra|si y una|cada dos|cada tres"
        "|cada cuatro|cada cinco|cada segunda|cada tercera|cada cuarta|cada quinta"
        "|quarter|tercio|mitad|cuarta|buena parte|in two|in three|in four|in five|in ten|in 1|in 2|in 3"
        "|in 4|in 5|in 6|in 7|in 8|in 9|de cada|others|demas|not all|no todas|some|algunas",
        "noprob": "problem|issue|falla|caida|outage|broken|wrong|nada|averia|fault|work here|work for us|work with us"
        "|works here|trabaja|hicimos|hemos hecho|realizamos|make any|made any|place any|placed any|make those|made those|cayo nada|caio nada|went down|quedarnos sin|want to lose|want to be without"
        "|not down|arent down|isnt down|not out|arent out|isnt out|not dropping|arent dropping|not dead|not failing"
        "|is down|gone down|emergenc|no dan|no da ning|no tienen|no tiene|no presenta|han dado|ha dado|no estan caid|no esta caid"
        "|ha caido nada|urgencia",
        "fine": "work|fine|ok|good|normal|unaffected|connect|conect|go through|going through"
        "|come through|ring|bien|funcion|pasan|y recibir|entran|salen|suenan|llamadas si|taking"
        "|atiend|make and|place and|call out and|problem|fluyen|contestan|reciben|hacen|everything|todo"
        "|jalan|sirven|perfecta|can make|can still|can all|can call|can dial|can place|can take|can receive"
        "|can get|pueden llamar|podemos llamar|puedo llamar|pueden marcar|podemos marcar|puedo marcar|pueden hablar"
        "|podemos hablar|puedo hablar",
    }.items()
}


# Every family's words by their first `_HEAD` characters (the shorter ones apart): a word is
# in a text only where its head is, so the text's heads, sliced once, leave a few words to
# look for, and one walk answers every family (a message asks about twenty times).
_HEAD: Final = 3
_SLICES: Final = tuple(slice(i, i + _HEAD) for i in range(4096))
_PRESENT: Final = object()  # the key of a text's families in SEEN


def _by_head() -> tuple[dict[str, tuple[tuple[str, str], ...]], tuple[tuple[str, str], ...]]:
    found: dict[str, list[tuple[str, str]]] = {}
    short: list[tuple[str, str]] = []
    for family, words in _WORDS.items():
        for word in words:
            if len(word) >= _HEAD:
                found.setdefault(word[:_HEAD], []).append((family, word))
            else:
                short.append((family, word))
    return {head: tuple(pairs) for head, pairs in found.items()}, tuple(short)


_BY_HEAD, _SHORT = _by_head()
_HEADS: Final = frozenset(_BY_HEAD)


def _families_in(text: str) -> frozenset[str]:
    """The families one of whose words `text` holds."""
    found = {family for family, word in _SHORT if word in text}
    places = len(text) - _HEAD + 1
    if places > len(_SLICES):
        held = frozenset(text[i : i + _HEAD] for i in range(places))
    else:
        held = frozenset(map(text.__getitem__, _SLICES[: max(places, 0)]))
    for head in _HEADS.intersection(held):
        for family, word in _BY_HEAD[head]:
            if family not in found and word in text:
                found.add(family)
    return frozenset(found)


def may(text: str, family: str) -> bool:
    """Whether `text` holds a word the `family`'s pattern needs (see `_WORDS`): every family
    is read at the first question about a text, kept for its message (`flows.classify.cues.SEEN`)."""
    key = (_PRESENT, text)
    present = SEEN.get(key)
    if present is None:
        if len(SEEN) > SEEN_MOST:
            SEEN.clear()
        present = SEEN[key] = _families_in(text)
    return family in present


# One destination, carrier, country or call class (guide: P2, a degradation, whoever dials
# it): "calls to Canada", "Mexico", "toll-free numbers can't be dialed", "one specific
# number", "callers from Puerto Rico", "a ningun celular de Telcel", "los clientes de
# Vodafone", "internacionales", "larga distancia", "al extranjero", "desde Canarias".
_PLACES = (
    r"canada|mexico|brazil|brasil|puerto rico|chile|colombia|peru|argentina|guatemala|honduras|el salvador|costa rica"
    r"|panama|venezuela|ecuador|cuba|dominican republic|republica dominicana|jamaica|bahamas|hawaii|alaska|uk|england|ireland"
    r"|ontario|quebec|alberta|british columbia|nova scotia|manitoba|saskatchewan|new brunswick|newfoundland|yukon"
    r"|france|francia|germany|alemania|spain|espana|italy|italia|portugal|india|china|japan|japon|philippines|filipinas"
    r"|australia|marruecos|morocco|inglaterra|reino unido|estados unidos|the us|the usa|the states|eeuu|canarias|baleares"
    r"|ceuta|melilla|the caribbean|el caribe|europe|europa|asia|latin america|latinoamerica|sudamerica|south america"
    r"|[2-8]11"  # N11 service codes: "dialing 311 or 411" (round 7)
)
_CARRIERS = r"verizon|at ?t|t ?mobile|sprint|rogers|bell|telus|comcast|telcel|movistar|vodafone|orange|yoigo|masmovil|digi|claro|tigo|iusacell|unefon|bait"
# "our Mexico office", "la sucursal de Canarias": a place of the customer's, not a destination.
_NOT_A_SITE = (
    r"(?! (?:office|site|branch|location|store|clinic|plant|warehouse|team|staff|oficina|sucursal|planta|tienda"
    r"|clinica|sede|delegacion|almacen|equipo|personal))"
)
DESTINATION: Final = gated(
    rf"\b(?:(?:calls?|calling|dial\w*|call|reach|llamadas?|llamar|marcar|marcamos|llamamos) (?:\w+ ){{0,3}}?(?:to |into |in |a |al |hacia |con |de )?(?:(?:any|ningun|ninguna|un|una|los|las|el|la) )?(?:(?:numbers?|numeros?|celular(?:es)?|moviles?|cell ?phones?|mobiles?|phones?) (?:in |of |on |de |en |del )?)?(?:{_PLACES}|{_CARRIERS}){_NOT_A_SITE}"
    rf"|(?:callers?|customers?|clients?|people|anyone|clientes|usuarios|los que (?:llaman|marcan)|quien(?:es)? (?:llama|llaman|marca|marcan)"
    rf"|reached|reach us|call us|calling us|get through|llamarnos|marcarnos|nos llaman|nos marcan) (?:\w+ ){{0,3}}?(?:from|in|on|with|desde|de|en|con) (?:(?:a|an|the|un|una) )?(?:(?:movil|celular|mobile|cell|phone|line|linea) (?:de |from |on )?)?(?:{_PLACES}|{_CARRIERS}){_NOT_A_SITE}"
    rf"|(?:desde|from) (?:{_PLACES}){_NOT_A_SITE}"
    r"|(?:international|long distance|overseas|internacional\w*|internasional\w*|larga distancia|al extranjero|abroad|(?:dial\w*|call\w*|reach|llamar|marcar) (?:\w+ ){0,2}?(?:toll ?free|(?:1 ?)?8(?:00|88|77|66|55|44|33)(?: (?:or|and|y|o) (?:1 ?)?8\d\d)?) numbers|(?<!our )(?:toll ?free|(?:1 ?)?8(?:00|88|77|66|55|44|33)(?: (?:or|and) (?:1 ?)?8\d\d)?) numbers (?:\w+ ){0,4}?(?:cant|cannot|can not|wont|dont|arent|not) (?:be )?(?:dial\w*|call\w*|reach\w*|connect\w*)|numeros (?:gratuitos|800|900) (?:externos|de otr\w+)"
    # Emergency calls are one call class (guide: P2): "the 911 test failed", "al 112 no sale".
    r"|(?:911|e ?911|112|999|emergency|emergencias?) (?:\w+ ){0,2}?(?:calls?|tests?|llamadas?|pruebas?|numbers?|numeros?|services?|servicios?|line)"
    r"|(?:calls?|calling|dial\w*|tests?|tested|testing|llamadas?|llamar|marcar|marcamos|probamos|prueba\w*|reach) (?:\w+ ){0,3}?(?:to |a |al |de )?(?:911|e ?911|112|emergency services|emergencias|servicios de emergencia)"
    # Mexican long-distance codes and numbers of a kind: "la lada 55", "a numeros 800".
    # Round 7: service codes said in pairs ("al 040 ni al 070"), local 7-digit dialling,
    # reached from one carrier's phones ("from T-Mobile phones", "desde un Telcel").
    r"|(?:010|020|030|040|050|060|070|080|090) (?:ni|y|o) (?:al |a )?0[1-9]0"
    r"|(?:7|8|seven|eight|siete|ocho) ?digit\w* (?:local )?(?:calls?|dialing|dialling|numbers?|llamadas|numeros)|locales (?:a )?(?:7|8|siete|ocho) digitos"
    rf"|desde (?:un|una) (?:celular |movil )?(?:{_CARRIERS})\b(?! (?:to|a|over)\b)"
    r"|lada (?:\d+|nacional|internacional|de \w+)|(?:llamadas?|llamar|marcar) (?:\w+ )?a (?:los )?numeros (?:800|900|gratuitos)"
    r"|(?:un|una|el|la) (?:\w+ ){0,2}?(?:proveedor|cliente|empresa|numero) (?:concreto|concreta|especifico|especifica|en particular)"
    r"|(?:one|a|this|that) (?:specific|particular|single|certain) number|(?:un|este|ese) numero (?:en )?(?:concreto|especifico|en particular)"
    r"|(?:a|an|any|ningun|ninguna|un|los|las) (?:numeros? )?(?:celular(?:es)?|moviles?|cell ?phones?|mobiles?) (?:numbers? )?(?:de|of|on|from) (?:\w+ )?(?:"
    + _CARRIERS
    + r"))"
    r")\b"
)
# Round 12: another organisation's number, anyone in a place ("calling the county hospital's
# main line", "reach our bank's fraud line", "dialing into our client's conference bridge",
# "llamar al numero del hospital", "calls to anyone in Nova Scotia"); not the business's own
# callers ("patients calling the clinic's main line"). Read only on a text that names one
# (the "org" words).
OTHER_NUMBER: Final = gated(
    r"\b(?=[cdjr])(?<!patients )(?<!customers )(?<!callers )(?<!people )(?<!clients )(?:call|calling|dial|dialing|dialling|reach|reaching|join|joining) (?:into |to |in )?(?:the |a |an |our |their )?(?:(?!us |from )\w+ )?(?:hospital|clinic|bank|client|partner|vendor|supplier|school|county|state|city|court\w*|government|unemployment|insurance|insurer)s? (?:\w+ ){0,3}?(?:numbers?|lines?|bridge)\b"
    r"|\b(?:llamar|marcar|llamamos|marcamos) (?:al|a la|a el) (?:numero|linea|telefono) (?:del|de la|de) (?:\w+ )?(?:hospital|clinica|banco|cliente|proveedor|escuela|gobierno|ayuntamiento|juzgado|aseguradora)\b"
    r"|\b(?:calls? to|calling|dialing|dialling|reaching) (?:anyone|anybody|people|numbers?) in (?!our |the office|the building)\w+"
)
# Words one of which a whole-loss phrase needs; the phrase keeps calling lost everywhere:
# "no calls in or out at all", "no calls to anywhere", "ni entra ni sale nada".
DESTINATION_ANYWHERE: Final = gated(
    r"\b(?:anywhere|in or out|in and out|de nadie|from (?:anyone|anybody)|ni (?:de|desde) \w+ ni (?:de|desde) \w+|a ningun lado|a ninguna parte|a ningun sitio|a ningun numero(?! (?:de|en|del))|any number(?! (?:in|of|on))"
    r"|(?:not|ni|nor|neither) (?:\w+ )?(?:local|locales|domestic|nacionales)(?: calls)? (?:\w+ ){0,2}?(?:not|ni|nor|or) (?:\w+ )?(?:long distance|larga distancia|international|internacionales)"
    r"|ni (?:entra|entran) ni (?:sale|salen)|(?:entra|entran) ni (?:sale|salen)|international and domestic|nacionales (?:e|y|ni) internacionales"
    r"|locales (?:e|y|ni) (?:internacionales|de larga distancia)|local (?:or|and|nor) (?:international|long distance)|domestic (?:or|and|nor) international"
    # Round 12: nothing goes out at all ("none of our phones can dial out at all", "nothing
    # dials out from any phone", "no sale ninguna llamada de ningun telefono").
    r"|(?:dial|call|calls|go|goes) out at all|nothing (?:dials|goes|gets) out"
    # Round 14: wherever we dial, every kind ("marcamos a donde sea", "a cualquier numero ...
    # celulares, fijos, larga distancia, todo", "whatever number we dial").
    r"|(?:a|adonde|donde) (?:donde )?sea\b|(?:a|al) cualquier numero|(?:whatever|any) number (?:we|you|i) (?:dial|call|try)|wherever we (?:dial|call)|anything we dial"
    r"|(?:fijos|moviles|celulares|nacionales|larga distancia|locales)(?:,? (?:\w+ ){0,3}?(?:fijos|moviles|celulares|nacionales|larga distancia|locales|internacionales))+,? (?:todo|todas|de todo)\b"
    r"|(?:mobiles|landlines|local|national|long distance|international)(?:,? (?:\w+ ){0,2}?(?:mobiles|landlines|local|national|long distance|international))+,? (?:everything|all of them|the lot)\b"
    r"|no sale ninguna llamada|(?:none of|no) (?:our |the )?(?:phones|extensions) can (?:dial|call) out"
    # Round 13: every outbound call barred, the local ones too ("blocked every outbound call,
    # even local ones", "bloquearon todas las llamadas salientes, hasta las locales").
    r"|(?:even|including|incl|also) (?:the )?local (?:ones|calls|numbers)|local (?:ones|calls) too|(?:hasta|incluso|incluidas|tambien) las (?:llamadas )?locales"
    r"|(?:all|every|any) (?:our )?(?:outbound|outgoing|external) (?:calls? )?(?:\w+ ){0,4}?(?:blocked|barred)|(?:barred|blocked) (?:all|every) (?:outbound|outgoing)"
    r"|(?:bloquearon|bloqueadas|bloqueada|restringieron) (?:\w+ )?todas las (?:llamadas )?salientes|cant dial anything (?:external|outside))\b"
)

# A feature is what neither comes in nor goes out ("el fax: no entra ni sale ninguno",
# "faxes don't come in or go out"): the in/out loss is the feature's, not calling's.
FEATURE_IN_OUT: Final = gated(
    r"\b(?:fax\w*|e ?fax|sms|texts?|text messages|mensajes(?: de texto)?|documentos?|correos?|emails?)"
    r" (?:\w+ ){0,4}?(?:(?:no|ni) (?:entra|entran|llega|llegan|recibe|reciben) ni (?:sale|salen|se envia\w*|envia\w*)"
    r"|(?:nothing|none|dont|doesnt|wont|arent|isnt|not) (?:\w+ ){0,2}?(?:in or out|come in or go out|coming in or going out|send or receive|sending or receiving))\b"
    r"|\b(?:no|ni) (?:entra|entran|llega|llegan) ni (?:sale|salen) (?:ningun |ningunos |los |nuestros )?(?:fax\w*|documentos?|mensajes|sms|correos)\b"
)
# Calls or lines as what a feature records or reports ("no se graba ninguna linea", "no
# calls are being recorded"): the feature fails, calling does not.
CALLS_RECORDED: Final = gated(
    r"\b(?:(?:calls?|lines?) (?:\w+ ){0,3}?(?:(?:being|getting|been) )?(?:recorded|transcribed|logged)"
    r"|(?:no|not|isnt|arent|wasnt|stopped|dejo de|dejaron de|doesnt|dont|wont) (?:se )?(?:\w+ )?(?:record|recording|records|grabar|graba|graban|grabando|grabo|grabaron|registra|registran)"
    r" (?:\w+ ){0,2}?(?:any |ninguna |ningun |las |the |our )?(?:calls?|llamadas?|lines?|lineas?)"
    r"|(?:llamadas?|lineas?) (?:\w+ ){0,3}?(?:se (?:esta |estan )?(?:graba|graban|grabando|grabo|registra\w*)|grabad[oa]s?|grabando))\b"
)


# Round 12: one named phone without dial tone ("the phone in the shop office (ext 220) has no
# dial tone at all", "the phone in the CFO's office has no dial tone at all"): that device's.
_ONE_PHONE_NO_TONE: Final = re.compile(
    r"\b(?:the|our|my|his|her) (?:\w+ )?(?:phone|handset|deskphone|desk phone|extension)\b(?! system)(?: \w+){0,8}? has no dial tone"
)


def site_calling_lost(norm: str) -> re.Match[str] | None:
    """`SITE_CALLING_LOST`, unless what it found is one named phone's lost dial tone."""
    found = SITE_CALLING_LOST.search(norm)
    if (
        found is not None
        and found.group(0).startswith("has no")
        and _ONE_PHONE_NO_TONE.search(norm)
    ):
        return None
    return found


# Calling lost for the whole site, said of the trunk or of the calls in and out, or of the
# contact center's queue ("el primario esta caido, no entra ni sale nada", "the call center
# queue isn't delivering any calls to agents"): every caller of the business fails.
SITE_CALLING_LOST: Final = gated(
    r"\b(?:(?:no|ni) (?:entra|entran) ni (?:sale|salen)|(?:no|ni) (?:sale|salen) ni (?:entra|entran)|nothing (?:is )?(?:coming |going )?in or out|no calls (?:coming )?in or out"
    r"|(?:call ?center|contact center|queues?|colas?|centro de (?:llamadas|contacto)|acd)\b(?:\w| ){0,30}?"
    r"\b(?:isnt|is not|arent|not|hasnt|has not|havent|have not|no (?:esta|estan|ha|han)) (?:been )?"
    r"(?:delivering|delivered|routing|routed|sending|sent|passing|passed|entregando|entregado|repartiendo|repartido|pasando|pasado|mandando|mandado)"
    r" (?:any|a single|a|ninguna|no|las|the)"
    r"|(?:queues?|colas?) (?:\w+ ){0,3}(?:no (?:entrega|reparte|pasa|manda) (?:ninguna|las) llamadas?)"
    # Round 7: "agents aren't receiving ANY queue calls", "no phones whatsoever".
    r"|(?:agents?|agentes|call ?center|contact center) (?:\w+ ){0,3}(?:arent|are not|not|no (?:estan|han)|no) (?:receiving|getting|recibiendo|recibido|reciben|les (?:entra|llega)n?) (?:any|a single|ninguna|no) (?:\w+ )?(?:calls?|llamadas?)"
    r"|none of (?:our |the )?(?:\d+ )?agents (?:are |is )?(?:getting|receiving) (?:any )?(?:\w+ )?calls"
    r"|ninguno de (?:los |nuestros )?(?:\d+ )?agentes (?:\w+ )?(?:recibe|reciben|le entran|les entran|le llegan|les llegan) (?:ninguna |las )?llamadas?"
    r"|(?:ivr|menu|auto ?attendant|phone tree|operadora automatica) (?:\w+ ){0,3}(?:is |esta )?(?:broken|roto|rota|down|caid[oa]|muert[oa]) (?:for|para) (?:everyone|everybody|all callers|todos|todo el mundo)"
    r"|(?:whatever|any) (?:key|option|button) (?:\w+ )?(?:press|presses|pressed|pick|picks|choose|chooses)(?: \w+){0,8}? (?:disconnect\w*|hang\w* up|goodbye|drop\w*|invalid)"
    r"|(?:pulsen|marquen|opriman|elijan) (?:\w+ ){0,3}que (?:pulsen|marquen|opriman|elijan)(?: \w+){0,8}? (?:corta|cuelga|se corta|se cuelga|adios|no valida)"
    # Round 14: "pulses la tecla que pulses, se corta", "cualquier tecla que marquen corta la llamada".
    r"|(?:pulses|marques|oprimas|elijas|presiones) (?:\w+ ){0,3}que (?:pulses|marques|oprimas|elijas|presiones)(?: \w+){0,8}? (?:corta|cuelga|se corta|se cuelga|adios|no valida)"
    r"|cualquier tecla (?:\w+ ){0,4}?(?:corta|cuelga|se corta|se cuelga|tumba|cortan|cuelgan)"
    r"|no calls? (?:is |are )?(?:being )?(?:delivered|routed|sent|offered) to (?:any|our|the) (?:\w+ )?agents?"
    # Round 10: the main number and the direct lines both dead ("ni el general ni los
    # directos reciben llamadas"), a whole office said not to receive calls.
    r"|ni (?:el|la|los|las) (?:\w+ )?(?:general|principal|generales|principales|numero principal)(?: \w+){0,2}? ni (?:el|la|los|las) (?:\w+ )?(?:directos|directas|directo|extensiones|directas)(?: \w+){0,2}? (?:reciben|recibe|entran|entra|suenan|funcionan)"
    r"|(?:oficina|sucursal|tienda|sede|clinica|planta|delegacion|office|branch|store|clinic)(?: de \w+| in \w+)? (?:no (?:recibe|puede recibir|hace|puede hacer)|(?:isnt|is not|cant|can not|cannot) (?:receiving|getting|receive|get|make|making)) (?:ninguna |any |ni una )?(?:llamadas?|calls?)"
    r"|no phones (?:whatsoever|at all)|(?:have|has|with) no (?:phones|phone service|dial tone) (?:whatsoever|at all)"
    r"|only (?:extension to extension|ext to ext|internal|intercom|inside)(?: calls)? (?:work|works|go through|connect|are working)"
    r"|(?:any|every|all) (?:outside|external) (?:numbers?|calls?|lines?) (?:\w+ ){0,4}?(?:beeps?|drops?|fails?|fast busy|reorder|dead air|silence|disconnects?)"
    r"|solo (?:podemos |se puede )?(?:llamar(?:nos)?|marcar|hablar) entre extensiones|nada mas (?:entre extensiones|internas)|solo (?:entre extensiones|(?:las )?(?:llamadas )?internas)"
    r"|cualquier numero (?:de fuera|de afuera|externo)(?: \w+){0,4}? (?:da|hace|se corta|falla|no sale|suena ocupado)"
    r"|(?:no (?:nos )?(?:llega|entra) )?ninguna llamada (?:externa|de (?:a)?fuera)|(?:de (?:a)?fuera|externas?),? nada"
    r"|(?:call|calls|calling|dial|dialing) out (?:\w+ ){0,4}?(?:silence|dead air|nothing)(?: \w+){0,6}? (?:drops?|disconnects?|cuts off|hangs up|ends)"
    r"|(?:every|any|whatever) number (?:we|you) dial (?:\w+ ){0,2}?(?:gives|get|gets|hits|returns) (?:a |an )?(?:reorder|fast busy|busy|error)"
    r"|(?:ivr|menu|auto ?attendant|phone tree|operadora automatica|contestadora automatica|recepcionista virtual) (?:\w+ ){0,12}?"
    r"(?:everyone who calls|every caller|all callers|anyone who calls|todos los que llaman|cualquiera que llame|los clientes)(?: \w+){0,8}? (?:disconnect\w*|hang\w* up|drop\w*|goodbye|cuelga|se cuelga|se corta|corta)"
    r"|(?:operadora automatica|auto ?attendant|main ivr|main menu|menu principal) (?:\w+ )?(?:no (?:coge|contesta|atiende|responde)|(?:doesnt|isnt|wont|is not) (?:answer\w*|pick\w* up)|(?:is|esta) (?:down|caid[oa]|muert[oa]))"
    # Round 8: every caller hears a not-in-service recording or nobody is answered ("no
    # atiende a nadie, da numero no habilitado a todos los que llaman"), and all calls in and
    # out without audio: calling lost for the site, wherever the item sits in a list.
    r"|(?:numero|linea|0 ?800|800|toll free|conmutador|troncal)(?: \w+){0,5}? no (?:le )?(?:atiende|contesta|entra) a nadie"
    r"|(?:todos los que (?:nos )?(?:llaman|marcan)|cualquiera que (?:nos )?(?:llame|marque)|(?:every|any)one (?:who|that) calls(?: us)?|every caller|all (?:our )?callers)"
    r"(?: \w+){0,6}? (?:numero no habilitado|no habilitado|no existe|fuera de servicio|not in service|no longer in service|(?:has been )?disconnected|the number you (?:have )?(?:dialed|reached))"
    r"|(?:numero no habilitado|numero (?:que (?:marco|marcaste) )?no existe|not in service|the number you (?:have )?(?:dialed|reached)(?: \w+){0,5}?) (?:\w+ ){0,3}?(?:a|para|to|for) (?:todos|everyone|everybody|every caller|all callers|anyone|cualquiera)"
    r"|(?:all|every) (?:our )?calls,? (?:both )?in and out,? (?:\w+ ){0,3}?(?:no audio|no sound|dead air|silence|fail|drop)"
    # Round 10: every caller hears the greeting and is then cut off ("todo el que llama
    # escucha el menu de bienvenida y luego se corta"): nobody reaches the business.
    r"|(?:every caller|all (?:our )?callers|everyone (?:who|that) calls|anyone (?:who|that) calls|everybody (?:who|that) calls|todos los que (?:nos )?llaman|todo el que (?:nos )?llama|cualquiera que (?:nos )?llame|todos los que (?:nos )?marcan)"
    r"(?: \w+){0,6}? (?:hears?|gets?|escucha\w*|oye\w*|les suena|le suena|les sale|le sale)(?: \w+){0,5}? (?:greeting|welcome|message|menu|saludo|bienvenida|mensaje|locucion)"
    r"(?: \w+){0,4}? (?:then|luego|despues|before)(?: \w+){0,5}? (?:drops?|dropped|cut off|cuts? off|disconnect\w*|hangs? up|hung up|corta|cae|cuelga)"
    r"|(?:todas las llamadas|ninguna llamada),? (?:ni )?(?:entrantes|de entrada) (?:ni|y) (?:salientes|de salida),? (?:\w+ ){0,3}?(?:sin audio|sin sonido|se oye|suena|falla|se corta)"
    # Round 11: the main or toll-free number failing every caller, said of the number ("the
    # main line has stopped taking calls", "our main number gives every caller dead air", "el
    # numero principal no recibe ninguna llamada"), or silence then a cut for every caller
    # ("rings into silence and then disconnects for every caller", "deja al que llama
    # escuchando silencio y luego se corta").
    r"|(?:main|toll ?free|published|company|business|office) (?:phone )?(?:number|line)(?: \w+){0,3}? (?:has |have )?(?:stopped|stops|isnt|is not|wont|doesnt|cant)"
    r" (?:taking|receiving|accepting|getting|ringing|take|receive|accept|get|ring)(?: \w+){0,2}? (?:any )?(?:calls?|through)"
    r"|(?:main|toll ?free|published|company|business|office) (?:phone )?(?:number|line)(?: \w+){0,3}? (?:gives?|giving|plays?|playing) (?:every caller|all (?:our )?callers|everyone|anyone who calls)"
    r" (?:a |an )?(?:dead air|silence|fast busy|busy|reorder|error|recording)"
    r"|(?:numero|linea|telefono) (?:principal|general|de la empresa|800|900)(?: \w+){0,3}? (?:no (?:recibe|coge|entra|suena|acepta)|dejo de (?:recibir|sonar|entrar|coger|aceptar))"
    r" (?:ninguna |las |ni una )?llamadas?"
    r"|(?:silence|silencio|dead air)(?: \w+){0,2}? (?:then|luego|despues)(?: \w+)? (?:disconnects?|drops?|hangs? up|cuts? off|se corta|corta|cuelga|se cae)(?: \w+){0,3}?"
    r" (?:for|para|a|on) (?:every caller|all (?:our )?callers|everyone|everybody|todos los que (?:nos )?llaman|todo el que (?:nos )?llama|todos|cualquiera)"
    r"|(?:al|el) que (?:nos )?llama(?: \w+){0,2}? (?:escuchando |oyendo |en )?silencio(?: \w+)? (?:luego|despues) (?:se corta|corta|cuelga|se cae))\b"
)
