"""Property tests for issue 8, "Nothing lost, nothing let in": writers and readers give back
any Unicode text, and the aligner covers any input.

What is proven, for every input the strategies below can draw:

* **PO review files.** ``render_po`` then ``read_po`` gives back every field of every live
  and obsolete entry exactly: Russian, MT, English, the msgctxt id (and so the paragraph),
  reviewed, ignore marks, confidence, line start, the Russian and English source lines (file
  names with spaces, quotes and Cyrillic included), the source and MT file references, and
  other tools' header fields. Notes come back as PO translator comments can hold them (see
  ``note_as_read``); a file whose notes are already so is saved back byte for byte. polib,
  an independent reader, reads the same msgctxt, msgid, msgstr, fuzzy flag and obsolete
  entries; GNU ``msgfmt --check-format`` accepts the file.
* **TMX and XLIFF.** The standard library's XML parser (expat, not the lxml that wrote them)
  reads back each unit's Russian, English and notes exactly as the document holds them,
  tabs, CRs, newlines and edge spaces included, less only the characters XML 1.0 cannot hold
  (removed, as ``sverka.export`` promises); units appear for exactly the entries promised,
  in order, with unique non-empty ids and the promised states.
* **Text export.** Every non-blank English appears once, stripped, in order, separated as
  the docstring of ``export_text`` says, and nothing else appears.
* **Glossaries.** CSV, TSV and TBX give back every field; OmegaT gives back what it can hold
  and warns about each kind of loss; ``sverka glossary convert`` through CSV, TBX and TSV
  changes nothing. What the readers normalise (NFC, line ends) and refuse is derived from
  their documented rules, next to each strategy.
* **Aligner.** For any two lists of sentences (any Unicode, empty sentences, either or both
  sides empty, any paragraph numbers, any cost switches, sizes that force the band to widen
  and the coarse pass to run, 10,000 against 1, and a text past the dictionary prefix) the
  beads are a valid cover: every sentence of each side exactly once and in order, no empty
  bead, each bead of an allowed type, each confidence a number in [0, 1].

Not repeated here: ``tests/engine/test_align.py`` already covers a restricted alphabet with
monotone paragraphs, 1 against 10,000, and the small degenerate sizes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import math
import random
import re
import subprocess
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from sverka.align import AlignOptions, align
from sverka.cli import main
from sverka.export import XLIFF_NS, export_text, export_tmx, export_xliff
from sverka.glossary import CASE_RULES, POS, Glossary, GlossaryEntry
from sverka.io.glossary import GlossaryError, read_glossary, write_glossary
from sverka.io.po import read_po, render_po
from sverka.io.text import EN_MAX_CYRILLIC, RU_MIN_CYRILLIC, cyrillic_share
from sverka.model import Bead, Entry, Segment
from sverka.review import FileRef, ReviewDoc

# Generated examples per property (bench/RESULTS.md records the total as "examples run");
# the @example cases (regressions and sizes that must be seen) run on top of these.
PO_EXAMPLES = 100
MSGFMT_EXAMPLES = 6  # one msgfmt process per example
EXPORT_EXAMPLES = 100
TEXT_EXPORT_EXAMPLES = 100
GLOSSARY_EXAMPLES = 60  # per format: csv, tsv, tbx
OMEGAT_EXAMPLES = 60
CONVERT_EXAMPLES = 10  # three `sverka glossary convert` runs each
ALIGN_EXAMPLES = 100
ALIGN_LONG_EXAMPLES = 8  # up to 700 x 700 sentences each
EXPLICIT_EXAMPLES = 1 + 2 * 1 + 1 + 3  # PO, CSV and TSV, TBX, long alignments
TOTAL_EXAMPLES = (
    PO_EXAMPLES
    + MSGFMT_EXAMPLES
    + EXPORT_EXAMPLES
    + TEXT_EXPORT_EXAMPLES
    + 3 * GLOSSARY_EXAMPLES
    + OMEGAT_EXAMPLES
    + CONVERT_EXAMPLES
    + ALIGN_EXAMPLES
    + ALIGN_LONG_EXAMPLES
    + EXPLICIT_EXAMPLES
)  # 671

REVISION_DATE = "2024-01-01 00:00+0000"


def examples(n: int) -> settings:
    return settings(max_examples=n, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# -- text --------------------------------------------------------------------------------------

# Pieces that break naive writers: quotes and backslashes, every kind of line break and
# space, direction marks and isolates, astral characters, combining marks, BOM and
# non-characters, C0 controls, and the syntax of each format.
TRICKY = (
    '"', "'", "\\", "\\n", '\\"', "\t", "\n", "\r", "\r\n", "\n\n", " ", "  ",
    "\u00a0", "\u202f", "\u2009", "\u3000", "\u200b", "\u00ad",
    "\u200e", "\u200f", "\u202a", "\u202e", "\u202c", "\u2066", "\u2068", "\u2069", "\u061c",
    "\U0001f600", "\U0001d400", "\U0001f1f7\U0001f1fa", "\U0001f469\u200d\U0001f52c",
    "\U00020000", "\U0010fffd",
    "e\u0301", "\u0301", "\u0418\u0306", "\u0419", "\u212b", "\u2000",
    "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x07", "\x08", "\x1b", "\x1c", "\x7f",
    "\x01", "\x04", "\x00", "\ufeff", "\ufffe", "\uffff", "\ufffd",
    "#", "#.", "#~", "#,", "#:", "msgid", "msgstr", '""', "%s", "%d",
    "&", "<", ">", "]]>", "&amp;", "<x/>", "&#13;",
    "|", ",", ";", "=", ":", "«", "»", "—", "…",
    "Привет", "мир", "Москва", "Hello", "world.", "1,5", "12:30", "КНБ",
)  # fmt: skip
SURROGATES = ("\ud800", "\udfff")  # lone halves of a pair: only the XML exports take them


def unicode_text(drop: str = "", *, surrogates: bool = False) -> st.SearchStrategy[str]:
    """Any text (hypothesis's own, surrogates excluded) or a run of tricky pieces, with the
    characters in ``drop`` removed."""
    pieces = st.sampled_from(TRICKY + SURROGATES if surrogates else TRICKY)
    runs = st.lists(st.one_of(pieces, st.text(max_size=5)), max_size=8).map("".join)
    text = st.one_of(st.text(max_size=24), runs)
    if drop:
        table = str.maketrans("", "", drop)
        text = text.map(lambda s: s.translate(table))
    return text


def is_xml_char(c: str) -> bool:
    """XML 1.0's Char production (section 2.2)."""
    n = ord(c)
    return (
        n in (0x9, 0xA, 0xD)
        or 0x20 <= n <= 0xD7FF
        or 0xE000 <= n <= 0xFFFD
        or 0x10000 <= n <= 0x10FFFF
    )


def xml_clean(s: str) -> str:
    """What an XML file can hold of ``s``: the exporters promise to remove the rest."""
    return "".join(c for c in s if is_xml_char(c))


# -- PO review files ---------------------------------------------------------------------------

# NUL is the one character left out: PO strings are C strings (gettext cannot hold NUL), and
# read_po refuses any file with a NUL byte as binary. Lone surrogates are left out by
# hypothesis already: UTF-8 cannot encode them. Everything else goes in, \r included.
PO_DROP = "\x00"
po_text = unicode_text(PO_DROP)

# Check codes for "ignore=": they sit in a space-separated "#. sverka:" token list, comma
# separated, so a code has no whitespace and no comma (the real ones are like "number" or
# "term-missing:банк", made safe by the checks).
codes = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters=",\x00").filter(
        lambda c: not c.isspace()
    ),
    min_size=1,
    max_size=12,
)

