"""A linked child's customer saying the outage is not their problem, in their own words.

The link message tells them to reply "not that" / "es otra cosa", but people answer the
way they talk: "No, that's not my problem, my fax line hums", "This has nothing to do with
the outage", "Hola, lo mío es otra cosa: no me llega el buzón de voz". A denial missed
keeps a customer with another fault waiting on an outage that is not theirs, so the
reading is broad on how a denial is said and narrow on what it is about: it must deny the
problem being the same (never "not working", "still not fixed", "no calls"), either as the
message's opening or as an explicit reference to the outage anywhere in its first sentence.

`denial(text)` returns None when the customer does not deny, else what they wrote after the
denial (their own problem, maybe empty), so the intake can take it as the description
instead of asking for it again.
"""

from __future__ import annotations

import re
from typing import Final

from domain.text import fold, straight_apostrophes

# Openers that carry nothing: a greeting, thanks, a bare "no"/"actually"/"sorry" before the denial.
_OPENER: Final = (
    r"(?:(?:hi|hello|hey|thanks|thank you|ok|okay|sorry|actually|well|um|hmm|"
    r"hola|buenas|buenos dias|buenas tardes|gracias|perdon|disculpe|disculpa|oiga|oigan|mire|"
    r"bueno|pues|la verdad|en realidad|no|nope|nah|nop)\b[\s,.!:;-]*)*"
)
# where a short denial ends: "not that." / "not that, my fax..." but not "not that many calls"
_END: Final = r"(?=\s*(?:[.!,;:)-]|$))"
_THE_OUTAGE: Final = (
    r"(?:the|that|this|your|esa|esta|la|el|ese|este|su)?\s*"
    r"(?:outage|incident|issue|problem|fault|announcement|message|"
    r"caida|incidencia|incidente|falla|averia|problema|corte|aviso)"
)

