"""Fixtures for the score tests: WMT21 ru-en as sacrebleu's own reader unwraps it (an oracle
independent of sverka.io.wmt)."""

from __future__ import annotations

import re

import pytest
from scoredata import WMT


@pytest.fixture(scope="session")
def wmt21() -> dict[str, list[str]]:
    """Fields as sacrebleu's WMTXMLDataset unwraps them, whitespace cleaned as its text files."""
    from sacrebleu.dataset.wmt_xml import WMTXMLDataset

    fields = WMTXMLDataset._unwrap_wmt21_or_later(str(WMT))
    return {k: [re.sub(r"\s+", " ", s.strip()) for s in v] for k, v in fields.items()}
