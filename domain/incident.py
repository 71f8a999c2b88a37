"""A master incident (an outage): what staff declared, how new messages are matched to
it, what customers were told. The store keeps it; the dialogue reads it at intake; the
status page and the fan-out render it. Children (the customers' tickets) are kept by
the store beside it, not in it: an outage can have tens of thousands."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any, Final

from domain.text import ascii_runs, fold
from domain.types import Ticket

_WORD: Final = re.compile(r"[^\W_]+")  # a run of characters for which str.isalnum() holds


class IncidentStatus(enum.StrEnum):
    INVESTIGATING = "investigating"
    IDENTIFIED = "identified"
    MONITORING = "monitoring"
    RESOLVED = "resolved"


@dataclass(frozen=True, slots=True)
class IncidentMatch:
    """How a customer's first message is recognised as this incident's: any keyword (en or
    es, compared folded), a service the classifier read, or an account id it mentions.

    `regions` scopes an outage to where it is: place names (a site, a city, a region:
    "Dallas", "Monterrey", "Madrid DC") the message names, or E.164 prefixes ("+1214",
    "+5281") that the customer's number (the SMS sender, the callback they give) starts
    with. With keywords or services, a message matches only in one of the regions ("calls
    failing" from Madrid is not the Dallas outage); with neither, being in a region is
    enough (the whole site is down). An account id staff listed matches anywhere."""

    keywords: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    accounts: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "keywords": list(self.keywords),
            "services": list(self.services),
            "accounts": list(self.accounts),
            "regions": list(self.regions),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> IncidentMatch:
        return cls(
            keywords=tuple(str(k) for k in data.get("keywords", ())),
            services=tuple(str(s) for s in data.get("services", ())),
            accounts=tuple(str(a) for a in data.get("accounts", ())),
            regions=tuple(str(r) for r in data.get("regions", ())),
        )

    def matches(
        self,
        text: str,
        *,
        service: str | None,
        accounts: tuple[str, ...],
        phones: tuple[str, ...] = (),
    ) -> bool:
        """`phones`: the customer's numbers as E.164 (the sender's, the callback given)."""
        if accounts and self.accounts:
            ours = {fold(a) for a in self.accounts}
            if any(fold(a) in ours for a in accounts):
                return True
        if not self.regions:
            return self._names_fault(text, service)
        if not in_regions(self.regions, text, phones):
            return False
        return not (self.keywords or self.services) or self._names_fault(text, service)

    def _names_fault(self, text: str, service: str | None) -> bool:
        if self.keywords:
            words = _words(text)
            for keyword in self.keywords:
                wanted = _phrase(keyword)
                if wanted.strip() and (wanted in words or _inflected(keyword).search(words)):
                    return True
        return bool(service) and service in self.services


def is_phone_prefix(region: str) -> bool:
    """ "+1214", "+52 81": a region given as the start of E.164 numbers, not a place name."""
    digits = region.replace(" ", "").replace("-", "")
    return digits.startswith("+") and digits[1:].isdigit() and len(digits) > 1


def in_regions(regions: tuple[str, ...], text: str, phones: tuple[str, ...]) -> bool:
    """Whether a message is from one of `regions`: it names a place of them (folded, as a
    keyword), or one of `phones` starts with a prefix of them."""
    words: str | None = None
    for region in regions:
        if is_phone_prefix(region):
            prefix = region.replace(" ", "").replace("-", "")
            if any(p.startswith(prefix) for p in phones):
                return True
            continue
        if words is None:
            words = _words(text)
        wanted = _phrase(region)
        if wanted.strip() and wanted in words:
            return True
    return False


def _words(text: str) -> str:
    """Folded, punctuation as spaces, one space around each word: " no dial tone " is found
    in "(No dial-tone?)" folded the same way, and "tone" is not found in "stone"."""
    folded = fold(text)
    words = ascii_runs(folded, digits=True) if folded.isascii() else _WORD.findall(folded)
    return f" {' '.join(words)} "


# an incident's keywords, as `_words` reads them: once, not at every message of a storm
_phrase: Final = lru_cache(maxsize=4096)(_words)


@lru_cache(maxsize=4096)
def _inflected(keyword: str) -> re.Pattern[str]:
    """The keyword's phrase with each word's singular and plural: staff write "SIP trunk"
    or "troncal SIP", customers "our SIP trunks" or "las troncales SIP". Searched in
    `_words(text)` (the exact phrase is looked for first, so a storm naming the keyword as
    written pays nothing more)."""
    forms = (_forms(w) for w in _phrase(keyword).split())
    return re.compile(" " + " ".join(f"(?:{'|'.join(map(re.escape, f))})" for f in forms) + " ")


def _forms(word: str) -> tuple[str, ...]:
    """A folded word and its other number in English and Spanish ("trunk"/"trunks",
    "troncal"/"troncales", "company"/"companies", "voz"/"voces"); words of three letters
    or fewer, and words with digits (account ids, "e1"), only as written."""
    if len(word) <= 3 or not word.isalpha():
        return (word,)
    forms = {word}
    if word.endswith("ies"):
        forms.add(word[:-3] + "y")
    if word.endswith("es"):
        forms.add(word[:-2])
        if word.endswith("ces"):
            forms.add(word[:-3] + "z")
    if word.endswith("s"):
        forms.add(word[:-1])
    else:
        forms.update((word + "s", word + "es"))
        if word.endswith("y"):
            forms.add(word[:-1] + "ies")
        if word.endswith("z"):
            forms.add(word[:-1] + "ces")
    return tuple(sorted(forms, key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class IncidentUpdate:
    seq: int  # 1, 2, ... in the order posted; the resolution is an update too
    at: datetime
    text: str  # English
    text_es: str = ""
    status: IncidentStatus = IncidentStatus.INVESTIGATING

    def text_in(self, lang: str) -> str:
        return self.text_es if lang == "es" and self.text_es else self.text

    def to_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "at": self.at.isoformat(),
            "text": self.text,
            "text_es": self.text_es,
            "status": self.status.value,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> IncidentUpdate:
        return cls(
            seq=int(data["seq"]),
            at=datetime.fromisoformat(data["at"]),
            text=data["text"],
            text_es=data.get("text_es", ""),
            status=IncidentStatus(data.get("status", "investigating")),
        )


@dataclass(frozen=True, slots=True)
class Incident:
    id: int
    title: str
    created_at: datetime
    summary: dict[str, str] = field(default_factory=dict)  # lang -> customer-facing words
    service: str = ""
    match: IncidentMatch = IncidentMatch()
    status: IncidentStatus = IncidentStatus.INVESTIGATING
    priority: str = ""  # the master's priority: children's SLA runs on it
    master_ticket: int | None = None
    updates: tuple[IncidentUpdate, ...] = ()
    subscribers: tuple[str, ...] = ()  # addresses ("email:a@b.c") told like children
    updated_at: datetime | None = None
    resolved_at: datetime | None = None
    version: int = 1  # the store refuses a save unless it holds version - 1 (0 = new)
    source: str = ""  # a mirror of an external status page's incident ("statuspage:<id>")

    @property
    def is_open(self) -> bool:
        return self.status is not IncidentStatus.RESOLVED

    @property
    def latest(self) -> IncidentUpdate | None:
        return self.updates[-1] if self.updates else None

    def summary_in(self, lang: str) -> str:
        return self.summary.get(lang) or self.summary.get("en") or self.title

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "created_at": self.created_at.isoformat(),
            "summary": dict(self.summary),
            "service": self.service,
            "match": self.match.to_json(),
            "status": self.status.value,
            "priority": self.priority,
            "master_ticket": self.master_ticket,
            "updates": [u.to_json() for u in self.updates],
            "subscribers": list(self.subscribers),
            "updated_at": self.updated_at.isoformat() if self.updated_at else None,
            "resolved_at": self.resolved_at.isoformat() if self.resolved_at else None,
            "version": self.version,
            "source": self.source,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Incident:
        return cls(
            id=int(data["id"]),
            title=data["title"],
            created_at=datetime.fromisoformat(data["created_at"]),
            summary=dict(data.get("summary", {})),
            service=data.get("service", ""),
            match=IncidentMatch.from_json(data.get("match", {})),
            status=IncidentStatus(data.get("status", "investigating")),
            priority=data.get("priority", ""),
            master_ticket=data.get("master_ticket"),
            updates=tuple(IncidentUpdate.from_json(u) for u in data.get("updates", ())),
            subscribers=tuple(data.get("subscribers", ())),
            updated_at=_dt(data.get("updated_at")),
            resolved_at=_dt(data.get("resolved_at")),
            version=int(data.get("version", 1)),
            source=str(data.get("source", "")),
        )


def child_links(tickets: Iterable[Ticket]) -> tuple[tuple[int, int], ...]:
    """(incident id, ticket number) for each ticket that names its incident: what a
    commit links (`TurnCommit.incident_children`; linking again changes nothing)."""
    return tuple(
        (int(t.fields["incident"]), t.number)
        for t in tickets
        if t.fields.get("incident", "").isdigit()
    )


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
