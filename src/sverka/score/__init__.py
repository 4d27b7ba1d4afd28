"""Quality scores: sacrebleu's metrics per segment, document and corpus, in batch.

Two uses, one engine:

* **Review files** (``score_review_files``, ``review.py``): for every reviewed segment the
  machine translation (``#. mt:``) is the hypothesis and the English as it stands, the
  correction, is the reference: TER against it is HTER. Per segment, per file and for the
  corpus, plus how many segments the reviewer changed and the word edits from the diff.
* **MT against references** (``score_systems``, ``systems.py``): plain files or WMT XML,
  numbers and signatures identical to the sacrebleu command line.

Every number comes from sacrebleu's own metric objects (``BLEU``, ``CHRF`` and a ``TER``
whose segment statistics come from ``sverka.ter``, the same algorithm made fast). Document
and corpus scores are computed from summed segment statistics, sacrebleu's way, never as an
average of scores. Bootstrap intervals (``confidence``) and the paired bootstrap test
(``paired_bs``) are sacrebleu's functions run on those statistics. Every use of sacrebleu,
its private names included, is in ``sacre.py``: a sacrebleu upgrade is that file to read.

The package: ``results.py`` (options and results, plain data), ``sacre.py`` (the sacrebleu
adapter), ``systems.py``, ``review.py``, ``read.py`` (line files as sacrebleu reads them,
review files under folders) and ``workers.py``.

Work is spread over the cores with forked worker processes when there is enough of it
(``jobs``; a program that runs threads, like the review app, should pass ``jobs=1``: forking
a threaded process is unsafe). Nothing here imports a UI library; ``progress`` callbacks let
the caller draw a bar.
"""

from sverka.score.read import find_review_files, read_lines
from sverka.score.results import (
    METRICS,
    Kind,
    MetricScore,
    Options,
    Progress,
    Report,
    ReviewCounts,
    Scored,
    SegmentScore,
)
from sverka.score.review import score_review_files
from sverka.score.sacre import build_metrics
from sverka.score.systems import score_systems
from sverka.score.workers import PARALLEL_MIN_SEGMENTS, default_jobs

__all__ = [
    "METRICS",
    "PARALLEL_MIN_SEGMENTS",
    "Kind",
    "MetricScore",
    "Options",
    "Progress",
    "Report",
    "ReviewCounts",
    "Scored",
    "SegmentScore",
    "build_metrics",
    "default_jobs",
    "find_review_files",
    "read_lines",
    "score_review_files",
    "score_systems",
]
