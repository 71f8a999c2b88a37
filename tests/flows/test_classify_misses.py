"""One test per kind of miss seen on held-out CallTower messages (issue 13), in English and
Spanish, through the shipped profile's table. The messages are new wordings of each kind,
not the held-out ones."""

from __future__ import annotations

import pytest

from flows.classify.classifier import classify
from tests.flows.corpus import CALLTOWER_RULES


def priority(text: str) -> str:
    decision = classify(text, rules=CALLTOWER_RULES, default="P4")
    assert not decision.would_ask, f"asked on {text!r}: {decision}"
    return decision.priority


@pytest.mark.parametrize(
    "text",
    [
        "Calls are fine, but voicemail isn't answering for anyone in the office.",
        "We can place and receive calls normally; the fax line hasn't sent anything for anybody since Monday.",
        "Las llamadas van bien, pero el buzón de voz no contesta a nadie de la oficina.",
        "Podemos hacer y recibir llamadas, pero la luz de mensajes no se enciende en ningún teléfono.",
    ],
)
def test_a_non_critical_service_named_beside_call_words_is_p3(text: str) -> None:
    assert priority(text) == "P3"


@pytest.mark.parametrize(
    "text",
    [
        "Nothing is coming in on any of our numbers since 9; we can still call out.",
        "Every call today has no audio at all, both ends silent, whole office.",
        "No nos entra ninguna llamada a nuestros números desde las 9; hacia fuera sí.",
        "En todas las llamadas el audio va en un solo sentido, el cliente no nos oye. Toda la oficina.",
    ],
)
def test_total_loss_of_inbound_or_of_audio_on_every_call_is_p1(text: str) -> None:
    assert priority(text) == "P1"


@pytest.mark.parametrize(
    "text",
    [
        "We pay for 25 channels but calls fail after 6 at a time, everyone else gets a busy tone.",
        "Callers who press 2 on our main menu get disconnected.",
        "Pagamos 25 canales pero pasadas 6 llamadas simultáneas las demás dan ocupado.",
        "Cuando los clientes marcan 2 en el menú principal se corta la llamada.",
    ],
)
def test_reduced_trunk_capacity_or_a_failing_keypad_menu_is_p2_not_billing_or_howto(
    text: str,
) -> None:
    assert priority(text) == "P2"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("How do I change the greeting callers hear when they press 1?", "P4"),
        ("¿Cómo cambio lo que escuchan al marcar 1?", "P4"),
        ("We pay for 30 lines and only use 12, can we reduce the plan?", "P4"),
        ("Pagamos 30 líneas y solo usamos 12, ¿podemos bajar el plan?", "P4"),
    ],
)
def test_press_1_and_we_pay_for_stay_howto_and_billing_without_a_fault(
    text: str, expected: str
) -> None:
    assert priority(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Our account was suspended by mistake and every caller hears that the number is disconnected.",
        "You disconnected our main number in error when we closed a branch; all callers get not in service.",
        "Nos suspendieron la cuenta por error y a todos los que llaman les sale que el número está desconectado.",
        "Dieron de baja por error nuestro número principal: a todo el que llama le sale fuera de servicio.",
    ],
)
def test_a_suspension_or_a_number_disconnected_by_mistake_is_p1_not_billing(text: str) -> None:
    assert priority(text) == "P1"


def test_a_suspension_fee_question_stays_billing() -> None:
    assert (
        priority("Why is there a suspension fee on our invoice? We were never suspended.") == "P4"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Three things: 1) the portal logo is blurry 2) please resend last invoice 3) nobody at the Austin office can make or receive calls",
        "- new voicemail greeting please\n- add a user for Monday\n- all inbound calls to our main line fail",
        "Tres cosas: 1) el logo del portal se ve borroso 2) reenvíen la última factura 3) nadie en la oficina de Austin puede llamar ni recibir llamadas",
        "- saludo nuevo del buzón\n- alta de un usuario para el lunes\n- fallan todas las llamadas entrantes a la línea principal",
    ],
)
def test_the_most_severe_item_of_a_list_sets_the_level(text: str) -> None:
    assert priority(text) == "P1"


@pytest.mark.parametrize(
    "text",
    [
        "THIS IS RIDICULOUS!!! My display shows my name misspelled AGAIN. Fix it NOW!!!",
        "Third time asking and nobody answers: how do I set my voicemail greeting???",
        "¡¡¡ES INCREÍBLE!!! Mi nombre sale mal escrito en la pantalla OTRA VEZ. ¡Arréglenlo YA!",
        "Es la tercera vez que pregunto y nadie contesta: ¿cómo grabo el saludo del buzón???",
    ],
)
def test_angry_or_urgent_wording_does_not_raise_a_single_users_cosmetic_or_howto(text: str) -> None:
    assert priority(text) == "P4"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The drops we reported on Monday have stopped, you can close the case.", "P4"),
        ("Yesterday's outage is resolved, but my own phone still has no dial tone.", "P3"),
        ("Ya no se cortan las llamadas desde el lunes, pueden cerrar el caso.", "P4"),
        ("La caída de ayer ya está resuelta, pero mi teléfono sigue sin tono.", "P3"),
    ],
)
def test_a_resolved_problem_is_ignored(text: str, expected: str) -> None:
    assert priority(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("P1 - the fax is down for the whole office, calls are fine", "P3"),
        ("P4, no rush: none of our phones can dial out or receive calls", "P1"),
        ("Prioridad 1: el fax no funciona en toda la oficina, las llamadas bien", "P3"),
        ("P4, sin prisa: ningún teléfono de la oficina puede llamar ni recibir llamadas", "P1"),
    ],
)
def test_a_self_assigned_priority_is_a_claim_not_a_label(text: str, expected: str) -> None:
    assert priority(text) == expected
