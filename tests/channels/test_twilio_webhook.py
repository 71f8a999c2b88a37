"""channels.twilio_webhook: the form and the signature read as twilio's own code and
urllib read them, on random input (the webhooks themselves: tests/channels/test_sms.py)."""

from __future__ import annotations

import hmac
from urllib.parse import parse_qsl, quote_plus

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.requests import Request
from twilio.request_validator import HMAC_SHA1, HMAC_SHA256, RequestValidator

from channels.sms import INBOUND_PATH
from channels.twilio_webhook import (
    CONTENT_LENGTH,
    CONTENT_TYPE,
    SIGNATURE,
    SIGNATURE_SETTINGS,
    checked_headers,
    parse_form,
    signature_of,
)
from tests.app_harness import PUBLIC

AUTH_TOKEN = "twilio-auth-token-for-tests"


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    st.dictionaries(
        st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12),
        st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40),
        max_size=8,
    ),
    st.sampled_from([("sha1", HMAC_SHA1), ("sha256", HMAC_SHA256)]),
)
def test_the_signature_is_what_twilios_request_validator_computes(
    form: dict[str, str], algorithm: tuple[str, str]
) -> None:
    digest, name = algorithm
    url = PUBLIC + INBOUND_PATH
    expected = RequestValidator(AUTH_TOKEN).compute_signature(url, form, name)
    keyed = hmac.new(AUTH_TOKEN.encode(), digestmod=digest)
    assert signature_of(keyed, url, form) == expected
    assert signature_of(keyed, url, form) == expected  # the keyed HMAC is left as it was


# pieces of form bodies, well and badly formed: separators, escapes good and bad, UTF-8
FORM_TEXT = st.lists(
    st.sampled_from(
        ["a", "Z0", "=", "&", "+", "%2B", "é", " ", ",", "%C3%A9", "%ZZ", "%E9", "%"]
        + ["%C3", "%E2%82", "%F0%9F", "%80", "€", "😀", "%e2%82%ac"]  # unfinished, stray
        + ["%26", "%3D", "%3d", "%25", "%2", "6", "D"]  # escaped separators, split escapes
    ),
    max_size=12,
).map("".join)
NO_SURROGATES = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(
    st.one_of(
        FORM_TEXT,
        st.lists(st.tuples(NO_SURROGATES, NO_SURROGATES), max_size=5).map(
            lambda pairs: "&".join(f"{quote_plus(k)}={quote_plus(v)}" for k, v in pairs)
        ),
    )
)
def test_a_form_parses_as_parse_qsl_reads_it_strictly(text: str) -> None:
    try:
        expected: dict[str, str] | type[ValueError] = dict(
            parse_qsl(text, keep_blank_values=True, strict_parsing=bool(text), max_num_fields=200)
        )
    except ValueError:
        expected = ValueError
    try:
        got: dict[str, str] | type[ValueError] = parse_form(text.encode("utf-8"))
    except ValueError:
        got = ValueError
    assert got == expected


def test_a_form_of_more_than_200_fields_is_refused_as_parse_qsl_refuses_it() -> None:
    with pytest.raises(ValueError):
        parse_form(("a=1&" * 200 + "a=1").encode())
    assert parse_form(("a=1&" * 199 + "b=2").encode()) == {"a": "1", "b": "2"}


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(
                [
                    b"x-twilio-signature",
                    b"x-twilio-webhooks-signature-settings",
                    b"content-length",
                    b"content-type",
                    b"host",
                    b"user-agent",
                ]
            ),
            st.binary(max_size=20),
        ),
        max_size=8,
    )
)
def test_the_checked_headers_are_what_starlette_reads(raw: list[tuple[bytes, bytes]]) -> None:
    found = checked_headers(raw)
    headers = Request({"type": "http", "headers": raw}).headers
    for name in (SIGNATURE, SIGNATURE_SETTINGS, CONTENT_LENGTH, CONTENT_TYPE):
        assert found.get(name) == headers.get(name.decode())
