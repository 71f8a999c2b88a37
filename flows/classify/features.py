"""Faults of a feature, not of calling, on normalised text.

A non-critical feature named as what fails (voicemail, fax, the directory, a wallboard),
the cosmetic things a phone shows (the caller ID name, the clock, a logo), a feature that
neither comes in nor goes out, and calls as what a feature records: the feature fails,
calling does not. Kept apart so calling's own faults (flows.classify.faults) stay about calls.
"""

from __future__ import annotations

from typing import Final

from flows.classify.cues import gated

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
# Round 17: a team's busy lamps wrong ("the BLF lights for the whole reception team show
# everyone busy all the time"): a feature's fault (P3 for several), not a display's cosmetic.
LAMPS_WRONG: Final = gated(
    r"\b(?:blf|busy lamps?|busy lights?|presence lights?|luces (?:de )?(?:ocupado|blf|presencia)|luces blf"
    # Round 22: a team's message lights that stay lit ("message lights for the whole front
    # desk team stay lit", "las luces de mensaje ... se quedan encendidas"), beside a clock.
    r"|message (?:waiting )?(?:lights?|lamps?)|mwi (?:lights?|lamps?)|luces de mensajes?)(?: \w+){0,12}?"
    r" (?:show|shows|showing|stay|stays|stuck|muestran|marcan|salen|se quedan)\b"
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
    r"|(?:llamadas?|lineas?) (?:\w+ ){0,3}?(?:se (?:esta |estan )?(?:graba|graban|grabando|grabo|registra\w*)|grabad[oa]s?|grabando)"
    # Round 21: nobody able to record ("nobody on the floor can record their calls", "nadie en la
    # oficina puede grabar llamadas"): the recording fails for everybody, calling does not.
    r"|(?:cant|cannot|unable to|(?:nobody|no one|noone|nadie|ninguno|ninguna) (?:\w+ ){0,4}?(?:can|could|is able to|puede|pueden|pudo|logra|consigue))"
    r" (?:record|grabar) (?:\w+ ){0,2}?(?:any |ninguna |ningun |las |the |our |sus |their )?(?:calls?|llamadas?|conversations?|conversaciones))\b"
)
