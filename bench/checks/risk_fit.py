"""Fit the risk model (src/sverka/risk.py) on MLQE-PE "tune", report it on "report".

    .venv/bin/python bench/checks/risk_fit.py            # fit, report, print the figures
    .venv/bin/python bench/checks/risk_fit.py --write    # ... and write src/sverka/risk_model.py

Each part is cut, in the data's order, into documents of DOC_SEGMENTS segments (a review file
is one article: the length model and the inconsistent check learn from the document), and
every check runs as ``sverka check`` runs it by default (every code, the bundled pitfall
list, no -g glossary). Features are generic: one per check code in the CHECKS table (so the
lead re-runs this after new checks merge and they get their weights), one per severity, and
the signals of risk.features. The target is HTER > 0 (the post-editor changed something).
The model is a logistic regression with a small L2 penalty, fitted by Newton's method on
centred features (numpy only) and shipped in raw units: a bias and a dict of weights.

Features that never vary on MLQE-PE (every segment is a 1-1 pair with no alignment doubt,
no empty side) cannot be fitted there: they keep the hand-set PRIORS below, named as such in
the model file. Everything reported is measured on "report", which the fit never sees.
"""

from __future__ import annotations

import argparse
import datetime
import math
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import mlqe  # noqa: E402

from sverka import risk  # noqa: E402
from sverka.checks import CHECKS, Checker  # noqa: E402
from sverka.io.glossary import read_glossary  # noqa: E402
from sverka.model import SEVERITIES, Entry, Finding  # noqa: E402

REPO = HERE.parents[1]
PITFALLS = REPO / "glossary" / "ru-en-mt-pitfalls.csv"
MODEL = REPO / "src" / "sverka" / "risk_model.py"
DOC_SEGMENTS = 200
L2 = 1.0  # per weight, in its feature's own units; the log-likelihood is summed over segments
# Not learnable from MLQE-PE (constant there): a doubtful or non 1-1 bead, a bead with one
# side empty. Hand-set log-odds, about what an error finding weighs; say so when reporting.
PRIORS = {
    "unsure": 2.0,  # 1 - confidence: a bead the aligner doubts
    "not-1-1": 1.0,
    "no-russian": 1.5,
    "no-english": 3.0,
    "code:alignment": 1.0,
    "code:empty": 3.0,
}
SIGNALS = (
    "unsure",
    "not-1-1",
    "no-russian",
    "no-english",
    "words",
    "names",
    "latin",
    "digits",
    "longer",
    "shorter",
)


def columns() -> list[str]:
    return [f"code:{c}" for c in CHECKS] + [f"severity:{s}" for s in SEVERITIES] + list(SIGNALS)


def checked(
    part: mlqe.Part,
) -> tuple[list[mlqe.Segment], list[dict[str, float]], list[list[Finding]]]:
    segs = mlqe.segments(part)
    checker = Checker([read_glossary(PITFALLS, kind="pitfalls")])
    checker.load()
    feats: list[dict[str, float]] = []
    found_all: list[list[Finding]] = []
    for start in range(0, len(segs), DOC_SEGMENTS):
        chunk = segs[start : start + DOC_SEGMENTS]
        entries = [
            Entry(
                id=f"p{k + 1:04d}.s01",
                ru=s.ru,
                mt=s.mt,
                en=s.mt,
                ru_lines=(k + 1,),
                en_lines=(k + 1,),
                para=k,
            )
            for k, s in enumerate(chunk)
        ]
        found = checker.document(entries)
        stats = checker.stats
        for e, f in zip(entries, found, strict=True):
            feats.append(risk.features(e, f, stats.median, stats.sigma))
            found_all.append(f)
    return segs, feats, found_all


def matrix(feats: list[dict[str, float]], cols: list[str]) -> np.ndarray:
    return np.array([[f.get(c, 0.0) for c in cols] for f in feats], dtype=float)


