"""Outage mode in the dialogue (flows/dialogue/incident.py), by plain function calls:
matching a first message against open incidents in either language, the child's
ticket, the child's few questions, and "not that"."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.plan.policy import Policy
from domain.incident import Incident, IncidentMatch, IncidentStatus, IncidentUpdate
from domain.types import Address, Conversation
from flows.dialogue.effects import OpenTicket, Say, UpdateFields
from flows.dialogue.machine import TurnContext, render_say, step

NOW = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)

DALLAS = Incident(
    id=7,
    title="Dallas SIP trunks down",
    created_at=NOW - timedelta(hours=1),
    summary={"en": "Calls via Dallas fail.", "es": "Fallan las llamadas por Dallas."},
    match=IncidentMatch(keywords=("Dallas", "troncal SIP", "sip trunk"), accounts=("AC-777",)),
    priority="P1G",
    updates=(
        IncidentUpdate(1, NOW - timedelta(minutes=10), "Carrier engaged.", "Operador avisado."),
    ),
)
PORTAL = Incident(
    id=8,
    title="Billing portal errors",
    created_at=NOW,
    match=IncidentMatch(services=("billing",)),
    priority="P1G",
)


@pytest.fixture
def ctx(calltower: Policy) -> TurnContext:
    return TurnContext(now=NOW, policy=calltower, channel="webchat", incidents=(DALLAS,))


def _new(lang: str = "") -> Conversation:
    return Conversation(id="webchat:t", address=Address("webchat", "t"), lang=lang)


def _text(effects: tuple[object, ...], lang: str) -> str:
    return " ".join(render_say(e, lang) for e in effects if isinstance(e, Say))


@pytest.mark.parametrize(
    ("message", "lang"),
    [
        ("Our calls through DALLAS keep failing", "en"),
        ("The SIP trunk is down, nothing rings", "en"),
        ("La troncal sip de nuestra oficina no funciona desde la mañana", "es"),
        ("No podemos llamar, ¿hay un problema en Dállas?", "es"),  # accents folded
        ("Account AC-777 cannot place any calls right now", "en"),  # by account id
    ],
)
def test_a_first_message_about_an_open_incident_opens_a_child_at_once(
    ctx: TurnContext, message: str, lang: str
) -> None:
    result = step(_new(), message, ctx)
    [opened] = [e for e in result.effects if isinstance(e, OpenTicket)]
    assert opened.fields["incident"] == "7"
    assert opened.priority == "P1G"  # the master's, for SLA
    assert opened.fields["own_priority"] == opened.assessment["own_priority"] != "P1G"
    assert result.conversation.state == "ticket_open"
    assert result.conversation.lang == lang
    said = _text(result.effects, lang)
    if lang == "es":
        assert "Ya lo sabemos: Fallan las llamadas por Dallas." in said
        assert "Operador avisado." in said and "es otra cosa" in said
    else:
        assert "We already know about this: Calls via Dallas fail." in said
        assert "Carrier engaged." in said and "not that" in said


@pytest.mark.parametrize(
    "message",
    [
        "My voicemail greeting plays the wrong name",
        "Calls from our Dallastown office drop",  # a keyword inside another word is not it
        "The stone phone stand broke",
    ],
)
def test_a_message_about_something_else_gets_the_usual_intake(
    ctx: TurnContext, message: str
) -> None:
    result = step(_new(), message, ctx)
    assert not any(isinstance(e, OpenTicket) for e in result.effects)
    assert result.conversation.state == "collecting"


def test_a_resolved_incident_matches_nothing(ctx: TurnContext) -> None:
    resolved = replace(DALLAS, status=IncidentStatus.RESOLVED)
    result = step(_new(), "Dallas calls fail", replace(ctx, incidents=(resolved,)))
    assert not any(isinstance(e, OpenTicket) for e in result.effects)


def test_the_classifiers_service_matches_an_incident_by_service(ctx: TurnContext) -> None:
    result = step(
        _new(), "I was charged twice on my invoice this month", replace(ctx, incidents=(PORTAL,))
    )
    [opened] = [e for e in result.effects if isinstance(e, OpenTicket)]
    assert opened.fields["incident"] == "8"


def test_a_child_is_asked_only_for_callback_and_account(ctx: TurnContext) -> None:
    first = step(_new(), "Dallas calls fail for us", ctx)
    conv = replace(first.conversation, ticket_number=10001)  # what the engine does
    assert conv.pending == "account_id"
    second = step(conv, "AC-10442", ctx)
    assert UpdateFields(10001, {"account_id": "AC-10442"}) in second.effects
    assert second.conversation.pending == "phone"
    third = step(second.conversation, "+1 415 555 2671", ctx)
    assert any(isinstance(e, UpdateFields) and "phone" in e.fields for e in third.effects)
    assert "ticket #10001" in _text(third.effects, "en")
    assert third.conversation.pending == ""


def test_a_child_on_sms_already_has_its_callback_number(calltower: Policy) -> None:
    ctx = TurnContext(
        now=NOW,
        policy=calltower,
        channel="sms",
        short=True,
        known={"phone": "+14155552671"},
        incidents=(DALLAS,),
    )
    result = step(
        Conversation(id="sms:+14155552671", address=Address("sms", "+14155552671")),
        "Dallas is down for account AC-10442",
        ctx,
    )
    [opened] = [e for e in result.effects if isinstance(e, OpenTicket)]
    assert opened.fields["phone"] == "+14155552671"
    assert opened.fields["account_id"] == "AC-10442"
    assert result.conversation.pending == ""  # nothing left to ask a child


# the trunks of one region: "no calls" is this outage only from there
REGIONAL = replace(
    DALLAS,
    match=IncidentMatch(keywords=("calls", "llamadas"), regions=("Dallas", "+1214", "+5281")),
)


@pytest.mark.parametrize(
    ("sender", "message", "linked"),
    [
        ("+12145550100", "We can't make any calls since 9am", True),  # the sender's number
        ("+528112345678", "No salen las llamadas desde la mañana", True),
        ("+14155552671", "We can't make any calls since 9am", False),  # elsewhere
        ("+14155552671", "Calls down at our Dallas branch", True),  # the place named
        ("+12145550100", "How do I change my voicemail greeting?", False),  # not the fault
    ],
)
def test_an_incident_scoped_to_regions_links_only_customers_there(
    calltower: Policy, sender: str, message: str, linked: bool
) -> None:
    ctx = TurnContext(now=NOW, policy=calltower, channel="sms", short=True, incidents=(REGIONAL,))
    conv = Conversation(id=f"sms:{sender}", address=Address("sms", sender))
    result = step(conv, message, ctx)
    opened = [e for e in result.effects if isinstance(e, OpenTicket)]
    assert bool(opened and opened[0].fields.get("incident") == "7") is linked


def test_a_web_chat_customer_in_a_region_is_found_by_the_callback_they_give(
    ctx: TurnContext,
) -> None:
    result = step(
        _new(),
        "No calls at all, call me back on +1 214 555 0100",
        replace(ctx, incidents=(REGIONAL,)),
    )
    [opened] = [e for e in result.effects if isinstance(e, OpenTicket)]
    assert opened.fields["incident"] == "7"


@pytest.mark.parametrize(
    ("words", "lang"),
    [("not that", "en"), ("That's not my problem.", "en"), ("Es otra cosa", "es")],
)
def test_not_that_unlinks_the_child_and_resumes_the_usual_intake(
    ctx: TurnContext, words: str, lang: str
) -> None:
    opening = "Dallas calls fail" if lang == "en" else "Las llamadas por Dallas fallan"
    first = step(_new(), opening, ctx)
    conv = replace(first.conversation, ticket_number=10001)
    result = step(conv, words, ctx)
    left = str(first.conversation.assessment["incident"])  # the incident it leaves, named
    assert UpdateFields(10001, {"incident": "", "incident_left": left}) in result.effects
    assert result.conversation.ticket_number is None
    assert result.conversation.state == "collecting"
    assert result.conversation.pending == "description"
    assert result.conversation.assessment["linked_to"] == 10001
    said = _text(result.effects, lang)
    assert ("different problem" in said) if lang == "en" else ("otro problema" in said)
    # the usual intake from here: no incident is offered again for this conversation
    later = step(result.conversation, "Dallas again? no: my fax line hums loudly", ctx)
    assert not any(isinstance(e, OpenTicket) for e in later.effects)


def test_the_engine_passes_no_incidents_and_nothing_changes(calltower: Policy) -> None:
    plain = TurnContext(now=NOW, policy=calltower, channel="webchat")
    result = step(_new(), "Dallas calls fail", plain)
    assert not any(isinstance(e, OpenTicket) for e in result.effects)


@pytest.mark.parametrize(
    ("words", "lang", "description"),
    [
        ("No, that's not my problem: my fax line hums on every page", "en", "my fax line hums"),
        ("Lo mío es otra cosa, es que el buzón de voz no graba nada", "es", "buzón de voz"),
    ],
)
def test_a_denial_that_tells_the_problem_is_taken_as_its_description(
    ctx: TurnContext, words: str, lang: str, description: str
) -> None:
    opening = "Dallas calls fail" if lang == "en" else "Las llamadas por Dallas fallan"
    first = step(_new(), opening, ctx)
    conv = replace(first.conversation, ticket_number=10001)
    result = step(conv, words, ctx)
    assert result.conversation.ticket_number is None
    assert description in result.conversation.fields["description"]
    assert result.conversation.pending != "description"  # not asked again what they told
    said = _text(result.effects, lang)
    assert ("different problem" in said) if lang == "en" else ("otro problema" in said)
