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
duplicates and other doubtful but readable entries: ``lint`` reports those.

XML safety: a TBX file passes defusedxml before lxml sees it. Entity declarations, external
entities and any DTD with an internal subset (``<!DOCTYPE x [ ... ]>``) are refused. A bare
``<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">`` passes, because TBX-Basic's own samples
and translate-toolkit (so Weblate and Pootle) write one; nothing ever loads it (expat does
not, lxml runs with ``load_dtd=False, no_network=True, resolve_entities=False``), and with
no entity declared an entity reference is a parse error.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from xml.etree.ElementTree import ParseError

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser
from lxml import etree

from sverka import __version__
from sverka.errors import InputError, SverkaError
from sverka.glossary import CASE_RULES, POS, CaseRule, Glossary, GlossaryEntry, GlossaryKind
from sverka.io.safe import atomic_write
from sverka.io.small import MiB, read_small
from sverka.io.text import cyrillic_share, decode, normalise

__all__ = [
    "FORMATS",
    "GlossaryError",
    "GlossaryFormat",
    "LintProblem",
    "lint",
    "read_glossary",
    "write_glossary",
]

GlossaryFormat = Literal["csv", "tsv", "omegat", "tbx"]
FORMATS: tuple[GlossaryFormat, ...] = ("csv", "tsv", "omegat", "tbx")


class GlossaryError(SverkaError):
    """A glossary file that cannot be read or written as it stands."""


_SUFFIXES: dict[str, GlossaryFormat] = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".txt": "omegat",
    ".utf8": "omegat",
    ".tab": "omegat",
    ".tbx": "tbx",
}
_HINT_FORMATS = "name it .csv, .tsv, .txt or .utf8 (OmegaT) or .tbx"
_COLUMNS = ("ru", "en", "forbidden", "note", "pos", "case")
_HEADER = "ru,en,forbidden,note,pos"
_ALT = "|"
# TBX picklist names (and a few obvious spellings) for sverka's parts of speech.
_POS_ALIASES = {
    "adjective": "adj",
    "adverb": "adv",
    "propernoun": "name",
    "proper noun": "name",
    "abbreviation": "abbr",
}


_LENIENT_POS: ContextVar[bool] = ContextVar("lenient_pos", default=False)

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
    token = _LENIENT_POS.set(for_lint)
    try:
        return _read_glossary(Path(path), kind, fmt)
    finally:
        _LENIENT_POS.reset(token)


def _read_glossary(path: Path, kind: GlossaryKind, fmt: GlossaryFormat | None) -> Glossary:
    data = _read_bytes(path)
    form = _format_to_read(path, data, fmt)
    skipped: list[str] = []
    if form == "tbx":
        entries = _parse_tbx(data, path, skipped)
    else:
        text = normalise(decode(data, path=path)[0])
        entries = _parse_delimited(text, path, "," if form == "csv" else "\t")
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
    return fmt  # type: ignore[return-value]  # checked just above


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


# -- CSV and TSV -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Columns:
    index: dict[str, int]  # known column name -> position
    width: int


def _parse_delimited(text: str, path: Path, delimiter: str) -> list[GlossaryEntry]:
    lines = text.split("\n")
    first = next(n for n, line in enumerate(lines, 1) if line.strip())  # decode refuses blank
    if not _is_header(lines[first - 1], delimiter):
        if delimiter == "\t" and not _is_header(lines[first - 1], ","):
            return _parse_omegat(lines, path)
        raise _no_header(lines[first - 1], path, first, delimiter)
    rows = _csv_rows(text, path, delimiter)
    line, cells = next(rows)
    columns = _header(cells, path, line)
    entries = [
        _row_entry(c, columns, path, n, delimiter) for n, c in rows if any(map(str.strip, c))
    ]
    if not entries:
        raise GlossaryError("no entries", path=path, hint="the file has only a header row")
    _check_direction(entries, path, "swap the names of the ru and en columns")
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
    en, forbidden = _alternatives(cell("en")), _alternatives(cell("forbidden"))
    if not en and not forbidden:
        raise GlossaryError(
            f"«{ru}» has no approved (en) and no forbidden rendering", path=path, line=line
        )
    return GlossaryEntry(
        ru=ru,
        en=en,
        forbidden=forbidden,
        note=cell("note").strip(),
        pos=_pos(cell("pos"), path, line),
        case=_case(cell("case"), path, line),
        line=line,
    )


