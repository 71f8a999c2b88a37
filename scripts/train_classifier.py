"""Train the classifier's learned model from the corpora the project ships and generate
`flows/classify/model_weights.py`; or score it grouped by corpus.

    python scripts/train_classifier.py            # regenerate the weights (deterministic on a CPU)
    python scripts/train_classifier.py --check    # exit 1 if the shipped weights differ
    python scripts/train_classifier.py --cv       # leave one corpus pair out, full pipeline
    python scripts/train_classifier.py --cues [--check]  # only the cue index and cuts

Beside the weights it generates `flows/classify/cue_cuts.py`: every cue table's and gated
pattern's keys and cuts by key (`flows.classify.cue_keys.cue_data`, `gate_data`), read from the
patterns here so that the runtime neither parses nor cuts them (at import or first use).

Needs scikit-learn (the `train` extra), at build time only: the runtime reads the generated
module with the standard library. The corpora are named one by one (`CORPORA`): a set kept
for a blind score is never read by accident. The weights record the corpora's SHA-256, so a
test can tell that they were trained from the corpora as they are.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flows.classify.classifier import classify, model_text  # noqa: E402
from flows.classify.learned import DIMENSIONS, NO_SCOPE, Model, grams, parse  # noqa: E402

DATA = ROOT / "tests" / "flows" / "data"
OUT = ROOT / "flows" / "classify" / "model_weights.py"
CUTS_OUT = ROOT / "flows" / "classify" / "cue_cuts.py"
# Every labelled corpus the model may learn from, by name (never a glob).
CORPORA = tuple(
    f"classify_{name}_{lang}" if name else f"classify_{lang}"
    for name in (
        "",
        "dev",
        "round4",
        "round5",
        "round6",
        "round7",
        "round8",
        "round9",
        "round10",
        "round11",
        "round12",
        "round13",
        "round14",
        "round15",
        "round16",
        "round17",
        "round18",
        "blind",
        "blind2",
        "blind3",
        "blind4",
        "blind5",
        "blind6",
        "blind7",
        "blind8",
        "blind9",
        "blind10",
        "blind11",
        "blind12",
        "blind13",
        "blind14",
        "blind15",
        "blind16",
        "blind17",
        "blind18",
        "blind19",
        "blind20",
        "blind21",
    )
    for lang in ("en", "es")
)
CLASSES = {
    "impact": ("outage", "degraded", "cosmetic", "question", "enhancement"),
    "scope": ("site", "several", "one", NO_SCOPE),
    "service": ("voice", "other", "billing", "howto", "change"),
}
C = 30.0  # inverse regularisation, the same for every dimension
# Character 4-grams, words and word pairs (round 6, scripts/model_designs.py: as accurate
# held out as 3- to 5-grams, 40 % of the lookups a text costs the model's read).
CHAR_SIZES: tuple[int, ...] = (4,)
MIN_DOCS = 2  # a feature seen in one message only is that message's, not the language's
KEEP = 0.001  # weights below a thousandth round to 0 and are not shipped
# How far (thousandths) a weight trained on another CPU may lie from the shipped one and
# still be "the same training". The same pinned NumPy/SciPy/scikit-learn pick other BLAS
# kernels by CPU (OpenBLAS's Haswell kernels on an AMD EPYC, SkylakeX on an Intel Xeon);
# L-BFGS then stops at a point a few thousandths away (seen: 39,500 of 50,901 features
# moved, at most 5). A change of corpora, classes or features moves weights far more.
TOLERANCE = 10

Row = dict[str, str]


def corpora_sha256() -> str:
    digest = hashlib.sha256()
    for name in CORPORA:
        digest.update(name.encode())
        digest.update((DATA / f"{name}.jsonl").read_bytes())
    return digest.hexdigest()


def load_rows(names: Iterable[str] = CORPORA) -> list[Row]:
    """The rows of the named corpora ("classify_blind7_en", ...), each tagged with its group
    (the name without the language) and its language."""
    rows: list[Row] = []
    for name in names:
        group, lang = name.rsplit("_", 1)
        for line in (DATA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                row["group"], row["lang"] = group, lang
                rows.append(row)
    return rows


def feature_matrix(feats: Sequence[Iterable[str]], vocab: Sequence[str]) -> Any:
    """One row a text: its features in `vocab`, each scaled by 1/sqrt(the text's feature
    count), so a long message does not outweigh a short one (a scipy CSR matrix)."""
    from scipy.sparse import csr_matrix

    index = {f: i for i, f in enumerate(vocab)}
    data: list[float] = []
    cols: list[int] = []
    ptr = [0]
    for fs in feats:
        present = list(fs)
        kept = sorted(index[f] for f in present if f in index)
        scale = 1.0 / math.sqrt(len(present)) if present else 0.0
        cols.extend(kept)
        data.extend([scale] * len(kept))
        ptr.append(len(cols))
    return csr_matrix((data, cols, ptr), shape=(len(feats), len(vocab)))


def train(rows: Sequence[Row]) -> tuple[list[int], dict[str, list[int]]]:
    """Bias and weights per feature, in thousandths, columns in CLASSES order."""
    from sklearn.linear_model import LogisticRegression

    feats = [grams(model_text(row["text"]), CHAR_SIZES) for row in rows]
    df = Counter(f for fs in feats for f in fs)
    vocab = sorted(f for f, n in df.items() if n >= MIN_DOCS)
    x = feature_matrix(feats, vocab)
    bias: list[int] = []
    columns: list[list[float]] = []
    for dim in DIMENSIONS:
        y = [row[dim] or NO_SCOPE for row in rows]
        model = LogisticRegression(C=C, max_iter=10000, tol=1e-6)
        model.fit(x, y)
        learned = list(model.classes_)
        for cls in CLASSES[dim]:
            if cls in learned:
                k = learned.index(cls)
                bias.append(round(float(model.intercept_[k]) * 1000))
                columns.append([float(w) for w in model.coef_[k]])
            else:  # a class no training row has: never predicted
                bias.append(-20000)
                columns.append([0.0] * len(vocab))
    weights: dict[str, list[int]] = {}
    for i, f in enumerate(vocab):
        row_w = [round(col[i] * 1000) for col in columns]
        if any(abs(w) >= KEEP * 1000 for w in row_w):
            weights[f] = row_w
    return bias, weights


def to_model(bias: list[int], weights: dict[str, list[int]]) -> Model:
    blob = "\n".join(f"{f}\t{' '.join(map(str, w))}" for f, w in weights.items())
    return Model(CLASSES, tuple(b / 1000 for b in bias), parse(blob), CHAR_SIZES)


def render(bias: list[int], weights: dict[str, list[int]], sha: str) -> str:
    lines = [
        '"""Generated by scripts/train_classifier.py from the corpora it names; do not edit.',
        "",
        "Regenerate: python scripts/train_classifier.py (needs the `train` extra).",
        '"""',
        "",
        "# fmt: off",
        f'CORPORA_SHA256 = "{sha}"',
        f"CLASSES: dict[str, tuple[str, ...]] = {CLASSES!r}",
        "# The lengths of the character n-grams read across the text (besides words and pairs).",
        f"CHAR_SIZES: tuple[int, ...] = {CHAR_SIZES!r}",
        f"BIAS: tuple[int, ...] = {tuple(bias)!r}",
        "# One line a feature: the feature, a tab, its weight per class in thousandths.",
        'WEIGHTS = """\\',
    ]
    lines.extend(f"{f}\t{' '.join(map(str, w))}" for f, w in sorted(weights.items()))
    lines.append('"""')
    lines.append("# fmt: on")
    return "\n".join(lines) + "\n"


