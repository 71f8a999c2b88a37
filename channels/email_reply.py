"""A reply's plain text -> what the customer wrote this time, and their signature.

Pure and line-based. The quoted history starts at the first "splitter": an
attribution line ("On <date>, X wrote:", possibly spread over several lines by
the client's wrapping, in the languages mail clients write it, "---- X wrote
----", "<date> X <x@example.com>:"), an "----- Original Message -----" line, or
a header block of the quoted mail (Outlook's "From: / Sent: / To:" in plain or
*bold*, Hotmail's "Date: / From:" under a rule, in many languages). Everything
below a header block or an unquoted attribution is history; below an
attribution whose quote is marked with ">", text after the quote is the
customer's again (bottom posting, answers between quotes, a sign-off under the
quote). A forwarded message is kept whole: a customer forwards a carrier's
error mail because they want us to read it.

Scored on the public fixtures of talon, email_reply_parser and mail-parser-reply
(tests/channels/test_email_reply_fixtures.py, figures in docs/email.md).
"""

from __future__ import annotations

import re
from typing import Final

# invisible direction marks Windows Mail puts around dates; they break the patterns
_INVISIBLE: Final = re.compile(r"[\u200b-\u200f\u2060\ufeff]")

_WROTE: Final = (
    r"wrote|writes|sent|schrieb|a\s+écrit|escribi[oó]|schreef|het\s+volgende\s+geschreven|"
    r"napisa[łl]a?|skrev|đã\s+viết|написал[аи]?|ha\s+scritto|escreveu|kirjoitti|yazdı"
)
_VERBS: Final = frozenset(
    "wrote writes sent schrieb écrit escribió escribio schreef geschreven napisał napisała "
    "napisal napisala skrev viết написал написала написали scritto escreveu kirjoitti "
    "yazdı".split()
)
# an attribution ends with its verb, a colon, maybe the dashes of "---- X wrote ----"
_ATTRIBUTION_END: Final = re.compile(rf"(?:^|[\s,>\"'])(?:{_WROTE})\s*:?\s*-*\s*$", re.IGNORECASE)
_ATTRIBUTION_START: Final = re.compile(
    r"^[\s>]*(?:-{2,}\s*)?(?:on|am|le|el|op|il|em|den|på|vào|dnia|w\s+dniu|sent\s+from|"
    r"\d{1,4}[./\-]\d{1,2}[./\-]\d{1,4}|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?)\b",
    re.IGNORECASE,
)
_SENT_FROM_START: Final = re.compile(r"^[\s>]*sent\s+from\b", re.IGNORECASE)
_DASHED_WROTE: Final = re.compile(rf"^[\s>]*-{{2,}}+.{{1,100}}\b(?:{_WROTE})\s*-{{2,}}\s*$", re.I)
# "2014-10-17 11:28 GMT+03:00 Postmaster <postmaster@example.org>:", "26.06.2014, 14:41,
# "Alexander L" <abc@example.com>:", "Thu, 26 Jun 2014 14:00:51 +0400 от X <x@y>:"
_DATED: Final = re.compile(
    r"^[\s>]*(?:\d{1,4}[./\-]\d{1,2}[./\-]\d{1,4}|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+\d)",
    re.IGNORECASE,
)
_EMAIL: Final = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
# "reply--- On Wed, Apr 4, 2012 at 3:59 PM, bob@example.com wrote:" on one line
_MIDLINE_ON: Final = re.compile(
    rf"(?:-{{2,}}+\s*|\s)On\s[^\n]{{5,400}}\b(?:{_WROTE})\s*:\s*$", re.IGNORECASE
)
_ORIGINAL: Final = re.compile(
    r"^[\s>]*-{2,}\s*(?:original\s+message|reply\s+message|ursprüngliche\s+nachricht|"
    r"antwort\s+nachricht|oprindelig\s+meddelelse|mensaje\s+original|message\s+d'origine|"
    r"messaggio\s+originale|oorspronkelijk\s+bericht|originalmeddelande|"
    r"opprinnelig\s+melding|alkuperäinen\s+viesti|wiadomość\s+oryginalna|"
    r"исходное\s+сообщение|mensagem\s+original)\s*-{2,}",
    re.IGNORECASE,
)
_FORWARD: Final = re.compile(
    r"^[\s>]*(?:-{2,}\s*(?:forwarded\s+message|mensaje\s+reenviado|weitergeleitete\s+nachricht|"
    r"message\s+transféré|mensagem\s+encaminhada)\s*-{2,}|begin\s+forwarded\s+message\s*:)",
    re.IGNORECASE,
)
# the header labels of a quoted mail's header block, as clients localise them
_FROM_LABELS: Final = (
    r"from|von|de|fra|från|van|od|от|da|lähettäjä|feladó|kimden|"
    r"date|datum|fecha|data|sent|enviado|gesendet|envoyé|sendt|skickat|verzonden|wysłane|"
    r"отправлено|inviato|päivämäärä"
)
_OTHER_LABELS: Final = (
    r"to|an|para|à|a|til|till|aan|do|кому|per|vastaanottaja|cc|"
    r"subject|betreff|asunto|objet|emne|ämne|onderwerp|temat|тема|oggetto|assunto|aihe|"
    r"reply-to|responder\s+a"
)
_HEADER: Final = re.compile(
    rf"^[\s>]*\*?\s*({_FROM_LABELS}|{_OTHER_LABELS})\s*\*?\s*:\s*\*?(?:\s|$)", re.IGNORECASE
)
_FROM_HEADER: Final = re.compile(rf"^(?:{_FROM_LABELS})$", re.IGNORECASE)
# labels only a mail's header block has (a call's details have From, To and Date too)
_MAIL_ONLY_HEADER: Final = re.compile(
    r"^(?:sent|enviado|gesendet|envoyé|sendt|skickat|verzonden|wysłane|отправлено|inviato|"
    r"subject|betreff|asunto|objet|emne|ämne|onderwerp|temat|тема|oggetto|assunto|aihe|cc)$",
    re.IGNORECASE,
)
_SENDER_HEADER: Final = re.compile(r"^(?:from|von|de|fra|från|van|od|от|da|lähettäjä)$", re.I)
# a rule drawn above the quoted headers: Outlook's underscores, dashes, html2text's <hr>
_RULE: Final = re.compile(r"^[\s>]*(?:_{5,}|-{5,}|={5,}|\*\s\*\s\*)\s*$")
_QUOTED: Final = re.compile(r"^[ \t]*>")

