"""Service cues: voice, other features, billing, how-to questions, changes (MACD)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

from flows.classify.cues import Compiled, Cues, compile_cues, gated

# Round 18: a greeting's audio file that will not upload: the feature's file, not the calls'.
_FILE_UPLOAD = r"(?:subir|cargar|upload|uploading|load) (?:el |la |an? |the |my |our )?(?:audio|archivo|file|mp3|wav)"
FILE_UPLOAD: Final = re.compile(rf"\b{_FILE_UPLOAD}\b")


HOWTO_CUES: Final[Cues] = (
    (
        r"(?:just |only |solo )?(?:want|wanted|would like|need) to know (?:if|whether)|(?:quiero|queria|quisiera|quisieramos|queremos) saber si",
        4,
    ),
    (
        r"how (?:do|can|should|would|to|does|did) |how do i|how to|is there a way|is it possible|where (?:do|can|is|are|would) (?:i|we|the|my|you)",
        4,
    ),
    (
        r"what(?:s| is)? the (?:code|number|setting|way|process|procedure|link|url|difference|best way)|can you explain|explain how|show me how",
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
        r"(?<!no )hay (?:alguna )?(?:forma|manera) de|es posible|donde (?:puedo|descargo|encuentro|esta|veo|se)|(?:cual|que) es el (?:codigo|numero|procedimiento|proceso|enlace|link)|(?:cual|que) es la (?:mejor )?(?:manera|forma)",
        4,
    ),
    (
        r"que significa|que (?:tengo|hay|tenemos) que hacer|me (?:pueden|puedes|podrian) explicar|instrucciones|tutorial|manual|pregunta",
        4,
    ),
)

CHANGE_CUES: Final[Cues] = (
    # Fewer or more channels, lines or licences on the contract: a request, not a fault.
    (
        r"(?:bajar|reducir|subir|ampliar|aumentar|pasar) (?:\w+ ){0,2}(?:a|de) \d+(?: canales| lineas| licencias| troncales)?"
        r"|(?:reduce|lower|drop|go down|bring|cut|increase|raise|go up|upgrade|downgrade) (?:\w+ ){0,3}(?:to|from) \d+ (?:channels|lines|licen[sc]es|seats|call paths|trunks)",
        4,
    ),
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
        r"(?:necesito|necesitamos|need) (?:una?|an?|otra|another) (?:extension|linea|numero|line|number) (?:nuev[oa] |new )?(?:para|for)"
        r"|agreguen a \w+|nuevo (?:usuario|empleado|numero|telefono)|nueva (?:extension|linea|empleada|sucursal)|numeros nuevos|lineas nuevas",
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
    (
        r"(?:were|we are|estamos|vamos a estar) (?:\w+ )?(?:moving|relocating|mudando\w*|cambiando de (?:oficina|local|sede))"
        r"|relocat\w*|(?:nos )?mudamos|nos (?:mudamos|cambiamos|trasladamos) de (?:oficina|local|edificio|sede)"
        r"|trasladar (?:\w+ ){0,2}(?:telefonos|equipos|lineas|extensiones|usuarios)|move (?:\w+ ){0,2}(?:office|offices|suite)",
        4,
    ),
)

BILLING_CUES: Final[Cues] = (
    (
        r"invoice|invoices|invoiced|billing|billed|bill|bills|charge|charges|charged|overcharg\w*|payment|payments|pay|paid|autopay",
        4,
    ),
    (
        r"refund|credit (?:us|me|back|card|memo|note)|fees?|tax|taxes|statement|past due|balance|price|pricing|costs?|quote|receipt"
        r"|itemi[sz]ed|(?:call|usage) (?:detail )?breakdown|desglose|detalle de (?:llamadas|cargos|consumo)",
        4,
    ),
    (
        r"factura\w*|cobr(?!anza)\w+|cargos?|(?:me|nos|le|les) cargaron|cargad[oa]s? a|(?:a|en) (?:la|mi|nuestra) tarjeta|pagos?|pagar|pague|reembolso|nota de credito|tarjeta de credito|saldo|tarifas?|precios?|recibo|estado de cuenta|impuestos?|cuota|cuesta|cuestan|costo|costos|coste|cotizacion|presupuesto",
        4,
    ),
)

# A softphone or calling app that cannot sign in: its user cannot call (a phone, not a portal).
_PHONE_APP_DOWN: Final = (
    r"(?:softphone|phone app|calling app|app de (?:llamadas|telefono)|webex calling|teams phone)"
    r" (?:\w+ ){0,8}?(?:(?:wont|doesnt|cant|not|unable to) (?:log|sign) ?in|no (?:inicia|abre|conecta|registra|deja (?:entrar|iniciar))"
    r"|offline|desconectad\w*|not connecting)"
)
PHONE_APP_DOWN: Final = gated(rf"\b(?:{_PHONE_APP_DOWN})\b")

VOICE_CUES: Final[Cues] = (
    (
        r"call|calls|calling|called|dial|dialing|dialed|dial ?tone|dial out|audio|hear|voice|echo|choppy|static",
        2,
    ),
    (
        r"pstn|trunks?|sip|circuits?|pri|t1|toll free|800|inbound|outbound|incoming|outgoing|ring|rings|ringing|fast busy|busy signal",
        2,
    ),
    (
        r"transfer|transfers|transferring|transferred|queue|queues|acd|agents|call center|contact center|handsets?|desk ?phones?|pbx|911|dids?",
        2,
    ),
    (r"regist\w*|no service", 3),
    # A phone however it is carried: the cordless, the softphone, the app one calls from.
    (r"cordless|dect|inalambric\w*|base station|estacion base", 2),
    (_PHONE_APP_DOWN, 3),
    # Contact-center agents who cannot sign in cannot take calls.
    (
        r"agent\w* (?:\w+ ){0,8}(?:cant|unable to|not able to|no pueden?|no logran?) (?:\w+ )?(?:log ?in|login|sign in|iniciar sesion|entrar|conectar\w*|loguear\w*)",
        5,
    ),
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
        r"suena|suenan|timbr\w*|(?<!luces de )(?<!luz de )(?<!leds de )(?<!lucecitas de )(?<!teclas de )ocupado|transfer\w*|cola|agentes|conmutador|diadema|auricular|telefonia|comunicar\w*",
        2,
    ),
    (r"(?<!mensajes de )(?<!mensaje de )(?<!buzon de )(?<!correo de )voz", 2),
    (r"telefon\w*|lineas?|extension|extensiones|softphone", 1),
)

OTHER_CUES: Final[Cues] = (
    # Round 10: an admin or provisioning system that will not take changes ("won't accept
    # updates", "no guarda los cambios"): a portal's fault, not calling's.
    (
        r"(?:accept|save|take|apply|saving|applying) (?:\w+ )?(?:updates|changes|edits)|no (?:acepta|guarda|aplica) (?:\w+ )?(?:cambios|actualizaciones)",
        3,
    ),
    (
        r"call (?:history|logs?|reports?|detail records?|notifications?|analytics|records)|missed call notifications?"
        r"|(?:on )?hold music|music on hold|historial(?: de llamadas)?|notificaciones|registro de llamadas|musica (?:en|de) espera"
        r"|speed ?dials?|marcaciones rapidas|marcacion rapida",
        4,
    ),
    # Round 7: features that carry calling words ("missed-call emails", "the bells that run
    # through the phones", "the phone directory", "los correos de aviso de llamada perdida").
    (
        r"missed ?calls? (?:emails?|alerts?|e ?mails?|notices)|(?:emails?|alerts?|notifications?) (?:for|of|about) missed calls?"
        r"|(?:correos?|avisos?|notificaciones?|alertas?|mails?)(?: de aviso)? de (?:las )?llamadas? perdidas?"
        # Round 20: the list of missed calls a phone shows ("the missed-calls list on every
        # phone", "la lista de llamadas perdidas sale mal"): a feature, not calling.
        r"|missed ?calls? (?:list|lists|log|logs|history|screen)|(?:list|log|history) of missed calls?"
        r"|(?:lista|listado|registro|historial) de (?:las )?llamadas? (?:perdidas?|no contestadas?)"
        r"|(?:school |class )?bells?(?: system| schedule| and paging)?|timbres? (?:escolar(?:es)?|de (?:clase|recreo|entrada|salida))"
        r"|(?:phone|company|corporate|staff|employee) directory|tableros? (?:del call center|de (?:la )?cola)",
        5,
    ),
    (
        r"voicemails?|voice ?mail|mailbox|message waiting|mwi|presence|sms|texts?|texting|text messages?|fax|faxes|faxing|efax|whatsapp|transcriptions?|transcripciones?",
        3,
    ),
    (
        r"call recordings?|recordings|recorded calls|recording (?:of|page|feature|storage)|reports?|analytics|portal|web ?ui|dashboard|admin|website|login|log in|greeting|pin",
        3,
    ),
    (
        # Round 18: a greeting's audio file that will not upload ("no me deja subir el audio de
        # la locucion, formato no valido"): the feature's file, not the calls' audio.
        r"locucion|locuciones|" + _FILE_UPLOAD,
        5,
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
        r"status|emails?|contacts?|directory|directorio|dial by name|marcacion por nombre|teams status|light|lights|lamp|lamps|indicator|password",
        2,
    ),
    (r"app|apps|desktop app|mobile app|jabber|aplicacion", 1),
    (
        r"buzon\w*|mensajes? de voz|correo de voz|mensaje en espera|luz de mensaje|foco de mensajes|presencia|mensajes de texto|fax\w*"
        # Round 12: not the recording a caller hears ("sale una grabacion de que no esta disponible").
        r"|(?<!sale una )(?<!salio una )(?<!oye una )(?<!oyen una )(?<!escucha una )(?<!escuchan una )(?<!me sale una )grabacion\w*",
        3,
    ),
    (r"reportes?|informes?|portal|panel|(?:el|del|mi|nuestro|nuevo|un nuevo) saludo|pin", 3),
    (
        r"(?:sale|salen|aparece|aparecen) como (?:desconocido|anonimo|privado|restringido|el|la|nuestra|nuestro)",
        5,
    ),
    (
        r"luz|luces|lucecita|lucesita|foco|focos|estado(?! de cuenta)|correos?|contactos|nombre|pagina|contrasena",
        2,
    ),
    # Where callers' messages are left and heard: the voicemail, whatever it is called.
    (
        r"leave (?:a |their |us )?(?:voice )?messages?|left (?:a |us )?messages?|(?:listen|get) to (?:the |our |their |those )?messages"
        r"|dejan (?:un |sus )?(?:mensajes?|recados?)|dejar (?:un |sus )?(?:mensajes?|recados?)|escuchar (?:los |sus )?(?:mensajes|recados)",
        4,
    ),
    # Named non-critical features: when one is the subject, the fault is there,
    # whatever call words surround it ("recording for the whole call center").
    (
        r"(?:overhead )?paging|overhead|intercom|voceo|altavoz|altavoces|megafonia|perifoneo"
        r"|conference (?:bridge|line|call(?:ing)? (?:bridge|service))|bridge|puente(?: de conferencias?)?|conferencias?|meetings?(?! rooms?)|(?<!sala de )(?<!salas de )reuniones|(?<!sala de )(?<!salas de )reunion"
        r"|(?:on )?hold music|music on hold|musica (?:en|de) espera|call park|parked calls?|parqueo|aparcad[oa]s?"
        r"|wallboards?|stat(?:s|istics)|estad(?:i)sticas|chats?|mensajeria|instant messag\w*"
        r"|pilotos? de (?:mensajes?|buzon)|foquitos?(?: de mensajes?)?|teclas? de linea ocupada|busy lamps?(?: fields?)?|busy lights?|blf|lucecitas|lucesitas|luces (?:de )?ocupado|luces de (?:mensaje|estado)"
        r"|dial by name|company directory|marcacion por nombre|directorio (?:de la empresa|corporativo|telefonico)"
        # Round 10: the menu's name search ("buscar por apellido", "search by last name").
        r"|(?:search|searching|buscar|busqueda|busca|buscan) (?:\w+ )?(?:por|by) (?:nombre|apellido|last name|name)|directorio (?:por|de) (?:nombres?|apellidos?)"
        r"|call recordings?|(?<!get a )(?<!gets a )(?<!hear a )(?<!hears a )(?<!to a )(?<!just a )recording|grabacion(?:es)? de llamadas|grabaciones"
        r"|(?:the |la |el )?(?:time|date|clock|hora|fecha|reloj) (?:\w+ ){0,8}(?:wrong|off|incorrect\w*|mal|desfasad\w*|equivocad\w*)"
        r"|(?:wrong|incorrect) (?:time|date)|(?:hora|fecha) (?:mal|incorrecta|equivocada)"
        r"|nombre del (?:llamante|que llama)|caller name",
        3,
    ),
)

# Placing, receiving, hearing or keeping a call: the critical service itself.
CALL_FAULT: Final = gated(
    r"\b(?:(?:make|place|receive|take|get|answer) (?:any |outbound |inbound |incoming |outgoing |external |the |our |their |pstn |phone |customer )?calls"
    r"|(?:drop|drops|dropped|dropping|disconnects?|cuts? out) (?:\w+ )?calls?|calls? (?:\w+ ){0,2}(?:drop|drops|dropping|dropped|disconnect\w*|cut out|cutting out|fail\w*|(?:get|are|getting|being) cut off)"
    r"|one ?way audio|cant hear (?:me|us|them|the caller|callers|customers)|hear (?:me|us)"
    r"|(?:losing|lose|lost) (?:the |their |our )?calls (?:mid|halfway|in the middle)"
    r"|(?:hacer|recibir|realizar|atender|contestar|sacar) (?:\w+ )?llamadas|llamadas? (?:\w+ ){0,2}(?:se (?:me |le |nos |les )?(?:cortan|caen)|fallan|cortad\w*)"
    r"|se (?:me |le |nos |les )?(?:corta|cortan|cae|caen) (?:la |las )?llamadas?|audio en (?:una sola|un solo) (?:via|sentido|direccion)"
    r"|no (?:me |nos |le |les |los |la )?(?:escucha|escuchan|oye|oyen)"
    # Round 14: the audio of the calls degraded, or a phone without dial tone, as one item of
    # a list beside a display's fault ("the sales team get choppy audio on most calls", "(3) el
    # telefono de la cabina no tiene tono"): calling, not the cosmetic item.
    r"|(?:choppy|garbled|robotic|distorted|crackly|broken up) (?:audio|sound|voice)s? (?:\w+ ){0,2}?(?:on|in) (?:most|all|every|many|their|our|the) (?:\w+ )?calls?"
    r"|(?:audio|voz|sonido) (?:\w+ )?entrecortad[oa]s? (?:\w+ ){0,3}?(?:en )?(?:casi )?(?:todas |las |muchas )?llamadas|se (?:les |nos |me |le )?entrecorta (?:el audio|la voz|el sonido)"
    r"|(?:phone|handset|telefono|aparato) (?:\w+ ){0,8}?(?:has no dial tone|no tiene tono|no da tono|se quedo sin tono))\b"
)
# "The calls themselves are fine": the fault is in a feature, not in calling.
CALLS_FINE: Final = gated(
    # Profile round 4: "none of our calls are connecting", "zero calls are working" say no call works.
    r"\b(?:(?<!none of our )(?<!none of the )(?<!none of my )(?<!no )(?<!zero )(?<!not one of our )"
    r"calls? (?:themselves |itself )?(?:are|is|still|seem|connect)\w* (?:\w+ ){0,2}(?:fine|ok|okay|good|working|connect\w*)"
    r"|(?:las )?llamadas se (?:contestan|atienden|reciben|hacen) (?:bien|sin problema|normal)|(?:las )?llamadas fluyen|(?<!no nos )(?<!no me )(?<!no les )(?<!no )entran las llamadas"
    r"|calls (?:are )?ringing (?:for|on|to) (?:everyone|everybody|all)"
    r"|calls (?:are )?(?:coming in and going out|going out and coming in)|(?:las )?llamadas (?:entran y salen|salen y entran)"
    r"|calls (?:in and out|both ways|both directions) (?:are )?(?:working|work|fine|ok|okay|normal)"
    r"|(?:hacer|recibir|make|receive|place) (?:y|and) (?:hacer|recibir|make|receive|take) (?:las )?(?:llamadas|calls) (?:si |still )?(?:funciona|va bien|bien|works?|is fine)"
    r"|(?<!none of )(?<!not one of )(?:the|our) calls (?:still )?(?:connect|work|go through)|(?<!ninguna de )las llamadas (?:si |en si )?(?:funcionan|conectan|entran|salen|estan bien)"
    r"|(?:con )?las llamadas no (?:hay|tenemos) (?:ningun )?problema|no (?:hay|tenemos) (?:ningun )?problema con las llamadas"
    r"|no (?:problem|issue)s? with (?:the )?calls|(?:ningun|sin|ni un) problema con (?:las )?llamadas|las llamadas si|(?:voice )?calls? (?:are |still )?(?:ok|okay|fine|good)\b(?! (?:but|until))|las llamadas (?:van |estan )?bien"
    r"|(?:agents|agentes) (?:are |estan )?(?:taking|atendiendo|atienden) (?:\w+ )?(?:calls|llamadas))\b"
)
# "The desk phone works": calling still has a way out, the fault is likely in an app.
DESK_PHONE_FINE: Final = gated(
    r"\b(?:(?:desk ?phones?|deskphones?|handsets?|telefonos? (?:de (?:mesa|escritorio|la oficina)|fijos?)) (?:\w+ ){0,2}(?:is |are |still |seems? )?(?:fine|ok|okay|working|works|work|va bien|funciona\w*|si funciona\w*|anda\w*)"
    r"|(?:can |still |pueden |puedo |podemos )(?:\w+ ){0,2}(?:use|usando|usar) (?:the |my |our |their |el |mi |su |sus )?(?:desk ?phones?|telefonos? de (?:mesa|escritorio))"
    r"|uso el telefono de (?:mesa|escritorio))\b"
)


# A message that opens by asking how to do something is a how-to question,
# even when it names a fault word ("how many calls we missed").
HOWTO_LEAD: Final = re.compile(
    r"^(?:(?:hi|hello|hey|hola|buenas|buenos dias|buenas tardes|team|equipo|quick question|pregunta|una pregunta)\s+)*"
    r"(?:how (?:do|can|should|would|to|does|many)|is there (?:a|any) way|is it possible|where (?:do|can|is|are) (?:i|we)"
    r"|whats? the best way|what is the best way|(?:can|could) (?:i|we|you tell me how)"
    r"|como (?!(?:les?|te|ya|siempre|dije|comente|mencione|saben|sabran|usted\w*|una?|unos|unas|el|la|los|las|\d+|la mitad|cada)\b)\w+"
    r"|hay (?:alguna )?(?:forma|manera)|es posible|(?:se )?puede (?:hacer|configurar)|donde (?:puedo|se|veo|cambio|descargo|encuentro))\b"
)
# "Chat and meetings work but ...": a feature named as working is not the fault.
FEATURE_FINE: Final = gated(
    r"\b(?:chat|meetings?|video|presence|voicemail|email|internet|reuniones|correo|buzon|presencia)"
    r"(?: (?:and|y) \w+)? (?:still |si )?(?:work|works|are fine|is fine|are ok|is ok|funciona\w*|va bien|van bien|estan? bien)\b"
)


TABLES: Final[Mapping[str, Compiled]] = {
    "howto": compile_cues(HOWTO_CUES),
    "change": compile_cues(CHANGE_CUES),
    "billing": compile_cues(BILLING_CUES),
    "voice": compile_cues(VOICE_CUES),
    "other": compile_cues(OTHER_CUES),
}
# The tables whose words typo correction aims at.
CUES: Final = (HOWTO_CUES, CHANGE_CUES, BILLING_CUES, VOICE_CUES, OTHER_CUES)
