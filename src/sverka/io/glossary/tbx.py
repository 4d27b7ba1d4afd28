"""TBX glossaries: TBX 2008 (``<martif>``, TBX-Basic) and TBX 2019 (``<tbx>``, DCA or DCT
style) read, TBX-Basic written. Each concept gives one entry per Russian term; English terms
are approved unless their administrativeStatus is deprecated or superseded, preferred ones
first. The XML passes defusedxml's gate before lxml sees it (see the package's doc)."""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import ParseError

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser
from lxml import etree

from sverka import __version__
from sverka.errors import InputError
from sverka.glossary import POS, Glossary, GlossaryEntry
from sverka.io.glossary.common import GlossaryError, check_writable, entry_name, parse_case
from sverka.io.text import BOMS, file_codec

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
    for bom, name in BOMS:
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
                found = file_codec(name)  # None: no file's character set (rot13, UTF-7, ...)
            except LookupError:
                raise GlossaryError(
                    f"names an encoding Python does not know ({name[:40]!r})",
                    path=path, line=1, hint=_HINT_XML_UTF8,
                ) from None  # fmt: skip
            if found is not None and found.startswith(("utf-16", "utf-32")):
                raise GlossaryError(
                    f"declares the encoding {name[:40]!r} but has no byte-order mark",
                    path=path, line=1, hint=_HINT_XML_UTF8,
                )  # fmt: skip
            if found is None or (found != "utf-8" and not _one_byte_ascii(found)):
                raise GlossaryError(
                    f"declares the encoding {name[:40]!r}; sverka reads XML in UTF-8, in UTF-16 "
                    "with a byte-order mark, or in a one-byte code page such as windows-1251",
                    path=path,
                    line=1,
                    hint=_HINT_XML_UTF8,
                )
            codec = found
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


def parse_tbx(data: bytes, path: Path, skipped: list[str] | None = None) -> list[GlossaryEntry]:
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
            case=parse_case(term.case, path, term.line),
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


# "participle" has no TBX-Basic value and is written as it is (read back by sverka).
_POS_TO_TBX = {"noun": "noun", "verb": "verb", "adj": "adjective", "adv": "adverb",
               "name": "properNoun", "other": "other", "participle": "participle"}  # fmt: skip
_POS_TO_TERM_TYPE = {"phrase": "phrase", "abbr": "abbreviation"}


def render_tbx(glossary: Glossary, path: Path) -> bytes:
    root = etree.Element("martif", {"type": "TBX-Basic", _XML_LANG: "ru"})
    header = etree.SubElement(root, "martifHeader")
    source = etree.SubElement(etree.SubElement(header, "fileDesc"), "sourceDesc")
    etree.SubElement(source, "p").text = f"sverka {__version__}"
    encoding = etree.SubElement(header, "encodingDesc")
    etree.SubElement(encoding, "p", type="XCSURI").text = "TBXBasicXCSV02.xcs"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for n, e in enumerate(glossary.entries, 1):
        check_writable(e, path)
        for term in (e.ru, *e.en, *e.forbidden):
            if not _xml(term).strip():  # it would be read back as no term at all
                raise GlossaryError(
                    f"{entry_name(e)}: {term!r} has nothing but characters XML cannot hold",
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
