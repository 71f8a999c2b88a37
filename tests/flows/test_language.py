"""Language detection of a conversation's first message (flows/dialogue/intents.py): short
messages are read in their own language whatever the plan's default, in both directions
("notify me about voice" was answered in Spanish on a Spanish-default plan). Each list is
messages customers write, not translations of each other; the longer labelled corpora
stay read as they were (tests/flows/data)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.plan.policy import load_policy
from domain.types import Address, Conversation
from flows.dialogue import language
from flows.dialogue.language import detect_language
from flows.dialogue.machine import TurnContext, step

ENGLISH = (
    "notify me about voice",
    "my phones are dead",
    "no dial tone",
    "calls keep dropping",
    "can't hear the caller",
    "voicemail is broken",
    "fax won't send",
    "portal login fails",
    "need a new extension",
    "one way audio",
    "echo on every call",
    "what's the status?",
    "our office is down",
    "outbound calls fail",
    "inbound calls go nowhere",
    "Teams calls not ringing",
    "SIP trunk offline",
    "please call me back",
    "is there an outage?",
    "any update?",
    "thank you so much",
    "yes that works now",
    "still broken",
    "nobody can call in",
    "phones keep rebooting",
    "billing question",
    "wrong caller id",
    "my number was ported",
    "the app crashes",
    "subscribe me to voice",
    "static on the line",
    "choppy audio today",
    "we lost internet",
    "hold music missing",
    "transfer doesn't work",
    "desk phone shows no service",
    "conference bridge down",
    "texts not arriving",
    "good morning",
    "how long until fixed?",
    "me too",
    "same here, Dallas",
    "mine also",
    "it rings once then stops",
)

SPANISH = (
    "avísenme de voz",
    "no tengo tono",
    "se cortan las llamadas",
    "no escucho al cliente",
    "el buzón no funciona",
    "el fax no envía",
    "no puedo entrar al portal",
    "necesito otra extensión",
    "solo se oye de un lado",
    "hay eco al hablar",
    "cómo va mi caso?",
    "la oficina está caída",
    "no salen llamadas",
    "no entran",
    "Teams no timbra",
    "troncal SIP caida",
    "llámenme por favor",
    "agreguen un usuario",
    "hay una falla general?",
    "alguna novedad?",
    "muchas gracias",
    "sí, ya quedó",
    "sigue sin servir",
    "nadie puede llamarnos",
    "los aparatos se reinician",
    "duda sobre la factura",
    "sale otro numero",
    "portaron mi número",
    "la aplicación se cierra",
    "suscribirme a voz",
    "ruido en la linea",
    "audio entrecortado hoy",
    "nos quedamos sin internet",
    "no suena la música de espera",
    "no transfiere",
    "dice sin servicio",
    "la sala de conferencias no sirve",
    "no llegan los mensajes",
    "buen día",
    "cuánto falta?",
    "yo también",
    "igual aquí en Monterrey",
    "ya no marca",
    "todo caido desde ayer",
)


def test_the_lists_are_messages_of_their_own() -> None:
    assert len(set(ENGLISH)) == len(ENGLISH) >= 40
    assert len(set(SPANISH)) == len(SPANISH) >= 40
    assert all(len(m.split()) <= 6 for m in (*ENGLISH, *SPANISH))  # short ones


@pytest.mark.parametrize("default", ["en", "es"])
@pytest.mark.parametrize("text", ENGLISH)
def test_a_short_english_message_is_read_as_english_whatever_the_default(
    text: str, default: str
) -> None:
    assert detect_language(text, default=default) == "en"


@pytest.mark.parametrize("default", ["en", "es"])
@pytest.mark.parametrize("text", SPANISH)
def test_a_short_spanish_message_is_read_as_spanish_whatever_the_default(
    text: str, default: str
) -> None:
    assert detect_language(text, default=default) == "es"


@pytest.mark.parametrize("default", ["en", "es"])
@pytest.mark.parametrize("text", ["", "10042", "+1 415 555 2671", "ok", "?", "Dallas", "VoIP"])
def test_a_message_without_words_of_either_language_takes_the_default(
    text: str, default: str
) -> None:
    assert detect_language(text, default=default) == default


def test_a_word_is_evidence_of_one_language_at_most() -> None:
    assert language.SPANISH.isdisjoint(language.ENGLISH)
    assert language.NEUTRAL.isdisjoint(language.SPANISH | language.ENGLISH)


DATA = Path(__file__).parent / "data"


def test_the_labelled_corpora_are_read_in_their_language() -> None:
    """Every classification corpus' message (some 2,000, most of them longer) in its
    file's language, with either default: at most a handful wrong."""
    wrong = []
    for path in sorted(DATA.glob("classify*_e[ns].jsonl")):
        lang = path.stem.rpartition("_")[2]
        for line in path.read_text(encoding="utf-8").splitlines():
            text = json.loads(line)["text"]
            for default in ("en", "es"):
                if detect_language(text, default=default) != lang:
                    wrong.append((lang, default, text))
    assert wrong == []


