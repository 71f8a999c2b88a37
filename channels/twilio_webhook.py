"""Twilio's webhooks as twilio's own code reads them, at a fraction of the cost: the
form-encoded body (`parse_form`, what `parse_qsl` gives) and its `X-Twilio-Signature`
(`signature_of`, what `RequestValidator.compute_signature` gives). Every SMS webhook goes
through both; tests/channels/test_twilio_webhook.py compares each with the original."""

from __future__ import annotations

import base64
import hmac
from collections.abc import Iterable, Mapping
from typing import Final
from urllib.parse import unquote_to_bytes

from twilio.request_validator import HMAC_SHA1, HMAC_SHA256

# the request headers a webhook is checked by, as ASGI names them (lower case)
SIGNATURE: Final = b"x-twilio-signature"
SIGNATURE_SETTINGS: Final = b"x-twilio-webhooks-signature-settings"
CONTENT_LENGTH: Final = b"content-length"
CONTENT_TYPE: Final = b"content-type"
_CHECKED: Final = frozenset({SIGNATURE, SIGNATURE_SETTINGS, CONTENT_LENGTH, CONTENT_TYPE})
MAX_FIELDS: Final = 200  # a Twilio message webhook has about 20 (more with MMS media)
# the signature algorithms twilio's RequestValidator knows, as hashlib names
DIGESTS: Final = {HMAC_SHA1: "sha1", HMAC_SHA256: "sha256"}


def parse_form(body: bytes) -> dict[str, str]:
    """An application/x-www-form-urlencoded body; ValueError when it is not one.

    What `dict(parse_qsl(text, keep_blank_values=True, strict_parsing=bool(text),
    max_num_fields=MAX_FIELDS))` returns or raises (tests/channels/test_twilio_webhook.py
    compares them), without parse_qsl's general-purpose steps: half the cost on every webhook."""
    text = body.decode("utf-8")  # UnicodeDecodeError is a ValueError
    if not text:
        return {}
    fields = text.split("&")
    if len(fields) > MAX_FIELDS:
        raise ValueError("Max number of fields exceeded")
    if "%" in text and "%26" not in text and "%3D" not in text and "%3d" not in text:
        whole = _whole(text)
        if whole is not None:
            return whole
    form: dict[str, str] = {}
    for field in fields:
        name, equals, value = field.partition("=")
        if not equals:
            raise ValueError(f"bad query field: {field!r}")
        form[_unquote(name)] = _unquote(value)
    return form


def _whole(text: str) -> dict[str, str] | None:
    """`parse_form`'s fields, their escapes decoded in one run over the whole text (a
    webhook's sender, recipient and body each hold one, and each field's own run cost
    about 9,000 instructions): the same form, since no escape in `text` makes an "&" or
    "=" (%26, %3D or %3d: the caller checks), an escape's two digits never span a
    separator (neither is a hex digit), and UTF-8 decoding with "replace" ends an
    unfinished sequence at an ASCII separator as at a field's end. None for a field
    without "=": `parse_form` refuses it as it reads it."""
    decoded = unquote_to_bytes(text.replace("+", " ")).decode("utf-8", "replace")
    form: dict[str, str] = {}
    for field in decoded.split("&"):
        name, equals, value = field.partition("=")
        if not equals:
            return None
        form[name] = value
    return form


def _unquote(text: str) -> str:
    """`unquote_plus(text)`. Most of a webhook's fields (sids, numbers, counts) have nothing
    to unquote; the rest are decoded as one run of bytes, where `unquote` decodes each ASCII
    run apart: the same text, since `text` is decoded UTF-8 and a non-ASCII character's
    lead byte ends any unfinished sequence before it as the run's end would."""
    if "%" in text:
        return unquote_to_bytes(text.replace("+", " ")).decode("utf-8", "replace")
    return text.replace("+", " ") if "+" in text else text


def signature_of(keyed: hmac.HMAC, url: str, form: Mapping[str, str]) -> str:
    """`RequestValidator.compute_signature(url, form)` for a form of single values (what
    `parse_form` returns), from `keyed`, an HMAC of the auth token with nothing fed yet
    (`hmac.new(token, digestmod=...)`, made once): the validator builds a new HMAC per
    request, and OpenSSL looks the digest up by name each time, which cost as much as the
    rest of the check (tests/channels/test_twilio_webhook.py compares the two)."""
    signed = url + "".join([name + form[name] for name in sorted(form)])
    mac = keyed.copy()
    mac.update(signed.encode("utf-8"))
    return base64.b64encode(mac.digest()).decode("ascii")


def checked_headers(raw: Iterable[tuple[bytes, bytes]]) -> dict[bytes, str]:
    """The first value of each header a webhook is checked by, from an ASGI scope's
    `headers`: what Starlette's `request.headers.get(name)` gives for each, in one pass
    instead of a scan per name (and a KeyError caught for each one missing)."""
    found: dict[bytes, str] = {}
    for name, value in raw:
        if name in _CHECKED and name not in found:
            found[name] = value.decode("latin-1")
    return found
