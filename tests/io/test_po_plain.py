"""Issue 18 (speed): the review file reader takes entries as sverka writes them (comments,
then one-line msgctxt, msgid and msgstr) by one regex each, and everything else line by
line. Both readings must give the same document, and errors the same line."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from sverka import reviewfile
from sverka.errors import SverkaError
from sverka.io.po import parse_po, render_po
from sverka.review import ReviewDoc

ARTICLE = Path(__file__).resolve().parents[2] / "corpora" / "kazakhstan-2022"


@pytest.fixture(scope="module")
def article_text(tmp_path_factory) -> str:
    tmp = tmp_path_factory.mktemp("plain")
    doc = reviewfile.create(ARTICLE / "ru.txt", ARTICLE / "en.txt", tmp / "en.review.po")
    entries = [
        replace(
            e,
            en=e.en + (' "edited" \\ here' if i % 5 == 0 else ""),
            note="a note\nover two lines" if i % 7 == 0 else "",
            reviewed=i % 3 == 0,
        )
        for i, e in enumerate(doc.entries)
    ]
    return render_po(ReviewDoc(entries, doc.source, doc.mt))


def _read(text: str):
    doc = parse_po(text.encode("utf-8"), path="x.po")
    return doc.entries, doc.obsolete, doc.lines, doc.header, doc.header_comments


def _spaced(text: str, every: int) -> str:
    """Each ``every``-th entry's keyword lines with a space at their end: the same PO to
    gettext and to sverka, but no longer an entry as sverka writes it."""
    out, n = [], 0
    for line in text.split("\n"):
        if line.startswith("msgctxt "):
            n += 1
        if n % every == 0 and line.startswith(("msgctxt ", "msgid ", "msgstr ")):
            line += " "
        out.append(line)
    return "\n".join(out)


@pytest.mark.parametrize("every", [1, 2, 3])
def test_plain_entries_read_as_the_line_by_line_reading_does(article_text, every):
    plain = _read(article_text)
    assert len(plain[0]) > 50
    assert any(e.note for e in plain[0]) and any("\\" in e.en for e in plain[0])
    assert _read(_spaced(article_text, every)) == plain


def test_an_obsolete_or_wrapped_entry_among_plain_ones_reads_the_same(article_text):
    blocks = article_text.split("\n\n")
    k = len(blocks) // 2
    # msgcat's way: a string continued over lines; then an obsolete entry
    wrapped = blocks[k].replace('msgstr "', 'msgstr ""\n"', 1)
    obsolete = '#~ msgctxt "old.1"\n#~ msgid "Старое"\n#~ msgstr "Old"'
    text = "\n\n".join([*blocks[:k], wrapped, obsolete, *blocks[k + 1 :]])
    entries, gone, *_ = _read(text)
    assert [e.id for e in entries] == [e.id for e in _read(article_text)[0]]
    assert entries == _read(article_text)[0]
    assert [(e.id, e.ru, e.en) for e in gone] == [("old.1", "Старое", "Old")]


def test_a_bad_escape_in_a_plain_entry_names_its_line(article_text):
    lines = article_text.split("\n")
    k = [i for i, x in enumerate(lines) if x.startswith("msgid ")][40]
    lines[k] = 'msgid "a bad \\q escape"'
    with pytest.raises(SverkaError) as err:
        parse_po("\n".join(lines).encode(), path="x.po")
    assert str(err.value).startswith(f"x.po:{k + 1}:")
    assert "escape" in str(err.value)


def test_the_texts_are_handed_over_as_soon_as_the_file_is_parsed(article_text):
    """`sverka check` starts its dictionary checks on these (checks/ahead.py) while the
    entries are still being made: they must be exactly the entries' texts, in order,
    without the header or obsolete entries."""
    text = article_text + '\n#~ msgctxt "old.1"\n#~ msgid "Старое"\n#~ msgstr "Old"\n'
    got: list[list[tuple[str, str]]] = []
    doc = parse_po(text.encode(), path="x.po", on_parsed=got.append)
    assert got == [[(e.ru, e.en) for e in doc.entries]]
    assert len(doc.obsolete) == 1
