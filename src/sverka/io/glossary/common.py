"""What every glossary format shares: the error, the format names, and the cells every
reader parses the same way (a part of speech, a case rule, alternatives), with the checks
every writer makes before it writes an entry."""

from __future__ import annotations

from collections.abc import Sequence
from contextvars import ContextVar
from pathlib import Path
from typing import Literal

from sverka.errors import SverkaError
from sverka.glossary import CASE_RULES, POS, CaseRule, GlossaryEntry
from sverka.io.text import cyrillic_share

GlossaryFormat = Literal["csv", "tsv", "omegat", "tbx"]
FORMATS: tuple[GlossaryFormat, ...] = ("csv", "tsv", "omegat", "tbx")


class GlossaryError(SverkaError):
    """A glossary file that cannot be read or written as it stands."""


ALT = "|"
# TBX picklist names (and a few obvious spellings) for sverka's parts of speech.
POS_ALIASES = {
    "adjective": "adj",
    "adverb": "adv",
    "propernoun": "name",
    "proper noun": "name",
    "abbreviation": "abbr",
}


LENIENT_POS: ContextVar[bool] = ContextVar("lenient_pos", default=False)


def alternatives(cell: str) -> tuple[str, ...]:
    return tuple(alt.strip() for alt in cell.split(ALT) if alt.strip())


def parse_pos(value: str, path: Path, line: int | None) -> str:
    name = value.strip().lower()
    name = POS_ALIASES.get(name, name)
    if name and name not in POS and not LENIENT_POS.get():
        raise GlossaryError(
            f"unknown part of speech {value.strip()!r}; allowed: {', '.join(POS)}",
            path=path,
            line=line,
        )
    return name


def parse_case(value: str, path: Path, line: int | None) -> CaseRule:
    rule = value.strip().lower() or "auto"
    if rule not in CASE_RULES:
        raise GlossaryError(
            f"unknown case rule {value.strip()!r}; allowed: {', '.join(CASE_RULES)}",
            path=path,
            line=line,
        )
    return rule  # type: ignore[return-value]  # checked just above


def check_direction(entries: Sequence[GlossaryEntry], path: Path, hint: str) -> None:
    """Refuse an English->Russian glossary: every term would be looked up on the wrong side."""
    ru = " ".join(e.ru for e in entries)
    en = " ".join(r for e in entries for r in (*e.en, *e.forbidden))
    if cyrillic_share(ru) < 0.3 and cyrillic_share(en) > 0.5:
        raise GlossaryError(
            "the Russian terms are in English and the renderings in Russian: "
            "this looks like an English-Russian glossary",
            path=path,
            line=entries[0].line,
            hint=hint,
        )


def entry_name(entry: GlossaryEntry) -> str:
    return f"«{entry.ru}»" + (f" (line {entry.line})" if entry.line else "")


def check_writable(entry: GlossaryEntry, path: Path) -> None:
    if not entry.ru.strip():
        raise GlossaryError(f"an entry has an empty Russian term {entry_name(entry)}", path=path)
    if not entry.en and not entry.forbidden:
        raise GlossaryError(
            f"{entry_name(entry)} has no approved and no forbidden rendering", path=path
        )
