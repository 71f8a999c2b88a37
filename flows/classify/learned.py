"""The learned half of the classifier: a linear model per dimension (impact, scope, service)
over character and word n-grams, trained by `scripts/train_classifier.py` from the corpora
the project ships and generated into `flows.classify.model_weights` (no I/O here: the weights
are a Python module, parsed once at import).

Why a model next to the rules: rules tuned round after round scored 0.94+ on the sets they
were written against and ~0.85 on new text; the n-gram model reads phrasings no rule names.
Why not the model alone: grouped by corpus, the blend of both beats either (docs/classification.md).
`blend` mixes the two readings per dimension; the plan's table still makes the priority.
"""

from __future__ import annotations

import json
import math
import sys
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import groupby, repeat
from operator import itemgetter
from typing import Final

from flows.classify import model_weights
from flows.classify.text import basic

DIMENSIONS: Final = ("impact", "scope", "service")
NO_SCOPE: Final = "none"  # a question or request: the label names no scope
_ZEROS: Final = repeat(0)  # the default of every `dict.get` a text's features make


def grams(text: str, char_sizes: tuple[int, ...]) -> frozenset[str]:
    """The features of a text: its words and word pairs (of its basic form: lower case, no
    accents, no punctuation but "?") and its character n-grams of the `char_sizes` (the
    model's, written beside its weights). Training uses this same function, so the model
    reads exactly what it was trained on."""
    s = basic(text)
    padded = f" {s} "
    out = {"c" + padded[i : i + n] for n in char_sizes for i in range(len(padded) - n + 1)}
    words = s.split()
    out.update("w" + w for w in words)
    out.update(f"b{a} {b}" for a, b in zip(words, words[1:], strict=False))
    return frozenset(out)


@dataclass(frozen=True, slots=True)
class Reading:
    """The model's probabilities per dimension, and the features that pushed the winner most."""

    probabilities: Mapping[str, Mapping[str, float]]
    top: Mapping[str, tuple[tuple[str, float], ...]]

    def best(self, dim: str) -> str:
        probs = self.probabilities[dim]
        return max(probs, key=probs.__getitem__)


# The weights of a feature, one field per (dimension, class), packed into one int: `_WIDTH`
# bits a field, weight k (in thousandths, signed) times 2**(_WIDTH * k), so that summing the
# packed ints of a text's features sums every column at once in C, exactly (integers: no
# summation order), and a feature the model lacks adds 0 (one `dict.get` a feature, no set
# intersection first). Adding `_BIAS` (2**(_WIDTH - 1) in every field) makes each field of a
# sum non-negative, to be read as unsigned and `_HALF` taken back. A text's features are a
# set, so at most every feature of the model (under 2**16) is summed, each under 2**14 in
# size: a column's sum stays under 2**30 < _HALF, and no field borrows from the next.
_WIDTH: Final = 32
_HALF: Final = 1 << (_WIDTH - 1)
_LIMIT: Final = 1 << 14  # above any weight in thousandths (the largest is under 10,000)
_MASK: Final = (1 << _WIDTH) - 1


@dataclass(frozen=True, slots=True)
class Weights:
    """The packed weights by kind of feature, without the kind's prefix ("c", "w", "b"), so a
    text's n-grams are looked up as they are sliced."""

    columns: int
    chars: Mapping[str, int]
    words: Mapping[str, int]
    pairs: Mapping[str, int]

    def __len__(self) -> int:
        return len(self.chars) + len(self.words) + len(self.pairs)

    def column(self, feature: str, k: int) -> float:
        """One weight of a prefixed feature ("cnob", "wnobody"), as the model uses it."""
        kind = {"c": self.chars, "w": self.words, "b": self.pairs}[feature[0]]
        field = ((kind[feature[1:]] + _bias(self.columns)) >> (_WIDTH * k)) & _MASK
        return (field - _HALF) / 1000


def _bias(columns: int) -> int:
    """`_HALF` in each of `columns` fields."""
    return sum(_HALF << (_WIDTH * k) for k in range(columns))


