"""English or Spanish, from a conversation's first words.

Each word scores for the language it belongs to: the frequent words of each language
(articles, pronouns, prepositions, auxiliaries, greetings) and the words customers use
about telephony, one point each. A word in neither list may still show its language
by its shape, half a point: Spanish endings ("-ción", "-mente", "-amos", "-ando"...),
English ones and letter pairs ("-ing", "-tion", "th", "n't"...). "¿" and "¡" are
Spanish outright, and so is a word with "ñ" unless it is a name (an English message signed
by "Quinceañera Rentals" or "Peña" stays English); an accented vowel is worth two points. Words both languages write the
same ("no", "me", "a", "error", "audio", "internet", "fax", "ok") and names (a
capitalised word after the first) count for neither; a message with no evidence either
way (a number, a name, "ok") takes the plan's default.

The lists used to be a few dozen words each, with "no" and "me" counted as Spanish: a
short English message ("notify me about voice", "no dial tone") had no English word
listed and one "Spanish" one, and was answered in Spanish.
"""

from __future__ import annotations

import re
from typing import Final

from domain.text import ascii_runs

# Frequent words written the same in both (or loanwords in Spanish): evidence of nothing.
NEUTRAL: Final = frozenset(
    """
    a no me he once real final general error audio internet email e-mail fax portal ok okay
    app chat online login ticket tickets sip voip pbx id ip wifi web router modem red pin
    radio video total normal local central mail spam link zoom teams softphone software
    hardware plan
    """.split()
)

SPANISH: Final = (
    frozenset(
        """
    el la los las lo le les un una unos unas al del de en y que qué quien quién cual cuál
    cuando cuándo donde dónde como cómo cuanto cuánto cuanta cuánta cuantos cuántos por para
    con sin sobre entre desde hasta hacia tras durante contra segun según pero porque pues
    mas más muy ya aun aún tambien también tampoco siempre nunca todavia todavía luego ahora
    hoy ayer mañana manana temprano tarde noche anoche aqui aquí alli allí ahi ahí aca acá
    yo tu tú usted ustedes el él ella ellos ellas nosotros nos mi mis su sus nuestro nuestra
    nuestros nuestras te se si sí este esta esto estos estas ese esa eso esos esas aquel
    todo toda todos todas nada nadie algo alguien alguna alguno algun algún algunas algunos
    ningun ningún ninguna ninguno otro otra otros otras mismo misma igual cada varios varias
    mucho mucha muchos muchas poco poca pocos pocas tan tanto bien mal mejor peor solo sólo
    es son fue fueron era eran ser sido estar esta está estan están estoy estamos estaba
    hay habia había haber he ha han hemos tengo tiene tienen tenemos tenia tenía tener
    puedo puede pueden podemos podria podría poder hago hace hacen hacer hizo hecho
    voy va van vamos ir sale salen salir entra entran entrar llega llegan llegar
    quiero quiere queremos quisiera necesito necesita necesitamos necesitan dice dicen
    sigue siguen seguimos sirve sirven servir funciona funcionan funcionando funcionar
    anda marca marcan marcar suena suenan sonar timbra timbran contesta contestan
    oye oyen oigo escucha escuchan escucho escuchamos cae caen cayo cayó corta cortan
    cortes corte cortando quedo quedó queda quedan quedamos paso pasó pasa falla fallan
    fallando creo cree favor gracias hola buenas buenos buen buena dia día dias días tardes
    noches saludos disculpe disculpa perdon perdón urge urgente ayuda ayúdenme
    llamada llamadas llamar llaman llamo llamarnos llamarme llámenme llamenme
    telefono teléfono telefonos teléfonos linea línea lineas líneas buzon buzón voz tono
    numero número numeros números cuenta factura cobro usuario usuarios extensión extensiones
    oficina sede sucursal equipo equipos aparato aparatos servicio servicios problema
    problemas falla fallas caido caído caida caída caidos caídos mensaje mensajes correo
    novedad novedades caso clientes cliente lado eco ruido espera musica música sala
    entrantes salientes grabacion grabación conferencia conferencias aplicacion aplicación
    pantalla señal senal fuera afuera dentro otra vez ahorita rato semana mes minutos horas
    hora cuánto falta arreglo arreglado arreglen avisen avísenme avisenme aviseme avísame
    avisame suscribirme desuscribirme baja darme quiero dejen mantenganme manténganme
    informado informada actualizaciones actualizacion actualización usted soy somos
    nombre apellido completo empresa direccion dirección contraseña clave cambiar agregar
    añadir reiniciar reinician transfiere transferir nuevo nueva nuevos ver dar uno dos tres
    lunes martes miercoles miércoles jueves viernes sabado sábado domingo enero febrero
    marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre
    """.split()
    )
    - NEUTRAL
)