def render_cuts() -> str:
    """`flows/classify/cue_cuts.py` for every cue and gated pattern the `flows` package
    compiles (each module imported, so each table and pattern registers its source)."""
    import importlib
    import pkgutil

    import flows
    from flows.classify import cue_keys, cues

    for info in pkgutil.walk_packages(flows.__path__, "flows."):
        importlib.import_module(info.name)
    lines = [
        '"""Generated by scripts/train_classifier.py from the cue tables and gated patterns; do not edit.',
        "",
        "Regenerate: python scripts/train_classifier.py --cues (or a whole retrain).",
        "",
        "By the source a pattern is compiled from: the keys (first three characters; a word",
        'that starts with a digit also "#") of the words its matches can start with (None: tried',
        "everywhere), and by key the pattern cut to the alternatives that can start with it (a",
        'gated pattern\'s "": the whole pattern).',
        '"""',
        "",
        "# fmt: off",
        "CUES: dict[str, tuple[tuple[str, ...] | None, dict[str, str]]] = {",
    ]
    lines.extend(f"    {src!r}: {cue_keys.cue_data(src)!r}," for src in sorted(cues.CUE_SOURCES))
    lines.append("}")
    lines.append("GATES: dict[str, tuple[tuple[str, ...] | None, dict[str, str]]] = {")
    lines.extend(f"    {src!r}: {cue_keys.gate_data(src)!r}," for src in sorted(cues.GATE_SOURCES))
    lines.append("}")
    lines.append("# fmt: on")
    return "\n".join(lines) + "\n"


