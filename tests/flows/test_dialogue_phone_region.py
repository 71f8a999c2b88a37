"""Issue 12, point 8: the callback number's country comes from the plan and the number
itself, never from the language the customer writes in; through the engine, en and es."""

from __future__ import annotations

import pytest

from bot.store.sqlite.store import SqliteStore
from tests.flows.test_dialogue_offtrack import CT_DAY, Chat

SOMOS = {
    "name": "Mark Ellison",
    "email": "mark@carrier.example",
    "contact_method": "email",
}


async def _to_phone(chat: Chat, answers: dict[str, str]) -> None:
    for _ in range(10):
        if chat.pending == "phone":
            return
        await chat.say(answers.get(chat.pending, "skip"))
    raise AssertionError(f"the phone was never asked (at {chat.pending!r})")


@pytest.mark.parametrize(
    ("first", "said", "stored"),
    [
        # a US plan: a Spanish speaker's US number is a US number
        (
            "No puedo reservar números en TFNRegistry desde esta mañana",
            "mi teléfono es el 312 555 0100",
            "+13125550100",
        ),
        (
            "I can't reserve numbers in TFNRegistry since this morning",
            "312-555-0100",
            "+13125550100",
        ),
        # the number itself names its country: a "+" prefix, a Mexican 044 prefix
        ("I can't reserve numbers in TFNRegistry", "my cell is +34 612 345 678", "+34612345678"),
        ("No puedo reservar números en TFNRegistry", "mi cel 044 55 1234 5678", "+525512345678"),
    ],
)
async def test_a_us_plan_reads_numbers_as_us_unless_the_number_says_otherwise(
    sqlite_store: SqliteStore, first: str, said: str, stored: str
) -> None:
    chat = Chat(sqlite_store, "somos", CT_DAY)
    await chat.say(first)
    await _to_phone(chat, SOMOS)
    await chat.say(said)
    assert chat.pending != "phone"
    for _ in range(12):
        if chat.state == "ticket_open":
            break
        await chat.say({**SOMOS, "confirm": "yes"}.get(chat.pending, "skip"))
    (ticket,) = await chat.tickets()
    assert ticket.fields["phone"] == stored


@pytest.mark.parametrize(
    ("first", "said", "example"),
    [
        ("No puedo reservar números en TFNRegistry", "mi móvil es el 612 34 56 78", "+1 "),
        ("I can't reserve numbers in TFNRegistry", "my mobile is 612 34 56 78", "+1 "),
    ],
)
async def test_a_spanish_national_number_on_a_us_plan_is_asked_again_with_a_us_example(
    sqlite_store: SqliteStore, first: str, said: str, example: str
) -> None:
    chat = Chat(sqlite_store, "somos", CT_DAY)
    await chat.say(first)
    await _to_phone(chat, SOMOS)
    reply = await chat.say(said)
    assert chat.pending == "phone"  # not guessed as Spanish from the message's language
    assert example in reply and "+34" not in reply
