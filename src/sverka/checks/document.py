"""Checks that need the whole document: inconsistent, length; and the bead's own shape:
alignment, empty.

The document's figures (the usual English/Russian length ratio, how each Russian sentence
and name is rendered elsewhere) are computed once into a ``DocumentStats`` and then each
entry is checked against them, so the app can re-check one bead without the others.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from sverka.model import Entry, Finding
from sverka.morph import fold, skeleton

LOW_CONFIDENCE = 0.5
# A length ratio further than this many robust standard deviations from the document's
# median is reported; tuned on WMT21 references in bench/checks.
LENGTH_SIGMAS = 4.5
LENGTH_MIN_CHARS = 40  # shorter sentences vary too much to say anything
LENGTH_MIN_ENTRIES = 20  # below this, a document has no distribution of its own


@lru_cache(maxsize=32768)
def _norm(text: str) -> str:
    return " ".join(fold(text).split()).rstrip(" .!?…:;")


@dataclass
class DocumentStats:
    median: float = 0.0
    sigma: float = 0.0
    renderings: dict[str, Counter[str]] = field(default_factory=dict)  # Russian → English
    usual: dict[str, tuple[str, int]] = field(default_factory=dict)  # its commonest, how often
    names: dict[str, Counter[str]] = field(default_factory=dict)  # Russian stem → spellings
    examples: dict[tuple[str, str], str] = field(default_factory=dict)  # (key, English) → id
    _usual_names: dict[str, tuple[str, int]] = field(default_factory=dict, repr=False)

    def usual_name(self, stem: str) -> tuple[str, int]:
        """The commonest spelling of a name and how often, worked out once per name (a bead
        with thousands of names asked for each name's every time)."""
        usual = self._usual_names.get(stem)
        if usual is None:
            usual = self._usual_names[stem] = self.names[stem].most_common(1)[0]
        return usual

    @classmethod
    def of(cls, entries: Sequence[Entry]) -> DocumentStats:
        stats = cls()
        ratios = [
            _log_ratio(e)
            for e in entries
            if e.ru and e.en and max(len(e.ru), len(e.en)) >= LENGTH_MIN_CHARS
        ]
        if len(ratios) >= LENGTH_MIN_ENTRIES:
            stats.median = statistics.median(ratios)
            mad = statistics.median(abs(r - stats.median) for r in ratios)
            stats.sigma = 1.4826 * mad
        renderings: dict[str, Counter[str]] = defaultdict(Counter)
        names: dict[str, Counter[str]] = defaultdict(Counter)
        for e in entries:
            if not e.ru or not e.en or len(e.ru) < 12:
                continue
            ru, en = _norm(e.ru), _norm(e.en)
            renderings[ru][en] += 1
            stats.examples.setdefault((ru, en), e.id)
            for stem, spelling in _names(e):
                names[stem][spelling] += 1
                stats.examples.setdefault((stem, spelling), e.id)
        stats.renderings = {k: v for k, v in renderings.items() if len(v) > 1}
        stats.usual = {k: v.most_common(1)[0] for k, v in stats.renderings.items()}
        stats.names = {k: v for k, v in names.items() if len(v) > 1}
        return stats


def _log_ratio(e: Entry) -> float:
    return math.log(len(e.en) / len(e.ru))


_RU_CAPITAL = re.compile(r"\S\s+[«\"(]?[А-ЯЁ][а-яё]{3}")
_skeleton = lru_cache(maxsize=65536)(skeleton)


def _names(e: Entry) -> tuple[tuple[str, str], ...]:
    return _names_in(e.ru, e.en) if e.ru and e.en else ()


# Large enough for a batch run's two passes (DocumentStats.of, then inconsistent) over
# 10,000 entries to find the first pass's answers; an LRU smaller than that finds none.
@lru_cache(maxsize=65536)
def _names_in(ru: str, en: str) -> tuple[tuple[str, str], ...]:
    """(Russian name stem, English spelling) pairs: Токаева / Tokayev's → (токае, tokayev)."""
    return tuple(_name_pairs(ru, en)) if _RU_CAPITAL.search(ru) else ()


_RU_NAME = re.compile(r"\b[А-ЯЁ][а-яё]{3,}(?:-[А-ЯЁа-яё]+)?\b")
_EN_NAME = re.compile(r"\b[A-Z][a-z]{3,}(?:-[A-Za-z]+)?(?=['’]s\b|\b)")
_FIRST_WORD = re.compile(r"\W*\w*")


def _name_pairs(ru_text: str, en_text: str) -> Iterator[tuple[str, str]]:
    # Capitalised words after a sentence's first word: names, in either language.
    ru_first = _FIRST_WORD.match(ru_text).end()  # type: ignore[union-attr]
    ru_names = [(m.group(), _skeleton(m.group())[:4]) for m in _RU_NAME.finditer(ru_text, ru_first)]
    if not ru_names:
        return
    en_first = _FIRST_WORD.match(en_text).end()  # type: ignore[union-attr]
    first: dict[str, str] = {}  # each skeleton's first Russian name: one look per English name
    for ru, ru_sk in ru_names:
        first.setdefault(ru_sk, ru)
    for m in _EN_NAME.finditer(en_text, en_first):
        w = m.group()
        sk = _skeleton(w)
        if len(sk) < 3:
            continue
        ru = first.get(sk[:4])
        if ru is not None:
            yield fold(ru)[: max(4, len(ru) - 2)], w


def inconsistent(entry: Entry, stats: DocumentStats) -> Iterator[Finding]:
    if not entry.ru or not entry.en:
        return
    ru = _norm(entry.ru)
    seen = stats.usual.get(ru)
    if seen:
        en = _norm(entry.en)
        usual, count = seen
        if en != usual:
            where = stats.examples.get((ru, usual), "")
            more = f" and {count - 1} more" if count > 1 else ""
            yield Finding(
                "inconsistent",
                "warning",
                f"The same Russian is translated differently in {where}{more}: "
                "make the translations agree",
                ru_span=(0, len(entry.ru)),
                key="inconsistent",
            )
    odd: list[tuple[str, str, int]] = []
    for stem, spelling in _names(entry) if stats.names else ():
        spellings = stats.names.get(stem)
        if not spellings:
            continue
        usual, count = stats.usual_name(stem)
        if spelling != usual and spellings[spelling] <= count and _variants(spelling, usual):
            odd.append((spelling, usual, count))
    starts = _first_places(entry.en, {spelling for spelling, _, _ in odd}) if odd else {}
    for spelling, usual, count in odd:
        start = starts.get(spelling, -1)
        yield Finding(
            "inconsistent",
            "warning",
            f'"{spelling}" is spelled "{usual}" elsewhere ({count}×): use one spelling',
            en_span=(start, start + len(spelling)) if start >= 0 else None,
            key=f"inconsistent:{spelling.lower()}",
        )


_CAPITAL_RUN = re.compile(r"(?=([A-Z][a-z]*(?:-[A-Za-z]*)?))")


def _first_places(text: str, spellings: set[str]) -> dict[str, int]:
    """``text.find(s)`` for each spelling (a name as _EN_NAME finds it), in one pass per
    length rather than one scan of the text per spelling (thousands of names in one bead).

    Such a spelling (a capital, small letters, maybe a hyphen and letters) stands at ``q``
    exactly when the longest run of that shape at ``q`` starts with it."""
    runs = [(m.start(), m.group(1)) for m in _CAPITAL_RUN.finditer(text)]
    out: dict[str, int] = {}
    for length in {len(s) for s in spellings}:
        wanted = {s for s in spellings if len(s) == length}
        for q, run in runs:
            key = run[:length]
            if key in wanted and key not in out:
                out[key] = q
    return out


def _variants(a: str, b: str) -> bool:
    """Two spellings of one name (Tokayev, Tokaev), not a name and its derivative
    (Israel, Israeli; Ukraine, Ukrainian) nor two names (Vladimir, Volodymyr)."""
    from rapidfuzz.distance import Levenshtein

    a, b = a.lower(), b.lower()
    if a.startswith(b) or b.startswith(a) or abs(len(a) - len(b)) > 1:
        return False
    return Levenshtein.distance(a, b) <= 2


def length(entry: Entry, stats: DocumentStats) -> Iterator[Finding]:
    if not stats.sigma or not entry.ru or not entry.en:
        return
    if max(len(entry.ru), len(entry.en)) < LENGTH_MIN_CHARS:
        return
    deviation = (_log_ratio(entry) - stats.median) / stats.sigma
    if abs(deviation) > LENGTH_SIGMAS:
        times = len(entry.en) / len(entry.ru) / math.exp(stats.median)
        what = (
            f"{times:.1f}× longer than usual: an addition or a misalignment?"
            if deviation > 0
            else f"{1 / times:.1f}× shorter than usual: something left out?"
        )
        yield Finding("length", "info", f"The English is {what}", key="length")


def alignment(entry: Entry) -> Iterator[Finding]:
    if not entry.ru and entry.mt:
        yield Finding(
            "alignment",
            "warning",
            "English with no Russian: an addition, or a sentence aligned to the wrong place "
            "(merge it with m)",
            en_span=(0, len(entry.en)),
            key="alignment",
        )
    elif entry.ru and entry.mt and entry.confidence < LOW_CONFIDENCE:
        yield Finding(
            "alignment",
            "warning",
            f"The aligner is unsure these sentences match ({entry.confidence:.0%}): "
            "check the neighbours for a shift",
            ru_span=(0, len(entry.ru)),
            key="alignment",
        )


def empty(entry: Entry) -> Iterator[Finding]:
    if entry.ru and not entry.en.strip():
        message = (
            "No English: the MT left this sentence out, translate it"
            if not entry.mt
            else "No English: the translation was cleared, write it or copy the MT back"
        )
        yield Finding("empty", "error", message, ru_span=(0, len(entry.ru)), key="empty")
