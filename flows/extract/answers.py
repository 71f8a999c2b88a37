"""Replies to one question: `parse_answer` validates a field value; `is_yes` and kin read intent."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import phonenumbers

from domain.text import fold
from flows.extract.ids import find_account, find_call_id, find_ticket
from flows.extract.name import NAME_STOP
from flows.extract.phone import (
    extension_after,
    find_phones,
    pick_phone_item,
)
from flows.extract.text import TRAILING_PUNCT, clean_text


@dataclass(frozen=True, slots=True)
class Answer:
    """A validated direct answer; ``error`` is a message-catalog key when invalid."""

    value: str | None
    error: str | None = None


# --------------------------------------------------------------------------- direct answers

_ANSWER_PREFIX = re.compile(
    r"(?i)^(?:(?:actually|sorry|no|ok|okay|sure|yes|yeah|s[ií]|claro|vale|perd[oó]n|en\s+realidad|"
    r"correction|correcci[oó]n)[,.!:]?\s+)*"
    r"(?:(?:my|mi|the|el|la|it'?s|its|it\s+is|es|is)\s+)*"
    r"(?:(?:name|nombre|phone|number|n[uú]mero|tel[eé]fono|cell|m[oó]vil|celular|email|e-mail|"
    r"correo|call[-\s]?id|id\s+de\s+(?:la\s+)?llamada|account|acct|cuenta|ticket|caso|case)"
    r"(?:\s+(?:number|n[uú]mero|id|de\s+cuenta|de\s+tel[eé]fono))?\s*(?:is|es|:|=|#)?\s*)?"
    r"(?:(?:it'?s|es\s+el|es\s+la|es)\s+)?"
)
_NAME_INTRO = re.compile(
    r"(?i)^(?:(?:hi|hello|hola|sure|ok|yes|s[ií])[,.!]?\s+)?"
    r"(?:my\s+name\s+is|my\s+name's|i'm|i\s+am|im|it's|its|this\s+is|name\s*:|me\s+llamo|"
    r"mi\s+nombre\s+es|soy|nombre\s*:)?\s*"
)
_NAME_ANSWER = re.compile(r"[^\W\d_][^\W\d_'’.\-]*(?:[ '’.\-]+[^\W\d_][^\W\d_'’.\-]*){0,5}\.?")
_EMAIL_FULL = re.compile(
    r"[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}"
)
_CALL_ID_FULL = re.compile(r"[A-Za-z0-9][\w.~!%*+\-/=]{5,199}(?:@[A-Za-z0-9][\w.\-:\[\]]{0,199})?")
_ACCOUNT_FULL = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-]{1,31}")
_TICKET_ANSWER = re.compile(
    r"(?i)^(?:(?:ticket|caso|case|n[uú]mero|number|no\.?|n[º°o])\s*)*#?\s*(\d{1,12})$"
)
_ANSWER_KINDS: Final = frozenset(
    {
        "name",
        "phone",
        "email",
        "call_id",
        "account_id",
        "ticket",
        "text",
        "choice",
        "duration",
        "organization",
        "login",
        "api_language",
    }
)


def _strip_answer(text: str) -> str:
    return clean_text(text).strip().strip(TRAILING_PUNCT + " ")


def _parse_name(text: str) -> Answer:
    body = _NAME_INTRO.sub("", clean_text(text).strip(), count=1).strip().rstrip(".,;:!?")
    if 2 <= len(body) <= 80 and _NAME_ANSWER.fullmatch(body):
        words = body.split()
        if len(words) <= 5 and not all(fold(w) in NAME_STOP for w in words):
            if fold(words[0]) not in NAME_STOP:
                return Answer(body)
    return Answer(None, "invalid_name")


def _parse_phone(text: str, region: str) -> Answer:
    clean = clean_text(text)
    picked = pick_phone_item(find_phones(clean, region, []))
    if picked is None:
        found = find_phones(clean, region, [])
        picked = max(found, key=lambda item: item[2]) if found else None
    if picked is not None:
        extension = extension_after(clean, picked[1][1])
        return Answer(f"{picked[0]} ext. {extension}" if extension else picked[0])
    for pm in phonenumbers.PhoneNumberMatcher(clean, region, leniency=phonenumbers.Leniency.VALID):
        return Answer(phonenumbers.format_number(pm.number, phonenumbers.PhoneNumberFormat.E164))
    return Answer(None, "invalid_phone")


_PUNCT: Final = re.compile(r"[^\w\s]")
_PUNCT_BUT_APOSTROPHE: Final = re.compile(r"[^\w\s']")


def _fold_choice(text: str) -> str:
    return " ".join(_PUNCT.sub(" ", fold(text)).split())


def _parse_choice(text: str, choices: Sequence[str]) -> Answer:
    answer = _fold_choice(text)
    if not answer or not choices:
        return Answer(None, "invalid_choice")
    if answer.isdigit():
        index = int(answer) - 1
        if 0 <= index < len(choices):
            return Answer(choices[index])
        return Answer(None, "invalid_choice")
    folded = [_fold_choice(c) for c in choices]
    for choice, f in zip(choices, folded, strict=True):
        if answer == f:
            return Answer(choice)
    partial = [
        c
        for c, f in zip(choices, folded, strict=True)
        if f.startswith(answer) or answer in f.split()
    ]
    if len(partial) == 1:
        return Answer(partial[0])
    return Answer(None, "invalid_choice")


def parse_answer(
    kind: str, text: str, *, region: str = "US", choices: Sequence[str] = ()
) -> Answer:
    """Validate a direct answer to the question for one field kind.

    kinds: "name", "phone", "email", "call_id", "account_id", "ticket", "text"
    (free text, min 3 chars), "choice" (one of ``choices``, case/accent-insensitive,
    or its 1-based number).
    """
    if kind not in _ANSWER_KINDS:
        raise ValueError(f"unknown answer kind: {kind!r}")
    if kind == "text":
        value = " ".join(clean_text(text).split())
        return Answer(value) if len(value) >= 3 else Answer(None, "too_short")
    if kind == "choice":
        return _parse_choice(text, choices)
    if kind == "api_language":  # a language, and maybe where logs will come from
        value = " ".join(clean_text(text).split())
        return Answer(value) if 2 <= len(value) <= 300 else Answer(None, "too_short")
    if kind in ("duration", "organization", "login"):
        return _parse_free(kind, text)
    if kind == "name":
        return _parse_name(text)
    if kind == "phone":
        return _parse_phone(text, region)
    body = _ANSWER_PREFIX.sub("", _strip_answer(text), count=1).strip().strip(TRAILING_PUNCT + " ")
    if kind == "email":
        m = _EMAIL_FULL.fullmatch(body) or _EMAIL_FULL.search(clean_text(text))
        return Answer(m.group(0).lower()) if m else Answer(None, "invalid_email")
    if kind == "call_id":
        found = find_call_id(clean_text(text))
        if found:
            return Answer(found[0])
        m = _CALL_ID_FULL.fullmatch(body)
        if m and any(c.isdigit() for c in body):
            return Answer(body)
        return Answer(None, "invalid_call_id")
    if kind == "account_id":
        account = find_account(clean_text(text), [])
        if account:
            return Answer(account[0])
        if _ACCOUNT_FULL.fullmatch(body) and any(c.isdigit() for c in body):
            return Answer(body)
        return Answer(None, "invalid_account")
    # ticket
    m = _TICKET_ANSWER.match(body)
    if m:
        return Answer(m.group(1))
    found_ticket = find_ticket(clean_text(text))
    if found_ticket:
        return Answer(found_ticket[0])
    return Answer(None, "invalid_ticket")


# ------------------------------------------------------------- free text with a shape

# How long something has lasted or since when: a number, a time word or a day.
_TIME_CUE: Final = re.compile(
    r"\b(?:since|for|ago|about|around|just|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|"
    r"morning|afternoon|evening|night|overnight|yesterday|today|tonight|noon|midnight|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend|last|an?\s+hour|"
    r"desde|hace|minutos?|horas?|dias?|semanas?|meses|mes|manana|tarde|noche|madrugada|ayer|anoche|hoy|"
    r"mediodia|lunes|martes|miercoles|jueves|viernes|sabado|domingo|finde|fin\s+de\s+semana|rato)\b"
)
# A sentence about what the customer wants, not a name: "need the phone working again".
_WANT: Final = re.compile(
    r"\b(?:need|needs|want|wants|fix|fixed|working|work|please|help|asap|urgent|"
    r"necesito|necesitamos|quiero|queremos|arregl\w*|funcion\w*|ayuda|urgente|por\s+favor)\b"
)
_CLOCK_TIME: Final = re.compile(r"\d{1,2}(?::\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.|h|hrs?)?")
_LOGIN: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@\-]{1,63}")


def _parse_free(kind: str, text: str) -> Answer:
    value = " ".join(clean_text(text).split()).strip(" .")
    folded = fold(value)
    if kind == "duration":
        if 2 <= len(value) <= 120 and (_TIME_CUE.search(folded) or _CLOCK_TIME.fullmatch(folded)):
            return Answer(value)
        return Answer(None, "invalid_duration")
    if kind == "organization":
        words = value.split()
        if 2 <= len(value) <= 150 and len(words) <= 16 and not _WANT.search(folded):
            if any(ch.isalpha() for ch in value):
                return Answer(value)
        return Answer(None, "invalid_organization")
    body = _ANSWER_PREFIX.sub("", value, count=1).strip() or value
    body = re.sub(
        r"(?i)^(?:(?:my\s+)?(?:login|user(?:name)?|usuario)(?:\s+id)?\s*(?:is|es|:)?\s*)", "", body
    )
    if _LOGIN.fullmatch(body) and fold(body) not in NAME_STOP:
        return Answer(body)
    return Answer(None, "invalid_login")


# Replies that answer no question: a yes or no, a command word, a question back, a
# contact preference. Never stored as a field value (issue 12, point 5).
_COMMAND_WORDS: Final = frozenset(
    """reopen reabrir restart reiniciar status estado help ayuda menu human humano agent agente
    operator operador cancel cancelar stop start alta baja escalate escalar""".split()
)
_PREFERENCE: Final = re.compile(
    r"^(?:prefiero|prefer|i'?d\s+prefer|i\s+prefer|mejor|better)\b"
    r"|\b(?:by|por)\s+(?:email|e-mail|correo|phone|telefono|text|sms|mensaje)(?:\s+(?:please|por\s+favor))?$"
    r"|^(?:email|call|text|llame|llamen|escriba|escriban)(?:n)?\s*(?:me|nos)\b"
)
# a question back without its question mark ("why do you need that"); "can't log in"
# starts like a question and is an answer
_ASKING_BACK: Final = re.compile(
    r"^(?:why\s+(?:do|does|is|would|should)|what\s+for|how\s+(?:much|long)|"
    r"por\s*que\s+(?:necesita|hace\s+falta|quiere)|para\s+que|cuanto\s+(?:cuesta|tarda))\b"
)


def non_answer(text: str) -> str | None:
    """Why `text` is no value for any field ("yes_no", "command", "question",
    "preference"), or None when it may be one."""
    norm = _norm_reply(text)
    if not norm:
        return None
    if is_yes(text) or _NO.match(norm):
        return "yes_no"
    if norm in _COMMAND_WORDS or (norm.split()[0] in _COMMAND_WORDS and len(norm.split()) <= 2):
        return "command"
    stripped = clean_text(text).strip()
    if stripped.endswith("?") or stripped.startswith("¿") or _ASKING_BACK.match(norm):
        return "question"
    if _PREFERENCE.search(norm):
        return "preference"
    return None


# --------------------------------------------------------------------------- intents


def _norm_reply(text: str) -> str:
    """Folded reply without punctuation or emoji, single-spaced."""
    folded = fold(clean_text(text))
    folded = folded.replace("n/a", "na").replace("’", "'")
    return " ".join(_PUNCT_BUT_APOSTROPHE.sub(" ", folded).split())


_CORRECTION = re.compile(
    r"^(?:actually|correction|i\s+meant|sorry\s+i\s+meant|sorry\s+(?:my|the|it)|oops|whoops|my\s+bad|"
    r"wait|no\s+(?:my|the|it'?s|it\s+is|its|sorry|wait|actually|i\s+meant|mi|el|la|perdon|"
    r"quise|en\s+realidad)|not\s+\S+\s+(?:it'?s|its)|wrong\s+(?:number|email|one)|"
    r"the\s+correct\s+(?:one|number|email)|en\s+realidad|perdon|perdona|disculpa|disculpe|"
    r"correccion|corrijo|quise\s+decir|me\s+equivoque|me\s+confundi|el\s+correcto\s+es|"
    r"mejor\s+dicho|error\s+mi|fue\s+un\s+error)\b"
)
_CORRECTION_ANYWHERE = re.compile(
    r"\b(?:i\s+meant|me\s+equivoque|quise\s+decir|mejor\s+dicho|i\s+made\s+a\s+(?:mistake|typo)|"
    r"typo|wrong\s+(?:number|email|one))\b"
)


def is_correction(text: str) -> bool:
    """True when the customer is correcting something they said before."""
    norm = _norm_reply(text)
    return bool(_CORRECTION.match(norm) or _CORRECTION_ANYWHERE.search(norm))


_SKIP = re.compile(
    r"^(?:(?:sorry|lo\s+siento|perdon|no\s+sorry|ok|pues)\s+)?(?:"
    r"skip(?:\s+(?:it|this|that))?|pass|next|na|none|nothing|no\s+one|nope\s+none|"
    r"(?:i\s+)?(?:don'?t|do\s+not|dont)\s+(?:have|know|remember)(?:\s+(?:it|one|that|them|this|the\s+\w+(?:\s+\w+)?))?|"
    r"(?:i\s+)?have\s+no\s+idea|no\s+idea|idk|dunno|not\s+sure|unknown|not\s+available|"
    r"(?:i\s+)?(?:can'?t|cannot)\s+find\s+it|not\s+applicable|"
    r"no\s+(?:se|lo\s+se|lo\s+tengo|tengo|la\s+tengo|me\s+acuerdo|lo\s+recuerdo|recuerdo)"
    r"(?:\s+(?:el|la|ese|esa|mi)\s+\w+(?:\s+de\s+\w+)?)?|"
    r"omitir|saltar|sal?tate(?:lo)?|siguiente|paso|ninguno|ninguna|nada|no\s+aplica|"
    r"no\s+disponible|ni\s+idea|desconocido"
    r")(?:\s+(?:sorry|thanks|thank\s+you|lo\s+siento|gracias|perdon))?$"
)


def is_skip(text: str) -> bool:
    """True when the customer declines to give the asked-for field."""
    return bool(_SKIP.match(_norm_reply(text)))


_YES = re.compile(
    r"^(?:yes|yep|yeah|yup|ya|y|correct|that'?s\s+(?:right|correct|it)|right|ok|okay|k|sure|"
    r"absolutely|affirmative|exactly|confirmed|confirm|of\s+course|please\s+do|go\s+ahead|"
    r"si|claro|correcto|vale|de\s+acuerdo|exacto|eso\s+es|asi\s+es|perfecto|dale|va|"
    r"por\s+supuesto|afirmativo|esta\s+bien|ta\s+bien|ok\s+dale|sip|simon|confirmo|es\s+correcto)"
    r"(?:\s+(?:yes|yep|sure|please|thanks|thank\s+you|correct|that'?s\s+(?:right|correct|it)|it\s+is|"
    r"si|claro|correcto|gracias|por\s+favor|es\s+correcto|eso\s+es|that\s+one|perfect|perfecto|"
    r"todo\s+bien|is\s+correct|all\s+good))*$"
)
_YES_EMOJI = re.compile(r"^\s*(?:👍|👌|✅|✔️?|🆗)[\s\W]*$")
_NO = re.compile(
    r"^(?:no|nope|nah|n|incorrect|not\s+correct|not\s+right|that'?s\s+(?:wrong|not\s+right|incorrect|not\s+correct)|"
    r"wrong|negative|no\s+es\s+correcto|incorrecto|no\s+es\s+asi|no\s+es|para\s+nada|negativo|"
    r"esta\s+mal|no\s+esta\s+bien|tampoco)"
    r"(?:\s+(?:(?:it'?s|that'?s|is)\s+(?:wrong|not\s+right|incorrect|not\s+correct)|thanks|gracias|"
    r"sorry|lo\s+siento|es\s+incorrecto|no\s+es\s+correcto|incorrect|incorrecto|wrong|not\s+correct|"
    r"esta\s+mal|no))*$"
)
_NO_LEADING = re.compile(r"^\s*(?:no|nope|nah)\s*[,.!;:\-]\s*\S", re.IGNORECASE)
_NO_EMOJI = re.compile(r"^\s*(?:👎|❌|✖️?)[\s\W]*$")


def is_yes(text: str) -> bool:
    """True for an affirmative reply (en/es)."""
    if _YES_EMOJI.match(text):
        return True
    return bool(_YES.match(_norm_reply(text)))


def is_no(text: str) -> bool:
    """True for a negative reply (en/es), including "no, ..." followed by a correction."""
    if _NO_EMOJI.match(text):
        return True
    if is_skip(text):
        return False
    norm = _norm_reply(text)
    if _NO.match(norm):
        return True
    return bool(_NO_LEADING.match(clean_text(text))) and not norm.startswith(
        ("no problem", "no worries", "no hay problema", "no pasa nada")
    )
