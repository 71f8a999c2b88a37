"""The hot lane's own EVALSHA packing writes the bytes redis-py's `pack_command` writes."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from redis.asyncio.connection import Connection

from bot.store.redis.evalsha import Text, pack_evalsha

SHA = "e0e1f9fabfc9d4800c877a703b823ac0578ff8db"

_values = st.one_of(
    st.text(),  # lone surrogates included: redis-py refuses them, and so does the fast path
    st.text(alphabet=st.characters(codec="utf-8")),
    st.integers(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.binary(max_size=20),
    st.booleans(),
    st.text(min_size=6_000, max_size=7_000, alphabet="ab\u00e9"),  # past redis-py's chunking
)


def _redis_py(keys: list[Any], args: list[Any]) -> bytes | type[Exception]:
    try:
        return b"".join(Connection().pack_command("EVALSHA", SHA, len(keys), *keys, *args))
    except Exception as exc:  # noqa: BLE001 - which one is compared
        return type(exc)


@given(st.lists(st.text(), max_size=3), st.lists(_values, max_size=12))
def test_an_evalsha_packed_by_the_lane_is_the_bytes_redis_py_packs(
    keys: list[Any], args: list[Any]
) -> None:
    ours = pack_evalsha(SHA, keys, args)
    theirs = _redis_py(keys, args)
    if ours is None:  # redis-py packs (or refuses) this call itself
        assert any(type(v) not in (str, int, float) for v in (*keys, *args)) or not isinstance(
            theirs, bytes
        )
    else:
        assert ours == theirs


def test_the_usual_storm_arguments_take_the_fast_path() -> None:
    args = ["bot:", "sms:+12145550100", 30000, '{"conv":{"j":"caf\u00e9"}}', 1.5]
    ours = pack_evalsha(SHA, ["bot:l:sms:+12145550100"], args)
    assert ours is not None
    assert ours == _redis_py(["bot:l:sms:+12145550100"], args)


def test_a_bool_or_a_str_subclass_is_left_to_redis_py() -> None:
    class Name(str):
        pass

    assert pack_evalsha(SHA, [], [True]) is None
    assert pack_evalsha(SHA, [], [Name("x")]) is None
    assert pack_evalsha(SHA, [], [b"x"]) is None


@given(st.lists(st.text(), max_size=3), st.lists(_values, max_size=12))
def test_arguments_given_as_text_pack_as_any_others(keys: list[Any], args: list[Any]) -> None:
    # a caller that vouches for text and is wrong still gets the checked packing
    assert pack_evalsha(SHA, keys, Text(args)) == pack_evalsha(SHA, keys, args)


@given(st.lists(st.text(), max_size=3), st.lists(st.text(), max_size=60))
def test_text_arguments_are_the_bytes_redis_py_packs(keys: list[str], args: list[str]) -> None:
    ours = pack_evalsha(SHA, keys, Text(args))
    theirs = _redis_py(keys, args)
    assert ours == theirs if ours is not None else not all(v.isascii() for v in (*keys, *args))
