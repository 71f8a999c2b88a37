"""A cheaper `__init__` for the frozen, slotted value objects a turn builds dozens of.

`@dataclass(frozen=True, slots=True)` writes an `__init__` that sets each field with
`object.__setattr__(self, name, value)` (the frozen class's own `__setattr__` refuses):
a call through a wrapper, an argument tuple, the attribute's lookup on the type, a few
hundred instructions a field. A turn builds the 17-field Conversation about eight times
and some forty value objects in all; that was a tenth of an outage-storm message's CPU
(docs/benchmarks.md, "Figures after storm7"). `quick_init` gives the class an `__init__`
with the same parameters, defaults and factories that sets each slot through its own
descriptor (`Class.field.__set__`), about half the cost; the instance is the same.
"""

from __future__ import annotations

from dataclasses import MISSING, fields
from typing import Any, TypeVar

__all__ = ["quick_init"]

T = TypeVar("T", bound=type)


def quick_init(cls: T) -> T:
    """Apply above `@dataclass(frozen=True, slots=True)` on a plain record: every field an
    `__init__` parameter, positional or keyword (no `kw_only`, `init=False` or InitVar)
    and no `__post_init__`. Anything else is refused at import (TypeError)."""
    declared = fields(cls)
    if (
        not cls.__dataclass_params__.frozen  # type: ignore[attr-defined]
        or "__slots__" not in cls.__dict__
        or hasattr(cls, "__post_init__")
        or len(cls.__dataclass_fields__) != len(declared)  # type: ignore[attr-defined]
        or any(not f.init or f.kw_only for f in declared)
    ):
        raise TypeError(f"quick_init: {cls.__qualname__} is not a plain frozen, slotted record")
    names = [f.name for f in declared]
    scope: dict[str, Any] = {"_FACTORY": _FACTORY}
    params, body = [], []
    for i, f in enumerate(declared):
        scope[f"_set{i}"] = cls.__dict__[f.name].__set__
        value = f.name
        if f.default is not MISSING:
            scope[f"_default{i}"] = f.default
            params.append(f"{f.name}=_default{i}")
        elif f.default_factory is not MISSING:
            scope[f"_factory{i}"] = f.default_factory
            params.append(f"{f.name}=_FACTORY")
            value = f"_factory{i}() if {f.name} is _FACTORY else {f.name}"
        else:
            params.append(f.name)
        body.append(f"    _set{i}(self, {value})")
    source = f"def __init__(self, {', '.join(params)}):\n" + "\n".join(body or ["    pass"])
    exec(source, scope)  # noqa: S102 - built from the class's own field names
    init = scope["__init__"]
    original = cls.__init__  # type: ignore[misc]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    init.__annotations__ = dict(getattr(original, "__annotations__", {}))
    init.__doc__ = original.__doc__
    assert names == [p.split("=")[0] for p in params]
    cls.__init__ = init  # type: ignore[misc]
    return cls


class _Factory:
    """The default of a parameter whose field has a `default_factory`."""

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()
