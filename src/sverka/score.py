"""Quality scores: sacrebleu's metrics per segment, document and corpus, in batch.

Two uses, one engine:

* **Review files** (``score_review_files``): for every reviewed segment the machine
  translation (``#. mt:``) is the hypothesis and the English as it stands, the correction, is
  the reference: TER against it is HTER. Per segment, per file and for the corpus, plus how
  many segments the reviewer changed and the word edits from the diff.
* **MT against references** (``score_systems``): plain files or WMT XML, numbers and
  signatures identical to the sacrebleu command line.

Every number comes from sacrebleu's own metric objects (``BLEU``, ``CHRF`` and a ``TER``
whose segment statistics come from ``sverka.ter``, the same algorithm made fast). Document
and corpus scores are computed from summed segment statistics, sacrebleu's way, never as an
average of scores. Bootstrap intervals (``confidence``) and the paired bootstrap test
(``paired_bs``) are sacrebleu's functions run on those statistics.

Work is spread over the cores with forked worker processes when there is enough of it
(``jobs``; a program that runs threads, like the review app, should pass ``jobs=1``: forking
a threaded process is unsafe). Nothing here imports a UI library; ``progress`` callbacks let
the caller draw a bar.
"""

from __future__ import annotations

import codecs
import gzip
import math
import multiprocessing
import os
import signal
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from sverka.diff import EditCounts, edit_counts
from sverka.errors import EncodingError, InputError, SverkaError

if TYPE_CHECKING:
    from sacrebleu.metrics.base import Metric

METRICS = ("bleu", "chrf", "chrf++", "ter")
Kind = Literal["review", "systems"]
Progress = Callable[[float], None]  # called with the number of units just finished

# Below this many segment scorings (segments x systems) a worker pool costs more than it saves.
PARALLEL_MIN_SEGMENTS = 3000


@dataclass(frozen=True)
class Options:
    """sacrebleu's options, with the command line's defaults."""

    metrics: tuple[str, ...] = ("bleu", "chrf", "ter")
    # BLEU
    tokenize: str | None = None  # None: 13a (sacrebleu picks zh/ja-mecab/ko-mecab by language)
    lowercase: bool = False
    smooth_method: str = "exp"
    smooth_value: float | None = None
    force: bool = False
    # chrF; "chrf++" is chrF with word_order 2
    chrf_char_order: int = 6
    chrf_word_order: int = 0
    chrf_beta: int = 2
    chrf_whitespace: bool = False
    chrf_lowercase: bool = False
    chrf_eps_smoothing: bool = False
    # TER
    ter_case_sensitive: bool = False
    ter_asian_support: bool = False
    ter_no_punct: bool = False
    ter_normalized: bool = False

    def __post_init__(self) -> None:
        unknown = [m for m in self.metrics if m not in METRICS]
        if unknown or not self.metrics:
            raise ValueError(f"metrics must be some of {METRICS}, not {self.metrics}")


# -- results -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MetricScore:
    """A score as sacrebleu reports it, with its signature."""

    name: str  # sacrebleu's score name: BLEU, chrF2, chrF2++, TER (HTER for review files)
    score: float
    signature: str
    mean: float | None = None  # bootstrap estimate of the mean (confidence, paired_bs)
    ci: float | None = None  # half-width of the 95% interval around ``mean``
    p_value: float | None = None  # paired bootstrap test against the first system


@dataclass(frozen=True, slots=True)
class ReviewCounts:
    """What the reviewer did in a file (or the corpus)."""

    entries: int  # entries in the file(s)
    scored: int  # segments counted: the reviewed ones, or every one with ``include_all``
    changed: int  # of those, the ones whose English differs from the MT
    words: EditCounts  # word edits from MT to correction, over the scored segments

    @property
    def changed_share(self) -> float:
        return self.changed / self.scored if self.scored else 0.0

    def __add__(self, other: ReviewCounts) -> ReviewCounts:
        return ReviewCounts(
            self.entries + other.entries,
            self.scored + other.scored,
            self.changed + other.changed,
            self.words + other.words,
        )


@dataclass(slots=True)
class SegmentScore:
    id: str  # review files: the entry id (msgctxt); systems: the 1-based line number
    hyp: str  # the MT
    ref: str  # the correction, or the first reference
    scores: dict[str, float]  # sentence-level score by name (BLEU with effective order)
    doc: str | None = None
    changed: bool | None = None  # review files: the reviewer changed the MT
    words: EditCounts | None = None  # review files: word edits from MT to correction


