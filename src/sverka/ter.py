"""TER exactly as sacrebleu computes it, many segments at once.

sacrebleu's ``lib_ter.translation_edit_rate`` (Tercom's algorithm) shifts hypothesis words
greedily: each round it scores every admissible shift of a matching word block with a
beam-limited edit distance, and applies the best shift while that lowers the distance. Its
edit distance is pure Python over tuples, about 2 s per thousand sentences. This module runs
the *same* algorithm -- the same candidate shifts, the same beam, the same tie-breaks in the
trace and among shifts, the same cap of 1,000 candidates per segment -- faster:

* words are integer ids;
* each round takes every unfinished segment of the batch together ("lockstep"), and the edit
  distances of all their candidate shifts are one vectorised dynamic programme: numpy steps
  along the hypothesis rows over every candidate and reference column at once, the
  insertion chain inside a row being a running minimum;
* candidates are enumerated from match positions and prefix sums instead of nested scans,
  and a round that reaches the candidate cap is decided without any distance, since
  sacrebleu throws that round's result away.

sacrebleu's prefix cache is memoisation only (every row is a function of the prefix and of
the hypothesis length, which shifts keep), so leaving it out changes no number. The order in
which sacrebleu meets candidates does not matter either: the cap depends on their count, and
the winner is the largest (gain, length, -start, -target), where equal keys are the same
shifted sentence. Equality with sacrebleu is checked on every segment of every WMT21 ru-en
system (``bench/score``) and on random adversarial inputs (``tests/score/test_ter.py``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

# sacrebleu.metrics.lib_ter's constants (Tercom's limits and sacrebleu's own).
MAX_SHIFT_SIZE = 10
MAX_SHIFT_DIST = 50
BEAM_WIDTH = 25
MAX_SHIFT_CANDIDATES = 1000

_INF = 1 << 28  # unreachable: far above any distance, and INF + 1 still fits in int32
_NOP, _SUB, _DEL, _INS = 0, 1, 2, 3  # DEL consumes a hypothesis word, INS a reference word
_BATCH = 4096  # segments per lockstep batch (bounds the memory of the base rows)
_CHUNK_CELLS = 1 << 14  # candidates per DP step: about this many cells per row


def ter_stats(
    hyps: Sequence[Sequence[str]], refs: Sequence[Sequence[str]]
) -> list[tuple[int, int]]:
    """``(edits, len(ref))`` for each pair of tokenised hypothesis and reference, equal to
    ``sacrebleu.metrics.lib_ter.translation_edit_rate(hyp, ref)`` pair by pair."""
    if len(hyps) != len(refs):
        raise ValueError(f"{len(hyps)} hypotheses but {len(refs)} references")
    vocab: dict[str, int] = {}
    out: list[tuple[int, int]] = [(0, 0)] * len(hyps)
    work: list[_Pair] = []
    for k, (hyp, ref) in enumerate(zip(hyps, refs, strict=True)):
        n, m = len(hyp), len(ref)
        if m == 0:
            out[k] = (n, 0)  # sacrebleu's special case: length 0, every word an edit
        elif n == 0:
            out[k] = (m, m)
        elif list(hyp) == list(ref):
            out[k] = (0, m)  # no error anywhere, so no admissible shift
        else:
            h = [vocab.setdefault(w, len(vocab)) for w in hyp]
            r = [vocab.setdefault(w, len(vocab)) for w in ref]
            work.append(_Pair(k, h, r))
    # Long sentences first: batches of similar sizes pad less.
    work.sort(key=lambda p: -len(p.hyp))
    for start in range(0, len(work), _BATCH):
        for pair in _shift_rounds(work[start : start + _BATCH]):
            out[pair.index] = (pair.shifts + pair.score, len(pair.ref))
    return out


class _Pair:
    """One segment's state across the shift rounds."""

    __slots__ = (
        "beam",
        "checked",
        "full",
        "hyp",
        "index",
        "ratio",
        "ref",
        "ref_pos",
        "score",
        "shifts",
    )

    def __init__(self, index: int, hyp: list[int], ref: list[int]) -> None:
        self.index = index
        self.hyp = hyp
        self.ref = ref
        self.shifts = 0
        self.checked = 0  # sacrebleu's checked_candidates, summed over the rounds
        self.score = 0  # edit distance of the current hypothesis
        n, m = len(hyp), len(ref)
        # BeamEditDistance's band: row i spans the columns around floor(i * m / n).
        self.ratio = ratio = m / n
        self.beam = math.ceil(ratio / 2 + BEAM_WIDTH) if ratio / 2 > BEAM_WIDTH else BEAM_WIDTH
        # Every row complete (the usual case, up to 25 reference words): no band to apply.
        self.full = math.floor(n * ratio) <= self.beam and (
            n == 1 or math.floor(ratio) + self.beam >= m + 1
        )
        ref_pos: dict[int, list[int]] = {}
        for j, w in enumerate(ref):
            ref_pos.setdefault(w, []).append(j)
        self.ref_pos = ref_pos


