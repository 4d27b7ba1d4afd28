"""Exports: the corrected English as text, and the pairs as TMX and XLIFF for CAT tools.

Expected outputs are written by hand. The XML is read back with translate-toolkit (a
reference reader, GPL, used only here) and checked element by element with lxml.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from lxml import etree
from translate.storage import tmx, xliff

from sverka import __version__
from sverka.align import align
from sverka.export import export_text, export_tmx, export_xliff
from sverka.io.text import read_text
from sverka.model import Entry
from sverka.review import FileRef, ReviewDoc
from sverka.segment import split

FIXTURES = Path(__file__).parent / "fixtures" / "export"
ARTICLE = Path(__file__).resolve().parents[2] / "corpora" / "kazakhstan-2022"
XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
X = {"x": XLIFF_NS}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def entry(id: str, ru: str, en: str, **kw) -> Entry:
    """An entry whose MT is its English unless ``mt=`` says otherwise."""
    return Entry(id=id, ru=ru, mt=kw.pop("mt", en), en=en, **kw)


# -- text ---------------------------------------------------------------------------------


def test_text_groups_paragraphs_keeps_line_starts_and_drops_empty_english():
    doc = ReviewDoc(
        [
            entry("p001.s01", "Первое.", "First.", para=0),
            entry("p001.s02", "Второе.", "Second.", para=0),
            entry("p002.s01", "12 января", "12 January", para=1),
            entry("p002.s02", "Выпавшее.", "", mt="", para=1),
            entry("p002.s03", "Текст.", "The lead.", para=1, line_start=True),
        ]
    )
    assert export_text(doc) == "First. Second.\n\n12 January\nThe lead.\n"


def test_text_leaves_out_a_paragraph_with_no_english_and_strips_each_sentence():
    doc = ReviewDoc(
        [
            entry("p001.s01", "А.", "  A.  ", para=0),
            entry("p002.s01", "Б.", "", para=1),
            entry("p002.s02", "В.", " ", para=1),
            entry("p003.s01", "Г.", "C.", para=2),
        ]
    )
    assert export_text(doc) == "A.\n\nC.\n"


def test_text_an_emptied_line_start_passes_its_line_break_on():
    # Dateline / byline / lead: the byline is deleted, the lead still starts a line of its own
    # (it had line_start too), and a sentence after the dateline on the byline's line as well.
    doc = ReviewDoc(
        [
            entry("p001.s01", "Дата", "Date", para=0),
            entry("p001.s02", "Подпись", "", para=0, line_start=True),
            entry("p001.s03", "Ещё.", "More.", para=0),
            entry("p001.s04", "Лид.", "Lead.", para=0, line_start=True),
        ]
    )
    assert export_text(doc) == "Date\nMore.\nLead.\n"


def test_text_of_nothing_is_empty():
    assert export_text(ReviewDoc([])) == ""
    assert export_text(ReviewDoc([entry("p001.s01", "Всё.", "")])) == ""


@pytest.fixture(scope="module")
def article() -> ReviewDoc:
    en_doc = read_text(ARTICLE / "en.txt")
    ru = split(read_text(ARTICLE / "ru.txt"), "ru")
    en = split(en_doc, "en")
    return ReviewDoc.from_beads(
        ru,
        en,
        align(ru, en),
        line_start=lambda s: s.start > 0 and en_doc.text[s.start - 1] == "\n",
    )


def correct(doc: ReviewDoc, old: str, new: str) -> None:
    [k] = [k for k, e in enumerate(doc.entries) if old in e.en]
    doc.edit(k, doc.entries[k].en.replace(old, new))
    doc.accept(k)


def test_article_with_two_corrections_exports_as_the_input_with_those_corrections(article):
    doc = ReviewDoc(list(article.entries))
    correct(doc, "some of the Protestants believed", "some of the protesters believed")
    correct(doc, "the millionth city", "the city of a million")
    # The expected file is corpora/kazakhstan-2022/en.txt copied and edited by hand. Its only
    # differences from the input (`diff` them):
    #   line 27: "the millionth city" -> "the city of a million" (correction 2);
    #   line 35: "some of the Protestants believed" -> "...protesters..." (correction 1);
    #   line 63: the input has two blank lines before "It is alarming that the authorities";
    #            paragraphs are always separated by exactly one;
    #   the end: the input has no final newline; the export ends with one.
    # The input has no runs of spaces or tabs inside a line, so collapsing whitespace changes
    # nothing else. Paragraph 6 keeps its three lines (dateline, byline, lead: line_start).
    expected = (FIXTURES / "kazakhstan-2022.corrected.en.txt").read_text(encoding="utf-8")
    assert export_text(doc) == expected


def test_article_uncorrected_differs_from_the_input_only_by_layout(article):
    text = (ARTICLE / "en.txt").read_text(encoding="utf-8")
    assert export_text(article) == text.replace("\n\n\n", "\n\n") + "\n"


# -- TMX ----------------------------------------------------------------------------------


def review_doc() -> ReviewDoc:
    return ReviewDoc(
        [
            entry(
                "p001.s01",
                "Протестующие вышли.",
                "Protesters came out.",
                mt="Protestants came out.",
                reviewed=True,
                note="протестующие = protesters",
            ),
            entry("p001.s02", "Город-миллионник.", "The millionth city.", para=0),
            entry("p002.s01", "Выпавшее предложение.", "", mt="", para=1),
            entry("p002.s02", "", "Photo: Reuters", para=1),
            entry(
                "p002.s03",
                "Добавил рецензент.",
                "Added by the reviewer.",
                mt="",
                para=1,
                reviewed=True,
            ),
        ],
        source=FileRef("texts/ru.txt", "ab" * 32),
        mt=FileRef("texts/en.txt", "cd" * 32),
    )


def test_tmx_reads_back_in_translate_toolkit():
    doc = review_doc()
    store = tmx.tmxfile.parsestring(export_tmx(doc, include_unreviewed=True))
    # p002.s01 (no English) and p002.s02 (no Russian) are left out: half a unit is no memory.
    got = [(u.getid(), u.source, u.target, u.getnotes()) for u in store.units]
    assert got == [
        ("p001.s01", "Протестующие вышли.", "Protesters came out.", "протестующие = protesters"),
        ("p001.s02", "Город-миллионник.", "The millionth city.", ""),
        ("p002.s03", "Добавил рецензент.", "Added by the reviewer.", ""),
    ]


def test_tmx_structure_header_props_and_notes():
    root = etree.fromstring(export_tmx(review_doc(), include_unreviewed=True))
    assert root.tag == "tmx" and root.get("version") == "1.4"
    [header] = root.findall("header")
    assert dict(header.attrib) == {
        "creationtool": "sverka",
        "creationtoolversion": __version__,
        "datatype": "plaintext",
        "segtype": "sentence",
        "adminlang": "en",
        "srclang": "ru-RU",
        "o-tmf": "sverka",
    }
    tus = root.findall("body/tu")
    assert [tu.get("tuid") for tu in tus] == ["p001.s01", "p001.s02", "p002.s03"]

    def props(tu):
        return {p.get("type"): p.text for p in tu.findall("prop")}

    assert [props(tu) for tu in tus] == [
        {"x-sverka-state": "reviewed", "x-sverka-changed": "yes"},
        {"x-sverka-state": "needs-review", "x-sverka-changed": "no"},
        {"x-sverka-state": "reviewed", "x-sverka-changed": "yes"},
    ]
    assert [[n.text for n in tu.findall("note")] for tu in tus] == [
        ["протестующие = protesters"],
        [],
        [],
    ]
    first = tus[0]
    # TMX 1.4b: (note|prop)* before tuv+; the Russian first, as the header's srclang says.
    assert [c.tag for c in first] == ["prop", "prop", "note", "tuv", "tuv"]
    assert [t.get(XML_LANG) for t in first.findall("tuv")] == ["ru-RU", "en"]
    assert [t.findtext("seg") for t in first.findall("tuv")] == [
        "Протестующие вышли.",
        "Protesters came out.",
    ]


def test_tmx_and_xliff_are_utf8_with_a_declaration_and_no_doctype():
    for data in (export_tmx(review_doc(), include_unreviewed=True), export_xliff(review_doc())):
        assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n")
        assert "Протестующие".encode() in data  # raw UTF-8, not character references
        assert etree.fromstring(data).getroottree().docinfo.doctype == ""


# -- XLIFF --------------------------------------------------------------------------------


def xliff_id(unit: xliff.xliffunit) -> str:
    """The trans-unit id (translate-toolkit's getid() puts the file name and \\x04 before it)."""
    return unit.xmlelement.get("id")


def test_xliff_reads_back_in_translate_toolkit():
    store = xliff.xlifffile.parsestring(export_xliff(review_doc()))
    assert store.getsourcelanguage() == "ru" and store.gettargetlanguage() == "en"
    assert store.getfilenames() == ["texts/ru.txt"]
    # p002.s02 has no Russian: nothing to translate, left out. p002.s01 (no English) stays.
    got = [
        (
            xliff_id(u),
            u.source,
            u.target,
            u.isfuzzy(),
            u.isapproved(),
            u.getnotes("reviewer"),
            u.getnotes("sverka"),
        )
        for u in store.units
    ]
    assert got == [
        (
            "p001.s01",
            "Протестующие вышли.",
            "Protesters came out.",
            False,
            True,
            "протестующие = protesters",
            "MT: Protestants came out.",
        ),
        ("p001.s02", "Город-миллионник.", "The millionth city.", True, False, "", ""),
        ("p002.s01", "Выпавшее предложение.", "", False, False, "", ""),
        ("p002.s03", "Добавил рецензент.", "Added by the reviewer.", False, True, "", "MT: (none)"),
    ]


def test_xliff_structure_and_states():
    root = etree.fromstring(export_xliff(review_doc()))
    assert root.tag == f"{{{XLIFF_NS}}}xliff" and root.get("version") == "1.2"
    assert root.nsmap == {None: XLIFF_NS}
    [file] = root.findall("x:file", X)
    assert dict(file.attrib) == {
        "original": "texts/ru.txt",
        "source-language": "ru",
        "target-language": "en",
        "datatype": "plaintext",
    }
    assert [c.tag.split("}")[1] for c in file] == ["header", "body"]
    assert file.find("x:header/x:tool", X).get("tool-id") == "sverka"
    units = file.findall("x:body/x:trans-unit", X)
    assert [u.get("id") for u in units] == ["p001.s01", "p001.s02", "p002.s01", "p002.s03"]
    assert {u.get(XML_SPACE) for u in units} == {"preserve"}
    assert [u.get("approved") for u in units] == ["yes", None, None, "yes"]
    assert [u.find("x:target", X).get("state") for u in units] == [
        "translated",
        "needs-review-translation",
        "needs-translation",  # no English yet: not something to review
        "translated",
    ]
    # XLIFF 1.2 order: source, target, then notes.
    assert [c.tag.split("}")[1] for c in units[0]] == ["source", "target", "note", "note"]
    assert [(n.get("from"), n.text) for n in units[0].findall("x:note", X)] == [
        ("reviewer", "протестующие = protesters"),
        ("sverka", "MT: Protestants came out."),
    ]
    assert units[1].findall("x:note", X) == []  # unchanged MT: no note


def test_xliff_without_a_source_file_names_the_file_source():
    doc = ReviewDoc([entry("p001.s01", "Да.", "Yes.")])
    root = etree.fromstring(export_xliff(doc))
    assert root.find("x:file", X).get("original") == "source"


def test_empty_and_repeated_ids_become_unique():
    # A PO file from another tool may have no msgctxt (id "") or repeat one.
    doc = ReviewDoc(
        [
            entry("", "А.", "A."),
            entry("x", "Б.", "B."),
            entry("x", "В.", "C."),
            entry("", "Г.", "D."),
        ]
    )
    want = ["entry1", "x", "x.2", "entry4"]
    assert [xliff_id(u) for u in xliff.xlifffile.parsestring(export_xliff(doc)).units] == want
    assert [
        u.getid() for u in tmx.tmxfile.parsestring(export_tmx(doc, include_unreviewed=True)).units
    ] == want


def test_a_repeated_id_does_not_take_the_id_another_entry_has():
    # Found by hypothesis: x twice and an x.2 gave the second x "x.2" and the real x.2 "x.2.2".
    doc = ReviewDoc([entry("x", "А.", "A."), entry("x", "Б.", "B."), entry("x.2", "В.", "C.")])
    want = ["x", "x.3", "x.2"]
    assert [xliff_id(u) for u in xliff.xlifffile.parsestring(export_xliff(doc)).units] == want


# -- awkward text -------------------------------------------------------------------------

AWKWARD = [
    "He said \"no\" and 'maybe' — «нет» “quoted”",
    "<b>bold</b> & AT&T &amp; ]]> <![CDATA[ x ]]>",
    "tab\tinside",
    "line one\nline two",
    "\nstarts and ends with a newline\n",
    "windows\r\nline end and a lone\rCR",
    "  leading and trailing spaces  ",
    "right-to-left mark \u200f here, شكرا",
    "emoji 😀 and astral 𝔘 and a ZWJ family 👩\u200d👩\u200d👧",
    "combining e\u0301 stays decomposed",
]


@pytest.mark.parametrize("text", AWKWARD)
def test_awkward_text_round_trips_through_tmx_and_xliff(text):
    doc = ReviewDoc([entry("p001.s01", "Рус: " + text, text, mt="MT " + text, note="note " + text)])
    [u] = tmx.tmxfile.parsestring(export_tmx(doc, include_unreviewed=True)).units
    assert (u.source, u.target, u.getnotes()) == ("Рус: " + text, text, "note " + text)
    [u] = xliff.xlifffile.parsestring(export_xliff(doc)).units
    assert (u.source, u.target) == ("Рус: " + text, text)
    assert u.getnotes("reviewer") == "note " + text
    assert u.getnotes("sverka") == "MT: MT " + text


@pytest.mark.parametrize(
    ("raw", "written"),
    [
        ("NUL\x00here", "NULhere"),
        ("vertical\x0btab and form\x0cfeed", "verticaltab and formfeed"),
        ("escape \x1b[31m", "escape [31m"),
        ("lone surrogate \ud800 and \ufffe \uffff", "lone surrogate  and  "),
    ],
)
def test_characters_xml_cannot_hold_are_removed_and_the_file_stays_valid(raw, written):
    doc = ReviewDoc([entry("p001.s01", "Рус " + raw, raw, mt="", note=raw)])
    [u] = tmx.tmxfile.parsestring(export_tmx(doc, include_unreviewed=True)).units
    assert (u.source, u.target, u.getnotes()) == ("Рус " + written, written, written)
    [u] = xliff.xlifffile.parsestring(export_xliff(doc)).units
    assert (u.source, u.target, u.getnotes("reviewer")) == ("Рус " + written, written, written)


def test_an_entry_that_is_only_illegal_characters_counts_as_empty():
    doc = ReviewDoc([entry("p001.s01", "\x00", "A."), entry("p001.s02", "Б.", "\x0b")])
    assert [
        u.getid() for u in tmx.tmxfile.parsestring(export_tmx(doc, include_unreviewed=True)).units
    ] == []
    assert [xliff_id(u) for u in xliff.xlifffile.parsestring(export_xliff(doc)).units] == [
        "p001.s02"
    ]


# -- speed --------------------------------------------------------------------------------


def test_ten_thousand_entries_export_fast():
    doc = ReviewDoc(
        [
            entry(
                f"p{k // 10 + 1:03d}.s{k % 10 + 1:02d}",
                f"Протестующие вышли на площадь номер {k} и потребовали отставки «правительства».",
                f"Protesters came out to square number {k} & demanded the <government> resign.",
                mt=f"Protestants came out to square number {k} & demanded the resignation.",
                reviewed=k % 2 == 0,
                note="check the term" if k % 7 == 0 else "",
                para=k // 10,
            )
            for k in range(10_000)
        ]
    )
    for export in (export_tmx, export_xliff):
        start = time.perf_counter()
        data = export(doc)
        seconds = time.perf_counter() - start
        print(f"{export.__name__}: 10,000 entries in {seconds:.3f} s, {len(data) / 1e6:.1f} MB")
        assert seconds < 2.0
