"""Sentence embeddings only where the cheap alignment is unsure (issue 19).

The cheap aligner (``align.py``: lengths, anchors, a learned dictionary) gives every bead a
posterior. Where it is sure, embeddings would only confirm it, and encoding a sentence costs
a hundred times more than aligning it. So: the beads under ``gate`` confidence, with
``context`` beads either side, make doubtful stretches; only their sentences are encoded (one
batch per language), and each stretch is aligned again with the embedding cost added,
anchored at the confident beads at its ends (its first and last nodes are fixed), then
spliced back. A dropped sentence the cheap pass hid inside a 2-1 bead shows up as a doubtful
bead there, and the embeddings find it.

This module does not import ``align`` (which calls it): the caller passes the function that
aligns one stretch.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

from sverka import embed, progress
from sverka.model import Bead

GATE = 0.7  # beads under this confidence are doubtful (bench/align/heldout.py, tune half)
CONTEXT = 1  # beads either side of a doubtful one aligned again with it

# (Russian start, Russian end, English start, English end, Russian vectors, English vectors)
StretchSolver = Callable[[int, int, int, int, np.ndarray, np.ndarray], list[Bead]]

# What the last calls encoded, for the benchmark: sentences encoded, stretches, sentences.
stats: Counter[str] = Counter()


def doubtful_stretches(
    beads: Sequence[Bead], gate: float = GATE, context: int = CONTEXT
) -> list[tuple[int, int]]:
    """Bead ranges [start, stop) to align again: doubtful beads with their neighbours,
    overlapping or touching ranges merged."""
    out: list[tuple[int, int]] = []
    for k, b in enumerate(beads):
        if b.confidence >= gate:
            continue
        lo, hi = max(0, k - context), min(len(beads), k + context + 1)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def refine(
    beads: list[Bead],
    ru: Sequence[str],
    en: Sequence[str],
    solve: StretchSolver,
    *,
    gate: float = GATE,
    context: int | None = None,
    encode: Callable[[Sequence[str]], np.ndarray] | None = None,
) -> list[Bead]:
    """The beads with each doubtful stretch aligned again with sentence embeddings."""
    context = CONTEXT if context is None else context
    encode = encode or embed.encode
    # Node (Russian, English sentences before it) at the start of each bead, and the end.
    ri = np.cumsum([0] + [len(b.ru) for b in beads])
    ej = np.cumsum([0] + [len(b.en) for b in beads])
    spans = [
        (b0, b1, int(ri[b0]), int(ri[b1]), int(ej[b0]), int(ej[b1]))
        for b0, b1 in doubtful_stretches(beads, gate, context)
    ]
    # A stretch with no sentence on one side has one alignment only: nothing to decide.
    spans = [s for s in spans if s[3] > s[2] and s[5] > s[4]]
    stats["texts"] += 1
    stats["sentences"] += len(ru) + len(en)
    if not spans:
        return beads
    ru_idx = np.concatenate([np.arange(s[2], s[3]) for s in spans])
    en_idx = np.concatenate([np.arange(s[4], s[5]) for s in spans])
    progress.phase("comparing sentence embeddings")
    ru_vec, en_vec = encode([ru[i] for i in ru_idx]), encode([en[j] for j in en_idx])
    stats["encoded"] += len(ru_idx) + len(en_idx)
    stats["stretches"] += len(spans)
    out: list[Bead] = []
    done = r_at = e_at = 0  # beads copied so far; rows of the vectors used so far
    for b0, b1, i0, i1, j0, j1 in spans:
        out.extend(beads[done:b0])
        rv, ev = ru_vec[r_at : r_at + i1 - i0], en_vec[e_at : e_at + j1 - j0]
        r_at, e_at = r_at + i1 - i0, e_at + j1 - j0
        for b in solve(i0, i1, j0, j1, rv, ev):
            ru_ids = tuple(i0 + i for i in b.ru)
            out.append(Bead(ru_ids, tuple(j0 + j for j in b.en), b.confidence))
        done = b1
    out.extend(beads[done:])
    return out
