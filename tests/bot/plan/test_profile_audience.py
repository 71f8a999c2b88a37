"""Profile round 3 (issue 13): who is affected, read in each plan's own terms. The plan names
its scope kinds and their nouns (`classification.audience` in bot/profiles/*.toml); the shared
grammar (`flows/classify/audience.py`) reads "other/all/several X", "all our X", "one of our
X", "some X", "one X"; the plan's table rows name the kinds. The sentences are the project's
own, one or more per scope kind the plan's levels are written in, in both languages where the
plan serves them (none is from a blind set)."""

from __future__ import annotations

import pytest

from bot.plan.policy import PolicyError, load_policy, parse_policy
from domain.dimensions import AudienceKind
from domain.rules import mentions_undenied
from flows.classify.audience import who_of
from tests.bot.plan.test_profile_corpora import decided

SOMOS: list[tuple[str, str]] = [
    # several Somos customers, the ability to manage numbers lost: P1
    (
        "None of the carriers in our consortium can push a single CR since 8am; all of them get 'transaction rejected'.",
        "P1",
    ),
    (
        "Three resp orgs we work with, and us, cannot reserve any number from the spare pool this morning.",
        "P1",
    ),
    (
        "We checked with a couple of other RespOrgs and they can't log in to the TFNRegistry either. We're locked out since 07:10.",
        "P1",
    ),
    (
        "It's not just us: every aggregator we deal with sees reservations failing with error 500.",
        "P1",
    ),
    (
        "Varias Resp Org con las que hablamos no pueden reservar números gratuitos desde las 9.",
        "P1",
    ),
    (
        "Nadie puede actualizar registros de cliente en el TFNRegistry desde esta mañana, ni nosotros ni nuestros socios.",
        "P1",
    ),
    # the registry degraded for several customers, changes still complete: P2
    (
        "The TFNRegistry has been very slow for all the resp orgs on our weekly call; updates do complete, just after several minutes.",
        "P2",
    ),
    (
        "El TFNRegistry va muy lento para todos los clientes con los que hablamos, aunque los cambios se terminan aplicando.",
        "P2",
    ),
    # one Resp Org fully cut off over its only interface / an SCP owner with no records: P2
    (
        "Our Resp Org can't log in to the TFNRegistry at all since 6am; the other Resp Orgs we asked are working normally.",
        "P2",
    ),
    (
        "Since this morning every API call we make to reserve numbers returns 401, and the UI is not an option for our volume.",
        "P2",
    ),
    (
        "Nuestra Resp Org no puede actualizar ningún número desde esta mañana; a otras Resp Org les funciona bien.",
        "P2",
    ),
    ("We operate an SCP and since 02:00 we have received zero customer record downloads.", "P2"),
    # one customer, part of its numbers, or a workaround: P3
    ("A handful of our numbers can't be updated, the rest of our numbers update fine.", "P3"),
    (
        "Bulk reservations through the API time out, but doing them one at a time in the UI works.",
        "P3",
    ),
    # reporting lost, even for everyone: P3
    (
        "The reporting module shows no data for any resp org we know; reserving and routing are fine.",
        "P3",
    ),
    # cosmetic, question, enhancement
    (
        "The Search button label overlaps the date field on the reservation screen; everything still works.",
        "P4",
    ),
    ("No outage here, just a question: can a reservation be extended past 45 days?", "P4"),
    ("Feature request: could the report include the Resp Org ID as a column?", "P4E"),
]
CONNEXCS: list[tuple[str, str]] = [
    # the platform down for all ConnexCS customers: P0
    (
        "Every ConnexCS customer we know is down: our peers on the platform see 100% failed calls too.",
        "P0",
    ),
    (
        "Calls are failing on all ConnexCS regions; other wholesalers in our Slack group report the same outage.",
        "P0",
    ),
    (
        "Todos los clientes de ConnexCS con los que hablamos tienen las llamadas caídas desde las 10.",
        "P0",
    ),
    # all of the writer's own calls: P1
    (
        "None of our calls complete since 10:00. Every one of our customers is failing and we changed nothing.",
        "P1",
    ),
    ("All our customers get 503 on every call since your maintenance window.", "P1"),
    ("Ninguno de nuestros clientes puede llamar desde las 8; todas las llamadas fallan.", "P1"),
    # one customer of the writer's: P2
    (
        "One of our customers, Telco Alpha, has every call failing since noon; our other customers are fine.",
        "P2",
    ),
    ("A reseller of ours can't make any calls at all since noon, all attempts get 404.", "P2"),
    ("Uno de nuestros clientes no puede hacer ninguna llamada desde esta mañana.", "P2"),
    # a part of the calls, one carrier, one destination: P3
    ("About 30 percent of calls to Mexico fail with 480; the rest go through.", "P3"),
    ("Only one carrier, VoxNet, is rejecting all our calls; the other routes are fine.", "P3"),
    ("Algunas llamadas a Colombia fallan con 503, el resto funciona bien.", "P3"),
    # the writer's own change, onboarding or test: at most P3
    ("We are onboarding a new customer and every one of their test calls fails.", "P3"),
    # cosmetic P4; questions and requests P5
    ("The dashboard graph labels overlap on small screens.", "P4"),
    ("How do I set a concurrent call limit per customer?", "P5"),
    ("Could you add a column for PDD to the CDR export?", "P5"),
]
ATT: list[tuple[str, str]] = [
    # a location with several users unable to call, either direction, or one-way audio: SEV1
    ("At our Dallas branch none of the 20 users can make outbound calls since 9am.", "SEV1"),
    (
        "Inbound calls to the Denver office don't ring anywhere; all 15 people there are affected.",
        "SEV1",
    ),
    (
        "Several agents at the call center have one-way audio on every call: the callers can't hear them.",
        "SEV1",
    ),
    # everything else: SEV2
    ("One user in Atlanta can't make outbound calls; everyone else is fine.", "SEV2"),
    ("Calls at the Miami site have some jitter in the afternoons.", "SEV2"),
    ("The fax line at our Tulsa office stopped receiving.", "SEV2"),
    (
        "En la sucursal de Monterrey ninguno de los 12 usuarios puede hacer llamadas desde las 9.",
        "SEV1",
    ),
    (
        "Varios agentes del call center tienen audio en un solo sentido: los clientes no los escuchan.",
        "SEV1",
    ),
    ("Las llamadas en la sede de Puebla tienen algo de latencia por las tardes.", "SEV2"),
]
RINGOVER: list[tuple[str, str]] = [
    # several users, a team, an office without calls or the app: P1
    (
        "Todo el equipo de soporte está sin llamadas desde las 10, la app no conecta para nadie.",
        "P1",
    ),
    ("Ninguno de los comerciales de la oficina de Sevilla puede llamar ni recibir.", "P1"),
    ("Several people in our sales team can't make or receive calls since this morning.", "P1"),
    # audio quality, echo, drops for anyone: P2
    ("Una compañera oye eco en todas sus llamadas.", "P2"),
    ("Las llamadas se cortan a los dos minutos para varios agentes.", "P2"),
    ("My calls sound choppy since yesterday.", "P2"),
    # everything else: P3
    ("No consigo añadir un usuario nuevo, da un error.", "P3"),
    ("La portabilidad de nuestro número sigue sin completarse.", "P3"),
]

