"""One test per kind of miss the round-10 work fixed (issue 13, the misses blind set 11 and the
pooled blind sets 8-11 showed), in English and Spanish, through the shipped CallTower table with
the shipped model mixed in. The messages are new wordings of each kind, not lines of any corpus
(a test checks that) and not blind-11 sentences, so they test the design, not what the model
memorised."""

from __future__ import annotations

import pytest

from tests.flows.corpus import corpus_texts
from tests.flows.corpus import decided_priority as priority

# Guide P1 "whatever the cause": the tenant or account deactivated, cancelled, terminated or
# disabled with every phone dead is a whole-site loss of calling, never the portal's P3.
TENANT_CUT_OFF = [
    "Our whole CallTower tenant got disabled overnight, the admin page says 'account terminated' and not one desk phone can call in or out.",
    "The organization shows as deactivated in the admin center and none of our phones work.",
    "Nos deshabilitaron la cuenta de la empresa y desde las 8 ningún teléfono funciona, todos dicen 'servicio no disponible'.",
    "La cuenta aparece como cancelada en el portal y ya no sale ni entra ninguna llamada en toda la oficina.",
]
# Guide P2: reduced trunk capacity (a second trunk down while the other carries the calls,
# a share of the channels in service) is a degradation, not a loss.
REDUCED_CAPACITY = [
    "Our backup PRI has been down since Monday; the main one still takes calls but callers get busy signals at peak.",
    "Just 9 of our 20 SIP channels are up, the tenth call gets a fast busy.",
    "Se cayó el troncal secundario; las llamadas van por el principal pero a mediodía los clientes oyen ocupado.",
    "Solo 10 de los 30 canales del primario están activos, la llamada 11 da ocupado.",
]
# Guide P3: one user's or one device's loss of calling, the others said to be fine.
ONE_USER_OTHERS_FINE = [
    "Priya's phone won't ring on incoming calls. Nobody else is affected.",
    "The front desk extension can only call internally, nothing outside. Every other phone is fine.",
    "La extensión de Lucía no recibe llamadas, solo puede llamar ella. El resto sin novedad.",
    "El teléfono de Andrés no marca hacia afuera, solo internas. Los demás bien.",
]
# Guide P3: voicemail failing for everybody while calling is said to work is a non-critical
# service for multiple users.
VOICEMAIL_CALLS_WORK = [
    "To be clear, calling works fine. The problem is voicemail for the whole office - anyone who gets sent to voicemail hears nothing and the line drops.",
    "Phones ring and calls connect, but unanswered calls never roll to voicemail for anyone, they just ring until the caller gives up.",
    "Las llamadas funcionan bien; lo que falla es el buzón de todos: quien cae al buzón no oye nada y se corta.",
    "Los teléfonos suenan y se escucha bien, pero si nadie contesta la llamada nunca pasa al buzón, en ninguna extensión.",
]
# Guide rule 4: a resolved problem with an RFO, a close or a keep-open request is P4.
RESOLVED_RFO_KEEP_OPEN = [
    "The static on calls at our Dayton office hasn't returned since your fix on Monday. Could you send the RFO and close the case?",
    "Our outage yesterday turned out to be our own firewall, we fixed it. Please keep the ticket open until Friday, nothing else.",
    "Los cortes del martes eran de nuestro switch y ya lo cambiamos. Dejad abierto el caso hasta el viernes, nada más.",
    "El eco no ha vuelto desde vuestro cambio del lunes. Mandadnos el RFO y cerrad el ticket.",
]
# Menus: dialling an extension at the menu fails (P2); the menu's dial-by-name directory
# finds nobody (P3, a non-critical directory); every caller hears the greeting and is then
# cut off (P1).
MENU_BY_EXTENSION = [
    "When callers key in an extension at our auto attendant, it just replays the greeting; nobody can be reached by extension.",
    "En la operadora automática no se puede marcar la extensión directa: metes el 305 y dice que no es válido.",
]
MENU_BY_NAME = [
    "The dial-by-name directory in our phone menu finds nobody when callers spell a last name; the rest of the menu is fine.",
    "El directorio por nombre del menú no encuentra a nadie, dice 'sin resultados'. Las demás opciones funcionan.",
]
MENU_GREETING_THEN_DROP = [
    "Everyone who calls our main line hears the welcome message and then gets cut off, whatever they press.",
    "A todos los que llaman al número principal les suena el saludo y luego se cae la llamada, pulsen lo que pulsen.",
]
# Guide P4 never read P1/P2: a screen shown wrong at every phone, a missing feature
# demanded, a leaver removed, a bill asked about after "nothing went down".
P4_NOT_RAISED = [
    "Every phone at our Oak Lane office still shows the old company name on the idle screen since our rebrand.",
    "It's ridiculous that your system doesn't offer visual voicemail transcripts. When are you adding it?!",
    "Please remove Carla Ruiz from the hunt group, she no longer works here.",
    "Todos los teléfonos de la oficina muestran la fecha en formato mes/día y lo queremos al revés.",
    "No se nos cayó nada. Solo quería saber por qué la factura trae llamadas a Chile si no hicimos ninguna.",
]
# Guide P1: calls said plainly not to come in or go out, by "we", of "nothing" or of the main
# number's callers, with no one user's phone and no "the rest works": the site's calling, also
# as one item of a list of requests beside changes and how-tos.
SITE_NO_CALLS_PLAIN = [
    "Since 8am no calls are coming in from outside, customers ring and nothing happens.",
    "1. New user for Tom 2. How do I reset my voicemail PIN 3. Main office: we can't receive any outside calls",
    "Callers dialling our main line are told the number is not in service. Also please add two new users.",
    "Hola, necesitamos dar de alta un usuario nuevo y cambiar el nombre de una extensión. Y otra cosa: no nos llegan llamadas de fuera desde las 9.",
    "1. Alta de extensión para Marta 2. Cómo cambio mi buzón 3. Oficina: no recibimos llamadas externas",
    "Quien llama al número general oye que ese número no existe. Además queremos pedir dos altas de usuario.",
]
# ...while one user's phone with the others fine stays that user's (P3).
ONE_PHONE_NO_OUTSIDE_CALLS = [
    "My phone can't receive outside calls, everyone else is fine.",
    "El teléfono de Juan no recibe llamadas de fuera, los demás bien.",
]
# ..."nothing comes in" said of texts, with no call named, is that feature's (P3). (A
# Spanish "no nos entra nada" beside "SMS" still reads P1, by the model, not this rule.)
NOTHING_COMES_IN_TEXTS = [
    "Business SMS on our store number hasn't sent or received anything since Monday. People text us and nothing comes in.",
]
EVERY_TEXT = (
    SITE_NO_CALLS_PLAIN
    + ONE_PHONE_NO_OUTSIDE_CALLS
    + NOTHING_COMES_IN_TEXTS
    + TENANT_CUT_OFF
    + REDUCED_CAPACITY
    + ONE_USER_OTHERS_FINE
    + VOICEMAIL_CALLS_WORK
    + RESOLVED_RFO_KEEP_OPEN
    + MENU_BY_EXTENSION
    + MENU_BY_NAME
    + MENU_GREETING_THEN_DROP
    + P4_NOT_RAISED
)


