"""sverka.ter against sacrebleu's own TER (lib_ter.translation_edit_rate), segment by segment.

Three WMT21 systems here (Facebook-AI, Online-W, AFRL: about 2 s of sacrebleu each); all ten
are checked segment by segment in bench/score/run.py. Random adversarial inputs cover what news
text rarely reaches: the beam cutting the band, the 1,000-candidate cap, degenerate lengths.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sacrebleu.metrics import TER
from sacrebleu.metrics.lib_ter import translation_edit_rate

from sverka import ter
from sverka.ter import ter_stats


@pytest.mark.parametrize("system", ["Facebook-AI", "Online-W", "AFRL"])
def test_every_segment_equals_sacrebleu_on_wmt21(wmt21, system):
    tokenize = TER().tokenizer  # sacrebleu's default TER preprocessing: lowercase, tercom
    refs = [tokenize(r.rstrip()).split() for r in wmt21["ref:A"]]
    hyps = [tokenize(h.rstrip()).split() for h in wmt21[system]]
    want = [translation_edit_rate(h, r) for h, r in zip(hyps, refs, strict=True)]
    got = ter_stats(hyps, refs)
    assert len(got) == 1000
    diff = [(k, want[k], got[k]) for k in range(len(want)) if tuple(want[k]) != got[k]]
    assert diff == []
    assert sum(e for e, _ in got) > 0


def test_definition_examples():
    # One substitution in a four-word reference; one shift of a three-word block; nothing.
    assert ter_stats([["the", "cat", "sat", "down"]], [["the", "dog", "sat", "down"]]) == [(1, 4)]
    assert ter_stats([list("defabc")], [list("abcdef")]) == [(1, 6)]
    assert ter_stats([["a", "b"]], [["a", "b"]]) == [(0, 2)]
    # sacrebleu's edge cases: an empty reference has length 0 and every word is an edit.
    assert ter_stats([["a", "b"], []], [[], ["x", "y", "z"]]) == [(2, 0), (3, 3)]


def _shuffle_edit(rng: random.Random, ref: list[str], vocab: int) -> list[str]:
    hyp = list(ref)
    for _ in range(rng.randint(0, 6)):
        op = rng.random()
        if op < 0.4 and len(hyp) > 2:
            s = rng.randrange(len(hyp))
            block = hyp[s : s + rng.randint(1, 12)]
            del hyp[s : s + len(block)]
            t = rng.randint(0, len(hyp))
            hyp[t:t] = block
        elif op < 0.7 and hyp:
            hyp[rng.randrange(len(hyp))] = str(rng.randrange(vocab + 3))
        elif op < 0.85:
            hyp.insert(rng.randint(0, len(hyp)), str(rng.randrange(vocab)))
        elif hyp:
            del hyp[rng.randrange(len(hyp))]
    return hyp


def test_adversarial_batch_with_band_and_cap(monkeypatch):
    """Long, repetitive and lopsided pairs, scored in one batch: the band and the cap are hit."""
    rng = random.Random(20211110)
    hyps, refs = [], []
    for n, m, vocab in [(25, 25, 2), (12, 70, 3), (70, 12, 3), (20, 80, 4), (60, 30, 5),
                        (40, 45, 3), (1, 60, 2), (60, 1, 2), (33, 29, 4)]:  # fmt: skip
        hyps.append([str(rng.randrange(vocab)) for _ in range(n)])
        refs.append([str(rng.randrange(vocab)) for _ in range(m)])
    for _ in range(40):
        ref = [str(rng.randrange(6)) for _ in range(rng.randint(20, 45))]
        refs.append(ref)
        hyps.append(_shuffle_edit(rng, ref, 6))
    capped: list[int] = []
    real = ter._candidates

    def counting(pair, *args):
        hit = real(pair, *args)
        if hit:
            capped.append(pair.index)
        return hit

    monkeypatch.setattr(ter, "_candidates", counting)
    got = ter_stats(hyps, refs)
    want = [translation_edit_rate(h, r) for h, r in zip(hyps, refs, strict=True)]
    assert got == [tuple(w) for w in want]
    assert capped, "some pair reaches sacrebleu's 1,000-candidate cap"
    banded = [
        k for k, (h, r) in enumerate(zip(hyps, refs, strict=True)) if not ter._Pair(k, h, r).full
    ]
    assert len(banded) >= 5, "and several are scored inside a beam narrower than the matrix"


@st.composite
def edited_pairs(draw):
    vocab = draw(st.sampled_from([2, 3, 5, 12]))
    words = st.integers(0, vocab - 1).map(str)
    ref = draw(st.lists(words, max_size=30))
    if draw(st.booleans()):
        hyp = draw(st.lists(words, max_size=30))
    else:
        hyp = _shuffle_edit(random.Random(draw(st.integers(0, 2**32))), ref, vocab)
    return hyp, ref


@settings(max_examples=150, deadline=None)
@given(st.lists(edited_pairs(), min_size=1, max_size=6))
def test_random_pairs_equal_sacrebleu(pairs):
    hyps = [h for h, _ in pairs]
    refs = [r for _, r in pairs]
    assert ter_stats(hyps, refs) == [translation_edit_rate(h, r) for h, r in pairs]
