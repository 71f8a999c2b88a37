"""Memos by identity for pure functions of immutable values that a turn calls on the same
object several times over: a one-entry one for text functions (a first message is folded for
the subscription request, the intents and more), and a bounded one for datetimes (a turn
writes its one instant a dozen times: JSON records, store rows, Redis scores)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

V = TypeVar("V")
R = TypeVar("R")


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


def recent_by_identity(compute: Callable[[V], R], *, size: int) -> Callable[[V], R]:
    """`compute`, answering again for any of the objects it saw lately (at most `size`,
    then it starts afresh) without computing it twice. Each entry holds its object, so the
    object's id is not reused while it is kept; `compute` raising keeps nothing."""
    kept: dict[int, tuple[V, R]] = {}

    def remembered(value: V) -> R:
        hit = kept.get(id(value))
        if hit is not None and hit[0] is value:
            return hit[1]
        answer = compute(value)
        if len(kept) >= size:
            kept.clear()
        kept[id(value)] = (value, answer)
        return answer

    remembered.__doc__ = compute.__doc__
    remembered.__name__ = getattr(compute, "__name__", "remembered")
    return remembered
