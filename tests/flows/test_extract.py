from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from unittest.mock import patch

import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st

from flows.extract import phone
from flows.extract.fields import (
    Extraction,
    extract,
)
from flows.extract.phone import find_phones

CASES = Path(__file__).parent / "data" / "extract_cases.jsonl"
FIELDS = ("name", "phone", "email", "call_id", "ticket", "account_id", "error_text")


def _load_cases() -> list[dict[str, Any]]:
    with CASES.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


# --------------------------------------------------------------------------- corpus


def test_corpus_labels_use_known_fields_and_valid_phone_numbers() -> None:
    cases = _load_cases()
    assert len(cases) >= 150
    for case in cases:
        assert set(case["fields"]) <= set(FIELDS), case
        if "phone" in case["fields"]:
            number = phonenumbers.parse(case["fields"]["phone"], None)
            assert phonenumbers.is_valid_number(number), case


def test_corpus_recall_and_precision_are_at_least_95_percent() -> None:
    expected_total = found_right = reported = 0
    per_field_misses: dict[str, list[str]] = {}
    for case in _load_cases():
        expected = case["fields"]
        got = extract(case["text"]).as_dict()
        expected_total += len(expected)
        reported += len(got)
        for key in FIELDS:
            want, have = expected.get(key), got.get(key)
            if want is not None and want == have:
                found_right += 1
            elif want != have:
                per_field_misses.setdefault(key, []).append(
                    f"  want={want!r} got={have!r} | {case['text'][:100]!r}"
                )
    recall = found_right / expected_total
    precision = found_right / reported if reported else 1.0
    report = [f"recall={recall:.3f} precision={precision:.3f}"]
    for key, misses in sorted(per_field_misses.items()):
        report.append(f"{key}: {len(misses)} wrong")
        report.extend(misses)
    print("\n".join(report))
    assert recall >= 0.95 and precision >= 0.95, "\n".join(report)


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Hi, I'm Ana and our calls drop.", "Ana"),
        ("My name is Ana Pérez, calls drop after 30s", "Ana Pérez"),
        ("This is Tom from Acme, no dial tone", "Tom"),
        ("it's Ana here, quick question", "Ana"),
        ("soy Ana y no tengo línea", "Ana"),
        ("Hola, me llamo Luis García. No funciona el fax.", "Luis García"),
        ("Mi nombre es María José Ruiz", "María José Ruiz"),
        ("Buenas, habla Carlos Méndez de Transportes Norte.", "Carlos Méndez"),
        ("Le escribe Patricia Gómez, responsable de IT.", "Patricia Gómez"),
        ("Soy María López de Telecom Andina", "María López"),
        ("Thanks,\nRobert Chen\nIT Manager", "Robert Chen"),
    ],
)
def test_name_is_taken_from_self_introductions_in_english_and_spanish(text: str, name: str) -> None:
    assert extract(text).name == name


@pytest.mark.parametrize(
    "text",
    [
        "I'm having trouble with my voicemail",
        "I am unable to log in",
        "I'm not sure what is wrong",
        "I'm trying to port my number",
        "Sorry, I'm so frustrated with this",
        "soy el administrador de la centralita",
        "soy de Acme y no tenemos tono",
        "Soy nuevo en la empresa",
        "this is urgent, phones are down",
        "Hello, this is Dr. Alan Whitfield's office.",
        "I spoke with Maria yesterday about it",
    ],
)
def test_name_is_not_taken_from_sentences_that_only_look_like_introductions(text: str) -> None:
    assert extract(text).name is None


# --------------------------------------------------------------------------- phones


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("call me at +1 (415) 555-0100", "+14155550100"),
        ("my number is 415-555-0100", "+14155550100"),
        ("my number is 415.555.0100", "+14155550100"),
        ("number: 4155550100", "+14155550100"),
        ("callback 415-555-0100 ext 22", "+14155550100"),
        ("Mi móvil es +34 612 345 678", "+34612345678"),
        ("llámenme al +52 55 1234 5678", "+525512345678"),
    ],
)
def test_phone_is_normalised_to_e164(text: str, phone: str) -> None:
    assert extract(text).phone == phone


@pytest.mark.parametrize(
    ("text", "region", "phone"),
    [
        # the plan's region reads a national number, whatever language it is written in
        ("mi teléfono es el 612 34 56 78", "ES", "+34612345678"),
        ("my number is 612 34 56 78", "ES", "+34612345678"),
        ("mi teléfono es el 415 555 0100", "US", "+14155550100"),
        ("my number is 0161 496 0123", "GB", "+441614960123"),
        ("mi número es 0161 496 0123", "GB", "+441614960123"),
        # a Spanish national number on a US plan is not guessed as Spanish from the language
        ("mi teléfono es el 612 34 56 78", "US", None),
        ("Hola, mi móvil es 699 87 65 43, gracias", "US", None),
        # the number itself says its country: a "+" prefix, a Mexican 044/045/01 prefix
        ("mi móvil es +34 612 345 678", "US", "+34612345678"),
        ("call me at +1 415 555 0100", "ES", "+14155550100"),
        ("my cell is 044 55 1234 5678", "US", "+525512345678"),
        ("mi celular es 045 33 1234 5678", "ES", "+523312345678"),
    ],
)
def test_the_phone_region_is_the_plans_or_the_numbers_never_the_messages_language(
    text: str, region: str, phone: str | None
) -> None:
    assert extract(text, region=region).phone == phone