# File names as the header ("X-Sverka-Source: name sha256:...") and the "#:" references
# hold them: spaces, quotes, backslashes, Cyrillic and RTL marks are fine. Left out: line
# breaks and control characters (a header field is one line), whitespace at either end
# (header values are trimmed, as gettext's are), and ':' (the reference's line separator;
# Windows and macOS refuse it in names too).
NAME_PIECES = (
    "статья", "article", " ", "my file", "\u00a0", '"', "\\", "#", "МИД", "ru", "en", "-",
    "1", "(2)", "\u200f", "\U0001f600", "sha256", "a b",
)  # fmt: skip
file_names = st.lists(
    st.one_of(
        st.sampled_from(NAME_PIECES),
        st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=4),
    ),
    max_size=5,
).map(lambda parts: ("".join(parts).replace(":", "") + ".txt").strip())


def file_ref(name: str) -> FileRef:
    return FileRef(name, hashlib.sha256(name.encode()).hexdigest())


@st.composite
def po_entries(draw: st.DrawFn, k: int, doc: ReviewDoc, text: st.SearchStrategy[str]) -> Entry:
    """The ``k``-th entry: its id is sverka's p<para>.s<k>, then any text (split beads add
    "-2"; other tools' ids are anything), so ids are unique and say the paragraph."""
    para = draw(st.integers(0, 998))
    suffix = draw(st.one_of(st.sampled_from(("", "-2")), text))
    lines = st.lists(st.integers(0, 10**6), max_size=3).map(tuple)
    return Entry(
        id=f"p{para + 1:03d}.s{k + 1:02d}{suffix}",
        ru=draw(text),
        mt=draw(text),
        en=draw(text),
        reviewed=draw(st.booleans()),
        note=draw(po_text),
        ru_lines=draw(lines) if doc.source else (),  # lines need a file to refer to
        en_lines=draw(lines) if doc.mt else (),
        para=para,
        line_start=draw(st.booleans()),
        confidence=draw(st.integers(0, 100)) / 100,  # the file keeps two decimals
        ignored=tuple(draw(st.lists(codes, max_size=3))),
    )


