from __future__ import annotations

import pytest

from flows.classify.classifier import (
    IMPACTS,
    SCOPES,
    SERVICES,
    Assessment,
    Rule,
    assess,
    classify,
    decide,
    with_scope,
)
from tests.flows.corpus import (
    CALLTOWER_RULES,
    assert_rows_well_formed,
    load_corpus,
    score_calltower,
)


def calltower(text: str, **kwargs: object):
    return classify(text, rules=CALLTOWER_RULES, default="P4", **kwargs)  # type: ignore[arg-type]


def make_assessment(**overrides: object) -> Assessment:
    fields: dict[str, object] = {
        "impact": "outage",
        "scope": "site",
        "service": "voice",
        "confidence": 0.9,
        "scope_confidence": 0.9,
        "claimed_priority": None,
    }
    fields.update(overrides)
    return Assessment(**fields)  # type: ignore[arg-type]


# --- the CallTower plan's own examples (seed 001, Spanish, and in English) ---

CALLTOWER_EXAMPLES = [
    ("El circuito no funciona y se pierde el servicio", "P1"),
    ("Circuit down, service lost", "P1"),
    ("Caída intermitente al transferir llamadas a varios usuarios", "P2"),
    ("Intermittent drop when transferring calls for several users", "P2"),
    ("La presencia en Jabber no se muestra correctamente para varios usuarios", "P3"),
    ("Jabber presence not showing correctly for several users", "P3"),
    ("El teléfono no se registra para un único usuario", "P3"),
    ("Phone not registering for a single user", "P3"),
    ("La luz de mensaje en espera no funciona para un solo usuario", "P4"),
    ("Message waiting light not working for one user", "P4"),
]


@pytest.mark.parametrize(("text", "priority"), CALLTOWER_EXAMPLES)
def test_calltower_seed_example_maps_to_its_priority(text: str, priority: str) -> None:
    decision = calltower(text)
    assert decision.priority == priority
    assert not decision.would_ask


@pytest.mark.parametrize(
    ("text", "priority"),
    [
        ("please add a new user", "P4"),
        ("the invoice is wrong", "P4"),
        ("how do I set up call forwarding?", "P4"),
        ("¿cómo cambio mi buzón de voz?", "P4"),
        ("Feature request: export call logs to CSV from the portal", "P4"),
    ],
)
def test_billing_howto_macd_and_feature_requests_are_p4(text: str, priority: str) -> None:
    assert calltower(text).priority == priority


# --- claimed priority and tone ---


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("PRIORITY 1!!! the portal logo looks off", "P1"),
        ("P1 - there is a typo on the login page", "P1"),
        ("sev 1: please add a new user", "SEV1"),
        ("URGENTE!!! no puedo ver la presencia de un compañero", "urgent"),
        ("prioridad 1: la factura está mal", "P1"),
    ],
)
def test_claimed_priority_is_recorded_but_ignored(text: str, claim: str) -> None:
    decision = calltower(text)
    assert decision.assessment.claimed_priority == claim
    assert decision.priority == "P4"


def test_tone_and_caps_do_not_move_the_priority() -> None:
    calm = calltower("my phone is not registering")
    angry = calltower("MY PHONE IS NOT REGISTERING!!! FIX IT NOW, THIS IS AN EMERGENCY!!!")
    assert calm.priority == angry.priority == "P3"


def test_claimed_low_priority_does_not_lower_a_site_outage() -> None:
    assert calltower("P4 - no rush, but nobody in the office can make calls").priority == "P1"


# --- whole-site outages ---


@pytest.mark.parametrize(
    "text",
    [
        "our phones are down",
        "nobody in the office can make calls",
        "none of our 40 users can dial out since 8am",
        "customers calling our toll free number get a fast busy",
        "todo el sitio está sin servicio",
        "no entran llamadas al 800",
    ],
)
def test_whole_site_outage_of_calling_is_never_below_p2(text: str) -> None:
    decision = calltower(text)
    assert decision.priority in ("P1", "P2")


@pytest.mark.parametrize(
    "text",
    [
        "Voicemail is down for everyone",
        "el buzón de voz no funciona para nadie",
        "the admin portal is down for all our users",
    ],
)
def test_whole_site_loss_of_a_non_critical_service_is_p3(text: str) -> None:
    assert calltower(text).priority == "P3"


def test_calltower_table_keeps_p1_and_p2_for_the_critical_service() -> None:
    site_outage = make_assessment(impact="outage", scope="site")
    assert decide(site_outage, CALLTOWER_RULES, default="P4").priority == "P1"
    for service in ("other", "billing", "howto", "change"):
        assessment = make_assessment(impact="outage", scope="site", service=service)
        assert decide(assessment, CALLTOWER_RULES, default="P4").priority in ("P3", "P4")


def test_unconfirmed_possible_site_outage_is_held_at_the_severe_candidate() -> None:
    decision = calltower("we can't make calls")
    assert decision.would_ask
    assert decision.priority == "P1"


# --- the scope question ---


def test_scope_question_is_asked_when_the_answer_changes_the_priority() -> None:
    decision = calltower("we can't make calls")
    assert decision.would_ask
    # "we" may be the site or a few people (the mix leaves one user open too): held at P1.
    assert {"P1", "P2"} <= set(decision.candidates)
    assert decision.priority == "P1"


