"""domain.sms's own arithmetic (the channel's behaviour is in tests/channels/test_sms_segments.py)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.sms import (
    GSM7_ALL,
    GSM7_EXTENDED,
    GSM7_SINGLE,
    UCS2_SINGLE,
    _cost,
    _fitting_prefix,
    _one_septet_each,
    _word_cut,
    is_gsm7,
    split_message,
    units,
)


def counted_prefix(text: str, budget: int, gsm: bool) -> int:
    """The longest prefix within `budget`, every character counted."""
    used = 0
    for i, ch in enumerate(text):
        used += _cost(ch, gsm)
        if used > budget:
            return i
    return len(text)


@given(
    st.text(alphabet=st.sampled_from(list("ab á€[\n") + ["🙂"]), max_size=300),
    st.integers(min_value=0, max_value=200),
)
def test_the_fitting_prefix_is_the_counted_one_with_or_without_two_unit_characters(
    text: str, budget: int
) -> None:
    gsm = is_gsm7(text)
    assert _fitting_prefix(text, budget, gsm) == counted_prefix(text, budget, gsm)


def split_counted(text: str, max_parts: int) -> list[str]:
    """`split_message` as it was, every part's units counted."""
    text = text.strip()
    if not text:
        return []
    gsm = is_gsm7(text)
    limit = GSM7_SINGLE if gsm else UCS2_SINGLE
    if units(text, gsm=gsm) <= limit:
        return [text]
    ellipsis = "..." if gsm else "…"
    parts: list[str] = []
    rest = text
    while rest:
        if units(rest, gsm=gsm) <= limit:
            parts.append(rest)
            break
        if len(parts) == max_parts - 1:
            end = counted_prefix(rest, limit - units(ellipsis, gsm=gsm), gsm)
            parts.append(rest[: _word_cut(rest, end)].rstrip() + ellipsis)
            break
        cut = _word_cut(rest, counted_prefix(rest, limit, gsm))
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return [p for p in parts if p]


@settings(max_examples=400)
@given(
    st.lists(st.sampled_from([*"ab cd á€[\n.", "🙂", "word ", "words "]), max_size=300).map(
        "".join
    ),
    st.integers(min_value=1, max_value=5),
)
def test_a_split_is_the_one_every_unit_counted_gives(text: str, max_parts: int) -> None:
    assert split_message(text, max_parts=max_parts) == split_counted(text, max_parts)


@settings(max_examples=400)
@given(
    st.text(
        alphabet=st.one_of(
            st.characters(max_codepoint=0x7F),
            st.sampled_from(sorted(GSM7_ALL)),
            st.characters(min_codepoint=0x80, max_codepoint=0x2FF),
            st.sampled_from(["€", "🙂", "\u212a"]),
        ),
        max_size=60,
    )
)
def test_the_scans_answer_what_the_alphabet_sets_do(text: str) -> None:
    assert is_gsm7(text) == GSM7_ALL.issuperset(text)
    assert _one_septet_each(text) == GSM7_EXTENDED.isdisjoint(text)


def test_every_ascii_character_alone() -> None:
    for code in range(128):
        ch = chr(code)
        assert is_gsm7(ch) == (ch in GSM7_ALL), repr(ch)
        assert is_gsm7(f"ok {ch} ok") == (ch in GSM7_ALL), repr(ch)
        assert _one_septet_each(ch) == (ch not in GSM7_EXTENDED), repr(ch)
