"""A review's set-up, kept in its review file: the glossaries, the pitfalls lists and the
checks it is reviewed with.

``sverka review RU EN -g kazakhstan-2022`` and then ``sverka review en.review.po`` must check
against the same glossary, so the set-up is part of the review. It lives in PO header fields
(any PO tool keeps them; msgfmt --check accepts them):

    X-Sverka-Glossaries: kazakhstan-2022,terms/company.csv    terminology (-g)
    X-Sverka-Pitfalls: ru-en-mt-pitfalls                      MT false friends; empty: none
    X-Sverka-Checks: number,cyrillic                          --checks, when given
    X-Sverka-Skip: length                                     --skip, when given

A field that is absent means the default (no terminology, the bundled pitfalls list, every
check). Bundled glossaries are recorded by name, files by their path relative to the review
file, and only inside the review file's folder tree: a review file must not make sverka read
files elsewhere (another person's file may name /etc/… or ../../…). Lists are one CSV row.

This module is the engine's part (no command line): what is recorded, what it names on disk.
``sverka.cli.common`` merges it with the options a command was given. A glossary named on
the command line or in code is found here too (resolve_glossary: a path or a bundled name).
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path, PurePosixPath

from sverka.errors import InputError, SverkaError
from sverka.glossary import DEFAULT_PITFALLS, Glossary
from sverka.io.po import HEADER_CHECKS, HEADER_GLOSSARIES, HEADER_PITFALLS, HEADER_SKIP
from sverka.review import ReviewDoc


def bundled_glossaries() -> dict[str, Path]:
    """Glossaries that ship with sverka, by name (the file name without .csv)."""
    folder = resources.files("sverka") / "bundled"
    return {
        Path(p.name).stem: Path(str(p))
        for p in folder.iterdir()
        if p.name.endswith((".csv", ".tsv", ".tbx"))
    }


def resolve_glossary(name: str) -> Path:
    """A path as given, or the name of a bundled glossary (kazakhstan-2022)."""
    path = Path(name)
    if path.exists() or path.suffix or "/" in name:
        return path
    bundled = bundled_glossaries()
    if name in bundled:
        return bundled[name]
    raise SverkaError(
        f"{name}: no such file or bundled glossary", hint="bundled: " + ", ".join(sorted(bundled))
    )


def load_glossaries(
    terms: tuple[str, ...], pitfalls: tuple[str, ...], default_pitfalls: bool
) -> list[Glossary]:
    """Terminology and pitfalls lists by path or bundled name (the bundled pitfalls list too
    when ``default_pitfalls``); each glossary's warnings (skipped terms) are on it."""
    from sverka.io.glossary import read_glossary

    names = list(pitfalls)
    if default_pitfalls and DEFAULT_PITFALLS not in names:
        names.append(DEFAULT_PITFALLS)
    out = [read_glossary(resolve_glossary(g), kind="terms") for g in terms]
    out += [read_glossary(resolve_glossary(g), kind="pitfalls") for g in names]
    return out


@dataclass(frozen=True)
class ReviewSetup:
    """What a review is checked with. Glossaries are bundled names or paths relative to the
    review file (as recorded); ``checks`` None means every check."""

    glossaries: tuple[str, ...] = ()
    pitfalls: tuple[str, ...] = (DEFAULT_PITFALLS,)
    checks: tuple[str, ...] | None = None
    skip: tuple[str, ...] = ()

    def describe(self) -> str:
        """For the reviewer: which glossaries are in force (and a choice of checks)."""
        text = "glossaries: " + (", ".join(self.glossaries) or "none")
        text += "; pitfalls: " + (", ".join(self.pitfalls) or "none")
        if self.checks is not None:
            text += "; checks: " + ",".join(self.checks)
        if self.skip:
            text += "; skipped: " + ",".join(self.skip)
        return text


def _row(value: str) -> tuple[str, ...]:
    rows = list(csv.reader(io.StringIO(value)))
    return tuple(x.strip() for x in rows[0] if x.strip()) if rows else ()