@st.composite
def review_docs(draw: st.DrawFn, text: st.SearchStrategy[str] = po_text) -> ReviewDoc:
    source = draw(st.none() | file_names.map(file_ref))
    mt = draw(st.none() | file_names.map(file_ref))
    assume(source is None or mt is None or source.path != mt.path)  # two different files
    # Other tools' header fields: one line each, trimmed (a header value is "Key: value").
    values = text.map(lambda s: s.replace("\n", " ").strip())
    header = draw(st.dictionaries(st.from_regex(r"X-Tool-[A-Za-z]{1,6}", fullmatch=True), values,
                                  max_size=2))  # fmt: skip
    doc = ReviewDoc([], source=source, mt=mt, header=header)
    doc.entries = [draw(po_entries(k, doc, text)) for k in range(draw(st.integers(0, 6)))]
    doc.obsolete = [draw(po_entries(k, doc, text)) for k in range(draw(st.integers(0, 2)))]
    return doc


def note_as_read(note: str) -> str:
    """A note as PO translator comments hold it: one "# " line per line of the note, which
    has no escapes in gettext, so a CR is a line break like LF, and blanks at the end of a
    line or of the note are not kept (the reader strips each line, as editors and gettext
    tools do). Everything inside a line is kept."""
    lines = note.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def as_read(e: Entry) -> Entry:
    return dataclasses.replace(e, note=note_as_read(e.note))


def polib_view(s: str) -> str:
    """polib 1.2 does not know gettext's \\a escape (BEL) and keeps it as written."""
    return s.replace("\x07", "\\a")


def write_po(doc: ReviewDoc, folder: str) -> tuple[Path, str]:
    text = render_po(doc, revision_date=REVISION_DATE)
    path = Path(folder) / "review.po"
    path.write_bytes(text.encode("utf-8"))
    return path, text


