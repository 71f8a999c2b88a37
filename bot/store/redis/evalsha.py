"""EVALSHA written as redis-py writes it, for the hot lane's usual arguments, at a fraction
of the cost.

redis-py packs a command in pure Python: each argument through `Encoder.encode` (four
`isinstance` checks), then a bytes %-format that copies everything packed so far again
(`_pack_command_python`); a storm turn's two script calls are about twenty arguments. Here
the constant head of a call (the array's length, EVALSHA, the script's SHA, the number of
keys) is spelled once per script and shape, each argument is one f-string, and the call is
one text encoded once. The bytes are the ones `pack_command("EVALSHA", sha, len(keys),
*keys, *args)` writes with utf-8 and strict errors (its chunks joined): a `str` is its UTF-8
bytes (the length counted in bytes), an `int` or `float` its `repr`. Anything else (bytes,
a bool, a str subclass, a text utf-8 cannot carry) answers None and redis-py packs that call,
raising what it raises.

A caller whose arguments are all text gives them as `Text` (a list): the call skips the check
of each value's type (about 270 instructions a value; a storm COMMIT has 54), a value that is
not a `str` after all found by the packing itself, which then takes the checked way. A str
subclass in a `Text` is taken as its text (redis-py would call its `encode`).
"""

from __future__ import annotations

from typing import Any, Final

_HEADS: dict[tuple[str, int, int], str] = {}
_TEXT: frozenset[type] = frozenset({str})


class _Sizes(dict[int, str]):
    """A bulk string's "$<length>", spelled once per length (an int's text costs CPython
    about a thousand instructions each time)."""

    def __missing__(self, size: int) -> str:
        text = f"${size}"
        if size < 1 << 16:
            self[size] = text
        return text


_SIZES: Final = _Sizes()


class Text(list[str]):
    """A call's arguments, every one a `str`: `pack_evalsha` takes them without checking
    each one's type."""


def _head(sha: str, keys: int, count: int) -> str:
    """The call's constant start, up to its last line break (the bulk strings follow)."""
    head = _HEADS.get((sha, keys, count))
    if head is None:
        fixed = "\r\n".join(f"${len(part)}\r\n{part}" for part in ("EVALSHA", sha, str(keys)))
        head = _HEADS[(sha, keys, count)] = f"*{count}\r\n{fixed}"
    return head


def _ascii(head: str, values: tuple[Any, ...]) -> bytes | None:
    """The call when every value is a str and the whole call ASCII, else None: no Python
    step per value (each costs far more than the C here); the lengths counted in characters
    are the bytes' when the whole call is ASCII, checked once. A value not a str raises
    TypeError (its `len`, or the join)."""
    parts = [head] * (2 * len(values) + 2)
    parts[1:-1:2] = map(_SIZES.__getitem__, map(len, values))
    parts[2:-1:2] = values
    parts[-1] = ""
    text = "\r\n".join(parts)
    return text.encode("ascii") if text.isascii() else None


def pack_evalsha(sha: str, keys: list[Any], args: list[Any]) -> bytes | None:
    """The call as RESP bytes, or None for redis-py to pack (see the module's doc)."""
    values = (*keys, *args)
    head = _head(sha, len(keys), 3 + len(values))
    if type(args) is Text and _TEXT.issuperset(map(type, keys)):
        try:
            packed = _ascii(head, values)
        except TypeError:  # not all text after all: the checked way below
            packed = None
        if packed is not None:
            return packed
    elif _TEXT.issuperset(map(type, values)):
        packed = _ascii(head, values)
        if packed is not None:
            return packed
    parts = [head]
    for value in values:
        kind = type(value)
        if kind is str:
            if value.isascii():
                size = len(value)
            else:
                try:
                    size = len(value.encode("utf-8"))
                except UnicodeEncodeError:  # a lone surrogate: redis-py raises it
                    return None
        elif kind is int or kind is float:
            value = repr(value)
            size = len(value)
        else:
            return None
        parts += (_SIZES[size], value)
    parts.append("")
    return "\r\n".join(parts).encode("utf-8")
