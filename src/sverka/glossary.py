"""Glossaries as plain data: what a term is, which renderings are approved or forbidden.

Reading and writing the files (CSV/TSV, OmegaT, TBX) lives in ``sverka.io.glossary``;
matching terms in text lives in ``sverka.checks.terms``.
"""

from __future__ import annotations

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
