"""Cross-validate candidate designs of the classifier's learned model through the full pipeline.

For each design (features, vocabulary, regularisation): leave one corpus pair of
`train_classifier.CORPORA` out, train on the rest, score the pair left out through the rules
+ blend + CallTower table; and score the blind pairs not in `CORPORA` (blind 6, blind 7) with
the model trained on every corpus. Prints, per design and language, accuracy where it does
not ask, asks, whole-site outages below P2, P4 read as P1/P2, and the lookups per text
(distinct features the model's read looks up: what its CPU cost follows).

    python scripts/model_designs.py [DESIGN ...]     # every design when none is named
    python scripts/model_designs.py --steadiness classify_blind6 DESIGN ...
    python scripts/model_designs.py --rules-alone

Build time only (scikit-learn); the model read here is a plain numpy one, scored exactly as
the shipped reader would (weights in thousandths).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import numpy as np  # noqa: E402
import train_classifier  # noqa: E402
from train_classifier import CLASSES, CORPORA, DATA, Row, feature_matrix, load_rows  # noqa: E402

from flows.classify.classifier import classify, model_text  # noqa: E402
from flows.classify.learned import DIMENSIONS, NO_SCOPE, Reading  # noqa: E402
from flows.classify.text import basic  # noqa: E402

EXTRA_HELD = ("classify_blind6", "classify_blind7")
TOL = 1e-4  # the shipped weights use 1e-6; 1e-4 trains 2-4x faster and moves few readings


@dataclass(frozen=True)
class Design:
    name: str
    chars: tuple[int, ...] = (3, 4, 5)
    char_mode: str = "text"  # "text": across the padded text; "oov": in unknown words only
    words: bool = True
    pairs: bool = True
    min_df: int = 2
    c: float = 30.0
    top_k: int | None = None  # keep the K features with the largest chi2 (any dimension)


def features(design: Design, text: str, known_words: frozenset[str] | None) -> set[str]:
    s = basic(text)
    words = s.split()
    out: set[str] = set()
    if design.words:
        out.update("w" + w for w in words)
    if design.pairs:
        out.update(f"b{a} {b}" for a, b in zip(words, words[1:], strict=False))
    if design.chars:
        if design.char_mode == "text":
            padded = f" {s} "
            out.update(
                "c" + padded[i : i + n] for n in design.chars for i in range(len(padded) - n + 1)
            )
        else:
            assert known_words is not None
            for w in set(words):
                if w in known_words:
                    continue
                padded = f" {w} "
                out.update(
                    "c" + padded[i : i + n]
                    for n in design.chars
                    for i in range(len(padded) - n + 1)
                )
    return out


class CvModel:
    def __init__(
        self,
        design: Design,
        index: dict[str, int],
        weights: np.ndarray,
        bias: np.ndarray,
        known_words: frozenset[str],
    ) -> None:
        self.design, self.index, self.weights, self.bias = design, index, weights, bias
        self.known_words = known_words

    def feats(self, text: str) -> set[str]:
        return features(self.design, text, self.known_words)

    def read(self, text: str, *, top: int = 0) -> Reading:
        fs = self.feats(text)
        scale = 1.0 / math.sqrt(len(fs)) if fs else 0.0
        rows = [self.index[f] for f in fs if f in self.index]
        sums = self.weights[rows].sum(axis=0) if rows else np.zeros(len(self.bias))
        logits = self.bias + sums * scale
        probs: dict[str, dict[str, float]] = {}
        start = 0
        for dim in DIMENSIONS:
            k = len(CLASSES[dim])
            row = logits[start : start + k]
            e = np.exp(row - row.max())
            e /= e.sum()
            probs[dim] = {c: float(p) for c, p in zip(CLASSES[dim], e, strict=True)}
            start += k
        return Reading(probs, {d: () for d in DIMENSIONS})

    def lookups(self, text: str) -> int:
        return len(self.feats(text))


def train(design: Design, rows: Sequence[Row], texts: dict[str, str]) -> CvModel:
    from scipy.sparse import csr_matrix
    from sklearn.feature_selection import chi2
    from sklearn.linear_model import LogisticRegression

    word_df = Counter(w for r in rows for w in set(basic(texts[r["text"]]).split()))
    known = frozenset(w for w, n in word_df.items() if n >= design.min_df)
    feats = [features(design, texts[r["text"]], known) for r in rows]
    df = Counter(f for fs in feats for f in fs)
    vocab = sorted(f for f, n in df.items() if n >= design.min_df)

    def matrix(vocab: list[str]) -> csr_matrix:
        return feature_matrix(feats, vocab)

    x = matrix(vocab)
    if design.top_k and design.top_k < len(vocab):
        best = np.zeros(len(vocab))
        for dim in DIMENSIONS:
            y = [r[dim] or NO_SCOPE for r in rows]
            scores, _ = chi2(x, y)
            scores = np.nan_to_num(scores)
            best = np.maximum(best, scores / (scores.max() or 1.0))
        keep = sorted(np.argsort(-best)[: design.top_k])
        vocab = [vocab[i] for i in keep]
        x = matrix(vocab)
    bias: list[float] = []
    columns: list[np.ndarray] = []
    for dim in DIMENSIONS:
        y = [r[dim] or NO_SCOPE for r in rows]
        model = LogisticRegression(C=design.c, max_iter=10000, tol=TOL)
        model.fit(x, y)
        learned = list(model.classes_)
        for cls in CLASSES[dim]:
            if cls in learned:
                k = learned.index(cls)
                bias.append(round(float(model.intercept_[k]) * 1000) / 1000)
                columns.append(np.round(model.coef_[k] * 1000) / 1000)
            else:
                bias.append(-20.0)
                columns.append(np.zeros(len(vocab)))
    w = np.stack(columns, axis=1)
    w[np.abs(w) < 0.001] = 0.0
    return CvModel(design, {f: i for i, f in enumerate(vocab)}, w, np.array(bias), known)


def load_group(group: str) -> list[Row]:
    return load_rows((f"{group}_en", f"{group}_es"))


def score(rows: Iterable[Row], model: CvModel | None, out: dict[str, Counter[str]]) -> None:
    rows = list(rows)
    train_classifier.score(rows, model, out)  # type: ignore[arg-type]
    if model is not None:
        for row in rows:
            out[row["lang"]]["lookups"] += model.lookups(model_text(row["text"]))


def line(label: str, c: Counter[str]) -> str:
    return (
        f"{label}: right {c['right'] / c['decided']:.3f} ({c['right']}/{c['decided']}),"
        f" asks {c['asked'] / c['n']:.3f}, site<P2 {c['site_below_p2']},"
        f" P4>=P2 {c['p4_as_p1_p2']}, lookups/text {c['lookups'] / c['n']:.0f}"
    )


def evaluate(design: Design, rows: list[Row], extra: dict[str, list[Row]]) -> None:
    texts = {r["text"]: model_text(r["text"]) for r in rows}
    for held in extra.values():
        texts.update({r["text"]: model_text(r["text"]) for r in held})
    began = time.process_time()
    folds: dict[str, dict[str, Counter[str]]] = {
        "cv": defaultdict(Counter),
        **{g: defaultdict(Counter) for g in extra},
    }
    groups = sorted({r["group"] for r in rows})
    for group in groups:
        model = train(design, [r for r in rows if r["group"] != group], texts)
        score([r for r in rows if r["group"] == group], model, folds["cv"])
    full = train(design, rows, texts)
    for group, held in extra.items():
        score(held, full, folds[group])
    size = len(full.index)
    print(f"== {design.name}: {size} features (all corpora), {time.process_time() - began:.0f} s")
    for fold, by_lang in folds.items():
        for lang in ("en", "es"):
            print(f"  {fold:16s} {lang} " + line("", by_lang[lang]))
    sys.stdout.flush()


def steadiness(design: Design, rows: list[Row], added: list[Row]) -> None:
    """How many readings of texts unrelated to `added` move when it joins the training:
    the priority (CallTower table) and the model's own best class per dimension."""
    from tests.flows.corpus import CALLTOWER_RULES

    texts = {r["text"]: model_text(r["text"]) for r in [*rows, *added]}
    before = train(design, rows, texts)
    after = train(design, [*rows, *added], texts)
    others: dict[str, str] = {}
    for path in sorted(DATA.glob("*.jsonl")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            text = json.loads(raw).get("text") if raw.strip() else None
            if isinstance(text, str) and text not in {r["text"] for r in added}:
                others.setdefault(text, path.stem)
    moved = Counter[str]()
    for text in others:
        ds = [
            classify(text, rules=CALLTOWER_RULES, default="P4", model=m)  # type: ignore[arg-type]
            for m in (before, after)
        ]
        moved["priority"] += ds[0].priority != ds[1].priority
        moved["asks"] += ds[0].would_ask != ds[1].would_ask
        readings = [m.read(model_text(text)) for m in (before, after)]
        moved["model"] += any(readings[0].best(d) != readings[1].best(d) for d in DIMENSIONS)
    print(
        f"== {design.name}: adding {len(added)} rows moves, of {len(others)} other texts,"
        f" the priority of {moved['priority']}, the ask of {moved['asks']},"
        f" the model's best class of {moved['model']}"
    )
    sys.stdout.flush()


DESIGNS: dict[str, Design] = {
    d.name: d
    for d in (
        Design("shipped"),
        Design("words+pairs", chars=()),
        Design("words+pairs+oov345", char_mode="oov"),
        Design("words+pairs+oov4", chars=(4,), char_mode="oov"),
        Design("words+pairs+oov34", chars=(3, 4), char_mode="oov"),
        Design("chars4+words+pairs", chars=(4,)),
        Design("chars35+words+pairs", chars=(3, 5)),
        Design("shipped C3", c=3.0),
        Design("shipped C10", c=10.0),
        Design("shipped top10k", top_k=10000),
        Design("shipped top4k", top_k=4000),
        Design("words+pairs+oov345 C10", char_mode="oov", c=10.0),
        Design("words+pairs+oov345 C100", char_mode="oov", c=100.0),
        Design("words+pairs+oov345 top5k", char_mode="oov", top_k=5000),
        Design("words+pairs+oov345 top2k", char_mode="oov", top_k=2000),
        Design("words+pairs+oov345 mindf3", char_mode="oov", min_df=3),
        Design("words+oov345", char_mode="oov", pairs=False),
        Design("words+pairs C10", chars=(), c=10.0),
        Design("words+pairs C100", chars=(), c=100.0),
        Design("words+pairs top3k", chars=(), top_k=3000),
        Design("words+pairs mindf3", chars=(), min_df=3),
    )
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("designs", nargs="*")
    parser.add_argument("--rules-alone", action="store_true")
    parser.add_argument("--steadiness", metavar="GROUP", help="add this corpus pair and count")
    args = parser.parse_args(argv)
    rows = load_rows()
    extra = {g: load_group(g) for g in EXTRA_HELD if f"{g}_en" not in CORPORA}
    if args.rules_alone:
        out: dict[str, dict[str, Counter[str]]] = {"cv": defaultdict(Counter)}
        score(rows, None, out["cv"])
        for g, held in extra.items():
            out[g] = defaultdict(Counter)
            score(held, None, out[g])
        print("== rules alone")
        for fold, by_lang in out.items():
            for lang in ("en", "es"):
                print(f"  {fold:16s} {lang} " + line("", by_lang[lang]))
        return 0
    if args.steadiness:
        for name in args.designs or list(DESIGNS):
            steadiness(DESIGNS[name], rows, load_group(args.steadiness))
        return 0
    for name in args.designs or list(DESIGNS):
        evaluate(DESIGNS[name], rows, extra)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
