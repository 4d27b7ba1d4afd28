"""CSV (comma) and TSV (tab) glossaries with a header row naming the columns, read and
written; a .tsv whose first line is no header is an OmegaT glossary (omegat.py)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from sverka.glossary import Glossary, GlossaryEntry
from sverka.io.glossary.common import (
    ALT,
    GlossaryError,
    alternatives,
    check_direction,
    check_writable,
    entry_name,
    parse_case,
    parse_pos,
)
from sverka.io.glossary.omegat import parse_omegat

_COLUMNS = ("ru", "en", "forbidden", "note", "pos", "case")
_HEADER = "ru,en,forbidden,note,pos"


@dataclass(frozen=True)
class _Columns:
    index: dict[str, int]  # known column name -> position
    width: int


def parse_delimited(text: str, path: Path, delimiter: str) -> list[GlossaryEntry]:
    lines = text.split("\n")
    first = next(n for n, line in enumerate(lines, 1) if line.strip())  # decode refuses blank
    if not _is_header(lines[first - 1], delimiter):
        if delimiter == "\t" and not _is_header(lines[first - 1], ","):
            return parse_omegat(lines, path)
        raise _no_header(lines[first - 1], path, first, delimiter)
    rows = _csv_rows(text, path, delimiter)
    line, cells = next(rows)
    columns = _header(cells, path, line)
    entries = [
        _row_entry(c, columns, path, n, delimiter) for n, c in rows if any(map(str.strip, c))
    ]
    if not entries:
        raise GlossaryError("no entries", path=path, hint="the file has only a header row")
    check_direction(entries, path, "swap the names of the ru and en columns")
    return entries


def _header_names(line: str, delimiter: str) -> set[str]:
    return {cell.strip().strip('"').strip().lower() for cell in line.split(delimiter)}


def _is_header(line: str, delimiter: str) -> bool:
    # Two known column names: no OmegaT line or CSV row of terms looks like that.
    return len(_header_names(line, delimiter) & set(_COLUMNS)) >= 2


def _no_header(line: str, path: Path, n: int, delimiter: str) -> GlossaryError:
    if delimiter == "\t":
        hint = "looks comma-separated; name it .csv"
    elif _is_header(line, "\t"):
        hint = "looks tab-separated; name it .tsv"
    elif "\t" in line:
        hint = "looks tab-separated; an OmegaT glossary should be named .txt or .utf8"
    elif _is_header(line, ";"):
        hint = (
            "looks semicolon-separated, as Excel saves CSV in a Russian locale; "
            "save it as CSV UTF-8 (comma delimited) or as tab-separated .tsv"
        )
    else:
        hint = f"the first row must name the columns, e.g. {_HEADER}"
    return GlossaryError(
        "the first row is not a header naming the columns", path=path, line=n, hint=hint
    )


def _csv_rows(text: str, path: Path, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """Non-empty records with the physical line each starts on (line_num is where it ends)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            message, hint = _csv_message(str(err), delimiter)
            raise GlossaryError(message, path=path, line=start, hint=hint) from None
        if cells:
            yield start, cells


def _csv_message(error: str, delimiter: str) -> tuple[str, str | None]:
    quoting = (
        "a cell with a line break, quote or separator goes in double quotes, "
        'a quote inside it written twice: ""'
    )
    if "unexpected end of data" in error:
        return "a quoted cell that starts on this row is never closed", quoting
    if "expected after" in error:
        sep = "a comma" if delimiter == "," else "a tab"
        return f"a closing quote must be followed by {sep} or the end of the line", quoting
    if "field larger than field limit" in error:
        return (
            f"a cell is longer than {csv.field_size_limit()} characters",
            "is a quote left unclosed?",
        )
    return f"cannot be read: {error}", None


def _header(cells: list[str], path: Path, line: int) -> _Columns:
    index: dict[str, int] = {}
    for i, cell in enumerate(cells):
        name = cell.strip().lower()
        if name in index:
            raise GlossaryError(f"the header has two {name!r} columns", path=path, line=line)
        if name in _COLUMNS:
            index[name] = i
    if "ru" not in index:
        raise GlossaryError(
            "the header has no 'ru' column", path=path, line=line, hint=f"e.g. {_HEADER}"
        )
    if "en" not in index and "forbidden" not in index:
        raise GlossaryError(
            "the header needs an 'en' or a 'forbidden' column",
            path=path,
            line=line,
            hint=f"e.g. {_HEADER}",
        )
    return _Columns(index, len(cells))


def _row_entry(
    cells: list[str], cols: _Columns, path: Path, line: int, delimiter: str
) -> GlossaryEntry:
    if len(cells) != cols.width:
        hint = None
        if delimiter == "," and len(cells) == 1 and "\t" in cells[0]:
            hint = "looks tab-separated; name it .tsv"
        raise GlossaryError(
            f"this row has {len(cells)} fields, the header has {cols.width}",
            path=path,
            line=line,
            hint=hint,
        )

    def cell(name: str) -> str:
        return cells[cols.index[name]] if name in cols.index else ""

    ru = _ru_term(cell("ru"), path, line)
    en, forbidden = alternatives(cell("en")), alternatives(cell("forbidden"))
    if not en and not forbidden:
        raise GlossaryError(
            f"«{ru}» has no approved (en) and no forbidden rendering", path=path, line=line
        )
    return GlossaryEntry(
        ru=ru,
        en=en,
        forbidden=forbidden,
        note=cell("note").strip(),
        pos=parse_pos(cell("pos"), path, line),
        case=parse_case(cell("case"), path, line),
        line=line,
    )


def _ru_term(value: str, path: Path, line: int) -> str:
    if not value.strip():
        raise GlossaryError("the ru cell is empty", path=path, line=line)
    if ALT in value:
        raise GlossaryError(
            f"the ru cell «{value}» has '|': it holds one term, not alternatives",
            path=path,
            line=line,
            hint="put each Russian synonym on its own row",
        )
    return value


def render_delimited(glossary: Glossary, path: Path, delimiter: str) -> bytes:
    with_case = any(e.case != "auto" for e in glossary.entries)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(["ru", "en", "forbidden", "note", "pos", *(["case"] if with_case else [])])
    for e in glossary.entries:
        check_writable(e, path)
        row = [_cell(e, (e.ru,), path), _cell(e, e.en, path), _cell(e, e.forbidden, path)]
        row = [*row, e.note, e.pos, *([e.case] if with_case else [])]
        # The csv module quotes a cell with LF but not one with a bare CR (the line ends are
        # LF), and the reader takes any CR for a line end: write CRs as the LFs read back.
        writer.writerow([cell.replace("\r\n", "\n").replace("\r", "\n") for cell in row])
    return out.getvalue().encode("utf-8")


def _cell(entry: GlossaryEntry, terms: Sequence[str], path: Path) -> str:
    for term in terms:
        if ALT in term:
            raise GlossaryError(
                f"{entry_name(entry)}: {term!r} contains '|', which CSV and TSV glossaries use "
                "between alternatives",
                path=path,
                hint="write it as .tbx, or change the term",
            )
    return ALT.join(terms)
