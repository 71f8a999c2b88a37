"""Keypad menus (IVR) that fail callers, on normalised text.

A menu that drops callers reads as a how-to ("press 1"): these find the keypress and what
follows it, a menu that fails on one option only (one call class, a degradation), and what
callers meet said without the keypress. Kept apart from calling's own faults
(flows.classify.faults) because the menu's vocabulary is its own.
"""

from __future__ import annotations

import re
from typing import Final

from flows.classify.cues import gated
from flows.classify.gate import may

# A keypad menu that fails callers: "pressing 1 disconnects", "al marcar 2 se corta".
_KEYPRESS = (
    r"(?:press|presses|pressing|pressed|push|pushes|pushing|dial|dials|hit|hits|option|opcion|menu el|menu la|marcar|marca|marcan|marque|marcando"
    r"|oprime|oprimen|oprimir|pulsa|pulsan|pulsar|pulse|pulsen|presione|presionen|presiona|digite|digiten|teclea|teclear"
    r"|eligen|elige|escoge|escogen|pulsas|marcas|oprimes|presionas|eliges|escoges|opc) (?:\w+ ){0,2}"
    r"(?:\d|one|two|three|four|five|zero|uno|dos|tres|cuatro|cinco|cero|any (?:option|key|number)|cualquier (?:opcion|tecla|numero))"
)
# Round 20: a mailbox nobody watches ("a mailbox that's full", "un buzon vacio, nadie lo revisa"):
# where a menu option meant for people leaves its callers.
_MAILBOX_UNWATCHED = (
    r"(?:buzon|mailbox|voice ?mail)(?: \w+){0,3}? (?:vacio|lleno|que nadie (?:revisa|escucha|usa|atiende)"
    r"|(?:that |which )?(?:nobody|no one) (?:checks|listens to|uses|monitors)|(?:that is |thats )?(?:empty|full))"
)
MAILBOX_UNWATCHED: Final = re.compile(rf"\b{_MAILBOX_UNWATCHED}\b")
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
    # Round 20: an option that rings forever, or that leads to a mailbox nobody checks ("press
    # 0 ... rings forever", "se queda timbrando eternamente", "manda a un buzon vacio").
    r"|(?:rings?|ringing|timbra\w*|suena|suenan|sonando) (?:\w+ ){0,3}?(?:forever|endlessly|and rings|eternamente|para siempre|sin parar|sin fin|y suena|y timbra)"
    + r"|"
    + _MAILBOX_UNWATCHED
    + r"|(?:en )?bucle|vuelve a (?:reproducir|sonar|poner|empezar) (?:\w+ )?menu|plays the (?:\w+ )?menu again|colgando\w*|(?:goes|sends|send|go|manda|mandan|lleva|llevan|envia|va|van) (?:\w+ ){0,6}?(?:a|to|al) (?:una |a |the )?(?:grabacion|recording)"
)
# Round 10: dialling an extension at the menu fails ("callers who key in an extension just
# hear the greeting again", "no deja marcar extensiones: tecleas el 210 y dice que no es
# correcto"): one function of the menu, the rest of it answers (P2).
_BY_EXTENSION = (
    r"(?:enter|enters|entering|key in|keys in|keying in|type|types|typing|punch in|punches in|tecleas?|teclean|metes|mete|meten|digitas?|digitan|marcas) (?:an? |the |their |la |el |una |su )?(?:\w+ )?(?:extension|ext|anexo|interno)\b"
    r"(?:\w| ){0,60}?\b(?:replays?|replaying|plays? (?:\w+ )?again|repeats?|repite|vuelve|no es (?:correct[oa]|valid[oa])|no valid[oa]|no (?:hace|pasa) nada|nothing happens|invalid|not valid|error)"
    r"|(?:cant|can not|cannot|no one can|nobody can|no (?:se )?(?:puede|pueden|deja|dejan)) (?:be )?(?:reach\w*|dial\w*|marcar|llegar|transfer\w*) (?:\w+ ){0,2}?(?:by extension|(?:a |las |la |una )?extension(?:es)?|por extension)"
    r"|(?:tecleas?|teclean|metes|mete|meten|marcas?|marcan|digitas?|digitan|enter|enters|key in|keys in|type|types) (?:el |la |in )?\d{2,5}\b(?: \w+){0,6}? (?:no es (?:correct[oa]|valid[oa])|no valid[oa]|no (?:hace|pasa) nada|nothing happens|invalid|not valid|replays?|repeats?|repite)"
    r"|(?:dial by extension|extension dialing|marcacion (?:directa )?(?:por|a) extension)(?: \w+){0,6}? (?:broken|fails|failing|not working|isnt working|stopped working|wont work|doesnt work|no funciona|dejo de funcionar|no sirve|falla)"
    # Round 23: the failure said first ("ya no funciona la marcacion a extension").
    r"|(?:no funciona|dejo de funcionar|falla|no sirve|doesnt work|isnt working|stopped working) (?:\w+ ){0,2}?(?:la )?(?:marcacion (?:directa )?(?:por|a) extension|dial by extension|extension dialing)"
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

_MENU_NAMED = re.compile(
    r"\b(?:menu|ivr|auto ?attendant|option|opcion|press\w*|puls\w*|oprim\w*)\b"
)
# Round 13: a menu option's route asked back, and what it does now.
_AGAIN = re.compile(
    r"\b(?:(?:go|goes|ring|rings|reach|reaches|send|sends|route|routes|point|points) (?:\w+ ){0,5}?(?:again|back)"
    r"|(?:vuelva|vuelvan|volver) a (?:mandar|llevar|ir|sonar|pasar|enviar|caer|llegar))\b"
)
_SINCE_NOW = re.compile(r"\b(?:since|now|lately|desde|ahora|ahorita|ultimamente)\b")


def menu_fault_told(norm: str) -> bool:
    """Round 11: a keypad menu's fault told after a how-to question ("como hago para que
    funcione marcar la extension? la gente marca el 204 y le dice que no es valida"): the
    question asks how to fix what callers meet, a fault, not a how-to."""
    asked = norm.find("?")
    if asked < 0 or not may(norm, "ivr"):
        return False
    told = norm[asked + 1 :]
    if _AGAIN.search(norm, 0, asked) is not None and _MENU_NAMED.search(norm, 0, asked) is not None:
        # Round 13: the question asks for a menu option's route back ("how do I get 'press 3'
        # to go to the service desk again? since the weekend it rings the warehouse", "como
        # hago para que el 2 del menu vuelva a mandar a soporte? desde el viernes manda a
        # almacen"): the route changed, told after it.
        return _SINCE_NOW.search(told) is not None
    # Round 12: or the question names the menu and what follows says what callers meet ("how
    # do I get option 0 to reach reception? right now it sends callers to a number not ours").
    return IVR_FAULT.search(told) is not None or (
        _MENU_NAMED.search(norm, 0, asked) is not None and MENU_FAILS_SAID.search(told) is not None
    )


def one_option(norm: str) -> bool:
    """A keypad menu failing on one of its options (not "any option"): one call class."""
    return (
        IVR_ONE_OPTION.search(norm) is not None
        and "any option" not in norm
        and "cualquier opcion" not in norm
        and "every option" not in norm
        and "any key" not in norm
        and "cualquier tecla" not in norm
        and "whatever key" not in norm
        and "la tecla que" not in norm
        and "any button" not in norm
        and "ninguna tecla" not in norm
        and "ninguna opcion" not in norm
        and "todas las opciones" not in norm
        and "all the options" not in norm
    )
