"""Lexical anchors shared by a Russian and an English sentence, for the aligner.

A feature is something that can occur on both sides: a number under each language's
conventions (Russian ``1 000,5`` and English ``1,000.5`` are the same feature), a Latin word
inside the Russian, a punctuation mark that survives translation (? ! quotes), the consonant
skeleton of a transliterated word (Хабаровск and Khabarovsk, президент and president), or a
pair from a dictionary learned on the first pass's confident beads. Only features seen on
both sides of the document count, weighted by how rare they are.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from sverka import progress
from sverka.morph import skeleton

_RU_NUMBER = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?|\d+(?:,\d+)?")
_EN_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_PUNCT = {"?": "?", "!": "!", "«": "q", "»": "q", '"': "q", "“": "q", "”": "q", "(": "(", ":": ":"}


_MATCH_CHUNK = 100_000  # Russian feature occurrences expanded into sentence pairs at a time
_MAX_DF = 0.3  # a feature in more than this share of sentences says nothing about which
_DF_MIN_SENTENCES = 20  # below this many sentences the share above means nothing


def numbers(text: str, lang: str) -> list[str]:
    """Numbers in a sentence, normalised so that both languages' conventions meet."""
    out = []
    if lang == "ru":
        for m in _RU_NUMBER.finditer(text):
            s = re.sub(r"[ \u00a0\u202f]", "", m.group()).replace(",", ".")
            out.append(_canonical_number(s))
    else:
        for m in _EN_NUMBER.finditer(text):
            out.append(_canonical_number(m.group().replace(",", "")))
    return out


def _canonical_number(s: str) -> str:
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s.lstrip("0") or "0"


def _word_key(word: str) -> str | None:
    sk = skeleton(word)
    if len(sk) >= 3 or (len(sk) == 2 and word[:1].isupper() and len(word) >= 4):
        return "t:" + sk[:4]
    return None


@lru_cache(maxsize=65_536)  # a news vocabulary's frequent words; each entry ~300 bytes
def _word_info(word: str, lang: str) -> tuple[str | None, str, str | None]:
    """(transliteration key, stem, literal feature) of a word, computed once per word."""
    key = _word_key(word) if len(word) >= 4 else None
    literal = None
    if (lang == "ru" and word.isascii()) or (lang == "en" and len(word) > 1):
        literal = "w:" + word.lower()  # Latin words inside Russian: KP.ru, COVID, iPhone
    return key, word.lower()[:5], literal


def analyse(text: str, lang: str, *, anchors: bool, translit: bool) -> tuple[set[str], set[str]]:
    """A sentence's anchor features and its word stems (first five letters, lowercased)."""
    feats: set[str] = set()
    stems: set[str] = set()
    for w in _WORD.findall(text):
        key, st, literal = _word_info(w, lang)
        if len(w) >= 2:
            stems.add(st)
        if translit and key:
            feats.add(key)
        if anchors and literal:
            feats.add(literal)
    if anchors:
        if _DIGIT.search(text):
            feats.update("#" + x for x in numbers(text, lang))
        feats.update("p:" + _PUNCT[c] for c in _PUNCT.keys() & set(text))
    return feats, stems


def _collect(
    texts: Sequence[str],
    lang: str,
    vocab: dict[str, int],
    stem_vocab: dict[str, int],
    anchors: bool,
    translit: bool,
) -> tuple[Occurrences, Occurrences]:
    """Analyse every sentence straight into id arrays (no per-sentence sets are kept)."""
    f_sent, f_ids, s_sent, s_ids = array("i"), array("i"), array("i"), array("i")
    for k, text in enumerate(texts):
        if k & 255 == 255:
            progress.advance(256)
        feats, stems = analyse(text, lang, anchors=anchors, translit=translit)
        f_ids.extend([vocab.setdefault(x, len(vocab)) for x in feats])
        f_sent.extend([k] * len(feats))
        s_ids.extend([stem_vocab.setdefault(x, len(stem_vocab)) for x in stems])
        s_sent.extend([k] * len(stems))
    progress.advance(len(texts) % 256)

    def occ(sent: array, ids: array) -> Occurrences:
        # int32: ids and sentence numbers stay far below 2**31, and memory halves
        return Occurrences(np.frombuffer(sent, dtype=np.int32), np.frombuffer(ids, dtype=np.int32))

    return occ(f_sent, f_ids), occ(s_sent, s_ids)


