"""Profile round 4 (issue 13, "every plan, not just CallTower"): one test per kind of miss
seen on blind profile set 4, with the project's own sentences (never a blind line, nor a line
of profile_round4_*.jsonl), read as the dialogue reads them for each plan
(tests/bot/plan/test_profile_corpora.py's `decided`)."""

from __future__ import annotations

import pytest

from bot.plan.policy import load_policy
from domain.rules import mentions_undenied
from flows.classify.audience import who_of
from flows.classify.faults import CALLS_WORK, SHARE_FAILS
from flows.classify.prepare import prepared
from flows.classify.service import CALLS_FINE
from flows.classify.text import basic
from tests.bot.plan.test_profile_corpora import decided


def _check(plan: str, text: str, want: str) -> None:
    priority, would_ask = decided(load_policy(plan), text)
    assert (priority, would_ask) == (want, False), text


# -- shared readings ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "none of our calls are connecting this morning",
        "zero calls are going through since noon",
        "none of our calls go through",
        "not one of our calls is working",
    ],
)
def test_a_negated_call_is_a_total_failure_not_calls_said_to_work(text: str) -> None:
    said = basic(text)
    assert CALLS_FINE.search(said) is None
    assert CALLS_WORK.search(said) is None


def test_calls_said_to_work_still_read_so() -> None:
    assert CALLS_FINE.search(basic("the calls themselves are connecting fine")) is not None
    assert CALLS_FINE.search(basic("our calls still go through")) is not None


def test_every_call_said_as_a_hundred_percent_is_not_a_share() -> None:
    assert SHARE_FAILS.search(basic("100% of calls on our trunk get 503")) is None
    assert SHARE_FAILS.search(basic("100 percent of our calls fail")) is None
    assert SHARE_FAILS.search(basic("40% of calls get 503")) is not None


@pytest.mark.parametrize(
    "text",
    [
        "Se me corta la llamada a cada rato, ya van como ocho hoy.",
        "Ya va la tercera vez esta mañana que se cae la llamada.",
    ],
)
def test_a_count_so_far_is_not_a_problem_said_over(text: str) -> None:
    _, live, dropped = prepared(text)
    assert dropped == ()
    assert live == text


@pytest.mark.parametrize(
    "text",
    [
        "Lo de la activación ya está, gracias. Ahora oigo eco en todas las llamadas.",
        "Our Tucson office lost inbound calls before lunch, but it's been working since 2pm.",
    ],
)
def test_a_matter_said_done_or_working_since_is_over(text: str) -> None:
    _, _, dropped = prepared(text)
    assert dropped


def test_a_cap_word_said_impossible_a_few_words_before_does_not_cap() -> None:
    text = "There is no way for our staff to re-enter three thousand numbers by hand."
    assert mentions_undenied(text, ["by hand"]) is None


# -- Somos --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "About half of the Resp Orgs in the industry forum cannot reserve numbers since 10am, ours included.",
        "A sister company's Resp Org tells us their CR pushes are rejected as well, exactly like ours.",
        "SCP owners are telling us no customer records reached them overnight; five different SCP operators said so.",
        "Nobody on the monthly Resp Org conference call could search for numbers this morning.",
        "La mitad de las Resp Org del foro no pueden actualizar registros de cliente desde las 8.",
    ],
)
def test_somos_several_customers_named_by_wording_lose_number_management_urgent(text: str) -> None:
    _check("somos", text, "P1")


@pytest.mark.parametrize(
    "text",
    [
        "Our team finds the TFNRegistry sluggish today: each search takes a couple of minutes, then completes.",
        "Just us reporting this, but reservations in the UI are very slow since 9am; they finish eventually.",
        "El TFNRegistry está muy lento esta mañana, cada cambio tarda minutos pero se aplica.",
    ],
)
def test_somos_the_registry_itself_slow_is_high_whoever_writes(text: str) -> None:
    _check("somos", text, "P2")


def test_somos_several_customers_failing_but_getting_through_on_retry_is_high() -> None:
    text = "Other Resp Orgs on our call see a third of their updates time out, but retrying works for all of us."
    _check("somos", text, "P2")


@pytest.mark.parametrize(
    "text",
    [
        "Can you add an export to Excel on the template list? It would save us a lot of clicks.",
        "The reservation limit behaves exactly as documented, but we'd like it raised for our account next quarter.",
    ],
)
def test_somos_a_change_to_what_works_as_documented_is_an_enhancement(text: str) -> None:
    _check("somos", text, "P4E")


def test_somos_an_inconvenience_with_the_work_going_on_is_low() -> None:
    text = "Column headers on the CR history page are misnamed, a bit confusing but we can still do our work."
    _check("somos", text, "P4")


def test_somos_some_numbers_failing_while_the_others_update_is_normal() -> None:
    text = "Around 15 of our toll-free numbers give 'record locked' on every change; other numbers update fine."
    _check("somos", text, "P3")


