"""The extractor against a held-out corpus written before its code was read.

`data/extract_blind.jsonl`: 200 messages (100 English, 100 Spanish from Spain and
Latin America) labelled by hand with the rules in `data/extract_blind_rules.md`.
Scored like `supportbot extract`: the six intake fields, default region US.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import phonenumbers

from flows.extract.fields import extract

BLIND = Path(__file__).parent / "data" / "extract_blind.jsonl"
FIELDS = ("phone", "email", "call_id", "ticket", "account_id", "name")


def _cases() -> list[dict[str, Any]]:
    with BLIND.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def test_blind_corpus_is_bilingual_and_labelled_with_known_fields_and_valid_values() -> None:
    cases = _cases()
    assert len(cases) == 200
    for case in cases:
        fields = case["fields"]
        assert set(fields) <= set(FIELDS), case
        if "phone" in fields:
            number = phonenumbers.parse(fields["phone"], None)
            assert phonenumbers.is_valid_number(number), case
        if "email" in fields:
            assert fields["email"] == fields["email"].lower(), case
        if "ticket" in fields:
            assert fields["ticket"].isdigit(), case
        for key in ("call_id", "account_id", "name"):
            if key in fields:
                assert fields[key] in case["text"], case


def test_blind_corpus_recall_and_precision_are_at_least_95_percent() -> None:
    expected = reported = right = 0
    misses: dict[str, list[str]] = {}
    for case in _cases():
        got = {k: v for k, v in extract(case["text"], region="US").as_dict().items() if k in FIELDS}
        want = case["fields"]
        expected += len(want)
        reported += len(got)
        for key in FIELDS:
            w, g = want.get(key), got.get(key)
            if w is not None and w == g:
                right += 1
            elif w != g:
                misses.setdefault(key, []).append(f"  want={w!r} got={g!r} | {case['text'][:90]!r}")
    recall = right / expected
    precision = right / reported if reported else 1.0
    report = [
        f"recall={recall:.3f} precision={precision:.3f} ({right}/{expected}, {reported} reported)"
    ]
    for key, lines in sorted(misses.items()):
        report.append(f"{key}: {len(lines)} wrong")
        report.extend(lines)
    print("\n".join(report))
    assert recall >= 0.95 and precision >= 0.95, "\n".join(report)
