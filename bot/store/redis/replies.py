"""A hot-lane batch's replies read as redis-py's RESP parser reads them, at a fraction of
the cost.

redis-py's pure-Python parser reads a reply a line at a time: each line an `await` of the
stream's `readline` (a coroutine, `readuntil` and a buffer copy), each value a call of
`_read_response` and a bytes slice, so a storm turn's two replies (an array of about
seven values, a one-element array) took about seven such reads. A batch's replies arrive
together: `Replies` takes whatever the connection's stream has (one `read` for most
batches) and parses values out of one buffer with `bytes.index`.

The values are redis-py's: a bulk or simple string decoded as the connection's encoder
decodes it (or bytes), an integer as int, a null (RESP2's `$-1`/`*-1`, RESP3's `_`) as
None, an array (and a RESP3 set) as a list, a map as a dict, a double as float, a boolean
as bool, an error as the exception `parse_error` gives (returned, not raised, as
redis-py's `read_response` returns a script's error). What the lane never asks for (a
push, an attribute, a blob error, anything else) is `Unparsable`: the lane drops the
connection, as redis-py does with a reply it cannot parse.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, Final

from redis.exceptions import ConnectionError as RedisConnectionError

_READ: Final = 65536


class Unparsable(Exception):
    """A reply the lane does not read (see the module's doc)."""


class _Short(Exception):
    """The buffer ends inside the reply: read more."""


class Replies:
    """The replies on `stream` (an `asyncio.StreamReader`), one `next()` each, in order.
    `decode`: the encoder's (None: bytes); `parse_error`: the parser's, text -> exception."""

    __slots__ = ("_buf", "_decode", "_error", "_pos", "_stream")

    def __init__(
        self,
        stream: asyncio.StreamReader,
        *,
        decode: Callable[[bytes], Any] | None,
        parse_error: Callable[[str], Exception],
    ) -> None:
        self._stream = stream
        self._decode = decode
        self._error = parse_error
        self._buf = b""
        self._pos = 0

    def left(self) -> int:
        """Bytes read from the stream and not yet parsed."""
        return len(self._buf) - self._pos

    async def next(self) -> Any:
        while True:
            if self._pos < len(self._buf):
                try:
                    value, self._pos = self._value(self._buf, self._pos)
                except _Short:
                    pass
                except UnicodeDecodeError:  # raised, as redis-py's decoding raises it
                    raise
                except (ValueError, IndexError) as exc:  # a length or a number that is none
                    raise Unparsable(f"a reply that is not RESP: {exc}") from exc
                else:
                    return value
            data = await self._stream.read(_READ)
            if not data:
                raise ConnectionResetError("Connection closed by server.")
            self._buf = self._buf[self._pos :] + data if self._pos < len(self._buf) else data
            self._pos = 0

    def _value(self, buf: bytes, pos: int) -> tuple[Any, int]:
        end = buf.find(b"\r\n", pos)
        if end < 0:
            raise _Short
        kind = buf[pos]
        if kind == 36:  # $ bulk string
            size = int(buf[pos + 1 : end])
            if size < 0:
                return None, end + 2
            start = end + 2
            stop = start + size
            if len(buf) < stop + 2:
                raise _Short
            return self._text(buf[start:stop]), stop + 2
        if kind == 42 or kind == 126:  # * array, ~ set
            count = int(buf[pos + 1 : end])
            if count < 0:
                return None, end + 2
            pos = end + 2
            items = []
            for _ in range(count):
                item, pos = self._value(buf, pos)
                items.append(item)
            return items, pos
        if kind == 58 or kind == 40:  # : integer, ( big number
            return int(buf[pos + 1 : end]), end + 2
        if kind == 43:  # + simple string
            return self._text(buf[pos + 1 : end]), end + 2
        if kind == 45:  # - error
            error = self._error(buf[pos + 1 : end].decode("utf-8", errors="replace"))
            if isinstance(error, RedisConnectionError):  # raised, as read_response does
                raise error
            return error, end + 2
        if kind == 95:  # _ null
            return None, end + 2
        if kind == 37:  # % map
            count = int(buf[pos + 1 : end])
            pos = end + 2
            mapping = {}
            for _ in range(count):
                key, pos = self._value(buf, pos)
                mapping[key], pos = self._value(buf, pos)
            return mapping, pos
        if kind == 35:  # # boolean
            return buf[pos + 1 : end] == b"t", end + 2
        if kind == 44:  # , double
            return float(buf[pos + 1 : end]), end + 2
        if kind == 61:  # = verbatim string: "txt:" and the text
            size = int(buf[pos + 1 : end])
            start = end + 2
            stop = start + size
            if len(buf) < stop + 2:
                raise _Short
            return self._text(buf[start + 4 : stop]), stop + 2
        raise Unparsable(f"a reply the lane does not read: {buf[pos : end + 2]!r}")

    def _text(self, raw: bytes) -> Any:
        return raw if self._decode is None else self._decode(raw)
