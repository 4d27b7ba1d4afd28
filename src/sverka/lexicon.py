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
from collections import Counter
from dataclasses import dataclass
from itertools import chain
from functools import lru_cache

import numpy as np

_RU_NUMBER = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?|\d+(?:,\d+)?")
_EN_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_DIGIT = re.compile(r"\d")
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


@lru_cache(maxsize=262_144)
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


def _count(sets: Sequence[frozenset[str]]) -> Counter[str]:
    return Counter(chain.from_iterable(sets))


def _flatten(sets: Sequence[frozenset[str]], ids: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """(sentence, feature id) of every known feature occurrence, sentence-major."""
    flat = [ids.get(f, -1) for f in chain.from_iterable(sets)]
    feat = np.array(flat, dtype=np.int64)
    sent = np.repeat(np.arange(len(sets)), [len(x) for x in sets])
    keep = feat >= 0
    return sent[keep], feat[keep]


@dataclass(frozen=True)
class Features:
    """Every sentence's anchor features as flat (sentence, feature) arrays, with weights."""

    ru_sent: np.ndarray
    ru_feat: np.ndarray
    en_sent: np.ndarray
    en_feat: np.ndarray
    weights: np.ndarray  # per feature id: how rare it is (idf)
    ru_weight: np.ndarray  # per sentence: the sum of its features' weights
    en_weight: np.ndarray
    base_ru: tuple[frozenset[str], ...]  # the anchors, before any dictionary
    base_en: tuple[frozenset[str], ...]
    ru_stems: tuple[frozenset[str], ...]
    en_stems: tuple[frozenset[str], ...]
    has_dictionary: bool = False

    @classmethod
    def build(
        cls, ru: Sequence[str], en: Sequence[str], *, anchors: bool = True, translit: bool = True
    ) -> Features:
        ru_a = [analyse(t, "ru", anchors=anchors, translit=translit) for t in ru]
        en_a = [analyse(t, "en", anchors=anchors, translit=translit) for t in en]
        base_ru = tuple(frozenset(f) for f, _ in ru_a)
        base_en = tuple(frozenset(f) for f, _ in en_a)
        ru_stems = tuple(frozenset(st) for _, st in ru_a)
        en_stems = tuple(frozenset(st) for _, st in en_a)
        return cls._index(base_ru, base_en, base_ru, base_en, ru_stems, en_stems, False)

    def with_dictionary(self, pairs: Iterable[tuple[str, str]]) -> Features:
        """The same features plus one per dictionary pair (Russian stem, English stem)."""
        by_ru: dict[str, list[str]] = {}
        by_en: dict[str, list[str]] = {}
        for r, e in pairs:
            f = f"d:{r}|{e}"
            by_ru.setdefault(r, []).append(f)
            by_en.setdefault(e, []).append(f)

        def extend(base, stems, by):
            return tuple(
                b.union(*[by[x] for x in st if x in by]) for b, st in zip(base, stems, strict=True)
            )

        return self._index(
            extend(self.base_ru, self.ru_stems, by_ru),
            extend(self.base_en, self.en_stems, by_en),
            self.base_ru,
            self.base_en,
            self.ru_stems,
            self.en_stems,
            True,
        )

    def blocks(self, k: int) -> Features:
        """Features of blocks of ``k`` consecutive sentences (the union of theirs)."""

        def merge(sets: tuple[frozenset[str], ...]) -> tuple[frozenset[str], ...]:
            return tuple(frozenset().union(*sets[s : s + k]) for s in range(0, len(sets), k))

        ru, en = merge(self.base_ru), merge(self.base_en)
        return self._index(ru, en, ru, en, (), (), False)

    @classmethod
    def _index(cls, ru_sets, en_sets, base_ru, base_en, ru_stems, en_stems, has_dictionary):
        n, m = len(ru_sets), len(en_sets)
        df_ru, df_en = _count(ru_sets), _count(en_sets)
        # Numbers count even when one side lacks them: a number with no counterpart is
        # evidence of a dropped or added sentence, where a word with no cognate is not.
        shared = (df_ru.keys() & df_en.keys()) | {
            f for f in df_ru.keys() ^ df_en.keys() if f[0] == "#"
        }
        if n >= _DF_MIN_SENTENCES and m >= _DF_MIN_SENTENCES:
            shared = {f for f in shared if df_ru[f] <= _MAX_DF * n and df_en[f] <= _MAX_DF * m}
        names = sorted(shared)
        ids = {f: k for k, f in enumerate(names)}
        df = np.array([df_ru[f] + df_en[f] for f in names], dtype=np.float64)
        weights = np.maximum(np.log((n + m) / np.maximum(df, 1.0)), 0.1)
        ru_sent, ru_feat = _flatten(ru_sets, ids)
        en_sent, en_feat = _flatten(en_sets, ids)
        return cls(
            ru_sent,
            ru_feat,
            en_sent,
            en_feat,
            weights,
            np.bincount(ru_sent, weights=weights[ru_feat], minlength=n),
            np.bincount(en_sent, weights=weights[en_feat], minlength=m),
            base_ru,
            base_en,
            ru_stems,
            en_stems,
            has_dictionary,
        )

    def band_matches(self, lo: np.ndarray, width: int, margin: int) -> np.ndarray:
        """Shared weight of sentence pairs (i, j) near the band: out[i, j - lo[i] + margin]."""
        n, m = len(self.ru_weight), len(self.en_weight)
        cols = width + 2 * margin
        out = np.zeros((n, cols))
        r_sent, r_feat, e_sent, e_feat = self.ru_sent, self.ru_feat, self.en_sent, self.en_feat
        if r_sent.size == 0 or e_sent.size == 0:
            return out
        stride = m + 1
        keys = e_feat * stride + e_sent
        order = np.argsort(keys, kind="stable")
        keys, e_sorted = keys[order], e_sent[order]
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
        j = e_sorted[pos]
        w = np.repeat(self.weights[r_feat], counts)
        flat = i * cols + (j - lo[i] + margin)
        return np.bincount(flat, weights=w, minlength=n * cols).reshape(n, cols)


def learn_dictionary(
    feats: Features, pairs: Sequence[tuple[int, int]], *, limit: int = 4000
) -> list[tuple[str, str]]:
    """Stem pairs that keep occurring together in the given sentence pairs (Dice >= 0.5)."""
    if len(pairs) < 8:
        return []
    pairs = pairs[:: max(1, len(pairs) // limit)]
    ru_vocab: dict[str, int] = {}
    en_vocab: dict[str, int] = {}
    r_rows = [[ru_vocab.setdefault(x, len(ru_vocab)) for x in feats.ru_stems[i]] for i, _ in pairs]
    e_rows = [[en_vocab.setdefault(x, len(en_vocab)) for x in feats.en_stems[j]] for _, j in pairs]
    n_en = max(len(en_vocab), 1)
    r_flat = np.fromiter(chain.from_iterable(r_rows), dtype=np.int64)
    e_flat = np.fromiter(chain.from_iterable(e_rows), dtype=np.int64)
    r_count = np.bincount(r_flat, minlength=len(ru_vocab))
    e_count = np.bincount(e_flat, minlength=len(en_vocab))
    codes = np.concatenate(
        [
            (np.array(r, dtype=np.int64)[:, None] * n_en + np.array(e, dtype=np.int64)).ravel()
            for r, e in zip(r_rows, e_rows, strict=True)
        ]
    )
    uniq, together = np.unique(codes, return_counts=True)
    keep = together >= 2
    uniq, together = uniq[keep], together[keep]
    r_id, e_id = uniq // n_en, uniq % n_en
    good = 2 * together / (r_count[r_id] + e_count[e_id]) >= 0.5
    ru_names, en_names = list(ru_vocab), list(en_vocab)
    return [(ru_names[r], en_names[e]) for r, e in zip(r_id[good], e_id[good], strict=True)]
