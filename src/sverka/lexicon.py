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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

_RU_NUMBER = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?|\d+(?:,\d+)?")
_EN_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_PUNCT = {"?": "?", "!": "!", "«": "q", "»": "q", '"': "q", "“": "q", "”": "q", "(": "(", ":": ":"}

# Russian, Ukrainian, Belarusian and Kazakh letters: news about the region names them all.
_TRANSLIT_PAIRS = (
    "а:a б:b в:v г:g д:d е:e ё:e ж:zh з:z и:i й:y к:k л:l м:m н:n о:o п:p р:r с:s т:t у:u "
    "ф:f х:kh ц:ts ч:ch ш:sh щ:shch ъ: ы:y ь: э:e ю:yu я:ya і:i ї:i є:e ґ:g ў:u "
    "ә:a ғ:g қ:k ң:n ө:o ұ:u ү:u һ:h"
)
_TRANSLIT = str.maketrans(dict(p.split(":") for p in _TRANSLIT_PAIRS.split()))
# Applied in order to both languages, so a name and its transliteration meet:
# Х/kh and Г/h both become g (Гамбург/Hamburg), ц/ts and c become k (Ельцин/Yeltsin).
_SKELETON_RULES = (
    ("shch", "s"), ("kh", "g"), ("zh", "j"), ("ch", "k"), ("sh", "s"), ("ts", "k"), ("ph", "f"),
    ("th", "t"), ("ck", "k"), ("x", "ks"), ("qu", "kv"), ("w", "v"), ("c", "k"), ("z", "s"),
    ("h", "g"), ("q", "k"),
)  # fmt: skip
_VOWELS = re.compile(r"[aeiouy'’-]")
_DOUBLE = re.compile(r"(.)\1+")

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


@lru_cache(maxsize=200_000)
def skeleton(word: str) -> str:
    """Consonant skeleton of a word in either script: ``президент`` and ``president`` -> prsdnt."""
    s = word.lower().translate(_TRANSLIT)
    for a, b in _SKELETON_RULES:
        s = s.replace(a, b)
    return _DOUBLE.sub(r"\1", _VOWELS.sub("", s))


@lru_cache(maxsize=200_000)
def _word_key(word: str) -> str | None:
    sk = skeleton(word)
    if len(sk) >= 3 or (len(sk) == 2 and word[:1].isupper() and len(word) >= 4):
        return "t:" + sk[:4]
    return None


def stem(word: str) -> str:
    """A crude stem for learning a dictionary: the first five letters, lowercased."""
    return word.lower()[:5]


def sentence_features(text: str, lang: str, *, anchors: bool, translit: bool) -> set[str]:
    feats: set[str] = set()
    if anchors:
        feats.update("#" + x for x in numbers(text, lang))
        feats.update("p:" + _PUNCT[c] for c in text if c in _PUNCT)
    for m in _WORD.finditer(text):
        w = m.group()
        if (anchors and lang == "ru" and w.isascii()) or (anchors and lang == "en" and len(w) > 1):
            feats.add("w:" + w.lower())
        if translit and len(w) >= 4:
            key = _word_key(w)
            if key:
                feats.add(key)
    return feats


def sentence_stems(text: str) -> set[str]:
    return {stem(m.group()) for m in _WORD.finditer(text) if len(m.group()) >= 2}


