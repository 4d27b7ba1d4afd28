"""ReviewSession: the review file beside the English, its lock, saving, and the checks' findings.

Everything the review app does to the file on disk, done the same way without the app, on the
bundled article copied into a temporary folder. The tests run as root, where chmod does not
stop a write: a full disk is simulated by making os.replace fail as the kernel would.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sverka.checks import Checker
from sverka.io.po import read_po
from sverka.io.safe import ReviewLockedError
from sverka.io.safe import write as safe
from sverka.model import SEVERITIES
from sverka.reviewsetup import load_glossaries
from sverka.session import ReviewSession, SaveOutcome

ARTICLE = Path(__file__).resolve().parents[2] / "corpora" / "kazakhstan-2022"
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    for name in ("ru.txt", "en.txt"):
        shutil.copy(ARTICLE / name, tmp_path / name)
    return tmp_path / "ru.txt", tmp_path / "en.txt"


@pytest.fixture
def session(pair):
    s = ReviewSession.open(*pair)
    yield s
    s.close()


@pytest.fixture(scope="module")
def glossaries():
    return load_glossaries(("kazakhstan-2022",), (), True)


def msgfmt_ok(path: Path) -> None:
    out = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr


def temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".sverka-tmp-" in p.name)


def forbidden_words(session: ReviewSession, k: int) -> set[str]:
    en = session.doc.entries[k].en
    return {
        en[f.en_span[0] : f.en_span[1]]
        for f in session.findings(k)
        if f.code == "term-forbidden" and f.en_span
    }


def index_where(session: ReviewSession, test) -> int:
    return next(i for i, e in enumerate(session.doc.entries) if test(e))


# -- opening and the lock ---------------------------------------------------------------------


def test_open_makes_the_review_file_beside_the_english_and_locks_it(pair):
    ru, en = pair
    first = ReviewSession.open(ru, en)
    try:
        assert first.created
        assert first.path == en.parent / "en.review.po" and first.path.exists()
        assert (en.parent / ".en.review.po.lock").exists()
        assert first.saved, "a file just made has nothing left to save"
        on_disk = read_po(first.path)
        assert on_disk.entries == first.doc.entries
        assert (on_disk.source.path, on_disk.mt.path) == ("ru.txt", "en.txt")
        msgfmt_ok(first.path)
        made = first.path.read_bytes()
        with pytest.raises(ReviewLockedError) as info:
            ReviewSession.open(ru, en)
        assert f"pid {os.getpid()}" in str(info.value)
        assert info.value.holder is not None and info.value.holder.pid == os.getpid()
        with pytest.raises(ReviewLockedError):
            ReviewSession.open(first.path)  # by the review file's own name too
    finally:
        first.close()
    assert not (en.parent / ".en.review.po.lock").exists()
    again = ReviewSession.open(ru, en)
    try:
        assert not again.created
        assert again.doc.entries == first.doc.entries
        assert again.warnings == []
    finally:
        again.close()
    assert first.path.read_bytes() == made, "opening and closing writes nothing"


# -- saving -----------------------------------------------------------------------------------


def test_save_writes_only_when_the_document_changed(session):
    po = session.path
    made = po.read_bytes()
    assert session.save() == SaveOutcome(written=False)
    assert po.read_bytes() == made

    k = index_where(session, lambda e: "Protestants" in e.en)
    fixed = session.doc.entries[k].en.replace("Protestants", "protesters")
    session.doc.edit(k, fixed)
    session.doc.accept(k)
    assert not session.saved
    outcome = session.save()
    assert outcome.written and outcome.error is None
    assert session.saved
    msgfmt_ok(po)
    back = read_po(po)
    assert back.entries[k].en == fixed and back.entries[k].reviewed
    assert "Protestants" in back.entries[k].mt, "the MT is kept beside the correction"
    assert [e.en for e in back.entries] == [e.en for e in session.doc.entries]

    written = po.read_bytes()
    assert session.save() == SaveOutcome(written=False)
    assert po.read_bytes() == written

    session.doc.undo()
    session.doc.redo()
    assert session.save().written, "undo and redo are changes the file has not seen"


def test_a_snapshot_saves_what_it_held_when_taken(session):
    k = index_where(session, lambda e: "Protestants" in e.en)
    session.doc.edit(k, "Some of the protesters believed it.")
    snap = session.doc.copy()
    session.doc.edit(k, "Some of the protesters believed it was just.")
    assert session.save(snap).written
    assert read_po(session.path).entries[k].en == "Some of the protesters believed it."
    assert not session.saved, "the later edit is still to be written"
    assert session.save().written
    assert read_po(session.path).entries[k].en == "Some of the protesters believed it was just."


def test_a_file_changed_by_another_program_is_not_overwritten_and_the_edit_is_kept_aside(
    session,
):
    po = session.path
    theirs = po.read_text(encoding="utf-8").replace(
        "# sverka review file:", "# Poedit was here.\n# sverka review file:", 1
    )
    po.write_text(theirs, encoding="utf-8")

    k = index_where(session, lambda e: "Protestants" in e.en)
    session.doc.edit(k, "And so some of the protesters believed they were taking part.")
    outcome = session.save()
    assert not outcome.written
    assert outcome.error is not None and "changed on disk" in str(outcome.error)
    assert po.read_text(encoding="utf-8") == theirs, "the other program's file is left alone"
    assert outcome.kept_at == po.parent / "en.review.mine.po"
    mine = read_po(outcome.kept_at)
    assert mine.entries[k].en == "And so some of the protesters believed they were taking part."
    assert [e.en for e in mine.entries] == [e.en for e in session.doc.entries]
    msgfmt_ok(outcome.kept_at)
    assert not session.saved


def test_a_failed_write_leaves_the_file_and_no_temporary_file_and_can_be_retried(
    session, monkeypatch
):
    po = session.path
    before = po.read_bytes()

    def disk_full(src, dst):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(safe.os, "replace", disk_full)
    k = index_where(session, lambda e: "Protestants" in e.en)
    session.doc.edit(k, "Some of the protesters believed it.")
    outcome = session.save()
    monkeypatch.undo()

    assert not outcome.written
    assert outcome.error is not None and "the disk is full" in str(outcome.error)
    assert outcome.kept_at is None
    assert po.read_bytes() == before
    assert temps(po.parent) == []
    assert not (po.parent / "en.review.mine.po").exists()
    assert not session.saved, "the edit still waits to be saved"

    retry = session.save()  # space was freed
    assert retry.written and retry.error is None
    assert read_po(po).entries[k].en == "Some of the protesters believed it."


# -- findings ---------------------------------------------------------------------------------


def test_findings_are_empty_until_the_checks_are_prepared(session, glossaries):
    k = index_where(session, lambda e: "Protestants" in e.en)
    assert not session.checked
    assert session.findings(k) == []
    session.prepare_checks(lambda: Checker(glossaries))
    assert session.checked
    assert session.findings(k) != []


def test_findings_name_the_mistranslation_and_the_cyrillic(session, glossaries):
    session.prepare_checks(lambda: Checker(glossaries))
    doc = session.doc

    k = index_where(session, lambda e: "Protestants" in e.en)
    found = session.findings(k)
    assert forbidden_words(session, k) == {"Protestants", "anti-popular"}  # both glossary entries
    protestants = next(
        f
        for f in found
        if f.en_span and "Protestants" in doc.entries[k].en[f.en_span[0] : f.en_span[1]]
    )
    assert (protestants.code, protestants.severity) == ("term-forbidden", "error")
    a, b = protestants.ru_span
    assert doc.entries[k].ru[a:b].lower().startswith("протестующ")
    assert "pitfall" not in {f.code for f in found}, "the article's glossary wins over pitfalls"
    ranks = [SEVERITIES.index(f.severity) for f in found]
    assert ranks == sorted(ranks), "worst first"

    c = index_where(session, lambda e: CYRILLIC.search(e.en) and "января" in e.en)
    codes = {f.code for f in session.findings(c)}
    assert {"cyrillic", "term-missing"} <= codes  # «января» left as is, not "January"
    cyr = next(f for f in session.findings(c) if f.code == "cyrillic")
    a, b = cyr.en_span
    assert "января" in doc.entries[c].en[a:b]

    name = index_where(session, lambda e: e.en == "Сергей Дуванов")
    assert [f.code for f in session.findings(name)].count("cyrillic") == 1


def test_a_correction_clears_its_finding_and_an_ignore_mark_hides_one(session, glossaries):
    session.prepare_checks(lambda: Checker(glossaries))
    doc = session.doc
    k = index_where(session, lambda e: "Protestants" in e.en)
    assert forbidden_words(session, k) == {"Protestants", "anti-popular"}
    doc.edit(k, doc.entries[k].en.replace("Protestants", "protesters"))
    assert forbidden_words(session, k) == {"anti-popular"}
    doc.undo()
    assert forbidden_words(session, k) == {"Protestants", "anti-popular"}
    popular = next(f for f in session.findings(k) if "popular" in f.message)
    doc.ignore(k, popular.ignore_key)  # "not a problem here", for this finding only
    assert forbidden_words(session, k) == {"Protestants"}
    assert session.flagged(k, frozenset({"term-forbidden"}))


def test_next_index_wraps_round_the_document(session, glossaries):
    n = len(session.doc.entries)
    every = lambda i: True  # noqa: E731
    assert session.next_index(n - 1, 1, every) == 0
    assert session.next_index(0, -1, every) == n - 1
    assert session.next_index(0, 1, lambda i: False) is None
    assert session.next_index(5, 1, lambda i: i == 5) == 5, "only itself: found after a full turn"

    session.prepare_checks(lambda: Checker(glossaries))
    cyrillic = [
        i for i, e in enumerate(session.doc.entries) if CYRILLIC.search(e.en)
    ]  # the page header and the dateline: near the top
    assert cyrillic and cyrillic[-1] < n - 1

    def has_cyrillic(i: int) -> bool:
        return session.flagged(i, frozenset({"cyrillic"}))

    assert session.next_index(cyrillic[-1], 1, has_cyrillic) == cyrillic[0]
    assert session.next_index(cyrillic[0], -1, has_cyrillic) == cyrillic[-1]
    assert session.next_index(n - 1, 1, has_cyrillic) == cyrillic[0]


def test_prime_renders_every_entry_ahead_so_the_first_save_renders_one(session, monkeypatch):
    from sverka.io.po import write as po

    session.prime()
    rendered = []
    real = po._render_entry
    monkeypatch.setattr(
        po, "_render_entry", lambda out, e, *a: rendered.append(e) or real(out, e, *a)
    )
    session.doc.edit(3, "The winners will judge.")
    assert session.save().written
    assert rendered == [session.doc.entries[3]]  # and the file is whole:
    assert read_po(session.path).entries[3].en == "The winners will judge."
    assert len(read_po(session.path).entries) == len(session.doc.entries)


def test_a_save_with_nothing_new_does_not_wait_for_the_priming(session):
    """Quitting right after opening a long file: the priming holds the save lock for
    seconds; a save with nothing to write must answer at once, and one with an edit waits
    and writes it."""
    import threading

    started, release = threading.Event(), threading.Event()

    def slow_stop() -> bool:  # the priming asks between slices: hold it there
        started.set()
        release.wait(10)
        return False

    priming = threading.Thread(target=session.prime, args=(slow_stop,))
    priming.start()
    try:
        assert started.wait(5)
        done = []
        saver = threading.Thread(target=lambda: done.append(session.save()))
        saver.start()
        saver.join(2)
        assert done == [SaveOutcome(written=False)], "the save waited for the priming"
        session.doc.edit(3, "The winners will judge.")
        edited = threading.Thread(target=lambda: done.append(session.save()))
        edited.start()
        edited.join(0.3)
        assert len(done) == 1, "an edit must wait for the lock, not skip the write"
    finally:
        release.set()
        priming.join(10)
    edited.join(10)
    assert done[1].written
    assert read_po(session.path).entries[3].en == "The winners will judge."


def test_priming_stops_when_asked_and_the_first_save_is_still_whole(session):
    """Quitting cancels the priming worker (Python waits for its thread at exit): it stops
    at the next slice, leaves the cache as it was, and a later save renders everything."""
    asked = []
    session.prime(stop=lambda: asked.append(1) or True)
    assert asked == [1]
    session.doc.edit(3, "The winners will judge.")
    assert session.save().written
    back = read_po(session.path)
    assert back.entries[3].en == "The winners will judge."
    assert [e.id for e in back.entries] == [e.id for e in session.doc.entries]
