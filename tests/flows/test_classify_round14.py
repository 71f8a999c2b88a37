"""One test per kind of miss the round-14 work fixed (issue 13, the misses blind set 15 showed),
in English and Spanish, through the shipped CallTower table with the shipped model mixed in.
The messages are new wordings of each kind, not lines of any corpus (a test checks that) and
not blind-15 sentences, so they test the design, not what the model memorised."""

from __future__ import annotations

import pytest

from flows.classify.classifier import classify
from tests.flows.corpus import CALLTOWER_RULES, corpus_texts
from tests.flows.corpus import decided_priority as priority

# Guide rule 4, P4: a problem told as over with its recovery verb in the past ("went away",
# "stopped", "came back", "desapareció", "volvieron a entrar") beside a request to close the
# case or keep it open, or no complaints since; calling said to work before a question.
RESOLVED_CLOSE = [
    "Case 40417 can be closed: the hissing on our calls went away once you replaced the router, and no complaints since Monday.",
    "The dropped calls at the bakery stopped after Tuesday's update. Hold the ticket open till Friday please, no further action needed.",
    "El zumbido que teníamos en las llamadas del despacho desapareció con el equipo nuevo. Pueden dar el caso por cerrado.",
    "Las llamadas de fuera volvieron a entrar desde las 8 en la tienda. Pueden dejar el ticket abierto hasta mañana, gracias.",
    "No outage here, every call is fine. I just want to know when next week's maintenance starts.",
    "No tenemos ninguna avería, las llamadas van perfectas. Solo quería saber si el sábado hay mantenimiento.",
]
# ... without hiding a new active fault told beside the close request or the recovery.
NEW_FAULT_BESIDE_CLOSE = [
    "Please close case 3001 and look at why none of our phones can call out today.",
    "Pueden dar el caso por cerrado y revisar por qué hoy no sale ninguna llamada de la oficina.",
    "The drops stopped after your fix, but now the whole office has no dial tone.",
    "El ruido desapareció pero ahora no tenemos tono en ningún teléfono de la oficina.",
    # cls14's note: any "resolved" dropped its clause, the new request with it
    "Mark ticket 77 as resolved and please check why nobody in the office can make calls.",
    "Ticket 77 is fixed, but can you look at why none of our phones ring since noon?",
]
# Guide P1 and rule 5: the site's calling lost however it is worded: the audio gone as the
# last item of a list of features, every call out cut after seconds, any dial failing, the
# freephone number dead for every caller beside local numbers working, any key of the menu
# cutting the caller off.
SITE_LOSS = [
    "Small things: 1) the fax header is wrong, 2) Ana's voicemail greeting, 3) all over the office calls connect but neither side hears anything.",
    "Varias cosas: 1) el fax no imprime la cabecera, 2) el saludo del buzón de Ana, 3) en toda la oficina las llamadas se conectan pero nadie escucha nada.",
    "Every outgoing call from our phones drops after about three seconds. Every time, from every handset. Inbound is fine.",
    "Desde cualquier teléfono, las llamadas que hacemos se cortan a los tres segundos. Sin excepción. Recibir sí podemos.",
    "Our freephone number tells every caller 'number not recognised' since lunch, though the local numbers ring fine.",
    "Al llamar a nuestro 800 a todos les sale que el número no existe desde el mediodía; los números locales sí entran.",
    "En el conmutador, marques la tecla que marques, se cuelga la llamada.",
]
# Guide P2: a counted group with the rest said to work, however "no calls in or out" reads.
COUNTED_TEAM = [
    "Two of the six agents on the night desk have had no calls in or out since 10pm. The other four are fine.",
    "Tres de los nueve técnicos no pueden llamar ni recibir desde el mediodía. Los otros seis trabajan bien.",
]
# Guide P2: capacity said by the bought count and the call by its rank that is refused.
CAPACITY = [
    "We pay for 20 concurrent calls but the third call in already gets a busy signal.",
    "Tenemos contratadas 12 líneas y solo funcionan 4; la quinta llamada ya da ocupado.",
]
# Guide P3: one person's direct number cut by mistake, everything else working.
ONE_DIRECT_NUMBER = [
    "Por error desactivaron el número directo de la contadora al cancelar otra línea. A ella no le entra nada; todo lo demás funciona.",
]
# Guide rule 5: a fault of calling as one item of a list of cosmetic items is what sets the
# level (choppy audio for a team P2; one phone without dial tone P3), never the cosmetic P4.
BURIED_UNDER_COSMETIC = [
    (
        "P2",
        "A few bits: the portal logo looks stretched, the lobby screen is too bright, and the six agents in returns get choppy audio on most calls.",
    ),
    (
        "P3",
        "Tres cosas: (1) el logo del portal sale borroso, (2) la pantalla de recepción está oscura, (3) el teléfono del despacho del tercer piso no tiene tono desde ayer.",
    ),
]


def test_the_round_14_texts_are_no_corpus_line() -> None:
    texts = set(RESOLVED_CLOSE + NEW_FAULT_BESIDE_CLOSE + SITE_LOSS + COUNTED_TEAM + CAPACITY)
    texts |= set(ONE_DIRECT_NUMBER)
    texts |= {text for _, text in BURIED_UNDER_COSMETIC}
    assert not texts & corpus_texts()


@pytest.mark.parametrize("text", RESOLVED_CLOSE)
def test_a_problem_told_as_over_with_the_case_closed_or_calls_working_is_p4(text: str) -> None:
    assert priority(text) == "P4"


@pytest.mark.parametrize("text", NEW_FAULT_BESIDE_CLOSE)
def test_a_new_site_loss_beside_a_close_request_or_a_recovery_is_p1(text: str) -> None:
    assert priority(text) == "P1"


@pytest.mark.parametrize("text", SITE_LOSS)
def test_the_sites_calling_lost_however_worded_is_p1(text: str) -> None:
    assert priority(text) == "P1"


@pytest.mark.parametrize("text", COUNTED_TEAM)
def test_a_counted_group_with_the_rest_working_is_p2(text: str) -> None:
    assert priority(text) == "P2"


@pytest.mark.parametrize("text", CAPACITY)
def test_the_call_refused_by_its_rank_under_bought_lines_is_p2(text: str) -> None:
    assert priority(text) == "P2"


@pytest.mark.parametrize("text", ONE_DIRECT_NUMBER)
def test_one_persons_direct_number_cut_by_mistake_is_p3(text: str) -> None:
    assert priority(text) == "P3"


@pytest.mark.parametrize(("expected", "text"), BURIED_UNDER_COSMETIC)
def test_a_calling_fault_in_a_list_of_cosmetic_items_sets_the_level(
    expected: str, text: str
) -> None:
    assert priority(text) == expected


@pytest.mark.parametrize("text", SITE_LOSS)
def test_the_sites_calling_lost_is_never_below_p2_even_while_asking(text: str) -> None:
    assert classify(text, rules=CALLTOWER_RULES, default="P4").priority in ("P1", "P2")