def _shift_rounds(pairs: list[_Pair]) -> list[_Pair]:
    """Shift until no candidate lowers the distance (or the cap is hit), all pairs at once."""
    active = pairs
    while active:
        traces = _score_current(active)
        owners: list[int] = []
        starts: list[int] = []
        lengths: list[int] = []
        targets: list[int] = []
        for k, (pair, trace) in enumerate(zip(active, traces, strict=True)):
            before = len(starts)
            if _candidates(pair, *trace, starts, lengths, targets):
                # The cap: sacrebleu stops and discards this round's best shift, so the
                # distance of the current hypothesis is final and no candidate matters.
                del starts[before:], lengths[before:], targets[before:]
            else:
                owners.extend([k] * (len(starts) - before))
        if not owners:
            return pairs
        owner = np.array(owners, dtype=np.int64)
        start = np.array(starts, dtype=np.int64)
        length = np.array(lengths, dtype=np.int64)
        target = np.array(targets, dtype=np.int64)
        dist = _shifted_distances(active, owner, start, length, target)
        gain = np.array([p.score for p in active], dtype=np.int64)[owner] - dist
        # The largest (gain, length, -start, -target) of each segment: the last of its run.
        order = np.lexsort((-target, -start, length, gain, owner))
        last = order[np.r_[owner[order][1:] != owner[order][:-1], True]]
        moved: list[_Pair] = []
        for c in last.tolist():
            if gain[c] > 0:
                pair = active[owners[c]]
                pair.hyp = _perform_shift(pair.hyp, starts[c], lengths[c], targets[c])
                pair.shifts += 1
                moved.append(pair)
        active = moved
    return pairs


def _perform_shift(words: list[int], start: int, length: int, target: int) -> list[int]:
    """sacrebleu's ``_perform_shift``, quirks included (a target inside the block)."""
    block = words[start : start + length]
    if target < start:
        return words[:target] + block + words[target:start] + words[start + length :]
    if target > start + length:
        return words[:start] + words[start + length : target] + block + words[target:]
    return (
        words[:start] + words[start + length : length + target] + block + words[length + target :]
    )


# -- candidates ----------------------------------------------------------------------------


