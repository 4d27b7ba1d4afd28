"""The documentation's links and paths lead somewhere inside the repository (issue 16, item
22: glossary/README.md sent readers to a path on the machine it was written on)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SKIP = {".venv", ".git", ".pytest_cache", "node_modules", ".ruff_cache"}
DOCS = sorted(
    p.relative_to(ROOT) for p in ROOT.rglob("*.md") if not SKIP & set(p.relative_to(ROOT).parts)
)
LINK = re.compile(r"\]\(([^)#\s]+)")
ABSOLUTE = re.compile(r"(?<![\w.~:/])(/(?:work|home|tmp|root|Users|mnt|srv|opt)/[^\s`)\]]*)")


def test_the_documents_are_found():
    assert Path("README.md") in DOCS and Path("glossary/README.md") in DOCS


@pytest.mark.parametrize("doc", DOCS, ids=str)
def test_links_lead_to_files_of_the_repository(doc: Path):
    text = (ROOT / doc).read_text(encoding="utf-8")
    assert ABSOLUTE.findall(text) == [], "a path outside the repository"
    for target in LINK.findall(text):
        if re.match(r"[a-z]+:", target):
            continue  # a web address
        where = (ROOT / doc).parent / target
        assert where.resolve().is_relative_to(ROOT), f"{target}: outside the repository"
        assert where.exists(), f"{target}: no such file"
