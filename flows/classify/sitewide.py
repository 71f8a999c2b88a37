"""Calling lost for the whole site, said plainly, on normalised text.

"No nos entra nada", the trunk or the calls in and out lost, the contact center's queue
delivering nothing, every caller cut after the greeting: every caller of the business
fails (P1). One named phone without dial tone is that device's, not the site's.
"""

from __future__ import annotations

import re
from typing import Final

from flows.classify.assessment import Assessment
from flows.classify.cues import gated
from flows.classify.service import FEATURE_FINE

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
    # Round 17: not a fax's ("no sale ni entra ningun fax": the fax line, P3).
    r"\b(?:(?:(?:no|ni) (?:entra|entran) ni (?:sale|salen)|(?:no|ni) (?:sale|salen) ni (?:entra|entran))(?! (?:\w+ )?fax)|nothing (?:is )?(?:coming |going )?in or out|no calls (?:coming )?in or out"
    # Round 17: "no hay llamadas ni para dentro ni para fuera"; calls that reach no agent
    # ("las llamadas entran al IVR y ahi mueren, no llega ninguna a los agentes").
    r"|no hay (?:ninguna )?llamadas? ni (?:para |de )?(?:dentro|adentro|entrada|entrantes) ni (?:para |de )?(?:fuera|afuera|salida|salientes)"
    r"|no (?:les |nos )?(?:llega|entra|pasa) (?:ninguna|ni una)(?: llamada)? a (?:los |las |ningun |ninguna )?(?:agentes|asesores|asesoras|operadores|operadoras|ejecutivos|ejecutivas)"
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


def calling_lost_beside_features_fine(rules: Assessment, norm: str, calls_work: bool) -> bool:
    """Round 20: the rules read the site's calling lost and the message says the features it
    names work ("voicemail works fine and the fax too, but nobody at the clinic can make or
    receive calls", "el buzon funciona pero no entra ninguna llamada a la oficina")."""
    return (
        (rules.impact, rules.scope, rules.service) == ("outage", "site", "voice")
        and rules.scope_options == ("site",)
        and not calls_work
        and FEATURE_FINE.search(norm) is not None
    )
