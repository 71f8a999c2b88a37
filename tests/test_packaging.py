"""pyproject.toml lists what the code imports, and only that (the test extras carry the rest)."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("api", "bot", "channels", "domain", "flows", "handoff")
# Declared for what they bring, not imported by name (none now: aiohttp, once declared only
# for slack-sdk's async client, is imported by channels/twilio_rest.py for its errors).
NOT_IMPORTED: frozenset[str] = frozenset()


def _name(requirement: str) -> str:
    match = re.match(r"[A-Za-z0-9._-]+", requirement)
    assert match, requirement
    return re.sub(r"[-_.]+", "-", match.group(0)).lower()


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _imported_distributions() -> dict[str, set[str]]:
    """Distribution name -> the modules of ours that import it (also inside functions)."""
    owners = importlib.metadata.packages_distributions()
    found: dict[str, set[str]] = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    tops = [alias.name.split(".")[0] for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    tops = [node.module.split(".")[0]]
                else:
                    continue
                for top in tops:
                    if top in PACKAGES or top in sys.stdlib_module_names:
                        continue
                    for dist in owners.get(top, [top]):
                        found.setdefault(_name(dist), set()).add(str(path.relative_to(ROOT)))
    return found


def test_every_third_party_import_is_a_declared_dependency() -> None:
    declared = {_name(r) for r in _pyproject()["project"]["dependencies"]}
    missing = {d: sorted(m) for d, m in _imported_distributions().items() if d not in declared}
    assert missing == {}


def test_every_declared_dependency_is_imported_or_says_why_not() -> None:
    imported = set(_imported_distributions())
    declared = {_name(r) for r in _pyproject()["project"]["dependencies"]}
    assert declared - imported == NOT_IMPORTED


def test_what_only_tests_use_is_in_the_test_extras() -> None:
    project = _pyproject()["project"]
    runtime = {_name(r) for r in project["dependencies"]}
    test = {_name(r) for r in project["optional-dependencies"]["test"]}
    assert {"python-multipart", "openapi-spec-validator", "standardwebhooks"} <= test
    assert not {"python-multipart", "openapi-spec-validator", "standardwebhooks"} & runtime