# The opening of the message denies the link. Each alternative names the problem or the
# case as another one, or says it is not theirs; a bare "no" is never enough.
_OPENING_DENIAL: Final = re.compile(
    _OPENER + r"(?:"
    # English
    r"not (?:that|this|it|this one|that one)"
    + _END
    + r"|not (?:mine|ours|my (?:problem|issue|case)|our (?:problem|issue|case))\b"
    r"|(?:that|this|it)(?:'?s| is| was)? (?:not|isn'?t|wasn'?t) (?:it|that)"
    + _END
    + r"|(?:that|this|it)(?:'?s| is| was)? (?:not|isn'?t|wasn'?t) "
    r"(?:my (?:problem|issue|case)|our (?:problem|issue|case)|the (?:problem|issue)|"
    r"what (?:i'?m|i am|we'?re|we are) (?:writing|calling|asking|talking|texting|messaging) about|"
    r"the same(?: (?:problem|issue|thing))?(?! as| than| like)|related)\b"
    r"|(?:that|this|it)(?:'?s| is) (?:a |an )?(?:different|another|separate|unrelated|other) "
    r"(?:problem|issue|thing|matter|question|fault)\b"
    r"|(?:my|our) (?:problem|issue|question|fault|case)(?:'?s| is| are)? "
    r"(?:different|something else|another|not (?:that|this|it|the same|related|the outage))\b"
    r"|(?:it'?s |its |i have |we have |i'?ve got |we'?ve got )?(?:a |an )?"
    r"(?:different|another|separate|unrelated) (?:problem|issue|thing|matter|question|fault)\b"
    r"|something (?:else|different)\b(?! (?:is|also|too|as well))"
    r"|(?:wrong|not the same) (?:problem|issue|incident|ticket|thing)\b"
    r"|unrelated\b|not related\b|nothing to do with\b"
    r"|(?:i'?m|i am|we'?re|we are) not (?:affected|part of (?:that|this|it))\b"
    # Spanish (folded: no accents)
    r"|(?:es |son |tengo |tenemos )?otr[oa] (?:cosa|problema|tema|asunto|falla|caso)\b"
    r"|(?:es |son )?(?:algo|un problema|una falla|un tema|un asunto) "
    r"(?:distint[oa]|diferente|aparte)\b"
    r"|no es (?:eso|esto|lo mio|lo nuestro|mi (?:problema|caso|tema)|"
    r"nuestro (?:problema|caso)|el mismo|la misma|por eso|lo que (?:me|nos) pasa)\b"
    r"|no es lo mismo\W*$"
    r"|(?:eso|esto) no es (?:lo que|mi|nuestro|lo mio)\b"
    r"|(?:lo mio|lo nuestro|mi (?:problema|caso|tema|consulta)|nuestro (?:problema|caso)) "
    r"(?:es|son) (?:otr[oa]|distint[oa]|diferente|aparte)\b"
    r"|no tiene (?:nada )?que ver\b|nada que ver\b"
    r"|no (?:me|nos) (?:pasa|afecta) (?:eso|esto|lo de)\b"
    r"|no (?:estoy|estamos) (?:escribiendo|llamando) por eso\b"
    r"|no (?:escribo|escribimos|llamo) por eso\b"
    r")"
)
# Anywhere in the first sentence: the outage itself named as not theirs.
_ABOUT_THE_OUTAGE: Final = re.compile(
    r"\b(?:(?:is|s|was|are)n'?t|not|nothing to do with|unrelated to|no relation to|"
    r"different from)\s+(?:about |related to |part of |caused by |the same as )?"
    + _THE_OUTAGE
    + r"\b"
    r"|\bno (?:es|viene de|es por) (?:lo de |por )?" + _THE_OUTAGE + r"\b"
    r"|\bnada que ver con\b|\bno tiene (?:nada )?que ver con\b"
)
# a sentence before the denial telling a service's state: "the phones are still not ..."
_SERVICE_STATE: Final = re.compile(
    r"\b(?:still|todavia|aun|sigue|siguen|calls?|phones?|lines?|llamadas?|telefonos?|lineas?)\b"
)
_SENTENCE_END: Final = re.compile(
    r"[.!?\n]|[:;]\s|\s[-\u2013\u2014]\s|,\s(?=(?:but|pero|and|y|my|mi|our|nuestro|we|i|es que)\b)"
)
_JOINING: Final = re.compile(
    r"^(?:(?:but|pero|because|porque|since|ya que|so|asi que|es que)\b)?[\s,.!:;-]*", re.IGNORECASE
)


def denial(text: str) -> str | None:
    """What the customer wrote after denying the outage is theirs (maybe ""), or None when
    `text` does not deny it."""
    text = straight_apostrophes(text)
    folded = fold(text)
    opening = _OPENING_DENIAL.match(folded)
    if opening is not None:
        return _rest(text, folded, opening.end())
    cut = _SENTENCE_END.search(folded)
    first = folded[: cut.start()] if cut else folded
    if cut is not None and cut.group() == "?":
        return None  # "is this not the same as the outage?" asks, it does not deny
    about = _ABOUT_THE_OUTAGE.search(first)
    if about is None or _SERVICE_STATE.search(first, 0, about.start()):
        return None
    return _rest(text, folded, len(first))


def _rest(text: str, folded: str, end: int) -> str:
    """The customer's words after the denial's sentence (their own problem), or "": the
    denial runs to its sentence's end ("not related to the outage at all. My fax hums").
    Folding keeps an ASCII text's length once its spacing is normalised, so the rest is cut
    from the customer's own casing when the lengths agree."""
    cut = _SENTENCE_END.search(folded, end)
    if cut is None:
        return ""
    spaced = " ".join(text.split())
    source = spaced if len(spaced) == len(folded) else folded
    return _JOINING.sub("", source[cut.end() :].strip(" ,.!:;-")).strip(" ,.!:;-")
