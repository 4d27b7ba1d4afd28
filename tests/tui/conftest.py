"""Fixtures of the review app's tests: the article opened in a fresh folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sverka.reviewsetup import load_glossaries
from sverka.session import ReviewSession

ARTICLE = Path(__file__).resolve().parents[2] / "corpora" / "kazakhstan-2022"


@pytest.fixture(scope="session")
def glossaries():
    return load_glossaries(("kazakhstan-2022",), (), True)


@pytest.fixture
def session(tmp_path, glossaries):
    for name in ("ru.txt", "en.txt"):
        shutil.copy(ARTICLE / name, tmp_path / name)
    s = ReviewSession.open(tmp_path / "ru.txt", tmp_path / "en.txt")
    yield s
    s.close()