_SIG_DASHES: Final = re.compile(r"^-- ?$", re.MULTILINE)
_SENT_FROM: Final = re.compile(
    r"^[ \t]*(Sent from my|Sent from Mail for|Get Outlook for|Enviado desde mi|"
    r"Obtener Outlook para|Enviado desde Correo)\b.*$",
    re.MULTILINE | re.IGNORECASE,
)
_CLOSING: Final = re.compile(
    r"^[ \t]*(thanks|thank you|many thanks|regards|best regards|kind regards|best|cheers|sincerely|"
    r"saludos|un saludo|saludos cordiales|gracias|muchas gracias|atentamente|cordialmente|"
    r"un cordial saludo)[ \t]*[,.!]?[ \t]*$",
    re.MULTILINE | re.IGNORECASE,
)
_SIGNATURE_MAX_LINES: Final = 8
_WINDOW: Final = 6  # lines a wrapped attribution may span
_TAIL: Final = 80  # an attribution's verb and what follows it fit in this many characters
_LONGEST: Final = 1000  # a longer line is text, never a splitter (and costs no regex)


def _ends_with_verb(joined: str) -> bool:
    """The attribution's verb is its last word; a date or an address is in it too."""
    words = joined.rstrip(" \t:-").rsplit(None, 1)
    if not words or words[-1].lower() not in _VERBS:
        return False
    return "@" in joined or any(ch.isdigit() for ch in joined)


def _attribution(lines: list[str], i: int) -> int:
    """How many lines the attribution starting at line i spans (0: none there)."""
    first = lines[i]
    if not first.strip():
        return 0
    if _DASHED_WROTE.match(first):
        return 1
    starts = _ATTRIBUTION_START.match(first) is not None
    dated = _DATED.match(first) is not None
    if not starts and not dated:
        return 0
    joined = ""
    for n in range(1, min(_WINDOW, len(lines) - i) + 1):
        joined = f"{joined} {lines[i + n - 1].strip()}".strip()
        if len(joined) > 400:
            break
        if starts and _ends_with_verb(joined) and _ATTRIBUTION_END.search(joined[-_TAIL:]):
            return n
        if _SENT_FROM_START.match(first):
            return 0  # "Sent from Samsung Mobile X wrote:" is one line; else a signature
        if "@" not in joined:
            continue
        if starts and joined.endswith(":") and _EMAIL.search(joined):
            return n  # "Op 13-02-2014 3:18 schreef X <x@example.com>:"
        # a date and an address, ended by a colon (or a date-first line naming an address)
        if dated and (joined.endswith(":") or n == 1) and _EMAIL.search(joined):
            return n
    return 0