@examples(PO_EXAMPLES)
@given(review_docs())
@example(  # each once lost: MT ending in a space, a note with CRs, names with spaces
    ReviewDoc(
        [
            Entry(
                "p001.s01",
                "Привет",
                "Hello\u00a0",
                "Hello",
                note="one\r\ntwo\rthree",
                ru_lines=(3,),
                en_lines=(4,),
            )
        ],
        source=file_ref("статья МИД.txt"),
        mt=file_ref("my article.txt"),
    )
)
def test_po_round_trip_keeps_every_field(doc: ReviewDoc) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path, text = write_po(doc, folder)
        back = read_po(path)
        assert back.entries == [as_read(e) for e in doc.entries]
        assert back.obsolete == [as_read(e) for e in doc.obsolete]
        assert (back.source, back.mt) == (doc.source, doc.mt)
        assert doc.header.items() <= back.header.items()
        # Opening a review and saving it changes nothing (notes already as comments hold them).
        if all(e.note == note_as_read(e.note) for e in (*doc.entries, *doc.obsolete)):
            assert render_po(back, revision_date=REVISION_DATE) == text

        po = polib.pofile(str(path), encoding="utf-8")
        live = [x for x in po if not x.obsolete]
        assert len(live) == len(doc.entries)
        for e, x in zip(doc.entries, live, strict=True):
            assert x.msgctxt == polib_view(e.id)
            assert x.msgid == polib_view(e.ru)
            assert x.msgstr == polib_view(e.en)
            assert ("fuzzy" in x.flags) == (not e.reviewed)
        old = po.obsolete_entries()
        assert [(x.msgid, x.msgstr) for x in old] == [
            (polib_view(e.ru), polib_view(e.en)) for e in doc.obsolete
        ]


# msgfmt checks more than the format: it refuses EOT (\x04), the msgctxt separator of
# compiled catalogues, and a msgid and msgstr that do not both begin and both end with \n
# (a rule for program messages). Sentences never begin or end with a line break, and EOT is
# no text, so the texts here lose those; the round trip above covers them.
msgfmt_text = unicode_text(PO_DROP + "\x04").map(lambda s: s.strip("\n"))


@examples(MSGFMT_EXAMPLES)
@given(review_docs(msgfmt_text))
def test_po_files_pass_msgfmt(doc: ReviewDoc) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path, _ = write_po(doc, folder)
        run = subprocess.run(
            ["msgfmt", "--check-format", "-o", "/dev/null", str(path)],
            capture_output=True,
            text=True,
        )
        assert run.returncode == 0, run.stderr


# -- TMX, XLIFF and text exports ---------------------------------------------------------------

# Everything goes in, NUL and lone surrogates included: the exporters promise to remove what
# XML 1.0 cannot hold and to keep everything else.
export_text_st = unicode_text(surrogates=True)
ids = st.one_of(st.sampled_from(("", "p001.s01", "p001.s01.2", "\x00")), export_text_st)


@st.composite
def export_docs(draw: st.DrawFn) -> ReviewDoc:
    entries = draw(
        st.lists(
            st.builds(
                Entry,
                id=ids,  # empty, repeated, or nothing XML can hold: ids must still be unique
                ru=export_text_st,
                mt=export_text_st,
                en=export_text_st,
                reviewed=st.booleans(),
                note=export_text_st,
            ),
            max_size=6,
        )
    )
    source = draw(st.none() | export_text_st.map(lambda s: FileRef(s, "")))
    return ReviewDoc(entries, source=source)


def x(tag: str) -> str:
    return f"{{{XLIFF_NS}}}{tag}"


def unit_ids_are_sound(entries: list[Entry], kept: list[Entry], uids: list[str]) -> None:
    assert all(uids) and len(set(uids)) == len(uids)
    first: dict[str, Entry] = {}
    for e in entries:
        first.setdefault(xml_clean(e.id), e)
    for e, uid in zip(kept, uids, strict=True):
        if xml_clean(e.id) and first[xml_clean(e.id)] is e:
            assert uid == xml_clean(e.id), "an entry's own id is kept where it is unique"


