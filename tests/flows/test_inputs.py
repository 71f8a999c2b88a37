"""Input that is not a fresh line of text, by plain calls to the dialogue: a blank
line at each kind of prompt, files without text, edits of earlier messages."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bot.plan.policy import Policy
from domain.types import Address, Conversation, Mode
from flows.dialogue.effects import AddComment, RelayToAgent, Say, UpdateFields
from flows.dialogue.inputs import EDIT_OF, EDITED
from flows.dialogue.machine import TurnContext, render_say, step

NOW = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)


@pytest.fixture
def ctx(calltower: Policy) -> TurnContext:
    return TurnContext(now=NOW, policy=calltower, channel="webchat")


def run(
    ctx: TurnContext, *texts: str, conv: Conversation | None = None
) -> tuple[Conversation, list[object]]:
    conv = conv or Conversation(id="webchat:t", address=Address("webchat", "t"))
    effects: list[object] = []
    for text in texts:
        result = step(conv, text, ctx)
        conv, effects = result.conversation, list(result.effects)
    return conv, effects


def said(effects: list[object], lang: str = "en") -> str:
    return " ".join(render_say(e, lang) for e in effects if isinstance(e, Say))


def question(effects: list[object], lang: str = "en") -> str:
    """The question a turn ended on (its last sentence)."""
    return [render_say(e, lang) for e in effects if isinstance(e, Say)][-1]


def with_ticket(conv: Conversation) -> Conversation:
    return replace(conv, state="ticket_open", ticket_number=10001)


# -- blank lines ------------------------------------------------------------------------------


def test_a_blank_first_message_asks_for_the_problem(ctx: TurnContext) -> None:
    conv, effects = run(ctx, "")
    assert "describe the problem" in said(effects)
    assert conv.lang == ""  # nothing to tell the language from yet


@pytest.mark.parametrize("blank", ["", "   ", "\n\t"])
def test_a_blank_answer_asks_the_same_question_again(ctx: TurnContext, blank: str) -> None:
    conv, asked = run(ctx, "Calls are dropping", "Ana Perez")
    again, effects = run(ctx, blank, conv=conv)
    assert said(effects) == f"I didn't get any text. {said(asked)}"
    assert again.fields == conv.fields and again.state == conv.state


def test_a_blank_answer_in_spanish_asks_again_in_spanish(ctx: TurnContext) -> None:
    conv, asked = run(ctx, "Las llamadas se cortan desde esta mañana")
    _, effects = run(ctx, "", conv=conv)
    assert said(effects, "es") == f"No recibí ningún texto. {question(asked, 'es')}"


def test_a_blank_line_on_an_open_ticket_says_where_words_go(ctx: TurnContext) -> None:
    conv, _ = run(ctx, "Calls are dropping")
    _, effects = run(ctx, "", conv=with_ticket(conv))
    assert "#10001" in said(effects) and not any(isinstance(e, AddComment) for e in effects)


# -- files without text -----------------------------------------------------------------------


def test_a_screenshot_without_text_is_acknowledged_and_the_question_repeated(
    ctx: TurnContext,
) -> None:
    conv, asked = run(ctx, "Calls are dropping")
    shot = replace(ctx, attachments=("image",))
    result = step(conv, "", shot)
    assert (
        said(list(result.effects))
        == f"Got your screenshot, thanks; it will be attached to your ticket. {question(asked)}"
    )
    assert result.conversation.fields == conv.fields


def test_a_file_on_an_open_ticket_is_a_comment_that_carries_it(ctx: TurnContext) -> None:
    conv, _ = run(ctx, "Calls are dropping")
    result = step(with_ticket(conv), "", replace(ctx, attachments=("document",)))
    assert AddComment(10001, "(sent a document without text)") in result.effects
    assert "file" in said(list(result.effects)) and "#10001" in said(list(result.effects))


def test_a_file_while_an_agent_has_the_case_is_relayed_with_a_note(ctx: TurnContext) -> None:
    conv, _ = run(ctx, "Calls are dropping")
    conv = replace(with_ticket(conv), mode=Mode.AGENT)
    result = step(conv, "", replace(ctx, attachments=("image",)))
    assert result.effects == (RelayToAgent(10001, "(sent an image without text)"),)


# -- edits ------------------------------------------------------------------------------------


def edit(ctx: TurnContext, before: str) -> TurnContext:
    return replace(ctx, hints={EDITED: "1", EDIT_OF: before})


def test_an_edit_of_an_answer_changes_that_field_not_the_pending_one(ctx: TurnContext) -> None:
    conv, asked = run(ctx, "Calls are dropping", "Ana Perz")
    result = step(conv, "Ana Perez", edit(ctx, "Ana Perz"))
    assert result.conversation.fields["name"] == "Ana Perez"
    assert "account_id" not in result.conversation.fields
    assert said(list(result.effects)).endswith(said(asked))


def test_an_edit_of_the_description_reassesses_the_case(ctx: TurnContext) -> None:
    conv, _ = run(ctx, "Voicemail light stuck on for my phone only", "Ana Perez")
    result = step(
        conv, "No calls at all for the whole office", edit(ctx, conv.fields["description"])
    )
    new = result.conversation
    assert new.fields["description"] == "No calls at all for the whole office"
    assert new.assessment != conv.assessment


def test_an_edit_with_a_ticket_open_updates_the_ticket_and_opens_none(ctx: TurnContext) -> None:
    conv, _ = run(ctx, "Calls are dropping", "Ana Perez")
    result = step(with_ticket(conv), "Ana María Perez", edit(ctx, "Ana Perez"))
    assert UpdateFields(10001, {"name": "Ana María Perez"}) in result.effects
    assert result.conversation.state == "ticket_open"


def test_an_edit_nothing_can_be_placed_for_goes_on_the_ticket_as_a_comment(
    ctx: TurnContext,
) -> None:
    conv, _ = run(ctx, "Calls are dropping")
    result = step(with_ticket(conv), "and the fax too", edit(ctx, "and the fax"))
    assert AddComment(10001, "(edited) and the fax too") in result.effects


def test_an_edit_during_intake_that_changes_nothing_says_so_and_asks_again(
    ctx: TurnContext,
) -> None:
    conv, asked = run(ctx, "Calls are dropping", "Ana Perez")
    result = step(conv, "hmm", edit(ctx, "something we never stored"))
    assert said(list(result.effects)).endswith(said(asked))
    assert "can't tell which answer" in said(list(result.effects))
    assert result.conversation.fields == conv.fields