def _ru_term(value: str, path: Path, line: int) -> str:
    if not value.strip():
        raise GlossaryError("the ru cell is empty", path=path, line=line)
    if _ALT in value:
        raise GlossaryError(
            f"the ru cell «{value}» has '|': it holds one term, not alternatives",
            path=path,
            line=line,
            hint="put each Russian synonym on its own row",
        )
    return value


def _alternatives(cell: str) -> tuple[str, ...]:
    return tuple(alt.strip() for alt in cell.split(_ALT) if alt.strip())


def _pos(value: str, path: Path, line: int | None) -> str:
    name = value.strip().lower()
    name = _POS_ALIASES.get(name, name)
    if name and name not in POS and not _LENIENT_POS.get():
        raise GlossaryError(
            f"unknown part of speech {value.strip()!r}; allowed: {', '.join(POS)}",
            path=path,
            line=line,
        )
    return name


def _case(value: str, path: Path, line: int | None) -> CaseRule:
    rule = value.strip().lower() or "auto"
    if rule not in CASE_RULES:
        raise GlossaryError(
            f"unknown case rule {value.strip()!r}; allowed: {', '.join(CASE_RULES)}",
            path=path,
            line=line,
        )
    return rule  # type: ignore[return-value]  # checked just above


def _check_direction(entries: Sequence[GlossaryEntry], path: Path, hint: str) -> None:
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


# -- OmegaT ------------------------------------------------------------------------------------


@dataclass
class _Draft:
    ru: str
    line: int
    en: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)  # the notes, looked up in O(1)


def _parse_omegat(lines: list[str], path: Path) -> list[GlossaryEntry]:
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
    _check_direction(entries, path, "sverka needs Russian terms in the first column")
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


# -- TBX ---------------------------------------------------------------------------------------

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_CONCEPTS = ("termEntry", "conceptEntry")
_LANGUAGES = ("langSet", "langSec")
_TERM_GROUPS = ("tig", "ntig", "termSec")
_STATUS_TYPES = ("administrativeStatus", "normativeAuthorization")
_STATUS = {  # administrativeStatus, without "Term-admn-sts", lower case
    "preferred": "preferred",
    "admitted": "admitted",
    "standardized": "admitted",
    "legal": "admitted",
    "regulated": "admitted",
    "deprecated": "forbidden",
    "superseded": "forbidden",
    "notrecommended": "forbidden",
    "obsolete": "forbidden",
}
_TBX_POS = {"noun": "noun", "verb": "verb", "adjective": "adj", "adverb": "adv",
            "propernoun": "name", "other": "other"}  # fmt: skip
_TERM_TYPE_POS = {"phrase": "phrase", "abbreviation": "abbr", "acronym": "abbr"}
_CASE_NOTE = "x-sverka-case"  # TBX has no case rule; written only when it is not "auto"


class _Gate(DefusedXMLParser):
    """defusedxml's parser, letting through only a DOCTYPE without an internal subset."""

    def defused_start_doctype_decl(
        self, name: str, sysid: str | None, pubid: str | None, has_internal_subset: bool
    ) -> None:
        if has_internal_subset:
            raise DTDForbidden(name, sysid, pubid)


class _Discard:
    """A parser target that builds nothing: the gate only has to see the whole file."""

    def data(self, text: str) -> None:
        """Unused; its presence makes ElementTree refuse an undeclared entity (&name;)."""


def _gate(data: bytes, path: Path) -> None:
    gate = _Gate(target=_Discard(), forbid_dtd=True, forbid_entities=True, forbid_external=True)
    hint = "sverka reads no DTDs and no XML entities, which can read local files or fill memory"
    try:
        gate.feed(data)
        gate.close()
    except DTDForbidden:
        message = "has a DTD with declarations (<!DOCTYPE ... [ ... ]>)"
    except EntitiesForbidden as err:
        message = f"declares an XML entity ({err.name})"
    except ExternalReferenceForbidden:
        message = "refers to an external XML entity"
    except ParseError as err:
        reason = str(err).rsplit(": line ", 1)[0]
        raise GlossaryError(
            f"is not well-formed XML: {reason}", path=path, line=err.position[0]
        ) from None
    except LookupError as err:  # <?xml encoding="x-mac-cyrillic"?>: no codec of that name
        raise GlossaryError(
            f"names an encoding Python does not know ({err})",
            path=path,
            line=1,
            hint="save it as UTF-8",
        ) from None
    else:
        return
    raise GlossaryError(message, path=path, line=gate.parser.CurrentLineNumber, hint=hint)


