"""A maintenance window under way, mentioned first at intake (flows/dialogue/
maintenance.py), by plain function calls: only for a first description about what the
window affects (its keywords in either language, or the classifier's service), once,
and the usual intake goes on."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.plan.policy import Policy
from domain.maintenance import MaintenanceWindow
from domain.types import Address, Conversation
from flows.dialogue.effects import OpenTicket, Say
from flows.dialogue.email_intake import email_step
from flows.dialogue.machine import TurnContext, render_say, step

NOW = datetime(2026, 12, 19, 6, 0, tzinfo=UTC)  # Friday 23:00 MST, in the monthly window

MONTHLY = MaintenanceWindow(
    id="monthly-2026-12-18",
    starts_at=datetime(2026, 12, 19, 5, tzinfo=UTC),
    ends_at=datetime(2026, 12, 19, 11, tzinfo=UTC),
    title={"en": "Monthly scheduled maintenance", "es": "Mantenimiento mensual programado"},
    summary={"en": "Backend patches.", "es": "Parches del backend."},
    products=("CallTower voice and collaboration services",),
    services=("voice",),
    origin="plan",
)
CONNECT = replace(
    MONTHLY,
    id="connect-x",
    title={"en": "CallTower Connect update", "es": "Actualización de CallTower Connect"},
    products=("CallTower Connect",),
    services=(),
    keywords=("CallTower Connect", "portal de Connect"),
)


def _ctx(policy: Policy, *windows: MaintenanceWindow, now: datetime = NOW) -> TurnContext:
    return TurnContext(
        now=now,
        policy=policy,
        channel="webchat",
        maintenance=windows,
        format_time=lambda at, lang: at.isoformat(timespec="minutes"),
    )


def _new() -> Conversation:
    return Conversation(id="webchat:m", address=Address("webchat", "m"))


def _says(effects: tuple[object, ...]) -> list[Say]:
    return [e for e in effects if isinstance(e, Say)]


@pytest.mark.parametrize(
    ("message", "lang"),
    [
        ("No dial tone on any phone in the office since 11pm", "en"),
        ("No tenemos tono de marcado en ningún teléfono de la oficina", "es"),
    ],
)
def test_a_first_message_about_an_affected_service_hears_of_the_window_first(
    calltower: Policy, message: str, lang: str
) -> None:
    result = step(_new(), message, _ctx(calltower, MONTHLY))
    first, *rest = _says(result.effects)
    assert first.key == "maintenance.during"
    said = render_say(first, lang)
    if lang == "es":
        assert said.startswith("Antes de seguir: Mantenimiento mensual programado está en curso")
        assert "2026-12-19T11:00+00:00" in said and "Parches del backend." in said
    else:
        assert said.startswith("Before we go on: Monthly scheduled maintenance is under way")
        assert "CallTower voice and collaboration services" in said
    assert rest, "the usual intake goes on"
    assert result.conversation.state == "collecting"
    assert result.conversation.assessment["maintenance"] == MONTHLY.id


def test_a_keyword_names_the_product_in_either_language(calltower: Policy) -> None:
    ctx = _ctx(calltower, MONTHLY, CONNECT)
    result = step(_new(), "El portal de Connect no carga, sale un error 500", ctx)
    assert _says(result.effects)[0].params["title"] == "Actualización de CallTower Connect"


def test_a_message_about_something_else_hears_nothing_of_it(calltower: Policy) -> None:
    result = step(_new(), "My invoice for November charged us twice", _ctx(calltower, CONNECT))
    assert all(s.key != "maintenance.during" for s in _says(result.effects))


def test_a_window_is_mentioned_only_while_it_runs(calltower: Policy) -> None:
    later = _ctx(calltower, MONTHLY, now=MONTHLY.ends_at + timedelta(minutes=1))
    result = step(_new(), "No dial tone on any phone in the office", later)
    assert all(s.key != "maintenance.during" for s in _says(result.effects))


def test_a_greeting_first_and_the_description_next_hears_of_it_once(calltower: Policy) -> None:
    ctx = _ctx(calltower, MONTHLY)
    hello = step(_new(), "hello", ctx)
    assert all(s.key != "maintenance.during" for s in _says(hello.effects))
    told = step(hello.conversation, "No dial tone on any phone in the office", ctx)
    assert _says(told.effects)[0].key == "maintenance.during"
    answer = step(told.conversation, "Ana Ruiz", ctx)
    assert all(s.key != "maintenance.during" for s in _says(answer.effects))


def test_an_email_about_an_affected_service_hears_of_it_before_the_form(
    calltower: Policy,
) -> None:
    conv = Conversation(id="email:a@b.example", address=Address("email", "a@b.example"))
    ctx = replace(_ctx(calltower, MONTHLY), channel="email", hints={"subject": "No dial tone"})
    result = email_step(conv, "None of our phones has a dial tone since 11pm.", ctx)
    says = _says(result.effects)
    assert says[0].key == "maintenance.during"
    assert [e for e in result.effects if isinstance(e, OpenTicket)], "the ticket still opens"
