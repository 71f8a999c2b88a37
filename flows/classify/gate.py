"""The fault patterns' word gate: a pattern is searched only on a text that could match.

Each family of patterns (in flows.classify.faults, menus, numbers, denials, features,
destinations, sitewide, and a few cue tables) needs one of its words; `may` answers, for a
text, whether a family's words are there, with one walk over the text's word heads kept
for its message (flows.classify.cues.SEEN). A substring test costs a fraction of a regex
search over every position.
"""

from __future__ import annotations

from typing import Final

from flows.classify.cues import SEEN, SEEN_MOST

# Words one of which each fault pattern needs: a pattern whose words are all absent is not
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
        "lost": "dentro ni|entrada ni|delivered to|routed to|sent to|offered to|ni el general|ni el principal|ni la principal|ni el numero"
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
        # Round 16: a call class named as what is charged (CLASS_CHARGED).
        "charged": "charg|billed|cobr|cargo",
        # Round 12: another organisation's number, anyone in a place (OTHER_NUMBER).
        "org": "hospital|clinic|bank|client|partner|vendor|supplier|school|county|state|city|court"
        "|government|unemployment|insurance|insurer|clinica|banco|cliente|proveedor|escuela|gobierno"
        "|ayuntamiento|juzgado|aseguradora|anyone in|anybody in|people in|numbers in|number in",
        "susp": "suspen|deactivat|disconnect|terminat|terminar|cut off|shut off|cancel|ported|portaron|portad|llevaron|closed|desactiv|impago|payment"
        "|disabl|deshabilit|inhabilit|inactiv"
        "|restri|blocked|bloquead|bloqueo|fraud|bloquearon|congelaron"
        "|desconect|cortaron|cortad|de baja|mistake|in error|por error|equivocacion",
        "audio": "audio|sound|sonido|silence|silencio|sentido|via|direccion|nothing|nada|hear|oye|escucha|dead air|mud",
        "tone": "nobody|no one|noone|nadie|time|vez que|asked|pregunt|trabajar|working|work like|work without",
        "cosm": "name|nombre|time|clock|date|hora|fecha|reloj|anterior|caller|cnam|display|outbound"
        "|hold music|musica|label|etiqueta|bright|backlight|contrast|wallpaper|background|brillo|contraste"
        "|pantalla|screen|ring|tono|caps|capitals|mayusculas|it to read|it to say|it to show|it to display"
        "|them to read|them to say|them to show|que diga|que muestre|que aparezca|que ponga",
        "cant": "cant|can not|unable|dont know|no se|no puedo|no logro",
        "class": "other|local|domestic|national|internal|long distance|nacional|internas|fijos"
        "|larga distancia|otras|otros|us calls|us caller|us number|usa |u s |american|canadian|mexican|mobile|cell|international|english|spanish"
        "|else|resto|paises|celulares|moviles|los que|demas|rest of|landline|marcamos|llamamos|fijos|opciones"
        "|verizon|at t|att|mobile|sprint|comcast|telcel|movistar|vodafone|orange|claro|cells|carrying"
        "|numbers are|numbers still|numbers go|numbers get|numbers work|numbers connect",
        "share": "not a|caida total|percent|ciento| of | de |azar| a day|al dia|por dia|third|half"
        "|every other|every second|every fourth|every fifth|every sixth|every seventh|every eighth|every tenth"
        "|each second|each third|each fifth|th call|st call|nd call|rd call|si y otra|si y una|cada dos|cada tres"
        "|cada cuatro|cada cinco|cada segunda|cada tercera|cada cuarta|cada quinta"
        "|quarter|tercio|mitad|cuarta|buena parte|in two|in three|in four|in five|in ten|in 1|in 2|in 3"
        "|in 4|in 5|in 6|in 7|in 8|in 9|de cada|others|demas|not all|no todas|some|algunas",
        "noprob": "problem|issue|falla|queja|complaint|caida|outage|broken|wrong|nada|averia|fault|work here|work for us|work with us"
        "|works here|trabaja|hicimos|hemos hecho|realizamos|make any|made any|place any|placed any|make those|made those|cayo nada|caio nada|went down|quedarnos sin|want to lose|want to be without"
        "|not down|arent down|isnt down|not out|arent out|isnt out|not dropping|arent dropping|not dead|not failing"
        "|is down|gone down|emergenc|no dan|no da ning|no tienen|no tiene|no presenta|han dado|ha dado|no estan caid|no esta caid"
        "|ha caido nada|urgencia|not one way|not an one way|not a one way|no es audio|calidad es|quality is|sin cortes|sin eco|sin ruido"
        "|is unable|was unable|not able|trouble",
        "fine": "work|fine|ok|good|normal|unaffected|connect|conect|go through|going through"
        "|come through|get through|getting through|ring|bien|funcion|pasan|y recibir|entran|salen|suenan|llamadas si|taking"
        "|atiend|make and|place and|call out and|problem|issue|fluyen|contestan|reciben|hacen|everything|todo"
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
