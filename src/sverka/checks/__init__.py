"""QA checks over a review document: what a reviewer is shown.

The registry is the table below: each check is one row (code, severity, scope, what it
needs loaded, its function, what it finds) and one function in the module of its family,
``def check(ctx: CheckContext) -> Iterable[Finding]`` (registry.py says what a row and a
context hold). Findings take their severity from their row. ``Checker`` is the one runner:
it holds what is worth preparing once (the term index, the document's figures) and runs
the selected rows over one entry or all of them; the CLI and the app use it the same way.
For a long file the CLI also runs the morphology checks in a second process (ahead.py),
with exactly the same findings.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import Protocol

from sverka import progress, wordlist
from sverka.checks import balance, control, document, english, numbers, script, terms, typography
from sverka.checks.figures import DocumentStats
from sverka.checks.registry import Check, CheckContext, CheckFunction, Need, register
from sverka.checks.termindex import Cover, TermIndex
from sverka.errors import SverkaError
from sverka.glossary import Glossary
from sverka.model import SEVERITIES, Entry, Finding
from sverka.morph import load_dictionaries

_WORDS: tuple[Need, ...] = ("morphology",)
_TERMS: tuple[Need, ...] = ("glossaries", "morphology")

# fmt: off
CHECKS: dict[str, Check] = register(
    # code, severity, scope, needs, function, what it finds (sverka check --list)
    Check("term-forbidden", "error", "entry", _TERMS, terms.glossary,
          "a rendering the glossary forbids"),
    Check("term-missing", "warning", "entry", _TERMS, terms.glossary,
          "a glossary term without its approved rendering"),
    Check("pitfall", "warning", "entry", _TERMS, terms.glossary,
          "a known MT false friend or calque"),
    Check("cyrillic", "error", "entry", (), script.cyrillic,
          "Cyrillic letters in the English, hidden ones too"),
    # info: a bead too long to compare every word with every other (a note, not a finding)
    Check("untranslated", "warning", "entry", _WORDS, script.untranslated,
          "a transliterated Russian word left as is", also=("info",)),
    Check("number", "error", "entry", (), numbers.number,
          "numbers that differ under each language's conventions"),
    Check("punctuation", "warning", "entry", (), typography.punctuation,
          "doubled marks or spaces, final punctuation lost"),
    Check("quotes", "warning", "entry", (), typography.quotes,
          "unbalanced quotation marks"),
    Check("brackets", "warning", "entry", (), typography.brackets,
          "unbalanced brackets"),
    Check("inconsistent", "warning", "document", (), document.inconsistent,
          "one Russian sentence or name rendered two ways"),
    Check("length", "info", "document", (), document.length,
          "a length ratio far from the document's own"),
    Check("alignment", "warning", "entry", (), document.alignment,
          "English with no Russian, or an unsure alignment"),
    Check("empty", "error", "entry", (), document.empty,
          "no English"),
    # warning: a bidi or invisible mark, which changes how the text reads but cannot take
    # over a terminal as a control character can
    Check("control", "error", "entry", (), control.control,
          "escape sequences, controls, bidi or invisible marks", also=("warning",)),
    # issue 18 item 4: content of one side with no counterpart on the other (balance.py)
    # Opt-in (--checks): on held-out MLQE-PE a third of their findings land on a changed word,
    # and they add about 45% to a batch check of 10,000 beads (bench/RESULTS.md, issue 18).
    Check("omission", "info", "entry", _WORDS, balance.omission,
          "a negation, name or Latin word of the Russian missing in the English",
          default=False),
    Check("addition", "info", "entry", _WORDS, balance.addition,
          "a negation or name in the English with none in the Russian", default=False),
    # issue 18 items 1-2: the English itself (checks/english.py)
    # (the glossaries: their renderings are words; "untranslated" of the same word gives way)
    Check("spelling", "warning", "entry", _TERMS, english.spelling,
          "a word no English dictionary knows, with the nearest one that is",
          also=("info",)),
    Check("grammar", "warning", "entry", (), english.grammar,
          "a or an against the next word's sound, a word typed twice"),
)
# fmt: on

# Findings of one severity keep the order their checks ran in (the sort is stable): the
# morphology checks, then the entry's own, then those against the document, each in the
# table's order, except that control, added last to the table, has always run first of
# the entry's own (its findings come before the others' of the same severity).
_RUNS_FIRST = frozenset({"control"})
# Entry checks the second process of a batch run (ahead.py) runs besides the dictionary
# checks, to even out the two (issue 18): control, and number, which would load pymorphy3's
# dictionaries into this process (0.1 s) for the few beads whose digits do not pair.
_SECOND = frozenset({"control", "number"})


def select_codes(checks: Iterable[str] | None = None, skip: Iterable[str] = ()) -> frozenset[str]:
    """The codes to run; an unknown code is the user's error, named with the known ones.
    ``+code`` adds to the default set (how an opt-in check is asked for beside the others);
    plain codes run alone."""
    # The defaults: every row but the opt-in ones (read now: a row may be added at run time)
    defaults = {c.code for c in CHECKS.values() if c.default}
    named = list(checks) if checks is not None else None
    added = [c[1:] for c in named or () if c.startswith("+")]
    if added and len(added) != len(named or ()):
        raise SverkaError(
            "give either +CODE (the default checks and these) or CODE (only these), not both"
        )
    wanted = defaults if named is None else defaults | set(added) if added else set(named)
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


_GLOSSARY_CODES = frozenset(c.code for c in CHECKS.values() if "glossaries" in c.needs)
# The checks that need the dictionaries (simplemma's English table, pymorphy3's, every word
# form of every glossary term). Loading those is most of a start, so a batch run loads them
# in a second process while this one reads the document (checks/ahead.py).
DICTIONARY_CODES = frozenset(c.code for c in CHECKS.values() if "morphology" in c.needs)
_DOCUMENT_CODES = frozenset(c.code for c in CHECKS.values() if c.scope == "document")
# Past this many characters on either side a bead is not checked word by word (terms,
# pitfalls, untranslated): no sentence is that long (WMT21's longest has 568, the text reader
# allows lines of 100,000, a PO string has no limit), those checks take about 5 µs a
# character, and the app runs them on every edit of the bead.
MAX_WORD_CHECK_CHARS = 20_000

# A check's function with the codes to keep of what it finds (None: all of them).
_Step = tuple[CheckFunction, frozenset[str] | None]


def _plan(codes: frozenset[str], rows: Iterable[Check]) -> tuple[_Step, ...]:
    """The functions to call for the selected codes among ``rows``, each once, in order."""
    selected = sorted((r for r in rows if r.code in codes), key=lambda r: r.code not in _RUNS_FIRST)
    steps: list[_Step] = []
    seen: set[CheckFunction] = set()
    for row in selected:
        if row.run in seen:
            continue
        seen.add(row.run)
        serves = {c.code for c in CHECKS.values() if c.run is row.run}
        steps.append((row.run, None if serves <= codes else frozenset(serves & codes)))
    return tuple(steps)


def _run(steps: Sequence[_Step], ctx: CheckContext) -> list[Finding]:
    found: list[Finding] = []
    for run, keep in steps:
        if keep is None:
            found += run(ctx)
        else:
            found += [f for f in run(ctx) if f.code in keep]
    return found


class Ahead(Protocol):
    """A second process that runs the morphology checks (ahead.DictionaryChecks): named by
    what ``Checker.document`` uses of it, so that this module does not import ahead.py,
    which imports this one."""

    @property
    def checker(self) -> Checker: ...

    def send(self, entries: Sequence[Entry]) -> None: ...

    def results(self) -> list[tuple[list[Finding], list[list[Finding]]]]: ...


class Checker:
    """The selected checks with their glossaries, ready to run on entries: the runner the
    CLI, the review session (the app's live check) and ahead.py use.

    The dictionaries load on first use (``load`` loads them at once): a process that only
    runs the other checks never pays for them.
    """

    def __init__(
        self, glossaries: Sequence[Glossary] = (), codes: Iterable[str] | None = None
    ) -> None:
        self.codes = select_codes(codes)
        self._glossaries = tuple(glossaries) if self.codes & _GLOSSARY_CODES else ()
        self._terms: TermIndex | None = None
        self.stats = DocumentStats()
        rows = CHECKS.values()
        self._words = _plan(self.codes, (r for r in rows if "morphology" in r.needs))
        # the entry's own checks, then those against the document's figures (see prepare)
        own = [r for r in rows if r.scope == "entry" and "morphology" not in r.needs]
        self._others = _plan(self.codes, own) + _plan(
            self.codes, (r for r in rows if r.scope == "document")
        )
        # The same steps cut where those the second process of a batch run takes over stand
        # (_SECOND): this process runs the pieces, the other those steps, and the findings
        # are put back in this order (document).
        second = {r.run for r in own if r.code in _SECOND}
        self._second: list[_Step] = []
        self._pieces: list[list[_Step]] = [[]]
        for step in self._others:
            if step[0] in second:
                self._second.append(step)
                self._pieces.append([])
            else:
                self._pieces[-1].append(step)

    @property
    def terms(self) -> TermIndex:
        """Every glossary term with its word forms; built on first use."""
        if self._terms is None:
            self._terms = TermIndex(self._glossaries)
        return self._terms

    def load(self) -> None:
        """Load the dictionaries the selected checks need now (0.1-0.3 s), not mid-run."""
        if self.codes & DICTIONARY_CODES:
            load_dictionaries()
            wordlist.load()
            self.terms  # noqa: B018 (built now)

    def prepare(self, entries: Sequence[Entry]) -> None:
        """Learn the document's own figures (length ratio, renderings, names)."""
        if self.codes & _DOCUMENT_CODES:
            self.stats = DocumentStats.of(entries)

    def entry(self, entry: Entry, *, include_ignored: bool = False) -> list[Finding]:
        """Findings for one entry, worst first; the reviewer's ignore marks respected."""
        ctx = CheckContext(entry, self)
        found = self._dictionary(ctx) + _run(self._others, ctx)
        return self._finish(entry, found, include_ignored)

    def dictionary(self, entry: Entry) -> list[Finding]:
        """The checks that need the dictionaries: terms, pitfalls, untranslated."""
        return self._dictionary(CheckContext(entry, self))

    def ahead(self, entry: Entry) -> tuple[list[Finding], list[list[Finding]]]:
        """What the second process of a batch run (ahead.py) checks: the dictionary checks'
        findings, and each of the _SECOND checks' apart (document puts them in place)."""
        ctx = CheckContext(entry, self)
        return self._dictionary(ctx), [_run((step,), ctx) for step in self._second]

    def _dictionary(self, ctx: CheckContext) -> list[Finding]:
        if not self._words:
            return []
        longest = max(len(ctx.entry.ru), len(ctx.entry.en))
        if longest > MAX_WORD_CHECK_CHARS:
            return [_too_long(longest, self.codes)]
        return _run(self._words, ctx)

    @staticmethod
    def _finish(entry: Entry, found: list[Finding], include_ignored: bool = False) -> list[Finding]:
        # The sort is stable and by severity only, so findings of one severity keep the
        # order the checks ran in: one order whichever process ran which check.
        found = _without_repeats(found)
        if not include_ignored:
            found = [f for f in found if not is_ignored(entry, f)]
        found.sort(key=lambda f: SEVERITIES.index(f.severity))
        return found

    def document(self, entries: Sequence[Entry], ahead: Ahead | None = None) -> list[list[Finding]]:
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
        pieces = self._pieces
        here = [
            [_run(piece, ctx) for piece in pieces]
            for ctx in (CheckContext(e, self) for e in progress.counted(entries))
        ]
        progress.phase("checking: terms and dictionary words")  # the other process's part
        there = ahead.results()
        return [
            self._finish(e, _in_order(words, theirs, ours))
            for e, (words, theirs), ours in zip(entries, there, here, strict=True)
        ]


def _in_order(
    words: list[Finding], theirs: list[list[Finding]], ours: list[list[Finding]]
) -> list[Finding]:
    """An entry's findings in the order one process finds them: the dictionary checks',
    then this process's pieces with the other's steps between them."""
    found = words + ours[0]
    for step, piece in zip(theirs, ours[1:], strict=True):
        found += step
        found += piece
    return found


def _too_long(chars: int, codes: frozenset[str]) -> Finding:
    """The runner's note that the dictionary checks were not run on a bead this long: a
    warning under "length" (or the first code selected, so that --checks keeps it),
    whatever that code's own severity, as it is about the check, not the text."""
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
    is not reported again as untranslated, nor an untranslated word as a misspelling."""
    spans = [f.en_span for f in found if f.code in _TERM_CODES and f.en_span]
    if spans:
        glossary = Cover(spans)  # a bisection per finding: thousands of both in a long bead
        found = [
            f
            for f in found
            if not (f.code == "untranslated" and f.en_span and glossary.overlaps(f.en_span))
        ]
    # issue 18: spelling gives way to untranslated on the same word (kamera: «камера»)
    words = [f.en_span for f in found if f.code == "untranslated" and f.en_span]
    if words:
        untranslated = Cover(words)
        found = [
            f
            for f in found
            if not (f.code == "spelling" and f.en_span and untranslated.overlaps(f.en_span))
        ]
    return found


# The glossary checks proper (spelling needs the glossaries too, for their words).
_TERM_CODES = _GLOSSARY_CODES - {"spelling"}


__all__ = [
    "CHECKS",
    "DEFAULT_CODES",
    "DICTIONARY_CODES",
    "MAX_WORD_CHECK_CHARS",
    "Check",
    "CheckContext",
    "Checker",
    "is_ignored",
    "select_codes",
]
