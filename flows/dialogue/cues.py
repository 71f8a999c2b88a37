"""Conservative text cues for the plan's free-text fields (issue 12, point 4): what a
customer's description already says in words a form would ask for ("AOTS ticket 4471",
"when reserving numbers", "please reroute the calls to our cells", "the screen says
'Access denied'", "I'd prefer email"). Each cue needs an explicit marker; what it fills
is shown in the confirmation summary, where the customer can correct it. Pure."""

from __future__ import annotations

import functools
import re
from typing import Final

from domain.plan import IntakeFieldSpec
from domain.text import fold

_END: Final = r"(?=\s*(?:[.;!?\n]|,\s|$|\s+(?:and|but|y|pero)\s+(?:the|it|we|I|el|la|no)\b))"
# "<label>: value", "<label> is value": the field's own label written in the message
_LABELLED: Final = r"\s*(?::|#|\bis\b|\bes\b|=)\s*(?P<value>[^\n.;]{2,80}?)" + _END
# what a customer was doing when an error appeared: "when reserving numbers", "al reservar"
_PROCESS: Final = re.compile(
    r"(?i)\b(?:when|while|whenever)\s+(?:(?:I|we)(?:'m|'re|\s+(?:am|are|was|were))\s+)?"
    r"(?:trying\s+to\s+(?P<try>\w+(?:\s+[\w'-]+){0,5})|(?P<ing>\w+ing(?:\s+[\w'-]+){0,5}))"
    + _END
    + r"|\b(?:al\s+(?:intentar\s+)?|cuando\s+(?:intento|intentamos|intentaba|intent[ée])\s+)"
    r"(?P<inf>\w+(?:ar|er|ir)(?:\s+[\w'-]+){0,5})" + _END
)
# what the customer asks the provider to do, with a request verb (never "please help")
_ACTION_VERBS: Final = (
    r"re-?route|redirect|forward|replace|swap|reset|restore|dispatch|send\s+a\s+tech\w*|"
    r"roll\s+back|reprovision|reboot|refund|credit|escalate|desviar|redirigir|reemplazar|"
    r"cambiar|restablecer|reiniciar|enviar\s+un\s+t[ée]cnico|reembolsar|escalar|abonar"
)
_ACTION: Final = re.compile(
    r"(?i)\b(?:please|pls|we\s+need\s+you\s+to|i\s+need\s+you\s+to|we(?:'d|\s+would)\s+like\s+you\s+to|"
    r"can\s+you|could\s+you|por\s+favor|necesitamos\s+que|necesito\s+que|pueden|podr[ií]an)\s+"
    rf"(?P<value>(?:{_ACTION_VERBS})\w*(?:\s+[\w'@+-]+){{0,8}})" + _END
)
# what a screen says: "the screen shows 'Access denied'", "la pantalla dice ..."
_SCREEN: Final = re.compile(
    r"(?i)\b(?:screen|page|dashboard|portal|panel|pantalla|p[áa]gina)\s+"
    r"(?:shows|says|displays|reads|muestra|dice|pone)\s+"
    r"(?:[\"'“‘«](?P<quoted>[^\"'”’»\n]{2,100})[\"'”’»]|(?P<value>[^\n.;]{3,100}?)" + _END + ")"
)
_PREFERENCE: Final = (
    r"(?i)\b(?:prefer(?:ably)?|rather|contact\s+me|reach\s+me|reply|prefiero|prefiere|"
    r"cont[áa]ctenme|resp[óo]ndanme)\s+(?:to\s+be\s+contacted\s+)?(?:by|via|through|por|"
    r"(?:the|el|un|una)\s+)?\s*"
)
# which text fields each cue fills: keys as the plans name them
_TEXT_CUES: Final = {
    "process": _PROCESS,
    "requested_action": _ACTION,
    "ui_details": _SCREEN,
}


# a plan's labels are few and fixed: each pattern compiled once, not looked up in re's
# cache by a freshly built string for every field of every first message
@functools.lru_cache(maxsize=512)
def _after_label(label: str) -> re.Pattern[str]:
    return re.compile(re.escape(label) + _LABELLED, re.IGNORECASE)


@functools.lru_cache(maxsize=512)
def _after_head(head: str) -> re.Pattern[str]:
    return re.compile(
        rf"\b{re.escape(head)}\b(?:\s+(?:ticket|case|no\.?|number|n[úu]mero|#))*\s*[:#]?\s*"
        r"(?P<value>[A-Z0-9-]*\d[A-Z0-9-]{3,})\b"
    )


def text_cue(f: IntakeFieldSpec, text: str) -> str | None:
    """The value a free-text field `f` has in `text`: after its own label, or by its cue."""
    for label in {f.label.en, f.label.es} - {""}:
        m = _after_label(label).search(text)
        if m:
            return m.group("value").strip(" \"'“”")
    # an identifier after the label's distinctive first word: "AOTS ticket 4471234"
    head = f.label.en.split()[0] if f.label.en else ""
    if head.isupper() and len(head) >= 3:
        m = _after_head(head).search(text)
        if m:
            return m.group("value")
    cue = _TEXT_CUES.get(f.key)
    m = cue.search(text) if cue else None
    if m is None:
        return None
    value = next(v for v in m.groupdict().values() if v)
    return value.strip(" \"'“”")


def preferred_choice(f: IntakeFieldSpec, text: str) -> str | None:
    """A choice the customer states a preference for ("I'd prefer email", "prefiero
    correo"): a preference word right before the choice's value or its label's first word."""
    hits = set()
    for c in f.choices:
        words = {
            c.value,
            *(c.label.get(lang).split()[0] for lang in ("en", "es") if c.label.get(lang)),
        }
        alternation = "|".join(re.escape(fold(w)) for w in words if w)
        if re.search(_PREFERENCE + rf"(?:{alternation})\b", fold(text)):
            hits.add(c.value)
    return hits.pop() if len(hits) == 1 else None
