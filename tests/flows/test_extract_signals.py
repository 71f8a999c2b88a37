"""Which number is the callback number, and whose name it is: the cues the extractor reads."""

from __future__ import annotations

import pytest

from flows.extract.fields import extract

# --------------------------------------------------------------------------- callback phone


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        (
            "Best regards,\nDana Whitfield | IT Manager | Acme Corp | o: 303-555-0147 x221"
            " | m: 720.555.0199",
            "+17205550199",
        ),
        (
            "Our main line 972-555-0110 goes straight to voicemail. "
            "Best number for me is 972-555-0125.",
            "+19725550125",
        ),
        ("We ported 720-555-0140 and 720-555-0141. I'm reachable at 720-555-0177.", "+17205550177"),
        (
            "Calls from 212-555-0190 to our main number 212-555-0100 fail. "
            "212-555-0190 is my cell, you can call me there.",
            "+12125550190",
        ),
        ("Me podéis llamar al 963 12 34 56 o al móvil 634 567 890.", "+34634567890"),
        ("Tel. +34 954 123 456 ext. 210\nM. +34 611 222 333", "+34611222333"),
    ],
)
def test_the_number_given_to_be_reached_wins_over_other_numbers(text: str, phone: str) -> None:
    region = "ES" if phone.startswith("+34") else "US"  # the plan's region, as the engine passes
    assert extract(text, region=region).phone == phone


@pytest.mark.parametrize(
    "text",
    [
        "Our toll-free 1-800-555-0199 is not routing.",
        "el número 902 123 456 es nuestro número de atención y no funciona",
        "Received a call from +1 650 555 0100 claiming to be your support.",
        "We're billed for international calls to +52 55 1234 5678 we never made.",
        "Server rejects our REGISTER with 401. username 2125550100.",
        "Nos llegan llamadas spam desde el 910 000 111.",
        "INVITE sip:+13035550100@sip.provider.net SIP/2.0\nCall-ID: a84b4c76e66710@10.20.1.15",
        'From: "Front Desk" <sip:+12125550123@acme.pbx.local>;tag=19\nCall-ID: 1-2390@172.16.4.20',
        "Desde ayer nuestros clientes no nos pueden llamar al 800 555 0133.",
        "Asunto: Error 404\nal llamar al +34 91 555 77 88 da error 404 Not Found.",
    ],
)
def test_toll_free_third_party_and_sip_trace_numbers_are_not_the_callback(text: str) -> None:
    assert extract(text).phone is None


def test_a_single_affected_line_of_the_customer_is_their_number() -> None:
    assert extract("Our fax line 617-555-0145 has had no dial tone").phone == "+16175550145"


