"""Issue 12, points 10 and 11: Spanish as a Spanish speaker writes it, and short on SMS.
Whole SMS conversations on every plan, through the engine, each reply measured in segments
as Twilio bills them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.store.sqlite.store import SqliteStore
from channels.base import text_with_choices
from channels.sms_segments import segment_count
from domain.types import Address, Inbound
from tests.flows.test_dialogue_offtrack import CT_DAY, CT_NIGHT, Chat

SMS_CONVERSATIONS = [
    (
        "calltower",
        CT_DAY,
        "en",
        "All phones at our office are down, nobody can call",
        {"scope": "everyone"},
    ),
    (
        "calltower",
        CT_NIGHT,
        "es",
        "Toda la oficina se ha quedado sin llamadas",
        {"scope": "toda la oficina"},
    ),
    (
        "calltower",
        CT_DAY,
        "es",
        "Quiero añadir un usuario nuevo con teléfono",
        {"macd_speed": "expedita"},
    ),
    (
        "somos",
        CT_NIGHT,
        "en",
        "TFNRegistry is down for all resp orgs, no one can reserve numbers",
        {},
    ),
    (
        "connexcs",
        datetime(2026, 11, 24, 21, 30, tzinfo=UTC),
        "en",
        "ConnexCS is down, no calls go through",
        {},
    ),
    ("att-bvoip", CT_DAY, "en", "The entire site is down, no calls at all", {}),
    ("ringover", CT_DAY, "es", "Ninguno de los agentes puede hacer llamadas desde esta mañana", {}),
]
ANSWERS = {
    "name": "Ana Pérez",
    "account_id": "AC-10442",
    "email": "ana@example.com",
    "company": "VoxRoute Ltd",
    "business": "Harbor Freight, Long Beach",
    "since": "since 8am",
    "contact_method": "1",
    "confirm": "1",
    "call_id": "a84b4c76e66710@pbx.example.com",
    "category": "1",
}


@pytest.mark.parametrize(
    ("plan", "at", "lang", "first", "extra"),
    SMS_CONVERSATIONS,
    ids=[f"{c[0]}-{c[2]}-{i}" for i, c in enumerate(SMS_CONVERSATIONS)],
)
async def test_every_sms_question_fits_in_two_segments_and_no_reply_needs_more_than_three(
    sqlite_store: SqliteStore,
    plan: str,
    at: datetime,
    lang: str,
    first: str,
    extra: dict[str, str],
) -> None:
    chat = Chat(sqlite_store, plan, at, channel="sms")
    replies = []
    text = first
    for _ in range(20):
        chat.n += 1
        inbound = Inbound(
            Address("sms", "+13035550199"),
            text,
            f"m{chat.n}",
            chat.clock(),
            meta={"known_phone": "+13035550199"},
        )
        result = await chat.engine.handle(inbound, inline=True)
        replies.extend(result.replies)
        assert result.conversation is not None
        if result.conversation.state == "ticket_open":
            break
        pending = result.conversation.pending
        text = {**ANSWERS, **extra}.get(pending, "skip")
    assert await chat.tickets(), "the conversation opened no ticket"
    *questions, opening = replies
    for reply in questions:
        body = text_with_choices(reply, buttons=False)
        assert segment_count(body) <= 2, body
        assert "(yes/no)" not in body and "(sí/no)" not in body
    assert segment_count(text_with_choices(opening, buttons=False)) <= 3, opening.text


async def test_spanish_summary_shows_choices_in_spanish_and_no_sympathy_for_a_request(
    sqlite_store: SqliteStore,
) -> None:
    chat = Chat(sqlite_store, "calltower", CT_DAY)
    first = await chat.say("Quiero añadir un usuario nuevo con teléfono para mañana")
    assert "Lamento" not in first
    answers = {
        "name": "Lucía Ramírez",
        "account_id": "CT-55120",
        "phone": "+1 305 555 0177",
        "email": "lucia@clinicasol.com",
        "macd_speed": "expedita",
    }
    summary = ""
    while chat.pending != "confirm":
        summary = await chat.say(answers.get(chat.pending, "omitir"))
    assert "Tipo de solicitud MACD: Expedita" in summary and "expedited" not in summary


@pytest.mark.parametrize(("lang", "opener"), [("en", "Hello"), ("es", "Hola")])
async def test_a_plan_question_that_says_how_to_skip_gets_no_second_skip_hint(
    sqlite_store: SqliteStore, lang: str, opener: str
) -> None:
    chat = Chat(sqlite_store, "connexcs", CT_DAY)
    first = (
        "Hello, our calls to one carrier fail since this morning"
        if lang == "en"
        else "Hola, las llamadas a un operador fallan desde esta mañana"
    )
    reply = await chat.say(first)
    assert chat.pending == "category"
    hint = '"skip"' if lang == "en" else '"omitir"'
    assert reply.count(hint) == 1 and opener not in reply
