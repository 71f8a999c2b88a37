"""One test per kind of miss the round-4 work fixed (issue 13), in English and Spanish,
through the shipped CallTower table with the shipped model mixed in. The messages are new
wordings of each kind, not lines of any corpus (a test checks that), so they test the design,
not what the model memorised."""

from __future__ import annotations

import pytest

from flows.classify.classifier import assess
from flows.classify.explain import explain
from tests.flows.corpus import CALLTOWER_RULES, corpus_texts
from tests.flows.corpus import decided_priority as priority

NON_CRITICAL_WHILE_CALLS_WORK = [
    "Calls in and out are working normally, it's the voicemail to email that quit for our whole team.",
    "Our phones ring and people talk fine, but the busy lamps on every receptionist's sidecar are dark.",
    "Calls are being handled fine; the dial by name directory on the main menu can't find anyone.",
    "Las llamadas salen y entran normal, lo que dejó de funcionar es el buzón a correo para todo el equipo.",
    "Los teléfonos suenan y se habla bien, pero las luces de ocupado de las recepcionistas están todas apagadas.",
    "Hacer y recibir llamadas sí funciona; el panel de estadísticas del call center está congelado para todos.",
]
WHOLE_OFFICE_LOST_A_FEATURE = [
    "Our entire branch lost voicemail today, the mailbox just says it is unavailable.",
    "Toda la sucursal se quedó sin buzón de voz hoy, dice que no está disponible.",
]
BURIED = [
    "Hello: 1) please add a user for Tom 2) the PDF invoice won't open 3) the Oak Park office has no phones working at all since 8",
    "Hola: 1) den de alta a un usuario para Tomás 2) no abre la factura en PDF 3) la oficina de Coyoacán no tiene ningún teléfono funcionando desde las 8",
]
RESOLVED = [
    "The outage at our Tulsa office is over, the calls came back at noon. Can you send an RFO?",
    "Our phones were down for an hour earlier but everything is working again. What was the cause?",
    "La caída en la oficina de León ya terminó, las llamadas regresaron al mediodía. ¿Nos mandan el informe?",
    "Los teléfonos se cayeron una hora en la mañana pero volvieron solos. ¿Cuál fue la causa?",
]
ONE_CLASS = [
    "Nobody can dial numbers in Brazil from our office since noon; US calls are fine.",
    "Callers who press 4 for pharmacy on our menu get a dead end and the call ends. The other options work.",
    "Nadie puede marcar a números de Chile desde la oficina desde el mediodía; las nacionales van bien.",
    "Los clientes que oprimen 4 para farmacia en el menú se quedan en silencio y se corta. El resto de opciones funciona.",
]
TOTAL_LOSS = [
    "Inbound calls to our toll-free number are all failing, the fax is broken and the wallboard is frozen.",
    "Calls connect but there is dead silence on every phone in the office.",
    "Las llamadas al número principal fallan todas, el fax no funciona y el wallboard está congelado.",
    "Las llamadas conectan pero hay silencio total en todos los teléfonos de la oficina.",
]
REQUESTS_WHILE_PHONES_WORK = [
    "We received a notice that the account will be suspended next week for an unpaid balance. Phones work for now. What is outstanding?",
    "We pay for 40 channels and would like to go down to 25 from next month.",
    "Nos llegó un aviso de que la cuenta se suspenderá la próxima semana por un saldo pendiente. Los teléfonos funcionan. ¿Qué debemos?",
    "Pagamos 40 canales y queremos bajar a 25 a partir del mes que viene.",
]
ANGRY_COSMETIC = [
    "RIDICULOUS. The screen brightness on my phone keeps dropping to dim. FIX IT TODAY.",
    "¡¡INACEPTABLE!! El brillo de la pantalla de mi teléfono se baja solo. ¡Arréglenlo HOY!",
]
NOT_THE_WHOLE_PLACE = [
    "It's not the whole office, but it's more than me: the 4 of us in payroll can't call out at all.",
    "No es toda la oficina, solo los de nóminas (4 personas): no podemos marcar hacia fuera.",
]
EVERY_TEXT = (
    NON_CRITICAL_WHILE_CALLS_WORK
    + WHOLE_OFFICE_LOST_A_FEATURE
    + BURIED
    + RESOLVED
    + ONE_CLASS
    + TOTAL_LOSS
    + REQUESTS_WHILE_PHONES_WORK
    + ANGRY_COSMETIC
    + NOT_THE_WHOLE_PLACE
)


@pytest.mark.parametrize("text", NON_CRITICAL_WHILE_CALLS_WORK + WHOLE_OFFICE_LOST_A_FEATURE)
def test_a_non_critical_service_for_everyone_is_p3_when_calls_work_or_it_is_named_as_failing(
    text: str,
) -> None:
    assert priority(text) == "P3"


@pytest.mark.parametrize("text", BURIED)
def test_a_site_outage_in_a_list_of_requests_sets_the_level(text: str) -> None:
    assert priority(text) == "P1"


@pytest.mark.parametrize("text", RESOLVED)
def test_a_problem_reported_as_over_leaves_a_question(text: str) -> None:
    assert priority(text) == "P4"


@pytest.mark.parametrize("text", ONE_CLASS)
def test_one_destination_or_one_menu_option_failing_is_p2(text: str) -> None:
    assert priority(text) == "P2"


@pytest.mark.parametrize("text", TOTAL_LOSS)
def test_a_dead_main_number_or_silence_on_every_call_is_p1(text: str) -> None:
    assert priority(text) == "P1"


@pytest.mark.parametrize("text", REQUESTS_WHILE_PHONES_WORK)
def test_a_suspension_notice_or_a_channel_change_while_the_phones_work_is_p4(text: str) -> None:
    assert priority(text) == "P4"


@pytest.mark.parametrize("text", ANGRY_COSMETIC)
def test_one_users_cosmetic_fault_stays_p4_however_angry(text: str) -> None:
    assert priority(text) == "P4"


@pytest.mark.parametrize("text", NOT_THE_WHOLE_PLACE)
def test_a_denied_whole_place_leaves_several_users_at_p2(text: str) -> None:
    assert priority(text) == "P2"


def test_explain_says_which_rules_signal_settled_a_dimension() -> None:
    e = explain(NON_CRITICAL_WHILE_CALLS_WORK[0], rules=CALLTOWER_RULES, default="P4")
    assert any("service=other over the model" in detail for _, detail in e.trace)


def test_a_call_quality_fault_is_not_settled_as_a_feature_when_calls_connect() -> None:
    # "Calls connect, but with noise" names no feature: calling itself is what fails.
    a = assess("Las llamadas entran, pero con ruido y cortes para todos en la oficina de Lyon")
    assert a.service == "voice"


def test_the_round4_texts_are_not_lines_of_any_corpus() -> None:
    corpus = corpus_texts()
    assert not set(EVERY_TEXT) & corpus
