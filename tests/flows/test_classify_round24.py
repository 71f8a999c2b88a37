"""Round 24's first kind (blind set 25's Spanish P4 read P1, learned by rule after the set was
scored): an outage of the customer's own doing told in the past and for the record is over,
nothing is asked of the desk (P4); "for the record" before a fault said now changes nothing."""

from __future__ import annotations

import pytest

from flows.classify.classifier import classify
from tests.flows.corpus import CALLTOWER_RULES


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "The outage this morning was our own fault, someone unplugged the switch. Just for the record.",
            "P4",
        ),
        (
            "Nada por hacer de vuestra parte: la caída de ayer fue culpa nuestra, se desconectó el router. Para que conste en el registro.",
            "P4",
        ),
        (
            "Para que quede registro: la falla del lunes fue nuestra, un cable suelto. Ya todo funciona.",
            "P4",
        ),
        # contrasts: a fault said now stays what it is
        ("For the record: nobody in the office can make calls right now", "P1"),
        (
            "el problema fue nuestro ayer, pero hoy otra vez no entra ninguna llamada a la oficina",
            "P1",
        ),
        ("Just for the record, the fax is still not receiving for anyone", "P3"),
    ],
)
def test_an_own_outage_told_for_the_record_is_over_and_a_fault_now_is_not(
    text: str, want: str
) -> None:
    assert classify(text, rules=CALLTOWER_RULES, default="P4").priority == want
