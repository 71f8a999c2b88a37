"""Every customer-facing sentence exists in both languages with the same placeholders."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from flows.catalog import messages as catalog

FLOWS = Path(catalog.__file__).parent
ROOT = FLOWS.parent


@pytest.mark.parametrize("key", sorted(catalog.MESSAGES))
def test_every_key_has_english_and_spanish(key: str) -> None:
    entry = catalog.MESSAGES[key]
    assert set(entry) == {"en", "es"}, f"{key} has {sorted(entry)}"
    assert entry["en"].strip() and entry["es"].strip()


@pytest.mark.parametrize("key", sorted(catalog.MESSAGES))
def test_both_languages_use_the_same_placeholders(key: str) -> None:
    entry = catalog.MESSAGES[key]
    assert catalog.placeholders(entry["en"]) == catalog.placeholders(entry["es"])


@pytest.mark.parametrize("key", sorted(k for k in catalog.MESSAGES if k.endswith(".short")))
def test_short_variants_have_a_full_version(key: str) -> None:
    assert key.removesuffix(".short") in catalog.MESSAGES


def _literal_keys() -> set[str]:
    """Catalog keys named as string literals in Say(...) and render(...) calls."""
    keys: set[str] = set()
    for folder in ("flows", "bot", "channels", "handoff"):
        for path in (ROOT / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                args = node.args
                if name == "Say" and args and isinstance(args[0], ast.Constant):
                    keys.add(args[0].value)
                if name == "render" and len(args) >= 2 and isinstance(args[1], ast.Constant):
                    keys.add(args[1].value)
    return {k for k in keys if isinstance(k, str) and re.fullmatch(r"[a-z_.]+", k)}


def test_every_key_the_code_uses_exists() -> None:
    missing = sorted(k for k in _literal_keys() if k not in catalog.MESSAGES)
    assert not missing, f"keys used in code but missing from the catalog: {missing}"


def test_short_variant_is_used_only_when_asked() -> None:
    assert catalog.render("en", "ask.phone") != catalog.render("en", "ask.phone", short=True)
    assert catalog.render("es", "ask.name", short=True) == catalog.render("es", "ask.name")


def test_unknown_language_falls_back_to_english() -> None:
    assert catalog.render("fr", "yes") == "Yes"


def test_uses_names_the_placeholders_of_the_sentence_render_picks() -> None:
    # the SMS promise names its time only; the long one its duration too
    assert catalog.uses("en", "promise.first_response", "due", short=True)
    assert not catalog.uses("en", "promise.first_response", "duration", short=True)
    assert catalog.uses("en", "promise.first_response", "duration")
    assert not catalog.uses("es", "promise.first_response", "duration", short=True)
    assert catalog.uses("fr", "promise.first_response", "duration")  # as render: English
    # a key without an SMS variant: the sentence itself
    assert catalog.uses("en", "ticket_opened", "promise", short=True)
