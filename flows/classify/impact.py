"""Impact cues: outage, degraded, intermittent, cosmetic, enhancement."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from flows.classify.cues import Compiled, Cues, compile_cues, gated

_NEGATIVE_VERBS = (
    r"working|work|works|ring|ringing|rings|register|registering|registered|connect|connecting"
    r"|come through|coming through|coming in|going out|going through|go through|get through"
    r"|getting through|load|loading|receiving|receive|sending|send|getting|dialing|dial"
    r"|answering|answer|available|reachable|responding|respond|booting|boot|turn on|power on"
)

OUTAGE_CUES: Final[Cues] = (
    # Round 13: every outbound call barred ("it barred all outbound", "nos bloquearon todas
    # las llamadas salientes"): a loss of outbound calling, not one class.
    (
        r"(?:blocked|barred|bloquearon|bloqueadas?|restringieron) (?:\w+ ){0,3}?(?:all|every|todas las) (?:\w+ )?(?:outbound|outgoing|salientes|llamadas salientes)"
        r"|(?:all|every) (?:our )?(?:outbound|outgoing) (?:calls? )?(?:\w+ ){0,4}?(?:blocked|barred)",
        4,
    ),
    # "ni un solo telefono tiene linea", "not a single phone works": the negation is "ni".
    (
        r"ni (?:un solo|una sola|uno|una) (?:\w+ ){0,2}(?:tiene|da|funciona|sirve|suena|anda|marca|recibe)"
        r"|not (?:a single|one) (?:\w+ ){0,2}(?:has|gets|works|rings|can)"
        # Round 13: "no hay ni un aparato en la clinica que de tono", "not a single handset in
        # the shop has dial tone": the device named, the place between, then the failure.
        r"|ni (?:un|una|un solo|una sola) (?:aparato|telefono|equipo|terminal|anexo|extension)(?: \w+){0,4}? que (?:de|da|tenga|tiene) (?:tono|linea|senal)"
        # Round 10: "ni el general ni los directos reciben llamadas"
        r"|ni (?:el|la|los|las) \w+ ni (?:el|la|los|las) \w+ (?:reciben|recibe|entran|entra|suenan|suena|funcionan|funciona)"
        # "can only call internally, nothing outside": the outside calls are lost.
        r"|(?:can )?only (?:call|dial) (?:internally|internal|inside|other extensions)|nothing (?:to the )?outside",
        3,
    ),
    # Round 11: "toda la planta quedo sin telefono", "nos quedamos sin lineas": left without
    # phones (a worry, "no queremos quedarnos sin telefono", is cut out as a denial first).
    (
        r"(?:quedo|quedaron|quedamos|nos quedamos|se quedo|se quedaron|estamos|seguimos) sin (?:telefonos?|lineas?|servicio|tono|llamadas|telefonia)",
        4,
    ),
    (
        r"down|outage|outages|dead(?! air)|offline|out of service|no service|no dial ?tone|no tone|service lost|lost service",
        3,
    ),
    (
        r"no (?:phone|phones|lines?|calls|audio|sound|connection|connectivity|signal|inbound|outbound|incoming|outgoing|service|calling|voice)",
        3,
    ),
    (
        r"(?:cant|unable to|not able to|can no longer|cant seem to|no longer able to|wont let (?:me|us)) (?:\w+ )?(?:make|receive|place|take|get|dial|call|answer|reach|access|log ?in|login|connect|send|use|open|check|register|ring"
        r"|reserve|update|manage|process|save|submit|download|complete)",
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
        r"(?:no se escucha|no escucho|no oigo|no se oye|no se oyen|cant hear|hear) (?:absolutely )?(?:nada|anything|nothing)|no audio|sin audio|dead silence"
        # Round 19: "se escucha nada" (Mexican, the "no" dropped), "conectan pero mudas".
        r"|(?<!ya )se (?:escucha|oye) nada|conectan? pero (?:\w+ ){0,2}?mud[oa]s?",
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
        r"|ni una (?:sola )?llamada|ninguna llamada|cero llamadas|sin registro|sin registrar"
        r"|nothing (?:is )?(?:coming|comes|getting|gets) (?:in|through)|no (?:inbound |incoming )?calls? (?:are |is )?coming (?:in|through)"
        r"|no (?:nos |les )?entra nada|no (?:nos |les )?llega nada"
        # "salientes bien, entrantes cero", "cero audio", "nada de tono"
        r"|(?:entrantes|salientes) (?:en )?cero|cero (?:entrantes|salientes|audio|tono)|nada de (?:audio|tono|sonido)"
        r"|(?:inbound|outbound|incoming|outgoing) (?:is |calls )?zero|zero (?:inbound|outbound|incoming|outgoing|audio)",
        3,
    ),
    (
        r"(?:se (?:nos |me |les )?)?(?:cae|caen|cayo|cayeron) (?:\w+ ){0,2}(?:telefonos?|sistema|lineas?|centralita|conmutador"
        r"|servicio|troncal|circuito|red|internet|planta|anexos?|internos?)"
        r"|(?:telefonos?|sistema|lineas?|centralita|conmutador|servicio|troncal|circuito|anexos?|internos?)"
        r" (?:\w+ )?se (?:nos |me |les )?(?:cae|caen|cayo|cayeron)",
        5,
    ),
    # Going out / dying / not starting: general verbs of a total loss.
    (
        r"(?:went|gone|go|goes|going|just went) (?:out|down|dead|dark|offline)|(?:all|both) (?:went|are|were) (?:out|down|dead)"
        r"|stuck (?:on|at) (?:the )?(?:boot\w*|loading|logo|starting|initiali\w*|registering)|wont (?:boot|start|come up|power up)"
        r"|(?:will|would) not (?:boot|start|turn on|power on|come up|register)|boot loop|keeps? rebooting",
        3,
    ),
    (
        r"nada funciona|nada sirve|no funciona nada|ni (?:telefonos|llamadas|tono|linea|lineas|internet)"
        r"|se (?:nos |me |les |le )?fueron|no (?:prende|prenden|enciende|encienden|arranca|arrancan|inicia|inician|levanta|levantan)"
        r"|(?:se queda|se quedan|quedan|queda|atorad[oa]s?|pegad[oa]s?) (?:\w+ )?en el (?:logo|arranque|inicio)|reinicia\w* (?:solo|sin parar|constantemente)",
        3,
    ),
)

DEGRADED_CUES: Final[Cues] = (
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
        r"muffled|tinny|fuzzy|hiss\w*|distorsion\w*|chasquid\w*|interferencias?|zumbido|suenan? apagad[oa]s?|se (?:escucha|escuchan|oye|oyen) (?:\w+ )?(?:mal|bajo|bajito|raro|lejos)"
        r"|choppy|garbled|robotic|static|echo|echoing|jitter|latency|lag|laggy|delay|delays|delayed|breaking up|crackl\w*|distorted|noise|noisy|buzzing|hum|humming",
        3,
    ),
    (
        r"one way audio|one sided audio|(?:cant|cannot|unable to|not able to|could not|cant seem to) hear|hear (?:nothing|only)|they cant hear|cant hear (?:us|me|them)",
        3,
    ),
    (
        r"(?:bad|poor|terrible|horrible|awful|low|crappy|lousy) (?:call |audio |voice |sound )?quality|quality|slow|sluggish|keeps|keep (?:dropping|cutting|disconnecting|rebooting|getting|happening|failing|losing)|constantly",
        3,
    ),
    # Round 13: a screen or report stuck on old figures ("the dashboard is showing yesterday's
    # numbers", "el panel sigue en los datos de ayer"): a feature that fails, not cosmetic.
    (
        r"(?:showing|shows|stuck on|frozen on|still on) (?:\w+ )?(?:yesterday|yesterdays|last weeks?|old|stale|outdated|this mornings?) (?:numbers|figures|data|stats|totals)|(?:muestra|muestran|se quedo en|se quedaron en|sigue en|siguen en) (?:\w+ )?(?:datos|numeros|cifras|estadisticas) (?:de ayer|viejos|antiguos|de la semana pasada)",
        3,
    ),
    # Round 13: calls lost midway, a recording or a call cut after a while ("keep losing calls
    # mid-conversation", "the recordings stop after about a minute", "se cortan al minuto").
    (
        r"losing (?:the |their |our |his |her )?calls|(?:stop|stops|stopped|end|ends|cut|cuts) (?:off |short )?after (?:about |around |roughly |just )?(?:a|one|\d+|thirty|sixty) (?:minute|min|second|sec)s?"
        r"|se (?:cortan|corta|detienen|paran) (?:a|al|despues de) (?:los |las |un |una )?(?:\d+ )?(?:minuto|segundo)s?",
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
        r"se (?:me |le |nos |les )?(?:corta|cortan|cae|caen)|cortan|cortes?|entrecortad\w*|eco|ruido|estatica|robotic\w*|retrasos?|retardo|demora|lent[oa]s?|lentisim[oa]"
        r"|nos pisamos|se pisan|(?:nos|se) (?:\w+ )?pisa(?:mos|n) al hablar|talk(?:ing)? over each other"
        # A group that rings only some of its phones: "only rings the first phone".
        r"|only rings (?:\w+ ){0,2}(?:first|one|1|two|some)|solo (?:suena|timbra|sonaba) (?:en )?(?:el |la )?(?:primer\w*|un[oa]?)",
        3,
    ),
    (
        r"mala calidad|pesima|calidad|no (?:se )?(?:escucha|escuchan|oye|oyen)|no (?:me|nos|le|les|te) (?:escucha|escuchan|oyen|oye)|no escucho|no (?:puedo|podemos|pueden|puede) (?:escuchar|oir|ver)|un solo lado|una (?:sola )?direccion",
        3,
    ),
    (
        r"mal|equivocad\w*|incorrect\w*|se queda(?:n)? (?:en silencio|pegad\w*|trabad\w*)|silencio",
        3,
    ),
    # Data that does not refresh or show is a degradation, however many see it.
    (
        r"no se (?:muestra|muestran|actualiza|actualizan|apaga|ve|ven)|no (?:me |le |nos |les )?(?:aparece|aparecen|muestra|muestran|actualiza|actualizan)"
        r"|not (?:updating|refreshing|showing (?:any )?(?:data|stats|numbers|names?))|show(?:s|ing)? no data|no data|sin datos|stale|out of date|desactualizad\w*",
        5,
    ),
    (
        r"pierden? (?:las )?llamadas|se pierden (?:las )?llamadas|se reinicia\w*|dos veces|se van (?:directo |directamente )?al buzon",
        3,
    ),
    (r"(?:sale|salen|aparece|aparecen|muestra|muestran) (?:\w+ ){0,2}como", 5),
    (r"problemas?|falla|fallas|detalle|raro", 1),
)

INTERMITTENT_CUES: Final[Cues] = (
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
        r"every (?:few|now|so|other(?! (?:phone|extension|line|handset|desk|user|person|device|seat|one)s?\b))|from time to time|half (?:of )?(?:the |their |our |my )?(?:time|calls)|now and then",
        5,
    ),
    (
        r"(?:calls?|llamadas?) (?:\w+ ){0,2}(?:to|from|a|hacia|desde|de) (?:some |certain |algunos |ciertos )?(?:canada|mexico|international|internacional\w*|overseas|long distance|larga distancia|cell|cells|cellphones?|mobiles?|mobile numbers|celulares?|moviles?|usa|us|eeuu|estados unidos|uk|europe|europa|certain numbers|ciertos numeros|some numbers|algunos numeros)",
        5,
    ),
    (
        r"features?|funcion|funcionalidad|boton|button|call park|parked|parking|parqueo|aparcad[oa]s?",
        5,
    ),
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

COSMETIC_CUES: Final[Cues] = (
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
    # Profile round 1: a screen's look said plainly ("purely visual", a tooltip cut off, a
    # button overlapping the arrows).
    (
        r"purely (?:visual|cosmetic)|(?:only|just) (?:visual|cosmetic)|tooltips?"
        r"|overlap(?:s|ping)? (?:the |a )?(?:\w+ ){0,2}(?:buttons?|arrows?|text|labels?|fields?|menus?|icons?)"
        r"|(?:shown|displayed|shows|displays|appear) (?:\w+ ){0,2}in the wrong format|solo (?:es )?(?:visual|estetico)",
        4,
    ),
)

ENHANCEMENT_CUES: Final[Cues] = (
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
    # Round 8: a missing feature asked as a complaint, "why can't your system let us
    # schedule ...", "por que su sistema no permite programar ...": a request, not a fault.
    (
        r"(?:why|how come) (?:\w+ ){0,3}?(?:cant|can not|doesnt|does not|wont|will not) (?:your|the) (?:system|platform|portal|app|service)(?: \w+)?"
        r" (?:let us|allow\w*|support|offer|schedule|export|have)|(?:por que|porque) (?:\w+ )?(?:su|el|la|vuestro|vuestra) (?:sistema|plataforma|portal|servicio) no (?:permite|deja|nos deja|tiene la opcion)",
        6,
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
    # Round 10: a missing feature demanded ("this needs to be added", "when are you adding
    # it?", "you don't offer a call-back option", "no ofrecen", "que lo agreguen").
    (
        r"needs to be added|(?:when|why) (?:are|will|arent|wont) you (?:be )?add(?:ing)?|(?:you|your system|your platform) (?:dont|doesnt|do not|does not) (?:offer|support|have)"
        r"|(?:wed|we would|id|i would) (?:love|like) an? (?:option|feature|way)|no (?:ofrecen|ofrecéis|ofreceis|tienen) (?:la |una )?(?:opcion|funcion)|(?:agreguen|anadan|añadan|incluyan) esa (?:opcion|funcion)",
        6,
    ),
    # Round 13: a feature demanded by comparison ("every other phone company does this",
    # "todas las demas companias lo tienen", "add it now", "agreguenlo ya").
    (
        r"every other (?:phone |voip )?(?:provider|company|carrier|system) (?:has|does|offers|supports)",
        6,
    ),
    (
        r"(?:todos|todas) (?:los|las) (?:demas|otros|otras) (?:companias|empresas|proveedores|operadoras|centralitas) (?:lo |la )?(?:tienen|hacen|ofrecen|permiten)",
        6,
    ),
    (
        r"(?:add|build|implement) (?:it|this|that) (?:now|asap|already|today)|(?:agreguenlo|anadanlo|implementenlo|pongan esa opcion) (?:ya|hoy|ahora)",
        6,
    ),
    # Profile round 1: a change to a product that works, asked for ("would it be possible to
    # add", "any chance u could add", "we would like to request that the response include",
    # "we need the portal to support", "a webhook whenever ...", "se podria anadir").
    (
        r"(?:would|will) it be possible to (?:add|include|support|offer)"
        r"|(?:any chance|is there any chance) (?:u|you|we) (?:could|can) (?:add|get|have|include|support)"
        r"|(?:could|can|would) (?:u|you) (?:please )?(?:add|include|build|implement) (?:a |an )?(?:\w+ ){0,2}(?:function\w*|feature|reminder|notification|alert|export|filter|field|column|button|report|webhook|setting|toggle)s?"
        r"|(?:would|d) like to request that|request (?:that )?(?:the |your )?(?:\w+ ){0,3}(?:include|support|show|allow|offer)s?"
        r"|need (?:the |your )?(?:\w+ ){1,3}to support|(?:a|an) (?:\w+ )?(?:webhook|notification|alert|reminder) (?:\w+ )?(?:whenever|every time|each time|before)"
        r"|se podria (?:anadir|agregar|incluir)|(?:podrian|podeis|pueden) (?:anadir|agregar|incluir) (?:una? )?(?:\w+ ){0,2}(?:funcion|opcion|alerta|aviso|notificacion|exportacion|filtro|campo|boton|informe)",
        5,
    ),
    # Round 17: something new wished on the screen ("we need incoming calls to show the
    # customer's account number", "queremos que al llamar un cliente salga su foto").
    (
        r"(?:need|want|would like) (?:\w+ ){1,4}?to (?:show|display|pop up)"
        r"|(?:necesitamos|queremos|quisieramos) que (?:\w+ ){0,6}?(?:salga|muestre|aparezca|se vea)",
        6,
    ),
)

# Every call fails the same way: a total loss, not a degradation.
EVERY_CALL: Final = gated(
    r"(?<!not )(?<!no )\b(?:every (?:single )?call|all (?:the |our |incoming |inbound |outbound |outgoing )?calls|each call"
    r"|todas las llamadas|cada llamada|every time|siempre"
    # Round 14: "todas, sin excepcion", "from every handset", "desde cualquier telefono".
    r"|sin excepcion|without (?:an )?exception|no exceptions|every (?:phone|handset|extension)|from any (?:phone|handset|extension)"
    r"|desde cualquier (?:telefono|extension|aparato)|todos los telefonos|cualquier numero que (?:marquemos|marcamos)"
    r"|(?:marcamos|llamamos|marco|llamo) (?:a )?(?:donde sea|adonde sea|cualquier numero)|(?:whatever|any) number (?:we|i) (?:dial|call))\b"
)
FAILS_WHOLE: Final = gated(
    r"\b(?:dead air|silence|silencio|disconnect\w*|hang up|hangs up|cuelga\w*|se corta\w*|fail\w*|fall\w*|busy|ocupado"
    r"|not in service|no existe|no esta en servicio|no audio|sin audio)\b"
)


TABLES: Final[Mapping[str, Compiled]] = {
    "outage": compile_cues(OUTAGE_CUES),
    "degraded": compile_cues(DEGRADED_CUES),
    "intermittent": compile_cues(INTERMITTENT_CUES),
    "cosmetic": compile_cues(COSMETIC_CUES),
    "enhancement": compile_cues(ENHANCEMENT_CUES),
}
# The tables whose words typo correction aims at.
CUES: Final = (OUTAGE_CUES, DEGRADED_CUES, INTERMITTENT_CUES, COSMETIC_CUES, ENHANCEMENT_CUES)