@pytest.mark.parametrize("text", TENANT_CUT_OFF)
def test_a_tenant_or_account_cut_off_with_every_phone_dead_is_p1(text: str) -> None:
    assert priority(text) == "P1"


@pytest.mark.parametrize("text", REDUCED_CAPACITY)
def test_reduced_trunk_capacity_is_p2_not_a_loss(text: str) -> None:
    assert priority(text) == "P2"


@pytest.mark.parametrize("text", ONE_USER_OTHERS_FINE)
def test_one_user_or_device_with_the_others_said_fine_is_p3(text: str) -> None:
    assert priority(text) == "P3"


@pytest.mark.parametrize("text", VOICEMAIL_CALLS_WORK)
def test_voicemail_failing_for_everyone_while_calling_works_is_p3(text: str) -> None:
    assert priority(text) == "P3"


@pytest.mark.parametrize("text", RESOLVED_RFO_KEEP_OPEN)
def test_a_resolved_problem_with_an_rfo_or_keep_open_request_is_p4(text: str) -> None:
    assert priority(text) == "P4"


@pytest.mark.parametrize("text", MENU_BY_EXTENSION)
def test_dialling_an_extension_at_the_menu_failing_is_p2(text: str) -> None:
    assert priority(text) == "P2"


@pytest.mark.parametrize("text", MENU_BY_NAME)
def test_the_menus_dial_by_name_directory_failing_is_p3(text: str) -> None:
    assert priority(text) == "P3"


@pytest.mark.parametrize("text", MENU_GREETING_THEN_DROP)
def test_every_caller_cut_off_after_the_greeting_is_p1(text: str) -> None:
    assert priority(text) == "P1"


@pytest.mark.parametrize("text", P4_NOT_RAISED)
def test_cosmetic_requests_and_leavers_are_p4_not_raised(text: str) -> None:
    assert priority(text) == "P4"


@pytest.mark.parametrize("text", SITE_NO_CALLS_PLAIN)
def test_calls_said_not_to_come_in_for_the_site_are_p1_even_in_a_list(text: str) -> None:
    assert priority(text) == "P1"


@pytest.mark.parametrize("text", ONE_PHONE_NO_OUTSIDE_CALLS)
def test_one_phone_without_outside_calls_the_others_fine_stays_p3(text: str) -> None:
    assert priority(text) == "P3"


@pytest.mark.parametrize("text", NOTHING_COMES_IN_TEXTS)
def test_nothing_coming_in_by_text_or_chat_is_the_features_p3_not_calling(text: str) -> None:
    assert priority(text) == "P3"


def test_the_round10_texts_are_not_lines_of_any_corpus() -> None:
    assert not set(EVERY_TEXT) & corpus_texts()
