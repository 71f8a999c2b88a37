"""One test per kind of miss the round-6 work fixed (issue 13, the misses blind set 7 showed),
in English and Spanish, through the shipped CallTower table with the shipped model mixed in.
The messages are new wordings of each kind, not lines of any corpus (a test checks that), so
they test the design, not what the model memorised."""

from __future__ import annotations

import pytest

from flows.classify.explain import explain
from tests.flows.corpus import CALLTOWER_RULES, corpus_texts
from tests.flows.corpus import decided_priority as priority

# Guide: non-critical services for multiple users (even all of them) are P3, never P1/P2,
# whatever words of calling stand beside them.
NON_CRITICAL_BESIDE_WORKING_CALLS = [
    "Calls are fine; it's the fax line: nothing comes in or goes out, for the whole office.",
    "The busy lamp keys on every phone stopped lighting up. Calls themselves work.",
    "No calls are being recorded on any line since Monday.",
    "Phones work. Voicemail doesn't, for anyone: callers ring and ring instead of reaching the mailbox.",
    "Las llamadas entran y salen sin problema; lo que falla es el fax, no entra ni sale ningún documento en toda la empresa.",
    "Los teléfonos funcionan, pero las luces de ocupado de todos los aparatos no se encienden.",
    "El buzón de voz no le funciona a nadie en la oficina; las llamadas sí entran.",
    "Desde el lunes no se está grabando ninguna llamada en toda la empresa.",
    "los telefonos si jalan pero el buzon no sirve para nadie",
    "Se puede llamar bien pero ninguna grabación de llamadas se guarda desde el viernes, en ningún departamento.",
]
# Guide: a loss of calling whatever the cause; every caller of the business fails: P1.
ACCOUNT_OR_NUMBERS_CUT_OFF = [
    "All our numbers went dead overnight and the portal shows our account as cancelled. We didn't cancel anything.",
    "Our numbers were ported away to another carrier by mistake this morning; callers hear 'not in service'.",
    "Our service was terminated without notice, nobody can call us and we can't call out.",
    "Nos dieron de baja la cuenta sin pedirlo y ninguno de nuestros números funciona.",
    "Portaron nuestros números a otra compañía por error, los clientes que nos llaman escuchan que el número no existe.",
    "Cancelaron nuestro servicio por error, todas las líneas de la oficina están muertas.",
]
# Not a cut-off: a port or a suspension still to come is a question (P4).
NOT_CUT_OFF_YET = [
    "We got a notice that our account will be suspended next week for all our lines unless we pay.",
    "Can you tell me if my numbers will be ported out on Friday as planned? We want all calls to keep working.",
    "Nos llegó un aviso de que nos van a suspender la cuenta si no pagamos antes del viernes.",
]
# Guide: a resolved problem is ignored; the question about it (credit, cause, RFO) is P4.
RESOLVED_OUTAGE_WITH_A_QUESTION = [
    "Yesterday's outage at our main office is fixed now, thanks. Can you send us the root cause and tell us if we get a credit?",
    "Service came back after about two hours on Monday. We'd like a formal RFO for our records.",
    "Phones are back up at both stores. What caused it, and will it happen again?",
    "La caída de ayer ya se solucionó. ¿Nos pueden mandar el informe de la causa y decirnos si hay alguna compensación?",
    "Ya volvió el servicio en la sucursal; quisiera saber qué pasó y si nos van a bonificar esas horas.",
    "Ya tenemos llamadas otra vez en las tres sucursales. ¿Me explican qué falló y si hay descuento?",
]
# Guide: one call class failing is P2, not a loss of calling.
EMERGENCY_CALLS_FAIL_REGULAR_WORK = [
    "We ran our monthly 911 test and it failed with a fast busy. Normal calls go out fine.",
    "Emergency calls to 911 from our building don't connect, everything else works.",
    "Probamos marcar al 911 desde la oficina y no conecta; las demás llamadas salen normal.",
    "Las llamadas de emergencia al 112 no salen desde la centralita, el resto funciona.",
    "hicimos prueba al 911 y no entra, lo demas bien",
]
# Guide: a single user's total loss of calling is P3; a non-critical issue for one user, P4.
ONE_USERS_PHONE_DOWN = [
    "My desk phone shows 'No Service' and won't register since this morning.",
    "Ana's cordless at the front desk has been offline all morning.",
    "The softphone on my laptop won't log in, it's the only phone I have this week.",
    "Mi teléfono no da tono desde la mañana.",
    "El celular de Juan con la app no recibe llamadas, solo a él le pasa.",
    "El inalámbrico de Pedro en recepción no conecta desde temprano.",
]
ONE_USERS_FEATURE = [
    "The voicemail light on my phone won't turn off.",
    "La luz de mensajes de mi teléfono se queda prendida aunque ya escuché todo.",
    "Mi buzón de voz no me manda los mensajes al correo.",
]
# Classes of wording the rules read now, Mexican and Spain Spanish, without accents and in SMS
# shorthand (conmutador/centralita, "no jala", "no da tono", "no timbran", "muertos", "lada",
# "entrantes cero", "retardo", "nos pisamos", "foquito", "xfa", "tels", "nadien"), and their
# English counterparts where one was missing (area codes, "zero inbound", "restricted").
WORDING: list[tuple[str, str]] = [
    ("Inbound zero since 9 at the whole office, outbound works.", "P1"),
    ("All outbound calls play 'your account has been restricted'. We pay by autopay.", "P1"),
    ("Callers who press 2 for parts get dead air; the other options route fine.", "P2"),
    ("Our SIP trunk maxes out at 6 calls although we pay for 20 channels.", "P2"),
    ("Everybody at the branch talks over each other on calls, there's a second of delay.", "P2"),
    ("el conmutador no jala desde las 9, no entra ninguna llamada a la oficina", "P1"),
    ("La centralita está caída, en la oficina nadie puede llamar ni recibir", "P1"),
    ("ningun telefono de la sucursal da tono", "P1"),
    ("En toda la tienda no timbran los teléfonos, los clientes dicen que suena ocupado", "P1"),
    ("los telefonos de la oficina estan muertos desde temprano", "P1"),
    ("no sirve ninguna linea en el corporativo", "P1"),
    ("xfa urge, en la ofi no entra ni sale nada, tb el fax", "P1"),
    ("nadien puede marcar en la sucursal, no da tono ningun tel", "P1"),
    ("se cayo el conmutador y no jala ninguna extension", "P1"),
    ("no nos entra ninguna llamada al numero principal desde las 10", "P1"),
    ("se cae la llamada a cada rato, a varios compañeros les pasa", "P2"),
    ("las llamadas de lada nacional no salen desde ninguna extension, las locales si", "P2"),
    ("no podemos marcar a celulares desde el conmutador, a fijos si sale", "P2"),
    ("las llamadas se escuchan entrecortadas en toda la oficina, como robotizadas", "P2"),
    ("unos 5 de ventas no pueden marcar pa fuera, los demas bien", "P2"),
    ("Varios agentes dicen que los clientes no les oyen en algunas llamadas", "P2"),
    ("mi telefono esta muerto, no da tono. a los demas si les funciona", "P3"),
    ("No me timbra el teléfono cuando me llaman, a mis compañeros sí", "P3"),
    ("el tel de la recepcionista no jala, los demas bien", "P3"),
    ("mi extension no sirve, no puedo marcar ni me entran llamadas", "P3"),
    ("El móvil de empresa de Lucía no recibe llamadas desde la app", "P3"),
    ("mi telefono muestra la hora mal", "P4"),
    ("como cambio el tono de timbre de mi tel?", "P4"),
    ("xfa me pueden mandar la factura de noviembre", "P4"),
    ("Quiero dar de alta una extensión nueva para un empleado que entra el lunes", "P4"),
    ("el nombre en la pantalla de mi telefono sale mal escrito", "P4"),
    ("el buzon de voz no jala para nadie en la ofi, las llamadas si entran", "P3"),
    ("no sirve el voceo en toda la bodega", "P3"),
    ("los reportes de llamadas del portal no cargan para ningun supervisor", "P3"),
    ("las llamadas a la lada 33 no salen, las demas ladas si", "P2"),
    ("desde ningun tel podemos marcar a numeros 800, lo demas sale bien", "P2"),
    (
        "Nos bloquearon la cuenta por error y a los que nos llaman les sale que el número está fuera de servicio",
        "P1",
    ),
    ("entrantes cero desde las 10 en toda la oficina, salientes bien", "P1"),
    ("hay retardo en las llamadas de toda la oficina, nos pisamos al hablar", "P2"),
    ("ni uno solo en la oficina puede marcar, no da tono", "P1"),
    ("xfa urgente los tels d la ofi stan muertos, nadien puede llamar", "P1"),
    ("el foquito de mensajes no prende en ningun telefono de la clinica, el buzon si graba", "P3"),
    (
        "La opción de ventas del conmutador no manda a ningún lado, las demás opciones van bien",
        "P2",
    ),
    ("Cero audio en todas las llamadas de la oficina, en ningún sentido", "P1"),
    ("de cada 4 llamadas que hacemos una no sale, en toda la empresa", "P2"),
    ("the whole office has zero inbound calls since 10, outbound is fine", "P1"),
    ("Calls to area code 212 fail from every phone here, other area codes are fine", "P2"),
    ("all our calls say 'your service has been restricted', we paid the bill", "P1"),
    (
        "my direct line was disconnected by mistake, people calling me hear it's not in service",
        "P3",
    ),
]
EVERY_TEXT = (
    NON_CRITICAL_BESIDE_WORKING_CALLS
    + ACCOUNT_OR_NUMBERS_CUT_OFF
    + NOT_CUT_OFF_YET
    + RESOLVED_OUTAGE_WITH_A_QUESTION
    + EMERGENCY_CALLS_FAIL_REGULAR_WORK
    + ONE_USERS_PHONE_DOWN
    + ONE_USERS_FEATURE
    + [text for text, _ in WORDING]
)


