"""Unit checks for strict bead F1: ``.venv/bin/python -m pytest bench/align/test_score.py``."""

from __future__ import annotations

import pytest
from score import as_beads, bead_prf

GOLD = as_beads([([0], [0]), ([1, 2], [1]), ([3], []), ([], [2]), ([4], [3, 4])])


def test_identical_is_perfect() -> None:
    assert bead_prf(GOLD, list(GOLD)).f1 == 1.0


def test_order_and_duplicates_do_not_matter() -> None:
    assert bead_prf(GOLD, [*reversed(GOLD), GOLD[0]]).f1 == 1.0


def test_one_wrong_merge() -> None:
    # The aligner splits the 2-1 bead into 1-1 + 1-0: 4 of 6 predicted beads are right,
    # 4 of 5 gold beads are found: P = 2/3, R = 4/5, F1 = 2PR/(P+R) = 8/11.
    pred = as_beads([([0], [0]), ([1], [1]), ([2], []), ([3], []), ([], [2]), ([4], [3, 4])])
    prf = bead_prf(GOLD, pred)
    assert (prf.precision, prf.recall) == pytest.approx((2 / 3, 4 / 5))
    assert prf.f1 == pytest.approx(8 / 11)


def test_drop_and_caption_paired_as_one_bead() -> None:
    # 1-0 + 0-1 taken as a 1-1 bead: P = 3/4, R = 3/5, F1 = 2/3.
    pred = as_beads([([0], [0]), ([1, 2], [1]), ([3], [2]), ([4], [3, 4])])
    assert bead_prf(GOLD, pred).f1 == pytest.approx(2 / 3)


def test_partial_overlap_counts_nothing() -> None:
    pred = as_beads([([0, 1, 2, 3, 4], [0, 1, 2, 3, 4])])
    assert bead_prf(GOLD, pred).f1 == 0.0


def test_both_empty() -> None:
    assert bead_prf([], []).f1 == 1.0