@examples(EXPORT_EXAMPLES)
@given(export_docs())
def test_xliff_and_tmx_keep_every_character_xml_can_hold(doc: ReviewDoc) -> None:
    root = ET.fromstring(export_xliff(doc))
    units = list(root.iter(x("trans-unit")))
    kept = [e for e in doc.entries if xml_clean(e.ru).strip()]  # a unit needs some Russian
    assert len(units) == len(kept)
    (file,) = root.iter(x("file"))
    named = doc.source and doc.source.path
    assert file.get("original") == (xml_clean(doc.source.path) if named else "source")
    for e, unit in zip(kept, units, strict=True):
        assert unit.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
        assert unit.find(x("source")).text == xml_clean(e.ru)
        target = unit.find(x("target"))
        assert (target.text or "") == xml_clean(e.en)
        if e.reviewed:
            assert (unit.get("approved"), target.get("state")) == ("yes", "translated")
        else:
            assert unit.get("approved") is None
            wanted = "needs-review-translation" if xml_clean(e.en) else "needs-translation"
            assert target.get("state") == wanted
        notes = {n.get("from"): n.text or "" for n in unit.findall(x("note"))}
        assert ("reviewer" in notes) == bool(e.note)
        if e.note:
            assert notes["reviewer"] == xml_clean(e.note)
        assert ("sverka" in notes) == (e.en != e.mt)
        if e.en != e.mt:
            assert notes["sverka"] == "MT: " + (xml_clean(e.mt) or "(none)")
    unit_ids_are_sound(doc.entries, kept, [u.get("id") for u in units])

    root = ET.fromstring(export_tmx(doc, include_unreviewed=True))
    tus = list(root.iter("tu"))
    kept = [e for e in doc.entries if xml_clean(e.ru).strip() and xml_clean(e.en).strip()]
    assert len(tus) == len(kept)
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    for e, tu in zip(kept, tus, strict=True):
        segs = {tuv.get(lang): tuv.find("seg").text for tuv in tu.iter("tuv")}
        assert segs == {"ru-RU": xml_clean(e.ru), "en": xml_clean(e.en)}
        props = {p.get("type"): p.text for p in tu.iter("prop")}
        assert props["x-sverka-state"] == ("reviewed" if e.reviewed else "needs-review")
        assert props["x-sverka-changed"] == ("yes" if e.en != e.mt else "no")
        notes = [n.text or "" for n in tu.iter("note")]
        assert notes == ([xml_clean(e.note)] if e.note else [])
    unit_ids_are_sound(doc.entries, kept, [tu.get("tuid") for tu in tus])


@st.composite
def layout_docs(draw: st.DrawFn) -> ReviewDoc:
    """Entries in paragraphs (a run of equal ``para``), some starting a line, some emptied."""
    n = draw(st.integers(0, 10))
    paras = sorted(draw(st.lists(st.integers(0, 3), min_size=n, max_size=n)))
    return ReviewDoc(
        [
            Entry(
                id=f"p{p + 1:03d}.s{k + 1:02d}",
                ru="ру",
                mt="mt",
                en=draw(st.one_of(po_text, st.sampled_from(("", " ", "\n")))),
                para=p,
                line_start=draw(st.booleans()),
            )
            for k, p in enumerate(paras)
        ]
    )


@examples(TEXT_EXPORT_EXAMPLES)
@given(layout_docs())
def test_text_export_has_every_english_once_in_order_and_nothing_else(doc: ReviewDoc) -> None:
    """export_text's promise, read off its docstring: each non-blank English, stripped, in
    order; paragraphs apart by one blank line; inside one a space, or a line break where an
    entry (or an emptied one before it) starts a line; one newline at the end."""
    out = export_text(doc)
    expected: list[str] = []
    prev_para: int | None = None
    line_due = para_started = False
    for e in doc.entries:
        if e.para != prev_para:
            prev_para, line_due, para_started = e.para, False, False
        line_due = line_due or e.line_start
        if not e.en.strip():
            continue
        if expected and not para_started:
            expected.append("\n\n")
        elif para_started:
            expected.append("\n" if line_due else " ")
        expected.append(e.en.strip())
        para_started, line_due = True, False
    assert out == ("".join(expected) + "\n" if expected else "")


# -- glossaries --------------------------------------------------------------------------------