@dataclass(slots=True)
class Scored:
    """Scores of one file, system or document, or of the corpus."""

    name: str
    scores: dict[str, MetricScore]
    segments: list[SegmentScore] = field(default_factory=list)
    documents: list[Scored] = field(default_factory=list)
    counts: ReviewCounts | None = None
    baseline: bool = False  # the system the others are compared with (paired_bs)


@dataclass(slots=True)
class Report:
    kind: Kind
    corpus: Scored
    items: list[Scored]
    errors: list[SverkaError] = field(default_factory=list)
    segment_signatures: dict[str, str] = field(default_factory=dict)  # sentence-level ones
    references: list[str] = field(default_factory=list)  # names of the reference streams

    @property
    def signatures(self) -> dict[str, str]:
        """Signature of each corpus-level score name (the first item's, they are all equal)."""
        out: dict[str, str] = {}
        for item in [self.corpus, *self.items]:
            for name, s in item.scores.items():
                out.setdefault(name, s.signature)
        return out


# -- metrics ---------------------------------------------------------------------------------


def _fast_ter_class() -> type:
    from sacrebleu.metrics import TER

    from sverka.ter import ter_stats

    class FastTER(TER):
        """sacrebleu's TER whose segment statistics come from ``sverka.ter`` (same numbers)."""

        def _extract_corpus_statistics(self, hypotheses, references):  # type: ignore[no-untyped-def]
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


def _sentence_metric(key: str, metric: Metric, options: Options) -> Metric:
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
    twin.num_refs = getattr(metric, "num_refs", 1)  # type: ignore[attr-defined]
    return twin


def _name(key: str, metric: Metric, kind: Kind) -> str:
    if key == "ter":
        return "HTER" if kind == "review" else "TER"
    if key == "bleu":
        return "BLEU"
    beta, word_order = metric.beta, metric.word_order  # type: ignore[attr-defined]
    return f"chrF{beta}" + "+" * word_order


Stats = list[list[float]]


def _aggregate(name: str, metric: Metric, stats: Stats, confidence: int = 0) -> MetricScore:
    """sacrebleu's corpus score from segment statistics (``Metric.corpus_score`` after the
    statistics are extracted), with its bootstrap interval when ``confidence`` > 1."""
    score = metric._aggregate_and_compute(stats)
    if confidence > 1:
        from sacrebleu.significance import _bootstrap_resample

        metric.n_bootstrap = confidence
        metric.seed, resampled = _bootstrap_resample(stats, metric, confidence)
        score.estimate_ci(resampled)
        sig = metric.get_signature().format()
        metric.n_bootstrap, metric.seed = None, None
        return MetricScore(name, float(score.score), sig, float(score._mean), float(score._ci))
    return MetricScore(name, float(score.score), metric.get_signature().format())


def _segment_scores(
    names: dict[str, str], sentence: dict[str, Metric], stats: dict[str, Stats], k: int
) -> dict[str, float]:
    return {
        names[key]: float(m._compute_score_from_stats(stats[key][k]).score)
        for key, m in sentence.items()
    }


# -- reading ---------------------------------------------------------------------------------


