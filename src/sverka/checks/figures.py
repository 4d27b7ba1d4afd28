"""The document's figures the document-level checks compare each entry with.

The usual English/Russian length ratio (``length``), and how each Russian sentence and name
is rendered elsewhere (``inconsistent``) are computed once into a ``DocumentStats``, which
then follows edits; each entry is checked against it, so the app can re-check one bead
without the others. The checks themselves are in document.py.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from sverka.model import Entry
from sverka.morph import fold, skeleton

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
            log_ratio(e)
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
            part = contribution(e)
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
        new = contribution(entry) if entry is not None else None
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


def contribution(e: Entry) -> Contribution | None:
    """What an entry adds to the document's renderings and names."""
    if not e.ru or not e.en or len(e.ru) < 12:
        return None
    return _norm(e.ru), _norm(e.en), names_of(e)


def log_ratio(e: Entry) -> float:
    return math.log(len(e.en) / len(e.ru))


_RU_CAPITAL = re.compile(r"\S\s+[«\"(]?[А-ЯЁ][а-яё]{3}")
_skeleton = lru_cache(maxsize=65536)(skeleton)


def names_of(e: Entry) -> tuple[tuple[str, str], ...]:
    return _names_in(e.ru, e.en) if e.ru and e.en else ()


# Large enough for a batch run's two passes (DocumentStats.of, then inconsistent) over
# 10,000 entries to find the first pass's answers; an LRU smaller than that finds none.
@lru_cache(maxsize=65536)
def _names_in(ru: str, en: str) -> tuple[tuple[str, str], ...]:
    """(Russian name stem, English spelling) pairs: Токаева / Tokayev's → (токае, tokayev)."""
    first = _ru_names(ru)
    return tuple(_name_pairs(first, en)) if first else ()


_RU_NAME = re.compile(r"\b[А-ЯЁ][а-яё]{3,}(?:-[А-ЯЁа-яё]+)?\b")
_EN_NAME = re.compile(r"\b[A-Z][a-z]{3,}(?:-[A-Za-z]+)?(?=['’]s\b|\b)")
_FIRST_WORD = re.compile(r"\W*\w*")


# Once per Russian text: the app rechecks a bead's unchanged Russian at every edit, and a
# batch file may hold a sentence many times (the 10k benchmark file, ten times).
@lru_cache(maxsize=16384)
def _ru_names(ru_text: str) -> dict[str, str]:
    """Each name skeleton's first Russian name (capitalised words after a sentence's first
    word), for one look per English name; empty when the text has none."""
    if not _RU_CAPITAL.search(ru_text):
        return {}
    ru_first = _FIRST_WORD.match(ru_text).end()  # type: ignore[union-attr]
    first: dict[str, str] = {}
    for m in _RU_NAME.finditer(ru_text, ru_first):
        first.setdefault(_skeleton(m.group())[:4], m.group())
    return first


def _name_pairs(first: dict[str, str], en_text: str) -> Iterator[tuple[str, str]]:
    # Capitalised words after a sentence's first word: names, in either language.
    en_first = _FIRST_WORD.match(en_text).end()  # type: ignore[union-attr]
    for m in _EN_NAME.finditer(en_text, en_first):
        w = m.group()
        sk = _skeleton(w)
        if len(sk) < 3:
            continue
        name = first.get(sk[:4])
        if name is not None:
            yield fold(name)[: max(4, len(name) - 2)], w
