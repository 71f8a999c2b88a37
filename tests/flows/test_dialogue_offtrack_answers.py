"""Issue 12, points 4-7 and 12: values, requests mid-sentence, the plan's routes and the
questions that apply; whole conversations through the engine on a settable clock."""

from __future__ import annotations

import pytest

from bot.store.sqlite.store import SqliteStore
from tests.flows.test_dialogue_offtrack import CT_DAY, CT_EN, CT_ES, CX_NIGHT, Chat

ATT = {
    "business": "Harbor Freight Logistics, Long Beach",
    "name": "Tom Baker",
    "phone": "+1 562 555 0190",
    "since": "since 8 this morning",
}


async def _finish(chat: Chat, answers: dict[str, str]) -> list[str]:
    """Answer whatever is asked until the ticket opens; the prompts asked, in order."""
    asked = []
    for _ in range(20):
        if chat.state == "ticket_open":
            break
        asked.append(chat.pending)
        await chat.say(answers.get(chat.pending, "yes" if chat.pending == "confirm" else "skip"))
    return asked


# -- 4. don't ask what was said ------------------------------------------------------------


async def test_business_and_duration_in_the_first_message_are_not_asked_but_shown(
    sqlite_store: SqliteStore,
) -> None:
    chat = Chat(sqlite_store, "att-bvoip", CT_DAY)
    await chat.say(
        "This is Harbor Freight Logistics in Long Beach: our inbound calls have been failing for 2 hours"
    )
    asked = [chat.pending]
    for answer in ("Tom Baker", "+1 562 555 0190"):
        await chat.say(answer)
        asked.append(chat.pending)
    summary = await chat.say("skip") if chat.pending == "requested_action" else ""
    assert "business" not in asked and "since" not in asked
    assert "Harbor Freight Logistics, Long Beach" in summary and "for 2 hours" in summary
    await _finish(chat, {})
    (ticket,) = await chat.tickets()
    assert ticket.fields["business"] == "Harbor Freight Logistics, Long Beach"
    assert ticket.fields["since"] == "for 2 hours"


async def test_interface_and_environment_named_in_the_description_are_not_asked(
    sqlite_store: SqliteStore,
) -> None:
    chat = Chat(sqlite_store, "somos", CT_DAY)
    await chat.say("Our Python client gets HTTP 500 from the TFNRegistry API in the sandbox")
    asked = await _finish(
        chat,
        {
            "name": "Mark Ellison",
            "phone": "+1 312 555 0100",
            "email": "mark@carrier.example",
            "contact_method": "email",
            "scope": "only me",
        },
    )
    assert "product" not in asked and "environment" not in asked
    (ticket,) = await chat.tickets()
    assert ticket.fields["product"] == "api" and ticket.fields["environment"] == "sandbox"


# -- 5. junk is not a value ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "junk", "reason"),
    [
        ("business", "yes", "A yes or no doesn't answer this one."),
        ("business", "reopen", "That looks like a command rather than an answer."),
        ("since", "need the phone working again", 'for example "since 9 AM"'),
    ],
)
async def test_a_junk_answer_is_refused_with_its_reason_and_never_stored(
    sqlite_store: SqliteStore, field: str, junk: str, reason: str
) -> None:
    chat = Chat(sqlite_store, "att-bvoip", CT_DAY)
    await chat.say("Calls are choppy at our Dallas location")
    while chat.pending != field:
        await chat.say(ATT[chat.pending])
    reply = await chat.say(junk)
    assert reason in reply and chat.pending == field
    await _finish(chat, ATT)
    (ticket,) = await chat.tickets()
    assert ticket.fields[field] == ATT[field]


async def test_a_contact_preference_is_not_a_login_id_in_spanish(sqlite_store: SqliteStore) -> None:
    chat = Chat(sqlite_store, "somos", CT_DAY)
    await chat.say("No puedo reservar números gratuitos en el TFNRegistry desde ayer")
    answers = {"name": "Jorge Salas", "resp_org_id": "BRX01"}
    while chat.pending != "login_id":
        await chat.say(answers[chat.pending])
    reply = await chat.say("prefiero correo")
    assert "Tomo nota. Aun así, necesito la respuesta" in reply
    assert "¿Cuál es su ID de inicio de sesión?" in reply
    await chat.say("jsalas22")
    await _finish(
        chat,
        {
            "phone": "+1 312 555 0100",
            "email": "jorge@carrier.example",
            "contact_method": "correo",
            "scope": "solo a mí",
        },
    )
    (ticket,) = await chat.tickets()
    assert ticket.fields["login_id"] == "jsalas22"


async def test_an_answer_still_missing_after_one_reask_is_left_to_the_agent(
    sqlite_store: SqliteStore,
) -> None:
    chat = Chat(sqlite_store, "att-bvoip", CT_DAY)
    await chat.say("Calls are choppy at our Dallas location")
    await chat.say("yes")
    reply = await chat.say("ok")
    assert "leave it for an agent" in reply and chat.pending == "name"
    await _finish(chat, ATT)
    (ticket,) = await chat.tickets()
    assert "business" not in ticket.fields and ticket.human_requested


