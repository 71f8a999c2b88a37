"""A customer's answer to "we resolved it: is it working?", in their own words.

After an agent (or an incident's resolution) resolves a ticket, the customer's next
message confirms it or says it is not fixed: "yes, all working now", "we're back up,
thanks", "ya jala", "ya quedó", or "not yet", "the problem is back", "seguimos sin línea",
"nada, seguimos igual". Read wrong, a confirmation opens a new case made of "thanks" and a
fault still there is closed with a satisfaction survey, so a fault told anywhere in the
reply wins over thanks ("thanks, but one phone still has no audio" reopens), a fault said
to be over ("no drops since", "ya no se cae") is a confirmation, and another problem told
as such ("now my fax line is dead", "all fine except the fax") is left to the caller: a new
case for it.

`verdict(text)` is FIXED, NOT_FIXED or None (neither: a new message, for the caller's
usual handling).
"""

from __future__ import annotations

import enum
import re
from typing import Final

from domain.text import fold, straight_apostrophes
from domain.types import Ticket
from flows.dialogue.effects import AskCsat, ConfirmResolved, Effect, ReopenTicket, Say


class Verdict(enum.Enum):
    FIXED = "fixed"
    NOT_FIXED = "not_fixed"


# a fault said to be over, cut before faults are looked for: "no more drops", "ya no se cae"
_OVER: Final = re.compile(
    r"\b(?:no (?:more|further|other) (?:\w+ ){0,2}(?:problems?|issues?|drops?|complaints?|errors?)"
    r"|no (?:problems?|issues?|complaints?)(?: (?:since|so far|at all|anymore|now))?"
    r"|(?:haven'?t|have not|hasn'?t|has not|didn'?t|did not) (?:had|seen|heard|noticed|dropped|"
    r"failed|happened)(?: (?:any|a|another|one))?(?: (?:more|further|other))?(?: \w+)?(?: since| again)?"
    r"|nothing (?:wrong|since|else)"
    r"|ya no (?:se (?:cae|caen|corta|cortan)|falla|fallan|hay (?:problemas?|fallas?|cortes?)|"
    r"tenemos (?:problemas?|fallas?))"
    r"|sin (?:problemas?|fallas?|novedad|quejas)(?: desde)?"
    r"|ningun (?:problema|fallo|corte)|ninguna (?:falla|queja)"
    r"|no (?:hemos|he) (?:tenido|vuelto a tener|visto) (?:\w+ ){0,2}(?:problemas?|fallas?|cortes?)"
    r"|no (?:ha|han) vuelto a (?:fallar|pasar|caerse|cortarse))\b"
)
# the same problem said to go on or to be back: reopens whatever else the reply says
_STILL: Final = re.compile(
    r"\b(?:"
    r"still|not yet|not fixed|not resolved|not solved|isn'?t (?:fixed|resolved)|aren'?t fixed|"
    r"(?:is|it'?s|its|are|came|come|coming) back(?! up| to normal| online| in service| working)|"
    r"(?:happen\w*|doing (?:it|that)|started|starting|occurr\w*) again|"
    r"same (?:problem|issue|thing|as before)|nothing (?:has )?changed|no change|worse|"
    r"sigue|siguen|seguimos|todavia|aun|igual que antes|esta igual|estamos igual|lo mismo|"
    r"otra vez|de nuevo|volvio a|volvieron a|nada cambio|no cambio nada|peor"
    r")\b"
)
# another problem told as such ("now my fax line is dead", "everything fine except the fax"):
# a new case for it, not the resolved one reopened
_NEW_TOPIC: Final = re.compile(
    r"\b(?:new|another|different|also|as well|except|apart from|other than|"
    r"nuevo|nueva|otro|otra|tambien|ademas|excepto|salvo|menos (?:el|la|los|las))\b"
    # "now" opening a clause ("now my fax is dead"), not "working now"
    r"|(?:^|[,.;:!] ?|\b(?:but|and|pero|y) )(?:now|ahora)\b"
)
# a fault, said without saying whether it is the old one
_FAULT: Final = re.compile(
    r"\b(?:"
    r"not working|(?:does|do|did)n'?t work|(?:does|do|did) not work|isn'?t working|"
    r"aren'?t working|no (?:dial ?tone|audio|sound|service|signal|calls?|line)|can'?t|cannot|"
    r"could ?n'?t|won'?t|broken|down|dead|fail(?:s|ed|ing)?|drop(?:s|ped|ping)?|"
    r"no funciona|no funcionan|no jala|no jalan|no sirve|no sirven|no entra|no entran|no sale|"
    r"no salen|no (?:hay|tenemos) (?:linea|tono|audio|servicio|llamadas)|"
    r"sin (?:linea|tono|audio|servicio|llamadas|senal)|falla|fallan|fallando|se cae|se caen|"
    r"se corta|se cortan"
    r")\b"
)
_FIXED: Final = re.compile(
    r"\b(?:yes|yep|yeah|yup|sure|si|claro|ok|okay|confirm(?:ed)?|correct|"
    r"thanks|thank you|thx|ty|cheers|gracias|"
    r"works?|working|fixed|solved|resolved|sorted|good|fine|great|perfect|excellent|awesome|"
    r"back (?:up|to normal|online|in service)|up and running|all set|"
    r"funciona|funcionan|jala|jalan|sirve|quedo|quedaron|resuelto|solucionado|arreglado|"
    r"confirmo|confirmado|correcto|perfecto|excelente|genial|todo bien|todo ok|todo en orden|"
    r"listo|de maravilla|va bien|van bien|normal|normalidad)\b"
)
# How long a reply is read here. A fault is looked for in a longer reply than a confirmation:
# "thanks, all good. Can you also add a user for our new hire?" is a new request told after
# the thanks, which closing the case would lose; a fault still there reopens it with the
# customer's words on it either way.
_MAX_FAULT_WORDS: Final = 60
_MORE_ASKED: Final = re.compile(
    r"\?|\b(?:(?:can|could|would) you|also|another|please (?:add|change|send|set|create)|"
    r"puede[ns]?|podria[ns]?|podrian|tambien|ademas|otra (?:cosa|consulta|pregunta))\b"
)
_MAX_CONFIRMATION_WORDS: Final = 16


def verdict(text: str) -> Verdict | None:
    folded = fold(straight_apostrophes(text))
    words = len(folded.split())
    if not words or words > _MAX_FAULT_WORDS:
        return None
    rest = _OVER.sub(" ", folded)
    if _STILL.search(rest):
        return Verdict.NOT_FIXED
    if _NEW_TOPIC.search(rest):
        return None  # another problem: the caller's usual handling opens a case for it
    if _FAULT.search(rest):
        return Verdict.NOT_FIXED
    if _MORE_ASKED.search(rest):
        return None  # a request after the thanks: the caller's usual handling keeps it
    if words <= _MAX_CONFIRMATION_WORDS and (_FIXED.search(rest) or rest != folded):
        return Verdict.FIXED
    return None


def confirmed(ticket: Ticket, *, csat: bool) -> list[Effect]:
    """The customer confirms the resolution: the ticket closes, the customer hears so and,
    when the plan asks for satisfaction (`csat`) and this ticket was not rated, is asked
    (once a ticket, if the engine may)."""
    said: list[Effect] = [
        ConfirmResolved(ticket.number),
        Say("resolution_confirmed", {"ticket": ticket.number}),
    ]
    if csat and ticket.csat is None:
        said.append(AskCsat(ticket.number))
    return said


def reopened(number: int) -> list[Effect]:
    """The ticket reopens, and the customer hears so."""
    return [ReopenTicket(number), Say("reopened", {"ticket": number})]
