"""QA checks over a review document: what a reviewer is shown.

Each check is a small function from an entry (and, for some, the glossaries or the
document's figures) to findings. ``Checker`` holds what is worth preparing once (the term
index, the document's figures) and runs the selected checks over one entry or all of them;
the CLI and the app use it the same way.
"""

from __future__ import annotations

import difflib
import gc
import multiprocessing
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sverka.checks import document, numbers, script, terms, typography
from sverka.errors import SverkaError
from sverka.glossary import Glossary
from sverka.model import SEVERITIES, Entry, Finding, Severity


@dataclass(frozen=True, slots=True)
class CheckInfo:
    code: str
    severity: Severity
    summary: str


CHECKS: dict[str, CheckInfo] = {
    c.code: c
    for c in (
        CheckInfo("term-forbidden", "error", "a rendering the glossary forbids"),
        CheckInfo("term-missing", "warning", "a glossary term without its approved rendering"),
        CheckInfo("pitfall", "warning", "a known MT false friend or calque"),
        CheckInfo("cyrillic", "error", "Cyrillic letters in the English, hidden ones too"),
        CheckInfo("untranslated", "warning", "a transliterated Russian word left as is"),
        CheckInfo("number", "error", "numbers that differ under each language's conventions"),
        CheckInfo("punctuation", "warning", "doubled marks or spaces, final punctuation lost"),
        CheckInfo("quotes", "warning", "unbalanced quotation marks"),
        CheckInfo("brackets", "warning", "unbalanced brackets"),
        CheckInfo("inconsistent", "warning", "one Russian sentence or name rendered two ways"),
        CheckInfo("length", "info", "a length ratio far from the document's own"),
        CheckInfo("alignment", "warning", "English with no Russian, or an unsure alignment"),
        CheckInfo("empty", "error", "no English"),
    )
}


def select_codes(checks: Iterable[str] | None = None, skip: Iterable[str] = ()) -> frozenset[str]:
    """The codes to run; an unknown code is the user's error, named with the known ones."""
    wanted = set(CHECKS) if checks is None else set(checks)
    unknown = (wanted | set(skip)) - set(CHECKS)
    if unknown:
        guesses = [g for u in sorted(unknown) for g in difflib.get_close_matches(u, CHECKS, 1)]
        raise SverkaError(
            f"unknown check {', '.join(sorted(unknown))}"
            + (f"; did you mean {', '.join(guesses)}?" if guesses else ""),
            hint="known: " + ", ".join(CHECKS),
        )
    return frozenset(wanted - set(skip))


def is_ignored(entry: Entry, finding: Finding) -> bool:
    """The reviewer marked this finding (or every finding of its code here) as no problem."""
    return finding.ignore_key in entry.ignored or finding.code in entry.ignored


_GLOSSARY_CODES = frozenset({"term-forbidden", "term-missing", "pitfall"})