def _candidates(
    pair: _Pair,
    align: list[int],
    hyp_err: list[int],
    ref_err: list[int],
    starts: list[int],
    lengths: list[int],
    targets: list[int],
) -> bool:
    """Append this round's candidate shifts (start, length, target) as sacrebleu's ``_shift``
    would try them; True when the candidate cap is reached (the round is then void)."""
    h, r = pair.hyp, pair.ref
    n, m = len(h), len(r)
    # next_h[k]: first hypothesis error at or after k (n if none); the same for the reference.
    next_h = [n] * (n + 1)
    for k in range(n - 1, -1, -1):
        next_h[k] = k if hyp_err[k] else next_h[k + 1]
    next_r = [m] * (m + 1)
    for k in range(m - 1, -1, -1):
        next_r[k] = k if ref_err[k] else next_r[k + 1]
    checked = pair.checked
    ref_pos = pair.ref_pos
    for sh in range(n):
        positions = ref_pos.get(h[sh])
        if positions is None:
            continue
        # A block must hold a hypothesis error: length > need_h.
        need_h = next_h[sh] - sh
        if need_h >= MAX_SHIFT_SIZE or need_h >= n - sh:
            continue
        for sr in positions:
            if sr - sh > MAX_SHIFT_DIST:
                break
            if sh - sr > MAX_SHIFT_DIST:
                continue
            low = max(need_h, next_r[sr] - sr) + 1  # ... and a reference error too
            a = align[sr]
            # Not when the reference position is aligned inside the block itself.
            high = min(MAX_SHIFT_SIZE, n - sh, m - sr, a - sh if a >= sh else MAX_SHIFT_SIZE)
            if low > high:
                continue
            length = 1
            while length < high and h[sh + length] == r[sr + length]:
                length += 1
            if length < low:
                continue
            # Targets: before the reference word aligned just before the block, then after
            # each reference word of the block; sacrebleu skips a target equal to the last.
            seq = [0 if sr == 0 else align[sr - 1] + 1]
            seq.extend(x + 1 for x in align[sr : sr + length])
            for size in range(low, length + 1):
                prev = -1
                for t in seq[: size + 1]:
                    if t != prev:
                        starts.append(sh)
                        lengths.append(size)
                        targets.append(t)
                        checked += 1
                        prev = t
                if checked >= MAX_SHIFT_CANDIDATES:
                    pair.checked = checked
                    return True
    pair.checked = checked
    return False


# -- edit distances --------------------------------------------------------------------------


def _score_current(active: list[_Pair]) -> list[tuple[list[int], list[int], list[int]]]:
    """Edit distance of each current hypothesis (into ``pair.score``) and sacrebleu's
    alignment from its trace: (align, hyp_err, ref_err) as ``trace_to_alignment`` gives."""
    out: list[tuple[list[int], list[int], list[int]]] = [([], [], [])] * len(active)
    order = sorted(range(len(active)), key=lambda k: (active[k].full, -len(active[k].hyp)))
    ps = [active[k] for k in order]
    for chunk in _chunks([len(p.hyp) for p in ps], [len(p.ref) for p in ps], [p.full for p in ps]):
        part = ps[chunk]
        n = np.array([len(p.hyp) for p in part], dtype=np.int64)
        m = np.array([len(p.ref) for p in part], dtype=np.int64)
        big_n = int(n[0])
        hyp = _pad([p.hyp for p in part], big_n, -1)
        ref = _pad([p.ref for p in part], int(m.max()), -2)
        dist, ops = _edit_distance(hyp, ref, _bands(part, big_n), n, m, with_ops=True)
        assert ops is not None
        align, hyp_err, ref_err = _backtrace(ops, n, m)
        for row, p in enumerate(part):
            p.score = int(dist[row])
            out[order[chunk.start + row]] = (
                align[row, : len(p.ref)].tolist(),
                hyp_err[row, : len(p.hyp)].tolist(),
                ref_err[row, : len(p.ref)].tolist(),
            )
    return out


def _shifted_distances(
    active: list[_Pair],
    owner: np.ndarray,
    start: np.ndarray,
    length: np.ndarray,
    target: np.ndarray,
) -> np.ndarray:
    """Edit distance of every candidate: the owner's hypothesis with the block moved."""
    n_of = np.array([len(p.hyp) for p in active], dtype=np.int64)
    m_of = np.array([len(p.ref) for p in active], dtype=np.int64)
    full_of = np.array([p.full for p in active], dtype=bool)
    n, m, full = n_of[owner], m_of[owner], full_of[owner]
    words = _pad([p.hyp for p in active], int(n_of.max()), -1)
    refs = _pad([p.ref for p in active], int(m_of.max()), -2)
    bands = _bands(active, int(n_of.max()))
    dist = np.empty(len(owner), dtype=np.int64)
    order = np.lexsort((-n, full))  # banded ones first, then by length, longest first
    for chunk in _chunks(n[order].tolist(), m[order].tolist(), full[order].tolist()):
        c = order[chunk]
        big_n = int(n[c[0]])
        big_m = int(m[c].max())
        perm = _shift_permutation(start[c], length[c], target[c], n[c], big_n)
        o = owner[c]
        hyp = words[o[:, None], perm]
        band = None if full[c[0]] else bands[o, :, : big_n + 1]  # type: ignore[index]
        dist[c], _ = _edit_distance(hyp, refs[o, :big_m], band, n[c], m[c])
    return dist