def read_lines(path: Path) -> list[str]:
    """A one-segment-per-line file as sacrebleu reads it: UTF-8, ``.gz`` allowed, each line
    right-stripped of whitespace (so a file with n newlines has n segments)."""
    from sverka.io.text import MAX_LINE_CHARS, MAX_TEXT_BYTES

    opener: Any = gzip.open if path.suffix == ".gz" else open
    lines: list[str] = []
    total = 0
    try:
        with opener(path, "rt", encoding="utf-8", newline="\n") as f:
            # Line by line with a cap, as the text reader caps: a 500 KB .gz of one 512 MB
            # line took 2.7 GB and over a minute before it was refused.
            while line := f.readline(MAX_LINE_CHARS + 1):
                if len(line) > MAX_LINE_CHARS:
                    raise InputError(
                        f"this line has over {MAX_LINE_CHARS:,} characters; a segment is a "
                        "sentence or a few",
                        path=path,
                        line=len(lines) + 1,
                    )
                total += len(line)
                if total > MAX_TEXT_BYTES:
                    raise InputError(
                        f"has over {MAX_TEXT_BYTES // (1 << 20)} MiB of text", path=path
                    )
                lines.append(line.rstrip())
    except FileNotFoundError:
        raise InputError("no such file", path=path) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a text file", path=path) from None
    except UnicodeDecodeError:
        if (utf := _utf16_or_32(path)) is not None:
            raise EncodingError(
                f"is {utf}, not UTF-8", path=path, hint=f"convert it: iconv -f {utf} -t UTF-8"
            ) from None
        if _looks_binary(path):
            raise InputError("looks like a binary file, not text", path=path) from None
        line = _bad_utf8_line(path)
        raise EncodingError(
            "is not UTF-8", path=path, line=line, hint="convert it: iconv -t UTF-8"
        ) from None
    except (OSError, EOFError, zlib.error) as err:  # zlib.error: a damaged .gz
        raise InputError(f"cannot be read: {err}", path=path) from None
    # A NUL is valid UTF-8 but no segment holds one: an image or a compiled file, not MT.
    for n, line in enumerate(lines, 1):
        if "\0" in line:
            raise InputError(
                "looks like a binary file, not text (it contains NUL bytes)", path=path, line=n
            )
    return lines


def _utf16_or_32(path: Path) -> str | None:
    """The UTF-16/32 a byte-order mark announces (sacrebleu reads UTF-8 only)."""
    if path.suffix == ".gz":
        return None
    with open(path, "rb") as f:
        head = f.read(4)
    if head[:4] in (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE):
        return "UTF-32"
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return "UTF-16"
    return None


def _looks_binary(path: Path) -> bool:
    if path.suffix == ".gz":  # compressed bytes are not the text: the NUL test reads lines
        return False
    try:
        with open(path, "rb") as f:
            return b"\0" in f.read(8192)
    except OSError:
        return False


def _bad_utf8_line(path: Path) -> int | None:
    """The 1-based line of the first byte that is not UTF-8."""
    try:
        raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return raw.count(b"\n", 0, err.start) + 1
    except (OSError, EOFError):
        return None
    return None


def find_review_files(paths: Iterable[Path]) -> tuple[list[Path], list[SverkaError]]:
    """Review files named, and the ``*.po`` files under folders named (sorted, recursive)."""
    files: list[Path] = []
    errors: list[SverkaError] = []
    for p in paths:
        if p.is_dir():
            found = sorted(q for q in p.rglob("*.po") if q.is_file())
            if not found:
                errors.append(InputError("has no .po files", path=p))
            files.extend(found)
        elif p.exists():
            files.append(p)
        else:
            errors.append(InputError("no such file or folder", path=p))
    return files, errors


# -- workers ---------------------------------------------------------------------------------

T = TypeVar("T")
R = TypeVar("R")
_TASK: Callable[[Any], Any] | None = None  # the job, inherited by forked workers


def _call_task(arg: tuple[int, Any]) -> tuple[int, Any]:
    assert _TASK is not None
    return arg[0], _TASK(arg[1])


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _run(
    tasks: Sequence[T],
    fn: Callable[[T], R],
    jobs: int,
    progress: Callable[[T], None] | None = None,
) -> list[R]:
    """``[fn(t) for t in tasks]``, over ``jobs`` forked processes when jobs > 1."""
    global _TASK
    results: list[Any] = [None] * len(tasks)
    if jobs <= 1 or len(tasks) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for k, t in enumerate(tasks):
            results[k] = fn(t)
            if progress:
                progress(t)
        return results
    _TASK = fn
    try:
        ctx = multiprocessing.get_context("fork")
        # Workers leave Ctrl+C to this process, which ends them (each printed a traceback).
        with ctx.Pool(min(jobs, len(tasks)), initializer=_ignore_sigint) as pool:
            for k, r in pool.imap_unordered(_call_task, enumerate(tasks)):
                results[k] = r
                if progress:
                    progress(tasks[k])
    finally:
        _TASK = None
    return results


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