ENGLISH: Final = (
    frozenset(
        """
    the an and or of to in on at for with from by about into over after before since until
    up down out off back again still just only also too very so not yes yeah yep nope
    please pls thanks thank thx you your yours we our ours us they them their she her him his
    it its this that these those there here what what's whats when where who why how which
    is are was were be been being am do does did done doesn't don't didn't isn't aren't
    wasn't weren't won't can't cannot cant can could couldn't would wouldn't should will
    wont dont didnt doesnt isnt arent wasnt couldnt wouldnt havent hasnt
    have has had haven't hasn't get gets got getting keep keeps kept need needs needed want
    wants like know see seen say says said tell make makes go goes going gone come comes
    coming let try tried trying i i'm im i've ive i'd i'll we're we've they're it's its
    there's that's my mine hi hello hey morning afternoon evening night good bad wrong right
    sure fine great then than now today tonight yesterday tomorrow week minutes minute hours
    hour day days long way time times all any some every each everyone everybody nobody
    anyone anybody someone somebody nothing anything something everything one two three
    new old same other another more less many much few most
    call calls calling called caller callers phone phones line lines dial dialing dialed
    tone ring rings ringing rang drop drops dropping dropped hear hearing heard listen voice
    voicemail voicemails message messages text texts texting account number numbers user
    users extension extensions outage outages dead broken fail fails failing failed failure
    issue issues problem problems help urgent update updates status office site service
    services fix fixed fixing send sending sent receive receiving received inbound outbound
    incoming outgoing transfer transfers transferring hold music missing static choppy
    echo noise noisy bridge conference desk trunk trunks offline crash crashes crashing
    billing invoice bill question notify subscribe unsubscribe posted stop stops start
    lost stuck light reboot rebooting restart ported port porting arriving arrive nowhere
    works work working worked answer answers answered busy slow delay delayed quality
    screen display login logged sign password reset upgrade install setup working anymore
    again whole entire customers customer clients client team location branch building
    name but without several add change best regards manager full address company first
    last monday tuesday wednesday thursday friday saturday sunday january february march
    april june july august september october november december
    """.split()
    )
    - NEUTRAL
)

_WORD: Final = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_ES_ENDINGS: Final = (
    "ción",
    "cion",
    "ciones",
    "siones",
    "mente",
    "amos",
    "emos",
    "imos",
    "ando",
    "iendo",
    "aron",
    "ieron",
    "aban",
    "ían",
    "dad",
    "dades",
    "iere",
    "ieren",
    "uede",
    "ueden",
    "ado",
    "ados",
    "ada",
    "adas",
    "ido",
    "idos",
    "ida",
    "idas",
)
_EN_ENDINGS: Final = ("ing", "tion", "tions", "ness", "ful", "ship")
_EN_PARTS: Final = ("th", "wh", "sh", "ck", "ght", "oo", "ee", "'")
_ACCENTS: Final = frozenset("áéíóú")


def _shape(word: str) -> tuple[float, float]:
    """(Spanish, English) points of a word in neither list, by its shape."""
    if len(word) < 4:
        return 0.0, 0.0
    if word.endswith(_ES_ENDINGS):
        return 0.5, 0.0
    if (
        word.endswith(_EN_ENDINGS)
        or (word.endswith("ly") and len(word) > 4)
        or (word.endswith("ed") and len(word) > 4)
        or any(part in word for part in _EN_PARTS)
    ):
        return 0.0, 0.5
    return 0.0, 0.0


def _points(word: str) -> tuple[float, float, bool]:
    """(Spanish, English) points of a lower-cased word, and whether a list gave them (a
    word in no list scores by its shape, and only where it is not a name)."""
    if "ñ" in word:  # Spanish outright, unless the word is a name ("Quinceañera Rentals")
        return 10.0, 0.0, False
    if word in NEUTRAL:
        return 0.0, 0.0, True
    if word in SPANISH:
        return 1.0, 0.0, True
    if word in ENGLISH:
        return 0.0, 1.0, True
    return (*_shape(word), False)


# a word's points by the word as typed, worked out once: first messages reuse a few hundred
_POINTS: Final[dict[str, tuple[float, float, bool]]] = {}
_POINTS_MAX: Final = 4096
_SPANISH_MARKS: Final = frozenset("¿¡")  # "ñ" is the word's (`_points`): names carry it too


def detect_language(text: str, *, default: str = "en") -> str:
    """'es' or 'en' from the words of `text`; `default` when it gives no signal."""
    # the marks and the accents are not ASCII: an ASCII text (str.isascii() is a flag, not
    # a scan) has none, and is not looked through for them character by character
    plain = text.isascii()
    if not plain and not _SPANISH_MARKS.isdisjoint(text):
        return "es"
    es = en = 0.0
    points = _POINTS
    # an ASCII text without an apostrophe: its words are its runs of letters
    words = ascii_runs(text, digits=False) if plain and "'" not in text else _WORD.findall(text)
    for n, typed in enumerate(words):
        scored = points.get(typed)
        if scored is None:
            if len(points) >= _POINTS_MAX:
                points.clear()
            scored = points[typed] = _points(typed.lower().replace("’", "'"))
        s, e, listed = scored
        if listed or not typed[0].isupper():
            es, en = es + s, en + e
        elif n == 0:  # a capitalised word in no list tells nothing ("Dallas"), but the first
            # word of a text is capitalised anyway: its shape counts, and an "ñ" in it (a name:
            # "Muñoz from accounts: ...", or "Año nuevo ...") no more than a listed word
            es, en = es + min(s, 1.0), en + e
    if not plain and not _ACCENTS.isdisjoint(text.lower()):
        es += 2
    if es > en:
        return "es"
    if en > es:
        return "en"
    return default
