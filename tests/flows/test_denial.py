"""A linked child's customer saying the outage is not theirs (flows/dialogue/denial.py):
the many ways people say it in both languages, what they add after it, and the replies
that only sound like it (a fault still there, a question, "not that bad")."""

from __future__ import annotations

import pytest

from flows.dialogue.denial import denial


@pytest.mark.parametrize(
    "text",
    [
        "not that",
        "Not that.",
        "No, that is not my problem",
        "That’s not my problem",  # a phone's curly apostrophe
        "That is not my issue",
        "No - my problem is different",
        "Actually this isn't about the outage",
        "not related to the outage",
        "My problem is something else",
        "different issue",
        "Nope, not it",
        "not the same problem",
        "wrong issue",
        "That's a different thing",
        "Hi, we're not affected",
        "no es eso",
        "No, lo mío es otra cosa",
        "mi problema es otro",
        "No tiene nada que ver con la caída",
        "no es lo mismo",
        "es un problema distinto",
        "Eso no es lo que me pasa",
        "nada que ver",
        "No es mi caso",
        "no, es otro tema",
        "Oigan, no es por la caída",
    ],
)
def test_a_denial_in_the_customers_own_words_unlinks(text: str) -> None:
    assert denial(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "No, still down",
        "no calls at all",
        "It's not that bad, just a few calls dropping",
        "not that many calls get through",
        "Is this not the same as the outage?",
        "The phones are still not the same since the outage",
        "the problem is not fixed",
        "No.",
        "sí, es eso",
        "yes that is my problem",
        "Calls are not working",
        "No, the problem is still there",
        "not yet",
        "Sigue sin funcionar",
        "No tenemos línea, ¿es la caída?",
        "It's not just me, whole office",
        "This is not the same as last week, it is worse",
        "Something else is wrong too: the fax",
        "no se arregló el problema",
        "How long until it is fixed?",
    ],
)
def test_a_fault_still_there_or_a_question_is_no_denial(text: str) -> None:
    assert denial(text) is None


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        ("not that", ""),
        ("No, that's not my problem, my fax line hums loudly", "my fax line hums loudly"),
        ("This has nothing to do with the outage, my fax is broken", "my fax is broken"),
        (
            "not related to the outage at all. My fax hums when it sends",
            "My fax hums when it sends",
        ),
        ("Different problem - the voicemail to email stopped", "the voicemail to email stopped"),
        (
            "Hola, lo mío es otra cosa: no me llega el buzón de voz al correo",
            "no me llega el buzón de voz al correo",
        ),
        ("No tiene nada que ver con la caída, mi fax no envía", "mi fax no envía"),
        ("Es otra cosa. Es que el fax no envía", "el fax no envía"),
    ],
)
def test_what_follows_the_denial_is_the_customers_own_problem(text: str, rest: str) -> None:
    assert denial(text) == rest