CASES = [
    *(("somos", t, p) for t, p in SOMOS),
    *(("connexcs", t, p) for t, p in CONNEXCS),
    *(("att-bvoip", t, p) for t, p in ATT),
    *(("ringover", t, p) for t, p in RINGOVER),
]


@pytest.mark.parametrize(("name", "text", "want"), CASES)
def test_each_plan_reads_who_is_affected_in_its_own_terms(name: str, text: str, want: str) -> None:
    assert decided(load_policy(name), text) == (want, False)


SOMOS_KINDS = load_policy("somos").audience
CONNEXCS_KINDS = load_policy("connexcs").audience


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Several sister Resp Orgs cannot reserve", "industry"),
        ("none of the carriers in our group can update", "industry"),
        ("the resp orgs we talked to see it too", "industry"),
        ("otras Resp Org tampoco pueden", "industry"),
        # a group said to be fine names nobody affected
        ("other Resp Orgs we asked are fine", None),
        ("other resporgs are working normally", None),
        # a denied "just us" is the others too
        ("It's not just us: every aggregator sees it", "industry"),
        ("only us, it seems", "own"),
        ("a handful of our numbers fail", "part"),
        # a modifier names no group, a preposition no quantified group
        ("no customer records arrive", None),
        ("we can't log in at all as a company", None),
    ],
)
def test_somos_kinds_are_read_from_the_groups_named(text: str, kind: str | None) -> None:
    found = who_of(text, SOMOS_KINDS)
    assert (found[0] if found else None) == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("two other wholesalers on the platform see it", "platform"),
        ("none of our calls are working", "account"),
        ("every one of our customers fails", "account"),
        ("one of our customers is down", "downstream"),
        (
            "our customer Acme is down, all our other 40 customers are passing normally",
            "downstream",
        ),
        ("It isn't just one carrier - zero calls anywhere on our server", "account"),
        ("only one carrier rejects us", "part"),
        ("about 30 percent of calls fail", "part"),
        ("just our account, other ConnexCS users we asked are fine", "only_us"),
    ],
)
def test_connexcs_kinds_are_read_from_the_groups_named(text: str, kind: str | None) -> None:
    found = who_of(text, CONNEXCS_KINDS)
    assert (found[0] if found else None) == kind


def test_a_kind_without_nouns_or_words_names_nothing() -> None:
    assert who_of("everyone is down", (AudienceKind("empty"),)) is None
    assert who_of("everyone is down", ()) is None


def test_a_cap_word_said_absent_or_impossible_does_not_cap() -> None:
    words = ["workaround", "by hand"]
    assert mentions_undenied("No workaround on our side.", words) is None
    assert mentions_undenied("re-keying it by hand isn't possible", words) is None
    assert mentions_undenied("there is a workaround: by hand", words) == "workaround"
    somos = load_policy("somos")
    text = (
        "Our Resp Org cannot reach the TFNRegistry API at all; keying it by hand isn't possible "
        "and there is no workaround."
    )
    assert decided(somos, text) == ("P2", False)


def _plan_with(rules: list[dict[str, str]], audience: list[dict[str, object]]) -> dict[str, object]:
    import tomllib
    from pathlib import Path

    data = tomllib.loads(Path("bot/profiles/somos.toml").read_text(encoding="utf-8"))
    data["classification"]["rules"] = rules
    data["classification"]["audience"] = audience
    return data


def test_a_table_row_names_only_a_known_scope_or_one_of_the_plans_kinds() -> None:
    ok = _plan_with([{"scope": "industry", "priority": "P1"}], [{"id": "industry", "words": ["x"]}])
    assert parse_policy(ok, source="t").rules[0].scope == "industry"
    with pytest.raises(PolicyError, match="unknown scope 'galaxy'"):
        parse_policy(_plan_with([{"scope": "galaxy", "priority": "P1"}], []), source="t")
    with pytest.raises(PolicyError, match="is taken"):
        parse_policy(_plan_with([], [{"id": "site", "words": ["x"]}]), source="t")