# -- MT against references -------------------------------------------------------------------


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
    metrics = build_metrics(options)
    for m in metrics.values():
        m._ref_cache = m._cache_references(refs)
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
        metric = metrics[key]
        full = metric._ref_cache
        metric._ref_cache = full[lo:hi]
        try:
            return metric._extract_corpus_statistics(list(systems[s][1][lo:hi]), None)
        finally:
            metric._ref_cache = full

    # progress counts (metric, system) pairs, each split in ``parts`` tasks.
    done = _run(tasks, stats_of, jobs, (lambda t: progress(1 / parts)) if progress else None)
    stats: dict[tuple[str, int], Stats] = {}
    for (key, s, _lo, _hi), part in sorted(zip(tasks, done, strict=True), key=lambda x: x[0][2]):
        stats.setdefault((key, s), []).extend(part)

    kind: Kind = "systems"
    names = {key: _name(key, metrics[key], kind) for key in keys}
    sentence = {key: _sentence_metric(key, metrics[key], options) for key in keys}
    items: list[Scored] = []
    for s, (sys_name, hyps) in enumerate(systems):
        per = {key: stats[key, s] for key in keys}
        item = Scored(
            sys_name,
            {names[k]: _aggregate(names[k], metrics[k], per[k], confidence) for k in keys},
        )
        item.segments = [
            SegmentScore(
                str(j + 1),
                hyps[j],
                refs[0][j],
                _segment_scores(names, sentence, per, j),
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
    report.segment_signatures = {names[k]: sentence[k].get_signature().format() for k in keys}
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
                names[k]: _aggregate(names[k], m, [per[k][j] for j in rows])
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
    """sacrebleu's PairedTest (bootstrap) on the statistics already computed: each metric
    object answers ``_extract_corpus_statistics`` for a system from the table."""
    from sacrebleu.significance import PairedTest

    hyp_lists = [list(h) for _, h in systems]
    by_id = {id(h): s for s, h in enumerate(hyp_lists)}
    for key, m in metrics.items():
        m._extract_corpus_statistics = (  # type: ignore[method-assign]
            lambda hyps, _refs, key=key: stats[key, by_id[id(hyps)]]
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
    # PairedTest keys its results by sacrebleu's score names, which are ours for systems.
    for name, sig in signatures.items():
        for item, result in zip(items, results[name], strict=True):
            item.scores[name] = MetricScore(
                name,
                float(result.score),
                sig.format(),
                None if result.mean is None else float(result.mean),
                None if result.ci is None else float(result.ci),
                None if result.p_value is None else float(result.p_value),
            )
    items[0].baseline = True


# -- review files ----------------------------------------------------------------------------


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
    metrics = build_metrics(options)
    for m in metrics.values():
        m.num_refs = 1  # type: ignore[attr-defined]  # the correction (as scoring sets it)
    kind: Kind = "review"
    keys = list(metrics)
    names = {key: _name(key, metrics[key], kind) for key in keys}
    sentence = {key: _sentence_metric(key, metrics[key], options) for key in keys}
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

    done = _run(groups, run_group, jobs, (lambda g: progress(len(g))) if progress else None)
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
                names[k]: _aggregate(names[k], metrics[k], r.stats[k], confidence) for k in keys
            }
            for k in keys:
                total[k].extend(r.stats[k])
        items.append(Scored(str(r.path), scores, r.segments, counts=r.counts))
    corpus_scores = {}
    if counts.scored:
        corpus_scores = {
            names[k]: _aggregate(names[k], metrics[k], total[k], confidence) for k in keys
        }
    report = Report(kind, Scored("corpus", corpus_scores, counts=counts), items, errors)
    report.segment_signatures = {names[k]: sentence[k].get_signature().format() for k in keys}
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
            batch[key] = m._extract_corpus_statistics(batch_hyps, [batch_refs])
    at = 0
    for r, entries, total in chosen:
        hyps = [e.mt for e in entries]
        refs = [e.en for e in entries]
        for key, m in metrics.items():
            if key == "ter":
                r.stats[key] = batch[key][at : at + len(entries)] if entries else []
            else:
                r.stats[key] = m._extract_corpus_statistics(hyps, [refs]) if entries else []
        at += len(entries)
        words = EditCounts()
        segs: list[SegmentScore] = []
        for k, e in enumerate(entries):
            w = edit_counts(e.mt, e.en)
            words = words + w
            if keep_segments:
                scores = _segment_scores(names, sentence, r.stats, k)
                segs.append(SegmentScore(e.id, e.mt, e.en, scores, changed=e.en != e.mt, words=w))
        r.segments = segs
        r.counts = ReviewCounts(total, len(entries), sum(e.en != e.mt for e in entries), words)
    return results
