"""Risk: how likely a bead is to need a correction, a score in [0, 1] for every entry.

A logistic model over what is already known of the bead: its findings (how many of each
check code, how many of each severity) and a few signals (the aligner's confidence, the
bead's shape, its length ratio against the document's own model, the sentence's length).
The coefficients are data, not code: ``risk_model.py`` holds them with a version, written by
``bench/checks/risk_fit.py`` from real post-edits (MLQE-PE's "tune" part). A feature the
model has no weight for weighs 0, so a check added later changes nothing until the model is
fitted again; a check that was not run simply contributes nothing.

Cheap on purpose (a few dictionary look-ups per entry): the CLI scores every entry of a
10,000-bead file, and the app scores a bead again on every re-check.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence

from sverka.model import SEVERITIES, Entry, Finding
from sverka.risk_model import BIAS, VERSION, WEIGHTS

__all__ = ["VERSION", "features", "score", "scores"]

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_DIGIT = re.compile(r"\d")
# past this many findings of one code, or this many deviations of length, more says no more
_MAX_COUNT = 3
_MAX_Z = 4.0


def features(
    entry: Entry, findings: Sequence[Finding], median: float = 0.0, sigma: float = 0.0
) -> dict[str, float]:
    """The model's inputs for one entry; names are ``code:<check code>``,
    ``severity:<severity>`` and the signals' names. ``median`` and ``sigma`` are the
    document's length model (log of English over Russian characters; sigma 0: none)."""
    out: dict[str, float] = {}
    codes = Counter(f.code for f in findings)
    for code, n in codes.items():
        out[f"code:{code}"] = float(min(n, _MAX_COUNT))
    severities = Counter(f.severity for f in findings)
    for sev in SEVERITIES:
        if severities[sev]:
            out[f"severity:{sev}"] = float(min(severities[sev], _MAX_COUNT))
    out["unsure"] = 1.0 - max(0.0, min(1.0, entry.confidence))
    shape = (len(entry.ru_lines), len(entry.en_lines))
    if shape != (1, 1) and entry.ru_lines and entry.en_lines:
        out["not-1-1"] = 1.0
    if not entry.ru:
        out["no-russian"] = 1.0
    if not entry.en:
        out["no-english"] = 1.0
    ru_words = _WORD.findall(entry.ru)
    out["words"] = math.log1p(len(ru_words))
    if ru_words:
        # names and Latin words: what MT most often renders wrong or leaves as is
        names = sum(w[0].isupper() for w in ru_words[1:])
        out["names"] = names / len(ru_words)
        out["latin"] = sum(w.isascii() and not w.isdigit() for w in ru_words) / len(ru_words)
    if _DIGIT.search(entry.ru):
        out["digits"] = 1.0
    if entry.ru and entry.en and sigma > 0:
        z = (math.log(len(entry.en) / len(entry.ru)) - median) / sigma
        if z > 0:
            out["longer"] = min(z, _MAX_Z)
        else:
            out["shorter"] = min(-z, _MAX_Z)
    return out


def _linear(x: Mapping[str, float], weights: Mapping[str, float], bias: float) -> float:
    return bias + sum(weights.get(k, 0.0) * v for k, v in x.items())


def score(
    entry: Entry,
    findings: Sequence[Finding],
    median: float = 0.0,
    sigma: float = 0.0,
    *,
    weights: Mapping[str, float] = WEIGHTS,
    bias: float = BIAS,
) -> float:
    """The probability, by the shipped model, that the bead needs a correction."""
    z = _linear(features(entry, findings, median, sigma), weights, bias)
    if z < -30:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))


def scores(
    entries: Sequence[Entry],
    findings: Sequence[Sequence[Finding]],
    median: float = 0.0,
    sigma: float = 0.0,
) -> list[float]:
    """``score`` of each entry with its findings, in order."""
    return [score(e, f, median, sigma) for e, f in zip(entries, findings, strict=True)]
