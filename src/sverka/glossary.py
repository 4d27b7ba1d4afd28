"""Glossaries as plain data: what a term is, which renderings are approved or forbidden.

Reading and writing the files (CSV/TSV, OmegaT, TBX) lives in ``sverka.io.glossary``;
matching terms in text lives in ``sverka.checks.terms``. ``lint`` is here, beside the model it
looks at: duplicates, contradictions and typos in entries the readers accepted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

# Parts of speech a glossary may name. Russian lemmatisation uses them to keep a participle
# (протестующие) apart from its verb (протестуют); the others are informative.
POS = ("noun", "verb", "adj", "adv", "participle", "phrase", "name", "abbr", "other")

# How case matters when the term is matched:
#   "auto"  - an all-capitals term (КНБ, NATO) must match in capitals; others ignore case
#   "exact" - the rendering must appear exactly as written (a brand, a name)
#   "any"   - case never matters
CaseRule = Literal["auto", "exact", "any"]
CASE_RULES = ("auto", "exact", "any")

# What a glossary is for, which decides the finding codes it produces:
#   "terms"    - a project's terminology: a forbidden rendering is an error
#                (term-forbidden), a missing approved one a warning (term-missing)
#   "pitfalls" - known MT false friends: only a forbidden rendering is reported (pitfall)
GlossaryKind = Literal["terms", "pitfalls"]

# The bundled list of MT false friends (glossary/ru-en-mt-pitfalls.csv), used unless a
# command is told otherwise (--no-pitfalls, or a review file's X-Sverka-Pitfalls).
DEFAULT_PITFALLS = "ru-en-mt-pitfalls"


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """One Russian term and its English renderings.

    ``line`` is the 1-based line of the entry in its file, so a finding or a lint message
    can point the user at the row to fix (0 when the entry was not read from a file).
    """

    ru: str
    en: tuple[str, ...] = ()  # approved renderings, the preferred one first
    forbidden: tuple[str, ...] = ()
    note: str = ""
    pos: str = ""  # one of POS, or "" when not given
    case: CaseRule = "auto"
    line: int = 0


@dataclass(frozen=True, slots=True)
class Glossary:
    path: Path | None
    entries: tuple[GlossaryEntry, ...] = field(default=())
    kind: GlossaryKind = "terms"
    warnings: tuple[str, ...] = ()  # what reading skipped, each naming its file and line

    @property
    def name(self) -> str:
        return self.path.name if self.path else "glossary"


# -- lint --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LintProblem:
    """Something doubtful in a glossary that the reader accepted."""

    line: int
    code: str
    message: str


def lint(glossary: Glossary) -> list[LintProblem]:
    """Duplicates, contradictions and typos in ``glossary``, sorted by line.

    Codes: duplicate, approved-and-forbidden, unknown-pos, empty-rendering,
    duplicate-rendering, whitespace. Terms compare case-folded, with runs of whitespace as one.
    """
    problems: list[LintProblem] = []
    first: dict[str, int] = {}
    for e in glossary.entries:
        key = _key(e.ru)
        if key in first:
            where = f"on line {first[key]}" if first[key] else "earlier in the glossary"
            problems.append(LintProblem(e.line, "duplicate", f"«{e.ru}» is already {where}"))
        else:
            first[key] = e.line
        problems += _entry_problems(e)
    return sorted(problems, key=lambda p: p.line)


def _key(term: str) -> str:
    return " ".join(term.split()).casefold()


def _entry_problems(e: GlossaryEntry) -> list[LintProblem]:
    found: list[tuple[str, str]] = []
    if e.pos and e.pos not in POS:
        allowed = ", ".join(POS)
        found.append(
            ("unknown-pos", f"«{e.ru}»: unknown part of speech {e.pos!r}; allowed: {allowed}")
        )
    for term, quoted in [(e.ru, f"«{e.ru}»"), *((r, f'"{r}"') for r in (*e.en, *e.forbidden))]:
        if (problem := _space_problem(term)) is not None:
            found.append(("whitespace", f"{quoted} {problem}"))
    for label, terms in (("approved", e.en), ("forbidden", e.forbidden)):
        found += _list_problems(e.ru, label, terms)
    both = {_key(r) for r in e.en} & {_key(r) for r in e.forbidden}
    for r in dict.fromkeys(r for r in e.forbidden if _key(r) in both and r.strip()):
        found.append(("approved-and-forbidden", f'«{e.ru}»: "{r}" is both approved and forbidden'))
    return [LintProblem(e.line, code, message) for code, message in found]


def _list_problems(ru: str, label: str, terms: Sequence[str]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    for term in terms:
        if not term.strip():
            found.append(("empty-rendering", f"«{ru}»: an empty {label} rendering"))
        elif _key(term) in seen:
            found.append(("duplicate-rendering", f'«{ru}»: "{term}" is listed twice as {label}'))
        seen.add(_key(term))
    return found


def _space_problem(term: str) -> str | None:
    if not term.strip():
        return None  # empty: reported as such, not as whitespace
    if term != term.strip():
        return "has spaces at the start or end"
    if re.search(r"[\t\n\r\v\f]", term):
        return "has a tab or a line break inside"
    if re.search(r"\s\s", term):
        return "has a double space"
    return None
