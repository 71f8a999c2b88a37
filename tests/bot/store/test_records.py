"""bot.store.records.dumps: the records both backends write."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from bot.store.records import dumps

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet=st.characters(blacklist_categories=("Cs",))),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(JSON)
def test_a_record_reads_back_as_the_standard_library_writes_it(data: object) -> None:
    assert json.loads(dumps(data)) == json.loads(json.dumps(data))


def test_non_ascii_is_kept_and_the_separators_are_compact() -> None:
    assert dumps({"text": "señal caída", "n": [1, 2]}) == '{"text":"señal caída","n":[1,2]}'


def test_what_orjson_refuses_is_written_by_the_standard_library() -> None:
    for data in ({"text": "broken \udcff mail"}, {"n": 2**70}, {1: "a key that is a number"}):
        assert dumps(data) == json.dumps(data, ensure_ascii=False, separators=(",", ":"))