def score(
    rows: Iterable[Row],
    model: Model | None,
    out: dict[str, Counter[str]] | None = None,
    dump: list[dict[str, Any]] | None = None,
) -> dict[str, Counter[str]]:
    """Per language: rows, asked, decided, right, whole-site outages below P2 and P4 read as
    P1/P2, through the rules, `model` and the CallTower table (added to `out` if given)."""
    from tests.flows.corpus import CALLTOWER_RULES

    out = defaultdict(Counter) if out is None else out
    for row in rows:
        d = classify(
            row["text"], rules=CALLTOWER_RULES, default="P4", lang=row["lang"], model=model
        )
        c = out[row["lang"]]
        c["n"] += 1
        key = (row["impact"], row["scope"], row["service"])
        c["site_below_p2"] += key == ("outage", "site", "voice") and d.priority not in ("P1", "P2")
        c["p4_as_p1_p2"] += row["priority"] == "P4" and d.priority in ("P1", "P2")
        if dump is not None:
            dump.append(
                {
                    "text": row["text"],
                    "want": row["priority"],
                    "got": d.priority,
                    "ask": d.would_ask,
                }
            )
        if d.would_ask:
            c["asked"] += 1
        else:
            c["decided"] += 1
            c["right"] += d.priority == row["priority"]
    return out


def cross_validate(rows: list[Row], held: Sequence[str], dump: str | None = None) -> None:
    """Leave each group of `held` out in turn; with `dump`, write each held-out message's
    decision (rules + model) to that JSON-lines file, to compare two versions message by
    message."""
    decisions: list[dict[str, Any]] = []
    for group in held:
        train_rows = [r for r in rows if r["group"] != group]
        test_rows = [r for r in rows if r["group"] == group]
        model = to_model(*train(train_rows))
        for label, m in (("rules alone", None), ("rules + model", model)):
            kept = decisions if m is not None and dump else None
            for lang, c in sorted(score(test_rows, m, dump=kept).items()):
                print(
                    f"{group} {lang} {label}: right {c['right'] / c['decided']:.3f}"
                    f" ({c['right']}/{c['decided']}), asks {c['asked'] / c['n']:.3f},"
                    f" site outages below P2 {c['site_below_p2']}, P4 as P1/P2 {c['p4_as_p1_p2']}"
                )
    if dump:
        Path(dump).write_text(
            "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in decisions), encoding="utf-8"
        )


def weight_differences(shipped: str, trained: str, tolerance: int = TOLERANCE) -> list[str]:
    """Where `trained` (this CPU's training, rendered) is not the training `shipped` records:
    any other line than the weights and the bias differs, a weight or bias is more than
    `tolerance` thousandths away, or a feature is in one and not the other with a weight
    above `tolerance` (a feature at the KEEP bound may come or go)."""

    def split(text: str) -> tuple[list[str], list[int], dict[str, list[int]]]:
        other: list[str] = []
        bias: list[int] = []
        weights: dict[str, list[int]] = {}
        for line in text.splitlines():
            if "\t" in line:
                feature, _, numbers = line.partition("\t")
                weights[feature] = [int(n) for n in numbers.split()]
            elif line.startswith("BIAS:"):
                bias = [int(n) for n in line.partition("(")[2].rstrip(")").split(", ")]
            else:
                other.append(line)
        return other, bias, weights

    (other_a, bias_a, weights_a), (other_b, bias_b, weights_b) = split(shipped), split(trained)
    if len(other_a) != len(other_b) or len(bias_a) != len(bias_b):
        return ["the generated module's shape differs"]
    problems = [
        f"line differs: {a!r} / {b!r}" for a, b in zip(other_a, other_b, strict=True) if a != b
    ]
    problems += [
        f"BIAS[{i}]: {a} / {b}"
        for i, (a, b) in enumerate(zip(bias_a, bias_b, strict=True))
        if abs(a - b) > tolerance
    ]
    for feature in weights_a.keys() | weights_b.keys():
        a = weights_a.get(feature, [0] * len(bias_a))
        b = weights_b.get(feature, [0] * len(bias_b))
        if any(abs(x - y) > tolerance for x, y in zip(a, b, strict=True)):
            problems.append(f"{feature!r}: {a} / {b}")
    return sorted(problems)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--cv", nargs="*", metavar="GROUP")
    parser.add_argument("--cv-dump", metavar="FILE", help="with --cv: each decision, JSON lines")
    parser.add_argument("--cues", action="store_true", help="only the cue index and cuts")
    args = parser.parse_args()
    cuts = render_cuts()
    if args.check:
        same_cuts = CUTS_OUT.read_text(encoding="utf-8") == cuts
        print("the shipped cue cuts match" if same_cuts else "the shipped cue cuts differ")
        if args.cues or not same_cuts:
            return 0 if same_cuts else 1
    elif args.cues or args.cv is None:
        CUTS_OUT.write_text(cuts, encoding="utf-8")
        print(f"wrote {CUTS_OUT.relative_to(ROOT)}")
    if args.cues:
        return 0
    rows = load_rows()
    if args.cv is not None:
        held = args.cv or ["classify_blind4", "classify_blind3", "classify_blind2"]
        cross_validate(rows, held, args.cv_dump)
        return 0
    text = render(*train(rows), corpora_sha256())
    if args.check:
        problems = weight_differences(OUT.read_text(encoding="utf-8"), text)
        print("\n".join(problems[:20]) or f"the shipped weights match (within {TOLERANCE}/1000)")
        return 1 if problems else 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
