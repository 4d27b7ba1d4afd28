"""OmegaT's tab-separated glossary: ``source<TAB>target[<TAB>comment]``, ``#`` comment
lines, no quoting; every line one approved rendering, lines with the same source one entry.
Written with approved renderings only, each loss a warning."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from sverka.glossary import Glossary, GlossaryEntry
from sverka.io.glossary.common import GlossaryError, check_direction, entry_name


@dataclass
class _Draft:
    ru: str
    line: int
    en: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)  # the notes, looked up in O(1)


def parse_omegat(lines: list[str], path: Path) -> list[GlossaryEntry]:
    drafts: dict[str, _Draft] = {}
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        ru, target, comment = _omegat_line(line, path, n)
        draft = drafts.setdefault(ru, _Draft(ru, n))
        draft.en.append(target)
        if comment and comment not in draft.seen:  # a list searched per line was quadratic
            draft.seen.add(comment)
            draft.notes.append(comment)
    if not drafts:
        raise GlossaryError("no entries", path=path, hint="every line is blank or a # comment")
    entries = [
        GlossaryEntry(d.ru, tuple(d.en), note="\n".join(d.notes), line=d.line)
        for d in drafts.values()
    ]
    check_direction(entries, path, "sverka needs Russian terms in the first column")
    return entries


def _omegat_line(line: str, path: Path, n: int) -> tuple[str, str, str]:
    """(source, target, comment) of one line; OmegaT has no quoting, so a split is all."""
    cells = line.split("\t")
    layout = "an OmegaT glossary line is source<TAB>target<TAB>comment"
    if len(cells) == 1:
        raise GlossaryError(
            "this line has no tab between the source term and its translation",
            path=path,
            line=n,
            hint=layout,
        )
    if len(cells) > 3:
        raise GlossaryError(
            f"this line has {len(cells)} tab-separated fields, not 2 or 3",
            path=path,
            line=n,
            hint=layout,
        )
    if not cells[0].strip():
        raise GlossaryError("the source term (first column) is empty", path=path, line=n)
    if not cells[1].strip():
        raise GlossaryError(
            f"«{cells[0]}» has no translation in the second column", path=path, line=n, hint=layout
        )
    return cells[0], cells[1].strip(), cells[2].strip() if len(cells) == 3 else ""


_OMEGAT_HEADER = "# Glossary in tab-separated format -*- coding: utf-8 -*-"


def render_omegat(glossary: Glossary, path: Path) -> tuple[bytes, list[str]]:
    lines = [_OMEGAT_HEADER]
    forbidden = left_out = dropped = flattened = 0
    for e in glossary.entries:
        forbidden += len(e.forbidden)
        dropped += bool(e.pos or e.case != "auto")
        if not e.en:
            left_out += 1
            continue
        _check_omegat_entry(e, path)
        note = re.sub(r"[\t\n\r]+", " ", e.note)
        flattened += note != e.note
        for i, rendering in enumerate(e.en):
            comment = f"\t{note}" if i == 0 and note else ""
            lines.append(f"{e.ru}\t{rendering}{comment}")
    data = ("\n".join(lines) + "\n").encode("utf-8")
    return data, _omegat_warnings(forbidden, left_out, dropped, flattened)


def _check_omegat_entry(entry: GlossaryEntry, path: Path) -> None:
    hint = "write it as .csv, .tsv or .tbx"
    for term in (entry.ru, *entry.en):
        if "\t" in term or "\n" in term or "\r" in term:  # the reader ends a line at a CR too
            raise GlossaryError(
                f"{entry_name(entry)}: {term!r} has a tab or a line break, which OmegaT format "
                "cannot hold",
                path=path,
                hint=hint,
            )
    if entry.ru.startswith("#"):
        raise GlossaryError(
            f"{entry_name(entry)} starts with '#', which OmegaT reads as a comment",
            path=path,
            hint=hint,
        )


def _omegat_warnings(forbidden: int, left_out: int, dropped: int, flattened: int) -> list[str]:
    warnings = []
    if forbidden:
        warnings.append(
            _count(forbidden, "forbidden rendering cannot", "forbidden renderings cannot")
            + " be written to OmegaT format"
        )
    if left_out:
        verb = "is" if left_out == 1 else "are"
        warnings.append(
            _count(left_out, "entry has", "entries have")
            + f" no approved rendering and {verb} left out"
        )
    if dropped:
        warnings.append(
            f"parts of speech and case rules of {_count(dropped, 'entry', 'entries')} "
            "cannot be written to OmegaT format"
        )
    if flattened:
        warnings.append(
            f"line breaks and tabs in {_count(flattened, 'note', 'notes')} are written as spaces"
        )
    return warnings


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"
