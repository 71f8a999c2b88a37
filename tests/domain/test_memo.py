"""domain.memo: the memos by identity the hot text and datetime functions share."""

from __future__ import annotations

import pytest

from domain.memo import last_by_identity


def test_the_same_string_object_is_answered_without_computing_again() -> None:
    calls: list[str] = []

    @last_by_identity
    def shout(text: str) -> str:
        calls.append(text)
        return text.upper()

    text = "".join(["dallas ", "is down"])  # built at run time: not an interned constant
    assert shout(text) == shout(text) == "DALLAS IS DOWN"
    assert calls == [text]


def test_an_equal_but_other_string_and_a_new_one_are_computed() -> None:
    calls: list[str] = []

    @last_by_identity
    def shout(text: str) -> str:
        calls.append(text)
        return text.upper()

    first = "".join(["no ", "calls"])
    other = "".join(["no ", "calls"])
    assert shout(first) == "NO CALLS" and shout("fax") == "FAX" and shout(other) == "NO CALLS"
    assert len(calls) == 3
    assert shout.__name__ == "shout"


def test_the_bounded_memo_answers_each_recent_object_once_and_keeps_nothing_when_it_raises() -> (
    None
):
    from datetime import UTC, datetime

    from domain.memo import recent_by_identity

    calls: list[datetime] = []

    def stamp(value: datetime) -> str:
        if value.tzinfo is None:
            raise ValueError("naive")
        calls.append(value)
        return value.isoformat()

    remembered = recent_by_identity(stamp, size=2)
    a, b = datetime(2026, 12, 7, tzinfo=UTC), datetime(2026, 12, 8, tzinfo=UTC)
    assert [remembered(a), remembered(b), remembered(a)] == [
        a.isoformat(),
        b.isoformat(),
        a.isoformat(),
    ]
    assert calls == [a, b]
    equal_but_other = datetime(2026, 12, 7, tzinfo=UTC)
    assert remembered(equal_but_other) == a.isoformat() and calls[-1] is equal_but_other
    naive = datetime(2026, 12, 7)
    for _ in range(2):
        with pytest.raises(ValueError):
            remembered(naive)
