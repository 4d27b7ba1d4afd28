"""Strict bead F1: a bead counts only when both its sides match the gold exactly.

1-0 and 0-1 beads count like any other, so dropping a sentence or an inserted caption
must be found as such.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

Beads = list[tuple[tuple[int, ...], tuple[int, ...]]]


@dataclass(frozen=True, slots=True)
class PRF:
    precision: float
    recall: float
    f1: float


def as_beads(pairs: Iterable[tuple[Sequence[int], Sequence[int]]]) -> Beads:
    return [(tuple(ru), tuple(en)) for ru, en in pairs]


def load_gold(path: Path) -> Beads:
    return as_beads(json.loads(path.read_text(encoding="utf-8")))


def bead_prf(gold: Beads, pred: Beads) -> PRF:
    g, p = set(gold), set(pred)
    if not g and not p:
        return PRF(1.0, 1.0, 1.0)
    hits = len(g & p)
    precision = hits / len(p) if p else 0.0
    recall = hits / len(g) if g else 0.0
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return PRF(precision, recall, f1)
