"""A pydantic ValidationError as the plan's own keys and messages (bot/plan/policy.py)."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError


def _format_loc(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts) or "(top level)"


def validation_problems(exc: ValidationError) -> list[tuple[str, str]]:
    problems = []
    for err in exc.errors():
        msg = err["msg"]
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, ") :]
        key = _format_loc(tuple(err["loc"]))
        if key == "(top level)" and ": " in msg:
            # cross-reference problems name their own key: "classification.rules[0].priority: ..."
            key, msg = msg.split(": ", 1)
        problems.append((key, msg))
    return problems
