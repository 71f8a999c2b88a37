"""Profile round 5 (issue 13, "every plan, not just CallTower"): blind profile set 5's misses
learnt by kind. Each of the project's own wordings (profile_round5_<plan>.jsonl, none from a
blind set) decides its plan's level without asking, read as the dialogue reads it
(tests/bot/plan/test_profile_corpora.py's `decided`); the shared readings the round changed
have their own sentences below."""

from __future__ import annotations

import pytest

from bot.plan.policy import load_policy
from domain.rules import mentions_undenied
from flows.classify.audience import who_of
from flows.classify.denials import CALL_RECORDS, NO_PROBLEM
from flows.classify.prepare import prepared
from flows.classify.text import basic
from tests.bot.plan.test_profile_corpora import PROFILES, decided, rows_of

ROWS = [
    (plan, row["text"], row["priority"])
    for plan in PROFILES
    for row in rows_of(plan, "profile_round5_")
]


@pytest.mark.parametrize(("plan", "text", "want"), ROWS)
def test_each_round_5_wording_decides_its_plans_level_without_asking(
    plan: str, text: str, want: str
) -> None:
    assert decided(load_policy(plan), text) == (want, False), text


@pytest.mark.parametrize("plan", PROFILES)
def test_each_plan_has_at_least_twelve_round_5_wordings(plan: str) -> None:
    texts = [row["text"] for row in rows_of(plan, "profile_round5_")]
    assert len(texts) >= 12
    assert len(set(texts)) == len(texts)


# -- shared readings ----------------------------------------------------------------------------


def test_a_fixed_line_is_a_landline_not_a_fix() -> None:
    text = "Thanks for the new rates. Calls to Italy fixed lines drop now and then, about 1 in 6."
    _, live, dropped = prepared(text)
    assert "fixed lines drop" in live
    assert not any("fixed lines" in clause for clause in dropped)


def test_a_fault_said_fixed_before_a_comma_is_still_over() -> None:
    _, _, dropped = prepared(
        "The outage at the depot is fixed, lines are back. Can we get a report?"
    )
    assert dropped


@pytest.mark.parametrize(
    "text",
    [
        "Gracias por configurar la centralita. Ahora hay eco en todas las llamadas.",
        "gracias x activar el numero. ahora hay eco en todas las llamadas",
        "Thanks for setting up the new line. There is static on every call now.",
    ],
)
def test_a_request_thanked_for_as_done_is_over_and_the_next_fault_stands(text: str) -> None:
    _, live, dropped = prepared(text)
    assert len(dropped) == 1
    assert live.strip()


@pytest.mark.parametrize(
    "text",
    [
        "the csv export button on the cdr page does nothing",
        "the export of cdrs fails every time",
    ],
)
def test_a_cdr_export_failing_is_a_broken_feature_not_the_records_asked_for(text: str) -> None:
    assert CALL_RECORDS.search(basic(text)) is None


def test_the_records_asked_for_still_read_so() -> None:
    assert CALL_RECORDS.search(basic("can you send us the cdrs for march")) is not None


def test_no_calls_failing_and_no_customer_down_deny_a_loss() -> None:
    said = basic("No calls are failing and no customer is down, only the widget is stale.")
    assert NO_PROBLEM.search(said) is not None
    assert NO_PROBLEM.search(basic("no calls are going through")) is None


@pytest.mark.parametrize(
    "text",
    [
        "We have no staff to key all of that by hand.",
        "nobody here can type 3,000 changes by hand",
        "Our volume makes the portal useless as a workaround.",
        "The web UI is not a realistic workaround for us.",
    ],
)
def test_a_cap_word_with_nobody_to_do_it_or_said_useless_does_not_cap(text: str) -> None:
    assert mentions_undenied(text, ["by hand", "workaround"]) is None


def test_a_workaround_said_good_still_caps() -> None:
    assert mentions_undenied("The portal is a good workaround for now.", ["workaround"])


def test_somos_customers_telling_us_are_the_writers_own_not_several_resp_orgs() -> None:
    kinds = load_policy("somos").audience
    assert who_of("Our toll-free numbers fail, customers are telling us since 9.", kinds) is None
    who = who_of("SCP owners are telling us the same since 9.", kinds)
    assert who is not None and who[0] == "industry"


# -- each plan's kinds, in sentences of their own ----------------------------------------------


def _check(plan: str, text: str, want: str) -> None:
    assert decided(load_policy(plan), text) == (want, False), text


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # peers on their own accounts: the platform
        (
            "All our calls fail since 4am and three other wholesalers say the same on their accounts.",
            "P0",
        ),
        # the rest of ConnexCS said to be fine: our own account
        ("Every call on our account gets 503; other tenants look fine.", "P1"),
        # the panel failing everywhere, traffic flowing: serious UI
        (
            "Every page of the panel throws an error so we can't change anything, calls still pass.",
            "P2",
        ),
        # a new carrier's test calls: onboarding, capped
        ("Test calls over the new carrier we added today all fail, the rest is fine.", "P3"),
        # a question with calls said to work
        ("Everything is working. Just wondering if you offer CNAM dips?", "P5"),
    ],
)
def test_connexcs_round_5_kinds(text: str, want: str) -> None:
    _check("connexcs", text, want)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Our mechanized interface rejects every call since noon, only us, and the UI is useless as a workaround.",
            "P2",
        ),
        # several customers failing, each getting through on retry: the registry degraded
        (
            "Reservations error out for every Resp Org we talked to, but each one works on retry.",
            "P2",
        ),
        (
            "The TFNRegistry is erroring intermittently for us; each reservation succeeds on retry.",
            "P2",
        ),
        ("Only the numbers starting with 877 refuse routing changes; the rest update.", "P3"),
        ("The tooltip on the CR page still says the old menu names. Nothing is failing.", "P4"),
    ],
)
def test_somos_round_5_kinds(text: str, want: str) -> None:
    _check("somos", text, want)


def test_att_one_way_audio_said_in_what_each_side_hears_is_sev1() -> None:
    _check(
        "att-bvoip",
        "Three users at the Austin office hear the caller but the caller can't hear them.",
        "SEV1",
    )


def test_att_a_hunt_group_skipping_a_member_is_sev2() -> None:
    _check("att-bvoip", "Our hunt group in Omaha skips the last member on every call.", "SEV2")


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Gracias por habilitar el número. Oye, hay un zumbido en todas mis llamadas.", "P2"),
        ("No consigo añadir usuarios nuevos, al guardar sale error.", "P3"),
    ],
)
def test_ringover_round_5_kinds(text: str, want: str) -> None:
    _check("ringover", text, want)
