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
"""

from __future__ import annotations

from typing import Any

_HEADS: dict[tuple[str, int, int], str] = {}


def _head(sha: str, keys: int, count: int) -> str:
    head = _HEADS.get((sha, keys, count))
    if head is None:
        fixed = "".join(f"${len(part)}\r\n{part}\r\n" for part in ("EVALSHA", sha, str(keys)))
        head = _HEADS[(sha, keys, count)] = f"*{count}\r\n{fixed}"
    return head


def pack_evalsha(sha: str, keys: list[Any], args: list[Any]) -> bytes | None:
    """The call as RESP bytes, or None for redis-py to pack (see the module's doc)."""
    parts = [_head(sha, len(keys), 3 + len(keys) + len(args))]
    for value in (*keys, *args):
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
        parts.append(f"${size}\r\n{value}\r\n")
    return "".join(parts).encode("utf-8")
