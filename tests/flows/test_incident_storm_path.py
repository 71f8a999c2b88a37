"""The storm path (flows/dialogue/incident.py): a first message that names an open incident
by its words or an account opens the child without the classifier; its reading, done
later (`read_child`), is the one the full path makes; a first message that matches no
incident is classified once."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.plan.policy import Policy
from domain.incident import Incident, IncidentMatch
from domain.types import Address, Conversation, Ticket, TicketStatus
from flows.dialogue import intake
from flows.dialogue.effects import OpenTicket
from flows.dialogue.incident import PENDING, read_child
from flows.dialogue.intake import assessment_of, fill_fields, final_priority, reassess
from flows.dialogue.machine import TurnContext, step
from flows.extract.fields import extract, extract_contacts

NOW = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)
DALLAS = Incident(
    id=7,
    title="Dallas SIP trunks down",
    created_at=NOW - timedelta(hours=1),
    summary={"en": "Calls via Dallas fail.", "es": "Fallan las llamadas por Dallas."},
    match=IncidentMatch(keywords=("Dallas",), accounts=("AC-777",)),
    priority="P1G",
)
PORTAL = Incident(
    id=8,
    title="Billing portal errors",
    created_at=NOW,
    match=IncidentMatch(services=("billing",)),
    priority="P1G",
)
MESSAGES = [
    "Our calls through Dallas keep failing since 9am, the whole office is down",
    "This is Maria Lopez from Acme Dental: Dallas calls fail with error 503, call me at "
    "+1 415 555 2671 ext. 12, account AC-10442",
    "La troncal de Dallas no funciona desde la mañana, nadie puede llamar. Saludos, Juan",
    "Account AC-777 cannot place any calls right now",
]


def _sms_ctx(policy: Policy, incidents: tuple[Incident, ...] = (DALLAS,)) -> TurnContext:
    return TurnContext(
        now=NOW,
        policy=policy,
        channel="sms",
        short=True,
        known={"phone": "+14155550100"},
        incidents=incidents,
    )


def _new() -> Conversation:
    return Conversation(id="sms:+14155550100", address=Address("sms", "+14155550100"))


def _full_path(conv: Conversation, text: str, ctx: TurnContext) -> OpenTicket:
    """The child as the full path reads it (before the storm path): classified on the
    described conversation, every extracted field filled, the priority the table gives."""
    reading = reassess(replace(conv, fields={**conv.fields, "description": text}), ctx.policy)
    found = extract(text, region=ctx.policy.plan.default_region)
    conv, _ = fill_fields(reading, found, ctx.policy, overwrite=True)
    own, _, _ = final_priority(conv, ctx)
    a = assessment_of(conv)
    assessment = {**(a.to_dict() if a else {}), "suggested_priority": own, "own_priority": own}
    return OpenTicket(priority="P1G", fields={**conv.fields, "own_priority": own}, summary="",
                      assessment=assessment)  # fmt: skip


def _ticket(opened: OpenTicket, lang: str) -> Ticket:
    return Ticket(
        number=10001,
        status=TicketStatus.NEW,
        priority=opened.priority,
        channel="sms",
        address=Address("sms", "+14155550100"),
        lang=lang,
        created_at=NOW,
        first_response_due=None,
        next_update_due=None,
        fields=dict(opened.fields),
        summary=opened.summary,
        assessment=dict(opened.assessment),
        conversation_id="sms:+14155550100",
    )


@pytest.mark.parametrize("message", MESSAGES)
def test_a_storm_path_child_opens_unread_and_its_later_reading_is_the_full_paths(
    calltower: Policy, message: str
) -> None:
    ctx = _sms_ctx(calltower)
    result = step(_new(), message, ctx)
    [opened] = [e for e in result.effects if isinstance(e, OpenTicket)]
    assert opened.read_later and opened.priority == "P1G"
    assert opened.fields["own_priority"] == opened.assessment["own_priority"] == PENDING
    # the child's own fields are there at once: the callback and the account it gave
    contacts = extract_contacts(message)
    if contacts.account_id:
        assert opened.fields["account_id"] == contacts.account_id
    assert opened.fields["phone"] == (contacts.callback or "+14155550100")

    lang = result.conversation.lang
    reading = read_child(_ticket(opened, lang), ctx)
    full = _full_path(replace(_new(), lang=lang, fields={"phone": "+14155550100"}), message, ctx)
    assert reading.own_priority == full.fields["own_priority"] != PENDING
    notes = {"incident", "incident_seen", "own_priority"}
    read_fields = {**opened.fields, **reading.fields, "own_priority": reading.own_priority}
    assert {k: v for k, v in read_fields.items() if k not in notes} == {
        k: v for k, v in full.fields.items() if k != "own_priority"
    }
    assert reading.assessment == full.assessment


def test_a_storm_path_child_is_not_classified_in_its_turn(
    calltower: Policy, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real = intake.assess
    monkeypatch.setattr(intake, "assess", lambda text, **kw: calls.append(text) or real(text, **kw))
    result = step(_new(), MESSAGES[0], _sms_ctx(calltower))
    assert any(isinstance(e, OpenTicket) for e in result.effects)
    assert calls == []


@pytest.mark.parametrize("incidents", [(DALLAS,), (DALLAS, PORTAL), (PORTAL, DALLAS)])
def test_a_first_message_that_matches_no_incident_is_classified_once(
    calltower: Policy, monkeypatch: pytest.MonkeyPatch, incidents: tuple[Incident, ...]
) -> None:
    calls: list[str] = []
    real = intake.assess
    monkeypatch.setattr(intake, "assess", lambda text, **kw: calls.append(text) or real(text, **kw))
    message = "My voicemail greeting plays the wrong name on every call"
    result = step(_new(), message, _sms_ctx(calltower, incidents))
    assert not any(isinstance(e, OpenTicket) for e in result.effects)
    assert result.conversation.state == "collecting"
    assert len(calls) == 1
    assert assessment_of(result.conversation) is not None  # the usual intake has its reading


def test_an_incident_matched_by_service_before_a_keyword_one_is_still_chosen_first(
    calltower: Policy,
) -> None:
    # the storm path cannot tell without the classifier: it leaves the message to the full
    # reading, which picks the first incident that matches by any of its rules, as before
    text = "I was charged twice on my invoice for Dallas this month"
    result = step(_new(), text, _sms_ctx(calltower, (PORTAL, DALLAS)))
    [opened] = [e for e in result.effects if isinstance(e, OpenTicket)]
    assert opened.fields["incident"] == "8" and not opened.read_later
    assert opened.fields["own_priority"] != PENDING


def test_an_incident_without_a_master_priority_reads_the_child_at_once(calltower: Policy) -> None:
    bare = replace(DALLAS, priority="")
    result = step(_new(), MESSAGES[0], _sms_ctx(calltower, (bare,)))
    [opened] = [e for e in result.effects if isinstance(e, OpenTicket)]
    assert not opened.read_later
    assert opened.priority == opened.fields["own_priority"] != PENDING
