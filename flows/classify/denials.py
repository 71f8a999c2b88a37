"""Denials and requests that wear a fault's words, on normalised text.

"Our phones are not down", "no es ningun problema", "I can't figure out how", a report on
an outage or the calls' records asked for: each names an outage or a failure that is not
happening now, so it is cut out or read as its request (flows.classify.settle,
flows.classify.classifier), never as a fault.
"""

from __future__ import annotations

from typing import Final

from flows.classify.cues import gated

# Round 12: the calls' records asked for ("a call detail report for November, international calls
# only", "el detalle / reporte de llamadas de larga distancia"): a request, not a destination failing.
CALL_RECORDS: Final = gated(
    r"\b(?:need|want|send|get|request\w*|pull|export|necesito|necesitamos|quiero|queremos|manden|mandan|envien|enviar|mandar|pasen|solicit\w*|me pueden)"
    r" (?:\w+ ){0,4}?(?:(?:detalle|reporte|informe|registro|listado|relacion|historial) (?:\w+ )?de (?:las |nuestras )?llamadas"
    r"|call (?:detail|history|log|usage)s?(?: records?| reports?)?|cdrs?|call records?|call reports?)\b"
    # Profile round 5: not the export feature failing ("the CSV export button on the CDR page
    # does nothing", "the export of CDRs fails"): a broken feature, not the records asked for.
    r"(?! (?:page|pagina|tab|screen|section|menu|view|module)\b)"
    r"(?! (?:\w+ ){0,2}?(?:fails?|failing|failed|errors?|erroring|is broken|broken|does nothing|doesnt work|isnt working"
    r"|not working|throws|times out|hangs|falla|fallan|no funciona)\b)"
)
# Round 16: a call class named as what the bill charges ("why are we charged for
# 'international minutes'", "un cargo por 'llamadas internacionales' que no reconocemos"): a
# billing question about the class, no call of it said to fail.
CLASS_CHARGED: Final = gated(
    r"\b(?:charged|charges?|charging|billed|cobrado|cobran|cobrando|cobro|cargos?) (?:\w+ ){0,3}?(?:for|por|de|as)"
    r" (?:\w+ ){0,1}?(?:international|long distance|overseas|internacional\w*|larga distancia|calls? to|llamadas a)\b"
)
# Round 17: a cut-off warned of, not happened ("a letter saying final notice before the
# service is cut off", "un aviso final antes del corte del servicio"): a bill's notice, no
# fault now (cut out before the cues are weighed).
CUT_OFF_WARNED: Final = gated(
    r"\b(?:notice|warning|letter|aviso|carta|advertencia) (?:\w+ ){0,4}?(?:before|prior to|antes de|antes del|of|de)"
    r" (?:\w+ ){0,3}?(?:cut ?off|disconnect\w*|suspen\w*|shut ?off|corte|suspension|desconexion|baja)"
    r"(?: (?:del|de la|de las|el|la|of the|of our) (?:servicio|linea|lineas|service|lines?))?\b"
)
# Round 13: a report on an outage asked for ("send us a reason-for-outage report", "un informe
# de la caida para la aseguradora"): the outage is the report's subject, not a fault now.
OUTAGE_REPORT: Final = gated(
    r"\b(?:(?:a |an |the )?reason for (?:the |an? |this |that )?outage|(?:an? |the )?outage (?:report|summary|analysis|write ?up)"
    r"|(?:un |el )?informe (?:de|del|sobre) (?:la |el )?(?:caida|corte|incidencia|apagon))\b"
)

