"""Where calls go: one destination, another organisation's number, or anywhere.

One destination, carrier, country or call class failing is a degradation whoever dials it
(guide: P2); another organisation's number is that number's; and the words that make a
whole-loss phrase mean everywhere ("no calls in or out at all") keep calling lost for the
site. Their own module because they share the places and carriers they name.
"""

from __future__ import annotations

from typing import Final

from flows.classify.cues import gated

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
# Round 16: carriers outside the Americas and Spain too ("callers from Airtel mobiles").
_CARRIERS = (
    r"verizon|at ?t|t ?mobile|sprint|rogers|bell|telus|comcast|telcel|movistar|vodafone|orange|yoigo|masmovil|digi|claro|tigo|iusacell|unefon|bait"
    r"|airtel|mtn|safaricom|jio|vodacom|bsnl|etisalat"
)
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
    # Round 16: the destination said first ("hacia numeros de Estados Unidos las llamadas ...").
    rf"|(?:hacia|towards?) (?:(?:los|las|el|la) )?(?:numeros? (?:de |en |del )?)?(?:{_PLACES}){_NOT_A_SITE}"
    r"|(?:international|long distance|overseas|internacional\w*|internasional\w*|larga distancia|al extranjero|abroad|(?:dial\w*|call\w*|reach|llamar|marcar) (?:\w+ ){0,2}?(?:toll ?free|(?:1 ?)?8(?:00|88|77|66|55|44|33)(?: (?:or|and|y|o) (?:1 ?)?8\d\d)?) numbers|(?<!our )(?:toll ?free|(?:1 ?)?8(?:00|88|77|66|55|44|33)(?: (?:or|and) (?:1 ?)?8\d\d)?) numbers (?:\w+ ){0,4}?(?:cant|cannot|can not|wont|dont|arent|not) (?:be )?(?:dial\w*|call\w*|reach\w*|connect\w*)|numeros (?:gratuitos|800|900) (?:externos|de otr\w+)"
    # Emergency calls are one call class (guide: P2): "the 911 test failed", "al 112 no sale".
    # Round 16: "emergency services" only: a business's own "elevator emergency service" line
    # is its number, not a call class.
    # Round 17: not the number the business's own lift or alarm phones dial ("the emergency
    # number that all our elevator phones dial just rings"): its own line, not a call class.
    r"|(?<!elevator )(?<!lift )(?:911|e ?911|112|999|emergency|emergencias?) (?:\w+ ){0,2}?(?:calls?|tests?|llamadas?|pruebas?|numbers?|numeros?|services|servicios?|line)"
    r"(?!(?: (?:that|which|our|all|the|of|for))+ (?:\w+ )?(?:elevator|lift|alarm|panic|gate|door)s? (?:phones?|call|buttons?))"
    r"(?!(?: \w+){0,5}? (?:phones|call ?boxes|intercoms|help ?points|handsets) (?:all )?(?:dial|ring|call|use|reach))"
    r"|(?:calls?|calling|dial\w*|tests?|tested|testing|llamadas?|llamar|marcar|marcamos|probamos|prueba\w*|reach) (?:\w+ ){0,3}?(?:to |a |al |de )?(?:911|e ?911|112|emergency services|emergencias|servicios de emergencia)"
    # Mexican long-distance codes and numbers of a kind: "la lada 55", "a numeros 800".
    # Round 7: service codes said in pairs ("al 040 ni al 070"), local 7-digit dialling,
    # reached from one carrier's phones ("from T-Mobile phones", "desde un Telcel").
    r"|(?:010|020|030|040|050|060|070|080|090) (?:ni|y|o) (?:al |a )?0[1-9]0"
    r"|(?:7|8|seven|eight|siete|ocho) ?digit\w* (?:local )?(?:calls?|dialing|dialling|numbers?|llamadas|numeros)|locales (?:a )?(?:7|8|siete|ocho) digitos"
    rf"|desde (?:un|una) (?:celular |movil )?(?:{_CARRIERS})\b(?! (?:to|a|over)\b)"
    # Round 22: the carrier before its callers ("Verizon customers can't get through to our
    # main number", "AT&T cell callers"): that carrier's callers, one call class.
    rf"|(?:{_CARRIERS}) (?:cell |cellphone |mobile |wireless |prepaid )?(?:customers|callers|users|subscribers)"
    # Round 21: other organisations' toll-free numbers dialled out ("los 800 de los bancos no
    # entran desde ninguna extension"): one destination class, not the business's own 800.
    r"|(?<!nuestro )(?<!nuestros )(?<!nuestra )(?:(?:01 ?)?800|numeros gratuitos) de (?:los |las |otr\w+ |varios |varias )?(?:bancos?|proveedores|empresas|aseguradoras|clientes|compa\w+)"
    r" (?:\w+ ){0,2}?no (?:entran|salen|conectan|pasan|jalan|se pueden marcar|podemos marcar)"
    r"|lada (?:\d+|nacional|internacional|de \w+)|(?:llamadas?|llamar|marcar) (?:\w+ )?a (?:los )?numeros (?:800|900|gratuitos)"
    # Round 23: an area code's or a number class's numbers ("any 819 number fails", "los numeros
    # 900 no se pueden marcar"): one destination class.
    r"|(?:any|every|all|all the) (?:[2-9]\d\d) (?:numbers?|area code)"
    r"|(?:los |las )?numeros (?:800|900|901|902|905|gratuitos|de tarificacion especial)(?: \w+){0,2}? no (?:se pueden marcar|se pueden llamar|salen|conectan|entran|podemos marcar|funcionan|pasan)"
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
    # Round 17: "local, long distance, cell phones, all of it", "a fijos, celulares, lo que sea".
    r"|(?:mobiles?|landlines?|local|national|long distance|international|cell ?phones?|cells?)(?:,? (?:\w+ ){0,2}?(?:mobiles?|landlines?|local|national|long distance|international|cell ?phones?|cells?))+,? (?:and )?(?:all of it|anything|whatever|you name it)\b"
    r"|(?:fijos|moviles|celulares|nacionales|larga distancia|locales)(?:,? (?:\w+ ){0,3}?(?:fijos|moviles|celulares|nacionales|larga distancia|locales|internacionales))+,? (?:y )?(?:lo que sea|cualquier cosa|a lo que sea)\b"
    # Round 17: three kinds named one after another are every kind ("a fijos, a celulares, a
    # larga distancia", "landlines, mobiles and long distance").
    r"|(?:fijos|moviles|celulares|larga distancia|locales|nacionales)(?:,? (?:y |e |o |a |ni )?(?:a )?(?:fijos|moviles|celulares|larga distancia|locales|nacionales|internacionales)){2,}\b"
    r"|(?:landlines|mobiles|cell ?phones|cells|local|long distance|national)(?:,? (?:and |or |nor )?(?:to )?(?:landlines|mobiles|cell ?phones|cells|local|long distance|national|international)){2,}\b"
    r"|no sale ninguna llamada|(?:none of|no) (?:our |the )?(?:phones|extensions) can (?:dial|call) out"
    # Round 13: every outbound call barred, the local ones too ("blocked every outbound call,
    # even local ones", "bloquearon todas las llamadas salientes, hasta las locales").
    r"|(?:even|including|incl|also) (?:the )?local (?:ones|calls|numbers)|local (?:ones|calls) too|(?:hasta|incluso|incluidas|tambien) las (?:llamadas )?locales"
    r"|(?:all|every|any) (?:our )?(?:outbound|outgoing|external) (?:calls? )?(?:\w+ ){0,4}?(?:blocked|barred)|(?:barred|blocked) (?:all|every) (?:outbound|outgoing)"
    r"|(?:bloquearon|bloqueadas|bloqueada|restringieron) (?:\w+ )?todas las (?:llamadas )?salientes|cant dial anything (?:external|outside))\b"
)
