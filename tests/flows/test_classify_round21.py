"""One test per kind the round-21 work designed against (blind set 22's misses, by kind, never
its texts), in English and Spanish, through the shipped CallTower table with the shipped model
mixed in. The texts are new wordings of each kind written for this round, not lines of any
corpus, so they test the design, not what the model memorised."""

from __future__ import annotations

import pytest

from flows.classify.classifier import classify
from tests.flows.corpus import CALLTOWER_RULES, corpus_texts
from tests.flows.corpus import decided_priority as priority

TROUBLE_DENIED_BEFORE_A_REQUEST = [
    "We are NOT having any phone trouble. I just want the $120 reconnection charge explained.",
    "We're not having any phone problems. Just need to question a charge on the invoice.",
    "We are not experiencing any phone issues. Can you explain the regulatory recovery fee?",
    "We aren't having any line trouble, just want to know why the bill went up this month.",
    "No phone problems at all. I want to dispute the late charge from March.",
    "Nothing wrong with our lines. Please explain the new surcharge on our statement.",
    "Phones are fine, just a billing question about the taxes on invoice 5521.",
    "No tenemos ningún problema con los teléfonos. Solo quiero reclamar un recargo de la factura.",
    "No estamos teniendo ningún problema con las líneas, solo quiero disputar un cargo por mora.",
    "Los teléfonos funcionan bien. Solo una duda sobre el cobro de la factura de abril.",
]
RECORDING_OR_FEATURE_FOR_EVERYBODY = [
    "Nobody in the office can record calls since this morning.",
    "Nobody here can record their calls anymore, whole sales floor.",
    "Nobody in the building can check their voicemail.",
    "No one at the branch can send or receive faxes.",
    "the wallboard is frozen for the whole support floor again",
    "Nadie en la oficina puede grabar sus llamadas desde esta mañana.",
    "Ninguno de los agentes puede grabar las llamadas.",
    "Nadie en la sucursal puede revisar su buzón de voz.",
    "Nadie en la empresa puede mandar faxes.",
    "El wallboard se congeló otra vez para todo el call center.",
]
ONE_PHONE_UNREGISTERED = [
    "Loading dock cordless is not registered, no calls in or out.",
    "Gate house handset shows unregistered, can't call in or out.",
    "El teléfono de la caseta de vigilancia no está registrado, no entran ni salen llamadas.",
    "El teléfono de la bodega no registra desde ayer, no puede llamar ni recibir.",
]
OTHER_ORGANISATIONS_TOLL_FREE_FAIL = [
    "Los 800 de los bancos no entran desde ninguna extensión, da tono rápido.",
    "Los números 800 de las aseguradoras no salen desde ningún teléfono de la oficina.",
    "Los 800 de bancos no conectan desde ninguna extensión.",
    "We can't reach any bank's toll-free number from any extension, fast busy.",
]
NOT_THE_INTERNET_NO_CALLS_TO_THE_COMPANY = [
    "No es el internet, el internet anda bien. Desde las 10 no entra ninguna llamada a la empresa.",
    "No es la red: desde el mediodía no nos entra ni una llamada a la compañía.",
    "It's not the internet. Since noon no calls at all are coming in to the company.",
]
EVERY_PHONE_UNREGISTERED = [
    "None of our phones are registered, no calls in or out.",
    "Our phones aren't registered this morning, no calls in or out for anyone.",
]


def test_the_round_21_texts_are_no_corpus_line() -> None:
    texts = set(
        TROUBLE_DENIED_BEFORE_A_REQUEST
        + RECORDING_OR_FEATURE_FOR_EVERYBODY
        + ONE_PHONE_UNREGISTERED
        + EVERY_PHONE_UNREGISTERED
        + OTHER_ORGANISATIONS_TOLL_FREE_FAIL
        + NOT_THE_INTERNET_NO_CALLS_TO_THE_COMPANY
    )
    assert not texts & corpus_texts()


@pytest.mark.parametrize("text", TROUBLE_DENIED_BEFORE_A_REQUEST)
def test_trouble_denied_before_a_billing_request_is_the_request_p4(text: str) -> None:
    assert priority(text) == "P4"


@pytest.mark.parametrize("text", RECORDING_OR_FEATURE_FOR_EVERYBODY)
def test_recording_voicemail_fax_or_wallboard_failing_for_everybody_is_p3(text: str) -> None:
    assert priority(text) == "P3"


@pytest.mark.parametrize("text", ONE_PHONE_UNREGISTERED)
def test_one_phone_not_registered_losing_all_its_calls_is_that_devices_p3(text: str) -> None:
    assert priority(text) == "P3"


# Blind 22 is learned by rule only (not trained on, round 21): on this wording the model's
# scope stays unsure between the site and the one phone, so the bot asks which, and never
# decides P1 for one phone.
def test_one_phone_not_registered_with_an_unsure_scope_asks_and_never_decides_p1() -> None:
    decision = classify(
        "Mailroom phone isn't registered since the move, no calls in or out.",
        rules=CALLTOWER_RULES,
        default="P4",
    )
    assert decision.would_ask or decision.priority == "P3"
    assert set(decision.candidates or ("P3",)) <= {"P1", "P3"}


@pytest.mark.parametrize("text", EVERY_PHONE_UNREGISTERED)
def test_every_phone_not_registered_is_still_the_sites_p1(text: str) -> None:
    assert priority(text) == "P1"


@pytest.mark.parametrize("text", OTHER_ORGANISATIONS_TOLL_FREE_FAIL)
def test_other_organisations_toll_free_numbers_failing_from_every_extension_is_p2(
    text: str,
) -> None:
    assert priority(text) == "P2"


@pytest.mark.parametrize("text", NOT_THE_INTERNET_NO_CALLS_TO_THE_COMPANY)
def test_no_call_reaching_the_company_after_a_denied_cause_is_p1(text: str) -> None:
    assert priority(text) == "P1"