# <?xml version="1.0" encoding="..."?> at the very start (after a BOM), read as ASCII.
_XML_DECLARATION = re.compile(rb"""<\?xml\s[^>]{0,200}?\bencoding\s*=\s*(["'])([^"'>]{0,64})\1""")
_XML_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HINT_XML_UTF8 = "save it as UTF-8"


@functools.lru_cache(maxsize=64)
def _one_byte_ascii(codec: str) -> bool:
    """A code page of one byte per character whose first 128 are ASCII (cp1251, koi8-r,
    latin-1): ``<?xml`` means the same in it and in UTF-8, and no byte starts a sequence or a
    shift state (UTF-7's ``+``, ISO-2022's ESC, Shift-JIS lead bytes, HZ's ``~{``)."""
    for b in range(256):
        decoder = codecs.getincrementaldecoder(codec)()
        try:
            out = decoder.decode(bytes([b]), final=False)
        except UnicodeDecodeError:
            if b < 128:
                return False
            continue  # a byte the code page leaves undefined
        if len(out) != 1 or (b < 128 and out != chr(b)):
            return False
    return True


def _xml_as_utf8(data: bytes, path: Path) -> bytes:
    """The XML re-encoded as UTF-8, its declaration saying so, every line where it was.

    Python decodes, so that the gate (expat) and lxml parse the same bytes, and neither
    meets an encoding it handles differently or not at all: expat took UTF-7, UTF-32 and
    Shift-JIS declarations for "multi-byte encodings are not supported" (a traceback), and
    IDNA or punycode for a UnicodeError. Read: UTF-8, UTF-16 and UTF-32 with a byte-order
    mark, and a declared one-byte code page (windows-1251, koi8-r, ISO-8859-5, ...). Refused
    in one line: UTF-16/32 without a BOM, EBCDIC, and any other declared encoding.
    """
    codec = None
    for bom, name in _XML_BOMS:
        if data.startswith(bom):
            codec = name
            break
    if codec is None:
        head = data[:4]
        if b"\0" in head:
            raise GlossaryError(
                "is UTF-16 or UTF-32 without a byte-order mark", path=path, line=1,
                hint=_HINT_XML_UTF8,
            )  # fmt: skip
        if head.startswith(b"\x4c\x6f\xa7\x94"):  # "<?xm" in EBCDIC
            raise GlossaryError("is in EBCDIC", path=path, line=1, hint=_HINT_XML_UTF8)
        declared = _XML_DECLARATION.match(data)
        codec = "utf-8"
        if declared is not None:
            name = declared.group(2).decode("ascii", "replace")
            try:
                info = codecs.lookup(name)
            except (LookupError, ValueError):
                raise GlossaryError(
                    f"names an encoding Python does not know ({name[:40]!r})",
                    path=path, line=1, hint=_HINT_XML_UTF8,
                ) from None  # fmt: skip
            if info.name.startswith(("utf-16", "utf-32")):
                raise GlossaryError(
                    f"declares the encoding {name[:40]!r} but has no byte-order mark",
                    path=path, line=1, hint=_HINT_XML_UTF8,
                )  # fmt: skip
            if info.name != "utf-8" and not (
                info._is_text_encoding  # type: ignore[attr-defined]
                and info.name not in ("utf-7", "idna", "punycode", "undefined")
                and _one_byte_ascii(info.name)
            ):
                raise GlossaryError(
                    f"declares the encoding {name[:40]!r}; sverka reads XML in UTF-8, in UTF-16 "
                    "with a byte-order mark, or in a one-byte code page such as windows-1251",
                    path=path,
                    line=1,
                    hint=_HINT_XML_UTF8,
                )
            codec = info.name
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as err:
        line = data[: err.start].decode(codec, "replace").count("\n") + 1
        raise GlossaryError(
            f"does not decode as {codec.removesuffix('-sig')}: "
            + " ".join(f"0x{b:02X}" for b in err.object[err.start : err.end][:4])
            + " on this line",
            path=path, line=line, hint=_HINT_XML_UTF8,
        ) from None  # fmt: skip
    text = text.removeprefix("\ufeff")
    if codec != "utf-8":
        text = re.sub(
            r"""^(<\?xml\s[^>]{0,200}?\bencoding\s*=\s*)(["'])[^"'>]{0,64}\2""",
            r"\1\2UTF-8\2",
            text,
            count=1,
        )
    return text.encode("utf-8", "surrogatepass")