# What the readers refuse or normalise, from their documented rules:
# * every reader decodes and normalises text as io.text does: NFC, and CR or CRLF to LF
#   (TBX: NFC only; XML keeps a CR written as &#13;);
# * the delimited readers sniff for binary files: NUL, or a share of C0 controls, makes the
#   file "binary", so those controls are left out of CSV, TSV and OmegaT text (TBX keeps
#   them in: the writer removes what XML cannot hold); lone surrogates cannot be UTF-8;
# * a Russian term is one non-blank term, kept as written; renderings and notes are
#   stripped, and an empty rendering is dropped, so the strategy draws them stripped;
# * CSV and TSV put '|' between alternatives, so a term holds none (a note may);
#   OmegaT has no quoting: no tab or line break in a term, and no '#' opening a line;
# * a glossary whose terms look English and renderings Russian is refused as reversed.
BINARY_SNIFFED = "".join(map(chr, [*range(0x00, 0x09), *range(0x0E, 0x1A), *range(0x1C, 0x20)]))
DELIMITED_DROP = BINARY_SNIFFED
PLACEHOLDER_RU, PLACEHOLDER_EN = "термин", "term"


@st.composite
def glossaries(draw: st.DrawFn, drop: str, term_drop: str = "") -> Glossary:
    text = unicode_text(drop, surrogates=not drop)
    term = unicode_text(drop + term_drop, surrogates=not drop)
    ru = term.map(lambda s: s if s.strip() else PLACEHOLDER_RU + s)
    rendering = term.map(lambda s: s.strip() or PLACEHOLDER_EN)
    entries = []
    for _ in range(draw(st.integers(1, 5))):
        en = tuple(draw(st.lists(rendering, max_size=3)))
        forbidden = tuple(draw(st.lists(rendering, max_size=2)))
        entries.append(
            GlossaryEntry(
                ru=draw(ru),
                en=en if en or forbidden else (PLACEHOLDER_EN,),
                forbidden=forbidden,
                note=draw(text).strip(),
                pos=draw(st.sampled_from(("", *POS))),
                case=draw(st.sampled_from(CASE_RULES)),
            )
        )
    return Glossary(path=None, entries=tuple(entries))


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def line_ends(s: str) -> str:
    return s.replace("\r\n", "\n").replace("\r", "\n")


def unlined(entries: tuple[GlossaryEntry, ...]) -> list[GlossaryEntry]:
    return [dataclasses.replace(e, line=0) for e in entries]


def mapped(
    e: GlossaryEntry, f: Callable[[str], str], ru: Callable[[str], str] | None = None
) -> GlossaryEntry:
    return dataclasses.replace(
        e,
        ru=(ru or f)(e.ru),
        en=tuple(f(t).strip() for t in e.en),
        forbidden=tuple(f(t).strip() for t in e.forbidden),
        note=f(e.note).strip(),
    )


def looks_reversed(entries: list[GlossaryEntry]) -> bool:
    ru = " ".join(e.ru for e in entries)
    en = " ".join(t for e in entries for t in (*e.en, *e.forbidden))
    return cyrillic_share(ru) < RU_MIN_CYRILLIC and cyrillic_share(en) > EN_MAX_CYRILLIC


delimited_glossaries = glossaries(DELIMITED_DROP, term_drop="|")


@examples(GLOSSARY_EXAMPLES)
@pytest.mark.parametrize("fmt", ["csv", "tsv"])
@given(g=delimited_glossaries)
# A bare CR once made the file unreadable: csv quotes LF, not CR, and the reader ends lines at CR.
@example(g=Glossary(None, (GlossaryEntry("банк\r", ("bank",), note="a\rb\r\nc"),)))
def test_csv_and_tsv_glossaries_keep_every_field(fmt: str, g: Glossary) -> None:
    expected = [mapped(e, lambda s: nfc(line_ends(s))) for e in g.entries]
    assume(not looks_reversed(expected))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"g.{fmt}"
        assert write_glossary(g, path) == []  # "CSV, TSV and TBX hold everything"
        assert unlined(read_glossary(path).entries) == expected


tbx_glossaries = glossaries("")


@examples(GLOSSARY_EXAMPLES)
@given(g=tbx_glossaries)
@example(g=Glossary(None, (GlossaryEntry("банк", ("\x08",)),)))  # once dropped silently
def test_tbx_glossaries_keep_every_field_xml_can_hold(g: Glossary) -> None:
    def clean(s: str) -> str:
        return nfc(xml_clean(s))

    expected = [mapped(e, clean) for e in g.entries]
    lost = [
        t for e in expected for t in (e.ru.strip(), *e.en, *e.forbidden) if not t
    ]  # a term of nothing but characters XML cannot hold
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "g.tbx"
        if lost:
            with pytest.raises(GlossaryError):
                write_glossary(g, path)
            assert not path.exists(), "nothing is written"
            return
        assert write_glossary(g, path) == []
        assert unlined(read_glossary(path).entries) == expected