@pytest.mark.parametrize("text", NON_CRITICAL_BESIDE_WORKING_CALLS)
def test_a_non_critical_service_for_everybody_beside_working_calls_is_p3(text: str) -> None:
    assert priority(text) == "P3"


@pytest.mark.parametrize("text", ACCOUNT_OR_NUMBERS_CUT_OFF)
def test_an_account_or_numbers_cut_off_by_mistake_with_callers_failing_is_p1(text: str) -> None:
    assert priority(text) == "P1"


@pytest.mark.parametrize("text", NOT_CUT_OFF_YET)
def test_a_port_or_suspension_still_to_come_is_p4(text: str) -> None:
    assert priority(text) == "P4"


@pytest.mark.parametrize("text", RESOLVED_OUTAGE_WITH_A_QUESTION)
def test_a_resolved_outage_with_a_credit_cause_or_rfo_question_is_p4(text: str) -> None:
    assert priority(text) == "P4"


@pytest.mark.parametrize("text", EMERGENCY_CALLS_FAIL_REGULAR_WORK)
def test_emergency_calls_failing_while_regular_calls_work_is_one_call_class_p2(text: str) -> None:
    assert priority(text) == "P2"


@pytest.mark.parametrize("text", ONE_USERS_PHONE_DOWN)
def test_one_users_phone_that_cannot_call_is_p3_without_asking(text: str) -> None:
    assert priority(text) == "P3"


@pytest.mark.parametrize("text", ONE_USERS_FEATURE)
def test_one_users_non_critical_feature_is_p4_without_asking(text: str) -> None:
    assert priority(text) == "P4"


@pytest.mark.parametrize(("text", "expected"), WORDING)
def test_regional_and_shorthand_wording_reads_at_its_guide_level(text: str, expected: str) -> None:
    assert priority(text) == expected


def test_explain_says_the_fax_owns_the_in_and_out_loss() -> None:
    e = explain(
        "Las llamadas van bien; el fax no recibe ni envía nada en toda la oficina.",
        rules=CALLTOWER_RULES,
        default="P4",
    )
    assert e.decision.priority == "P3"
    assert any("calling is said to work" in d for _, d in e.trace)


def test_the_round6_texts_are_not_lines_of_any_corpus() -> None:
    corpus = corpus_texts()
    assert not set(EVERY_TEXT) & corpus