def _parse_tbx(data: bytes, path: Path, skipped: list[str] | None = None) -> list[GlossaryEntry]:
    """The entries of a TBX file. An empty ``<term/>`` (SDL MultiTerm exports have dozens)
    is skipped, and said in ``skipped`` with its line, rather than refusing the file."""
    empty: list[int] = []
    if not data.strip():
        raise InputError("is empty", path=path)
    data = _xml_as_utf8(data, path)
    _gate(data, path)
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as err:
        raise GlossaryError(
            f"is not well-formed XML: {err.msg}", path=path, line=err.lineno
        ) from None
    entity = next(root.iter(etree.Entity), None)
    if entity is not None:  # the gate refuses these first; lxml would silently drop the text
        raise GlossaryError(
            f"uses an undeclared XML entity ({entity.text})", path=path, line=entity.sourceline
        )
    if _local(root) not in ("martif", "tbx"):
        raise GlossaryError(
            f"not a TBX file (root <{_local(root)}>)",
            path=path,
            line=root.sourceline,
            hint="a TBX file's root element is <martif> (TBX 2008) or <tbx> (TBX 2019)",
        )
    entries = [
        entry
        for concept in root.iter(etree.Element)
        if _local(concept) in _CONCEPTS
        for entry in _concept(concept, path, empty)
    ]
    if not entries and empty:
        raise GlossaryError("the Russian term is empty", path=path, line=empty[0])
    if skipped is not None:
        skipped.extend(f"{path}:{n}: an empty term, skipped" for n in sorted(empty))
    if not entries:
        raise GlossaryError(
            "no entries",
            path=path,
            hint='no concept has both a Russian (xml:lang="ru") and an English term',
        )
    return entries


@dataclass
class _Term:
    text: str
    line: int
    status: str = "admitted"  # preferred | admitted | forbidden
    pos: str = ""
    term_type: str = ""
    case: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class _Language:
    terms: list[_Term] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _concept(concept: etree._Element, path: Path, empty: list[int]) -> list[GlossaryEntry]:
    notes: list[str] = []
    langs: dict[str, _Language] = {"ru": _Language(), "en": _Language()}
    for child in concept.iterchildren(etree.Element):
        if _local(child) not in _LANGUAGES:
            notes += _notes(child)
        elif (lang := _lang(child)) in langs:
            _read_language(child, langs[lang], path)
    ru, en = langs["ru"], langs["en"]
    renderings = [t for t in en.terms if t.text.strip()]
    if ru.terms and en.terms:
        empty += [t.line for t in (*ru.terms, *en.terms) if not t.text.strip()]
    ru_terms = [t for t in ru.terms if t.text.strip()]
    if not ru_terms or not renderings:
        return []  # a concept without Russian or English: other language pairs of the file
    approved = [t.text.strip() for t in renderings if t.status == "preferred"]
    approved += [t.text.strip() for t in renderings if t.status == "admitted"]
    forbidden = tuple(t.text.strip() for t in renderings if t.status == "forbidden")
    en_notes = en.notes + [n for t in renderings for n in t.notes]
    return [
        GlossaryEntry(
            ru=_ru_text(term, path),
            en=tuple(approved),
            forbidden=forbidden,
            note="\n".join(_unique([*notes, *ru.notes, *term.notes, *en_notes])),
            pos=_tbx_pos(term),
            case=_case(term.case, path, term.line),
            line=concept.sourceline or 0,
        )
        for term in ru_terms
    ]


def _read_language(section: etree._Element, into: _Language, path: Path) -> None:
    for child in section.iterchildren(etree.Element):
        if _local(child) in _TERM_GROUPS:
            into.terms.append(_term(child, path))
        else:
            into.notes += _notes(child)


