"""Identifier extractors: SIP Call-ID, email address, ticket number, account id."""

from __future__ import annotations

import re
from typing import Final

from flows.extract.text import TRAILING_PUNCT, Span, caseless, has_any, overlaps

_MAX_AT_SIGNS: Final = 200

# --------------------------------------------------------------------------- Call-ID

_CALLID_TOKEN: Final = r"([A-Za-z0-9][\w.~!%*+\-/=]{3,199}(?:@[A-Za-z0-9][\w.\-:\[\]]{0,199})?)"
_CALLID_CONTEXT = re.compile(
    r"(?i)\b(?:sip[ \t]+)?(?:call[-_ \t]?id|call[ \t]+identifier|"
    r"id[ \t]+de[ \t]+(?:la[ \t]+)?llamada|identificador[ \t]+de[ \t]+(?:la[ \t]+)?llamada)\b"
    r"(?:[ \t]+(?:for|of|from|on|de|del|en|la|el|the|this|that|esa|esta|ese|failed|failing|dropped|"
    r"last|[úu]ltima|call|llamada|fallida|cortada|problem[aá]tica|you\s+asked\s+for|que\s+pidieron)){0,6}"
    r"[ \t]*(?:(?:is|was|es|era|fue|number|n[º°o]\.?|:|=|#|-)[ \t]*){0,3}[\"'<(\[]?[ \t]*"
    + _CALLID_TOKEN
)
_CALLID_AT_SHAPE = re.compile(
    r"(?<![\w.\-+%@:])([0-9A-Fa-f][0-9A-Fa-f\-]{9,127})@([A-Za-z0-9][\w\-]*(?:\.[\w\-]+)+)"
)
_UUID = re.compile(
    r"(?<![\w\-])[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w\-])"
)
_CALL_WORD = re.compile(r"(?i)\b(?:call|llamada|sip|invite)")


_MAIL_PROVIDERS: Final = frozenset(
    {
        "gmail",
        "googlemail",
        "yahoo",
        "ymail",
        "hotmail",
        "outlook",
        "live",
        "msn",
        "icloud",
        "me",
        "aol",
        "proton",
        "protonmail",
        "gmx",
        "zoho",
        "mail",
        "yandex",
        "terra",
        "prodigy",
    }
)


def _hexish_callid_local(local: str) -> bool:
    digits = sum(c.isdigit() for c in local)
    letters = sum(c.isalpha() for c in local)
    if len(local) >= 12 and digits >= 6:
        return True
    return len(local) >= 10 and digits >= 4 and letters >= 2


def find_call_id(text: str) -> tuple[str, Span] | None:
    # Each pattern runs only on a text holding a word or character none of its matches lacks:
    # _CALLID_CONTEXT's cue has "call" or "llamada", _CALLID_AT_SHAPE an "@", a UUID a "-".
    low = caseless(text)
    for m in _CALLID_CONTEXT.finditer(text) if "call" in low or "llamada" in low else ():
        token = m.group(1).rstrip(TRAILING_PUNCT)
        if len(token) >= 6 and any(c.isdigit() for c in token):
            return token, (m.start(1), m.start(1) + len(token))
    for m in _CALLID_AT_SHAPE.finditer(text) if "@" in text else ():
        if (
            _hexish_callid_local(m.group(1))
            and m.group(2).split(".", 1)[0].lower() not in _MAIL_PROVIDERS
            and not _EMAIL_CONTEXT.search(text, max(0, m.start() - 60), m.start())
        ):
            token = m.group(0).rstrip(TRAILING_PUNCT)
            return token, (m.start(), m.start() + len(token))
    for m in _UUID.finditer(text) if "-" in text else ():
        if _CALL_WORD.search(text, max(0, m.start() - 50), m.start()):
            return m.group(0), m.span()
    return None


# --------------------------------------------------------------------------- email

_EMAIL_LOCAL_END = re.compile(r"[A-Za-z0-9._%+\-]{1,64}$")
_EMAIL_DOMAIN = re.compile(
    r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}\b"
)
_URI_SCHEME_BEFORE = re.compile(r"(?i)(?:sips?|tel|https?|ftp):$")
_ROLE_LOCALS: Final = frozenset(
    {
        "support",
        "soporte",
        "help",
        "helpdesk",
        "ayuda",
        "noc",
        "noreply",
        "no-reply",
        "donotreply",
        "do-not-reply",
        "mailer-daemon",
        "postmaster",
        "abuse",
        "tickets",
    }
)
_EMAIL_CONTEXT = re.compile(
    r"(?i)(?:e-?mail|correo|mail|reply\s+to|write\s+(?:to\s+)?me|esc[rí]+b[ae]me|escribirme|contact|"
    r"contacto|reach\s+me|send\s+(?:it\s+)?to)[^\n@]{0,30}$"
)


