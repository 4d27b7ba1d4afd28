"""The one door to sacrebleu: every use of it, and every private name of it, is in this file.

sverka reports sacrebleu's numbers and signatures exactly, and makes them faster by computing
each segment's statistics once and reusing them (for the segment, document and corpus scores,
the bootstrap and the paired test). sacrebleu's public API has no such entry points, so this
module reaches inside. A sacrebleu upgrade is this file to read, and
``tests/score/test_sacre.py`` to run: it pins each name used here and checks the numbers
against sacrebleu's own command line. What is used (sacrebleu 2.6):

* ``Metric._extract_corpus_statistics(hyps, refs)``: the per-segment sufficient statistics
  (``refs`` None: the references cached in ``Metric._ref_cache`` by
  ``Metric._cache_references(refs)``);
* ``Metric._aggregate_and_compute(stats)``: the corpus score from summed statistics;
* ``Metric._compute_score_from_stats(stat)``: one segment's score;
* ``Metric.num_refs``, set as ``corpus_score`` sets it, for the signature;
* ``TER._preprocess_segment`` and ``TER._cache_references``' ``ref_words`` (FastTER);
* ``significance._bootstrap_resample(stats, metric, n)`` and ``Score.estimate_ci`` with
  ``Score._mean`` and ``Score._ci``, for ``--confidence``;
* ``significance.PairedTest``, which asks each metric ``_extract_corpus_statistics`` for a
  system's statistics: that method is replaced, for the test's duration, by a look-up in the
  statistics already computed (the monkey-patch in ``paired_test``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, cast

from sverka.score.results import Kind, MetricScore, Options, Stats

if TYPE_CHECKING:
    from sacrebleu.metrics.base import Metric
    from sacrebleu.significance import Result


def _fast_ter_class() -> type:
    from sacrebleu.metrics import TER

    from sverka.ter import ter_stats

    class FastTER(TER):
        """sacrebleu's TER whose segment statistics come from ``sverka.ter`` (same numbers)."""

        def _extract_corpus_statistics(self, hypotheses, references):
            if references:
                ref_cache = self._cache_references(references)
            elif self._ref_cache:
                ref_cache = self._ref_cache
            else:
                raise RuntimeError("No references provided and the cache is empty.")
            hyp_words: list[list[str]] = []
            ref_words: list[list[str]] = []
            for hyp, ref_kwargs in zip(hypotheses, ref_cache, strict=False):  # as sacrebleu
                words = self._preprocess_segment(hyp).split()
                for ref in ref_kwargs["ref_words"]:
                    hyp_words.append(words)
                    ref_words.append(ref)
            pairs = ter_stats(hyp_words, ref_words)
            stats: list[list[float]] = []
            at = 0
            for ref_kwargs in ref_cache[: len(hypotheses)]:
                # TER._compute_segment_statistics: the fewest edits over the references and
                # their average length (a float, as sacrebleu sums it).
                refs = ref_kwargs["ref_words"]
                best, total = int(1e16), 0
                for edits, length in pairs[at : at + len(refs)]:
                    total += length
                    best = min(best, edits)
                at += len(refs)
                stats.append([best, total / len(refs)])
            return stats

    return FastTER


def build_metrics(options: Options) -> dict[str, Metric]:
    """sacrebleu metric objects for ``options.metrics``, keyed by metric key (``bleu`` ...)."""
    from sacrebleu.metrics import BLEU, CHRF

    out: dict[str, Metric] = {}
    for key in options.metrics:
        if key == "bleu":
            out[key] = BLEU(
                lowercase=options.lowercase,
                force=options.force,
                tokenize=options.tokenize,
                smooth_method=options.smooth_method,
                smooth_value=options.smooth_value,
            )
        elif key in ("chrf", "chrf++"):
            out[key] = CHRF(
                char_order=options.chrf_char_order,
                word_order=2 if key == "chrf++" else options.chrf_word_order,
                beta=options.chrf_beta,
                lowercase=options.chrf_lowercase,
                whitespace=options.chrf_whitespace,
                eps_smoothing=options.chrf_eps_smoothing,
            )
        else:
            out[key] = _fast_ter_class()(
                normalized=options.ter_normalized,
                no_punct=options.ter_no_punct,
                asian_support=options.ter_asian_support,
                case_sensitive=options.ter_case_sensitive,
            )
    return out


def sentence_metric(key: str, metric: Metric, options: Options) -> Metric:
    """The metric that scores one segment: sentence BLEU uses effective order (as sacrebleu's
    ``sentence_bleu`` and ``--sentence-level`` do); chrF and TER are the corpus metric."""
    if key != "bleu":
        return metric
    from sacrebleu.metrics import BLEU

    twin = BLEU(
        lowercase=options.lowercase,
        force=options.force,
        tokenize=options.tokenize,
        smooth_method=options.smooth_method,
        smooth_value=options.smooth_value,
        effective_order=True,
    )
    twin.num_refs = getattr(metric, "num_refs", 1)
    return twin


