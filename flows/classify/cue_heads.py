"""What every match of a cue pattern starts with, read by a small parser of our own.

The cue index (`flows.classify.cues`) needs, per cue, the literal text each of its matches
can begin with. The cues use a small part of the `re` syntax: literals, escapes, character
sets, groups, alternation, look-arounds and repeats. `parse` reads that part into a tree;
anything else (inline flags, named groups, back-references, an unknown escape) raises
`Unsupported`, and the cue is then searched everywhere: slower, never wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

# Put after a head where \b follows a word character: the word ends there.
WORD_END: Final = "\0"
# Stands in a head for any one decimal digit (\d): a word that starts with a digit is
# indexed under the digit key (`flows.classify.cues.DIGIT_KEY`) whatever its digits are.
DIGIT: Final = "\1"
MAX_HEADS: Final = 256
_WORD_CHAR: Final = re.compile(r"\w")
_CLASS_ESCAPES: Final = frozenset("dDwWsS")
_LITERAL_ESCAPES: Final = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v"}


class Unsupported(ValueError):
    """The pattern uses syntax this parser does not read."""


@dataclass(frozen=True, slots=True)
class Chars:
    """One character out of `chars`; None = one the parser cannot list (\\w, a range, .)."""

    chars: frozenset[str] | None


@dataclass(frozen=True, slots=True)
class Zero:
    """Consumes nothing: a look-around, ^, $, \\B; `boundary` for \\b."""

    boundary: bool = False


@dataclass(frozen=True, slots=True)
class Group:
    alternatives: tuple[tuple[Node, ...], ...]


@dataclass(frozen=True, slots=True)
class Repeat:
    body: Node
    low: int
    high: int  # -1: no upper bound


Node = Chars | Zero | Group | Repeat


class _Reader:
    def __init__(self, pattern: str) -> None:
        self.text = pattern
        self.pos = 0

    def peek(self, n: int = 1) -> str:
        return self.text[self.pos : self.pos + n]

    def take(self, n: int = 1) -> str:
        out = self.text[self.pos : self.pos + n]
        if len(out) < n:
            raise Unsupported("pattern ends early")
        self.pos += n
        return out


def parse(pattern: str) -> Group:
    """The pattern as a tree (a group of alternatives), or Unsupported."""
    reader = _Reader(pattern)
    tree = _alternatives(reader)
    if reader.pos != len(pattern):
        raise Unsupported(f"unbalanced ) at {reader.pos}")
    return tree


def _alternatives(r: _Reader) -> Group:
    alts = [_sequence(r)]
    while r.peek() == "|":
        r.take()
        alts.append(_sequence(r))
    return Group(tuple(alts))


def _sequence(r: _Reader) -> tuple[Node, ...]:
    items: list[Node] = []
    while r.peek() and r.peek() not in "|)":
        atom = _atom(r)
        items.append(_repeat(r, atom))
    return tuple(items)


def _atom(r: _Reader) -> Node:
    c = r.take()
    if c == "(":
        return _group(r)
    if c == "[":
        return _char_set(r)
    if c == "\\":
        return _escape(r)
    if c == ".":
        return Chars(None)
    if c in "^$":
        return Zero()
    if c in "*+?{":
        raise Unsupported(f"nothing to repeat at {r.pos}")
    return Chars(frozenset(c))


def _group(r: _Reader) -> Node:
    lookaround = False
    if r.peek() == "?":
        r.take()
        kind = r.peek(2)
        if kind[:1] == ":":
            r.take()
        elif kind[:1] in "=!":
            r.take()
            lookaround = True
        elif kind in ("<=", "<!"):
            r.take(2)
            lookaround = True
        else:
            raise Unsupported(f"group kind (?{kind}")  # flags, named groups, conditionals
    inner = _alternatives(r)
    if r.take() != ")":
        raise Unsupported("unclosed group")
    return Zero() if lookaround else inner


def _char_set(r: _Reader) -> Node:
    if r.peek() == "^":
        r.take()
        _skip_set(r)
        return Chars(None)
    chars: set[str] = set()
    known = True
    first = True
    while True:
        c = r.take()
        if c == "]" and not first:
            break
        first = False
        if c == "\\":
            e = r.take()
            if e in _CLASS_ESCAPES:
                known = False
                continue
            c = _LITERAL_ESCAPES.get(e, e)
            if e.isalnum() and e not in _LITERAL_ESCAPES:
                raise Unsupported(f"escape \\{e} in a set")
        if r.peek() == "-" and r.peek(2) != "-]" and r.peek(2)[1:] != "]":
            r.take()
            r.take()  # the range's end
            known = False
            continue
        chars.add(c)
    return Chars(frozenset(chars) if known else None)


def _skip_set(r: _Reader) -> None:
    first = True
    while True:
        c = r.take()
        if c == "\\":
            r.take()
        elif c == "]" and not first:
            return
        first = False


def _escape(r: _Reader) -> Node:
    e = r.take()
    if e == "b":
        return Zero(boundary=True)
    if e == "d":
        return Chars(frozenset(DIGIT))
    if e in "BAZ":
        return Zero()
    if e in _CLASS_ESCAPES:
        return Chars(None)
    if e in _LITERAL_ESCAPES:
        return Chars(frozenset(_LITERAL_ESCAPES[e]))
    if e.isalnum():
        raise Unsupported(f"escape \\{e}")  # back-references, \x.., \u....
    return Chars(frozenset(e))


def _repeat(r: _Reader, atom: Node) -> Node:
    c = r.peek()
    if c == "?":
        low, high = 0, 1
    elif c == "*":
        low, high = 0, -1
    elif c == "+":
        low, high = 1, -1
    elif c == "{":
        m = re.compile(r"\{(\d*)(?:(,)(\d*))?\}").match(r.text, r.pos)
        if not m or (not m.group(1) and not m.group(2)):
            return atom  # a literal "{", as re reads it
        r.pos = m.end() - 1
        low = int(m.group(1) or 0)
        high = low if not m.group(2) else (int(m.group(3)) if m.group(3) else -1)
    else:
        return atom
    r.take()
    if r.peek() in ("?", "+"):
        r.take()  # lazy or possessive: the same texts match
    if isinstance(atom, Zero):
        return atom
    return Repeat(atom, low, high)


# -- heads ---------------------------------------------------------------------------------


def heads(items: tuple[Node, ...]) -> set[str]:
    """Strings one of which every match of the sequence `items` starts with.

    While the items match fixed text, the text matched so far is one of the heads (with
    WORD_END where a \\b says a word ends); the first item that does not adds what its
    own matches start with, and the reading stops."""
    out = {""}
    for item in items:
        if isinstance(item, Zero):
            if item.boundary and all(h and _WORD_CHAR.fullmatch(h[-1]) for h in out):
                out = {h + WORD_END for h in out}
            continue
        exact = _exact(item)
        if exact is not None and len(out) * len(exact) <= MAX_HEADS:
            out = {h + e for h in out for e in exact}
            continue
        inner = _inner_heads(item)
        if inner is not None and len(out) * len(inner) <= MAX_HEADS:
            out = {h + e for h in out for e in inner}
        return out
    return out


def _inner_heads(item: Node) -> set[str] | None:
    if isinstance(item, Group):
        return set().union(*(heads(alt) for alt in item.alternatives))
    if isinstance(item, Repeat) and item.low >= 1:
        return heads((item.body,))
    return None


def _exact(item: Node) -> set[str] | None:
    """Every text one item can match, when that is a short list of fixed strings; else None."""
    if isinstance(item, Chars):
        return set(item.chars) if item.chars is not None else None
    if isinstance(item, Group):
        found: set[str] = set()
        for alt in item.alternatives:
            texts = _exact_sequence(alt)
            if texts is None:
                return None
            found |= texts
        return found if len(found) <= MAX_HEADS else None
    if isinstance(item, Repeat):
        body = _exact(item.body)
        if body is None or item.high < 0 or item.high > 2:
            return None
        found = set()
        for count in range(item.low, item.high + 1):
            texts = {""}
            for _ in range(count):
                texts = {t + b for t in texts for b in body}
            found |= texts
        return found if len(found) <= MAX_HEADS else None
    return {""}  # Zero: consumes nothing


def _exact_sequence(items: tuple[Node, ...]) -> set[str] | None:
    texts = {""}
    for item in items:
        found = _exact(item)
        if found is None or len(texts) * len(found) > MAX_HEADS:
            return None
        texts = {t + f for t in texts for f in found}
    return texts


# -- a pattern's source cut into its alternatives -------------------------------------------


def closing(source: str, start: int) -> int:
    """Where the group opened at `source[start]` ("(") closes; -1 if it does not."""
    depth = 0
    i = start
    while i < len(source):
        c = source[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _class_end(source, i)
            if i < 0:
                return -1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _class_end(source: str, start: int) -> int:
    """Where the character set opened at `source[start]` ("[") closes; -1 if it does not."""
    i = start + 1
    if source[i : i + 1] == "^":
        i += 1
    if source[i : i + 1] == "]":
        i += 1  # a leading ] is a literal
    while i < len(source):
        c = source[i]
        if c == "\\":
            i += 2
            continue
        if c == "]":
            return i
        i += 1
    return -1


def alternatives(source: str) -> list[str] | None:
    """`source` (a pattern that `parse` reads) cut at its top-level "|"; None if its groups or
    sets do not balance."""
    out: list[str] = []
    depth = 0
    begin = i = 0
    while i < len(source):
        c = source[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _class_end(source, i)
            if i < 0:
                return None
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth < 0:
                return None
        elif c == "|" and depth == 0:
            out.append(source[begin:i])
            begin = i + 1
        i += 1
    if depth != 0:
        return None
    out.append(source[begin:])
    return out


def spread(alternative: str, most: int) -> list[str]:
    """`alternative` with a leading non-capturing group of alternatives spread over what
    follows it ("(?:a|b) c" -> "a c", "b c": the same texts match), up to `most` pieces;
    as it is when it does not begin so, or the group repeats."""
    if not alternative.startswith("(?:"):
        return [alternative]
    end = closing(alternative, 0)
    if end < 0 or alternative[end + 1 : end + 2] in ("?", "*", "+", "{"):
        return [alternative]
    inner = alternatives(alternative[3:end])
    if inner is None or len(inner) > most:
        return [alternative]
    rest = alternative[end + 1 :]
    out: list[str] = []
    for piece in inner:
        out.extend(spread(piece + rest, max(1, most // len(inner))))
    return out