def _unrow(items: tuple[str, ...]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(items)
    return out.getvalue()


def read_setup(doc: ReviewDoc) -> ReviewSetup | None:
    """The set-up recorded in a review file's header; None when it records none."""
    head = doc.header
    if not any(k in head for k in (HEADER_GLOSSARIES, HEADER_PITFALLS, HEADER_CHECKS, HEADER_SKIP)):
        return None
    return ReviewSetup(
        glossaries=_row(head.get(HEADER_GLOSSARIES, "")),
        pitfalls=_row(head[HEADER_PITFALLS]) if HEADER_PITFALLS in head else (DEFAULT_PITFALLS,),
        checks=_row(head[HEADER_CHECKS]) if HEADER_CHECKS in head else None,
        skip=_row(head.get(HEADER_SKIP, "")),
    )


def write_setup(doc: ReviewDoc, setup: ReviewSetup) -> bool:
    """Record ``setup`` (names already as recorded_name gives them) in the document's header;
    a default part is left out. True when the header changed (the document then counts as
    changed, so the next save writes it)."""
    fields: dict[str, str] = {}
    if setup.glossaries:
        fields[HEADER_GLOSSARIES] = _unrow(setup.glossaries)
    if setup.pitfalls != (DEFAULT_PITFALLS,):
        fields[HEADER_PITFALLS] = _unrow(setup.pitfalls)
    if setup.checks is not None:
        fields[HEADER_CHECKS] = _unrow(setup.checks)
    if setup.skip:
        fields[HEADER_SKIP] = _unrow(setup.skip)
    before = {k: doc.header[k] for k in _FIELDS if k in doc.header}
    if before == fields:
        return False
    for k in _FIELDS:
        doc.header.pop(k, None)
    doc.header.update(fields)
    doc.revision += 1
    return True


_FIELDS = (HEADER_GLOSSARIES, HEADER_PITFALLS, HEADER_CHECKS, HEADER_SKIP)


def inside_folder(name: str) -> bool:
    """A name a review file may record: relative, inside its folder's tree (reading a
    recorded name also resolves links, as reviewfile.text_to_read does for the texts)."""
    if not name or "\\" in name or any(ord(c) < 32 or 127 <= ord(c) < 160 for c in name):
        return False  # a control character (an escape sequence) is no file name to show
    path = PurePosixPath(name)
    return not (path.is_absolute() or ".." in path.parts or Path(name).is_absolute())


def recorded_name(given: str, resolved: Path, po_path: Path) -> str | None:
    """How a glossary given on the command line is recorded: a bundled one by its name, a
    file by its path relative to the review file. None when the file lies outside the review
    file's folder tree (it cannot be recorded; the caller says so)."""
    bundled = bundled_glossaries()
    if given in bundled and bundled[given] == resolved:
        return given
    rel = Path(os.path.relpath(resolved.resolve(), po_path.resolve().parent)).as_posix()
    return rel if inside_folder(rel) else None


def recorded_path(name: str, po_path: Path, field: str) -> Path:
    """The file a recorded glossary name stands for: a bundled glossary, or a file inside
    the review file's folder tree. InputError (one line, exit 2) when the name leads
    outside that tree or the file is missing: checking without it would report the
    glossary's errors as none, and look like a clean review."""
    from sverka.reviewfile import OutsideError, text_to_read

    bundled = bundled_glossaries()
    if name in bundled and not Path(name).suffix:
        return bundled[name]
    outside = not inside_folder(name)
    if not outside:
        try:  # the rule of the texts the header names (X-Sverka-Source/MT), links resolved
            text_to_read(po_path, name, "glossary")
        except OutsideError:
            outside = True
    if outside:
        raise InputError(
            f"its {field} header names {name!r}, outside the review file's folder; "
            "a review file may only name files beside it or below",
            path=po_path,
            hint="give the glossary with -g instead",
        )
    path = po_path.resolve().parent / name
    if not path.is_file():
        raise InputError(
            f"the glossary {name} that this review is checked with is missing ({field}: {path})",
            path=po_path,
            hint="put it back, or give the glossaries to use with -g (and --pitfalls)",
        )
    return path


def peek_setup(po_path: Path) -> ReviewSetup | None:
    """The set-up a review file records, read from its header alone (a command needs it
    before the checks start, while the rest of a long file is still to be read). None when
    there is none, or the header cannot be read: reading the whole file then says why."""
    from sverka.io.po import parse_po

    try:
        with open(po_path, "rb") as f:
            data = f.read(1 << 16)
    except OSError:
        return None
    data = data.replace(b"\r\n", b"\n")
    start = data.find(b'msgid ""')
    end = data.find(b"\n\n", start) if start >= 0 else -1
    if end < 0:
        return None
    try:
        return read_setup(parse_po(data[:end] + b"\n", path=po_path))
    except SverkaError:  # reading the whole file says what is wrong, with its line
        return None