# -- ConnexCS -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "None of our calls are connecting since 05:00 UTC, every customer on our account is down.",
        "Our company's traffic dropped to zero an hour ago: every call we send fails with 503.",
        "It's not some calls, it's all our traffic - nothing completes through ConnexCS right now.",
        "No urgency on our side, but 100% of calls on our account have failed since lunch.",
        "Ninguna de nuestras llamadas conecta desde las 7; todo nuestro tráfico da error.",
    ],
)
def test_connexcs_all_of_the_writers_own_traffic_failing_is_p1(text: str) -> None:
    _check("connexcs", text, "P1")


@pytest.mark.parametrize(
    "text",
    [
        "No calls pass at all, and another carrier on ConnexCS we talk to says theirs is down too.",
        "Every other tenant in the ConnexCS Discord says the same: all calls failing since 04:00, panel dead.",
        "Two other tenants we know are down too; nothing completes on the platform.",
    ],
)
def test_connexcs_peers_on_the_platform_down_too_is_the_platform_p0(text: str) -> None:
    _check("connexcs", text, "P0")


def test_connexcs_people_on_the_platform_said_fine_name_no_platform_outage() -> None:
    text = "Zero calls complete on our account since 9. Other people on your platform seem fine."
    _check("connexcs", text, "P1")


def test_connexcs_the_panel_unusable_for_the_whole_operation_is_serious_p2() -> None:
    text = "Nobody on our team can edit anything in the control panel, every save errors out; calls still flow."
    _check("connexcs", text, "P2")


@pytest.mark.parametrize(
    "text",
    [
        "URGENT: the ASR graph in the dashboard is not refreshing, we need it fixed today!",
        "Our low balance email alerts arrive twice each time, annoying but minor.",
        "Email alerts for our customers stopped being sent; we check their balances by hand meanwhile.",
    ],
)
def test_connexcs_a_panel_feature_broken_with_business_going_on_is_p4(text: str) -> None:
    _check("connexcs", text, "P4")


def test_a_fix_asked_for_is_not_a_problem_said_over() -> None:
    _, live, dropped = prepared("The dashboard is frozen, we need it fixed now!")
    assert dropped == ()
    assert "frozen" in live


def test_connexcs_the_rest_of_the_calls_connecting_is_a_part_not_a_workaround() -> None:
    text = "Roughly a quarter of our calls to Irish mobiles fail with 480; the rest connect fine."
    _check("connexcs", text, "P3")


def test_connexcs_kinds_read_in_round_4() -> None:
    kinds = load_policy("connexcs").audience
    assert who_of("another carrier on connexcs says theirs is down", kinds) is not None
    found = who_of("it's not just some calls, it's all of our traffic", kinds)
    assert found is not None and found[0] == "account"


# -- Ringover -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Ninguno de mis asesores puede llamar desde las 10, a todos les marca 'llamada fallida'.",
        "Nadie de la oficina de Bilbao puede hacer llamadas desde esta mañana.",
        "Todo el equipo de soporte está sin poder llamar, a todos les sale error al marcar.",
        "Ningún agente puede sacar llamadas ahorita, ya reiniciamos la app y nada.",
    ],
)
def test_ringover_a_team_or_office_unable_to_call_is_a_multi_user_outage(text: str) -> None:
    _check("ringover", text, "P1")


@pytest.mark.parametrize(
    "text",
    [
        "Se me cae la llamada a media plática con los clientes, ya van varias hoy.",
        "El cliente dice que no se me oye bien, la voz llega entrecortada.",
        "Lo de la activación ya está, gracias. Ahora oigo eco en todas las llamadas.",
        "My calls keep dropping halfway through, only on my user.",
    ],
)
def test_ringover_one_users_drops_or_choppy_audio_is_communication_quality(text: str) -> None:
    _check("ringover", text, "P2")


@pytest.mark.parametrize(
    "text",
    [
        "El número de Sevilla que compramos sale como inactivo y no lo puedo asignar.",
        "Al crear un usuario nuevo da 'Error interno' y no se crea.",
        "El desvío a mi móvil no funciona; en la app las llamadas suenan normal.",
    ],
)
def test_ringover_activation_users_and_forwarding_are_other_technical_problems(text: str) -> None:
    _check("ringover", text, "P3")


# -- AT&T ---------------------------------------------------------------------------------------


def test_att_inbound_calls_reaching_nobody_at_a_location_is_sev1() -> None:
    _check(
        "att-bvoip",
        "Inbound calls to our Spokane branch go nowhere; all 11 staff there are affected.",
        "SEV1",
    )


def test_att_a_location_working_again_since_is_sev2() -> None:
    text = "Nobody at our Macon office could call out this morning, but it's been working since 11."
    _check("att-bvoip", text, "SEV2")
