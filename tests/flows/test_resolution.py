"""A customer's answer to "resolved: is it working?" (flows/dialogue/resolution.py): how
people confirm and how they say it is not fixed, in English and Spanish, a fault told
anywhere winning over thanks, and a fault said to be over read as a confirmation."""

from __future__ import annotations

import pytest

from flows.dialogue.resolution import Verdict, verdict


@pytest.mark.parametrize(
    "text",
    [
        "Yes, all working now",
        "yep, calls are coming in again",
        "great, thank you!",
        "looks good",
        "We are back up, thanks",
        "Sí, ya funciona todo",
        "ya jala, gracias",
        "confirmado",
        "ya quedó",
        "No problems since, thanks",
        "no more drops",
        "ya no se cae, gracias",
        "Sin problemas desde ayer",
        "No hemos tenido más cortes",
        "We haven't had a drop since",
        "Todo en orden",
    ],
)
def test_a_confirmation_in_the_customers_words_is_fixed(text: str) -> None:
    assert verdict(text) is Verdict.FIXED


@pytest.mark.parametrize(
    "text",
    [
        "Not yet",
        "Calls still drop",
        "the problem is back",
        "it came back",
        "works for now but one phone still has no audio",
        "Thanks but it is still broken",
        "Gracias pero sigue fallando",
        "seguimos sin línea",
        "nada, seguimos igual",
        "no entra ninguna llamada aún",
        "volvió a fallar",
        "Otra vez sin tono",
        "It happened again this morning",
        "Nope, we can’t dial out",
    ],
)
def test_a_fault_still_there_anywhere_in_the_reply_is_not_fixed(text: str) -> None:
    assert verdict(text) is Verdict.NOT_FIXED


@pytest.mark.parametrize(
    "text",
    [
        "thanks, all good. Can you also add a user for our new hire Maria starting Monday?",
        "Can I add a new user?",
        "Now my fax line is dead since this morning, no dial tone at all",
        "everything is fine except the fax",
        "Ahora es otra cosa: el fax no envía",
        "",
    ],
)
def test_a_new_request_or_another_problem_is_left_to_the_usual_handling(text: str) -> None:
    assert verdict(text) is None