T0 = datetime(2026, 12, 7, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("plan", "text", "lang"),
    [
        ("ringover", "notify me about voice", "en"),  # a Spanish plan
        ("calltower", "avísenme de voz", "es"),  # an English one
        ("ringover", "no dial tone", "en"),
        ("calltower", "no tengo tono", "es"),
    ],
)
def test_a_web_chats_first_short_message_sets_its_language_whatever_the_plans(
    plan: str, text: str, lang: str
) -> None:
    policy = load_policy(plan)
    assert policy.plan.default_language != lang
    ctx = TurnContext(now=T0, policy=policy, channel="webchat", short=False)  # type: ignore[call-arg]
    conv = Conversation(id="webchat:s1", address=Address("webchat", "s1"), created_at=T0)
    result = step(conv, text, ctx)
    assert result.conversation.lang == lang


def test_a_words_points_are_the_same_from_the_cache_and_after_it_overflows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = (*ENGLISH, "La línea de Dallas está caída", "Notify Dallas Teams please")
    fresh = [detect_language(t) for t in texts]
    assert [detect_language(t) for t in texts] == fresh  # the words now come from the cache
    monkeypatch.setattr(language, "_POINTS_MAX", 3)
    language._POINTS.clear()
    assert [detect_language(t) for t in texts] == fresh  # emptied again and again
    assert len(language._POINTS) <= 3


def test_a_capitalised_word_in_no_list_counts_only_first_whatever_the_cache_holds() -> None:
    # "Dallas" scores by its shape nowhere; "Thinking" at the start does, later not
    assert detect_language("Thinking") == detect_language("thinking") == "en"
    assert detect_language("hola Thinking", default="en") == "es"


@pytest.mark.parametrize("default", ["en", "es"])
def test_an_enye_in_a_name_leaves_an_english_message_english_and_in_a_word_makes_it_spanish(
    default: str,
) -> None:
    # blind 14: a message signed "Cielo Azul Quinceañera Rentals" was answered in Spanish
    signed = "Press 1 for Spanish drops the caller. - Cielo Azul Quinceañera Rentals"
    assert detect_language(signed, default=default) == "en"
    assert detect_language("mañana no hay tono", default=default) == "es"
    assert detect_language("ok, pero el niño", default=default) == "es"


@pytest.mark.parametrize("default", ["en", "es"])
def test_a_surname_with_an_enye_opening_an_english_message_leaves_it_english(default: str) -> None:
    # the first word is capitalised whatever it is, so it cannot be told from a name by case:
    # its "ñ" weighs as one Spanish word, not as Spanish outright
    assert detect_language("Muñoz from accounts: voicemail light stuck on", default=default) == "en"
    assert detect_language("Ibáñez & Sons: calls dropping all morning", default=default) == "en"
    assert detect_language("Año nuevo y seguimos sin tono", default=default) == "es"
    assert detect_language("Muñoz aqui, sin tono desde las 9", default=default) == "es"
    assert detect_language("Señores: no tenemos tono", default=default) == "es"


PIECES = ["Our", "phones", "in", "Dallas", "no", "tone", "sin", "tono", "llamadas", "the"]
PIECES += ["9am", "17", " ", ",", ".", "'", "-", "_", "ñ", "é", "¿", "\n", "Hola", "down", "ly"]


@given(st.lists(st.sampled_from(PIECES), max_size=20).map("".join) | st.text(max_size=40))
def test_an_ascii_text_is_read_as_the_word_pattern_reads_it(text: str) -> None:
    # the ASCII shortcut (domain.text.ascii_runs) against the pattern it stands in for
    read = detect_language(text, default="en"), detect_language(text, default="es")
    with patch.object(language, "ascii_runs", lambda t, digits: language._WORD.findall(t)):
        assert (detect_language(text, default="en"), detect_language(text, default="es")) == read