# -- 6. natural requests mid-sentence --------------------------------------------------------


@pytest.mark.parametrize(
    ("plan", "first", "switch", "said", "asked_again"),
    [
        (
            "calltower",
            "One user cannot hear audio on calls",
            "perdona, prefiero hablar en español",
            "seguimos en español",
            "¿Me indica su nombre completo?",
        ),
        (
            "ringover",
            "Hola, las llamadas se oyen entrecortadas",
            "can we continue in English please",
            "we'll continue in English",
            "May I have your full name?",
        ),
    ],
)
async def test_a_language_request_inside_a_sentence_switches_and_repeats_the_question(
    sqlite_store: SqliteStore, plan: str, first: str, switch: str, said: str, asked_again: str
) -> None:
    chat = Chat(sqlite_store, plan, CT_DAY)
    await chat.say(first)
    reply = await chat.say(switch)
    assert said in reply and asked_again in reply
    assert chat.pending == "name"


@pytest.mark.parametrize(
    ("person", "text", "said"),
    [
        ("human", "hi, any update on #10001?", "Ticket #10001: new"),
        ("human", "what's the status of my ticket", "Ticket #10001: new"),
        ("quiero hablar con una persona", "Hola, ¿cómo va mi caso?", "Ticket #10001: nuevo caso"),
    ],
)
async def test_a_status_question_inside_a_sentence_is_answered(
    sqlite_store: SqliteStore, person: str, text: str, said: str
) -> None:
    chat = Chat(sqlite_store, "calltower", CT_DAY)
    await chat.say(person)
    await chat.say(person)  # a ticket with what there is: #10001
    assert said in await chat.say(text)


async def test_start_over_inside_a_sentence_starts_over(sqlite_store: SqliteStore) -> None:
    chat = Chat(sqlite_store, "calltower", CT_DAY)
    await chat.say("Several users hear echo on calls")
    assert "start over" in await chat.say("sorry, can we start over?")
    assert chat.state == "new"


# -- 7. billing goes where the plan says ---------------------------------------------------------


@pytest.mark.parametrize(
    ("plan", "question", "contact", "no", "declined"),
    [
        (
            "calltower",
            "I have a question about my invoice, I was charged twice this month",
            "billing@calltower.com or (866) 586-4700, option 4",
            "no thanks",
            "no ticket then",
        ),
        (
            "calltower",
            "Tengo una duda con la factura de este mes",
            "billing@calltower.com o el (866) 586-4700, opción 4",
            "no, gracias",
            "no abro ningún ticket",
        ),
        (
            "somos",
            "Who do I talk to about a billing dispute on our last invoice?",
            "billing@somos.com",
            "no",
            "no ticket then",
        ),
    ],
)
async def test_a_billing_question_gets_the_plans_billing_contact_and_no_ticket(
    sqlite_store: SqliteStore, plan: str, question: str, contact: str, no: str, declined: str
) -> None:
    chat = Chat(sqlite_store, plan, CT_DAY)
    assert contact in await chat.say(question)
    assert declined in await chat.say(no)
    assert await chat.tickets() == []


async def test_a_customer_who_still_wants_a_ticket_for_billing_gets_one(
    sqlite_store: SqliteStore,
) -> None:
    chat = Chat(sqlite_store, "calltower", CT_DAY)
    await chat.say("Tengo una duda con la factura de este mes")
    assert "¿Me indica su nombre completo?" in await chat.say("sí, abra un ticket por favor")
    await _finish(chat, dict(zip(("name", "account_id", "phone", "email"), CT_ES, strict=True)))
    (ticket,) = await chat.tickets()
    assert ticket.priority == "P4" and ticket.fields["name"] == "Lucía Ramírez"


# -- 12. questions that apply ------------------------------------------------------------------


async def test_a_feature_request_is_not_asked_the_category_or_for_a_screenshot(
    sqlite_store: SqliteStore,
) -> None:
    chat = Chat(sqlite_store, "connexcs", CX_NIGHT)
    await chat.say(
        "Feature request: it would be great if the dashboard could export CDRs as Excel files"
    )
    asked = await _finish(
        chat,
        {"name": "Priya Natarajan", "company": "VoxRoute Ltd", "email": "priya@voxroute.co.uk"},
    )
    assert "category" not in asked and "ui_details" not in asked
    (ticket,) = await chat.tickets()
    assert ticket.priority == "P5"


