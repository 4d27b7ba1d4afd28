"""What scoring returns, and the options it takes: plain data, no sacrebleu."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from sverka.diff import EditCounts
from sverka.errors import SverkaError

METRICS = ("bleu", "chrf", "chrf++", "ter")
Kind = Literal["review", "systems"]
Progress = Callable[[float], None]  # called with the number of units just finished
Stats = list[list[float]]  # sacrebleu's sufficient statistics, one row per segment


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
