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
from collections.abc import Mapping, Sequence

from sverka.model import Entry, Finding
from sverka.risk_model import BIAS, VERSION, WEIGHTS

__all__ = ["VERSION", "features", "score", "scores"]

_CAPITAL = re.compile(r"\s[A-ZА-ЯЁ]")
_LATIN = re.compile(r"[A-Za-z]+")
_DIGIT = re.compile(r"\d")
# past this many findings of one code, or this many deviations of length, more says no more
_MAX_COUNT = 3.0
_MAX_Z = 4.0


def features(
    entry: Entry, findings: Sequence[Finding], median: float = 0.0, sigma: float = 0.0
) -> dict[str, float]:
    """The model's inputs for one entry; names are ``code:<check code>``,
    ``severity:<severity>`` and the signals' names. ``median`` and ``sigma`` are the
    document's length model (log of English over Russian characters; sigma 0: none)."""
    out: dict[str, float] = {}
    for f in findings:  # a handful at most: plain loops beat Counter here
        code, sev = f"code:{f.code}", f"severity:{f.severity}"
        out[code] = min(out.get(code, 0.0) + 1.0, _MAX_COUNT)
        out[sev] = min(out.get(sev, 0.0) + 1.0, _MAX_COUNT)
    if entry.confidence < 1.0:
        out["unsure"] = 1.0 - max(0.0, entry.confidence)
    if (len(entry.ru_lines), len(entry.en_lines)) != (1, 1) and entry.ru_lines and entry.en_lines:
        out["not-1-1"] = 1.0
    if not entry.ru:
        out["no-russian"] = 1.0
    if not entry.en:
        out["no-english"] = 1.0
    # Counted by C-level passes over the Russian (every entry of a 10,000-bead file is
    # scored in the CLI): words by spaces, names by a capital after a space, Latin words.
    ru = entry.ru
    n = len(ru.split())
    out["words"] = math.log1p(n)
    if n:
        # names and Latin words: what MT most often renders wrong or leaves as is
        out["names"] = len(_CAPITAL.findall(ru)) / n
        out["latin"] = len(_LATIN.findall(ru)) / n
    if _DIGIT.search(ru):
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
