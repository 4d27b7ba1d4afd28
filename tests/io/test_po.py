"""Review files as PO: every file sverka writes passes msgfmt --check, reads back identically
with sverka and with polib, and is read by translate-toolkit; bad files fail with a line."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from sverka.align import align
from sverka.errors import SverkaError
from sverka.io.po import RenderCache, parse_po, read_po, render_po, render_po_bytes
from sverka.io.text import read_text
from sverka.model import Entry
from sverka.review import FileRef, ReviewDoc
from sverka.segment import split

FIXTURES = Path(__file__).parent / "fixtures" / "po"
ARTICLE = Path(__file__).resolve().parents[2] / "corpora" / "kazakhstan-2022"
MSGFMT = shutil.which("msgfmt")
POCOUNT = Path(__file__).resolve().parents[2] / ".venv" / "bin" / "pocount"


def msgfmt_check(path: Path) -> None:
    assert MSGFMT, "gettext's msgfmt is needed (make test installs it)"
    out = subprocess.run(
        [MSGFMT, "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert "warning" not in out.stderr, out.stderr


@pytest.fixture(scope="module")
def article_doc() -> ReviewDoc:
    ru_doc, en_doc = read_text(ARTICLE / "ru.txt"), read_text(ARTICLE / "en.txt")
    ru, en = split(ru_doc, "ru"), split(en_doc, "en")
    return ReviewDoc.from_beads(
        ru,
        en,
        align(ru, en),
        source=FileRef("ru.txt", "0" * 64),
        mt=FileRef("en.txt", "1" * 64),
        line_start=lambda s: s.start > 0 and en_doc.text[s.start - 1] == "\n",
    )


def edge_doc() -> ReviewDoc:
    """The cases gettext makes awkward: no English, no Russian, escapes, notes, line breaks."""
    return ReviewDoc(
        [
            Entry(
                "p001.s01",
                "Протестующие вышли на улицы.",
                "Protestants took to the streets.",
                "Protesters took to the streets.",
                reviewed=True,
                note="Протестующие = protesters\nnot Protestants",
                ru_lines=(1,),
                en_lines=(1,),
                ignored=("number",),
            ),
            Entry("p001.s02", "Этого MT не перевёл.", "", "", ru_lines=(3,), para=0),
            Entry(
                "p002.s01",
                "",
                "Photo: Reuters",
                "Photo: Reuters",
                en_lines=(5,),
                para=1,
                confidence=0.42,
            ),
            Entry(
                "p002.s02",
                'Он сказал: «Тест» \\ "кавычки"\tтаб',
                'He said: "Test" \\ tab\there',
                'He said:\n"Test"\n',
                line_start=True,
                para=1,
            ),
        ],
        source=FileRef("ru.txt", "a" * 64),
        mt=FileRef("en.txt", "b" * 64),
    )


def test_edge_cases_pass_msgfmt_and_read_back_identically(tmp_path):
    doc = edge_doc()
    path = tmp_path / "edge.po"
    path.write_text(render_po(doc), encoding="utf-8")
    msgfmt_check(path)
    back = read_po(path)
    assert back.entries == doc.entries
    assert (back.source, back.mt) == (doc.source, doc.mt)


def test_polib_reads_what_sverka_wrote(tmp_path):
    doc = edge_doc()
    path = tmp_path / "edge.po"
    path.write_text(render_po(doc), encoding="utf-8")
    po = polib.pofile(str(path))
    assert [(e.msgctxt, e.msgid, e.msgstr) for e in po] == [(x.id, x.ru, x.en) for x in doc.entries]
    assert [("fuzzy" in e.flags) for e in po] == [not x.reviewed for x in doc.entries]
    assert po[0].tcomment == "Протестующие = protesters\nnot Protestants"
    assert po.metadata["X-Sverka-Source"] == "ru.txt sha256:" + "a" * 64


def test_translate_toolkit_counts_the_file(tmp_path):
    path = tmp_path / "edge.po"
    path.write_text(render_po(edge_doc()), encoding="utf-8")
    out = subprocess.run([str(POCOUNT), "--csv", str(path)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "error" not in out.stderr.lower(), out.stderr
    header, row = (line.split(",") for line in out.stdout.strip().splitlines()[-2:])
    counts = dict(zip(header, row, strict=True))
    # reviewed with English: p001.s01; fuzzy: the caption and p002.s02; empty: p001.s02
    assert counts["Translated Messages"] == "1", counts
    assert counts["Fuzzy Messages"] == "2", counts
    assert counts["Untranslated Messages"] == "1", counts
    assert counts["Total Message"] == "4", counts


def test_the_article_round_trips_byte_for_byte(article_doc, tmp_path):
    text = render_po(article_doc, revision_date="2026-11-24 12:00+0000")
    path = tmp_path / "article.po"
    path.write_text(text, encoding="utf-8")
    msgfmt_check(path)
    back = parse_po(path.read_bytes())
    assert back.entries == article_doc.entries
    assert render_po(back, revision_date="2026-11-24 12:00+0000") == text


def test_edits_survive_a_round_trip(article_doc, tmp_path):
    doc = ReviewDoc(list(article_doc.entries), source=article_doc.source, mt=article_doc.mt)
    k = next(i for i, e in enumerate(doc.entries) if "Protestants believed" in e.en)
    doc.edit(k, doc.entries[k].en.replace("Protestants", "protesters"))
    doc.accept(k)
    doc.set_note(k, "протестующие = protesters")
    path = tmp_path / "article.po"
    path.write_text(render_po(doc), encoding="utf-8")
    msgfmt_check(path)
    back = read_po(path)
    assert back.entries[k].en.startswith("And therefore, some of the protesters believed")
    assert back.entries[k].mt.startswith("And therefore, some of the Protestants believed")
    assert back.entries[k].reviewed and back.entries[k].note == "протестующие = protesters"
    assert back.stats().reviewed == 1 and back.stats().changed == 1


def test_a_po_from_another_tool_opens_and_keeps_its_lines(tmp_path):
    doc = read_po(FIXTURES / "foreign.po")
    assert [e.ru for e in doc.entries] == [
        "Протестующие вышли на улицы",
        "Власти ввели режим ЧП",
        "Непереведённое",
    ]
    # Its msgstr is taken as the MT at first opening.
    assert [e.mt for e in doc.entries] == [e.en for e in doc.entries]
    assert [e.reviewed for e in doc.entries] == [True, False, True]
    path = tmp_path / "foreign.po"
    path.write_text(render_po(doc), encoding="utf-8")
    msgfmt_check(path)
    written = path.read_text(encoding="utf-8")
    for kept in (
        "#. Headline",
        "#: page.html:12",
        "#, c-format",
        '#| msgid "Старый текст"',
        "Project-Id-Version: news 1.0",
        "X-Generator: sverka",  # the last tool that wrote it
    ):
        assert kept in written, kept
    assert "#. mt: Protestants took to the streets" in written
    assert read_po(path).entries == doc.entries


def test_bom_and_crlf_are_read(tmp_path):
    for name in ("bom.po", "crlf.po"):
        doc = read_po(FIXTURES / name)
        assert [(e.id, e.ru, e.en) for e in doc.entries] == [("p001.s01", "Привет", "Hello")]


def test_obsolete_entries_are_kept_apart():
    doc = read_po(FIXTURES / "obsolete_only.po")
    assert doc.entries == []
    assert [(e.id, e.ru, e.en) for e in doc.obsolete] == [("p001.s01", "Привет", "Hello")]


@pytest.mark.parametrize(
    "name,line,words",
    [
        ("unclosed_quote_line9.po", 9, "not closed"),
        ("bad_escape_line10.po", 10, "escape"),
        ("duplicate_line12.po", 12, "line 8"),
        ("truncated_line10.po", 10, "msgs"),
        ("plural_line9.po", 9, "plural"),
        ("wrong_charset.po", 4, "ISO-8859-5"),
        ("binary.po", None, "binary"),
        ("wrong_direction.po", 3, "'ru'"),
    ],
)
def test_bad_files_fail_with_file_and_line(name, line, words):
    with pytest.raises(SverkaError) as err:
        read_po(FIXTURES / name)
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(str(FIXTURES / name) + (f":{line}:" if line else ":"))
    assert words in message


def test_the_autosave_cache_renders_exactly_what_a_full_render_does(article_doc):
    """The app renders only changed entries; what it writes must not differ in one byte."""
    doc = article_doc.copy()
    cache = RenderCache()
    date = "2022-01-12 09:11+0000"
    full = render_po(doc, revision_date=date).encode()
    assert render_po_bytes(doc, revision_date=date, cache=cache) == full
    doc.edit(3, 'A corrected "sentence"\twith a tab.')
    doc.accept(4)
    doc.set_note(5, "checked with the editor")
    doc.merge(5)  # 5 and 6 share a paragraph
    doc.split(15, 5, 5)
    doc.undo()  # the split undone: the very entries of before come back
    with_cache = render_po_bytes(doc, revision_date=date, cache=cache)
    assert with_cache == render_po(doc, revision_date=date).encode()
    assert b'A corrected \\"sentence\\"\\twith a tab.' in with_cache
    assert cache.entries == doc.entries  # entries gone since are not kept alive
    doc.edit(0, "A second correction, same length of document.")  # the in-place path
    assert (
        render_po_bytes(doc, revision_date=date, cache=cache)
        == render_po(doc, revision_date=date).encode()
    )


def _long_mts() -> list[str]:
    """MTs that polib wraps at every kind of place: after spaces, after a hyphen in a word,
    next to escapes, with a backslash, with trailing whitespace."""
    words = [
        "the", "anti-popular", "government", "of", "Kazakhstan's", "well-known", "post-Soviet",
        "Tokayev-era", "state-of-emergency", "regime", "and", "its", "so-called", "protesters",
    ]  # fmt: skip
    out = []
    for k in range(40):
        chosen = [words[(k * 7 + i * 3) % len(words)] for i in range(12 + k % 9)]
        out.append(" ".join(chosen) + (" \\back\\slash" if k % 5 == 0 else ""))
    out.append("x-" * 60 + "end")  # one hyphenated run far longer than a line
    out.append("trailing space at the end of a long machine translation line kept  ")
    return out


def test_a_po_saved_by_polib_keeps_every_mt_whole(tmp_path):
    """polib wraps a long "#. mt:" comment over several "#." lines (at 78 columns, after
    spaces and hyphens); sverka read only the first, so one save by polib cut the MT of
    75% of the article's entries and a later sverka save made it permanent."""
    mts = _long_mts()
    doc = ReviewDoc(
        [
            Entry(
                f"p{i + 1:03d}.s01",
                f"Русский текст {i}.",
                mt,
                mt + " (edited)",
                ignored=("cyrillic",) if i % 3 == 0 else (),
            )
            for i, mt in enumerate(mts)
        ],
        source=FileRef("ru.txt", "0" * 64),
        mt=FileRef("en.txt", "1" * 64),
    )
    po = tmp_path / "en.review.po"
    po.write_text(render_po(doc), encoding="utf-8")
    polib.pofile(str(po)).save()
    wrapped = po.read_text(encoding="utf-8")
    assert wrapped.count("\n#. ") > 2 * len(mts), "polib did not wrap: the test tests nothing"
    back = read_po(po)
    assert [e.mt for e in back.entries] == mts
    assert [e.ignored for e in back.entries] == [e.ignored for e in doc.entries]
    po.write_text(render_po(back), encoding="utf-8")  # and sverka's next save keeps it whole
    assert [e.mt for e in read_po(po).entries] == mts
    msgfmt_check(po)


def test_another_tools_comment_after_the_mt_is_never_taken_for_its_rest(tmp_path):
    """Only a full line continues: a short MT line, or a long one sverka wrote unwrapped,
    followed by another tool's "#." comment keeps that comment apart."""
    short = "A short MT line."
    long = "A machine translation far longer than seventy-eight columns, written on one line."
    text = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: en\\n"\n\n'
        f"#. mt: {short}\n#. TRANSLATORS: keep the date format\n"
        'msgctxt "p001.s01"\nmsgid "Короткий."\nmsgstr "A short MT line."\n\n'
        f"#. mt: {long}\n#. Extracted-by-another-tool: a comment\n"
        'msgctxt "p002.s01"\nmsgid "Длинный."\nmsgstr "Long."\n'
    )
    po = tmp_path / "other.po"
    po.write_text(text, encoding="utf-8")
    entries = read_po(po).entries
    assert [e.mt for e in entries] == [short, long]
    assert entries[0].extra == ("#. TRANSLATORS: keep the date format",)
    assert entries[1].extra == ("#. Extracted-by-another-tool: a comment",)