@dataclass(frozen=True)
class Occurrences:
    """Which ids occur in which sentence: parallel arrays, sorted by sentence, no repeats."""

    sent: np.ndarray
    ids: np.ndarray

    def rows(self, n: int) -> np.ndarray:
        """Offsets such that sentence i's ids are ids[rows[i]:rows[i + 1]]."""
        return np.searchsorted(self.sent, np.arange(n + 1))

    def blocks(self, k: int, vocab_size: int) -> Occurrences:
        code = np.unique((self.sent // k) * vocab_size + self.ids)
        return Occurrences(code // vocab_size, code % vocab_size)

    def select(self, keep: np.ndarray) -> Occurrences:
        return Occurrences(self.sent[keep], self.ids[keep])


@dataclass(frozen=True)
class Features:
    """Anchor features of a document pair as id arrays, with a weight per feature id.

    Only features seen on both sides count (numbers excepted), weighted by rarity; the raw
    occurrences are kept so blocks and a learned dictionary can be derived without
    analysing the text again.
    """

    ru: Occurrences  # the counted features (shared, not too common)
    en: Occurrences
    weights: np.ndarray  # per feature id; 0 for features that do not count
    ru_weight: np.ndarray  # per sentence: the sum of its features' weights
    en_weight: np.ndarray
    raw_ru: Occurrences  # every anchor, before filtering and without a dictionary
    raw_en: Occurrences
    is_number: np.ndarray  # per feature id of the raw vocabulary
    ru_stems: Occurrences | None = None  # stem ids, for learning a dictionary
    en_stems: Occurrences | None = None
    n_ru_stems: int = 0
    n_en_stems: int = 0
    has_dictionary: bool = False

    @classmethod
    def build(
        cls, ru: Sequence[str], en: Sequence[str], *, anchors: bool = True, translit: bool = True
    ) -> Features:
        vocab: dict[str, int] = {}
        ru_stem_vocab: dict[str, int] = {}
        en_stem_vocab: dict[str, int] = {}
        raw_ru, ru_stems = _collect(ru, "ru", vocab, ru_stem_vocab, anchors, translit)
        raw_en, en_stems = _collect(en, "en", vocab, en_stem_vocab, anchors, translit)
        is_number = np.array([f[0] == "#" for f in vocab], dtype=bool)
        return cls._index(
            raw_ru, raw_en, len(ru), len(en), raw_ru, raw_en, is_number, ru_stems, en_stems,
            len(ru_stem_vocab), len(en_stem_vocab), False,
        )  # fmt: skip

    def with_dictionary(self, pairs: np.ndarray) -> Features:
        """The same features plus one per dictionary pair (Russian stem id, English stem id)."""
        if self.ru_stems is None or self.en_stems is None or len(pairs) == 0:
            return self
        base = len(self.is_number)
        pair_ids = base + np.arange(len(pairs))
        extra_ru = _expand(self.ru_stems, pairs[:, 0], pair_ids, self.n_ru_stems)
        extra_en = _expand(self.en_stems, pairs[:, 1], pair_ids, self.n_en_stems)
        is_number = np.concatenate((self.is_number, np.zeros(len(pairs), dtype=bool)))
        return self._index(
            _merge(self.raw_ru, extra_ru), _merge(self.raw_en, extra_en),
            len(self.ru_weight), len(self.en_weight), self.raw_ru, self.raw_en, is_number,
            self.ru_stems, self.en_stems, self.n_ru_stems, self.n_en_stems, True,
        )  # fmt: skip

    def prefix(self, n: int, m: int) -> Features:
        """The same features, weights and stems for the first n Russian and m English sentences."""

        def cut(occ: Occurrences, limit: int) -> Occurrences:
            return occ.select(occ.sent < limit)

        def cut_stems(occ: Occurrences | None, limit: int) -> Occurrences | None:
            return None if occ is None else cut(occ, limit)

        return Features(
            cut(self.ru, n), cut(self.en, m), self.weights,
            self.ru_weight[:n], self.en_weight[:m],
            cut(self.raw_ru, n), cut(self.raw_en, m), self.is_number,
            cut_stems(self.ru_stems, n), cut_stems(self.en_stems, m),
            self.n_ru_stems, self.n_en_stems, self.has_dictionary,
        )  # fmt: skip

    def window(self, i0: int, i1: int, j0: int, j1: int) -> Features:
        """The same features and weights for Russian sentences i0..i1-1 and English j0..j1-1,
        renumbered from 0 (a stretch re-aligned on its own, weighted as in the document)."""

        def cut(occ: Occurrences, lo: int, hi: int) -> Occurrences:
            keep = (occ.sent >= lo) & (occ.sent < hi)
            return Occurrences(occ.sent[keep] - lo, occ.ids[keep])

        return Features(
            cut(self.ru, i0, i1), cut(self.en, j0, j1), self.weights,
            self.ru_weight[i0:i1], self.en_weight[j0:j1],
            cut(self.raw_ru, i0, i1), cut(self.raw_en, j0, j1), self.is_number,
            None, None, 0, 0, self.has_dictionary,
        )  # fmt: skip

    def blocks(self, k: int) -> Features:
        """Features of blocks of ``k`` consecutive sentences (the union of theirs)."""
        v = len(self.is_number)
        ru, en = self.raw_ru.blocks(k, v), self.raw_en.blocks(k, v)
        n, m = -(-len(self.ru_weight) // k), -(-len(self.en_weight) // k)
        return self._index(ru, en, n, m, ru, en, self.is_number, None, None, 0, 0, False)

    @classmethod
    def _index(
        cls, ru, en, n, m, raw_ru, raw_en, is_number, ru_stems, en_stems, n_rs, n_es, has_dict
    ) -> Features:
        v = len(is_number)
        df_ru = np.bincount(ru.ids, minlength=v)
        df_en = np.bincount(en.ids, minlength=v)
        # Numbers count even when one side lacks them: a number with no counterpart is
        # evidence of a dropped or added sentence, where a word with no cognate is not.
        counted = ((df_ru > 0) & (df_en > 0)) | (is_number & ((df_ru > 0) | (df_en > 0)))
        if n >= _DF_MIN_SENTENCES and m >= _DF_MIN_SENTENCES:
            counted &= (df_ru <= _MAX_DF * n) & (df_en <= _MAX_DF * m)
        df = np.maximum(df_ru + df_en, 1)
        weights = np.where(counted, np.maximum(np.log((n + m) / df), 0.1), 0.0)
        ru_c, en_c = ru.select(counted[ru.ids]), en.select(counted[en.ids])
        return cls(
            ru_c, en_c, weights,
            np.bincount(ru_c.sent, weights=weights[ru_c.ids], minlength=n),
            np.bincount(en_c.sent, weights=weights[en_c.ids], minlength=m),
            raw_ru, raw_en, is_number, ru_stems, en_stems, n_rs, n_es, has_dict,
        )  # fmt: skip

    def band_matches(self, lo: np.ndarray, width: int, margin: int) -> np.ndarray:
        """Shared weight of sentence pairs (i, j) near the band: out[i, j - lo[i] + margin]."""
        n, m = len(self.ru_weight), len(self.en_weight)
        cols = width + 2 * margin
        r_sent, r_feat, e_sent, e_feat = self.ru.sent, self.ru.ids, self.en.sent, self.en.ids
        if r_sent.size == 0 or e_sent.size == 0:
            return np.zeros((n, cols))
        stride = m + 1
        keys = e_feat * stride + e_sent
        order = np.argsort(keys, kind="stable")
        keys, e_sorted = keys[order], e_sent[order]
        j_lo = np.clip(lo[r_sent] - margin, 0, m)
        j_hi = np.clip(lo[r_sent] - margin + cols, 0, m)
        start = np.searchsorted(keys, r_feat * stride + j_lo, side="left")
        stop = np.searchsorted(keys, r_feat * stride + j_hi, side="left")
        out = np.zeros(n * cols)
        # In slices of Russian occurrences, so the expanded pairs never all sit in memory.
        for c0 in range(0, len(start), _MATCH_CHUNK):
            c1 = c0 + _MATCH_CHUNK
            pos, owner = _ranges(start[c0:c1], stop[c0:c1])
            i = r_sent[c0:c1][owner]
            flat = i * cols + (e_sorted[pos] - lo[i] + margin)
            out += np.bincount(flat, weights=self.weights[r_feat[c0:c1][owner]], minlength=n * cols)
        return out.reshape(n, cols)


def _ranges(start: np.ndarray, stop: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every position in [start[k], stop[k]) for all k, and the k each came from."""
    counts = stop - start
    owner = np.repeat(np.arange(len(start)), counts)
    pos = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    return pos + start[owner], owner


def _expand(stems: Occurrences, key: np.ndarray, value: np.ndarray, n_keys: int) -> Occurrences:
    """For each stem occurrence, one occurrence of every value whose key is that stem."""
    order = np.argsort(key, kind="stable")
    key, value = key[order], value[order]
    bounds = np.searchsorted(key, np.arange(n_keys + 1))
    pos, owner = _ranges(bounds[stems.ids], bounds[stems.ids + 1])
    return Occurrences(stems.sent[owner], value[pos])


def _merge(a: Occurrences, b: Occurrences) -> Occurrences:
    sent = np.concatenate((a.sent, b.sent))
    ids = np.concatenate((a.ids, b.ids))
    order = np.argsort(sent, kind="stable")
    return Occurrences(sent[order], ids[order])


def learn_dictionary(
    feats: Features, pairs: Sequence[tuple[int, int]], *, limit: int = 4000
) -> np.ndarray:
    """Stem pairs that keep occurring together in the given sentence pairs (Dice >= 0.5).

    Returns an array of (Russian stem id, English stem id) rows.
    """
    none = np.zeros((0, 2), dtype=np.int64)
    if len(pairs) < 8 or feats.ru_stems is None or feats.en_stems is None:
        return none
    pairs = pairs[:: max(1, len(pairs) // limit)]
    i = np.array([p[0] for p in pairs])
    j = np.array([p[1] for p in pairs])
    r_rows = feats.ru_stems.rows(len(feats.ru_weight))
    e_rows = feats.en_stems.rows(len(feats.en_weight))
    # every (Russian stem, English stem) of every pair: the cross product of their stems
    r_pos, r_owner = _ranges(r_rows[i], r_rows[i + 1])
    e_count = e_rows[j + 1] - e_rows[j]
    per_r = e_count[r_owner]
    pos_e, which = _ranges(e_rows[j][r_owner], e_rows[j][r_owner] + per_r)
    n_en = max(feats.n_en_stems, 1)
    codes = feats.ru_stems.ids[r_pos][which] * n_en + feats.en_stems.ids[pos_e]
    r_count = np.bincount(feats.ru_stems.ids[r_pos], minlength=feats.n_ru_stems)
    e_count_all = np.bincount(
        feats.en_stems.ids[_ranges(e_rows[j], e_rows[j + 1])[0]], minlength=feats.n_en_stems
    )
    uniq, together = np.unique(codes, return_counts=True)
    keep = together >= 2
    uniq, together = uniq[keep], together[keep]
    r_id, e_id = uniq // n_en, uniq % n_en
    good = 2 * together / (r_count[r_id] + e_count_all[e_id]) >= 0.5
    if not good.any():
        return none
    return np.stack((r_id[good], e_id[good]), axis=1)
