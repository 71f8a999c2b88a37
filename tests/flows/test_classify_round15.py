"""One test per kind of miss the round-15 work fixed (issue 13, the misses blind set 16 showed),
in English and Spanish (Mexican and Spain), through the shipped CallTower table with the
shipped model mixed in. The messages are new wordings of each kind, not lines of any corpus (a
test checks that) and not blind-16 sentences, so they test the design, not what the model
memorised."""

from __future__ import annotations

import pytest

from flows.classify.classifier import classify
from tests.flows.corpus import CALLTOWER_RULES, corpus_texts
from tests.flows.corpus import decided_priority as priority

# Guide P1: a carrier's "mailbox is full" that every caller of the business hears is the
# number failing for every caller, not voicemail (non-critical).
CARRIER_MAILBOX = [
    "Every caller to our front desk number gets told the mailbox is full. We don't even use voicemail, so nobody reaches us.",
    "A todo el que nos llama le sale que el buzón está lleno, y ni tenemos buzón: no nos entra nadie desde la mañana.",
    "Quien llama a la gestoría escucha que el buzón del abonado está lleno; nuestro buzón no tiene nada. No entra ni una llamada.",
]
# Guide P1 and rule 5: no audio on every call, after feature items of a round-up.
NO_AUDIO_BESIDE_FEATURES = [
    "Update: the call recording export is still slow and the new hire's headset hasn't arrived. Worse, every call at the warehouse since 8 has no audio at all, both sides hear nothing.",
    "Novedades: la exportación de grabaciones sigue lenta y los cascos del nuevo no llegaron. Lo peor: todas las llamadas del almacén desde las 8 van sin audio, nadie oye nada.",
]
# Guide rule 5: the main number failing as the last item after requests sets the level.
MAIN_NUMBER_LAST_ITEM = [
    "- change the hold music please\n- a new login for Sam\n- every inbound call to our main number fails",
    "- cambiar la música de espera\n- alta de usuario para Sam\n- fallan todas las llamadas entrantes al número principal",
]
# Guide rule 4, P4: no complaint, calling said to work, the case may be closed.
NOT_A_COMPLAINT = [
    "Not a complaint at all: the phones have worked perfectly since the swap. Just telling you the case can be closed.",
    "No es queja ni falla: los teléfonos van perfectos desde el cambio. Solo aviso que podéis cerrar la incidencia.",
]
# Guide P3: one person's direct number, whoever's it is ("Ines's direct number").
ONE_DIRECT_NUMBER = [
    "Ines's direct number was switched off by mistake when her old handset was removed. Her callers hear a disconnect message.",
    "Por error dieron de baja el número directo de Begoña al quitar su teléfono viejo; a quien la llama le sale fuera de servicio.",
]
# Guide P2: fewer call paths than bought, said by the bought count beside the refusal; never
# the main number lost.
CAPACITY_BESIDE_FEATURES = [
    "This week: the hold music is too quiet, the wallboard flickers, and at busy times callers to the main number get a busy tone once 5 calls are up even though we have 10 channels.",
    "Esta semana: la música de espera suena bajito, el tablero parpadea, y en horas pico a quien llama al número principal le da ocupado con 5 llamadas activas aunque tenemos 10 canales.",
]


def test_the_round_15_texts_are_no_corpus_line() -> None:
    texts = set(CARRIER_MAILBOX + NO_AUDIO_BESIDE_FEATURES + MAIN_NUMBER_LAST_ITEM)
    texts |= set(NOT_A_COMPLAINT + ONE_DIRECT_NUMBER + CAPACITY_BESIDE_FEATURES)
    assert not texts & corpus_texts()


@pytest.mark.parametrize("text", CARRIER_MAILBOX)
def test_every_caller_hearing_a_carriers_mailbox_full_is_p1(text: str) -> None:
    assert priority(text) == "P1"


@pytest.mark.parametrize("text", NO_AUDIO_BESIDE_FEATURES)
def test_no_audio_on_every_call_beside_feature_items_is_never_below_p2(text: str) -> None:
    assert classify(text, rules=CALLTOWER_RULES, default="P4").priority == "P1"


@pytest.mark.parametrize("text", MAIN_NUMBER_LAST_ITEM)
def test_the_main_number_failing_as_the_last_item_is_p1(text: str) -> None:
    assert priority(text) == "P1"


@pytest.mark.parametrize("text", NOT_A_COMPLAINT)
def test_no_complaint_and_the_case_closed_is_p4(text: str) -> None:
    assert priority(text) == "P4"


@pytest.mark.parametrize("text", ONE_DIRECT_NUMBER)
def test_a_named_persons_direct_number_is_one_user(text: str) -> None:
    assert priority(text) == "P3"


@pytest.mark.parametrize("text", CAPACITY_BESIDE_FEATURES)
def test_the_bought_count_beside_a_busy_main_number_is_capacity(text: str) -> None:
    assert priority(text) == "P2"


@pytest.mark.parametrize("text", CARRIER_MAILBOX + NO_AUDIO_BESIDE_FEATURES + MAIN_NUMBER_LAST_ITEM)
def test_the_sites_calling_lost_is_never_below_p2_even_while_asking(text: str) -> None:
    assert classify(text, rules=CALLTOWER_RULES, default="P4").priority in ("P1", "P2")
