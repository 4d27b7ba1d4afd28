"""HTER from review files: for every reviewed segment the machine translation (``#. mt:``)
is the hypothesis and the English as it stands, the correction, is the reference; TER
against it is HTER. Per segment, per file and for the corpus (summed statistics), plus how
many segments the reviewer changed and the word edits from the diff."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sverka.diff import EditCounts, edit_counts
from sverka.errors import SverkaError
from sverka.score import sacre
from sverka.score.results import (
    Kind,
    Options,
    Progress,
    Report,
    ReviewCounts,
    Scored,
    SegmentScore,
    Stats,
)
from sverka.score.workers import PARALLEL_MIN_SEGMENTS, default_jobs, run

if TYPE_CHECKING:
    from sverka.score.sacre import Metric


@dataclass(slots=True)
class _FileResult:
    path: Path
    error: SverkaError | None = None
    counts: ReviewCounts | None = None
    segments: list[SegmentScore] = field(default_factory=list)
    stats: dict[str, Stats] = field(default_factory=dict)
    warning: str | None = None


def score_review_files(
    paths: Sequence[Path],
    options: Options | None = None,
    *,
    include_all: bool = False,
    confidence: int = 0,
    segments: bool = True,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> Report:
    """HTER, BLEU and chrF of the MT against the corrected English of each review file, per
    segment, per file and for the corpus (summed statistics); by default only reviewed
    segments count (``include_all``: every segment). A file that cannot be read becomes an
    entry of ``Report.errors`` and the others are still scored. ``progress`` is called with
    the number of files just finished. ``segments=False`` skips the per-segment scores
    (``Scored.segments`` stays empty): a third less work when only totals are wanted."""
    options = options or Options()
    metrics = sacre.build_metrics(options)
    for m in metrics.values():
        sacre.set_num_refs(m, 1)  # the correction (as scoring sets it)
    kind: Kind = "review"
    keys = list(metrics)
    names = {key: sacre.score_name(key, metrics[key], kind) for key in keys}
    sentence = {key: sacre.sentence_metric(key, metrics[key], options) for key in keys}
    # Groups of files of about equal bytes: one TER batch each, several per worker.
    jobs = default_jobs() if jobs is None else jobs
    sizes = [_size(p) for p in paths]
    if sum(sizes) < 400 * PARALLEL_MIN_SEGMENTS:  # about 400 bytes of PO per entry
        jobs = 1
    groups = _groups(list(range(len(paths))), sizes, jobs)

    def run_group(group: list[int]) -> list[_FileResult]:
        return _score_files(
            [paths[k] for k in group], metrics, sentence, names, include_all, segments
        )

    done = run(groups, run_group, jobs, (lambda g: progress(len(g))) if progress else None)
    results = [r for part in done for r in part]

    items: list[Scored] = []
    errors: list[SverkaError] = []
    total: dict[str, Stats] = {k: [] for k in keys}
    counts = ReviewCounts(0, 0, 0, EditCounts())
    for r in results:
        if r.error is not None:
            errors.append(r.error)
            continue
        assert r.counts is not None
        counts = counts + r.counts
        scores = {}
        if r.counts.scored:
            scores = {
                names[k]: sacre.aggregate(names[k], metrics[k], r.stats[k], confidence)
                for k in keys
            }
            for k in keys:
                total[k].extend(r.stats[k])
        items.append(Scored(str(r.path), scores, r.segments, counts=r.counts))
    corpus_scores = {}
    if counts.scored:
        corpus_scores = {
            names[k]: sacre.aggregate(names[k], metrics[k], total[k], confidence) for k in keys
        }
    report = Report(kind, Scored("corpus", corpus_scores, counts=counts), items, errors)
    report.segment_signatures = {names[k]: sacre.signature(sentence[k]) for k in keys}
    return report


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _groups(items: list[int], sizes: list[int], jobs: int) -> list[list[int]]:
    """Consecutive groups of about equal bytes: at least 4 per worker for an even finish
    (when there are workers), at most about 2 MB each (a TER batch of a few thousand
    segments, and a step of the progress bar)."""
    total = sum(sizes)
    target = max(1, min(total // (4 * jobs), 2_000_000)) if jobs > 1 else 2_000_000
    out: list[list[int]] = []
    cur: list[int] = []
    acc = 0
    for k in items:
        cur.append(k)
        acc += sizes[k]
        if acc >= target:
            out.append(cur)
            cur, acc = [], 0
    if cur:
        out.append(cur)
    return out


def _score_files(
    paths: list[Path],
    metrics: dict[str, Metric],
    sentence: dict[str, Metric],
    names: dict[str, str],
    include_all: bool,
    keep_segments: bool,
) -> list[_FileResult]:
    """Read and score a group of review files; TER runs once over all their segments."""
    from sverka.io.po import read_po, require_entries

    results: list[_FileResult] = []
    chosen: list[tuple[_FileResult, list[Any], int]] = []
    for path in paths:
        r = _FileResult(path)
        results.append(r)
        try:
            doc = require_entries(read_po(path), path)
        except SverkaError as err:
            r.error = err
            continue
        # An entry whose "#. mt:" another tool dropped has no MT to score (never its English).
        entries = [e for e in doc.entries if (include_all or e.reviewed) and e.mt_known]
        chosen.append((r, entries, len(doc.entries)))
    batch_hyps = [e.mt for _, es, _ in chosen for e in es]
    batch_refs = [e.en for _, es, _ in chosen for e in es]
    batch: dict[str, Stats] = {}
    for key, m in metrics.items():
        if key == "ter" and batch_hyps:
            batch[key] = sacre.statistics(m, batch_hyps, [batch_refs])
    at = 0
    for r, entries, total in chosen:
        hyps = [e.mt for e in entries]
        refs = [e.en for e in entries]
        for key, m in metrics.items():
            if key == "ter":
                r.stats[key] = batch[key][at : at + len(entries)] if entries else []
            else:
                r.stats[key] = sacre.statistics(m, hyps, [refs]) if entries else []
        at += len(entries)
        words = EditCounts()
        segs: list[SegmentScore] = []
        for k, e in enumerate(entries):
            w = edit_counts(e.mt, e.en)
            words = words + w
            if keep_segments:
                scores = sacre.segment_scores(names, sentence, r.stats, k)
                segs.append(SegmentScore(e.id, e.mt, e.en, scores, changed=e.en != e.mt, words=w))
        r.segments = segs
        r.counts = ReviewCounts(total, len(entries), sum(e.en != e.mt for e in entries), words)
    return results
