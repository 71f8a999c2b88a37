"""Who owns the conversation decides what the dialogue does: plain calls, no I/O."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bot.plan.policy import Policy
from domain.types import Address, Conversation, Mode, Ticket, TicketStatus
from flows.dialogue.effects import ConfirmResolved, OpenTicket, RelayToAgent, ReopenTicket, Say
from flows.dialogue.machine import TurnContext, step

NOW = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)
ADDRESS = Address("sms", "+14155552671")


def _ticket(status: TicketStatus) -> Ticket:
    return Ticket(
        number=10001,
        status=status,
        priority="P4",
        channel="sms",
        address=ADDRESS,
        lang="en",
        created_at=NOW,
        first_response_due=None,
        next_update_due=None,
        updated_at=NOW,
    )


@pytest.fixture
def with_agent() -> Conversation:
    return Conversation(
        id="c1",
        address=ADDRESS,
        state="with_agent",
        lang="en",
        ticket_number=10001,
        mode=Mode.AGENT,
    )


def _ctx(policy: Policy, status: TicketStatus) -> TurnContext:
    return TurnContext(now=NOW, policy=policy, channel="sms", tickets=(_ticket(status),))


@pytest.mark.parametrize(
    "text", ["the light is still on", "human", "start over", "help", "", "yes"]
)
def test_with_an_agent_everything_is_relayed_and_the_bot_is_silent(
    text: str, with_agent: Conversation, calltower: Policy
) -> None:
    result = step(with_agent, text, _ctx(calltower, TicketStatus.IN_PROGRESS))
    assert result.effects == (RelayToAgent(10001, text),)
    assert result.conversation.mode is Mode.AGENT and result.conversation.state == "with_agent"


def test_with_an_agent_a_status_question_is_answered_too(
    with_agent: Conversation, calltower: Policy
) -> None:
    result = step(with_agent, "status", _ctx(calltower, TicketStatus.IN_PROGRESS))
    assert result.effects[0] == RelayToAgent(10001, "status")
    assert isinstance(result.effects[1], Say) and result.effects[1].key == "status"


@pytest.mark.parametrize(
    "text", ["yes", "thanks, works now", "sí, funciona", "We're back up, thanks", "ya quedó"]
)
def test_after_resolve_a_yes_confirms(
    text: str, with_agent: Conversation, calltower: Policy
) -> None:
    closed = replace(with_agent, mode=Mode.CLOSED, state="closed")
    result = step(closed, text, _ctx(calltower, TicketStatus.RESOLVED_PENDING))
    assert result.effects[0] == ConfirmResolved(10001)
    assert result.conversation.mode is Mode.BOT


@pytest.mark.parametrize(
    "text", ["no", "no, still broken", "it is still not working", "Not yet", "seguimos sin línea"]
)
def test_after_resolve_a_no_reopens(text: str, with_agent: Conversation, calltower: Policy) -> None:
    closed = replace(with_agent, mode=Mode.CLOSED, state="closed")
    result = step(closed, text, _ctx(calltower, TicketStatus.RESOLVED_PENDING))
    assert result.effects[0] == ReopenTicket(10001)
    assert result.conversation.state == "ticket_open"


def test_a_person_asked_for_twice_in_a_closed_conversation_without_a_ticket_opens_one(
    calltower: Policy,
) -> None:
    # no state production makes today, but the dialogue must not raise on it (MachineError:
    # a ticket opens only from the intake's states)
    conv = Conversation(id="c1", address=ADDRESS, state="closed", lang="en", mode=Mode.BOT)
    ctx = TurnContext(now=NOW, policy=calltower, channel="sms")
    first = step(conv, "agent", ctx)
    second = step(first.conversation, "agent", ctx)
    assert any(isinstance(e, OpenTicket) for e in second.effects)
    assert second.conversation.state == "ticket_open"