omegat_glossaries = glossaries(DELIMITED_DROP, term_drop="\t\n\r")


@examples(OMEGAT_EXAMPLES)
@given(g=omegat_glossaries)
def test_omegat_glossaries_keep_approved_renderings_and_warn_of_every_loss(g: Glossary) -> None:
    def flat(s: str) -> str:
        return nfc(re.sub(r"[\t\n\r]+", " ", s))  # "written as spaces"

    kept = [e for e in g.entries if e.en]
    expected = [
        dataclasses.replace(mapped(e, flat, ru=nfc), forbidden=(), pos="", case="auto")
        for e in kept
    ]
    assume(expected and not looks_reversed(expected))
    assume(len({e.ru for e in expected}) == len(expected))  # lines of one source merge
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "g.txt"
        if any(e.ru.startswith("#") for e in kept):
            with pytest.raises(GlossaryError, match="comment"):
                write_glossary(g, path)
            assert not path.exists(), "nothing is written"
            return
        warnings = write_glossary(g, path)
        assert unlined(read_glossary(path).entries) == expected
    losses = [
        any(e.forbidden for e in g.entries),
        len(kept) < len(g.entries),
        any(e.pos or e.case != "auto" for e in g.entries),
        any(re.search(r"[\t\n\r]", e.note) for e in kept),
    ]
    assert len(warnings) == sum(losses), "one warning for each kind of loss, none otherwise"


@pytest.mark.parametrize(
    ("suffix", "term"),
    [
        ("csv", "bank|banks"),
        ("tsv", "bank|banks"),
        ("txt", "bank\tholding"),
        ("txt", "bank\nholding"),
        ("txt", "bank\rholding"),
        ("txt", "bank\r\nholding"),
    ],
)
@pytest.mark.parametrize("side", ["ru", "en"])
def test_a_term_the_format_cannot_hold_is_refused_and_nothing_written(
    tmp_path: Path, suffix: str, term: str, side: str
) -> None:
    entry = GlossaryEntry("банк", ("bank",))
    entry = dataclasses.replace(entry, **{side: term if side == "ru" else (term,)})
    path = tmp_path / f"g.{suffix}"
    with pytest.raises(GlossaryError):
        write_glossary(Glossary(None, (entry,)), path)
    assert not path.exists()


# Text that CSV, TSV and TBX all hold: less the C0 controls and non-characters XML cannot.
NOT_XML_EITHER = "\x0b\x0c\x1a\x1b\ufffe\uffff"


@examples(CONVERT_EXAMPLES)
@given(g=glossaries(DELIMITED_DROP + NOT_XML_EITHER, term_drop="|"))
def test_glossary_convert_through_every_full_format_changes_nothing(g: Glossary) -> None:
    assume(not looks_reversed([mapped(e, lambda s: nfc(line_ends(s))) for e in g.entries]))
    with tempfile.TemporaryDirectory() as folder:
        first = Path(folder) / "g.csv"
        write_glossary(g, first)
        original = unlined(read_glossary(first).entries)
        chain = [first, *(Path(folder) / f"g2.{ext}" for ext in ("tbx", "tsv", "csv"))]
        for source, target in itertools.pairwise(chain):
            run = CliRunner().invoke(main, ["glossary", "convert", str(source), str(target)])
            assert run.exit_code == 0, run.output
            assert unlined(read_glossary(target).entries) == original, target.suffix


# -- aligner -----------------------------------------------------------------------------------

# The bead types the aligner's docstring names: 1-1, 1-0, 0-1, 2-1, 1-2, 2-2, 1-3, 3-1.
BEAD_KINDS = {"1-1", "1-0", "0-1", "2-1", "1-2", "2-2", "1-3", "3-1"}


