"""Round 2 of issue 13: one case per kind of miss blind set 3 showed, in both languages.

Every text here is new (not from any corpus); each test names the behaviour it proves.
"""

from __future__ import annotations

import pytest

from flows.classify.classifier import classify
from flows.classify.text import normalise
from tests.flows.corpus import CALLTOWER_RULES


def _priority(text: str, lang: str) -> str:
    decision = classify(text, rules=CALLTOWER_RULES, default="P4", lang=lang)
    assert not decision.would_ask, text
    return decision.priority


@pytest.mark.parametrize("word", ["escribo", "dieron", "indicador", "escriben", "marcamos"])
def test_the_typo_corrector_keeps_real_spanish_words(word: str) -> None:
    assert normalise(f"ya te lo {word} mañana", "es").split()[3] == word


def test_the_typo_corrector_still_fixes_a_spanish_typo() -> None:
    assert "funciona" in normalise("el telefono no funsiona", "es").split()


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("En la nave de Getafe ni un solo teléfono tiene línea desde las 10", "es"),
        ("evry handset in the plant lost dial tone, cant call out at all", "en"),
    ],
)
def test_a_typo_or_idiom_wording_of_every_phone_is_a_site_outage(text: str, lang: str) -> None:
    assert _priority(text, lang) == "P1"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "Con las llamadas no hay ningún problema. Lo que falla es el fax: no llega nada a nadie.",
            "es",
        ),
        ("el buson de vos no va para nadie de la planta, las yamadas si", "es"),
        ("No problem with the calls. It's only the fax line: nothing comes in for anyone.", "en"),
    ],
)
def test_calls_said_to_work_keep_a_feature_outage_non_critical(text: str, lang: str) -> None:
    assert _priority(text, lang) == "P3"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("No podemos llamar a ningún número de Chile. Las locales funcionan.", "es"),
        ("Nobody can reach our main line from Sprint phones; other carriers are fine.", "en"),
    ],
)
def test_one_call_class_failing_is_a_degradation_not_a_total_loss(text: str, lang: str) -> None:
    assert _priority(text, lang) == "P2"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "Quick list: the portal logo is old, my greeting needs an update, and callers say our audio breaks up and drops.",
            "en",
        ),
        (
            "Unas cosas: el portal va lento, hay que cambiar un saludo, y a todo el equipo de ventas se le cortan las llamadas.",
            "es",
        ),
    ],
)
def test_a_call_fault_at_the_end_of_a_comma_list_sets_the_level(text: str, lang: str) -> None:
    assert _priority(text, lang) == "P2"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "It's not a complete outage, calls do connect, but about 25% of inbound calls get a busy tone.",
            "en",
        ),
        (
            "No es una caída total, las llamadas sí conectan, pero como 25 de cada 100 entrantes dan ocupado.",
            "es",
        ),
    ],
)
def test_a_share_of_calls_failing_is_a_degradation_of_calling(text: str, lang: str) -> None:
    assert _priority(text, lang) == "P2"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The on hold music everyone hears is the old default one, not ours", "en"),
        ("Las etiquetas de las teclas de todos los aparatos siguen con los nombres viejos", "es"),
        ("The clock on every handset in the building is two hours behind", "en"),
        ("A mí se me perdieron las marcaciones rápidas del aparato", "es"),
    ],
)
def test_cosmetic_or_one_user_features_are_p4_at_any_scope(text: str, lang: str) -> None:
    assert _priority(text, lang) == "P4"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("No es ningún problema, solo una duda: ¿se puede cambiar el horario del menú?", "es"),
        ("Not a problem at all, just a question: can we change the menu hours?", "en"),
        ("The choppy audio from Monday has stopped, you can close the ticket. Thanks!", "en"),
        ("El eco del lunes ya dejó de pasar, pueden cerrar el ticket. ¡Gracias!", "es"),
    ],
)
def test_a_denied_or_resolved_problem_reads_as_nothing_active(text: str, lang: str) -> None:
    assert _priority(text, lang) == "P4"


def test_a_message_that_names_one_line_is_not_widened_by_a_part() -> None:
    assert (
        _priority("solo es mi extensión: no me entra ninguna llamada, van directo al buzón", "es")
        == "P3"
    )


@pytest.mark.parametrize(
    ("text", "lang", "priority"),
    [
        (
            "Every phone in the Tulsa office is dead, we paid the invoice, nobody can dial out",
            "en",
            "P1",
        ),
        (
            "Se cayeron todos los teléfonos de la sucursal, ya pagamos la factura, nadie puede llamar",
            "es",
            "P1",
        ),
        ("We paid our invoice but were charged twice this month, please refund", "en", "P4"),
        ("Ya pagamos la factura pero nos cobraron doble este mes", "es", "P4"),
    ],
)
def test_an_outage_that_mentions_a_paid_invoice_is_an_outage_not_a_billing_question(
    text: str, lang: str, priority: str
) -> None:
    assert _priority(text, lang) == priority
