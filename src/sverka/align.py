"""Sentence alignment: Russian and English segments -> beads.

A dynamic programme over 1-1, 1-0, 0-1, 2-1, 1-2, 2-2 beads (and 1-3, 3-1) whose bead cost
adds a length term to a lexical term weighted by the bead's size, as vecalign does, plus
paragraph breaks that line up on both sides. The lexical term is a weighted Dice overlap of
anchors the two languages share: numbers under Russian conventions, transliterated names
and cognates, and, in a second pass, a dictionary learned from the confident beads of the
first. The search runs in a band around the length diagonal, so time and memory grow
linearly; the band widens by itself when the best path runs along its edge. Confidence is
the margin between the best path and the best path that avoids the bead (forward-backward).

With ``embeddings``, sentence embeddings join the cost only on the stretches whose beads
are under ``embed_gate`` confidence (``align_refine.py``): encoding is what costs, and the
sure beads would not change.

Everything here is plain numpy on arrays built once per document; see ``lexicon.py`` for
the features.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from sverka import align_refine, lexicon, progress
from sverka.errors import AlignmentError
from sverka.model import Bead, Segment


@dataclass(frozen=True, slots=True)
class AlignOptions:
    """Which parts of the bead cost to use (the benchmark's ablation switches them off)."""

    length: bool = True  # sentence length ratio (Gale-Church-like)
    anchors: bool = True  # numbers, Latin words in the Russian, punctuation
    translit: bool = True  # transliterated names and cognates
    dictionary: bool = True  # second pass with a dictionary learned from the first
    paragraphs: bool = True  # paragraph breaks guide the path
    embeddings: bool = False  # multilingual sentence embeddings (extra: sverka[embed])
    # Embeddings only on the stretches whose beads are under this confidence (align_refine.py);
    # None: every sentence encoded and compared from the start (ten times the time and more).
    embed_gate: float | None = align_refine.GATE


# Bead types (ru sentences, en sentences). Skips are handled apart from the others.
# Grouped by Russian size, English size descending within a group: _forward reads each
# group from one row of the DP with a single strided slice.
_TYPES: tuple[tuple[int, int], ...] = ((1, 3), (1, 2), (1, 1), (1, 0), (2, 2), (2, 1), (3, 1))
_GROUPS = tuple(
    (
        a,
        min(t for t, (x, _) in enumerate(_TYPES) if x == a),
        max(t for t, (x, _) in enumerate(_TYPES) if x == a) + 1,
    )
    for a in sorted({a for a, _ in _TYPES})
)
_SKIP_EN = len(_TYPES)  # code for a 0-1 bead in the back-pointer table

# Costs are in roughly log-odds units. Tuned on WMT21 texts with simulated structure changes
# (bench/align); the ablation table in bench/RESULTS.md says what each one buys.
_PRIOR = {(1, 1): 0.0, (2, 1): 2.2, (1, 2): 2.2, (2, 2): 6.0, (3, 1): 4.5, (1, 3): 4.5}
_SKIP = 3.0  # a sentence with no counterpart
_LEN_SIGMA = 0.12  # spread of log(ru chars / en chars) of true beads: 0.12-0.13 on WMT21 MT
_LEN_DOF = 3.0  # degrees of freedom of the Student-t length cost
_LEN_SMOOTH = 15.0  # characters added to both sides: short lines say little about length
_LEX_WEIGHT = 3.0  # cost of no lexical overlap at all, per sentence in the bead
_LEX_PRIOR_SIM = 0.35  # similarity assumed when a bead has no anchors to compare
_LEX_PRIOR_WEIGHT = 1.5  # how much evidence it takes to move away from that prior
_PARA_BOTH = -1.5  # a bead boundary where both sides have a paragraph break
_PARA_EN_ONLY = 1.0  # an English break the Russian does not have (MT rarely adds them)
_PARA_RU_ONLY = 0.3  # a Russian break the English lost (web pages lose them often)
_PARA_INSIDE = 1.5  # a bead that swallows a paragraph break on either side

_EMB_WEIGHT = 3.0  # like _LEX_WEIGHT, for the embedding cosine
_EMB_FLOOR, _EMB_CEIL = 0.2, 0.7  # cosines of unrelated and of true pairs (USE v3, ru-en)

_MARGIN = 3  # extra columns of sentence-pair matches on each side of the band
_ROWS_PER_CHUNK = 4096  # cost rows computed at a time (bounds temporary memory)
_DICT_PREFIX = 5000  # Russian sentences aligned to learn a dictionary from, at most
_BLOCK = 8  # sentences per block in the coarse pass
_COARSE_FROM = 400  # below this many sentences the length diagonal is close enough
_BAND_CELLS = 60_000_000  # band cells x bead types at most (float32 costs: ~240 MB)
_BAND_MIN = 16  # half-width of the search band, in English sentences
_BAND_EDGE = 2  # a path this close to the band's edge means the band was too narrow


def align(
    ru: Sequence[Segment], en: Sequence[Segment], options: AlignOptions | None = None
) -> list[Bead]:
    """Align two documents' sentences; every sentence ends up in exactly one bead, in order."""
    options = options or AlignOptions()
    n, m = len(ru), len(en)
    if n == 0 or m == 0:
        return [Bead((i,), (), 1.0) for i in range(n)] + [Bead((), (j,), 1.0) for j in range(m)]
    ru_text = [s.text for s in ru]
    en_text = [s.text for s in en]
    prob = _Problem.build(ru, en, options)
    # Progress in sentences analysed and DP rows run: the coarse levels (~n/7), the
    # dictionary's first pass, the best path, and the two posterior passes.
    first_rows = min(n, _DICT_PREFIX) if options.dictionary else 0
    progress.phase("aligning", n + m + n // 7 + first_rows + 3 * n)

    feats = lexicon.Features.build(
        ru_text, en_text, anchors=options.anchors, translit=options.translit
    )
    gated = options.embeddings and options.embed_gate is not None
    if gated:
        align_refine.embed.require()
    if options.embeddings and not gated:
        from sverka import embed

        progress.phase("comparing sentence embeddings")
        prob.ru_vec = embed.encode(ru_text)
        prob.en_vec = embed.encode(en_text)
        progress.phase("aligning", n // 7 + first_rows + 3 * n)
    prob.set_features(feats)
    if options.dictionary and n * m > 1:
        # The dictionary is learnt from a few thousand pairs at most, so on a long text the
        # first pass aligns only its beginning (the part past the cut is left out).
        first = prob if n <= _DICT_PREFIX else prob.prefix(_DICT_PREFIX)
        beads = first.solve(confidence=False)
        last = n if first is prob else _DICT_PREFIX - _BAND_MIN
        pairs = [
            (b.ru[0], b.en[0])
            for b in beads
            if len(b.ru) == 1 and len(b.en) == 1 and b.ru[0] < last
        ]
        dictionary = lexicon.learn_dictionary(feats, pairs)
        if len(dictionary):
            prob.set_features(feats.with_dictionary(dictionary))
    if not gated:
        return prob.solve()
    solver = _stretch_solver(prob, prob.feats)
    beads = prob.solve()
    assert options.embed_gate is not None  # gated
    return align_refine.refine(beads, ru_text, en_text, solver, gate=options.embed_gate)


def _stretch_solver(prob: _Problem, feats: lexicon.Features) -> align_refine.StretchSolver:
    """Aligns Russian i0..i1-1 with English j0..j1-1 alone, with their sentence vectors: the
    document's costs, length ratio and feature weights, the stretch's ends fixed."""

    def solve(i0: int, i1: int, j0: int, j1: int, rv: np.ndarray, ev: np.ndarray) -> list[Bead]:
        rb, eb = prob.ru_break[i0 : i1 + 1], prob.en_break[j0 : j1 + 1]
        sub = _Problem(prob.lr[i0:i1], prob.le[j0:j1], rb, eb, prob.options)
        sub.ratio = prob.ratio  # a stretch with a drop in it has a skewed ratio of its own
        sub.set_features(feats.window(i0, i1, j0, j1))
        sub.ru_vec, sub.en_vec = rv, ev
        return sub.solve()

    return solve


class _Problem:
    """One document pair's arrays: lengths, paragraph breaks, features, and the banded DP."""

    @classmethod
    def build(cls, ru: Sequence[Segment], en: Sequence[Segment], options: AlignOptions) -> _Problem:
        return cls(
            np.array([len(s.text) for s in ru], dtype=np.float64),
            np.array([len(s.text) for s in en], dtype=np.float64),
            _breaks([s.para for s in ru]),
            _breaks([s.para for s in en]),
            options,
        )

    def __init__(
        self,
        lr: np.ndarray,
        le: np.ndarray,
        ru_break: np.ndarray,
        en_break: np.ndarray,
        options: AlignOptions,
    ) -> None:
        self.options = options
        self.n, self.m = len(lr), len(le)
        self.lr, self.le = lr, le
        self.lr_cum = np.concatenate(([0.0], np.cumsum(lr)))
        self.le_cum = np.concatenate(([0.0], np.cumsum(le)))
        self.ratio = max(self.lr_cum[-1], 1.0) / max(self.le_cum[-1], 1.0)
        # break[i] is True when node i (between sentence i-1 and i) is a paragraph boundary.
        self.ru_break, self.en_break = ru_break, en_break
        self.half_width = _BAND_MIN
        self.ru_vec: np.ndarray | None = None
        self.en_vec: np.ndarray | None = None
        self.centre: np.ndarray | None = None
        self.skip_cost = _SKIP
        self.drift_cost = 0.0  # per block a bead moves off the diagonal (coarse levels only)

    def set_features(self, feats: lexicon.Features) -> None:
        self.feats = feats

    def prefix(self, k: int) -> _Problem:
        """The first ``k`` Russian sentences with the English that the band puts beside them."""
        if self.centre is None:
            self.centre = self._coarse_centre()
        cut = int(min(self.m, round(self.centre[k]) + _BAND_MIN))
        ru_break = self.ru_break[: k + 1].copy()
        en_break = self.en_break[: cut + 1].copy()
        ru_break[-1] = en_break[-1] = True
        sub = _Problem(self.lr[:k], self.le[:cut], ru_break, en_break, self.options)
        sub.set_features(self.feats.prefix(k, cut))
        sub.centre = np.minimum(self.centre[: k + 1], cut)
        sub.centre[-1] = cut
        return sub

    # -- the band ------------------------------------------------------------------------

    def _length_diagonal(self) -> np.ndarray:
        n, m = self.n, self.m
        frac_r = self.lr_cum / self.lr_cum[-1] if self.lr_cum[-1] > 0 else np.linspace(0, 1, n + 1)
        frac_e = self.le_cum / self.le_cum[-1] if self.le_cum[-1] > 0 else np.linspace(0, 1, m + 1)
        return np.interp(frac_r, frac_e, np.arange(m + 1))

    def _coarse_centre(self) -> np.ndarray:
        """Where the path runs, from aligning blocks of sentences first (coarse to fine).

        Over a long text the length diagonal drifts by hundreds of sentences (every drop
        and caption moves it), and a band wide enough for that costs time and memory. Blocks
        of ``_BLOCK`` sentences, with the union of their anchors, align in a band of the same
        half-width at 1/_BLOCK the cost, recursively, and the fine band follows their path.
        """
        n, m, k = self.n, self.m, _BLOCK
        if min(n, m) < _COARSE_FROM:
            return self._length_diagonal()
        r_starts, e_starts = np.arange(0, n, k), np.arange(0, m, k)
        coarse = _Problem(
            np.add.reduceat(self.lr, r_starts),
            np.add.reduceat(self.le, e_starts),
            np.ones(len(r_starts) + 1, dtype=bool),  # no paragraphs: blocks ignore them
            np.ones(len(e_starts) + 1, dtype=bool),
            replace(self.options, paragraphs=False),
        )
        coarse.set_features(self.feats.blocks(k))
        # A block with no counterpart stands for all its sentences: priced per sentence (half
        # price, blocks are fuzzy), at every level, or a text that repeats itself can slip a
        # whole repetition at the top level for the price of a few sentences.
        coarse.skip_cost = self.skip_cost * k / 2
        coarse.drift_cost = coarse.skip_cost / 2  # likewise a block bead off the diagonal

        path = coarse.path()
        # Through the middle of each block bead, not its corners: a block bead's corners
        # make a staircase that strays a block or two from where the sentences pair up.
        ends = np.array([(i, j) for _, i, j in path], dtype=np.float64)
        starts = np.vstack(([0.0, 0.0], ends[:-1]))
        mid = (starts + ends) / 2 * k
        nodes_i = np.concatenate(([0.0], np.minimum(mid[:, 0], n), [n]))
        nodes_j = np.concatenate(([0.0], np.minimum(mid[:, 1], m), [m]))
        nodes_i, first = np.unique(nodes_i, return_index=True)
        return np.interp(np.arange(n + 1), nodes_i, nodes_j[first])

    def _band(self, half: int) -> tuple[np.ndarray, int] | None:
        """Lowest English node index in each Russian row and the band width; None if the
        band cannot connect (0, 0) to (n, m) at this width."""
        m = self.m
        width = min(2 * half + 1, m + 1)
        if self.centre is None:
            self.centre = self._coarse_centre()
        lo = np.clip(np.rint(self.centre).astype(np.int64) - half, 0, m + 1 - width)
        lo = np.maximum.accumulate(lo)
        if width == m + 1:
            return lo, width
        # Consecutive rows must overlap enough for every bead type to step between them.
        step = width - 1 - max(b for _, b in _TYPES)
        if step < 1:
            return None
        lo = _limit_steps(lo, step)
        if lo[0] != 0 or lo[-1] != m + 1 - width:
            return None
        return lo, width

    # -- costs ---------------------------------------------------------------------------

    def _costs(self, lo: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray]:
        """Cost of a bead of each type ending at every node of the band.

        Returns ``stack[i, t, k]`` for ``_TYPES[t]`` and ``skip[i, k]`` for 0-1 beads, at
        node (i, lo[i] + k); impossible beads cost inf. float32, computed in blocks of rows
        so the temporaries stay small on long texts.
        """
        n = self.n
        stack = np.empty((n + 1, len(_TYPES), width), dtype=np.float32)
        skip = np.empty((n + 1, width), dtype=np.float32)
        match = self.feats.band_matches(lo, width, margin=_MARGIN)
        for r0 in range(0, n + 1, _ROWS_PER_CHUNK):
            rows = np.arange(r0, min(r0 + _ROWS_PER_CHUNK, n + 1))
            self._cost_rows(rows, lo, width, match, stack, skip)
        return stack, skip

    def _cost_rows(
        self,
        rows_1d: np.ndarray,
        lo: np.ndarray,
        width: int,
        match: np.ndarray,
        stack: np.ndarray,
        skip: np.ndarray,
    ) -> None:
        n, m, opts = self.n, self.m, self.options
        rows = rows_1d[:, None]
        cols = lo[rows_1d][:, None] + np.arange(width)[None, :]  # English node of each cell
        wr, we = self.feats.ru_weight, self.feats.en_weight
        node = self._node_costs(rows_1d, cols) if opts.paragraphs else np.zeros(cols.shape)
        singles = self._pair_matches(rows_1d, cols, lo, match) if self._lexical() else None
        inf = np.inf
        for t, (a, b) in enumerate(_TYPES):
            valid = (rows >= a) & (cols >= b) & (cols <= m)
            if b == 0:
                stack[rows_1d, t] = np.where(valid, self.skip_cost + node, inf)
                continue
            ci = np.clip(cols, b, m)
            ri = np.clip(rows, a, n)
            c = np.full(cols.shape, _PRIOR[a, b] + self.drift_cost * abs(a - b))
            if opts.length:
                lr = self.lr_cum[ri] - self.lr_cum[ri - a]
                le = self.le_cum[ci] - self.le_cum[ci - b]
                d = np.log((lr + _LEN_SMOOTH) / (self.ratio * (le + _LEN_SMOOTH)))
                # Student-t, not Gaussian: true pairs have heavy tails (99th percentile ~3 sigma)
                c += (_LEN_DOF + 1) / 2 * np.log1p(d * d / (_LEN_DOF * _LEN_SIGMA**2))
            if singles is not None:
                # Each sentence pays for the share of its anchors with no partner in the bead,
                # so a sentence wrongly absorbed into a neighbour's bead costs what it should.
                lex: np.ndarray = np.zeros(cols.shape)
                for di in range(a):
                    got: np.ndarray = sum(singles[di][dj] for dj in range(b))  # type: ignore[assignment]
                    lex += 1.0 - _coverage(got, wr[np.clip(ri - 1 - di, 0, n - 1)])
                for dj in range(b):
                    got = sum(singles[di][dj] for di in range(a))  # type: ignore[assignment]
                    lex += 1.0 - _coverage(got, we[np.clip(ci - 1 - dj, 0, m - 1)])
                c += _LEX_WEIGHT / 2 * lex
            if self.ru_vec is not None:
                c += _EMB_WEIGHT * (1.0 - self._embedding_sim(a, b, ri, ci)) * (a + b) / 2
            c += node
            if opts.paragraphs:
                # a bead that swallows a paragraph break: once per side that has one inside
                inside_r = np.zeros(cols.shape, dtype=bool)
                for q in range(1, a):
                    inside_r |= self.ru_break[np.clip(rows - q, 0, n)]
                inside_e = np.zeros(cols.shape, dtype=bool)
                for q in range(1, b):
                    inside_e |= self.en_break[np.clip(cols - q, 0, m)]
                c += _PARA_INSIDE * (inside_r.astype(np.float64) + inside_e)
            stack[rows_1d, t] = np.where(valid, c, inf)
        skip[rows_1d] = np.where((cols >= 1) & (cols <= m), self.skip_cost + node, inf)

    def _lexical(self) -> bool:
        return self.options.anchors or self.options.translit or self.feats.has_dictionary

    def _pair_matches(
        self, rows_1d: np.ndarray, cols: np.ndarray, lo: np.ndarray, match: np.ndarray
    ) -> list[list[np.ndarray]]:
        """singles[di][dj][r, k]: anchor weight shared by sentence pair (i-1-di, j-1-dj),
        for each cell (i, j) of these rows. One gather per di; dj is a column shift."""
        n = self.n
        width = cols.shape[1]
        reach = max(b for _, b in _TYPES)
        out = []
        for di in range(max(a for a, _ in _TYPES)):
            si = rows_1d - 1 - di
            si_c = np.clip(si, 0, max(n - 1, 0))
            # column of match for English sentence j - 1 - dj: j - 1 - dj - lo[si] + margin
            base = (lo[rows_1d] - lo[si_c] + _MARGIN - reach)[:, None] + np.arange(width + reach)
            ok = (si >= 0)[:, None] & (base >= 0) & (base < match.shape[1])
            g = np.where(ok, match[si_c[:, None], np.clip(base, 0, match.shape[1] - 1)], 0.0)
            # column k of the slice holds English sentence j - 1 - dj, with j = lo[i] + k;
            # columns of sentences outside the text are zero in ``match`` already
            out.append([g[:, reach - 1 - dj : reach - 1 - dj + width] for dj in range(reach)])
        return out

    def _embedding_sim(self, a: int, b: int, ri: np.ndarray, ci: np.ndarray) -> np.ndarray:
        """Cosine of the summed sentence vectors of each bead, rescaled to [0, 1]."""
        assert self.ru_vec is not None and self.en_vec is not None  # only called with vectors
        ru_cum = np.concatenate(
            (np.zeros((1, self.ru_vec.shape[1]), np.float32), np.cumsum(self.ru_vec, 0))
        )
        en_cum = np.concatenate(
            (np.zeros((1, self.en_vec.shape[1]), np.float32), np.cumsum(self.en_vec, 0))
        )
        rows = ri[:, 0]
        r = ru_cum[rows] - ru_cum[rows - a]
        r /= np.maximum(np.linalg.norm(r, axis=1, keepdims=True), 1e-9)
        out = np.empty(ci.shape)
        for s in range(0, len(rows), 512):  # chunks keep the (rows, width, dim) block small
            e = en_cum[ci[s : s + 512]] - en_cum[ci[s : s + 512] - b]
            e /= np.maximum(np.linalg.norm(e, axis=2, keepdims=True), 1e-9)
            out[s : s + 512] = np.einsum("rd,rwd->rw", r[s : s + 512], e)
        return np.clip((out - _EMB_FLOOR) / (_EMB_CEIL - _EMB_FLOOR), 0.0, 1.0)

    def _node_costs(self, rows_1d: np.ndarray, cols: np.ndarray) -> np.ndarray:
        rb = self.ru_break[rows_1d][:, None]
        eb = self.en_break[np.clip(cols, 0, self.m)]
        return np.where(
            rb & eb, _PARA_BOTH, np.where(rb, _PARA_RU_ONLY, np.where(eb, _PARA_EN_ONLY, 0.0))
        )

    # -- search --------------------------------------------------------------------------

    def path(self) -> list[tuple[int, int, int]]:
        """The best path, widening the band until it stays clear of the band's edges.

        Widening stops at a memory budget: past it the best path within the band is kept,
        which costs a few beads near the edge but never the machine.
        """
        half = self.half_width
        max_half = max(_BAND_MIN, _BAND_CELLS // (2 * (self.n + 1) * len(_TYPES)))
        while True:
            band = self._band(half)
            if band is not None:
                lo, width = band
                stack, skip = self._costs(lo, width)
                _, back = _forward(stack, skip, lo, self.n, soft=False)
                path = _backtrace(back, lo, self.n, self.m)
                if width >= self.m + 1 or half >= max_half:
                    break
                if not _near_edge(path, lo, width, self.m):
                    break
            elif half >= max_half:
                raise AlignmentError(
                    "the two texts are too different in length to align within the memory budget"
                )
            half = min(half * 2, max_half)
        self.half_width = half
        self._last = (lo, stack, skip)
        return path

    def solve(self, *, confidence: bool = True) -> list[Bead]:
        path = self.path()
        if not confidence:
            return [_bead(t, i, j, 1.0) for t, i, j in path]
        # Confidence: the posterior of each bead over all paths in the band (sum-product):
        # forward to each bead's start, its own cost, mirrored-forward from its end.
        lo, stack, skip = self._last
        del self.feats  # not needed past the costs; long texts need the memory
        n, m, width = self.n, self.m, stack.shape[2]
        rev_lo = (m + 1 - width) - lo[::-1]
        starts: dict[int, list[int]] = {n: [m - lo[n]]}
        ends: dict[int, list[int]] = {}
        for t, i, j in path:
            a, b = (0, 1) if t == _SKIP_EN else _TYPES[t]
            starts.setdefault(i - a, []).append(j - b - lo[i - a])
            ends.setdefault(n - i, []).append((m - j) - rev_lo[n - i])
        fwd, _ = _forward(stack, skip, lo, n, soft=True, want=starts)
        rstack, rskip = _reverse_costs(stack, skip, lo, n, m)
        bwd, _ = _forward(rstack, rskip, rev_lo, n, soft=True, want=ends)
        total = fwd[n, m - lo[n]]
        beads = []
        for t, i, j in path:
            a, b = (0, 1) if t == _SKIP_EN else _TYPES[t]
            si, sj = i - a, j - b
            cost = skip[i, j - lo[i]] if t == _SKIP_EN else stack[i, t, j - lo[i]]
            through = fwd[si, sj - lo[si]] + float(cost) + bwd[n - i, (m - j) - rev_lo[n - i]]
            conf = math.exp(min(0.0, total - through)) if math.isfinite(through) else 0.0
            beads.append(_bead(t, i, j, round(conf, 4)))
        return beads


def _coverage(matched: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Share of a sentence's anchor weight matched, pulled towards a prior when it has few."""
    cov = (matched + _LEX_PRIOR_WEIGHT * _LEX_PRIOR_SIM) / (weight + _LEX_PRIOR_WEIGHT)
    return np.minimum(cov, 1.0)


def _limit_steps(lo: np.ndarray, step: int) -> np.ndarray:
    """Clamp a non-decreasing row offset so it never rises by more than ``step`` a row."""
    out = lo.copy()
    for i in range(1, len(out)):  # forward: rows may not run ahead of their predecessor
        out[i] = min(out[i], out[i - 1] + step)
    for i in range(len(out) - 1, 0, -1):  # backward: nor lag behind their successor
        out[i - 1] = max(out[i - 1], out[i] - step)
    return out


def _breaks(paras: list[int]) -> np.ndarray:
    p = np.asarray(paras)
    b = np.ones(len(p) + 1, dtype=bool)
    if len(p) > 1:
        b[1:-1] = p[1:] != p[:-1]
    return b


def _forward(
    stack: np.ndarray,
    skip: np.ndarray,
    lo: np.ndarray,
    n: int,
    *,
    soft: bool,
    want: dict[int, list[int]] | None = None,
) -> tuple[dict[tuple[int, int], float], np.ndarray]:
    """Cost to reach band cells, and which bead type got there.

    ``stack[i, t, k]`` is the cost of a bead of type ``_TYPES[t]`` ending at node
    (i, lo[i] + k); ``skip`` the same for 0-1 beads. Hard: the best path (min-sum), with
    back-pointers. Soft: -log of the summed exp(-cost) over all paths (sum-product), for
    posteriors. Only the last few rows are kept (a bead spans at most three), and the
    values of the cells in ``want`` (row -> band columns) are returned.

    Per row, one numpy step per Russian bead size: the previous rows are kept padded with
    inf and seen through sliding windows, so the English sizes of a group are one slice.
    """
    width = stack.shape[2]
    pad = max(b for _, b in _TYPES)
    depth = max(a for a, _ in _TYPES) + 1
    ring = np.full((depth, pad + 3 * width), np.inf)
    windows = [np.lib.stride_tricks.sliding_window_view(ring[d], width) for d in range(depth)]
    n_win = windows[0].shape[0]
    back = np.full((n + 1, width), -1, dtype=np.int8) if not soft else np.empty((0, 0), np.int8)
    ks = np.arange(width)
    vals = np.empty((len(_TYPES), width))
    want = want or {}
    got: dict[tuple[int, int], float] = {}
    # 0-1 beads chain along a row: D[k] = min(cand[k], D[k-1] + skip[k]), a prefix scan over
    # the row's running skip cost, which restarts only after a cell no chain can pass.
    finite = np.isfinite(skip)
    run_cost = np.cumsum(np.where(finite, skip, 0.0), axis=1)
    restart = ~finite[:, 1:].all(axis=1)
    for i in range(n + 1):
        if i & 1023 == 1023:
            progress.advance(1024)
        for a, t0, t1 in _GROUPS:
            r = i - a
            if r < 0:
                vals[t0:t1] = np.inf
                continue
            # window w holds English node lo[r] + w - pad; type (a, b) needs lo[i] - b + k
            top = pad + lo[i] - lo[r] - _TYPES[t0][1]  # the group's largest b comes first
            if top + (t1 - t0) <= n_win:
                np.add(windows[r % depth][top : top + (t1 - t0)], stack[i, t0:t1], out=vals[t0:t1])
            else:  # the band jumped more than its width: read what overlaps, inf elsewhere
                for t in range(t0, t1):
                    w = pad + lo[i] - lo[r] - _TYPES[t][1]
                    vals[t] = windows[r % depth][w] + stack[i, t] if w < n_win else np.inf
        if soft:
            cand = -np.logaddexp.reduce(-vals, axis=0)
        else:
            arg = vals.argmin(axis=0)
            cand = vals[arg, ks]
        if i == 0 and lo[0] == 0:
            cand[0] = 0.0
        s = run_cost[i]
        shifted = cand - s
        if soft:
            acc = np.logaddexp.accumulate
            row = s - (_segmented(acc, -shifted, finite[i]) if restart[i] else acc(-shifted))
        else:
            acc = np.minimum.accumulate
            run = _segmented(acc, shifted, finite[i]) if restart[i] else acc(shifted)
            row = run + s
            arg[run < shifted] = _SKIP_EN
            back[i] = arg
        ring[i % depth, pad : pad + width] = row
        for k in want.get(i, ()):
            got[i, k] = float(row[k])
    progress.advance((n + 1) % 1024)
    return got, back


def _segmented(acc, x: np.ndarray, finite: np.ndarray) -> np.ndarray:
    """acc over x, restarting after every cell a 0-1 chain cannot pass (band edges only)."""
    blocked = np.cumsum(~finite)
    out = np.empty_like(x)
    cuts = np.flatnonzero(np.diff(blocked)) + 1
    for seg in np.split(np.arange(len(x)), cuts):
        out[seg] = acc(x[seg])
    return out


def _backtrace(back: np.ndarray, lo: np.ndarray, n: int, m: int) -> list[tuple[int, int, int]]:
    """The best path as (type code, i, j) of each bead's end node, in reading order."""
    i, j = n, m
    path = []
    while i > 0 or j > 0:
        t = int(back[i, j - lo[i]])
        if t < 0:
            raise RuntimeError(f"alignment path broken at ({i}, {j})")  # a bug, not bad input
        path.append((t, i, j))
        a, b = (0, 1) if t == _SKIP_EN else _TYPES[t]
        i, j = i - a, j - b
    path.reverse()
    return path


def _near_edge(path: list[tuple[int, int, int]], lo: np.ndarray, width: int, m: int) -> bool:
    for _, i, j in path:
        k = j - lo[i]
        if (k < _BAND_EDGE and lo[i] > 0) or (k >= width - _BAND_EDGE and lo[i] + width <= m):
            return True
    return False


def _reverse_costs(
    stack: np.ndarray, skip: np.ndarray, lo: np.ndarray, n: int, m: int
) -> tuple[np.ndarray, np.ndarray]:
    """Costs of the mirrored problem, so a forward pass over it gives costs-to-go.

    A bead of type (a, b) ending at node (i, j) starts at (i - a, j - b); mirrored, it ends
    at (n - i + a, m - j + b) and keeps its cost, so every path costs the same both ways.
    """
    width = stack.shape[2]
    rev_lo = (m + 1 - width) - lo[::-1]
    rstack = np.empty_like(stack)
    rskip = np.empty_like(skip)
    for r0 in range(0, n + 1, _ROWS_PER_CHUNK):  # in blocks of rows: no full-size indices
        rows = np.arange(r0, min(r0 + _ROWS_PER_CHUNK, n + 1))[:, None]
        cols = rev_lo[rows] + np.arange(width)[None, :]

        def mirror(c: np.ndarray, a: int, b: int, rows=rows, cols=cols) -> np.ndarray:
            oi = n - rows + a
            oi_c = np.clip(oi, 0, n)
            k = m - cols + b - lo[oi_c]
            ok = (oi <= n) & (k >= 0) & (k < width)
            return np.where(ok, c[oi_c, np.clip(k, 0, width - 1)], np.inf)

        for t, (a, b) in enumerate(_TYPES):
            rstack[rows[:, 0], t] = mirror(stack[:, t], a, b)
        rskip[rows[:, 0]] = mirror(skip, 0, 1)
    return rstack, rskip


def _bead(t: int, i: int, j: int, confidence: float) -> Bead:
    a, b = (0, 1) if t == _SKIP_EN else _TYPES[t]
    return Bead(tuple(range(i - a, i)), tuple(range(j - b, j)), confidence)