def test_two_affected_lines_and_no_callback_give_no_phone() -> None:
    text = "We would like to port 3 numbers: 702-555-0110, 702-555-0111, 702-555-0112."
    assert extract(text).phone is None


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("Mi teléfono: 0034 687 123 456", "+34687123456"),
        ("hola soy lupita, mi cel +52 1 33 1234 5678", "+523312345678"),
        ("Can you call me on 0161 496 0123? (UK office)", "+441614960123"),
        ("les habla Martín (CDMX). Nos pueden llamar al (55) 5123 4567.", "+525551234567"),
        ("ayuda urgente, mi cel 55 1234 5678 (CDMX)", "+525512345678"),
    ],
)
def test_international_prefixes_and_national_numbers_of_named_countries(
    text: str, phone: str
) -> None:
    assert extract(text).phone == phone


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Hello, I'm Hendrik van der Berg, from Van der Berg Logistics.", "Hendrik van der Berg"),
        (
            "mi nombre es Juan Carlos Pérez de León, nº de cliente 88-213",
            "Juan Carlos Pérez de León",
        ),
        ("Un saludo,\nMaría de la Cruz\nResponsable de Sistemas", "María de la Cruz"),
        ("Buenas, soy Marc Ferrer i Soler, de Ferrer Consultors.", "Marc Ferrer i Soler"),
        ("Soy María López de Telecom Andina", "María López"),
        ("Hola, soy Carlos Ruiz de Telefónica Soluciones.", "Carlos Ruiz"),
        ("Les escribe la Sra. Rosa María Castillo de la Vega.", "Rosa María Castillo de la Vega"),
        ("Hola, habla la doctora Elena Marín.", "Elena Marín"),
        ("Hello, I'm his assistant, Linda Park, 404-555-0183.", "Linda Park"),
        ("Hola, soy el encargado de la tienda de Valencia, Sergio. Llamadme.", "Sergio"),
        ("Hola, aquí Paula desde Bogotá", "Paula"),
        ("hi im lisa my account is 66712", "lisa"),
        ("Please advise.\nBest,\nJ. Alvarez", "J. Alvarez"),
    ],
)
def test_names_keep_particles_and_drop_titles_and_roles(text: str, name: str) -> None:
    assert extract(text).name == name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Still broken.\nBest regards,\nDana Whitfield | IT Manager | Acme Corp", "Dana Whitfield"),
        ("Thanks, Raj Patel\nraj.patel@acmecorp.com", "Raj Patel"),
        ("Same ticket 77215. Sarah", "Sarah"),
        ("Call me at 248-555-0139 - Gary Mitchell, Facilities", "Gary Mitchell"),
        ("toll-free calls fail from reception. -bill", "bill"),
        ("Hola! el Call-ID es 4e8d1c2a@10.50.0.10. saludos, mati", "mati"),
        ("Call me 347-555-0108 Ruth Adler", "Ruth Adler"),
        ("Contacto: Raúl Jiménez - 678 901 234", "Raúl Jiménez"),
        (
            "Quedo atento,\n\nIgnacio Sánchez-Villalobos\nDirector Técnico",
            "Ignacio Sánchez-Villalobos",
        ),
        ("Callback 917-555-0163 (Nate).", "Nate"),
        (
            'From: "Nguyen, Thanh" <thanh.nguyen@lakeside.org>\n\nStill one-way audio.',
            "Thanh Nguyen",
        ),
        (
            "Re: Ticket 72001\n\n> Hi Derek, we escalated it.\n\nThanks. Derek Fulton",
            "Derek Fulton",
        ),
        ("This is Michael from IT.\nMichael Torres, 757-555-0115", "Michael Torres"),
        ("Trace below.\n\n-- \nBrian Walsh\nIT Lead\n617.555.0190", "Brian Walsh"),
    ],
)
def test_names_are_read_from_sign_offs_and_signatures(text: str, name: str) -> None:
    assert extract(text).name == name


@pytest.mark.parametrize(
    "text",
    [
        "Our PBX at 192.168.1.10:5060 can't register. Error: 401 Unauthorized",
        "Hi Mike, thanks for your help yesterday. The issue is back.",
        "Our SIP trunk keeps failing. Reach me at noc@acme-corp.com. - NOC",
        "The hunt group skips extension 210.\nFront Desk",
        "Outbound caller ID shows Unknown. Please fix.\n\nSupport Team\nBlue Ridge Realty",
        "I'm having trouble with my voicemail, it says it's empty.",
        "Sigue fallando. Lunes por la mañana.",
        "Hola, mi esposo Pedro Salas abrió un caso la semana pasada.",
        "Gracias por su rápida respuesta!! Ya funciona.\n\nEnviado desde mi iPhone",
    ],
)
def test_agents_teams_third_parties_and_error_phrases_are_not_names(text: str) -> None:
    assert extract(text).name is None


# --------------------------------------------------------------------------- ids


def test_inc_references_are_tickets_and_customer_hash_is_an_account() -> None:
    assert extract("Can I get an update on INC 40021?").ticket == "40021"
    assert extract("Buenas, llamo por la incidencia INC-00998.").ticket == "00998"
    assert extract("Customer #: 100245\nName: Paul Nguyen").account_id == "100245"