def _shift_permutation(
    s: np.ndarray, length: np.ndarray, t: np.ndarray, n: np.ndarray, width: int
) -> np.ndarray:
    """Source index of each word of the shifted hypotheses (``_perform_shift``, vectorised)."""
    s, length, t, n = (x[:, None] for x in (s, length, t, n))
    i = np.arange(width, dtype=np.int64)[None, :]
    # Moving left: words[:t] + block + words[t:s] + words[s+L:].
    left = np.where(
        i < t, i, np.where(i < t + length, s + i - t, np.where(i < s + length, i - length, i))
    )
    # Moving right to before T: words[:s] + words[s+L:T] + block + words[T:]. A target inside
    # the block (s <= t <= s+L) is sacrebleu's third case, the same as T = min(n, t + L).
    big_t = np.where(t > s + length, t, np.minimum(n, t + length))
    right = np.where(
        i < s,
        i,
        np.where(i < big_t - length, i + length, np.where(i < big_t, s + i - big_t + length, i)),
    )
    perm = np.where(t < s, left, right)
    return np.minimum(perm, width - 1)  # padding columns past n stay in range


def _edit_distance(
    hyp: np.ndarray,
    ref: np.ndarray,
    band: np.ndarray | None,
    n: np.ndarray,
    m: np.ndarray,
    with_ops: bool = False,
) -> tuple[np.ndarray, np.ndarray | None]:
    """sacrebleu's ``BeamEditDistance`` for a batch, rows sorted by ``n`` descending.

    hyp (B, N) and ref (B, M) word ids, padded with values that match nothing; band
    (B, 2, N + 1) the columns [lo, hi) of each row, or None when all rows are complete.
    Cells outside the band are unreachable.
    A cell takes the first of (substitution or match, deletion, insertion) that reaches its
    minimum, as sacrebleu's strict comparisons do. Returns the distance at (n, m) and, with
    ``with_ops``, the operation chosen in every cell (B, N + 1, M + 1).
    """
    rows, big_n = hyp.shape
    big_m = ref.shape[1]
    # Values are kept as D[i, j] - j: a match or substitution then costs ``- match`` from the
    # upper-left cell, a deletion +1 from the cell above, and an insertion nothing from the
    # cell to the left, so the insertion chain along a row is a plain running minimum.
    # Unreachable cells hold about INF (never less than INF - N), far above any distance.
    small = big_n + big_m < 4096
    dtype = np.int16 if small else np.int32
    inf = (1 << 14) if small else _INF
    cols = np.arange(big_m + 1, dtype=dtype)
    prev = np.zeros((rows, big_m + 1), dtype=dtype)
    dist = np.empty(rows, dtype=np.int64)
    ops = None
    if with_ops:
        ops = np.full((rows, big_n + 1, big_m + 1), _INS, dtype=np.int8)
    # alive[i]: how many rows have n >= i (a prefix, as n is sorted descending).
    alive = np.searchsorted(-n, -np.arange(big_n + 2), side="right")
    width = np.maximum.accumulate(m) + 1  # columns the first k rows need
    for i in range(1, big_n + 1):
        k = int(alive[i])
        if k == 0:
            break
        w = int(width[k - 1])
        p = prev[:k, :w]
        match = hyp[:k, i - 1, None] == ref[:k, : w - 1]
        diag = p[:, :-1] - match
        cur = p + 1
        up = cur.copy() if ops is not None else cur
        np.minimum(cur[:, 1:], diag, out=cur[:, 1:])
        if band is None:  # every row complete: the running minimum is all there is
            np.minimum.accumulate(cur, axis=1, out=cur)
        else:
            c = cols[:w]
            np.putmask(cur, c < band[:k, 0, i, None], inf)
            np.minimum.accumulate(cur, axis=1, out=cur)
            np.putmask(cur, c >= band[:k, 1, i, None], inf)
        if ops is not None:
            op = np.where(cur == up, _DEL, _INS).astype(np.int8)
            op[:, 1:] = np.where(cur[:, 1:] == diag, np.where(match, _NOP, _SUB), op[:, 1:])
            ops[:k, i, :w] = op
        done = int(alive[i + 1])
        if done < k:
            ends = m[done:k]
            dist[done:k] = cur[np.arange(done, k), ends] + ends
        prev = cur
    return dist, ops


