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


Contribution = tuple[str | None, str, tuple[tuple[str, str], ...]]  # (Russian, English, names)


@dataclass
class DocumentStats:
    """The document's figures. The renderings and names follow edits (``update``): the
    inconsistent check must see the document as it is now, or two beads made identical
    both keep a stale warning, one naming itself. Updates replace the inner counters rather
    than change them, so a worker thread reading them sees the old or the new, never half.
    The length figures are learnt once: one edit barely moves a median."""

    median: float = 0.0
    sigma: float = 0.0
    renderings: dict[str, Counter[str]] = field(default_factory=dict)  # Russian → English
    names: dict[str, Counter[str]] = field(default_factory=dict)  # Russian stem → spellings
    # (Russian, English) → the ids that render it so; (stem, spelling) → the ids that spell it
    holders: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    name_holders: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    contributions: dict[str, Contribution] = field(default_factory=dict)  # id → its part
    shared_ids: set[str] = field(default_factory=set)  # ids two entries carry (hand-made)
    _usual: dict[tuple[bool, str], tuple[str, int]] = field(default_factory=dict, repr=False)

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
        holders: dict[tuple[str, str], list[str]] = defaultdict(list)
        name_holders: dict[tuple[str, str], list[str]] = defaultdict(list)
        for e in entries:
            part = _contribution(e)
            if part is None:
                continue
            if e.id in stats.contributions:
                stats.shared_ids.add(e.id)
            stats.contributions[e.id] = part
            ru, en, pairs = part
            if ru is not None:
                renderings[ru][en] += 1
                holders[(ru, en)].append(e.id)
            for stem, spelling in pairs:
                names[stem][spelling] += 1
                name_holders[(stem, spelling)].append(e.id)
        stats.renderings = dict(renderings)
        stats.names = dict(names)
        stats.holders = {k: tuple(v) for k, v in holders.items()}
        stats.name_holders = {k: tuple(v) for k, v in name_holders.items()}
        return stats

    def update(self, entry_id: str, entry: Entry | None) -> set[str]:
        """What ``entry_id`` contributes is now ``entry``'s (None: the entry is gone).
        Returns the ids of the entries whose inconsistent findings may have changed: those
        sharing its Russian sentence or a name with it, before or after, itself included."""
        old = self.contributions.get(entry_id)
        new = _contribution(entry) if entry is not None else None
        if old == new:
            return set()
        if new is None:
            self.contributions.pop(entry_id, None)
        else:
            self.contributions[entry_id] = new
        affected = {entry_id}
        for part, sign in ((old, -1), (new, 1)):
            if part is None:
                continue
            ru, en, pairs = part
            if ru is not None:
                self._usual.pop((False, ru), None)
                self.renderings[ru] = _move(self.renderings, self.holders, ru, en, entry_id, sign)
                affected.update(_holders_of(self.holders, ru, self.renderings[ru]))
            for stem, spelling in pairs:
                self._usual.pop((True, stem), None)
                self.names[stem] = _move(
                    self.names, self.name_holders, stem, spelling, entry_id, sign
                )
                affected.update(_holders_of(self.name_holders, stem, self.names[stem]))
        return affected

    def usual(self, key: str, name: bool = False) -> tuple[str, int]:
        """The commonest rendering of a Russian sentence (of a name: its spelling) and how
        often it occurs; ties go to the one seen first."""
        got = self._usual.get((name, key))
        if got is None:
            table = self.names if name else self.renderings
            got = self._usual[(name, key)] = table[key].most_common(1)[0]
        return got

    def counted(self, entry: Entry) -> Contribution | None:
        """What the figures hold for this entry's id: its text when last counted."""
        if entry.id in self.shared_ids:
            return None  # two entries, one id: which one is unknown, so no correction
        return self.contributions.get(entry.id)


def _move(
    table: dict[str, Counter[str]],
    holders: dict[tuple[str, str], tuple[str, ...]],
    key: str,
    value: str,
    entry_id: str,
    sign: int,
) -> Counter[str]:
    """``table[key]`` with ``value`` counted once more (sign 1) or once less (-1), as a new
    counter; ``holders`` follows."""
    out = Counter(table.get(key, ()))
    out[value] += sign
    if out[value] <= 0:
        del out[value]
    ids = holders.get((key, value), ())
    holders[(key, value)] = (*ids, entry_id) if sign > 0 else tuple(i for i in ids if i != entry_id)
    return out


def _holders_of(
    holders: dict[tuple[str, str], tuple[str, ...]], key: str, counts: Counter[str]
) -> Iterator[str]:
    for value in counts:
        yield from holders.get((key, value), ())


def _contribution(e: Entry) -> Contribution | None:
    """What an entry adds to the document's renderings and names."""
    if not e.ru or not e.en or len(e.ru) < 12:
        return None
    return _norm(e.ru), _norm(e.en), _names(e)


def _with(counts: Counter[str], remove: Sequence[str], add: Sequence[str]) -> Counter[str]:
    """The counts as if an entry's values were ``add`` instead of ``remove`` (the text being
    checked may be newer than the text the figures counted: typed, not yet committed)."""
    if list(remove) == list(add):
        return counts
    out = Counter(counts)
    for k in remove:
        out[k] -= 1
        if out[k] <= 0:
            del out[k]
    for k in add:
        out[k] += 1
    return out


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
    # The entry as the figures counted it, and as it is: they differ while the reviewer
    # types (the live check), and then the figures are read as if it were counted as is.
    counted, now = stats.counted(entry), _contribution(entry)
    same = counted == now
    ru = now[0] if now is not None else None
    counts = stats.renderings.get(ru) if ru is not None else None
    if counts:
        en = now[1]  # type: ignore[index]
        if not same:
            counts = _with(counts, [counted[1]] if counted and counted[0] == ru else [], [en])
        if len(counts) > 1:
            usual, count = stats.usual(ru) if same else counts.most_common(1)[0]  # type: ignore[arg-type]
            if en != usual:
                # the first other bead: a generator, as thousands may render it so
                holders = stats.holders.get((ru, usual), ())  # type: ignore[arg-type]
                where = next((i for i in holders if i != entry.id), "")
                more = f" and {count - 1} more" if count > 1 else ""
                yield Finding(
                    "inconsistent",
                    "warning",
                    f"The same Russian is translated differently in {where}{more}: "
                    "make the translations agree",
                    ru_span=(0, len(entry.ru)),
                    key="inconsistent",
                )
    if not stats.names:
        return
    pairs = now[2] if now is not None else _names(entry)
    odd: list[tuple[str, str, int]] = []
    if not same:  # each stem's spellings as counted and as typed, grouped once (not per pair)
        was: dict[str, list[str]] = {}
        for k, sp in counted[2] if counted else ():
            was.setdefault(k, []).append(sp)
        typed: dict[str, list[str]] = {}
        for k, sp in pairs if now is not None else ():
            typed.setdefault(k, []).append(sp)
        adjusted: dict[str, Counter[str]] = {}
    for stem, spelling in pairs:
        spellings = stats.names.get(stem)
        if not spellings or (same and len(spellings) < 2):
            continue
        if not same:
            if stem not in adjusted:
                adjusted[stem] = _with(spellings, was.get(stem, []), typed.get(stem, []))
            spellings = adjusted[stem]
            if len(spellings) < 2:
                continue
        usual, count = stats.usual(stem, True) if same else spellings.most_common(1)[0]
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
