"""CPU per classified message: the rules alone of a baseline tree against this tree's blend.

Issue 13 asks the classifier to stay at or below today's cost per message; "today" is the
rules-only classifier. One run prints, side by side, the CPU per message of

- `rules`: `assess(text, model=None)`, and `blend`: `assess(text)` (rules + learned model),
  for the baseline tree (by default `main`, unpacked with `git archive`) and this tree;
- over the distinct texts of `tests/flows/data/classify_*.jsonl` and over the first messages
  of `bench/turns.py` (the only turn of a conversation that is classified);
- and the import of `flows.classify.classifier` in a fresh process,

as ratios to the baseline's rules alone. Each figure is process CPU time (not wall time: the
machine is shared), the best of `--passes` passes in a fresh process, and the runs alternate
baseline and this tree `--rounds` times; the table shows the best over rounds.

Caches, in both trees: "warm" empties the small per-message caches (an `lru_cache` of at most
32 entries: one message read whole, in parts and by the model) before every message, so a
text the bench repeats is never read from them, and keeps the per-word cache of typo
corrections as a running bot keeps it; "cold" empties
every cache of flows.classify before every message, as if each message were the first.

    python bench/classify_cost.py [--baseline-rev main | --baseline-code DIR] [--rounds 3]
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _corpus() -> list[str]:
    seen: dict[str, None] = {}
    for path in sorted((ROOT / "tests" / "flows" / "data").glob("classify_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                seen.setdefault(json.loads(line)["text"])
    return list(seen)


def _first_messages() -> list[str]:
    """The first message of each script of bench/turns.py (read, not imported: the bench
    must not import bot/ with another tree's flows/)."""
    tree = ast.parse((ROOT / "bench" / "turns.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "SCRIPTS":
            return [script[0] for script in ast.literal_eval(node.value)]
    raise LookupError("SCRIPTS not found in bench/turns.py")


def _caches(most: int | None) -> list[Any]:
    """The `lru_cache`s of flows.classify holding at most `most` entries (None: all)."""
    found: list[Any] = []
    for name, module in list(sys.modules.items()):
        if not name.startswith("flows.classify"):
            continue
        for value in vars(module).values():
            info = getattr(value, "cache_info", None)
            if info is not None and value not in found:
                if most is None or (info().maxsize or 0) <= most:
                    found.append(value)
    return found


def worker(mode: str, passes: int) -> dict[str, float]:
    """In a fresh process whose sys.path starts with the tree to measure."""
    if mode == "import":
        began = time.process_time()
        import flows.classify.classifier  # noqa: F401, PLC0415

        return {"import": time.process_time() - began}
    import inspect  # noqa: PLC0415

    from flows.classify.classifier import assess  # noqa: PLC0415

    # A tree from before the learned model (066f6af, when issue 13 was filed) reads by rules
    # alone and takes no `model`: its "blend" is its rules.
    learned = "model" in inspect.signature(assess).parameters
    model: dict[str, Any] = {"model": None} if mode == "rules" and learned else {}
    out: dict[str, float] = {}
    for state, caches in (("warm", _caches(32)), ("cold", _caches(None))):
        for label, texts, repeat in (("corpus", _corpus(), 1), ("first", _first_messages(), 300)):
            batch = texts * repeat
            best = float("inf")
            for _ in range(passes):
                began = time.process_time()
                for text in batch:
                    for cache in caches:
                        cache.cache_clear()
                    assess(text, **model)
                best = min(best, time.process_time() - began)
            out[f"{label} {state}"] = best / len(batch)
    return out


def _run(code: Path, mode: str, passes: int) -> dict[str, float]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join((str(code), str(ROOT))),
        "PYTHONHASHSEED": "0",
    }
    done = subprocess.run(
        [sys.executable, __file__, "--worker", mode, "--passes", str(passes)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline-rev", default="main")
    parser.add_argument("--baseline-code", type=Path, help="a tree holding flows/ and domain/")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--imports", type=int, default=5, help="fresh imports per tree a round")
    parser.add_argument("--worker", choices=("rules", "blend", "import"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.passes)))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        base = args.baseline_code
        if base is None:
            base = Path(tmp)
            archive = subprocess.run(
                ["git", "archive", args.baseline_rev, "flows", "domain"],
                cwd=ROOT,
                capture_output=True,
                check=True,
            )
            subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
        trees = {"baseline": base, "this": ROOT}
        best: dict[tuple[str, str, str], float] = {}
        for _ in range(args.rounds):
            for tree, code in trees.items():
                for mode in ("rules", "blend"):
                    for label, value in _run(code, mode, args.passes).items():
                        key = (tree, mode, label)
                        best[key] = min(best.get(key, float("inf")), value)
                for _ in range(args.imports):
                    value = _run(code, "import", 1)["import"]
                    best[(tree, "import", "")] = min(best.get((tree, "import", ""), 9.0), value)
    corpus, first = len(_corpus()), len(_first_messages())
    print(
        f"CPU per message (process time, best of {args.passes} passes x {args.rounds} rounds, "
        f"baseline = {args.baseline_code or args.baseline_rev}); ratio to the baseline's rules alone"
    )
    for label, what in (
        ("corpus", f"{corpus} corpus texts"),
        ("first", f"{first} first messages of bench/turns.py"),
    ):
        for state in ("warm", "cold"):
            base_rules = best[("baseline", "rules", f"{label} {state}")]
            print(f"  {what}, {state}:")
            for tree in trees:
                for mode in ("rules", "blend"):
                    value = best[(tree, mode, f"{label} {state}")]
                    print(
                        f"    {tree:8s} {mode:5s} {value * 1e6:7.1f} us  {value / base_rules:5.2f}x"
                    )
    base_import = best[("baseline", "import", "")]
    for tree in trees:
        value = best[(tree, "import", "")]
        print(
            f"  import flows.classify.classifier, {tree:8s}: {value:.3f} s  {value / base_import:5.2f}x"
            f" (best of {args.imports * args.rounds} fresh processes)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
