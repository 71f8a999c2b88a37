"""A one-entry memo for pure text functions that a turn calls on the same string several
times over (a first message is folded for the subscription request, the intents and more)."""

from __future__ import annotations

from collections.abc import Callable


def last_by_identity(compute: Callable[[str], str]) -> Callable[[str], str]:
    """`compute`, answering again for the very string object it last saw (strings are
    immutable, so the same object has the same answer) without computing it twice."""
    last: list[tuple[str | None, str]] = [(None, "")]

    def remembered(text: str) -> str:
        seen, answer = last[0]  # one tuple: a consistent pair even across threads
        if seen is text:
            return answer
        answer = compute(text)
        last[0] = (text, answer)
        return answer

    remembered.__doc__ = compute.__doc__
    remembered.__name__ = compute.__name__
    return remembered
