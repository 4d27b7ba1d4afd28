"""Glossary files: CSV and TSV with a header, OmegaT's tab-separated glossary, and TBX.

Formats, chosen by ``fmt`` or the file name (content decides for an unknown extension):

* **CSV** (``.csv``, comma) and **TSV** (``.tsv``, tab): a header row names the columns,
  ``ru,en,forbidden,note,pos`` and optionally ``case``, in any order and any letter case;
  other columns are ignored. ``ru`` is required, and ``en`` or ``forbidden``. Alternatives in
  the ``en`` and ``forbidden`` cells are separated by ``|``; each is stripped and empty ones
  are dropped. The ``ru`` cell holds one term, kept as written (lint reports stray spaces).
  Quoting follows the csv module (Excel's dialect), read in strict mode.
* **OmegaT** (``.txt``, ``.utf8``, ``.tab``; also a ``.tsv`` whose first line is not the
  header): ``source<TAB>target[<TAB>comment]``, ``#`` starts a comment line, no quoting.
  Every line is one approved rendering; lines with the same source make one entry.
* **TBX**: TBX 2008 (``<martif>``, TBX-Basic) and TBX 2019 (``<tbx>``, DCA or DCT style).
  Each concept gives one entry per Russian term. English terms are approved unless their
  administrativeStatus is deprecated or superseded; preferred ones come first.

Every reading error is a GlossaryError (or the InputError/EncodingError of decoding) naming
the file and the 1-based physical line of the row or element at fault. The reader keeps
duplicates and other doubtful but readable entries: ``sverka.glossary.lint`` reports those.

One module per format: ``delimited.py`` (CSV, TSV), ``omegat.py``, ``tbx.py``, each reading
and writing its own; ``common.py`` holds what they share (GlossaryError, the cells every reader
parses alike, the checks every writer makes). Here: the format chosen, the file read, written.

XML safety: a TBX file passes defusedxml before lxml sees it. Entity declarations, external
entities and any DTD with an internal subset (``<!DOCTYPE x [ ... ]>``) are refused. A bare
``<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">`` passes, because TBX-Basic's own samples
and translate-toolkit (so Weblate and Pootle) write one; nothing ever loads it (expat does
not, lxml runs with ``load_dtd=False, no_network=True, resolve_entities=False``), and with
no entity declared an entity reference is a parse error.
"""

from __future__ import annotations

from pathlib import Path

from sverka.errors import SverkaError
from sverka.glossary import Glossary, GlossaryKind
from sverka.io.glossary.common import FORMATS, LENIENT_POS, GlossaryError, GlossaryFormat
from sverka.io.glossary.delimited import parse_delimited, render_delimited
from sverka.io.glossary.omegat import render_omegat
from sverka.io.safe import atomic_write
from sverka.io.small import MiB, read_small
from sverka.io.text import decode, normalise

__all__ = [
    "FORMATS",
    "MAX_GLOSSARY_BYTES",
    "GlossaryError",
    "GlossaryFormat",
    "read_glossary",
    "write_glossary",
]

_SUFFIXES: dict[str, GlossaryFormat] = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".txt": "omegat",
    ".utf8": "omegat",
    ".tab": "omegat",
    ".tbx": "tbx",
}
_HINT_FORMATS = "name it .csv, .tsv, .txt or .utf8 (OmegaT) or .tbx"


# -- reading -----------------------------------------------------------------------------------


def read_glossary(
    path: str | Path,
    *,
    kind: GlossaryKind = "terms",
    fmt: GlossaryFormat | None = None,
    for_lint: bool = False,
) -> Glossary:
    """Read a glossary file strictly; raise SverkaError naming the file and line.

    ``fmt`` (csv, tsv, omegat, tbx) overrides the extension; for reading, tsv and omegat
    are the same: the header line decides. Duplicates are kept for ``lint`` to report, and
    with ``for_lint`` so is an unknown part of speech (lint names every one, not the first).
    """
    token = LENIENT_POS.set(for_lint)
    try:
        return _read_glossary(Path(path), kind, fmt)
    finally:
        LENIENT_POS.reset(token)


