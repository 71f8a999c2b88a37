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

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from flows.classify import model_weights
from flows.classify.text import basic

DIMENSIONS: Final = ("impact", "scope", "service")
NO_SCOPE: Final = "none"  # a question or request: the label names no scope


def grams(text: str) -> frozenset[str]:
    """The features of a text: character 3- to 5-grams of its basic form (lower case, no
    accents, no punctuation but "?"), its words and word pairs. Training uses this same
    function, so the model reads exactly what it was trained on."""
    s = basic(text)
    padded = f" {s} "
    out = {"c" + padded[i : i + n] for n in (3, 4, 5) for i in range(len(padded) - n + 1)}
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


class Model:
    """Multinomial logistic regression per dimension; weights are per feature, one column
    per (dimension, class) in `classes` order."""

    def __init__(
        self,
        classes: Mapping[str, tuple[str, ...]],
        bias: tuple[float, ...],
        weights: Mapping[str, tuple[float, ...]],
    ) -> None:
        self.classes = classes
        self.bias = bias
        self.weights = weights
        spans: dict[str, tuple[int, int]] = {}
        start = 0
        for dim in DIMENSIONS:
            spans[dim] = (start, start + len(classes[dim]))
            start += len(classes[dim])
        self._spans = spans

    def read(self, text: str, *, top: int = 0) -> Reading:
        features = grams(text)
        weights = self.weights
        hits = [f for f in features if f in weights]
        scale = 1.0 / math.sqrt(len(features)) if features else 0.0
        sums: list[float]
        if hits:
            sums = list(map(sum, zip(*map(weights.__getitem__, hits), strict=True)))
        else:
            sums = [0.0] * len(self.bias)
        logits = [b + s * scale for b, s in zip(self.bias, sums, strict=True)]
        probabilities: dict[str, dict[str, float]] = {}
        best: dict[str, tuple[tuple[str, float], ...]] = {}
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
                pushes = sorted(((f, self.weights[f][k] * scale) for f in hits), key=_by_push)
                best[dim] = tuple(pushes[:top])
        return Reading(probabilities, best)


def _by_push(item: tuple[str, float]) -> float:
    return -item[1]


def parse(blob: str) -> dict[str, tuple[float, ...]]:
    """The weights blob: one line a feature, "feature<TAB>w1 w2 ..." in thousandths."""
    out: dict[str, tuple[float, ...]] = {}
    for line in blob.splitlines():
        if not line:
            continue
        feature, _, values = line.partition("\t")
        out[feature] = tuple(int(v) / 1000 for v in values.split())
    return out


def load_shipped() -> Model | None:
    """The model generated into `flows.classify.model_weights`; None if none is shipped."""
    if not model_weights.WEIGHTS:
        return None
    return Model(
        {dim: tuple(model_weights.CLASSES[dim]) for dim in DIMENSIONS},
        tuple(b / 1000 for b in model_weights.BIAS),
        parse(model_weights.WEIGHTS),
    )


MODEL: Final = load_shipped()