def segs(texts: list[str], paras: list[int]) -> list[Segment]:
    return [
        Segment(t, 0, len(t), p, k + 1) for k, (t, p) in enumerate(zip(texts, paras, strict=True))
    ]


def assert_valid_cover(beads: list[Bead], n: int, m: int) -> None:
    assert [i for b in beads for i in b.ru] == list(range(n)), "each Russian sentence once"
    assert [j for b in beads for j in b.en] == list(range(m)), "each English sentence once"
    for b in beads:
        assert b.kind in BEAD_KINDS
        assert math.isfinite(b.confidence) and 0.0 <= b.confidence <= 1.0


options = st.builds(
    AlignOptions,
    length=st.booleans(),
    anchors=st.booleans(),
    translit=st.booleans(),
    dictionary=st.booleans(),
    paragraphs=st.booleans(),
)
sentences = st.lists(unicode_text(), max_size=40)


@examples(ALIGN_EXAMPLES)
@given(ru=sentences, en=sentences, paras=st.lists(st.integers(-2, 5), max_size=40), opts=options)
def test_any_unicode_sentences_any_paragraphs_any_switches_give_a_valid_cover(
    ru: list[str], en: list[str], paras: list[int], opts: AlignOptions
) -> None:
    """Empty sentences, controls, astral characters, paragraph numbers in any order."""

    def numbered(texts: list[str]) -> list[Segment]:
        return segs(texts, [paras[k % len(paras)] if paras else 0 for k in range(len(texts))])

    assert_valid_cover(align(numbered(ru), numbered(en), opts), len(ru), len(en))


WORDS_RU = ("дом", "год", "человек", "время", "дело", "жизнь", "день", "рука", "работа", "слово",
            "место", "лицо", "друг", "вопрос")  # fmt: skip
WORDS_EN = ("house", "year", "man", "time", "matter", "life", "day", "hand", "work", "word",
            "place", "face", "friend", "question")  # fmt: skip


def text_of(n: int, words: tuple[str, ...], rng: random.Random) -> tuple[list[str], list[int]]:
    """``n`` sentences of 1-12 words, some with a number; about one in seven starts a
    paragraph."""
    texts, paras, para = [], [], 0
    for _ in range(n):
        words_ = " ".join(rng.choice(words) for _ in range(rng.randint(1, 12)))
        texts.append(words_.capitalize() + rng.choice([".", "!", "?", f" {rng.randint(1, 3000)}."]))
        para += rng.random() < 0.15
        paras.append(para)
    return texts, paras


sizes = st.one_of(st.integers(0, 60), st.integers(380, 700))


@examples(ALIGN_LONG_EXAMPLES)
@given(n=sizes, m=sizes, seed=st.integers(0, 2**32 - 1))
@example(n=450, m=420, seed=1)  # both past the coarse pass's threshold (400)
@example(n=12, m=650, seed=2)  # far off the length diagonal: the band must widen
@example(n=650, m=12, seed=3)
def test_long_and_lopsided_texts_give_a_valid_cover(n: int, m: int, seed: int) -> None:
    """Sizes that push the path off the length diagonal (the band must widen) and past the
    size where the coarse block pass sets the band."""
    rng = random.Random(seed)
    ru, en = segs(*text_of(n, WORDS_RU, rng)), segs(*text_of(m, WORDS_EN, rng))
    assert_valid_cover(align(ru, en), n, m)


def test_ten_thousand_russian_sentences_against_one_english():
    ru = segs([f"Предложение номер {k} длинного русского текста." for k in range(10_000)],
              [k // 7 for k in range(10_000)])  # fmt: skip
    assert_valid_cover(align(ru, segs(["One sentence."], [0])), 10_000, 1)


def test_a_text_past_the_dictionary_prefix_gives_a_valid_cover():
    """Over 5,000 Russian sentences the first pass aligns only a prefix to learn from."""
    rng = random.Random(8)
    ru = segs(*text_of(5_100, WORDS_RU, rng))
    en = segs(*text_of(4_600, WORDS_EN, rng))
    assert_valid_cover(align(ru, en), 5_100, 4_600)
