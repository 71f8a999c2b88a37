"""Asking for incident updates, or for no more, on any channel (flows/dialogue/subscribe.py):
the pure reading of a message in English and Spanish, and what the dialogue does with it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.plan.policy import Policy
from domain.incident import Incident
from domain.text import fold
from domain.types import Address, Conversation
from flows.dialogue.effects import Say, Subscribe, UpdateFields
from flows.dialogue.subscribe import (
    QUIET_FIELD,
    SubscriptionAsk,
    _words,
    on_subscription,
    parse_subscription,
    platform_key,
)
from flows.dialogue.turn import TurnContext

T0 = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("subscribe", SubscriptionAsk(True)),
        ("Notify me, please", SubscriptionAsk(True)),
        ("Hi! Keep me posted", SubscriptionAsk(True)),
        ("¡Avísenme!", SubscriptionAsk(True)),
        ("Quiero recibir actualizaciones por favor", SubscriptionAsk(True)),
        (
            "Subscribe me to all updates about Teams Direct Routing",
            SubscriptionAsk(True, "teams direct routing"),
        ),
        (
            "Avísenme de todas las actualizaciones de Teams Direct Routing",
            SubscriptionAsk(True, "teams direct routing"),
        ),
        ("notify me about Dallas SIP", SubscriptionAsk(True, "dallas sip")),
        ("unsubscribe", SubscriptionAsk(False)),
        ("Ya no me avisen", SubscriptionAsk(False)),
        ("no more updates please", SubscriptionAsk(False)),
        ("ya no me avisen de Teams Direct Routing", SubscriptionAsk(False, "teams direct routing")),
        ("Unsubscribe from Teams Direct Routing", SubscriptionAsk(False, "teams direct routing")),
        # the ways people say it beyond the catalog's words, Mexican and Spain Spanish
        ("Please sign me up", SubscriptionAsk(True)),
        ("Keep me in the loop, thanks", SubscriptionAsk(True)),
        ("I would like to subscribe to Webex", SubscriptionAsk(True, "webex")),
        ("Infórmenme por favor", SubscriptionAsk(True)),
        ("Mantenedme informado, gracias", SubscriptionAsk(True)),
        ("Avisadme", SubscriptionAsk(True)),
        (
            "Quiero suscribirme a Teams Direct Routing",
            SubscriptionAsk(True, "teams direct routing"),
        ),
        ("I don't want updates anymore", SubscriptionAsk(False)),
        ("Stop sending me alerts please", SubscriptionAsk(False)),
        ("Ya no quiero recibir actualizaciones", SubscriptionAsk(False)),
        ("Dejen de mandarme avisos", SubscriptionAsk(False)),
        ("No me manden más avisos", SubscriptionAsk(False)),
        ("Dadme de baja de los avisos", SubscriptionAsk(False)),
    ],
)
def test_requests_are_read_in_english_and_spanish(text: str, asked: SubscriptionAsk | None) -> None:
    assert parse_subscription(text) == asked


@pytest.mark.parametrize(
    "text",
    [
        "notify me when my ticket is fixed",
        "My phones are down, please notify the team",
        "I subscribed to the premium plan and calls fail",
        "avísenme cuando llegue el técnico a la oficina de Dallas mañana temprano",
        "STOP",
        "yes",
        "",
    ],
)
def test_other_messages_are_not_requests(text: str) -> None:
    assert parse_subscription(text) is None


def test_the_platform_keeps_the_customers_spelling_for_the_answer() -> None:
    asked = parse_subscription("avísenme de Teams Direct Routing, por favor")
    assert asked is not None and asked.name == "Teams Direct Routing"


def test_a_platform_is_one_key_however_it_is_written() -> None:
    assert platform_key("Teams Direct-Routing") == platform_key("teams  direct routing")


def _ctx(policy: Policy, *incidents: Incident) -> TurnContext:
    return TurnContext(now=T0, policy=policy, channel="sms", short=True, incidents=incidents)  # type: ignore[call-arg]


def _conv(**kw: object) -> Conversation:
    return Conversation(id="sms:+1", address=Address("sms", "+1"), lang="es", **kw)  # type: ignore[arg-type]


def test_a_platform_is_subscribed_under_the_name_staff_gave_it(calltower: Policy) -> None:
    teams = Incident(id=3, title="Teams calls fail", created_at=T0, service="Teams Direct Routing")
    effects = on_subscription(
        _conv(), SubscriptionAsk(True, "teams direct routing"), _ctx(calltower, teams)
    )
    assert effects == [
        Subscribe(subscribe=True, platform="teams direct routing"),
        Say("incident.subscribed", {"what": "Teams Direct Routing"}),
    ]


def test_without_a_platform_the_customer_is_asked_which(calltower: Policy) -> None:
    teams = Incident(id=3, title="Teams calls fail", created_at=T0, service="Teams Direct Routing")
    [said] = on_subscription(_conv(), SubscriptionAsk(True), _ctx(calltower, teams))
    assert said == Say("incident.subscribe_which", {"what": "Teams Direct Routing"})
    [none] = on_subscription(_conv(), SubscriptionAsk(True), _ctx(calltower))
    assert none == Say("incident.subscribe_none")
    leave = on_subscription(_conv(), SubscriptionAsk(False), _ctx(calltower))
    assert leave == [Subscribe(subscribe=False), Say("incident.unsubscribed_all")]


def test_a_linked_customer_mutes_and_unmutes_the_updates_of_their_ticket(
    calltower: Policy,
) -> None:
    dallas = Incident(id=1, title="Dallas down", created_at=T0)
    child = _conv(ticket_number=10042, assessment={"incident": 1})
    muted = on_subscription(child, SubscriptionAsk(False), _ctx(calltower, dallas))
    assert muted[0] == UpdateFields(10042, {QUIET_FIELD: "1"})
    assert muted[1].key == "incident.child_muted"  # type: ignore[union-attr]
    back = on_subscription(child, SubscriptionAsk(True), _ctx(calltower, dallas))
    assert back[0] == UpdateFields(10042, {QUIET_FIELD: ""})


@pytest.mark.parametrize(
    "text",
    [
        "Avísenme del mantenimiento",
        "avísenme de los mantenimientos programados",
        "Subscribe me to maintenance notices",
        "notify me about scheduled maintenance",
    ],
)
def test_maintenance_is_one_platform_in_either_language(calltower: Policy, text: str) -> None:
    asked = parse_subscription(text)
    assert asked is not None and platform_key(asked.platform) == "maintenance"
    effects = on_subscription(_conv(), asked, _ctx(calltower))
    assert effects == [
        Subscribe(subscribe=True, platform="maintenance"),
        Say("maintenance.subscribed"),
    ]


@given(
    st.text(alphabet=st.sampled_from(list("aZ9_ -,.¡¿ñÁé²½\u0301\t") + ["٣", "🙂"]), max_size=40)
)
def test_a_message_splits_into_the_runs_of_its_folded_letters_and_digits(text: str) -> None:
    assert _words(text) == "".join(c if c.isalnum() else " " for c in fold(text)).split()
