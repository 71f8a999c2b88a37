"""The corpus: what real mail looks like, parsed without a server, then through one."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.plan.policy import Policy
from bot.store.sqlite.store import SqliteStore
from channels.email_guard import MailKind, classify
from channels.email_parse import parse_message, strip_reply
from channels.email_threading import new_thread_id
from flows.extract.text import clean_text
from tests.channels.email_support import EmailEnv, corpus, email_env, text_of
from tests.conftest import Clock

OWN = frozenset({"support@example.com"})


@pytest.mark.parametrize(
    ("name", "expected", "absent"),
    [
        ("gmail_reply_en.eml", "Callback phone: +1 415 555 2671", "wrote:"),
        ("gmail_reply_es.eml", "Teléfono de contacto: +34 612 345 678", "escribió"),
        ("outlook_reply_en.eml", "You can reach me at 303-555-0147.", "Sent:"),
        (
            "outlook_reply_es.eml",
            "Mi teléfono es el +34 612 345 678, llámenme cuando puedan.",
            "Enviado:",
        ),
        ("apple_reply_en.eml", "Account ID: AC-10442", "Sent from my iPhone"),
        ("apple_reply_es.eml", "Cuenta 4471, teléfono +34 612 345 678", "Enviado desde"),
    ],
)
def test_replies_keep_only_what_the_customer_wrote_this_time(
    name: str, expected: str, absent: str
) -> None:
    mail = parse_message(corpus(name, OUR_MSGID="<sb.1@example.com>", TICKET=10001))
    assert expected in mail.text
    assert absent not in mail.text
    assert "Ticket #10001" not in mail.text and "ticket #10001" not in mail.text


def test_a_signature_is_kept_apart_from_the_text() -> None:
    text, signature = strip_reply(
        "The fax line is dead.\n\nThanks,\nAna Perez\nAcme Dental\n+1 303 555 0147\n"
    )
    assert text == "The fax line is dead."
    assert signature.startswith("Thanks,") and "+1 303 555 0147" in signature


def test_a_message_that_is_only_thanks_keeps_its_text() -> None:
    assert strip_reply("Thanks!")[0] == "Thanks!"


def test_html_only_mail_becomes_plain_text() -> None:
    mail = parse_message(corpus("html_only.eml"))
    assert "voicemail light is stuck on for my phone only" in mail.text
    assert "<" not in mail.text and "color: red" not in mail.text
    assert "Tom & team" in mail.text


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("latin1_es.eml", "el buzón de voz de mi teléfono"),
        ("windows1252.eml", "“late fee” of €35 – why?"),
        ("quoted_printable.eml", "no llegan a ningún teléfono de la oficina"),
    ],
)
def test_charsets_and_transfer_encodings_are_decoded(name: str, fragment: str) -> None:
    assert fragment in parse_message(corpus(name)).text


def test_latin1_headers_are_decoded() -> None:
    mail = parse_message(corpus("latin1_es.eml"))
    assert mail.subject == "No funciona el buzón de voz" and mail.sender_name == "María Ibáñez"


def test_a_base64_screenshot_is_an_attachment_with_a_safe_name() -> None:
    (shot,) = parse_message(corpus("base64_screenshot.eml")).attachments
    assert shot.name == "screen shot.png" and shot.content_type == "image/png"
    assert shot.data.startswith(b"\x89PNG")


def test_malformed_mime_is_tolerated() -> None:
    mail = parse_message(corpus("malformed_mime.eml"))
    assert "Calls drop after 30 seconds" in mail.text
    assert mail.sender == "tom@acme.io"


def test_a_dsn_is_read_as_a_delivery_report() -> None:
    mail = parse_message(corpus("dsn_bounce.eml", OUR_MSGID="<sb.1@example.com>", TICKET=10001))
    assert mail.report is not None
    assert mail.report.original_ids == ("<sb.1@example.com>",)
    assert mail.report.status == "5.1.1" and mail.report.action == "failed"
    assert mail.report.recipients == ("ana@example.com",)
    assert classify(mail, envelope_from="", own=OWN) is MailKind.BOUNCE


@pytest.mark.parametrize(
    ("name", "envelope", "kind"),
    [
        ("out_of_office.eml", "ana@example.com", MailKind.AUTO_REPLY),
        ("out_of_office_es.eml", "luis@ejemplo.es", MailKind.AUTO_REPLY),
        ("bulk_list.eml", "bounce@lists.example.net", MailKind.BULK),
        ("noreply_sender.eml", "no-reply@monitor.example.com", MailKind.BULK),
        ("new_en_outage.eml", "ana@example.com", MailKind.NORMAL),
        ("new_en_outage.eml", "", MailKind.AUTO_REPLY),
        ("new_en_outage.eml", "support@example.com", MailKind.OWN),
    ],
)
def test_automatic_mail_is_recognised(name: str, envelope: str, kind: MailKind) -> None:
    mail = parse_message(corpus(name, OUR_MSGID="<sb.1@example.com>", TICKET=10001))
    assert classify(mail, envelope_from=envelope, own=OWN) is kind


def test_an_injected_display_name_cannot_change_the_sender() -> None:
    mail = parse_message(corpus("crlf_injection.eml"))
    assert mail.sender == "eve@example.org"
    assert "\n" not in mail.subject and "\r" not in mail.subject and "\n" not in mail.sender_name


# -- through the server ---------------------------------------------------------------------


@pytest.fixture
async def env(
    sqlite_store: SqliteStore, calltower: Policy, clock: Clock, tmp_path: Path
) -> AsyncIterator[EmailEnv]:
    async with email_env(
        sqlite_store, calltower, clock, tmp_path, max_attachment_bytes=4096
    ) as opened:
        yield opened


async def test_a_screenshot_is_stored_under_the_data_directory_and_listed_on_the_ticket(
    env: EmailEnv, tmp_path: Path
) -> None:
    await env.send(corpus("base64_screenshot.eml"), mail_from="tom@acme.io")
    ticket = await env.store.get_ticket(10001)
    assert ticket is not None
    (shot,) = ticket.attachments
    assert shot.kind == "image" and shot.name == "screen shot.png" and shot.size == 74
    stored = Path(shot.ref)
    content = await asyncio.to_thread(stored.read_bytes)
    assert content.startswith(b"\x89PNG")
    assert (tmp_path / "attachments") in stored.parents


async def test_an_attachment_over_the_cap_is_listed_but_not_stored(env: EmailEnv) -> None:
    await env.send(corpus("oversize.eml"), mail_from="tom@acme.io")
    ticket = await env.store.get_ticket(10001)
    assert ticket is not None
    (log,) = ticket.attachments
    assert log.name == "pbx.log" and log.size == 256 * 300 and log.ref == ""


@pytest.mark.parametrize(
    ("name", "sender", "fragment", "lang"),
    [
        ("html_only.eml", "tom@acme.io", "voicemail light", "en"),
        ("latin1_es.eml", "maria@ejemplo.es", "buzón de voz", "es"),
        ("windows1252.eml", "tom@acme.io", "late fee", "en"),
        ("quoted_printable.eml", "ana@example.com", "ningún teléfono", "es"),
        ("malformed_mime.eml", "tom@acme.io", "Calls drop after 30 seconds", "en"),
    ],
)
async def test_each_shape_opens_a_ticket_with_the_customers_words(
    env: EmailEnv, name: str, sender: str, fragment: str, lang: str
) -> None:
    await env.send(corpus(name), mail_from=sender)
    ticket = await env.store.get_ticket(10001)
    assert ticket is not None and fragment in ticket.fields["description"]
    assert ticket.lang == lang
    (reply,) = await env.deliver()
    assert reply.message["Content-Language"] == lang


async def test_an_empty_email_is_asked_for_a_description_and_the_reply_opens_the_ticket(
    env: EmailEnv,
) -> None:
    await env.send(corpus("empty_body.eml"), mail_from="tom@acme.io")
    assert await env.store.list_tickets() == []
    (ask,) = await env.deliver()
    assert "without any text" in text_of(ask.message)
    answer = (
        corpus("html_only.eml")
        .replace(b"<html-only-0006@acme.io>", b"<answer-0006@acme.io>")
        .replace(b"Subject: Voicemail light stuck", b"Subject: Re: Your support request")
        .replace(
            b"MIME-Version",
            b"In-Reply-To: " + ask.message["Message-ID"].encode() + b"\nMIME-Version",
        )
    )
    await env.send(answer, mail_from="tom@acme.io")
    (ticket,) = await env.store.list_tickets()
    assert "voicemail light" in ticket.fields["description"]
    # the same conversation the empty mail started: one thread, one ticket
    assert ticket.conversation_id == f"email:tom@acme.io#{new_thread_id('<empty-0016@acme.io>')}"


ALTERNATIVES = (
    b"From: Ana <ana@example.com>\r\nTo: support@example.com\r\nSubject: x\r\n"
    b'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="M"\r\n\r\n'
    b'--M\r\nContent-Type: multipart/alternative; boundary="A"\r\n\r\n'
    b"--A\r\nContent-Type: text/html; charset=windows-1252\r\n\r\n<p>Caf\xe9 <b>HTML</b></p>\r\n"
    b"--A\r\nContent-Type: text/plain; charset=windows-1252\r\n\r\nCaf\xe9 phones are down\r\n"
    b"--A--\r\n"
    b"--M\r\nContent-Type: application/pdf\r\n"
    b'Content-Disposition: attachment; filename="=?utf-8?b?ZmFjdHVyYSDDsS5wZGY=?="\r\n'
    b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n"
    b"--M\r\nContent-Type: image/png\r\n"
    b"Content-Disposition: attachment; filename*=utf-8''captura%20%C3%B1.png\r\n"
    b"Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n"
    b"--M--\r\n"
)

RELATED_HTML = (
    b"From: ana@example.com\r\nSubject: x\r\n"
    b'Content-Type: multipart/related; boundary="R"\r\n\r\n'
    b"--R\r\nContent-Type: text/html\r\n\r\n<p>The <b>fax</b> line is dead</p>\r\n"
    b"--R\r\nContent-Type: image/gif\r\nContent-ID: <i1>\r\n"
    b"Content-Transfer-Encoding: base64\r\n\r\nR0lGODlh\r\n"
    b"--R--\r\n"
)


def test_the_plain_alternative_is_the_body_and_encoded_file_names_are_decoded() -> None:
    mail = parse_message(ALTERNATIVES)
    assert mail.text == "Café phones are down"
    names = [(a.name, a.content_type) for a in mail.attachments]
    assert names == [("factura ñ.pdf", "application/pdf"), ("captura ñ.png", "image/png")]


def test_the_html_root_of_a_related_mail_is_the_body_and_its_image_an_attachment() -> None:
    mail = parse_message(RELATED_HTML)
    assert mail.text == "The fax line is dead"
    assert [a.content_type for a in mail.attachments] == ["image/gif"]


def test_an_html_body_reads_as_the_same_text_the_extractors_make_of_that_html() -> None:
    html = "<p>1. Phones down since 8am</p><p>- call me on 303-555-0147</p>"
    mail = parse_message(
        b"From: ana@example.com\r\nSubject: x\r\nContent-Type: text/html\r\n\r\n"
        + html.encode()
        + b"\r\n"
    )
    assert mail.text == "1. Phones down since 8am\n\n- call me on 303-555-0147"
    assert clean_text(html) == mail.text


@pytest.mark.parametrize(
    "sender",
    ["ana\x00x@example.com", "an\ufffda@example.com", "ana\x07@example.com"],
    ids=["nul", "replacement-character", "bell"],
)
def test_a_sender_address_no_reply_can_reach_is_refused_at_parse_time(sender: str) -> None:
    raw = (
        f"From: Ana <{sender}>\r\nTo: support@example.com\r\nSubject: help\r\n"
        "Message-ID: <x1@example.com>\r\n\r\nMy phones are down.\r\n"
    ).encode("utf-8", "surrogateescape")
    assert parse_message(raw).sender == ""
    ok = raw.replace(sender.encode("utf-8"), b"ana@example.com")
    assert parse_message(ok).sender == "ana@example.com"