@pytest.mark.parametrize(
    ("first", "contacts", "not_asked"),
    [
        ("My desk phone won't power on, the screen stays black", CT_EN, "call_id"),
        (
            "Hay un error de ortografía en el nombre que sale en la pantalla del teléfono",
            CT_ES,
            "error_text",
        ),
    ],
)
async def test_questions_that_do_not_apply_are_not_asked(
    sqlite_store: SqliteStore, first: str, contacts: tuple[str, ...], not_asked: str
) -> None:
    chat = Chat(sqlite_store, "calltower", CT_DAY)
    await chat.say(first)
    keys = ("name", "account_id", "phone", "email")
    asked = await _finish(chat, {**dict(zip(keys, contacts, strict=True)), "scope": "only me"})
    assert not_asked not in asked


# -- 8. phone numbers as people write them -----------------------------------------------------


@pytest.mark.parametrize(
    ("first", "said", "stored"),
    [
        (
            "One user's voicemail light doesn't work",
            "call me at (303) 555-0142 ext. 12",
            "+13035550142 ext. 12",
        ),
        (
            "A un usuario no le funciona la luz del buzón de voz",
            "mi celular es 044 55 1234 5678",
            "+525512345678",
        ),
    ],
)
async def test_a_callback_number_keeps_its_extension_and_mexican_prefixes_are_read(
    sqlite_store: SqliteStore, first: str, said: str, stored: str
) -> None:
    chat = Chat(sqlite_store, "calltower", CT_DAY)
    await chat.say(first)
    await _finish(
        chat,
        {
            "name": "Dana Whitfield",
            "account_id": "CT-44102",
            "phone": said,
            "email": "dana@acme.example",
        },
    )
    (ticket,) = await chat.tickets()
    assert ticket.fields["phone"] == stored


@pytest.mark.parametrize(
    ("first", "reprompt"),
    [
        ("One user's voicemail light doesn't work", "include the area code, e.g. +1 "),
        (
            "A un usuario no le funciona la luz del buzón de voz",
            "Incluya el prefijo, por ejemplo +1 ",
        ),
    ],
)
async def test_the_phone_reprompt_example_is_of_the_plans_country_in_both_languages(
    sqlite_store: SqliteStore, first: str, reprompt: str
) -> None:
    chat = Chat(sqlite_store, "calltower", CT_DAY)
    await chat.say(first)
    while chat.pending != "phone":
        await chat.say({"name": "Dana Whitfield", "account_id": "CT-44102"}[chat.pending])
    reply = await chat.say("12345")
    assert reprompt in reply and "+34" not in reply


async def test_the_api_language_named_in_the_description_is_not_asked(
    sqlite_store: SqliteStore,
) -> None:
    chat = Chat(sqlite_store, "somos", CT_DAY)
    await chat.say(
        "Our Python client gets HTTP 500 from the TFNRegistry API when reserving numbers"
    )
    asked = await _finish(
        chat,
        {
            "name": "Mark Ellison",
            "phone": "+1 312 555 0100",
            "email": "mark@carrier.example",
            "contact_method": "email",
            "scope": "only me",
        },
    )
    assert "api_details" not in asked
    (ticket,) = await chat.tickets()
    assert ticket.fields["api_details"] == "Python" and ticket.fields["product"] == "api"


async def test_a_login_id_given_in_the_description_is_not_asked(sqlite_store: SqliteStore) -> None:
    chat = Chat(sqlite_store, "somos", CT_DAY)
    await chat.say("My login ID is mellison7 and the TFNRegistry UI won't let me reserve numbers")
    asked = await _finish(
        chat,
        {
            "name": "Mark Ellison",
            "phone": "+1 312 555 0100",
            "email": "mark@carrier.example",
            "contact_method": "email",
            "scope": "only me",
        },
    )
    assert "login_id" not in asked
    (ticket,) = await chat.tickets()
    assert ticket.fields["login_id"] == "mellison7"


@pytest.mark.parametrize(
    ("text", "human"),
    [
        ("I need to talk to someone now", True),
        ("que me pase con un agente ya", True),
        ("Callers can't talk to someone in our call center, calls drop", False),
        ("no pueden hablar con alguien en la centralita", False),
    ],
)
async def test_asking_for_a_person_inside_a_sentence_is_not_a_problem_that_mentions_one(
    sqlite_store: SqliteStore, text: str, human: bool
) -> None:
    chat = Chat(sqlite_store, "calltower", CT_DAY)
    reply = await chat.say(text)
    assert (chat.state == "new") is human  # a request for a person waits for the problem
    assert ("human" in reply or "agente" in reply) is human


async def test_an_answer_that_starts_like_a_question_is_still_an_answer(
    sqlite_store: SqliteStore,
) -> None:
    chat = Chat(sqlite_store, "att-bvoip", CT_DAY)
    await chat.say("Calls are choppy at our Dallas location")
    answers = {**ATT, "requested_action": "can you reroute the calls to our cell phones"}
    await _finish(chat, answers)
    (ticket,) = await chat.tickets()
    assert ticket.fields["requested_action"] == "can you reroute the calls to our cell phones"
    assert "customer_questions" not in ticket.fields
