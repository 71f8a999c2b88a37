"""The README and docs/ are read in the repository: every link resolves inside it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(
    [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *(ROOT / "docs").glob("*.md")],
    key=lambda p: p.name,
)
_LINK = re.compile(r"\]\(([^)\s]+)\)")
_CODE = re.compile(r"`([^`\s]+)`")


def _links(page: Path) -> list[str]:
    return [m.group(1) for m in _LINK.finditer(page.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves_to_a_file_in_the_repository(page: Path) -> None:
    broken = []
    for link in _links(page):
        if re.match(r"[a-z]+:", link) or link.startswith("#"):
            continue  # https://..., mailto:, an anchor on the same page
        target = (page.parent / link.split("#")[0]).resolve()
        if not target.is_relative_to(ROOT) or not target.exists():
            broken.append(link)
    assert broken == []


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_page_points_outside_the_repository(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    outside = [c for c in _CODE.findall(text) if c.startswith("../")]
    assert outside == [] and "../shared" not in text


def test_the_readme_links_the_architecture_map_contributing_and_the_license() -> None:
    links = set(_links(ROOT / "README.md"))
    assert {"docs/architecture.md", "CONTRIBUTING.md", "LICENSE"} <= links


def test_the_license_is_the_apache_license_pyproject_declares() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in text and "Version 2.0, January 2004" in text
    assert "END OF TERMS AND CONDITIONS" in text  # the full text, not a pointer to it
    assert 'license = "Apache-2.0"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
