"""The hot lane's reply reader gives the values redis-py's RESP parsers give, for the same
bytes however they arrive."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from redis._parsers import _AsyncRESP2Parser, _AsyncRESP3Parser
from redis.exceptions import BusyLoadingError, NoScriptError, ResponseError

from bot.store.redis.replies import Replies, Unparsable


def _bulk(raw: bytes) -> bytes:
    return b"$%d\r\n%b\r\n" % (len(raw), raw)


_line = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\r\n"), max_size=12)
_texts = st.text(max_size=20).map(lambda t: t.encode("utf-8", "surrogatepass"))
_common = st.one_of(
    _texts.map(_bulk),
    st.binary(max_size=8).map(_bulk),  # not utf-8: decoding it raises, in both
    _line.map(lambda t: b"+" + t.encode() + b"\r\n"),
    st.integers(-(2**70), 2**70).map(lambda n: b":%d\r\n" % n),
    st.sampled_from(
        [
            b"-NOSCRIPT No matching script. Please use EVAL.\r\n",
            b"-ERR Error running script (call to f_1): @user_script:1: oops\r\n",
            b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
        ]
    ),
)
# RESP2's nulls (RESP3 spells a null "_")
_scalars = st.one_of(_common, st.sampled_from([b"$-1\r\n", b"*-1\r\n"]))
_resp2 = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=5).map(
        lambda items: b"*%d\r\n" % len(items) + b"".join(items)
    ),
    max_leaves=12,
)
_resp3_scalars = st.one_of(
    _common,
    st.just(b"_\r\n"),
    st.booleans().map(lambda b: b"#t\r\n" if b else b"#f\r\n"),
    st.floats(allow_nan=False).map(lambda f: b",%r\r\n" % f),
    st.integers(-(2**90), 2**90).map(lambda n: b"(%d\r\n" % n),
    _texts.map(lambda raw: b"=%d\r\ntxt:%b\r\n" % (len(raw) + 4, raw)),
)
_resp3 = st.recursive(
    _resp3_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5).map(lambda items: b"*%d\r\n" % len(items) + b"".join(items)),
        st.lists(inner, max_size=4).map(lambda items: b"~%d\r\n" % len(items) + b"".join(items)),
        st.lists(
            st.tuples(_line.map(lambda t: b"+" + t.encode() + b"\r\n"), inner), max_size=3
        ).map(lambda kv: b"%%%d\r\n" % len(kv) + b"".join(k + v for k, v in kv)),
    ),
    max_leaves=12,
)


class _Conn:
    """What a redis-py parser reads from on connect."""

    def __init__(self, reader: asyncio.StreamReader, decode: bool) -> None:
        from redis.asyncio.connection import Encoder

        self._reader = reader
        self.encoder = Encoder("utf-8", "strict", decode)


def _reader(data: bytes, cuts: list[int]) -> asyncio.StreamReader:
    reader = asyncio.StreamReader()
    loop = asyncio.get_running_loop()
    start = 0
    for delay, cut in enumerate(sorted({c % (len(data) + 1) for c in cuts})):
        loop.call_later(0.0001 * (delay + 1), reader.feed_data, data[start:cut])
        start = cut
    loop.call_later(0.0001 * (len(cuts) + 2), reader.feed_data, data[start:])
    return reader


def _outcome(value: Any) -> Any:
    if isinstance(value, Exception):
        return (type(value), str(value))
    if isinstance(value, list):
        return [_outcome(v) for v in value]
    if isinstance(value, dict):
        return {k: _outcome(v) for k, v in value.items()}
    return (type(value), value)


async def _theirs(parser_type: type, data: bytes, count: int, decode: bool) -> list[Any]:
    parser = parser_type(65536)
    parser.on_connect(_Conn(_reader(data, []), decode))
    out = []
    for _ in range(count):
        try:
            out.append(_outcome(await parser.read_response()))
        except Exception as exc:  # noqa: BLE001 - which one is compared
            out.append((type(exc), "raised"))
            break
    return out


async def _ours(parser_type: type, data: bytes, count: int, decode: bool, cuts: list[int]) -> Any:
    parser = parser_type(65536)
    text = partial(bytes.decode, encoding="utf-8", errors="strict") if decode else None
    replies = Replies(_reader(data, cuts), decode=text, parse_error=parser.parse_error)
    out = []
    for _ in range(count):
        try:
            out.append(_outcome(await replies.next()))
        except Exception as exc:  # noqa: BLE001 - which one is compared
            out.append((type(exc), "raised"))
            break
    return out, replies.left()


def _same(parser_type: type, replies: list[bytes], decode: bool, cuts: list[int]) -> None:
    data = b"".join(replies)

    async def both() -> tuple[Any, Any]:
        theirs = await _theirs(parser_type, data, len(replies), decode)
        ours = await _ours(parser_type, data, len(replies), decode, cuts)
        return theirs, ours

    theirs, (ours, left) = asyncio.run(both())
    assert ours == theirs
    if all(o[0] is not UnicodeDecodeError for o in ours if isinstance(o, tuple)):
        assert left == 0


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_resp2, min_size=1, max_size=6), st.booleans(), st.lists(st.integers(0, 10**4)))
def test_resp2_replies_read_as_redis_pys_parser_reads_them(
    replies: list[bytes], decode: bool, cuts: list[int]
) -> None:
    _same(_AsyncRESP2Parser, replies, decode, cuts)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_resp3, min_size=1, max_size=6), st.booleans(), st.lists(st.integers(0, 10**4)))
def test_resp3_replies_read_as_redis_pys_parser_reads_them(
    replies: list[bytes], decode: bool, cuts: list[int]
) -> None:
    _same(_AsyncRESP3Parser, replies, decode, cuts)


def test_a_storm_batchs_replies_come_from_one_read() -> None:
    begin = b"*3\r\n:0\r\n$0\r\n\r\n" + _bulk(b'{"number":10001}')
    data = (begin + b"*1\r\n$2\r\nok\r\n") * 16

    async def read() -> tuple[list[Any], int]:
        reader = asyncio.StreamReader()
        reader.feed_data(data)
        replies = Replies(reader, decode=bytes.decode, parse_error=_AsyncRESP3Parser(1).parse_error)
        return [await replies.next() for _ in range(32)], replies.left()

    values, left = asyncio.run(read())
    assert values == [[0, "", '{"number":10001}'], ["ok"]] * 16
    assert left == 0


def test_errors_are_redis_pys_and_a_connection_error_is_raised() -> None:
    async def read(data: bytes) -> Any:
        reader = asyncio.StreamReader()
        reader.feed_data(data)
        parse_error = _AsyncRESP3Parser(1).parse_error
        return await Replies(reader, decode=None, parse_error=parse_error).next()

    assert isinstance(asyncio.run(read(b"-NOSCRIPT No matching script.\r\n")), NoScriptError)
    assert isinstance(asyncio.run(read(b"-ERR oops\r\n")), ResponseError)
    with pytest.raises(BusyLoadingError):
        asyncio.run(read(b"-LOADING Redis is loading the dataset in memory\r\n"))


@pytest.mark.parametrize(
    "data", [b">2\r\n+message\r\n+x\r\n", b"!3\r\nERR\r\n", b"|1\r\n+a\r\n:1\r\n", b"*x\r\n"]
)
def test_what_the_lane_does_not_read_is_unparsable(data: bytes) -> None:
    async def read() -> Any:
        reader = asyncio.StreamReader()
        reader.feed_data(data)
        parse_error = _AsyncRESP3Parser(1).parse_error
        return await Replies(reader, decode=None, parse_error=parse_error).next()

    with pytest.raises(Unparsable):
        asyncio.run(read())


def test_a_closed_stream_is_a_connection_error() -> None:
    async def read() -> Any:
        reader = asyncio.StreamReader()
        reader.feed_data(b"*2\r\n:1\r\n")
        reader.feed_eof()
        parse_error = _AsyncRESP3Parser(1).parse_error
        return await Replies(reader, decode=None, parse_error=parse_error).next()

    with pytest.raises(ConnectionResetError):
        asyncio.run(read())
