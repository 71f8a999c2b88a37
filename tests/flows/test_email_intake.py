"""The email dialogue by plain function calls: no engine, no store, no SMTP."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from bot.plan.policy import Policy
from domain.types import Address, Conversation
from flows.dialogue.effects import AddComment, OpenTicket, Say, UpdateFields
from flows.dialogue.email_intake import clean_subject, email_step, missing_fields, parse_field_lines
from flows.dialogue.machine import TurnContext

NOW = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)
ANA = Address("email", "ana@example.com")


def ctx(policy: Policy, **hints: str) -> TurnContext:
    known = {"email": "ana@example.com"}
    return TurnContext(now=NOW, policy=policy, channel="email", known=known, hints=hints)


def new_conv() -> Conversation:
    return Conversation(id="email:ana@example.com#t1", address=ANA)


def says(effects: tuple[Any, ...]) -> list[Say]:
    return [e for e in effects if isinstance(e, Say)]


def opened_after(result: Any, number: int = 10001) -> Conversation:
    """What the engine does with OpenTicket: the conversation now has the ticket."""
    return replace(result.conversation, ticket_number=number)


def test_the_first_mail_opens_the_ticket_at_once_with_what_was_found(calltower: Policy) -> None:
    text = "Since 9am nobody at the whole office can make calls. Account AC-10442."
    result = email_step(new_conv(), text, ctx(calltower, subject="Phones down"))
    (opening,) = [e for e in result.effects if isinstance(e, OpenTicket)]
    assert opening.fields["account_id"] == "AC-10442"
    assert opening.fields["email"] == "ana@example.com"
    assert opening.fields["description"].startswith("Phones down\n\nSince 9am")
    assert opening.priority == "P4" and opening.needs_review  # reads as P1, email opens at P4
    form = says(result.effects)[-1]
    assert form.key == "email.form"
    assert "Callback phone: ____" in form.params["form"] and "Name: ____" in form.params["form"]
    assert "Account ID" not in form.params["form"]
    assert result.conversation.state == "ticket_open"


def test_a_spanish_mail_gets_a_spanish_form(calltower: Policy) -> None:
    result = email_step(
        new_conv(),
        "Hola, no funciona el buzón de voz de mi teléfono",
        ctx(calltower, subject="Buzón"),
    )
    assert result.conversation.lang == "es"
    form = says(result.effects)[-1].params["form"]
    assert "Teléfono de contacto: ____" in form and "Nombre: ____" in form


def test_the_signature_fills_contact_fields_but_not_the_description(calltower: Policy) -> None:
    result = email_step(
        new_conv(),
        "The fax line stopped receiving since yesterday.",
        ctx(
            calltower, subject="Fax", signature="Thanks,\nTom Baker\nAccount 55012\n+1 303 555 0147"
        ),
    )
    (opening,) = [e for e in result.effects if isinstance(e, OpenTicket)]
    assert opening.fields["phone"] == "+13035550147" and opening.fields["account_id"] == "55012"
    assert "Tom Baker" not in opening.fields["description"]


def test_field_lines_are_read_in_english_and_spanish_without_case_or_accents(
    calltower: Policy,
) -> None:
    text = "CALLBACK PHONE: +1 415 555 2671\ntelefono de contacto = +34 612 345 678\nid de cuenta: 4471\nNombre: ____\nSubject: nothing"
    lines = parse_field_lines(text, calltower)
    assert lines.values == {"phone": "+34612345678", "account_id": "4471"}
    assert len(lines.spans) == 4  # "Subject:" is not a field


def test_an_invalid_field_value_is_reported_with_the_reason(calltower: Policy) -> None:
    conv = replace(
        new_conv(),
        state="ticket_open",
        ticket_number=10001,
        lang="en",
        fields={"description": "x", "email": "ana@example.com"},
    )
    result = email_step(conv, "Callback phone: extension 204", ctx(calltower))
    keys = [s.key for s in says(result.effects)]
    assert "email.invalid_field" in keys and "invalid.invalid_phone" in keys
    assert keys[-1] == "email.still_missing"


def test_a_reply_fills_the_form_and_completes_the_ticket(calltower: Policy) -> None:
    first = email_step(
        new_conv(), "Voicemail light stuck for my phone only.", ctx(calltower, subject="VM")
    )
    conv = opened_after(first)
    reply = "Name: Ana Perez\nAccount ID: AC-10442\nCallback phone: (415) 555-2671"
    result = email_step(conv, reply, ctx(calltower, subject="Re: VM [#10001]"))
    (update,) = [e for e in result.effects if isinstance(e, UpdateFields)]
    assert update.fields == {"name": "Ana Perez", "account_id": "AC-10442", "phone": "+14155552671"}
    assert any(isinstance(e, AddComment) for e in result.effects)
    assert says(result.effects)[-1].key == "email.complete"
    assert not missing_fields(result.conversation, calltower)


def test_free_text_in_a_reply_goes_through_the_same_extraction(calltower: Policy) -> None:
    conv = opened_after(
        email_step(new_conv(), "Calls drop after 30 seconds on my phone.", ctx(calltower))
    )
    result = email_step(
        conv, "Sure, I'm Ana Perez, account AC-10442, call me on 415 555 2671", ctx(calltower)
    )
    (update,) = [e for e in result.effects if isinstance(e, UpdateFields)]
    assert update.fields["phone"] == "+14155552671" and update.fields["account_id"] == "AC-10442"


def test_quiet_mail_changes_the_ticket_but_says_nothing(calltower: Policy) -> None:
    result = email_step(
        new_conv(), "Our phones are down at the whole site.", ctx(calltower, quiet="1")
    )
    assert any(isinstance(e, OpenTicket) for e in result.effects)
    assert says(result.effects) == []


def test_a_linked_mail_opens_a_ticket_linked_to_the_old_one(calltower: Policy) -> None:
    result = email_step(
        new_conv(), "Same problem here, phones down.", ctx(calltower, linked_to="10001")
    )
    (opening,) = [e for e in result.effects if isinstance(e, OpenTicket)]
    assert opening.linked_to == 10001
    assert any(s.key == "email.linked" for s in says(result.effects))


def test_an_empty_first_mail_asks_for_a_description_without_a_ticket(calltower: Policy) -> None:
    result = email_step(new_conv(), "", ctx(calltower))
    assert [s.key for s in says(result.effects)] == ["email.empty"]
    assert not any(isinstance(e, OpenTicket) for e in result.effects)


def test_a_reply_to_a_closed_ticket_opens_a_linked_one(calltower: Policy) -> None:
    conv = replace(
        new_conv(),
        state="closed",
        ticket_number=10001,
        lang="en",
        fields={"description": "old", "name": "Ana Perez", "email": "ana@example.com"},
    )
    result = email_step(conv, "Now the fax line is broken too.", ctx(calltower))
    (opening,) = [e for e in result.effects if isinstance(e, OpenTicket)]
    assert opening.linked_to == 10001 and opening.fields["name"] == "Ana Perez"


def test_reply_prefixes_and_tags_are_removed_from_subjects() -> None:
    assert clean_subject("RE: Fwd: RV: Phones down [#10001]") == "Phones down"


def test_a_long_mail_is_classified_on_its_opening_and_kept_whole(calltower: Policy) -> None:
    opening = "Since 9am nobody at the whole office can make or receive calls."
    pad = " Lorem ipsum dolor sit amet." * 40  # past what classification reads
    tail = " Also my own voicemail light is stuck, only on my phone, and the bill is wrong."
    head_only = email_step(new_conv(), opening + pad, ctx(calltower, subject="Phones down"))
    whole = email_step(new_conv(), opening + pad + tail, ctx(calltower, subject="Phones down"))
    assert whole.conversation.assessment["a"] == head_only.conversation.assessment["a"]
    assert whole.conversation.fields["description"].endswith("the bill is wrong.")
