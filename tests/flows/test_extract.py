from __future__ import annotations

import json
from pathlib import Path

from flows.extract import extract

CASES = Path(__file__).parent / "data" / "extract_cases.jsonl"


def _load_cases() -> list[dict]:
    with CASES.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def test_corpus_recall_and_precision_are_at_least_95_percent() -> None:
    expected_total = found_right = reported = 0
    misses: list[str] = []
    for case in _load_cases():
        expected = case["fields"]
        got = extract(case["text"]).as_dict()
        expected_total += len(expected)
        reported += len(got)
        for key in sorted(set(expected) | set(got)):
            want, have = expected.get(key), got.get(key)
            if want is not None and want == have:
                found_right += 1
            elif want != have:
                misses.append(f"{key}: want={want!r} got={have!r} | {case['text'][:90]!r}")
    recall = found_right / expected_total
    precision = found_right / reported
    print(f"recall={recall:.3f} precision={precision:.3f} expected={expected_total} reported={reported}")
    print("\n".join(misses))
    assert recall >= 0.95 and precision >= 0.95, "\n".join(misses)