def _term(group: etree._Element, path: Path) -> _Term:
    term = next((n for n in group.iter(etree.Element) if _local(n) == "term"), None)
    text = _text(term) if term is not None else ""
    found = _Term(text, (term if term is not None else group).sourceline or 0)
    for node in group.iter(etree.Element):
        name, kind = _local(node), node.get("type", "")
        if name == "administrativeStatus" or (
            name in ("termNote", "admin") and kind in _STATUS_TYPES
        ):
            found.status = _status(node, path)
        elif name == "partOfSpeech" or (name == "termNote" and kind == "partOfSpeech"):
            found.pos = _text(node)
        elif name == "termType" or (name == "termNote" and kind == "termType"):
            found.term_type = _text(node)
        elif name == "termNote" and kind == _CASE_NOTE:
            found.case = _text(node)
        elif _is_note(node):
            found.notes.append(_note_text(node))
    return found


def _status(node: etree._Element, path: Path) -> str:
    value = _text(node)
    key = re.sub(r"[-_\s]", "", value).lower().removesuffix("admnsts").removesuffix("term")
    if key not in _STATUS:
        raise GlossaryError(
            f"unknown administrativeStatus {value.strip()!r}; allowed: preferredTerm-admn-sts, "
            "admittedTerm-admn-sts, deprecatedTerm-admn-sts, supersededTerm-admn-sts",
            path=path,
            line=node.sourceline,
        )
    return _STATUS[key]


def _tbx_pos(term: _Term) -> str:
    """TBX's partOfSpeech picklist to sverka's; a value TBX allows but sverka lacks is other."""
    value = re.sub(r"\s", "", term.pos).lower()
    pos = _TBX_POS.get(value) or (value if value in POS else "other" if value else "")
    if pos in ("", "other"):
        pos = _TERM_TYPE_POS.get(term.term_type.strip().lower(), pos)
    return pos


def _ru_text(term: _Term, path: Path) -> str:
    if not term.text.strip():
        raise GlossaryError("the Russian term is empty", path=path, line=term.line)
    return term.text


def _notes(element: etree._Element) -> list[str]:
    return [_note_text(n) for n in element.iter(etree.Element) if _is_note(n)]


def _note_text(node: etree._Element) -> str:
    """A note's text without the file's indentation: a note laid out on lines of its own
    (its text starts with a line break) has each line stripped; a line break inside the
    note stays, and so does a note written inline."""
    text = _text(node)
    if not re.match(r"[ \t]*\r?\n", text):
        return text.strip()
    return "\n".join(line.strip(" \t\r") for line in text.strip().split("\n"))


def _is_note(node: etree._Element) -> bool:
    name = _local(node)
    return name == "note" or (name == "descrip" and node.get("type") == "definition")


def _unique(items: Iterable[str]) -> list[str]:
    return [s for s in dict.fromkeys(items) if s]


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _lang(element: etree._Element) -> str:
    tag = element.get(_XML_LANG) or element.get("lang") or ""
    return re.split(r"[-_]", tag.strip().lower(), maxsplit=1)[0]


def _text(element: etree._Element) -> str:
    return unicodedata.normalize("NFC", "".join(element.itertext()))


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
        data = _render_tbx(glossary, path)
    elif form == "omegat":
        data, warnings = _render_omegat(glossary, path)
    else:
        data = _render_delimited(glossary, path, "," if form == "csv" else "\t")
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


def _name(entry: GlossaryEntry) -> str:
    return f"«{entry.ru}»" + (f" (line {entry.line})" if entry.line else "")


def _check_writable(entry: GlossaryEntry, path: Path) -> None:
    if not entry.ru.strip():
        raise GlossaryError(f"an entry has an empty Russian term {_name(entry)}", path=path)
    if not entry.en and not entry.forbidden:
        raise GlossaryError(f"{_name(entry)} has no approved and no forbidden rendering", path=path)