@pytest.mark.parametrize(
    "text",
    [
        "extension 2201 does not ring, ext. 204 neither",
        "the desk phone x1234 is dead; la extensión 305 tampoco",
        "PBX at 10.0.0.12 and 192.168.1.1:5060 won't register",
        "invoice 2024-00123 is wrong",
        "la factura 88812 tiene un cargo duplicado",
        "phone MAC 00:1A:2B:3C:4D:5E keeps rebooting",
        "it started on 2024-03-12 at 09:30 and cost $1,249.50",
        "ticket 4155550100 please",
        "account 4155550100 is suspended",
        "order #4155550100 has not shipped",
    ],
)
def test_extensions_ips_invoices_dates_amounts_and_ids_are_not_phones(text: str) -> None:
    assert extract(text).phone is None


def test_phone_prefers_the_customers_own_number_over_others() -> None:
    text = "Calls to 212-555-0147 fail. My cell is 415-555-2671."
    assert extract(text).phone == "+14155552671"


def test_phone_in_an_email_signature_is_found() -> None:
    text = "Phones are down.\n\nBest regards,\nJohn Doe\nDirect: (312) 555-0178\njohn@doe.com"
    got = extract(text)
    assert got.phone == "+13125550178"
    assert got.email == "john@doe.com"
    assert got.name == "John Doe"


# --------------------------------------------------------------------------- email and Call-ID


def test_email_is_lowercased_and_trailing_punctuation_stripped() -> None:
    assert extract("write to ANA.Perez@Example.COM.").email == "ana.perez@example.com"
    assert extract("mi correo es Luis@Empresa.es, gracias").email == "luis@empresa.es"


def test_sip_uri_and_support_addresses_are_not_the_customers_email() -> None:
    got = extract("From: <sip:alice@atlanta.com>\nTo: support@carrier.com\nno audio")
    assert got.email is None


@pytest.mark.parametrize(
    ("text", "call_id"),
    [
        ("Call-ID: a84b4c76e66710@pc33.atlanta.com", "a84b4c76e66710@pc33.atlanta.com"),
        (
            "the call id is 3848276298220188511@atlanta.example.com.",
            "3848276298220188511@atlanta.example.com",
        ),
        ("callid f81d4fae-7dec-11d0-a765-00a0c91e6bf6", "f81d4fae-7dec-11d0-a765-00a0c91e6bf6"),
        ("Call-ID: YzJhNmQ1ZGE0ZDc1NmQ0NmFjNWQxMjBh\nthanks", "YzJhNmQ1ZGE0ZDc1NmQ0NmFjNWQxMjBh"),
        ("El ID de llamada es 9f3c2b1a7e4d@10.1.2.3", "9f3c2b1a7e4d@10.1.2.3"),
        (
            "identificador de llamada: 4a7f0c2e9b8d1e6f@203.0.113.45",
            "4a7f0c2e9b8d1e6f@203.0.113.45",
        ),
    ],
)
def test_call_id_is_found_by_context_with_case_preserved(text: str, call_id: str) -> None:
    assert extract(text).call_id == call_id


def test_call_id_that_looks_like_an_email_is_not_reported_as_email() -> None:
    text = "Call-ID: a84b4c76e66710@pc33.atlanta.com. My email is j.smith@northwind.com"
    got = extract(text)
    assert got.call_id == "a84b4c76e66710@pc33.atlanta.com"
    assert got.email == "j.smith@northwind.com"


def test_hex_local_part_without_context_is_a_call_id_not_an_email() -> None:
    got = extract("dropped call a84b4c76e66710@pc33.atlanta.com at 10:32")
    assert got.call_id == "a84b4c76e66710@pc33.atlanta.com"
    assert got.email is None


def test_ordinary_email_with_digits_is_an_email_not_a_call_id() -> None:
    got = extract("my email is jsmith2024@gmail.com")
    assert got.email == "jsmith2024@gmail.com"
    assert got.call_id is None


# --------------------------------------------------------------------------- ticket, account, error


@pytest.mark.parametrize(
    ("text", "ticket"),
    [
        ("ticket #12345 still open", "12345"),
        ("case 4567 is not fixed", "4567"),
        ("el caso 12345 sigue abierto", "12345"),
        ("Re: [#12345] dropped calls", "12345"),
        ("ticket number 88?", "88"),
        ("número de incidencia 77812", "77812"),
    ],
)
def test_ticket_is_digits_only(text: str, ticket: str) -> None:
    assert extract(text).ticket == ticket


