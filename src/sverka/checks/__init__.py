"""QA checks over a review document: what a reviewer is shown.

Each check is a small function from an entry (and, for some, the glossaries or the
document's figures) to findings. ``Checker`` holds what is worth preparing once (the term
index, the document's figures) and runs the selected checks over one entry or all of them;
the CLI and the app use it the same way. For a long file the CLI also runs the dictionary
checks in a second process (ahead.py), with exactly the same findings.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sverka import progress
from sverka.checks import control, document, numbers, script, terms, typography
from sverka.errors import SverkaError
from sverka.glossary import Glossary
from sverka.model import SEVERITIES, Entry, Finding, Severity
from sverka.morph import load_dictionaries

if TYPE_CHECKING:
    from sverka.checks.ahead import DictionaryChecks


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
        CheckInfo("control", "error", "escape sequences, controls, bidi or invisible marks"),
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
# The checks that need the dictionaries (simplemma's English table, pymorphy3's, every word
# form of every glossary term). Loading those is most of a start, so a batch run loads them
# in a second process while this one reads the document (checks/ahead.py).
DICTIONARY_CODES = _GLOSSARY_CODES | {"untranslated"}
# Past this many characters on either side a bead is not checked word by word (terms,
# pitfalls, untranslated): no sentence is that long (WMT21's longest has 568, the text reader
# allows lines of 100,000, a PO string has no limit), those checks take about 5 µs a
# character, and the app runs them on every edit of the bead.
MAX_WORD_CHECK_CHARS = 20_000


class Checker:
    """The selected checks with their glossaries, ready to run on entries.

    The dictionaries load on first use (``load`` loads them at once): a process that only
    runs the other checks never pays for them.
    """

    def __init__(
        self, glossaries: Sequence[Glossary] = (), codes: Iterable[str] | None = None
    ) -> None:
        self.codes = select_codes(codes)
        self._glossaries = tuple(glossaries) if self.codes & _GLOSSARY_CODES else ()
        self._terms: terms.TermIndex | None = None
        self.stats = document.DocumentStats()

    @property
    def terms(self) -> terms.TermIndex:
        """Every glossary term with its word forms; built on first use."""
        if self._terms is None:
            self._terms = terms.TermIndex(self._glossaries)
        return self._terms

    def load(self) -> None:
        """Load the dictionaries the selected checks need now (0.1-0.3 s), not mid-run."""
        if self.codes & DICTIONARY_CODES:
            load_dictionaries()
            self.terms  # noqa: B018 (built now)

    def prepare(self, entries: Sequence[Entry]) -> None:
        """Learn the document's own figures (length ratio, renderings, names)."""
        if self.codes & {"length", "inconsistent"}:
            self.stats = document.DocumentStats.of(entries)

    def entry(self, entry: Entry, *, include_ignored: bool = False) -> list[Finding]:
        """Findings for one entry, worst first; the reviewer's ignore marks respected."""
        found = self.dictionary(entry) + self._plain(entry) + self._against_document(entry)
        return self._finish(entry, found, include_ignored)

    def dictionary(self, entry: Entry) -> list[Finding]:
        """The checks that need the dictionaries: terms, pitfalls, untranslated."""
        found: list[Finding] = []
        codes = self.codes
        longest = max(len(entry.ru), len(entry.en))
        if longest > MAX_WORD_CHECK_CHARS and codes & DICTIONARY_CODES:
            return [_too_long(longest, codes)]
        if codes & _GLOSSARY_CODES and self.terms:
            found += [f for f in self.terms.findings(entry) if f.code in codes]
        if "untranslated" in codes:
            found += script.untranslated(entry, self.terms.approved_words)
        return found

    def _plain(self, entry: Entry) -> list[Finding]:
        """The checks that need nothing but the entry."""
        found: list[Finding] = []
        codes = self.codes
        if "control" in codes:
            found += control.control(entry)
        if "cyrillic" in codes:
            found += script.cyrillic(entry)
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
        # The sort is stable and by severity only, so findings of one severity keep the
        # order of the calls above: one order whichever process ran which check.
        found = _without_repeats(found)
        if not include_ignored:
            found = [f for f in found if not is_ignored(entry, f)]
        found.sort(key=lambda f: SEVERITIES.index(f.severity))
        return found

    def document(
        self, entries: Sequence[Entry], ahead: DictionaryChecks | None = None
    ) -> list[list[Finding]]:
        """Findings for every entry, in order, after learning the document's figures.

        With ``ahead`` (a second process that has been loading the dictionaries while this
        one read the document), the dictionary checks run there and the rest here.
        """
        progress.phase("checking", len(entries))
        if ahead is None:
            self.prepare(entries)
            return [self.entry(e) for e in progress.counted(entries)]
        assert ahead.checker is self, "the other process checks with the checker it forked with"
        ahead.send(entries)
        self.prepare(entries)
        here = [self._plain(e) + self._against_document(e) for e in progress.counted(entries)]
        progress.phase("checking: terms and dictionary words")  # the other process's part
        there = ahead.results()
        return [self._finish(e, t + h) for e, t, h in zip(entries, there, here, strict=True)]


def _too_long(chars: int, codes: frozenset[str]) -> Finding:
    """The finding that says the dictionary checks were not run on a bead this long."""
    code = "length" if "length" in codes else next(c for c in CHECKS if c in codes)
    return Finding(
        code,
        "warning",
        f"Too long to check word by word ({chars:,} characters; a sentence has hundreds): "
        "split the bead to have its terms and untranslated words checked",
        key=f"{code}:too-long",
    )


def _without_repeats(found: list[Finding]) -> list[Finding]:
    """One word, one finding: a transliteration the glossary already forbids ("akimat")
    is not reported again as untranslated."""
    spans = [f.en_span for f in found if f.code in _GLOSSARY_CODES and f.en_span]
    if not spans:
        return found
    glossary = terms.Cover(spans)  # a bisection per finding: thousands of both in a long bead
    return [
        f
        for f in found
        if not (f.code == "untranslated" and f.en_span and glossary.overlaps(f.en_span))
    ]


__all__ = ["CHECKS", "DICTIONARY_CODES", "CheckInfo", "Checker", "is_ignored", "select_codes"]