def fit(x: np.ndarray, y: np.ndarray, l2: float = L2) -> tuple[np.ndarray, float]:
    """L2-penalised logistic regression by Newton's method; the bias is not penalised."""
    n, k = x.shape
    a = np.hstack([np.ones((n, 1)), x])
    w = np.zeros(k + 1)
    pen = np.full(k + 1, l2)
    pen[0] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-(a @ w)))
        grad = a.T @ (p - y) + pen * w
        hess = (a * (p * (1 - p))[:, None]).T @ a + np.diag(pen + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[1:], float(w[0])


def auc(score: np.ndarray, y: np.ndarray) -> float:
    """Mann-Whitney: the chance a changed segment outranks an unchanged one (ties half)."""
    order = np.argsort(score, kind="mergesort")
    ranks = np.empty(len(score))
    s = score[order]
    i = 0
    while i < len(s):  # average ranks over ties
        j = i
        while j + 1 < len(s) and s[j + 1] == s[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    pos = y == 1
    n1, n0 = pos.sum(), (~pos).sum()
    return float((ranks[pos].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def top_share(
    order: np.ndarray, bad: np.ndarray, words: np.ndarray, share: float = 0.2
) -> tuple[float, float]:
    """Share of the changed MT words, and of all MT words, in the first ``share`` of segments
    taken in ``order``."""
    top = order[: round(len(order) * share)]
    return float(bad[top].sum() / bad.sum()), float(words[top].sum() / words.sum())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--write", action="store_true", help="write src/sverka/risk_model.py")
    args = ap.parse_args()
    t0 = time.perf_counter()
    tune_segs, tune_feats, _ = checked("tune")
    report_segs, report_feats, report_found = checked("report")
    cols = columns()
    x_tune = matrix(tune_feats, cols)
    y_tune = np.array([s.changed for s in tune_segs], dtype=float)
    y_rep = np.array([s.changed for s in report_segs], dtype=float)
    sd = x_tune.std(axis=0)
    learnable = sd > 0
    mu = x_tune.mean(axis=0)
    # Centred, not scaled: the penalty is on each weight in its own units (a count, a
    # share, a z), so a check that fired on 1 segment of 3,485 cannot earn a weight of 5
    # from that one segment, as it did with standardised features.
    scale = np.ones_like(sd)
    # A finding never lowers the risk (a reviewer would not trust an order that put a bead
    # down for being flagged): a check code or severity fitted below 0 is dropped (weighs 0)
    # and the rest fitted again.
    while True:
        z = (x_tune[:, learnable] - mu[learnable]) / scale[learnable]
        w_std, b_std = fit(z, y_tune)
        names = np.array(cols)[learnable]
        negative = [
            i
            for i, (c, w) in enumerate(zip(names, w_std, strict=True))
            if c.startswith(("code:", "severity:")) and w < 0
        ]
        if not negative:
            break
        learnable[np.flatnonzero(learnable)[negative]] = False
    weights: dict[str, float] = {}
    bias = b_std
    for c, ws, m, s in zip(
        np.array(cols)[learnable], w_std, mu[learnable], scale[learnable], strict=True
    ):
        weights[str(c)] = float(ws / s)
        bias -= float(ws * m / s)
    fixed = {str(c): PRIORS[str(c)] for c in np.array(cols)[sd == 0] if str(c) in PRIORS}
    weights.update(fixed)
    weights = {k: round(v, 4) for k, v in weights.items() if abs(v) >= 1e-4}
    bias = round(bias, 4)

    # -- the report part only from here -------------------------------------------------
    p = np.array([_predict(f, weights, bias) for f in report_feats])
    bad = np.array([sum(s.mt_bad) for s in report_segs], dtype=float)
    words = np.array([len(s.mt_bad) for s in report_segs], dtype=float)
    n = len(report_segs)
    riskiest = np.argsort(-p, kind="mergesort")
    doc_order = np.arange(n)
    rng = np.random.default_rng(18)
    randoms = [top_share(rng.permutation(n), bad, words) for _ in range(200)]
    n_found = np.array([len(f) for f in report_found], dtype=float)
    by_findings = np.lexsort((np.arange(n), -n_found))
    by_length = np.argsort(-words, kind="mergesort")
    brier = float(np.mean((p - y_rep) ** 2))
    base = float(np.mean((y_tune.mean() - y_rep) ** 2))
    print(
        f"# risk model fitted on MLQE-PE tune ({len(tune_segs)} segments, "
        f"{int(y_tune.sum())} changed); figures on report "
        f"({n} segments, {int(y_rep.sum())} changed)"
    )
    print(
        f"features: {len(cols)} ({int(learnable.sum())} fitted on tune); "
        f"priors kept: {', '.join(sorted(fixed))}"
    )
    print(
        f"AUC (HTER > 0): {auc(p, y_rep):.3f}   findings count alone: {auc(n_found, y_rep):.3f}   "
        f"words alone: {auc(words, y_rep):.3f}"
    )
    print(f"Brier: {brier:.4f} (constant tune rate {y_tune.mean():.3f}: {base:.4f})")
    print("riskiest 20% of segments: changed MT words found / MT words read")
    for name, order in (
        ("risk", riskiest),
        ("document order", doc_order),
        ("most findings", by_findings),
        ("longest", by_length),
    ):
        found_share, read = top_share(order, bad, words)
        print(f"  {name:15} {found_share:6.1%} / {read:6.1%}")
    r_found = float(np.mean([r[0] for r in randoms]))
    r_read = float(np.mean([r[1] for r in randoms]))
    print(f"  {'random (x200)':15} {r_found:6.1%} / {r_read:6.1%}")
    print("reliability by decile of predicted risk (mean predicted / observed HTER>0, n):")
    for d, idx in enumerate(np.array_split(np.argsort(p, kind="mergesort"), 10)):
        print(f"  {d + 1:2}: {p[idx].mean():.3f} / {y_rep[idx].mean():.3f}  ({len(idx)})")
    print(
        "weights (log-odds per unit):",
        ", ".join(f"{k} {v:+.3f}" for k, v in sorted(weights.items(), key=lambda kv: -abs(kv[1]))),
    )
    support = {
        c: int((x_tune[:, k] > 0).sum()) for k, c in enumerate(cols) if c.startswith("code:")
    }
    print("segments of tune with each check's findings:",
          ", ".join(f"{c[5:]} {n}" for c, n in support.items() if n))  # fmt: skip
    print(f"bias {bias:+.3f}; {time.perf_counter() - t0:.0f} s")
    if args.write:
        _write(weights, bias, fixed, len(tune_segs))
        print(f"wrote {MODEL.relative_to(REPO)}")


def _predict(f: dict[str, float], weights: dict[str, float], bias: float) -> float:
    zz = bias + sum(weights.get(k, 0.0) * v for k, v in f.items())
    return 1 / (1 + math.exp(-zz))


def _write(weights: dict[str, float], bias: float, fixed: dict[str, float], n: int) -> None:
    stamp = datetime.date.today().isoformat()
    lines = [
        '"""The risk model coefficients (risk.py): written by bench/checks/risk_fit.py,',
        "not by hand. Log-odds per unit of each feature; a feature not named weighs 0.",
        "",
        f'Fitted {stamp} on MLQE-PE ru-en "tune" ({n} segments; target HTER > 0).',
        "Hand-set priors, not fitted (constant on MLQE-PE):",
        f"{', '.join(sorted(fixed)) or 'none'}.",
        '"""',
        "",
        f'VERSION = "{stamp}.{len(weights)}"',
        f"BIAS = {bias!r}",
        "WEIGHTS: dict[str, float] = {",
        *(f"    {k!r}: {v!r}," for k, v in sorted(weights.items())),
        "}",
        "",
    ]
    MODEL.write_text("\n".join(lines).replace("'", '"'), encoding="utf-8")  # ruff's quotes


if __name__ == "__main__":
    main()
