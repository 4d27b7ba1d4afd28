"""Align every case with sverka (under given options) or galechurch, and summarise F1."""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial

from make_data import Case
from reference import gale_church
from score import as_beads, bead_prf, load_gold
from segments import read_segments

from sverka.align import AlignOptions, align

SVERKA = "sverka"
GALECHURCH = "galechurch"


@dataclass(frozen=True, slots=True)
class Result:
    case: Case
    f1: float
    seconds: float  # the aligner call alone, reading and scoring excluded


def _run(aligner: str, options: AlignOptions, case: Case) -> Result:
    ru, en = read_segments(case.ru), read_segments(case.en)
    t0 = time.perf_counter()
    if aligner == SVERKA:
        pred = as_beads((b.ru, b.en) for b in align(ru, en, options=options))
    else:
        pred = gale_church([s.text for s in ru], [s.text for s in en])
    seconds = time.perf_counter() - t0
    return Result(case, bead_prf(load_gold(case.gold), pred).f1, seconds)


def run(
    cases: Sequence[Case], aligner: str, options: AlignOptions | None = None, jobs: int = 1
) -> list[Result]:
    options = options or AlignOptions()
    work = partial(_run, aligner, options)
    # The sentence encoder runs its own threads: worker processes on top of it made the
    # embeddings run 8 times slower on 2 cores, so it gets one process.
    if jobs <= 1 or options.embeddings:
        return [work(c) for c in cases]
    with ProcessPoolExecutor(jobs) as pool:
        return list(pool.map(work, cases, chunksize=8))


def by_system(results: Sequence[Result], level: str) -> dict[str, float]:
    """Mean F1 per system (over texts) at one level."""
    groups: dict[str, list[float]] = {}
    for r in results:
        if r.case.level == level:
            groups.setdefault(r.case.system, []).append(r.f1)
    return {s: statistics.mean(v) for s, v in groups.items()}


def level_summary(results: Sequence[Result], level: str) -> tuple[float, float, str]:
    """Mean F1 over texts and systems, the worst system's mean, and that system."""
    per = by_system(results, level)
    worst = min(per, key=per.__getitem__)
    mean = statistics.mean(r.f1 for r in results if r.case.level == level)
    return mean, per[worst], worst
