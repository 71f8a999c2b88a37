"""Hypothesis strategies for what a hostile or broken peer sends: any JSON, JSON shaped almost
like the provider's envelopes, forms, and nesting deep enough to exhaust a recursive parser."""

from __future__ import annotations

import json
import os
from typing import Any, Final

from hypothesis import strategies as st

scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
)
any_json: st.SearchStrategy[Any] = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)


def almost(keys: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    """A dict with the envelope's keys, each either right-ish or any JSON, some missing."""
    return st.fixed_dictionaries({}, optional={k: v | any_json for k, v in keys.items()})


def deep(depth: int) -> str:
    return "[" * depth + "]" * depth


# CI runs the default; `make test-fuzz` (or this variable) runs many more.
EXAMPLES: Final = int(os.environ.get("SUPPORTBOT_FUZZ_EXAMPLES", "150"))


def collect(strategy: st.SearchStrategy[Any], count: int) -> list[Any]:
    """`count` examples of a strategy, drawn by hypothesis (for async tests that post them)."""
    from hypothesis import HealthCheck, given, settings

    found: list[Any] = []

    @settings(
        max_examples=count, database=None, suppress_health_check=list(HealthCheck), deadline=None
    )
    @given(strategy)
    def draw(value: Any) -> None:
        found.append(value)

    draw()
    return found


def dumps(value: Any) -> str:
    return json.dumps(value)