def find_emails(text: str, claimed: list[Span]) -> list[tuple[str, Span, bool]]:
    found: list[tuple[str, Span, bool]] = []
    pos = text.find("@")
    seen = 0
    while pos != -1 and seen < _MAX_AT_SIGNS:
        seen += 1
        local = _EMAIL_LOCAL_END.search(text, max(0, pos - 64), pos)
        domain = _EMAIL_DOMAIN.match(text, pos + 1)
        if local and domain:
            local_text = local.group(0).lstrip(".")
            start = pos - len(local_text)
            end = domain.end()
            span = (start, end)
            if (
                local_text
                and not local_text.endswith(".")
                and not _URI_SCHEME_BEFORE.search(text, max(0, start - 6), start)
                and not overlaps(span, claimed)
            ):
                preferred = bool(_EMAIL_CONTEXT.search(text, max(0, start - 60), start))
                found.append((text[start:end].lower(), span, preferred))
        pos = text.find("@", pos + 1)
    return found


def pick_email(found: list[tuple[str, Span, bool]]) -> tuple[str, Span] | None:
    for value, span, preferred in found:
        if preferred:
            return value, span
    for value, span, _ in found:
        if value.split("@", 1)[0] not in _ROLE_LOCALS:
            return value, span
    return None


# --------------------------------------------------------------------------- ticket

_TICKET = re.compile(
    r"(?i)(?:"
    r"(?<!\bin\s)(?<!\ben\s)\b(?:ticket|tiket|tickt|tkt|tiquete|case|caso|incidencia|incidente|incident|"
    r"folio|reporte)"
    r"(?:[ \t]+(?:number|num|no|nro|n[º°o]|n[úu]mero|id))?\.?[ \t]*"
    r"(?:(?:is|was|es|:|#|=|-)[ \t]*){0,2}(?:(?:the|el|la)[ \t]+)?#?[ \t]*(\d{2,12})\b(?![.:/]\d|@)"
    r"|\[[ \t]*(?:ticket|caso|case)?[ \t]*#[ \t]*(\d{2,12})[ \t]*\]"
    r"|(?-i:\bINC)[ \t]*[#:\-]?[ \t]*(\d{4,12})\b(?![.:/]\d|@)"
    r")"
)


# A _TICKET match holds one of these (any case; "incid" is in incidencia, incidente and
# incident), a "#" or "INC".
_TICKET_WORDS: Final = tuple("ticket tiket tickt tkt tiquete case caso incid folio reporte".split())


def find_ticket(text: str) -> tuple[str, Span] | None:
    if "#" not in text and "INC" not in text and not has_any(caseless(text), _TICKET_WORDS):
        return None
    m = _TICKET.search(text)
    if not m:
        return None
    group = next(i for i in (1, 2, 3) if m.group(i))
    return m.group(group), m.span(group)


# --------------------------------------------------------------------------- account id

_ACCOUNT = re.compile(
    r"(?i)\b(?:"
    r"(?P<resporg>resp[ \t]?org(?:[ \t]+id)?|scp[ \t]+id)"
    r"|(?P<acct>(?:billing[ \t]+)?(?:account|acount|accout|acct|acc|cuenta)"
    r"|customer[ \t]*(?:id|number|no\.?|nr|#|acct)|client[ \t]+(?:id|number)"
    r"|(?:id|n[úu]mero|numero|n[º°o]|nro|c[óo]digo)[ \t]+de[ \t]+cliente|cliente|ban)"
    r")(?![A-Za-zÀ-ÿ])"
    r"(?:[ \t]*(?:number|num|no|nro|n[º°o]|n[úu]mero|id|#|is|es|la|el|it'?s|it[ \t]+is|:|=|\?|\.)){0,4}"
    r"[ \t]*#?[ \t]*"
    r"(?P<value>[A-Za-z0-9][A-Za-z0-9\-]{1,24})"
    r"(?![\w@]|[.:]\d)"
)
# Resp Org IDs are five characters (two letters, three alphanumerics); SCP IDs vary.
_RESPORG_VALUE = re.compile(r"[A-Z]{2}[A-Z0-9]{3}|[A-Z0-9]{0,9}\d[A-Z0-9]{0,9}")
_ACCOUNT_VALUE_STOP: Final = frozenset({"id", "number", "no", "nro", "is", "es"})


# An _ACCOUNT match holds one of these (any case): "acc" is in account, accout, acct and acc,
# "client" in "cliente" and "de cliente".
_ACCOUNT_WORDS: Final = ("resp", "scp", "acc", "acou", "cuenta", "customer", "client", "ban")


def find_account(text: str, claimed: list[Span]) -> tuple[str, Span] | None:
    if not has_any(caseless(text), _ACCOUNT_WORDS):
        return None
    m = _ACCOUNT.search(text)
    while m:
        found = _account_value(m, claimed)
        if found:
            return found
        # keywords may repeat ("acct. acct num 4412"): resume right after this keyword
        m = _ACCOUNT.search(text, m.start() + 1)
    return None


def _account_value(m: re.Match[str], claimed: list[Span]) -> tuple[str, Span] | None:
    value = m.group("value").rstrip("-")
    span = (m.start("value"), m.start("value") + len(value))
    if value.lower() in _ACCOUNT_VALUE_STOP or overlaps(span, claimed):
        return None
    if m.group("resporg"):
        return (value, span) if _RESPORG_VALUE.fullmatch(value) else None
    if len(value) >= 3 and any(c.isdigit() for c in value):
        return value, span
    return None