class Checker:
    """The selected checks with their glossaries, ready to run on entries."""

    def __init__(
        self, glossaries: Sequence[Glossary] = (), codes: Iterable[str] | None = None
    ) -> None:
        self.codes = select_codes(codes)
        self.terms = terms.TermIndex(glossaries if self.codes & _GLOSSARY_CODES else ())
        self.stats = document.DocumentStats()

    def prepare(self, entries: Sequence[Entry]) -> None:
        """Learn the document's own figures (length ratio, renderings, names)."""
        if self.codes & {"length", "inconsistent"}:
            self.stats = document.DocumentStats.of(entries)

    def entry(self, entry: Entry, *, include_ignored: bool = False) -> list[Finding]:
        """Findings for one entry, worst first; the reviewer's ignore marks respected."""
        found = self._own(entry) + self._against_document(entry)
        return self._finish(entry, found, include_ignored)

    def _own(self, entry: Entry) -> list[Finding]:
        """The checks that need nothing but the entry (and the glossaries)."""
        found: list[Finding] = []
        codes = self.codes
        if self.terms and codes & _GLOSSARY_CODES:
            found += [f for f in self.terms.findings(entry) if f.code in codes]
        if "cyrillic" in codes:
            found += script.cyrillic(entry)
        if "untranslated" in codes:
            found += script.untranslated(entry, self.terms.approved_words)
        if "number" in codes:
            found += numbers.number(entry)
        if "punctuation" in codes:
            found += typography.punctuation(entry)
        if "quotes" in codes:
            found += typography.quotes(entry)
        if "brackets" in codes:
            found += typography.brackets(entry)
        if "alignment" in codes:
            found += document.alignment(entry)
        if "empty" in codes:
            found += document.empty(entry)
        return found

    def _against_document(self, entry: Entry) -> list[Finding]:
        """The checks that compare the entry with the document's figures (see prepare)."""
        found: list[Finding] = []
        if "inconsistent" in self.codes:
            found += document.inconsistent(entry, self.stats)
        if "length" in self.codes:
            found += document.length(entry, self.stats)
        return found

    @staticmethod
    def _finish(entry: Entry, found: list[Finding], include_ignored: bool = False) -> list[Finding]:
        found = _without_repeats(found)
        if not include_ignored:
            found = [f for f in found if not is_ignored(entry, f)]
        found.sort(key=lambda f: SEVERITIES.index(f.severity))
        return found

    def document(self, entries: Sequence[Entry], jobs: int | None = None) -> list[list[Finding]]:
        """Findings for every entry, in order, after learning the document's figures.

        A long document is split over the cores (``jobs``, default all of them). Forked
        workers start at once on the checks that need only the entry; meanwhile this process
        learns the document's figures, runs the checks that need them on every entry, and
        takes a smaller share of the rest (PARENT_SHARE). Nothing is set up twice.
        """
        jobs = jobs or os.cpu_count() or 1
        if jobs < 2 or len(entries) < PARALLEL_MIN_ENTRIES or not _can_fork():
            self.prepare(entries)
            return [self.entry(e) for e in entries]
        mine = round(len(entries) * PARENT_SHARE / (jobs - 1 + PARENT_SHARE))
        size = -(-(len(entries) - mine) // (jobs - 1))
        chunks = [(k, min(k + size, len(entries))) for k in range(mine, len(entries), size)]
        global _WORK
        _WORK = (self, entries)
        gc.freeze()  # what the workers inherit stays shared: no collector writes to it
        try:
            ctx = multiprocessing.get_context("fork")
            with ctx.Pool(len(chunks)) as pool:
                pending = pool.map_async(_check_chunk, chunks)
                self.prepare(entries)
                against = [self._against_document(e) for e in entries]
                own = [self._own(e) for e in entries[:mine]]
                for part in pending.get():
                    own += part
        finally:
            _WORK = None
            gc.unfreeze()
        return [self._finish(e, o + a) for e, o, a in zip(entries, own, against, strict=True)]


def _without_repeats(found: list[Finding]) -> list[Finding]:
    """One word, one finding: a transliteration the glossary already forbids ("akimat")
    is not reported again as untranslated."""
    spans = [f.en_span for f in found if f.code in _GLOSSARY_CODES and f.en_span]
    if not spans:
        return found
    return [
        f
        for f in found
        if not (
            f.code == "untranslated"
            and f.en_span
            and any(a < f.en_span[1] and f.en_span[0] < b for a, b in spans)
        )
    ]


PARALLEL_MIN_ENTRIES = 3000  # below this, starting workers costs more than it saves
# This process's share of the entry-only checks, against a worker's 1: it also learns the
# document's figures and runs the checks that need them (bench/checks, 2 cores).
PARENT_SHARE = 0.65
_WORK: tuple[Checker, Sequence[Entry]] | None = None  # what forked workers inherit


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _check_chunk(bounds: tuple[int, int]) -> list[list[Finding]]:
    assert _WORK is not None
    checker, entries = _WORK
    return [checker._own(e) for e in entries[bounds[0] : bounds[1]]]


__all__ = ["CHECKS", "CheckInfo", "Checker", "is_ignored", "select_codes"]