def _backtrace(
    ops: np.ndarray, n: np.ndarray, m: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Walk every trace back from (n, m): sacrebleu's ``trace_to_alignment`` of the flipped
    trace, i.e. for each reference word the hypothesis position it is aligned to (or the one
    before it when inserted), and which words of either side are errors."""
    rows = len(n)
    big_n, big_m = ops.shape[1] - 1, ops.shape[2] - 1
    align = np.full((rows, max(big_m, 1)), -1, dtype=np.int64)
    hyp_err = np.zeros((rows, max(big_n, 1)), dtype=np.int8)
    ref_err = np.zeros((rows, max(big_m, 1)), dtype=np.int8)
    i = n.astype(np.int64).copy()
    j = m.astype(np.int64).copy()
    live = np.flatnonzero((i > 0) | (j > 0))
    while live.size:
        ii, jj = i[live], j[live]
        op = ops[live, ii, jj]
        takes_hyp = op != _INS
        takes_ref = op != _DEL
        err = op != _NOP
        h = live[takes_hyp]
        hyp_err[h, ii[takes_hyp] - 1] = err[takes_hyp]
        r = live[takes_ref]
        ref_err[r, jj[takes_ref] - 1] = err[takes_ref]
        align[r, jj[takes_ref] - 1] = ii[takes_ref] - 1
        i[live] = ii - takes_hyp
        j[live] = jj - takes_ref
        live = live[(i[live] > 0) | (j[live] > 0)]
    return align, hyp_err, ref_err


def _chunks(ns: list[int], ms: list[int], full: list[bool]) -> list[slice]:
    """Split a run (sorted by n descending within each value of ``full``) into DP batches of
    about _CHUNK_CELLS cells per row, never mixing banded and complete rows."""
    out: list[slice] = []
    first, widest = 0, 0
    for k, (mm, f) in enumerate(zip(ms, full, strict=True)):
        if k > first and ((k - first + 1) * max(widest, mm + 1) > _CHUNK_CELLS or f != full[first]):
            out.append(slice(first, k))
            first, widest = k, 0
        widest = max(widest, mm + 1)
    if ns:
        out.append(slice(first, len(ns)))
    return out


def _pad(rows: list[list[int]], width: int, fill: int) -> np.ndarray:
    out = np.full((len(rows), max(width, 1)), fill, dtype=np.int32)
    for k, row in enumerate(rows):
        out[k, : len(row)] = row
    return out


def _bands(pairs: list[_Pair], big_n: int) -> np.ndarray | None:
    """The columns [lo, hi) of rows 0..big_n for each pair (B, 2, big_n + 1), computed with
    sacrebleu's float arithmetic (``math.floor(i * (m / n))``); None when every row of every
    pair is complete."""
    if all(p.full for p in pairs):
        return None
    ratio = np.array([p.ratio for p in pairs], dtype=np.float64)[:, None]
    beam = np.array([p.beam for p in pairs], dtype=np.int64)[:, None]
    n = np.array([len(p.hyp) for p in pairs], dtype=np.int64)[:, None]
    m1 = np.array([len(p.ref) + 1 for p in pairs], dtype=np.int64)[:, None]
    rows = np.arange(big_n + 1, dtype=np.int64)[None, :]
    diag = np.floor(rows.astype(np.float64) * ratio).astype(np.int64)
    lo = np.maximum(0, diag - beam)
    hi = np.where((rows == 0) | (rows == n), m1, np.minimum(m1, diag + beam))
    lo[:, 0] = 0
    return np.stack([lo, hi], axis=1).astype(np.int32)
