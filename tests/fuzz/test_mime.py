"""The email inbox's reading of raw MIME under fuzzed input: broken headers (NULs, bad
encodings), charsets that are not charsets, broken transfer encodings, multiparts nested
hundreds deep, random bytes. No exception escapes `read_mail`; every reading is a mail
(with text when it had to be salvaged) or a reason that makes it a dead letter."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from channels.email_parse import ADDRESS_RE
from channels.email_salvage import NOTE, read_mail
from tests.fuzz.strategies import EXAMPLES

HEADER_NAMES = st.sampled_from(
    [
        b"From",
        b"To",
        b"Subject",
        b"Message-ID",
        b"In-Reply-To",
        b"References",
        b"X-Junk",
        b"Content-Type",
        b"Content-Transfer-Encoding",
        b"Content-Disposition",
        b"Auto-Submitted",
    ]
)
NASTY = st.binary(max_size=40) | st.sampled_from(
    [b"\x00", b"=?utf-8?b?!!!?=", b"=?x\x00?q?a?=", b"<a@b>\x00", b"\xff\xfe", b"a@b.c"]
)
CHARSETS = st.sampled_from(
    [
        b"utf-8",
        b"utf\x00-8",
        b"\xff\xfe\x80",
        b"latin-1",
        b"x-unknown",
        b"",
        b'"',
        b"utf-7",
        b"utf-16",
        b"idna",
        b"rot13",
        b"cp1252",
    ]
) | st.binary(max_size=12)
ENCODINGS = st.sampled_from(
    [b"base64", b"quoted-printable", b"7bit", b"8bit", b"binary", b"x-uuencode", b"\x00"]
)
BODIES = st.binary(max_size=200) | st.sampled_from(
    [b"T3VyIHBob25lcyBhcmUgZG93bi!!!@@@###===", b"=ZZ=\r\n=", b"begin 644 x\r\n!!\r\nend"]
)


@st.composite
def leaf(draw: st.DrawFn) -> bytes:
    subtype = draw(st.sampled_from([b"plain", b"html", b"octet-stream", b"rfc822-headers"]))
    major = b"application" if subtype == b"octet-stream" else b"text"
    return (
        b"Content-Type: " + major + b"/" + subtype + b'; charset="' + draw(CHARSETS) + b'"\r\n'
        b"Content-Transfer-Encoding: " + draw(ENCODINGS) + b"\r\n\r\n" + draw(BODIES)
    )


@st.composite
def multipart(draw: st.DrawFn) -> bytes:
    depth = draw(st.integers(min_value=1, max_value=300))
    kind = draw(st.sampled_from([b"mixed", b"alternative", b"related", b"report"]))
    heads = b"".join(
        b"Content-Type: multipart/" + kind + b'; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i)
        for i in range(depth)
    )
    closing = draw(st.booleans())  # an unterminated tree is as likely as a closed one
    tail = b"".join(b"\r\n--b%d--" % i for i in reversed(range(depth))) if closing else b""
    return heads + draw(leaf()) + tail


@st.composite
def mails(draw: st.DrawFn) -> bytes:
    headers = draw(st.lists(st.tuples(HEADER_NAMES, NASTY), max_size=8))
    head = b"".join(name + b": " + value + b"\r\n" for name, value in headers)
    body = draw(st.one_of(leaf(), multipart(), BODIES.map(lambda b: b"\r\n" + b)))
    return b"From: Ana <ana@example.com>\r\n" + head + body


RAW = mails() | st.binary(max_size=400)


@settings(
    max_examples=EXAMPLES * 2,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(raw=RAW, envelope=st.sampled_from(["ana@example.com", "", "<>", "x\x00@y"]))
def test_no_exception_escapes_reading_and_every_reading_has_text_or_a_reason(
    raw: bytes, envelope: str
) -> None:
    reading = read_mail(raw, envelope_from=envelope)
    if reading.mail is None:
        assert reading.reason  # a dead letter says why
        return
    mail = reading.mail
    assert isinstance(mail.text, str)
    assert mail.sender == "" or ADDRESS_RE.match(mail.sender)
    if reading.salvaged:
        assert mail.text.startswith(NOTE) and reading.reason
    # the salvage path is total as well
    again = read_mail(raw, envelope_from=envelope, salvage=True)
    assert again.mail is not None and again.mail.text.startswith(NOTE)
    assert "\x00" not in again.mail.text
