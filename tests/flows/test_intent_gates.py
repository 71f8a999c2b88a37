"""The word gates in front of the sentence-intent patterns (flows/dialogue/intents.py) and
the first-word gate of subscription requests (flows/dialogue/subscribe.py) skip work only:
every message reads as it did without them."""

from __future__ import annotations

import pytest

from domain.text import fold
from flows.dialogue import intents, subscribe
from flows.dialogue.intents import Intent, _sentence_intent
from flows.dialogue.subscribe import parse_subscription

# one or more sentences for each alternative of each gated pattern, and some near misses
SENTENCES = (
    "perdona, prefiero hablar en español",
    "quisiera que sigamos en castellano",
    "mejor en ingles",
    "can we continue in English?",
    "please reply to me in spanish",
    "in english please",
    "en español, por favor",
    "do you speak english?",
    "habla usted español?",
    "no hablo ingles",
    "i don't speak spanish",
    "sorry, can we start over?",
    "let's begin again",
    "quiero empezar de nuevo",
    "volver a empezar por favor",
    "comenzar de nuevo",
    "empecemos de nuevo",
    "empezamos de cero",
    "any update on #10001?",
    "any news on my ticket",
    "what's the status of my case",
    "what is the status of 10002",
    "status on my ticket please",
    "how's my ticket going",
    "how is my case",
    "where are we with my ticket",
    "can you check on my ticket",
    "como va mi caso?",
    "hay alguna novedad de mi ticket",
    "que estado tiene mi caso",
    "como va lo mio",
    "what can you do?",
    "hola, como funciona esto",
    "páseme con un agente",
    "comuníqueme con alguien",
    "ponme con una persona",
    "can I talk to a human",
    "speak with a real person",
    "quiero hablar con alguien",
    "i said human",
    "agent please",
    "humano ya",
    "callers can't talk to someone",
    "nadie puede hablar con alguien",
    "Voicemail light is stuck on for my phone only",
    "The whole office lost inbound calls since 8am",
    "La luz de mensaje en espera no funciona",
    "my English teacher's phone is down",
    "status page says all good but calls fail",
)
GATED = (
    (intents._LANG_IN_SENTENCE, intents._LANG_GATE),
    (intents._RESTART_IN_SENTENCE, intents._RESTART_GATE),
    (intents._STATUS_IN_SENTENCE, intents._STATUS_GATE),
    (intents._HUMAN_IN_SENTENCE, intents._HUMAN_GATE),
)


def _ungated(raw: str) -> Intent | None:
    """`_sentence_intent` as it read before the gates."""
    if len(raw) > intents._SENTENCE_MAX:
        return None
    folded = fold(raw).replace("’", "'")
    m = intents._LANG_IN_SENTENCE.search(folded)
    if m:
        groups = m.groupdict()
        return Intent(
            "language", "es" if any(groups[k] for k in groups if k.startswith("es")) else "en"
        )
    if intents._RESTART_IN_SENTENCE.search(folded):
        return Intent("restart")
    m = intents._STATUS_IN_SENTENCE.search(folded)
    if m and intents._STATUS_OBJECT.search(folded[m.start() :]):
        number = intents._TICKET_IN_SENTENCE.search(folded)
        return Intent("status", number.group(1) if number else "")
    if intents._HELP_IN_SENTENCE.search(folded):
        return Intent("help")
    m = intents._HUMAN_IN_SENTENCE.search(folded)
    if m and not intents._CANNOT.search(folded[: m.start()]):
        return Intent("human")
    return None


@pytest.mark.parametrize("text", SENTENCES)
def test_a_sentence_reads_the_same_intent_with_the_gates(text: str) -> None:
    assert _sentence_intent(text) == _ungated(text)


def test_every_sentence_a_gated_pattern_matches_holds_a_word_of_its_gate() -> None:
    matched = 0
    for pattern, gate in GATED:
        for text in SENTENCES:
            folded = fold(text).replace("’", "'")
            if pattern.search(folded):
                matched += 1
                assert any(word in folded for word in gate), (pattern.pattern[:40], text)
    assert matched >= 30  # the sentences do exercise the patterns


def test_every_subscription_phrase_is_read_after_any_polite_opening() -> None:
    for subscribing, phrases in subscribe._ASKS:
        for words in phrases:
            for polite in ("", "hi ", "hola por favor ", "ok yes please "):
                asked = parse_subscription(polite + " ".join(words))
                assert asked is not None and asked.subscribe is subscribing, (polite, words)


@pytest.mark.parametrize(
    "text",
    ["por subscribe", "please please", "hi there, notify me", "Dallas is down", "", "ok"],
)
def test_a_message_whose_first_word_starts_no_request_is_none(text: str) -> None:
    assert parse_subscription(text) is None
    assert not subscribe._may_ask(fold(text)) or subscribe._parse(text) is None