def score_name(key: str, metric: Metric, kind: Kind) -> str:
    """sacrebleu's name for the metric's score (BLEU, chrF2, chrF2++, TER); HTER for review
    files."""
    if key == "ter":
        return "HTER" if kind == "review" else "TER"
    if key == "bleu":
        return "BLEU"
    beta, word_order = metric.beta, metric.word_order  # type: ignore[attr-defined]
    return f"chrF{beta}" + "+" * word_order


def signature(metric: Metric) -> str:
    return str(metric.get_signature().format())


def set_references(metric: Metric, refs: Sequence[Sequence[str]]) -> None:
    """Cache the reference streams in ``metric`` (as ``corpus_score`` does), for
    ``statistics`` without references."""
    metric._ref_cache = metric._cache_references(refs)


def set_num_refs(metric: Metric, n: int) -> None:
    """The number of references the signature names, when they are given per call."""
    metric.num_refs = n


def statistics(
    metric: Metric,
    hyps: Sequence[str],
    refs: Sequence[Sequence[str]] | None = None,
    rows: tuple[int, int] | None = None,
) -> Stats:
    """Each segment's sufficient statistics of ``hyps`` against ``refs``, or against the
    cached references (set_references), rows ``lo:hi`` of them when ``rows`` is given."""
    if rows is None:
        return metric._extract_corpus_statistics(list(hyps), refs)
    full = metric._ref_cache
    assert full is not None, "set_references first"
    metric._ref_cache = full[rows[0] : rows[1]]
    try:
        return metric._extract_corpus_statistics(list(hyps), refs)
    finally:
        metric._ref_cache = full


def aggregate(name: str, metric: Metric, stats: Stats, confidence: int = 0) -> MetricScore:
    """sacrebleu's corpus score from segment statistics (``Metric.corpus_score`` after the
    statistics are extracted), with its bootstrap interval when ``confidence`` > 1."""
    score = metric._aggregate_and_compute(stats)
    if confidence > 1:
        from sacrebleu.significance import _bootstrap_resample

        metric.n_bootstrap = confidence
        metric.seed, resampled = _bootstrap_resample(stats, metric, confidence)
        score.estimate_ci(resampled)
        sig = signature(metric)
        metric.n_bootstrap, metric.seed = None, None
        return MetricScore(name, float(score.score), sig, float(score._mean), float(score._ci))
    return MetricScore(name, float(score.score), signature(metric))


def segment_scores(
    names: dict[str, str], sentence: dict[str, Metric], stats: dict[str, Stats], k: int
) -> dict[str, float]:
    """The scores of segment ``k`` by score name, from its statistics."""
    return {
        names[key]: float(m._compute_score_from_stats(stats[key][k]).score)
        for key, m in sentence.items()
    }


def _known_stats(
    key: str, stats_of: Callable[[str, int], Stats], by_id: dict[int, int]
) -> Callable[[Sequence[str], object], Stats]:
    """A metric's statistics extractor answering from ``stats_of`` (already computed) for
    the system whose hypothesis list PairedTest passes (known by its id)."""

    def extract(hyps: Sequence[str], _refs: object) -> Stats:
        return stats_of(key, by_id[id(hyps)])

    return extract


def paired_test(
    systems: Sequence[tuple[str, Sequence[str]]],
    metrics: dict[str, Metric],
    names: dict[str, str],
    stats_of: Callable[[str, int], Stats],
    n_samples: int,
) -> dict[str, list[MetricScore]]:
    """sacrebleu's PairedTest (bootstrap, the first system the baseline) on statistics
    already computed: ``stats_of(key, s)`` answers for metric ``key`` and system ``s``.
    Returns each system's scores (with mean, interval and p-value) by score name."""
    from sacrebleu.significance import PairedTest

    hyp_lists = [list(h) for _, h in systems]
    by_id = {id(h): s for s, h in enumerate(hyp_lists)}
    for key, m in metrics.items():
        m._extract_corpus_statistics = _known_stats(  # type: ignore[method-assign,assignment]
            key, stats_of, by_id
        )
    try:
        test = PairedTest(
            [(name, h) for (name, _), h in zip(systems, hyp_lists, strict=True)],
            {names[k]: m for k, m in metrics.items()},
            references=None,
            test_type="bs",
            n_samples=n_samples,
        )
        signatures, results = test()
    finally:
        for m in metrics.values():
            del m._extract_corpus_statistics
    # PairedTest keys its results by the names it was given.
    return {
        name: [
            MetricScore(
                name,
                float(result.score),
                sig.format(),
                None if result.mean is None else float(result.mean),
                None if result.ci is None else float(result.ci),
                None if result.p_value is None else float(result.p_value),
            )
            for result in cast("list[Result]", results[name])  # metric names: Results only
        ]
        for name, sig in signatures.items()
    }
