"""Don't ask what was said (issue 12, point 4): the fields of the plan whose answer a
customer's description already carries ("for 2 hours", "this is Harbor Freight in Long
Beach", "the API in the sandbox"), read conservatively. What is filled this way shows in
the confirmation summary, where the customer can correct it. Pure."""

from __future__ import annotations

import re
from typing import Final

from domain.plan import IntakeFieldSpec, SupportPlan
from domain.rules import mentions
from flows.dialogue.cues import preferred_choice, text_cue

# "for 2 hours", "since this morning", "since 9am", "3 days ago", "desde ayer", "hace 2 horas"
_NUM: Final = r"(?:\d+|an?|one|two|three|four|five|six|un|una|dos|tres|cuatro|cinco|seis)"
_UNIT: Final = r"(?:minutes?|mins?|hours?|hrs?|days?|weeks?|minutos?|horas?|d[ií]as?|semanas?)"
_DURATION: Final = re.compile(
    rf"\b(?:for\s+(?:the\s+(?:last|past)\s+)?{_NUM}\s+{_UNIT}|{_NUM}\s+{_UNIT}\s+ago|"
    r"since\s+(?:this\s+(?:morning|afternoon|evening)|yesterday(?:\s+(?:morning|afternoon|evening))?|"
    r"last\s+(?:night|week|\w+day)|(?:mon|tues|wednes|thurs|fri|satur|sun)day|noon|midnight|"
    r"\d{1,2}(?::\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.)?)|"
    rf"desde\s+(?:esta\s+(?:ma[ñn]ana|tarde|noche)|ayer(?:\s+por\s+la\s+(?:ma[ñn]ana|tarde|noche))?|anoche|"
    rf"el\s+(?:lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo)|las?\s+\d{{1,2}}(?::\d\d)?|"
    rf"hace\s+{_NUM}\s+{_UNIT})|hace\s+{_NUM}\s+{_UNIT})",
    re.IGNORECASE,
)
# "This is Harbor Freight Logistics in Long Beach", "we're Acme Dental, Denver",
# "Llamo de Clínica Sol en Miami": a capitalised name with a place, or a company suffix.
_CAP: Final = r"[A-ZÁÉÍÓÚÑ][\w&'’.\-]*"
_ORG: Final = re.compile(
    rf"\b(?i:this\s+is|we\s+are|we'?re|calling\s+from|i'?m\s+(?:calling\s+)?(?:from|with)|"
    rf"llamo\s+de|somos|escribo\s+(?:de|desde)|de\s+parte\s+de)\s+"
    rf"(?P<org>{_CAP}(?:\s+(?:&\s+)?{_CAP}){{0,5}})"
    rf"(?:\s*(?:,|\s+in|\s+at|\s+en|\s+de)\s+(?P<place>{_CAP}(?:\s+{_CAP}){{0,3}}))?"
)
_COMPANY_WORD: Final = (
    r"inc|llc|ltd|corp|corporation|co|company|gmbh|s\.?l|s\.?a|plc|group|logistics|freight|"
    r"trucking|transport|dental|clinic|hotel|bank|services|solutions|systems|partners|"
    r"associates|consulting|industries|enterprises|holdings|technologies|labs|pharmacy|"
    r"insurance|realty|medical|healthcare|cl[ií]nica|grupo|hospital|farmacias?|transportes|"
    r"log[ií]stica|consultor(?:es|s|a)|asociados|servicios|soluciones|sistemas|seguros|"
    r"distribuidora|constructora|comercial|ferreter[ií]a|inmobiliaria|abogados|hermanos"
)
_COMPANY_SUFFIX: Final = re.compile(rf"\b(?:{_COMPANY_WORD})\.?$", re.IGNORECASE)
_COMPANY_ANY: Final = re.compile(rf"\b(?:{_COMPANY_WORD})\b", re.IGNORECASE)
# "This is Maria Lopez from Acme Corp", "Le escribe Marta Ruiz de Clínica Dental Sol",
# "soy Carlos, de Telefónica Soluciones", "Somos de Transportes García S.A.": the business
# after a person's introduction (or "somos de"), taken only with a company word in it
_NAME_WORDS: Final = r"[A-ZÁÉÍÓÚÑa-záéíóúñ][\w'’\-]*(?:\s+(?:de\s+la\s+|del\s+|de\s+|i\s+)?[A-ZÁÉÍÓÚÑ][\w'’\-]*){0,3}"
_ORG_AFTER_PERSON: Final = re.compile(
    rf"(?:\b(?i:this\s+is|i'?m|i\s+am|my\s+name\s+is|soy|me\s+llamo|habla|"
    rf"(?:le|les|os|te)\s+(?:escribe|habla|saluda))\s+{_NAME_WORDS},?\s+"
    rf"(?i:from|with|at|of|de|del|desde|en\s+nombre\s+de|on\s+behalf\s+of)|\b(?i:somos\s+de))\s+"
    rf"(?P<org>{_CAP}(?:\s+(?:&\s+|y\s+|de\s+|del\s+)?{_CAP}){{0,5}}(?:\s+S\.\s?[AL]\.(?:\s+de\s+C\.\s?V\.)?)?)"
    rf"(?:\s*(?:,|\s+in|\s+at|\s+en)\s+(?P<place>{_CAP}(?:\s+{_CAP}){{0,3}}))?"
)
# "my login ID is mellison7", "usuario: jsalas22"
_LOGIN: Final = re.compile(
    r"(?i)\b(?:login(?:\s+id)?|user\s*(?:name|id)|username|usuario|id\s+de\s+(?:inicio\s+de\s+sesi[oó]n|usuario))"
    r"\s*(?:is|es|:|=)\s*((?=[A-Za-z._@\-]*\d)[A-Za-z0-9][A-Za-z0-9._@\-]{2,39})\b"
)
# the programming language an API client is written in, as people name it
_API_LANGUAGE: Final = re.compile(
    r"(?<![\w.])(?:Python|Java|JavaScript|TypeScript|Node(?:\.js)?|PHP|Ruby|Golang|(?<=in\s)Go|Go(?=\s+(?:client|SDK|code|app|service|program))|C#|\.NET|"
    r"C\+\+|Perl|Rust|Kotlin|Swift|Scala|PowerShell|VB\.NET|Elixir)(?![\w+#])"
)
_UNGUESSED_CHOICES: Final = frozenset({"other", "otro", "otra"})


