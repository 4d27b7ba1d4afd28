"""What a check is: one function and one row, and how its findings are made.

Every check has one signature, ``def check(ctx: CheckContext) -> Iterable[Finding]``: the
context holds the entry, the glossaries' term index and the document's figures (built by the
runner, ``Checker`` in checks/__init__.py, only when a selected check asks for them). Its row,
a ``Check`` in the table in checks/__init__.py, says everything else once: the code, the
severity, the scope (the entry alone, or the entry against the document's figures), what it
needs loaded, and the line ``sverka check --list`` shows. A check makes its findings with
``finding(code, ...)``, which takes the severity from the row: a check that deliberately
gives some findings another severity names it, and its row lists it in ``also``.

Adding a check: write the function in the module of its family, add its row to the table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal, Protocol

from sverka.checks.figures import DocumentStats
from sverka.checks.termindex import TermIndex
from sverka.model import Entry, Finding, Severity

Scope = Literal["entry", "document"]
# What a check needs loaded before it runs:
#   glossaries  the term index of the -g glossaries and pitfall lists (kept only when a
#               selected check needs it);
#   morphology  the dictionaries (pymorphy3's, simplemma's, every form of every term):
#               slow to load, so a long batch run loads them and runs these checks in a
#               second process (checks/ahead.py), and a bead past MAX_WORD_CHECK_CHARS is
#               not checked word by word.
# A check of scope "document" also needs the document's figures (Checker.prepare).
Need = Literal["glossaries", "morphology"]


class Prepared(Protocol):
    """What the runner prepared once for every entry (Checker, or ``Given`` by hand)."""

    @property
    def terms(self) -> TermIndex: ...

    @property
    def stats(self) -> DocumentStats: ...


class CheckContext:
    """What a check is given: the entry, and what was prepared for the run."""

    __slots__ = ("_prepared", "entry")

    def __init__(self, entry: Entry, prepared: Prepared | None = None) -> None:
        self.entry = entry
        self._prepared = prepared if prepared is not None else Given()

    @property
    def terms(self) -> TermIndex:
        """Every glossary term with its word forms (empty without glossaries)."""
        return self._prepared.terms

    @property
    def stats(self) -> DocumentStats:
        """The document's figures (empty until learnt: no length or inconsistent finding)."""
        return self._prepared.stats


class Given:
    """Terms and figures given by hand (a test, a benchmark), none by default."""

    def __init__(self, terms: TermIndex | None = None, stats: DocumentStats | None = None) -> None:
        self._terms = terms
        self.stats = stats if stats is not None else DocumentStats()

    @property
    def terms(self) -> TermIndex:
        if self._terms is None:
            self._terms = TermIndex()
        return self._terms


CheckFunction = Callable[[CheckContext], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class Check:
    """One row of the registry. ``run`` may serve several rows (the glossary checks are one
    pass of matching); the runner calls it once and keeps the codes selected."""

    code: str
    severity: Severity
    scope: Scope
    needs: tuple[Need, ...]
    run: CheckFunction
    summary: str  # what it finds, as ``sverka check --list`` shows it
    also: tuple[Severity, ...] = ()  # other severities some of its findings deliberately take
    # Run unless the user names the checks: False for a check whose findings are too often
    # wrong, or too dear, to show everyone (asked for with --checks, recorded in the file).
    default: bool = True

    @property
    def severities(self) -> tuple[Severity, ...]:
        """Every severity its findings may have, its own first."""
        return (self.severity, *self.also)


_ROWS: dict[str, Check] = {}


def register(*checks: Check) -> dict[str, Check]:
    """The registry's table by code, in the order given (the order ``--list`` shows); its
    rows are what ``finding`` takes severities from."""
    table: dict[str, Check] = {}
    for check in checks:
        if check.code in table or _ROWS.get(check.code, check) != check:
            raise ValueError(f"check code {check.code!r} registered twice")
        if check.scope == "document" and "morphology" in check.needs:
            # the second process runs the morphology checks before the figures are learnt
            raise ValueError(f"check {check.code!r}: a document check cannot need morphology")
        table[check.code] = check
    _ROWS.update(table)
    return table


def finding(
    code: str,
    message: str,
    *,
    ru_span: tuple[int, int] | None = None,
    en_span: tuple[int, int] | None = None,
    key: str = "",
    severity: Severity | None = None,
) -> Finding:
    """A finding of the check registered as ``code``, with its row's severity (or one of
    the others its row allows, named: a control character is an error, a bidi mark a
    warning)."""
    row = _ROWS[code]
    if severity is None:
        severity = row.severity
    elif severity not in row.severities:
        raise ValueError(f"check {code!r} has no severity {severity!r}: see its row")
    return Finding(code, severity, message, ru_span, en_span, key)