# "I can't change / find / figure out": asking how, not reporting a fault (round 16: not
# "can't find anyone", a directory finding nobody).
CANT_FIGURE: Final = gated(
    r"\b(?:cant|can not|unable to|dont know how to|no (?:se|puedo|logro)) (?:\w+ )?(?:change|find(?! (?:anyone|anybody|any one|anything|a single|any name))|figure out|work out|adjust|turn (?:it )?down|cambiar|encontrar|ajustar|bajar|averiguar)\b"
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
    # Round 15: "no es queja ni falla: los telefonos funcionan perfecto", "not a complaint".
    r"|no es (?:una )?queja(?: ni (?:una )?(?:falla|averia))?|(?:this is )?not a complaint"
    # Round 14: "no tenemos ninguna caida, las llamadas van perfectas", "ningun problema con
    # las llamadas, que conste", "no outage here, all calls working".
    r"|(?:no hay|no tenemos|no tengo) (?:ninguna |ni una )?(?:caida|averia)(?! (?:total|completa|de (?:las )?(?:llamadas|lineas)))"
    r"|no (?:outage|problems?|issues?|faults?) (?:here|at all|on our (?:side|end)|today)"
    # Profile round 1: "No outage - everyone at all three locations can call", "we are not
    # seeing any outage - reservations all work".
    r"|no outage(?= (?:everyone|everybody|all|we) )|not (?:seeing|having|experiencing) (?:any|an) outage"
)
# "No es ningún problema, solo una pregunta": a denial, not a fault (cut out before reading).
NO_PROBLEM: Final = gated(
    r"\b(?:(?:no|not) (?:es|hay|is|an?|tenemos|tengo) (?:ningun |ninguna |any |una? )?(?:problema|problem|issue|falla|caida|outage|averia|fault)(?! (?:con|with|total|completa))"
    r"|nothing (?:is )?(?:broken|wrong)|no (?:es|hay) nada (?:roto|grave|urgente)"
    # Profile round 5: "no calls are failing and no customer is down": a loss denied.
    r"|no calls? (?:is|are) (?:failing|dropping|down|affected)|no customers? (?:is|are) (?:down|affected)"
    r"|no (?:outage|problem|issue)s? or anything|no hay (?:ninguna )?(?:caida|falla|problema) ni nada"
    # Round 10: a person who left ("he doesn't work here anymore", "ya no trabaja aqui").
    r"|(?:he|she|they|who) (?:doesnt|does not|dont|do not|no longer) work(?:s)? (?:here|for us|with us)(?: anymore| any more)?"
    r"|(?:ya )?no trabaja(?:n)? (?:aqui|aca|con nosotros)(?: ya)?"
    # A worry, not a fault: "no se nos cayo nada", "no queremos quedarnos sin telefono".
    r"|no se (?:nos |me )?(?:cayo|caio) nada|nothing went down|si no (?:hicimos|hemos hecho|realizamos) (?:ninguna|ninguno|nada)|(?:we )?(?:didnt|did not|never) (?:make|made|place|placed) (?:any|those|them)|no queremos quedarnos sin (?:telefono|telefonos|linea|lineas|servicio)"
    r"|(?:dont|do not) want to (?:lose|be without) (?:\w+ )?(?:service|phones|phone service|lines)"
    # Round 14: "ningun problema con las llamadas, que conste" (cut, not a denial of the whole).
    r"|ningun (?:problema|fallo|inconveniente) con (?:las llamadas|los telefonos|las lineas|el telefono)"
    # Profile round 2: "Not one-way audio - they can hear us, just quietly": a reading denied.
    r"|not (?:an? )?one way (?:audio|voice)|no es audio (?:unidireccional|en un solo sentido)"
    # "La calidad de las llamadas es perfecta", "no es un problema de calidad": quality denied.
    r"|(?:la )?calidad (?:de (?:las |la )?(?:llamadas?|voz|audio) )?es (?:perfecta|buena|excelente|impecable)"
    r"|no es (?:un )?problema de calidad|(?:the )?(?:call |audio |voice )?quality is (?:perfect|fine|great|good|excellent)"
    r"|sin (?:cortes|eco|ruido|estatica)(?:,? ni (?:cortes|eco|ruido|estatica))+"
    # Round 18: "Nobody is unable to call; calls connect both in and out": a loss denied.
    r"|(?:nobody|no one|noone) (?:is|was|has been) (?:unable|not able) to (?:call|make|place|receive|dial)"
    # Round 21: "we are NOT having any phone trouble", "no phone problems at all": trouble denied
    # (not "not having any phone", no phones).
    r"|(?:not|arent|are not|werent|were not) (?:having|experiencing|seeing|getting) any (?:phone |line |calling |call |voice )?(?:trouble|problems?|issues?|faults?)(?! (?:until|since|except|but|other than))"
    r"|no (?:phone|line|calling|voice) (?:trouble|problems?|issues?|faults?)(?! (?:until|since|except|but|other than))"
    r"|" + _OUTAGE_DENIED + r")\b"
)
OUTAGE_DENIED: Final = gated(rf"\b(?:{_OUTAGE_DENIED})\b")
