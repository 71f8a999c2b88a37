"""Numbers cut off, dead or the business's main one, on normalised text.

A suspension or a number disconnected by mistake reads as billing: these find the account
or number cut off, one device showing the account message (that phone's, unless every
phone says it), what callers of a cut-off number hear, and the main number every caller
dials (when it fails, it fails for the whole site). Their own module because they are
about the numbers, not about how calls fail.
"""

from __future__ import annotations

import re
from typing import Final

from flows.classify.cues import gated

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
# Round 23: one device showing it has no service ("my handset shows 'Network unavailable'",
# "mi Polycom muestra 'sin servicio'"): that device cannot call (P3 for one user), not a
# feature's message.
DEVICE_NO_SERVICE: Final = gated(
    r"\b(?:my|mi|the|this|that|el|este|ese|our|nuestro) (?:\w+ ){0,3}?(?:phone|handset|deskphone|desk phone|softphone|polycom|yealink|cisco|cordless|telefono|aparato|terminal|inalambrico)"
    r"(?: \w+){0,8}? (?:says?|shows?|showing|displays?|displaying|reads?|dice|muestra|pone|aparece|sale|marca)"
    r" (?:\w+ ){0,2}?(?:network unavailable|no service|no network|sin servicio|sin red|red no disponible|not registered|unregistered|no registrado"
    r"|registration failed|registro fallido|no line|sin linea|offline|fuera de linea)\b"
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
    # Round 23: Spain's freephone said as "el 900" / "nuestro 900" / "al 900".
    r"|(?:nuestro|el|al) 900(?! (?:de|del) )"
    # Round 12: the office dialled from outside ("when I dial our office from my cell").
    r"|(?:call|called|calling|dial|dialed|dialled|dialing|ring|rang) (?:our|the) (?:office|company|business|shop|store|clinic)(?! (?:phone|extension|manager|admin))"
    r"|(?:marco|marque|llamo|llame|llamamos|marcamos) (?:a|al) (?:la oficina|la empresa|la tienda|la clinica)\b(?! de \w+ (?:extension|telefono)))\b"
)
# Round 15: a carrier's "mailbox is full" that every caller of the business hears ("anyone
# who rings our office number hears the mailbox is full ... not our voicemail", "a cualquiera
# que llama le sale el buzon del abonado esta lleno"): the number fails, not a voicemail.
CARRIER_MAILBOX: Final = gated(
    r"\b(?:(?:every ?(?:one|body)|any ?(?:one|body))(?: who| that)? (?:rings|calls|dials|calling|ringing)"
    r"|every caller|all (?:our |the )?callers|(?:cualquiera|todo el|todos los|quien|quienes) (?:que )?(?:nos )?(?:llama|llaman|marca|marcan))"
    r"(?: \w+){0,15}? (?:mailbox|buzon)(?: \w+){0,4}? (?:full|lleno)\b"
)
# Round 12: what every caller of a dead number hears ("not in service", "no existe").
_NUMBER_DEAD: Final = re.compile(
    r"\b(?:not in service|no longer in service|out of service|fuera de servicio|no existe|numero no habilitado"
    r"|the number you (?:have )?(?:dialed|reached)|(?:has been|is|was) disconnected"
    r"|(?:number )?not recogni[sz]ed|no (?:es )?reconocido"
    # Round 18: "our toll-free number is dead ... get nothing", "el 800 no timbra en ningun lado".
    r"|(?:number|line|numero|linea|800) (?:\w+ )?(?:is dead|esta muert[oa]|no timbra|no suena|doesnt ring|no funciona)"
    r"|(?:get|gets|hear|hears) nothing|se queda mudo|no timbra en ningun lado"
    # Round 23: "nothing is coming into our toll-free line, callers hear a busy signal" (beside
    # "local numbers seem fine"): the number every caller dials is dead.
    r"|nothing (?:is )?(?:coming|comes|getting|gets) (?:in|into|through)|no (?:nos )?entra nada"
    r"|(?:callers|customers|clientes|people calling) (?:\w+ ){0,2}?(?:hear|get|oyen|escuchan|reciben) (?:a |an |el |un )?(?:busy|fast busy|ocupado|tono de ocupado)"
    r"|(?:gives|da) (?:\w+ ){0,2}?(?:busy|fast busy|ocupado|tono de ocupado) a (?:todos|todo el mundo|quien llama|los que llaman|los clientes)"
    r"|(?:gives|da) (?:every caller|all callers|everyone|callers|a todos) (?:a |an )?(?:busy|fast busy|ocupado))\b"
)
