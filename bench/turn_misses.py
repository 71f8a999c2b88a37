"""Instructions and simulated cache misses per first message, in `bench/turns.py`'s own sequence.

CPU time per first message (`bench/turns.py --baseline-rev`) is noisy on a shared machine and
counts more than instructions: a first message runs the classifier cold, after the rest of a
turn (the store, SQLite, the kernel's writes) has pushed its data out of the core's caches.
This runs each tree under `valgrind --tool=callgrind --cache-sim=yes` with the last-level
cache set to this machine's L2 (1 MiB, 16-way; the 32 MiB L3 is shared with other machines),
collecting only while a first message (or only its classifier, `--part assess`; or only the
later turns, `--part later`) is handled, the same sequence as `bench/turns.py`'s one customer
at a time, and prints per message: instructions, L1 misses and L2 misses. Deterministic
(PYTHONHASHSEED=0): the same tree twice gives the same counts to a few per message.

    python bench/turn_misses.py --baseline-rev 066f6af [--part first|assess|later] [--keep DIR]

`--keep DIR` copies the callgrind outputs there (`callgrind_annotate --show=Ir,DLmr,DLmw`
tells which functions miss).

Needs valgrind and a C compiler with valgrind's headers (a three-line helper that toggles
the collection is built in a temporary directory). About 3-6 minutes, both trees in parallel.
"""

from __future__ import annotations

import argparse
import asyncio
import ctypes
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

_TOGGLE_C = "#include <valgrind/callgrind.h>\nvoid cg_toggle(void) { CALLGRIND_TOGGLE_COLLECT; }\n"
_EVENTS = ("Ir", "Dr", "Dw", "I1mr", "D1mr", "D1mw", "ILmr", "DLmr", "DLmw")
_L2 = "--LL=1048576,16,64"  # this machine's L2 per core (AMD EPYC: 1 MiB, 16-way, 64 B lines)
_SKIP = 6  # customers handled (collection off) before counting, after the warm-up
_HERE = Path(__file__).resolve().parent


async def _worker(customers: int, part: str, toggle: str) -> None:
    sys.path.insert(0, str(_HERE))
    import turns as bench  # this file's sibling: the same scripts and warm-up

    from bot.engine.turns import Engine
    from bot.plan.policy import load_policy
    from bot.store.sqlite.store import SqliteStore
    from domain.types import Address, Inbound

    flip = ctypes.CDLL(toggle).cg_toggle
    inside = {"on": False}
    if part == "assess":
        import flows.dialogue.intake as intake  # both trees classify a first message through it

        assess = intake.assess

        def counted(*args: Any, **kwargs: Any) -> Any:
            if not inside["on"]:
                return assess(*args, **kwargs)
            flip()
            try:
                return assess(*args, **kwargs)
            finally:
                flip()

        intake.assess = counted  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as tmp:
        async with SqliteStore(Path(tmp) / "bench.db") as store:
            await bench.engine_run(store, 30, 4, tag="warm-")
            await bench.engine_run(store, 60, 16)
            engine = Engine(store=store, policy=load_policy("calltower"), clock=lambda: bench.NOW)
            for i in range(customers + _SKIP):
                who = Address("webchat", f"seq-{i}")
                for j, text in enumerate(bench.SCRIPTS[i % len(bench.SCRIPTS)]):
                    on = i >= _SKIP and (j > 0 if part == "later" else j == 0)
                    whole = on and part != "assess"
                    if whole:
                        flip()
                    inside["on"] = on
                    await engine.handle(Inbound(who, text, f"seq-{i}-{j}", bench.NOW), inline=True)
                    inside["on"] = False
                    if whole:
                        flip()


def _totals(out: Path) -> dict[str, int]:
    for line in out.read_text().splitlines():
        if line.startswith("totals:") or line.startswith("summary:"):
            return dict(zip(_EVENTS, map(int, line.split()[1:]), strict=False))
    raise RuntimeError(f"no totals in {out}")


def compare(rev: str | None, customers: int, part: str, keep: Path | None = None) -> None:
    root = _HERE.parent
    with tempfile.TemporaryDirectory() as tmp:
        helper = Path(tmp) / "libcgtoggle.so"
        source = Path(tmp) / "cgtoggle.c"
        source.write_text(_TOGGLE_C)
        subprocess.run(
            ["cc", "-O2", "-shared", "-fPIC", "-o", str(helper), str(source)], check=True
        )
        trees: list[tuple[str, Path]] = []
        if rev:
            base = Path(tmp) / "baseline"
            base.mkdir()
            archive = subprocess.run(
                ["git", "archive", rev], cwd=root, capture_output=True, check=True
            )
            subprocess.run(["tar", "-x", "-C", str(base)], input=archive.stdout, check=True)
            trees.append(("baseline", base))
        trees.append(("this", root))
        runs = []
        for name, code in trees:
            out = Path(tmp) / f"{name}.callgrind"
            command = [
                "valgrind",
                "--tool=callgrind",
                "--collect-atstart=no",
                "--cache-sim=yes",
                _L2,
            ]
            command += [f"--callgrind-out-file={out}", sys.executable, __file__, "--worker"]
            command += ["--customers", str(customers), "--part", part, "--toggle", str(helper)]
            env = {**os.environ, "PYTHONPATH": str(code), "PYTHONHASHSEED": "0"}
            runs.append(
                (name, out, subprocess.Popen(command, cwd=code, env=env, stderr=subprocess.DEVNULL))
            )
        counts = {}
        for name, out, proc in runs:
            if proc.wait() != 0:
                raise RuntimeError(f"valgrind on {name} exited {proc.returncode}")
            counts[name] = _totals(out)
            if keep is not None:  # for callgrind_annotate: where the misses are, by function
                keep.mkdir(parents=True, exist_ok=True)
                shutil.copy(out, keep / f"{name}-{part}.callgrind")
    per = customers * (6 if part == "later" else 1)
    what = {
        "first": "a first message",
        "assess": "the classifier of a first message",
        "later": "a later turn",
    }
    print(
        f"per {what[part]} ({per} counted; L2 = a simulated 1 MiB 16-way cache; baseline = {rev})"
    )
    rows = (
        ("instructions", ("Ir",)),
        ("L1 misses, code", ("I1mr",)),
        ("L1 misses, data", ("D1mr", "D1mw")),
        ("L2 misses", ("ILmr", "DLmr", "DLmw")),
    )
    for label, keys in rows:
        values = {name: sum(c[k] for k in keys) / per for name, c in counts.items()}
        line = f"  {label:18s}" + "".join(f" {name} {v:>11,.0f}" for name, v in values.items())
        if "baseline" in values and values["baseline"]:
            line += f"  {values['this'] / values['baseline']:5.2f}x"
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline-rev", help="count this revision's tree as well")
    parser.add_argument("--customers", type=int, default=18, help="first messages counted")
    parser.add_argument("--part", choices=("first", "assess", "later"), default="first")
    parser.add_argument("--keep", type=Path, help="copy the callgrind outputs into this folder")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--toggle", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        asyncio.run(_worker(args.customers, args.part, args.toggle))
        return
    compare(args.baseline_rev, args.customers, args.part, args.keep)


if __name__ == "__main__":
    main()