def prefill(fields: dict[str, str], policy: SupportPlan, text: str) -> dict[str, str]:
    """`fields` plus what `text` says for the plan's unanswered fields."""
    out = dict(fields)
    priority_fields = {rule.field for rule in policy.classification.field_rules}
    for f in policy.intake.fields:
        if f.key in out or f.key == "description":
            continue
        value = None
        if f.kind == "duration":
            m = _DURATION.search(text)
            value = m.group(0) if m else None
        elif f.kind == "organization":
            value = _organization(text)
        elif f.kind == "login":
            m = _LOGIN.search(text)
            value = m.group(1) if m else None
        elif f.kind == "api_language":
            m = _API_LANGUAGE.search(text)
            value = m.group(0) if m else None
        elif f.kind == "choice" and f.key not in priority_fields:
            # a field that moves the priority (MACD speed and its charge, ConnexCS category) is
            # asked; a required choice is taken only from a stated preference ("prefer email")
            value = preferred_choice(f, text) if f.required else _one_choice(f, text)
        elif f.kind == "text":
            value = text_cue(f, text)
        if value:
            out[f.key] = value
    return out


def _organization(text: str) -> str | None:
    for m in (_ORG_AFTER_PERSON.search(text), _ORG.search(text)):
        if m is None:
            continue
        raw, place = m.group("org"), m.group("place")
        org = _sentence(raw)
        whole = _SENTENCE_END.search(raw) is None  # "Acme Inc. Phones down": no place after
        if m.re is _ORG_AFTER_PERSON and not _COMPANY_ANY.search(org):
            continue  # after a person's name, only a company word makes it the business
        if place and whole:
            return f"{org}, {_sentence(place)}"
        if m.re is _ORG_AFTER_PERSON or _COMPANY_SUFFIX.search(org):
            return org
    return None


_SENTENCE_END: Final = re.compile(r"\.\s+(?=[A-ZÁÉÍÓÚÑ¿¡])")


def _sentence(words: str) -> str:
    """`words` up to a sentence end ("Long Beach. All our lines" is "Long Beach"); an
    abbreviation followed by a lower-case word ("S.A. de C.V.") is no end."""
    head = _SENTENCE_END.split(words, maxsplit=1)[0].rstrip(",")
    return head if re.search(r"\b[A-Z]\.$", head) else head.rstrip(".,")


def _one_choice(f: IntakeFieldSpec, text: str) -> str | None:
    hits = set()
    for c in f.choices:
        words = {c.value, c.label.en, c.label.es} - {""}
        if any(w.lower() in _UNGUESSED_CHOICES for w in words):
            continue
        if mentions(text, sorted(words)):
            hits.add(c.value)
    return hits.pop() if len(hits) == 1 else None