@dataclass(frozen=True)
class Features:
    """Feature ids of every sentence, with each feature's weight, for one document pair."""

    ru_ids: tuple[np.ndarray, ...]
    en_ids: tuple[np.ndarray, ...]
    weights: np.ndarray
    ru_weight: np.ndarray  # sum of the weights of each Russian sentence's features
    en_weight: np.ndarray
    base_ru: tuple[frozenset[str], ...]
    base_en: tuple[frozenset[str], ...]
    ru_stems: tuple[frozenset[str], ...]
    en_stems: tuple[frozenset[str], ...]
    has_dictionary: bool = False

    @classmethod
    def build(
        cls, ru: Sequence[str], en: Sequence[str], *, anchors: bool = True, translit: bool = True
    ) -> Features:
        base_ru = tuple(
            frozenset(sentence_features(t, "ru", anchors=anchors, translit=translit)) for t in ru
        )
        base_en = tuple(
            frozenset(sentence_features(t, "en", anchors=anchors, translit=translit)) for t in en
        )
        ru_stems = tuple(frozenset(sentence_stems(t)) for t in ru)
        en_stems = tuple(frozenset(sentence_stems(t)) for t in en)
        return cls._index(base_ru, base_en, base_ru, base_en, ru_stems, en_stems, False)

    def with_dictionary(self, pairs: Iterable[tuple[str, str]]) -> Features:
        """The same features plus one per dictionary pair (Russian stem, English stem)."""
        by_ru: dict[str, list[str]] = {}
        by_en: dict[str, list[str]] = {}
        for r, e in pairs:
            f = f"d:{r}|{e}"
            by_ru.setdefault(r, []).append(f)
            by_en.setdefault(e, []).append(f)
        ru_sets = tuple(
            b | {f for s in st if s in by_ru for f in by_ru[s]}
            for b, st in zip(self.base_ru, self.ru_stems, strict=True)
        )
        en_sets = tuple(
            b | {f for s in st if s in by_en for f in by_en[s]}
            for b, st in zip(self.base_en, self.en_stems, strict=True)
        )
        return replace(
            self._index(
                ru_sets, en_sets, self.base_ru, self.base_en, self.ru_stems, self.en_stems, True
            )
        )

    @classmethod
    def _index(
        cls, ru_sets, en_sets, base_ru, base_en, ru_stems, en_stems, has_dictionary
    ) -> Features:
        n, m = len(ru_sets), len(en_sets)
        df_ru: dict[str, int] = {}
        for s in ru_sets:
            for f in s:
                df_ru[f] = df_ru.get(f, 0) + 1
        df_en: dict[str, int] = {}
        for s in en_sets:
            for f in s:
                df_en[f] = df_en.get(f, 0) + 1
        # Numbers count even when one side lacks them: a number with no counterpart is
        # evidence of a dropped or added sentence, where a word with no cognate is not.
        shared = (df_ru.keys() & df_en.keys()) | {
            f for f in df_ru.keys() ^ df_en.keys() if f[0] == "#"
        }
        if n >= _DF_MIN_SENTENCES and m >= _DF_MIN_SENTENCES:
            shared = {
                f
                for f in shared
                if df_ru.get(f, 0) <= _MAX_DF * n and df_en.get(f, 0) <= _MAX_DF * m
            }
        ids = {f: k for k, f in enumerate(sorted(shared))}
        weights = np.array(
            [
                max(np.log((n + m) / (df_ru.get(f, 0) + df_en.get(f, 0))), 0.1)
                for f in sorted(shared)
            ],
            dtype=np.float64,
        )
        ru_ids = tuple(
            np.array(sorted(ids[f] for f in s if f in ids), dtype=np.int64) for s in ru_sets
        )
        en_ids = tuple(
            np.array(sorted(ids[f] for f in s if f in ids), dtype=np.int64) for s in en_sets
        )
        ru_w = np.array([weights[x].sum() for x in ru_ids]) if n else np.zeros(0)
        en_w = np.array([weights[x].sum() for x in en_ids]) if m else np.zeros(0)
        return cls(
            ru_ids,
            en_ids,
            weights,
            ru_w,
            en_w,
            base_ru,
            base_en,
            ru_stems,
            en_stems,
            has_dictionary,
        )

    def band_matches(self, lo: np.ndarray, width: int, margin: int) -> np.ndarray:
        """Shared weight of sentence pairs (i, j) near the band: out[i, j - lo[i] + margin]."""
        n = len(self.ru_ids)
        cols = width + 2 * margin
        out = np.zeros((n, cols))
        if n == 0 or len(self.weights) == 0:
            return out
        m = len(self.en_ids)
        r_sent = np.repeat(np.arange(n), [len(x) for x in self.ru_ids])
        r_feat = np.concatenate(self.ru_ids) if r_sent.size else np.zeros(0, dtype=np.int64)
        e_sent = np.repeat(np.arange(m), [len(x) for x in self.en_ids])
        e_feat = np.concatenate(self.en_ids) if e_sent.size else np.zeros(0, dtype=np.int64)
        if r_sent.size == 0 or e_sent.size == 0:
            return out
        stride = m + 1
        keys = e_feat * stride + e_sent
        order = np.argsort(keys, kind="stable")
        keys, e_sent = keys[order], e_sent[order]
        j_lo = np.clip(lo[r_sent] - margin, 0, m)
        j_hi = np.clip(lo[r_sent] - margin + cols, 0, m)
        start = np.searchsorted(keys, r_feat * stride + j_lo, side="left")
        stop = np.searchsorted(keys, r_feat * stride + j_hi, side="left")
        counts = stop - start
        total = int(counts.sum())
        if total == 0:
            return out
        # expand each Russian occurrence into its matching English occurrences
        first = np.repeat(start - np.cumsum(counts) + counts, counts)
        pos = first + np.arange(total)
        i = np.repeat(r_sent, counts)
        j = e_sent[pos]
        w = np.repeat(self.weights[r_feat], counts)
        k = j - lo[i] + margin
        np.add.at(out, (i, k), w)
        return out


def learn_dictionary(
    ru: Sequence[str], en: Sequence[str], pairs: Sequence[tuple[int, int]], *, limit: int = 4000
) -> list[tuple[str, str]]:
    """Stem pairs that keep occurring together in the given sentence pairs (Dice >= 0.5)."""
    if len(pairs) < 8:
        return []
    step = max(1, len(pairs) // limit)
    pairs = pairs[::step]
    ru_vocab: dict[str, int] = {}
    en_vocab: dict[str, int] = {}
    r_rows, e_rows = [], []
    for i, j in pairs:
        r_rows.append([ru_vocab.setdefault(s, len(ru_vocab)) for s in sentence_stems(ru[i])])
        e_rows.append([en_vocab.setdefault(s, len(en_vocab)) for s in sentence_stems(en[j])])
    n_en = max(len(en_vocab), 1)
    r_count = np.bincount(
        np.concatenate([np.array(r, dtype=np.int64) for r in r_rows]), minlength=len(ru_vocab)
    )
    e_count = np.bincount(
        np.concatenate([np.array(e, dtype=np.int64) for e in e_rows]), minlength=len(en_vocab)
    )
    codes = np.concatenate(
        [
            (
                np.array(r, dtype=np.int64)[:, None] * n_en + np.array(e, dtype=np.int64)[None, :]
            ).ravel()
            for r, e in zip(r_rows, e_rows, strict=True)
        ]
    )
    uniq, together = np.unique(codes, return_counts=True)
    keep = together >= 2
    uniq, together = uniq[keep], together[keep]
    r_id, e_id = uniq // n_en, uniq % n_en
    dice = 2 * together / (r_count[r_id] + e_count[e_id])
    good = dice >= 0.5
    ru_names = np.array(list(ru_vocab))
    en_names = np.array(list(en_vocab))
    return [
        (str(ru_names[r]), str(en_names[e])) for r, e in zip(r_id[good], e_id[good], strict=True)
    ]