def _read_glossary(path: Path, kind: GlossaryKind, fmt: GlossaryFormat | None) -> Glossary:
    data = _read_bytes(path)
    form = _format_to_read(path, data, fmt)
    skipped: list[str] = []
    if form == "tbx":
        # imported here: lxml and defusedxml cost 0.05-0.08 s of every start that reads a
        # CSV glossary (sverka check with the bundled ones), before anything else can run
        from sverka.io.glossary.tbx import parse_tbx

        entries = parse_tbx(data, path, skipped)
    else:
        text = normalise(decode(data, path=path)[0])
        entries = parse_delimited(text, path, "," if form == "csv" else "\t")
    return Glossary(path=path, entries=tuple(entries), kind=kind, warnings=tuple(skipped))


# A glossary is read whole and every Russian term's word forms are made when it loads: 64 MiB
# is about a million CSV rows, far more than any term base a reviewer is given (the bundled
# ones are under 100 KB), while /dev/zero or an endless pipe given as -g stops there.
MAX_GLOSSARY_BYTES = 64 * MiB


def _read_bytes(path: Path) -> bytes:
    return read_small(path, limit=MAX_GLOSSARY_BYTES, what="a glossary", regular_only=False)


def _check_format(fmt: str, path: Path) -> GlossaryFormat:
    if fmt not in FORMATS:
        raise SverkaError(
            f"unknown glossary format {fmt!r}", path=path, hint="use " + ", ".join(FORMATS)
        )
    return fmt  # checked just above


def _format_to_read(path: Path, data: bytes, fmt: str | None) -> GlossaryFormat:
    if fmt is not None:
        return _check_format(fmt, path)
    if path.suffix.lower() in _SUFFIXES:
        return _SUFFIXES[path.suffix.lower()]
    text = decode(data, path=path)[0].lstrip()
    lines = (line for line in text.split("\n") if line.strip() and not line.startswith("#"))
    first = next(lines, "")  # OmegaT files open with a # comment line
    if text.startswith("<"):
        return "tbx"
    if "\t" in first:
        return "tsv"
    if "," in first:
        return "csv"
    raise GlossaryError("cannot tell which glossary format this is", path=path, hint=_HINT_FORMATS)


# -- writing -----------------------------------------------------------------------------------


def write_glossary(
    glossary: Glossary, path: str | Path, *, fmt: GlossaryFormat | None = None
) -> list[str]:
    """Write ``glossary`` atomically; return warnings about what the format cannot hold.

    The format comes from ``fmt`` or the extension: .csv, .tsv, .txt/.utf8/.tab (OmegaT),
    .tbx (TBX-Basic). CSV, TSV and TBX hold everything. OmegaT holds approved renderings
    only: **forbidden renderings are lost**, entries with none approved are left out, and
    parts of speech and case rules are dropped; each loss is one warning. An entry the format
    cannot hold at all (a '|' inside a CSV alternative, a tab inside an OmegaT term) raises
    GlossaryError naming the entry, and nothing is written.
    """
    path = Path(path)
    form = _format_to_write(path, fmt)
    if not glossary.entries:
        raise GlossaryError("no entries to write", path=path)
    warnings: list[str] = []
    if form == "tbx":
        from sverka.io.glossary.tbx import render_tbx

        data = render_tbx(glossary, path)
    elif form == "omegat":
        data, warnings = render_omegat(glossary, path)
    else:
        data = render_delimited(glossary, path, "," if form == "csv" else "\t")
    atomic_write(path, data)
    return warnings


def _format_to_write(path: Path, fmt: str | None) -> GlossaryFormat:
    if fmt is not None:
        return _check_format(fmt, path)
    suffix = path.suffix.lower()
    if suffix not in _SUFFIXES:
        raise SverkaError(
            f"cannot tell which glossary format to write from the extension {suffix or '(none)'}",
            path=path,
            hint=_HINT_FORMATS,
        )
    return _SUFFIXES[suffix]
