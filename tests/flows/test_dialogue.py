"""The dialogue by plain function calls: no store, no clock, no I/O."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bot.plan.policy import Policy
from domain.types import Address, Conversation
from flows.dialogue.effects import AddComment, OpenTicket, Say
from flows.dialogue.machine import TurnContext, machine, render_say, step

NOW = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)


@pytest.fixture
def ctx(calltower: Policy) -> TurnContext:
    return TurnContext(now=NOW, policy=calltower, channel="webchat")


def _new() -> Conversation:
    return Conversation(id="webchat:t", address=Address("webchat", "t"))


# name, account, phone and email, in the order the intake asks for them
ANSWERS = ("Ana Pérez", "AC-1", "+1 415 555 2671", "ana@example.com")


def _run(ctx: TurnContext, *texts: str) -> tuple[Conversation, list[object]]:
    conv = _new()
    effects: list[object] = []
    for text in texts:
        result = step(conv, text, ctx)
        conv, effects = result.conversation, list(result.effects)
    return conv, effects


def _texts(effects: list[object], lang: str = "en") -> str:
    return " ".join(render_say(e, lang) for e in effects if isinstance(e, Say))


def test_one_machine_serves_every_conversation_and_none_stays_attached(ctx: TurnContext) -> None:
    m = machine()
    _run(ctx, "My voicemail is broken", "Ana Pérez")
    _run(ctx, "Mi buzón de voz no funciona")
    assert machine() is m
    assert m.models == []


def test_state_is_restored_from_the_conversation_each_turn(ctx: TurnContext) -> None:
    conv, _ = _run(ctx, "My voicemail is broken")
    assert conv.state == "collecting" and conv.pending == "name"
    # a fresh step on the stored value continues where it was
    result = step(conv, "Ana Pérez", ctx)
    assert result.conversation.fields["name"] == "Ana Pérez"
    assert result.conversation.pending == "account_id"


def test_greeting_alone_asks_for_the_problem(ctx: TurnContext) -> None:
    conv, effects = _run(ctx, "hola")
    assert conv.lang == "es" and conv.pending == "description"
    assert "qué no funciona" in _texts(effects, "es")


def test_fields_in_the_first_message_are_not_asked_again(ctx: TurnContext) -> None:
    conv, effects = _run(
        ctx,
        "Soy Ana Pérez, cuenta 4471, mi correo es ana@ejemplo.es. No funciona el buzón de voz de mi teléfono",
    )
    assert conv.fields["name"] == "Ana Pérez"
    assert conv.fields["email"] == "ana@ejemplo.es"
    assert conv.fields["account_id"] == "4471"
    assert conv.pending == "phone"
    assert "teléfono" in _texts(effects, "es")


def test_confirmation_yes_opens_the_ticket_with_the_tables_priority(ctx: TurnContext) -> None:
    conv, effects = _run(
        ctx,
        "The message waiting light does not work for one user",
        *ANSWERS,
        "yes",
    )
    [opened] = [e for e in effects if isinstance(e, OpenTicket)]
    assert opened.priority == "P4"
    assert opened.fields["phone"] == "+14155552671"
    assert conv.state == "ticket_open"


def test_no_at_confirmation_asks_what_to_change_then_reconfirms(ctx: TurnContext) -> None:
    conv, effects = _run(
        ctx,
        "Voicemail broken for my phone",
        *ANSWERS,
        "no",
    )
    assert "What should I change" in _texts(effects)
    result = step(conv, "my email is ana.perez@example.com", ctx)
    assert result.conversation.state == "confirming"
    assert "ana.perez@example.com" in _texts(list(result.effects))


def test_claimed_priority_does_not_set_the_priority(ctx: TurnContext) -> None:
    _, effects = _run(
        ctx,
        "PRIORITY 1!!! the portal logo looks off for me",
        *ANSWERS,
        "yes",
    )
    [opened] = [e for e in effects if isinstance(e, OpenTicket)]
    assert opened.priority == "P4"


def test_skip_of_an_optional_field_moves_on(ctx: TurnContext) -> None:
    conv, effects = _run(
        ctx,
        "Calls drop after 30 seconds for all our agents",
        *ANSWERS,
    )
    assert conv.pending == "call_id"
    result = step(conv, "skip", ctx)
    assert "call_id" in result.conversation.skipped
    assert result.conversation.state in ("confirming", "clarifying")


def test_sip_call_id_answer_is_kept_verbatim(ctx: TurnContext) -> None:
    conv, _ = _run(
        ctx,
        "One-way audio on all calls at our office",
        *ANSWERS,
        "a84b4c76e66710@pbx.example.com",
    )
    assert conv.fields["call_id"] == "a84b4c76e66710@pbx.example.com"
    assert conv.fields["email"] == "ana@example.com"


def test_every_turn_answers_something(ctx: TurnContext) -> None:
    conv = _new()
    for text in [
        "",
        "?",
        "🙂",
        "status",
        "english",
        "skip",
        "yes",
        "no",
        "1",
        "<script>x</script>",
    ]:
        result = step(conv, text, ctx)
        assert any(isinstance(e, Say) for e in result.effects), text
        conv = result.conversation


def test_please_escalate_inside_a_problem_description_is_part_of_the_problem(
    ctx: TurnContext,
) -> None:
    conv, _ = _run(
        ctx, "Our office phone system has been dead for an hour, no calls at all. Please escalate."
    )
    assert conv.state in ("collecting", "clarifying")
    assert "Please escalate" in conv.fields["description"]


def test_escalate_without_a_ticket_says_there_is_none(ctx: TurnContext) -> None:
    _, effects = _run(ctx, "escalate")
    assert "no open ticket to escalate" in _texts(effects)


def test_thanks_after_the_ticket_is_answered_not_filed(ctx: TurnContext) -> None:
    conv, _ = _run(ctx, "The message waiting light does not work for one user", *ANSWERS, "yes")
    assert conv.state == "ticket_open"
    result = step(replace(conv, ticket_number=10001), "thanks!", ctx)
    assert not [e for e in result.effects if isinstance(e, AddComment)]
    assert "You're welcome" in _texts(list(result.effects))
    result = step(replace(conv, ticket_number=10001), "the light is still on after a reboot", ctx)
    assert [e for e in result.effects if isinstance(e, AddComment)]


def test_asking_twice_for_a_person_opens_the_ticket_with_what_there_is(ctx: TurnContext) -> None:
    conv, effects = _run(
        ctx, "Calls drop for all our agents since 9am", "I want to talk to a human"
    )
    assert "again to skip" in _texts(effects)
    result = step(conv, "human", ctx)
    [opened] = [e for e in result.effects if isinstance(e, OpenTicket)]
    assert opened.human_requested and opened.fields["description"].startswith("Calls drop")
    assert result.conversation.state == "ticket_open"