@pytest.mark.parametrize(
    ("text", "account"),
    [
        ("account 55012 has no service", "55012"),
        ("acct# AC-7781", "AC-7781"),
        ("customer ID 9912", "9912"),
        ("cuenta 4471", "4471"),
        ("número de cuenta 33-881", "33-881"),
        ("Resp Org ID ABC01", "ABC01"),
        ("SCP ID TX0412", "TX0412"),
    ],
)
def test_account_id_is_found_after_account_keywords(text: str, account: str) -> None:
    assert extract(text).account_id == account


@pytest.mark.parametrize(
    "text",
    [
        "login ID jsmith cannot log in",
        "invoice 2024-00123 is wrong",
        "factura 88812",
        "ticket 55012",
        "my account is suspended",
        "la cuenta de correo no funciona",
    ],
)
def test_login_ids_invoices_and_tickets_are_not_account_ids(text: str) -> None:
    assert extract(text).account_id is None


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ('registration fails with error "403 Forbidden"', "403 Forbidden"),
        ("outbound calls get SIP 503 Service Unavailable", "SIP 503 Service Unavailable"),
        ("Error: Invalid credentials", "Invalid credentials"),
        ("the phone says No Service since this morning", "No Service"),
        ("la centralita dice: Registro fallido", "Registro fallido"),
        ("sale el mensaje «Número no disponible»", "Número no disponible"),
        ('Me sale el error "486 Busy Here" al transferir', "486 Busy Here"),
    ],
)
def test_error_text_is_the_quoted_or_introduced_message(text: str, error: str) -> None:
    assert extract(text).error_text == error


def test_sip_success_responses_are_not_errors() -> None:
    assert extract("I see 100 Trying and 180 Ringing then 200 OK").error_text is None


# --------------------------------------------------------------------------- robustness


def test_extraction_as_dict_lists_only_found_fields() -> None:
    assert extract("ticket 123").as_dict() == {"ticket": "123"}
    assert Extraction().as_dict() == {}
    assert extract("").as_dict() == {}


def test_html_emoji_and_control_characters_do_not_break_extraction() -> None:
    text = (
        "<html><head><style>p{color:red}</style></head><body><p>Hi 👋 my name is "
        "<b>Ana</b>\x00\x07</p><p>Phone:&nbsp;415-555-0100</p></body></html>"
    )
    got = extract(text)
    assert got.name == "Ana"
    assert got.phone == "+14155550100"


@pytest.mark.parametrize(
    "filler",
    [
        "a",
        " ",
        "1 ",
        "<",
        "<style>",
        "'a ",
        '"',
        "@a.",
        "1.",
        "Ana ",
        "\n",
        "call id ",
        "😀",
        "\x00",
    ],
)
def test_100kb_messages_are_handled(filler: str) -> None:
    # Speed on pathological input is measured in bench/, not asserted here.
    text = "Hi, I'm Ana. Call me at 415-555-0100. " + filler * (100_000 // len(filler))
    got = extract(text)
    assert got.phone == "+14155550100"


# --------------------------------------------------------------------------- parse_answer


def test_an_extension_written_with_the_number_is_its_own_field() -> None:
    got = extract("please call me back at +1 415 555 0100 ext. 12, thanks")
    assert got.phone == "+14155550100" and got.phone_extension == "12"
    assert got.callback == "+14155550100 ext. 12"
    assert extract("call me at 415-555-0100").phone_extension is None


def test_mexican_044_045_and_01_prefixes_are_dropped_from_the_national_number() -> None:
    assert extract("mi celular es 044 55 1234 5678", region="MX").phone == "+525512345678"
    assert extract("llámame al 045 33 1234 5678, gracias").phone == "+523312345678"
    assert extract("call me on 01 55 1234 5678").phone == "+525512345678"  # on a US plan too
    assert extract("mi número es 01 55 1234 5678", region="MX").phone == "+525512345678"


PHONE_PIECES = ["call", " ", "214", "555", "0123", "-", "(", ")", "+1", ".", "9am", "7", "x", "ext"]


@given(st.lists(st.sampled_from(PHONE_PIECES), max_size=14).map("".join) | st.text(max_size=30))
def test_a_text_with_fewer_than_seven_digits_is_not_searched_and_reads_the_same(text: str) -> None:
    found = find_phones(text, "US", [])
    with patch.object(phone, "_too_few_digits", lambda t: False):
        assert find_phones(text, "US", []) == found
    if phone._too_few_digits(text):
        assert found == []


def test_seven_digits_are_still_searched() -> None:
    assert not phone._too_few_digits("call 555-0123")  # exactly seven
    assert phone._too_few_digits("office 17 is down since 9am, 123")
    assert not phone._too_few_digits("oficina 17 ٣")  # not ASCII: read by the pattern
    assert find_phones("call me at (214) 555-0123", "US", [])[0][0] == "+12145550123"