class Model:
    """Multinomial logistic regression per dimension; weights are per feature, one column
    per (dimension, class) in `classes` order."""

    def __init__(
        self,
        classes: Mapping[str, tuple[str, ...]],
        bias: tuple[float, ...],
        weights: Weights,
        char_sizes: tuple[int, ...],
    ) -> None:
        self.classes = classes
        self.bias = bias
        self.weights = weights
        self.char_sizes = char_sizes
        spans: dict[str, tuple[int, int]] = {}
        start = 0
        for dim in DIMENSIONS:
            spans[dim] = (start, start + len(classes[dim]))
            start += len(classes[dim])
        self._spans = spans
        self._bytes = weights.columns * _WIDTH // 8
        self._bias = _bias(weights.columns)

    def _sums(self, text: str) -> tuple[list[float], int]:
        """Each column's weight summed over the text's features (the features of `grams`,
        read kind by kind without building the prefixed strings), and how many features."""
        w = self.weights
        s = basic(text)
        words = s.split()
        uniq = set(words)
        pairs = set(map(" ".join, zip(words, words[1:], strict=False)))
        packed = (
            sum(map(w.words.get, uniq, _ZEROS)) + sum(map(w.pairs.get, pairs, _ZEROS)) + self._bias
        )
        count = len(uniq) + len(pairs)
        if self.char_sizes:
            padded = f" {s} "
            end = len(padded) + 1
            chars: set[str] = set()
            for n in self.char_sizes:
                chars.update(_slices(padded, n, end - n))
            packed += sum(map(w.chars.get, chars, _ZEROS))
            count += len(chars)
        fields = array("I")
        fields.frombytes(packed.to_bytes(self._bytes, sys.byteorder))
        sums = [(f - _HALF) / 1000 for f in fields]
        return sums, count

    def read(self, text: str, *, top: int = 0) -> Reading:
        sums, count = self._sums(text)
        scale = 1.0 / math.sqrt(count) if count else 0.0
        logits = [b + s * scale for b, s in zip(self.bias, sums, strict=True)]
        probabilities: dict[str, dict[str, float]] = {}
        best: dict[str, tuple[tuple[str, float], ...]] = {}
        hits = [f for f in self.grams(text) if self._known(f)] if top else []
        for dim in DIMENSIONS:
            lo, hi = self._spans[dim]
            row = logits[lo:hi]
            peak = max(row)
            exps = [math.exp(x - peak) for x in row]
            total = sum(exps)
            probabilities[dim] = {
                c: e / total for c, e in zip(self.classes[dim], exps, strict=True)
            }
            if top:
                k = lo + max(range(hi - lo), key=row.__getitem__)
                column = self.weights.column
                pushes = sorted(((f, column(f, k) * scale) for f in hits), key=_by_push)
                best[dim] = tuple(pushes[:top])
        return Reading(probabilities, best)

    def grams(self, text: str) -> frozenset[str]:
        """The text's features as this model reads them."""
        return grams(text, self.char_sizes)

    def _known(self, feature: str) -> bool:
        kind = {"c": self.weights.chars, "w": self.weights.words, "b": self.weights.pairs}
        return feature[1:] in kind[feature[0]]


# Slices of the shipped model's n-gram lengths at each of 4,096 places: a text's n-grams are
# cut by `map` in C instead of a comprehension's loop (other lengths and longer texts are cut
# in the loop).
_SLICES: Final = {n: tuple(slice(i, i + n) for i in range(4096)) for n in model_weights.CHAR_SIZES}


def _slices(text: str, n: int, places: int) -> Iterable[str]:
    """The `n` characters at each of the first `places` places of `text`."""
    cuts = _SLICES.get(n)
    if cuts is None or places > len(cuts):
        return (text[i : i + n] for i in range(places))
    return map(text.__getitem__, cuts[: max(places, 0)])


def _by_push(item: tuple[str, float]) -> float:
    return -item[1]


def parse(blob: str) -> Weights:
    """The weights blob: one line a feature, "feature<TAB>w1 w2 ..." in thousandths. Parsed
    in bulk (one split for every number, one `int.from_bytes` a feature): the import is the
    classifier's load time."""
    parts = blob.strip("\n").replace("\n", "\t").split("\t")
    features = parts[0::2]
    # Read by the JSON decoder, in C: twice as fast as `int` over each of the ~600,000 numbers.
    values = json.loads("[" + " ".join(parts[1::2]).replace(" ", ",") + "]")
    columns = len(values) // len(features) if features else 0
    if len(features) >= 1 << 16 or (values and not -_LIMIT < min(values) <= max(values) < _LIMIT):
        raise ValueError("the packed fields cannot hold this model's sums")
    # Each field as a signed 32-bit int, a feature's fields read as one unsigned int, and each
    # negative field's borrow from the next field given back (its sign bit, doubled).
    raw = array("i", values).tobytes()
    size = 4 * columns
    order = sys.byteorder
    signs = sum(_HALF << (_WIDTH * k) for k in range(columns))
    packed = [
        u - ((u & signs) << 1)
        for u in (int.from_bytes(raw[i : i + size], order) for i in range(0, len(raw), size))
    ]
    # Each run of features of one kind (the trainer writes them sorted: three runs) goes into
    # its kind's dict in C, without the kind's letter.
    kinds: dict[str, dict[str, int]] = {"c": {}, "w": {}, "b": {}}
    keys = list(map(_AFTER_KIND, features))
    start = 0
    for kind, run in groupby(map(_KIND, features)):
        end = start + len(list(run))
        kinds[kind].update(zip(keys[start:end], packed[start:end], strict=True))
        start = end
    return Weights(columns, kinds["c"], kinds["w"], kinds["b"])


_KIND: Final = itemgetter(0)  # a feature's kind: its first letter
_AFTER_KIND: Final = itemgetter(slice(1, None))  # a feature without its kind's letter


def load_shipped() -> Model | None:
    """The model generated into `flows.classify.model_weights`; None if none is shipped."""
    if not model_weights.WEIGHTS:
        return None
    return Model(
        {dim: tuple(model_weights.CLASSES[dim]) for dim in DIMENSIONS},
        tuple(b / 1000 for b in model_weights.BIAS),
        parse(model_weights.WEIGHTS),
        tuple(model_weights.CHAR_SIZES),
    )


MODEL: Final = load_shipped()
