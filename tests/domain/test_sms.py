"""domain.sms's own arithmetic (the channel's behaviour is in tests/channels/test_sms_segments.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from domain.sms import _cost, _fitting_prefix, is_gsm7


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
