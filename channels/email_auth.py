"""Is the From of a mail authenticated? `Authentication-Results` (RFC 8601) as the
receiving MTA stamped them.

Anyone can write `From: ana@example.com`. The MTA that received the mail checked
SPF, DKIM and DMARC and recorded the results in an `Authentication-Results` header
that starts with its authserv-id; only headers with an id we were told to trust
count (an MTA removes headers claiming its own id from incoming mail, RFC 8601
section 5, so a sender cannot forge a trusted one). The From is authenticated when
DMARC passed, or DKIM passed for a domain aligned with the From domain, or SPF
passed for an aligned envelope sender (relaxed alignment: the same domain or one
a subdomain of the other). Used by threading: an unauthenticated mail that claims
an existing ticket opens a new ticket linked to it instead of joining it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from email import policy
from email.parser import BytesHeaderParser
from typing import Final

_HEAD_END: Final = re.compile(rb"\r?\n\r?\n")
_COMMENT: Final = re.compile(r"\([^()]*\)")
_RESULT: Final = re.compile(r"^([a-z0-9-]+)(?:/[0-9]+)?\s*=\s*([a-z]+)\b(.*)$", re.S)
_PROPERTY: Final = re.compile(r"\b([a-z]+\.[a-z0-9-]+)\s*=\s*(\"[^\"]*\"|[^\s;]+)")
_PARSER: Final = BytesHeaderParser(policy=policy.compat32)
MAX_HEADERS: Final = 20  # Authentication-Results read per mail, top first


@dataclass(frozen=True, slots=True)
class MethodResult:
    method: str  # spf, dkim, dmarc, ...
    result: str  # pass, fail, none, ...
    properties: dict[str, str]


@dataclass(frozen=True, slots=True)
class AuthResults:
    authserv_id: str
    results: tuple[MethodResult, ...]


@dataclass(frozen=True, slots=True)
class Verdict:
    authenticated: bool
    why: str  # e.g. "dmarc=pass", "no trusted Authentication-Results"


def _strip_comments(value: str) -> str:
    for _ in range(5):  # nested comments, a few levels
        value, n = _COMMENT.subn(" ", value)
        if not n:
            break
    return value


def parse_header(value: str) -> AuthResults | None:
    """One `Authentication-Results` value; None when it is not one."""
    parts = [p.strip() for p in _strip_comments(" ".join(value.split())).split(";")]
    if not parts or not parts[0]:
        return None
    authserv_id = parts[0].split()[0].lower()
    results = []
    for part in parts[1:]:
        found = _RESULT.match(part.lower())
        if not found:
            continue  # "none", a reason alone, junk
        props = {k: v.strip('"') for k, v in _PROPERTY.findall(found.group(3))}
        results.append(MethodResult(found.group(1), found.group(2), props))
    return AuthResults(authserv_id, tuple(results))


def header_values(raw: bytes) -> list[str]:
    """The `Authentication-Results` values of a raw mail, top (most recent) first."""
    end = _HEAD_END.search(raw)
    head = raw[: end.start()] if end else raw
    try:
        values = _PARSER.parsebytes(head + b"\r\n\r\n").get_all("authentication-results") or []
    except Exception:
        return []
    return [str(v) for v in values[:MAX_HEADERS]]


def _domain(value: str) -> str:
    return value.rpartition("@")[2].strip("<>. ").lower()


def aligned(a: str, b: str) -> bool:
    return bool(a and b) and (a == b or a.endswith("." + b) or b.endswith("." + a))


def verdict(values: Iterable[str], *, from_address: str, trusted: Collection[str]) -> Verdict:
    from_domain = _domain(from_address)
    seen_trusted = False
    for value in values:
        parsed = parse_header(value)
        if parsed is None or parsed.authserv_id not in trusted:
            continue
        seen_trusted = True
        for r in parsed.results:
            if r.result != "pass":
                continue
            if r.method == "dmarc" and aligned(
                _domain(r.properties.get("header.from", from_domain)), from_domain
            ):
                return Verdict(True, "dmarc=pass")
            if r.method == "dkim":
                signer = r.properties.get("header.d") or _domain(r.properties.get("header.i", ""))
                if aligned(signer, from_domain):
                    return Verdict(True, "dkim=pass")
            if r.method == "spf":
                mailfrom = r.properties.get("smtp.mailfrom") or r.properties.get("smtp.helo", "")
                if aligned(_domain(mailfrom), from_domain):
                    return Verdict(True, "spf=pass")
    if not seen_trusted:
        return Verdict(False, "no trusted Authentication-Results")
    return Verdict(False, "no aligned pass")


def authenticate(raw: bytes, *, from_address: str, trusted: Collection[str]) -> Verdict:
    return verdict(header_values(raw), from_address=from_address, trusted=trusted)