def test_scope_question_is_not_asked_when_every_scope_gives_the_same_priority() -> None:
    decision = calltower("the invoice is wrong")
    assert decision.assessment.service == "billing"
    assert not decision.would_ask
    assert decision.priority == "P4"
    degraded = decide(
        make_assessment(impact="degraded", scope="site", scope_options=("site", "several")),
        CALLTOWER_RULES,
        default="P4",
    )
    assert not degraded.would_ask
    assert degraded.priority == "P2"


def test_scope_question_is_not_asked_when_the_scope_is_stated() -> None:
    assert not calltower("nobody in the office can make calls").would_ask
    assert not calltower("my desk phone says no service").would_ask
    assert not calltower("calls drop after 30 seconds for some of our agents").would_ask


@pytest.mark.parametrize(("scope", "priority"), [("site", "P1"), ("several", "P2"), ("one", "P3")])
def test_with_scope_resolves_the_question(scope: str, priority: str) -> None:
    asked = calltower("we can't make calls")
    assert asked.would_ask
    answered = decide(with_scope(asked.assessment, scope), CALLTOWER_RULES, default="P4")
    assert not answered.would_ask
    assert answered.priority == priority
    assert answered.assessment.scope == scope


def test_with_scope_rejects_an_unknown_scope() -> None:
    with pytest.raises(ValueError):
        with_scope(make_assessment(), "galaxy")


def test_decide_fills_unknown_impact_and_service_with_plausible_values() -> None:
    assessment = make_assessment(impact=None, service=None, scope="one", scope_confidence=0.9)
    assert decide(assessment, CALLTOWER_RULES, default="P4").priority == "P3"


def test_decide_uses_the_first_matching_rule_and_the_default() -> None:
    rules = (Rule("outage", "*", "*", "A"), Rule("outage", "site", "voice", "B"))
    assert decide(make_assessment(), rules, default="Z").priority == "A"
    assert decide(make_assessment(impact="cosmetic"), rules, default="Z").priority == "Z"


# --- scope cues, negation, language forms ---


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        ("everyone in the office has no dial tone", "site"),
        ("whole office is down", "site"),
        ("ninguno de los teléfonos funciona", "site"),
        ("toda la oficina sin tono", "site"),
        ("3 of our agents can't receive calls", "several"),
        ("se cortan las llamadas a varios usuarios", "several"),
        ("la mitad de la oficina no tiene tono", "several"),
        ("a single user can't make calls", "one"),
        ("solo yo no puedo llamar", "one"),
        ("mi teléfono no registra", "one"),
    ],
)
def test_scope_cues(text: str, scope: str) -> None:
    assert assess(text).scope == scope


@pytest.mark.parametrize(
    "text",
    ["not all calls are failing, just some", "no todas las llamadas fallan, solo algunas"],
)
def test_negated_all_reads_as_several_and_degraded(text: str) -> None:
    rules = assess(text, model=None)  # the rules' reading, before the model's is mixed in
    assert rules.impact == "degraded"
    assert rules.scope != "site"
    assert calltower(text).priority == "P2"  # either scope of a degradation: P2


@pytest.mark.parametrize(
    ("accented", "plain"),
    [
        ("todo el sitio está sin servicio", "todo el sitio esta sin servicio"),
        ("mi teléfono no registra", "mi telefono no registra"),
        ("¿cómo cambio mi buzón de voz?", "como cambio mi buzon de voz?"),
        ("caída intermitente al transferir llamadas", "caida intermitente al transferir llamadas"),
    ],
)
def test_spanish_without_accents_classifies_the_same(accented: str, plain: str) -> None:
    assert calltower(accented).priority == calltower(plain).priority
    assert assess(accented).scope == assess(plain).scope


def test_sms_style_and_typos_are_understood() -> None:
    assert calltower("evry1 in the office cant call out!!").priority == "P1"
    assert calltower("my phnoe wont registr").priority == "P3"
    assert calltower("vm light stuck").priority == "P4"


def test_extra_keywords_let_a_plan_name_its_critical_service() -> None:
    text = "the TFNRegistry will not accept updates for any of our resp orgs"
    plain = assess(text)
    extended = assess(text, extra_keywords={"voice": ["tfnregistry", "resp org"]})
    assert plain.service != "voice" or plain.impact is None
    assert extended.service == "voice"
    with pytest.raises(ValueError):
        assess(text, extra_keywords={"nonsense": ["x"]})


def test_assessment_values_stay_in_their_vocabularies() -> None:
    for text in ("our phones are down", "la factura está mal", "hello", ""):
        assessment = assess(text)
        assert assessment.impact in (*IMPACTS, None)
        assert assessment.scope in (*SCOPES, None)
        assert assessment.service in (*SERVICES, None)
        assert 0.0 <= assessment.confidence <= 1.0
        assert 0.0 <= assessment.scope_confidence <= 1.0


# --- labelled corpora ---


@pytest.mark.parametrize("lang", ["en", "es"])
def test_corpus_items_are_well_formed(lang: str) -> None:
    rows = load_corpus(f"classify_{lang}")
    assert len(rows) >= 120
    assert_rows_well_formed(rows)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_corpus_accuracy_ask_rate_and_site_outages(lang: str) -> None:
    score = score_calltower(load_corpus(f"classify_{lang}"), lang)
    print(score.report)
    # Reported (docs/classification.md): 1.000 right, 0.11-0.12 asked, after relabelling.
    assert score.accuracy >= 0.95, score.report
    assert score.ask_rate <= 0.2, score.report
    assert score.site_below_p2 == 0, score.report
