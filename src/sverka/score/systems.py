"""MT against references: plain files or WMT XML, numbers and signatures identical to the
sacrebleu command line, per segment, per document and per system, with bootstrap intervals
(``confidence``) and sacrebleu's paired bootstrap test (``paired_bs``)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sverka.errors import InputError
from sverka.score import sacre
from sverka.score.results import Kind, Options, Progress, Report, Scored, SegmentScore, Stats
from sverka.score.workers import PARALLEL_MIN_SEGMENTS, default_jobs, run

if TYPE_CHECKING:
    from sverka.score.sacre import Metric


def score_systems(
    systems: Sequence[tuple[str, Sequence[str]]],
    refs: Sequence[Sequence[str]],
    options: Options | None = None,
    *,
    docids: Sequence[str] | None = None,
    confidence: int = 0,
    paired_bs: int = 0,
    jobs: int | None = None,
    progress: Progress | None = None,
    reference_names: Sequence[str] = (),
) -> Report:
    """Score each (name, hypotheses) against the reference streams, as
    ``sacrebleu REF... -i SYS... -m ...`` does, plus per-document scores when ``docids``
    (one per segment) are given. ``confidence``: bootstrap resamples for 95% intervals;
    ``paired_bs``: resamples for sacrebleu's paired bootstrap test, the first system being
    the baseline. ``progress`` is called with 1 for each (metric, system) computed.

    Every system must have as many segments as each reference stream (the caller reports
    files that do not).
    """
    options = options or Options()
    if not refs or not refs[0]:
        raise InputError("no reference segments")
    size = len(refs[0])
    for name, hyps in systems:
        if len(hyps) != size:
            raise InputError(f"has {len(hyps)} segments, the references {size}", path=name)
    if docids is not None and len(docids) != size:
        raise InputError(f"{len(docids)} document ids for {size} segments")
    metrics = sacre.build_metrics(options)
    for m in metrics.values():
        sacre.set_references(m, refs)
    jobs = default_jobs() if jobs is None else jobs
    if size * len(systems) * len(metrics) < PARALLEL_MIN_SEGMENTS:
        jobs = 1
    keys = list(metrics)
    # Heaviest first, so the last tasks to finish are short ones.
    weight = {"ter": 3, "chrf++": 2, "chrf": 2, "bleu": 1}
    parts = max(1, min(jobs, math.ceil(jobs / max(1, len(systems)))))
    bounds = [(size * p // parts, size * (p + 1) // parts) for p in range(parts)]
    tasks = sorted(
        ((key, s, lo, hi) for key in keys for s in range(len(systems)) for lo, hi in bounds),
        key=lambda t: -weight[t[0]],
    )

    def stats_of(task: tuple[str, int, int, int]) -> Stats:
        key, s, lo, hi = task
        return sacre.statistics(metrics[key], systems[s][1][lo:hi], rows=(lo, hi))

    # progress counts (metric, system) pairs, each split in ``parts`` tasks.
    done = run(tasks, stats_of, jobs, (lambda t: progress(1 / parts)) if progress else None)
    stats: dict[tuple[str, int], Stats] = {}
    for (key, s, _lo, _hi), part in sorted(zip(tasks, done, strict=True), key=lambda x: x[0][2]):
        stats.setdefault((key, s), []).extend(part)

    kind: Kind = "systems"
    names = {key: sacre.score_name(key, metrics[key], kind) for key in keys}
    sentence = {key: sacre.sentence_metric(key, metrics[key], options) for key in keys}
    items: list[Scored] = []
    for s, (sys_name, hyps) in enumerate(systems):
        per = {key: stats[key, s] for key in keys}
        item = Scored(
            sys_name,
            {names[k]: sacre.aggregate(names[k], metrics[k], per[k], confidence) for k in keys},
        )
        item.segments = [
            SegmentScore(
                str(j + 1),
                hyps[j],
                refs[0][j],
                sacre.segment_scores(names, sentence, per, j),
                doc=docids[j] if docids is not None else None,
            )
            for j in range(size)
        ]
        if docids is not None:
            item.documents = _documents(docids, names, metrics, per)
        items.append(item)
    if paired_bs and len(systems) > 1:
        _paired_bootstrap(items, systems, metrics, names, stats, paired_bs)
    corpus = Scored("corpus", {})
    report = Report(kind, corpus, items, references=list(reference_names))
    report.segment_signatures = {names[k]: sacre.signature(sentence[k]) for k in keys}
    return report


def _documents(
    docids: Sequence[str], names: dict[str, str], metrics: dict[str, Metric], per: dict[str, Stats]
) -> list[Scored]:
    groups: dict[str, list[int]] = {}
    for j, d in enumerate(docids):
        groups.setdefault(d, []).append(j)
    return [
        Scored(
            doc,
            {
                names[k]: sacre.aggregate(names[k], m, [per[k][j] for j in rows])
                for k, m in metrics.items()
            },
        )
        for doc, rows in groups.items()
    ]


def _paired_bootstrap(
    items: list[Scored],
    systems: Sequence[tuple[str, Sequence[str]]],
    metrics: dict[str, Metric],
    names: dict[str, str],
    stats: dict[tuple[str, int], Stats],
    n_samples: int,
) -> None:
    """sacrebleu's paired bootstrap test on the statistics already computed; each system's
    scores become the test's (mean, interval and p-value against the first system)."""
    scores = sacre.paired_test(systems, metrics, names, lambda key, s: stats[key, s], n_samples)
    # PairedTest keys its results by sacrebleu's score names, which are ours for systems.
    for name, per_system in scores.items():
        for item, score in zip(items, per_system, strict=True):
            item.scores[name] = score
    items[0].baseline = True
