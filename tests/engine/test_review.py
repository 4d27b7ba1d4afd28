"""The review document's editing API: what the app and the command line rely on."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from sverka import reviewfile
from sverka.io.po import read_po
from sverka.io.safe import FileStamp
from sverka.model import Entry
from sverka.review import ReviewDoc

ARTICLE = Path(__file__).resolve().parents[2] / "corpora" / "kazakhstan-2022"


def small() -> ReviewDoc:
    return ReviewDoc(
        [
            Entry(
                "p001.s01", "Протестующие вышли.", "Protestants came out.", "Protestants came out."
            ),
            Entry("p001.s02", "Город-миллионник.", "The millionth city.", "The millionth city."),
        ]
    )


def test_edit_accept_note_and_stats():
    doc = small()
    doc.edit(0, "Protesters came out.")
    doc.accept(0)
    doc.set_note(1, "  город-миллионник = a city of a million  ")
    st = doc.stats()
    assert (st.total, st.reviewed, st.needs_review, st.changed, st.empty) == (2, 1, 1, 1, 0)
    assert doc.entries[1].note == "город-миллионник = a city of a million"
    assert doc.entries[0].mt == "Protestants came out.", "the MT is never changed"
    assert str(st) == "1t+1f (1 changed, 0 empty)"


def test_undo_and_redo_walk_back_and_forth_through_every_change():
    doc = small()
    doc.edit(0, "Protesters came out.")
    doc.accept(0)
    doc.clear(1)
    assert doc.stats().empty == 1
    assert doc.undo() == 1 and doc.entries[1].en == "The millionth city."
    assert doc.undo() == 0 and not doc.entries[0].reviewed
    assert doc.undo() == 0 and doc.entries[0].en == "Protestants came out."
    assert doc.undo() is None
    assert doc.redo() == 0 and doc.entries[0].en == "Protesters came out."
    doc.revert(0)  # a new change clears what could be redone
    assert doc.redo() is None
    assert doc.entries[0].en == doc.entries[0].mt


def test_a_change_that_changes_nothing_is_not_recorded():
    doc = small()
    doc.edit(0, doc.entries[0].en)
    assert doc.undo() is None


def test_toggle_and_ignore():
    doc = small()
    doc.toggle_reviewed(1)
    assert doc.entries[1].reviewed
    doc.toggle_reviewed(1)
    assert not doc.entries[1].reviewed
    doc.ignore(0, "term-forbidden")
    doc.ignore(0, "number")
    assert doc.entries[0].ignored == ("number", "term-forbidden")


def test_update_keeps_work_whose_russian_is_gone_as_obsolete(tmp_path):
    for name in ("ru.txt", "en.txt"):
        shutil.copy(ARTICLE / name, tmp_path / name)
    po = tmp_path / "en.review.po"
    doc = reviewfile.create(tmp_path / "ru.txt", tmp_path / "en.txt", po)
    k = next(i for i, e in enumerate(doc.entries) if e.ru.startswith("Оригинал здесь"))
    doc.edit(k, "The original is here.")
    doc.accept(k)
    po.write_bytes(reviewfile.render(doc))
    ru = (tmp_path / "ru.txt").read_text(encoding="utf-8")
    (tmp_path / "ru.txt").write_text(
        ru.replace("Оригинал здесь.", "Оригинал статьи здесь."), encoding="utf-8"
    )
    updated, summary = reviewfile.update(po)
    assert summary.made_obsolete == 1 and summary.kept == 0
    assert [(e.ru, e.en) for e in updated.obsolete] == [
        ("Оригинал здесь.", "The original is here.")
    ]
    stamp = FileStamp.of(po)
    reviewfile.save(updated, po, stamp)
    check = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
    again = read_po(po)
    assert [(e.ru, e.en, e.reviewed) for e in again.obsolete] == [
        ("Оригинал здесь.", "The original is here.", True)
    ]
    assert again.entries[-1].ru == "Оригинал статьи здесь." and not again.entries[-1].reviewed
