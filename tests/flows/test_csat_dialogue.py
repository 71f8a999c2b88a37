"""The satisfaction question in the dialogue, by plain function calls: the score and the
optional comment are recorded, a new problem is never eaten as an answer, a late answer
or a "no thanks" lets the question go, and nothing holds the conversation up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.plan.policy import Policy
from domain.types import Address, Conversation, Csat, Mode, TicketStatus
from flows.dialogue import csat
from flows.dialogue.effects import AskCsat, ConfirmResolved, OpenTicket, RecordCsat, Say
from flows.dialogue.machine import TurnContext, render_say, step
from tests.factories import make_ticket

NOW = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)
TICKET = 10042


def _asked(*, pending: str = csat.SCORE, at: datetime = NOW, lang: str = "en") -> Conversation:
    """A conversation whose ticket just closed and was asked the question at `at`."""
    return Conversation(
        id="telegram:ana",
        address=Address("telegram", "ana"),
        state="closed",
        lang=lang,
        pending=pending,
        ticket_number=TICKET,
        mode=Mode.CLOSED,
        assessment={csat.ASKED_AT: at.isoformat()},
        turns=9,
    )


def _ctx(policy: Policy, *, later: timedelta = timedelta(minutes=2), **kw: object) -> TurnContext:
    closed = make_ticket(
        number=TICKET,
        status=TicketStatus.CLOSED,
        address=Address("telegram", "ana"),
        csat=Csat(NOW, "telegram", score=kw.pop("score", None)),  # type: ignore[arg-type]
    )
    return TurnContext(
        now=NOW + later,
        policy=policy,
        channel="telegram",
        tickets=(closed,),
        **kw,  # type: ignore[arg-type]
    )


def _said(effects: tuple[object, ...], lang: str = "en") -> str:
    return " ".join(render_say(e, lang) for e in effects if isinstance(e, Say))


def test_a_score_is_recorded_and_the_optional_comment_is_asked_with_a_skip_button(
    calltower: Policy,
) -> None:
    result = step(_asked(), "4", _ctx(calltower, buttons=True))
    assert RecordCsat(TICKET, score=4) in result.effects
    ask = next(e for e in result.effects if isinstance(e, Say))
    assert ask.key == "csat.comment_ask" and [c.value for c in ask.choices] == [csat.SKIP]
    assert result.conversation.pending == csat.COMMENT


def test_the_comment_line_is_recorded_and_the_question_ends(calltower: Policy) -> None:
    result = step(_asked(pending=csat.COMMENT), "Faster first reply, please", _ctx(calltower))
    assert RecordCsat(TICKET, comment="Faster first reply, please") in result.effects
    assert "comment goes to the team" in _said(result.effects)
    assert result.conversation.pending == "" and csat.ASKED_AT not in result.conversation.assessment


@pytest.mark.parametrize("text", ["skip", "no thanks", "No, gracias", "nada", "ok"])
def test_skipping_the_comment_ends_politely(calltower: Policy, text: str) -> None:
    result = step(_asked(pending=csat.COMMENT), text, _ctx(calltower))
    assert not any(isinstance(e, RecordCsat) for e in result.effects)
    assert _said(result.effects) == "Thank you for your feedback."
    assert result.conversation.pending == ""


def test_a_score_with_a_comment_needs_no_second_question(calltower: Policy) -> None:
    result = step(_asked(lang="es"), "Bien, pero tardaron en contestar", _ctx(calltower))
    assert RecordCsat(TICKET, score=4, comment="pero tardaron en contestar") in result.effects
    assert "comentario" in _said(result.effects, "es")
    assert result.conversation.pending == ""


def test_a_new_problem_instead_of_a_score_starts_a_new_intake(calltower: Policy) -> None:
    result = step(
        _asked(), "Now the fax line on my desk is dead and makes no sound", _ctx(calltower)
    )
    assert not any(isinstance(e, RecordCsat) for e in result.effects)
    conv = result.conversation
    assert conv.state == "collecting" and conv.ticket_number is None
    assert conv.assessment.get("linked_to") == TICKET
    assert conv.fields["description"].startswith("Now the fax line")


def test_a_new_problem_instead_of_a_comment_is_not_eaten(calltower: Policy) -> None:
    text = "Actually my calls are dropping again since this morning"
    result = step(_asked(pending=csat.COMMENT), text, _ctx(calltower))
    assert not any(isinstance(e, RecordCsat) for e in result.effects)
    assert result.conversation.state == "collecting"
    assert result.conversation.fields["description"] == text


def test_a_score_followed_by_a_new_problem_is_no_score(calltower: Policy) -> None:
    result = step(_asked(), "2 phones in the office are down now", _ctx(calltower))
    assert not any(isinstance(e, RecordCsat) for e in result.effects)
    assert result.conversation.state == "collecting"


def test_an_answer_after_the_window_is_read_as_a_new_message(calltower: Policy) -> None:
    late = step(_asked(), "5", _ctx(calltower, later=calltower.csat.answer_window + timedelta(1)))
    assert not any(isinstance(e, RecordCsat) for e in late.effects)
    assert late.conversation.pending != csat.SCORE
    in_time = step(_asked(), "5", _ctx(calltower, later=calltower.csat.answer_window))
    assert RecordCsat(TICKET, score=5) in in_time.effects


def test_a_comment_after_its_window_is_not_taken(calltower: Policy) -> None:
    after = calltower.csat.comment_window + timedelta(minutes=1)
    result = step(
        _asked(pending=csat.COMMENT), "the hold music was loud", _ctx(calltower, later=after)
    )
    assert not any(isinstance(e, RecordCsat) for e in result.effects)


def test_declining_the_score_lets_the_question_go(calltower: Policy) -> None:
    result = step(_asked(), "no thanks", _ctx(calltower))
    assert not any(isinstance(e, RecordCsat) for e in result.effects)
    assert "patience" in _said(result.effects)
    assert result.conversation.pending == ""


def test_a_button_pressed_twice_is_recorded_once_and_a_changed_mind_replaces_it(
    calltower: Policy,
) -> None:
    again = step(_asked(pending=csat.COMMENT), "4", _ctx(calltower, score=4))
    assert again.effects == () and again.conversation.pending == csat.COMMENT
    changed = step(_asked(pending=csat.COMMENT), "2", _ctx(calltower, score=4))
    assert RecordCsat(TICKET, score=2) in changed.effects
    assert "2 out of 5" in _said(changed.effects)


def test_no_comment_question_when_the_plan_turns_it_off(calltower: Policy) -> None:
    plan = calltower.model_copy(
        update={"csat": calltower.csat.model_copy(update={"comment": False})}
    )
    result = step(_asked(), "5", _ctx(plan))
    assert RecordCsat(TICKET, score=5) in result.effects
    assert (
        _said(result.effects) == "Thank you for your feedback."
        and result.conversation.pending == ""
    )


def test_confirming_the_fix_asks_once_and_only_when_the_plan_asks(calltower: Policy) -> None:
    conv = _asked(pending="")
    resolved = make_ticket(
        number=TICKET, status=TicketStatus.RESOLVED_PENDING, address=Address("telegram", "ana")
    )
    ctx = TurnContext(now=NOW, policy=calltower, channel="telegram", tickets=(resolved,))
    effects = step(conv, "yes, it works now", ctx).effects
    assert ConfirmResolved(TICKET) in effects and AskCsat(TICKET) in effects
    once = make_ticket(
        number=TICKET,
        status=TicketStatus.RESOLVED_PENDING,
        address=Address("telegram", "ana"),
        csat=Csat(NOW, "telegram", score=3),  # asked before this ticket was reopened
    )
    ctx_once = TurnContext(now=NOW, policy=calltower, channel="telegram", tickets=(once,))
    assert AskCsat(TICKET) not in step(conv, "yes, it works now", ctx_once).effects
    off = calltower.model_copy(
        update={"csat": calltower.csat.model_copy(update={"enabled": False})}
    )
    ctx_off = TurnContext(now=NOW, policy=off, channel="telegram", tickets=(resolved,))
    assert AskCsat(TICKET) not in step(conv, "yes, it works now", ctx_off).effects


def test_the_question_has_buttons_where_the_channel_shows_them_and_words_elsewhere(
    calltower: Policy,
) -> None:
    text, choices = csat.question(calltower, TICKET, "es", short=False, buttons=True, email=False)
    assert "#10042" in text and [c.value for c in choices] == ["5", "4", "3", "2", "1"]
    assert choices[0].label == "5 · Excelente"
    sms, none = csat.question(calltower, TICKET, "en", short=True, buttons=False, email=False)
    assert none == () and "Reply 1 (very poor) to 5 (excellent)" in sms
    mail, _ = csat.question(calltower, TICKET, "en", short=False, buttons=False, email=True)
    assert "what we could do better" in mail


def test_a_new_ticket_is_not_opened_by_a_score(calltower: Policy) -> None:
    result = step(_asked(), "5", _ctx(calltower))
    assert not any(isinstance(e, OpenTicket) for e in result.effects)
