"""`dataclasses.replace` for the value objects a turn copies several times (Conversation,
Ticket, StepResult): the same constructor call, with each class's field list read once
instead of on every call. `replace` walks `fields()` and builds a keyword dict per call;
a turn makes five or more of them, each on a 20-odd-field record."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, is_dataclass, replace
from operator import attrgetter
from typing import Any, Final, TypeVar

__all__ = ["evolve"]

T = TypeVar("T")

# per class: (the values getter, name -> position), or None when the class is not plain
# enough to be built by position (a keyword-only or init=False field, an InitVar)
_Plan = tuple[Callable[[Any], tuple[Any, ...]], dict[str, int]] | None
_PLANS: Final[dict[type, _Plan]] = {}


def _plan(cls: type) -> _Plan:
    plan: _Plan = None
    if is_dataclass(cls):
        declared = fields(cls)
        names = tuple(f.name for f in declared)
        plain = all(f.init and not f.kw_only for f in declared)
        # `fields()` leaves InitVars and ClassVars out; `__dataclass_fields__` has them all
        if plain and len(names) >= 2 and len(cls.__dataclass_fields__) == len(names):
            plan = (attrgetter(*names), {name: i for i, name in enumerate(names)})
    _PLANS[cls] = plan
    return plan


def evolve(obj: T, /, **changes: Any) -> T:
    """`dataclasses.replace(obj, **changes)`, the same object built the same way (its
    `__init__` and `__post_init__` run); anything unusual goes to `replace` itself, which
    raises its own errors."""
    cls = type(obj)
    try:
        plan = _PLANS[cls]
    except KeyError:
        plan = _plan(cls)
    if plan is None:
        return replace(obj, **changes)  # type: ignore[type-var]
    getter, index = plan
    values = list(getter(obj))
    for name, value in changes.items():
        at = index.get(name)
        if at is None:
            return replace(obj, **changes)  # type: ignore[type-var]
        values[at] = value
    return cls(*values)
