"""Checks that need the whole document: inconsistent, length; and the bead's own shape:
alignment, empty.

The document's figures (the usual English/Russian length ratio, how each Russian sentence
and name is rendered elsewhere) are computed once into a ``DocumentStats`` (figures.py) and
then each entry is checked against them, so the app can re-check one bead without the others.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence

from sverka.checks.figures import LENGTH_MIN_CHARS, contribution, log_ratio, names_of
from sverka.checks.registry import CheckContext, finding
from sverka.model import Finding

LOW_CONFIDENCE = 0.5
# A length ratio further than this many robust standard deviations from the document's
# median is reported; tuned on WMT21 references in bench/checks.
LENGTH_SIGMAS = 4.5


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


def inconsistent(ctx: CheckContext) -> Iterator[Finding]:
    entry, stats = ctx.entry, ctx.stats
    if not entry.ru or not entry.en:
        return
    # The entry as the figures counted it, and as it is: they differ while the reviewer
    # types (the live check), and then the figures are read as if it were counted as is.
    counted, now = stats.counted(entry), contribution(entry)
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
                yield finding(
                    "inconsistent",
                    f"The same Russian is translated differently in {where}{more}: "
                    "make the translations agree",
                    ru_span=(0, len(entry.ru)),
                    key="inconsistent",
                )
    if not stats.names:
        return
    pairs = now[2] if now is not None else names_of(entry)
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
        yield finding(
            "inconsistent",
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


def length(ctx: CheckContext) -> Iterator[Finding]:
    entry, stats = ctx.entry, ctx.stats
    if not stats.sigma or not entry.ru or not entry.en:
        return
    if max(len(entry.ru), len(entry.en)) < LENGTH_MIN_CHARS:
        return
    deviation = (log_ratio(entry) - stats.median) / stats.sigma
    if abs(deviation) > LENGTH_SIGMAS:
        times = len(entry.en) / len(entry.ru) / math.exp(stats.median)
        what = (
            f"{times:.1f}× longer than usual: an addition or a misalignment?"
            if deviation > 0
            else f"{1 / times:.1f}× shorter than usual: something left out?"
        )
        yield finding("length", f"The English is {what}", key="length")


def alignment(ctx: CheckContext) -> Iterator[Finding]:
    entry = ctx.entry
    if not entry.ru and entry.mt:
        yield finding(
            "alignment",
            "English with no Russian: an addition, or a sentence aligned to the wrong place "
            "(merge it with m)",
            en_span=(0, len(entry.en)),
            key="alignment",
        )
    elif entry.ru and entry.mt and entry.confidence < LOW_CONFIDENCE:
        yield finding(
            "alignment",
            f"The aligner is unsure these sentences match ({entry.confidence:.0%}): "
            "check the neighbours for a shift",
            ru_span=(0, len(entry.ru)),
            key="alignment",
        )


def empty(ctx: CheckContext) -> Iterator[Finding]:
    entry = ctx.entry
    if entry.ru and not entry.en.strip():
        message = (
            "No English: the MT left this sentence out, translate it"
            if not entry.mt
            else "No English: the translation was cleared, write it or copy the MT back"
        )
        yield finding("empty", message, ru_span=(0, len(entry.ru)), key="empty")
