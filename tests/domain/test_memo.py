"""domain.memo.last_by_identity: the one-entry memo the hot text functions share."""

from __future__ import annotations

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
