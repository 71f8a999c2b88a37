"""One test per kind of miss the round-19 work fixed (issue 13, the two Spanish whole-site
outages blind set 21 read P3, both buried), in English and Spanish (Mexican and Spain, with and
without accents), through the shipped CallTower table with the shipped model mixed in. The
messages are new wordings of each kind, not lines of any corpus (a test checks that) and not
blind-21 sentences, so they test the design, not what the model memorised."""

from __future__ import annotations

import pytest

from tests.flows.corpus import corpus_texts
from tests.flows.corpus import decided_priority as priority

# (a) Guide P1: nobody at a site can call out, every number busy, as one item of a list or
# after remarks, beside a rate question naming a destination (which does not make it partial).
NO_OUTBOUND_FOR_THE_SITE = [
    "Pendientes de esta semana:\n- el informe mensual no se descargó\n- la copiadora imprime rayas\n"
    "- nadie puede llamar afuera desde la bodega de Zapopan, todo da ocupado\n- ¿cuánto sale un minuto a Perú?",
    "Tres cosas: el portal me pide otra vez la contraseña, queremos cambiar el saludo del buzón y, por cierto, "
    "desde esta mañana nadie en la oficina de Getafe puede marcar fuera, todo da comunicando.",
    "1) the monthly report never arrived 2) the label printer jams 3) nobody can dial out from the Tulsa "
    "warehouse, everything is busy 4) what is your rate for calls to Canada?",
    "Two small things first: we hired a new receptionist and the hold music is too loud. Also, since the switch "
    "was replaced last night nobody at the Reno clinic can call out at all, every number we dial is busy.",
    "nadie puede marcar afuera desde la planta de Celaya, todo da ocupado",
]
# (b) Guide P1: no audio on any call of a site ("se escucha nada", the Mexican dropped "no";
# "conectan pero mudas"), after remarks, in a list, alone.
NO_AUDIO_ON_EVERY_CALL = [
    "Les comento que ya llegó el nuevo técnico y que cambiamos el menú, pero desde el corte de luz en toda la "
    "sucursal de Puebla se escucha nada en las llamadas: conectan pero mudas, en todas.",
    "Os cuento: hemos cambiado de gestor, el lunes viene el instalador y, desde que tocaron el armario ayer, en "
    "toda la tienda de Zaragoza no se oye nada en las llamadas, se conectan pero mudas, todas.",
    "- actualizar el logo del portal\n- en toda la oficina de Leon se escucha nada en las llamadas, conectan pero "
    "mudas en todas\n- pedir dos diademas",
    "Quick notes: our manager changed, the new recording schedule is set, and since the rack was moved last night "
    "calls at the whole Boise store connect but they're silent, every single one, nobody hears anything.",
    "desde ayer en toda la sede de Merida se escucha nada en las llamadas, conectan pero mudas, en todas",
]
# (c) Contrast, guide P2: one destination or carrier fails, told in the failing part itself.
ONE_DESTINATION_STILL_PARTIAL = [
    "- pedir un auricular\n- nadie puede marcar a Chile, da ocupado\n- las llamadas a Chile no salen",
    "Nobody here can dial out to Canada, it's all busy; every other call goes out fine.",
    "Nadie puede marcar a celulares Telcel desde la oficina, todo da ocupado; a fijos sí sale.",
]


def test_the_round_19_texts_are_no_corpus_line() -> None:
    texts = set(NO_OUTBOUND_FOR_THE_SITE + NO_AUDIO_ON_EVERY_CALL + ONE_DESTINATION_STILL_PARTIAL)
    assert len(texts) == 13
    assert not texts & corpus_texts()


@pytest.mark.parametrize("text", NO_OUTBOUND_FOR_THE_SITE + NO_AUDIO_ON_EVERY_CALL)
def test_a_whole_site_without_outbound_or_audio_is_p1_wherever_it_is_told(text: str) -> None:
    assert priority(text) == "P1"


@pytest.mark.parametrize("text", ONE_DESTINATION_STILL_PARTIAL)
def test_one_destination_failing_in_its_own_part_stays_p2(text: str) -> None:
    assert priority(text) == "P2"


def test_a_recovered_echo_said_as_nothing_heard_is_no_fault() -> None:
    assert (
        priority(
            "- actualizar el logo\n- en la sala de juntas ya no se escucha nada de eco, gracias"
        )
        == "P4"
    )