def _header_block(lines: list[str], i: int) -> int:
    """How many lines the quoted mail's header block at line i spans (0: none there)."""
    first = _HEADER.match(lines[i])
    if first is None or not _FROM_HEADER.match(first.group(1).strip()):
        return 0
    labels = {first.group(1).lower()}
    end, loose = i + 1, 0
    while end < len(lines) and end - i < 12:
        m = _HEADER.match(lines[end])
        if m is not None:
            labels.add(m.group(1).lower())
            loose = 0
        elif lines[end].strip() and loose < 1:
            loose += 1  # a wrapped value ("[mailto:\n bob@example.com]")
        else:
            break
        end += 1
    if len(labels) < 2:
        return 0
    # A mail's headers name an address, or say when it was sent or what about; a customer
    # describing a call ("From: +1 415 ..., To: ..., Date: yesterday") does neither.
    # "Date: / To: <address>" without a From is a quoted block too; "Date: / Time:" is not.
    addressed = any(_EMAIL.search(line) for line in lines[i:end])
    if not addressed and not any(_MAIL_ONLY_HEADER.match(label) for label in labels):
        return 0
    if not addressed and not any(_SENDER_HEADER.match(label) for label in labels):
        return 0
    return end - i


def _splitter(lines: list[str], start: int = 0) -> tuple[int, int, str] | None:
    """(first line, line after it, kind) of the first splitter from `start`."""
    for i in range(start, len(lines)):
        line = lines[i]
        if len(line) > _LONGEST:
            continue
        if _FORWARD.match(line):
            return i, i + 1, "forward"
        if _ORIGINAL.match(line):
            return i, i + 1, "original"
        span = _header_block(lines, i)
        if span:
            return i, i + span, "headers"
        span = _attribution(lines, i)
        if span:
            return i, i + span, "attribution"
    return None


def _in_quote(lines: list[str], j: int) -> bool:
    """Line j belongs to a ">" quote: marked, or a wrapped link between two marked lines."""
    if _QUOTED.match(lines[j]):
        return True
    return (
        0 < j < len(lines) - 1
        and _QUOTED.match(lines[j - 1]) is not None
        and _QUOTED.match(lines[j + 1]) is not None
    )


def _unquoted(lines: list[str]) -> list[str]:
    return [line for line in lines if not _QUOTED.match(line)]


def _new_lines(lines: list[str]) -> list[str]:
    found = _splitter(lines)
    if found is None:
        return _unquoted(lines)
    first, after, kind = found
    if kind == "forward":
        return lines
    before = lines[:first]
    while before and (not before[-1].strip() or _RULE.match(before[-1])):
        before.pop()  # blank lines and the rule drawn above the quoted mail
    rest = lines[after:]
    below: list[str] = []
    if kind == "attribution":
        # a ">"-quoted block under the attribution; what follows it is the customer's again
        j = 0
        while j < len(rest) and not rest[j].strip():
            j += 1
        if j < len(rest) and _QUOTED.match(rest[j]):
            while j < len(rest) and (not rest[j].strip() or _in_quote(rest, j)):
                j += 1
            if j < len(rest):
                below = _new_lines(rest[j:])
    kept = _unquoted(before)
    if below and any(line.strip() for line in kept):
        kept.append("")
    return kept + below


def _midline(text: str) -> str:
    """Cut an "On <date>, X wrote:" that shares its line with the reply."""
    out = []
    for line in text.split("\n"):
        m = None
        if (
            "On" in line
            and len(line) <= _LONGEST
            and line.rstrip().endswith(":")
            and _ATTRIBUTION_END.search(line[-_TAIL:])
        ):
            m = _MIDLINE_ON.search(line)
        if m is not None and line[: m.start()].strip() and re.search(r"\d", m.group()):
            out.append(line[: m.start()].rstrip(" -"))
            out.append(line[m.start() :].strip(" -"))
        else:
            out.append(line)
    return "\n".join(out)


def new_text(text: str) -> str:
    """The customer's new text of a plain-text reply, quoted history cut."""
    text = _INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = _midline(text).split("\n")
    kept = "\n".join(_new_lines(lines)).strip()
    if kept:
        return kept
    # a reply that is only quotes: keep the quoted text rather than nothing
    return "\n".join(line.lstrip("> ") for line in text.split("\n")).strip()


def split_signature(text: str) -> tuple[str, str]:
    """(text, signature): cut at "-- ", "Sent from my ...", or a closing line followed by
    a short block. A message that is only a closing ("Thanks!") keeps it."""
    candidates = [m.start() for rx in (_SIG_DASHES, _SENT_FROM) for m in rx.finditer(text)]
    for m in _CLOSING.finditer(text):
        tail = text[m.end() :].strip("\n")
        if len([ln for ln in tail.split("\n") if ln.strip()]) <= _SIGNATURE_MAX_LINES:
            candidates.append(m.start())
            break
    for start in sorted(candidates):
        head = text[:start].strip()
        if head:
            return head, text[start:].strip()
    return text.strip(), ""


def strip_reply(text: str) -> tuple[str, str]:
    """(new text, signature) of a plain-text body."""
    return split_signature(new_text(text))