def _render_delimited(glossary: Glossary, path: Path, delimiter: str) -> bytes:
    with_case = any(e.case != "auto" for e in glossary.entries)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(["ru", "en", "forbidden", "note", "pos", *(["case"] if with_case else [])])
    for e in glossary.entries:
        _check_writable(e, path)
        row = [_cell(e, (e.ru,), path), _cell(e, e.en, path), _cell(e, e.forbidden, path)]
        row = [*row, e.note, e.pos, *([e.case] if with_case else [])]
        # The csv module quotes a cell with LF but not one with a bare CR (the line ends are
        # LF), and the reader takes any CR for a line end: write CRs as the LFs read back.
        writer.writerow([cell.replace("\r\n", "\n").replace("\r", "\n") for cell in row])
    return out.getvalue().encode("utf-8")


def _cell(entry: GlossaryEntry, terms: Sequence[str], path: Path) -> str:
    for term in terms:
        if _ALT in term:
            raise GlossaryError(
                f"{_name(entry)}: {term!r} contains '|', which CSV and TSV glossaries use "
                "between alternatives",
                path=path,
                hint="write it as .tbx, or change the term",
            )
    return _ALT.join(terms)


_OMEGAT_HEADER = "# Glossary in tab-separated format -*- coding: utf-8 -*-"


def _render_omegat(glossary: Glossary, path: Path) -> tuple[bytes, list[str]]:
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
                f"{_name(entry)}: {term!r} has a tab or a line break, which OmegaT format "
                "cannot hold",
                path=path,
                hint=hint,
            )
    if entry.ru.startswith("#"):
        raise GlossaryError(
            f"{_name(entry)} starts with '#', which OmegaT reads as a comment", path=path, hint=hint
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


# TBX partOfSpeech picklist for sverka's parts of speech; phrase and abbr go to termType.
# "participle" has no TBX-Basic value and is written as it is (read back by sverka).
_POS_TO_TBX = {"noun": "noun", "verb": "verb", "adj": "adjective", "adv": "adverb",
               "name": "properNoun", "other": "other", "participle": "participle"}  # fmt: skip
_POS_TO_TERM_TYPE = {"phrase": "phrase", "abbr": "abbreviation"}


def _render_tbx(glossary: Glossary, path: Path) -> bytes:
    root = etree.Element("martif", {"type": "TBX-Basic", _XML_LANG: "ru"})
    header = etree.SubElement(root, "martifHeader")
    source = etree.SubElement(etree.SubElement(header, "fileDesc"), "sourceDesc")
    etree.SubElement(source, "p").text = f"sverka {__version__}"
    encoding = etree.SubElement(header, "encodingDesc")
    etree.SubElement(encoding, "p", type="XCSURI").text = "TBXBasicXCSV02.xcs"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for n, e in enumerate(glossary.entries, 1):
        _check_writable(e, path)
        for term in (e.ru, *e.en, *e.forbidden):
            if not _xml(term).strip():  # it would be read back as no term at all
                raise GlossaryError(
                    f"{_name(e)}: {term!r} has nothing but characters XML cannot hold",
                    path=path,
                    hint="write it as .csv or .tsv, or change the term",
                )
        _tbx_entry(etree.SubElement(body, "termEntry", id=f"c{n}"), e)
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)


def _tbx_entry(entry: etree._Element, e: GlossaryEntry) -> None:
    sub = etree.SubElement
    if e.note:
        sub(entry, "note").text = _xml(e.note)
    tig = sub(sub(entry, "langSet", {_XML_LANG: "ru"}), "tig")
    sub(tig, "term").text = _xml(e.ru)
    if e.pos in _POS_TO_TERM_TYPE:
        sub(tig, "termNote", type="termType").text = _POS_TO_TERM_TYPE[e.pos]
    elif e.pos:
        sub(tig, "termNote", type="partOfSpeech").text = _POS_TO_TBX.get(e.pos, e.pos)
    if e.case != "auto":
        sub(tig, "termNote", type=_CASE_NOTE).text = e.case
    english = sub(entry, "langSet", {_XML_LANG: "en"})
    statuses = [("admitted" if i else "preferred") + "Term-admn-sts" for i in range(len(e.en))]
    statuses += ["deprecatedTerm-admn-sts"] * len(e.forbidden)
    for term, status in zip((*e.en, *e.forbidden), statuses, strict=True):
        en_tig = sub(english, "tig")
        sub(en_tig, "term").text = _xml(term)
        sub(en_tig, "termNote", type="administrativeStatus").text = status


def _xml(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (there is no escape for them)."""
    return _NOT_XML.sub("", text)


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
