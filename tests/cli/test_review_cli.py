"""`sverka init`, `update` and `export` as a user runs them, on the bundled article."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from sverka.io.po import read_po, render_po
from sverka.io.safe import ReviewLock

ARTICLE = Path(__file__).resolve().parents[2] / "corpora" / "kazakhstan-2022"


def sverka(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sverka.cli", *map(str, args)],
        capture_output=True, text=True, timeout=60, cwd=cwd,
    )  # fmt: skip


@pytest.fixture
def work(tmp_path: Path) -> Path:
    for name in ("ru.txt", "en.txt"):
        shutil.copy(ARTICLE / name, tmp_path / name)
    made = sverka("init", "ru.txt", "en.txt", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    return tmp_path


def correct(po: Path, old: str, new: str) -> None:
    doc = read_po(po)
    k = next(i for i, e in enumerate(doc.entries) if old in e.en)
    doc.edit(k, doc.entries[k].en.replace(old, new))
    doc.accept(k)
    doc.set_note(k, "протестующие = protesters")
    po.write_text(render_po(doc), encoding="utf-8")


def test_init_makes_a_valid_review_file_beside_the_english(work):
    po = work / "en.review.po"
    check = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
    doc = read_po(po)
    assert len(doc.entries) == 72 and doc.stats().reviewed == 0
    assert (doc.source.path, doc.mt.path) == ("ru.txt", "en.txt")
    assert not list(work.glob(".*lock")), "the lock is released"


def test_init_never_replaces_a_review_file(work):
    po = work / "en.review.po"
    correct(po, "Protestants believed", "protesters believed")
    before = po.read_bytes()
    again = sverka("init", "ru.txt", "en.txt", cwd=work)
    assert again.returncode == 2
    assert "already exists" in again.stderr and "sverka update" in again.stderr
    assert po.read_bytes() == before


def test_update_keeps_corrections_and_says_what_it_did(work):
    po = work / "en.review.po"
    correct(po, "Protestants believed", "protesters believed")
    result = sverka("update", "en.review.po", cwd=work)
    assert result.returncode == 0, result.stderr
    assert "1 reviewed or corrected entries kept" in result.stderr
    doc = read_po(po)
    kept = [e for e in doc.entries if e.reviewed]
    assert len(kept) == 1 and "some of the protesters believed" in kept[0].en
    assert kept[0].note == "протестующие = protesters"


def test_a_second_writer_is_refused_with_the_holders_pid(work):
    with ReviewLock(work / "en.review.po"):
        result = sverka("update", "en.review.po", cwd=work)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1
    assert "is open in another sverka" in result.stderr and "pid" in result.stderr


def test_opening_warns_when_the_english_changed(work):
    (work / "en.txt").write_text((work / "en.txt").read_text() + "\n\nA new line.\n")
    result = sverka("export", "en.review.po", cwd=work)
    assert result.returncode == 0
    assert "the English file en.txt has changed since this review was made" in result.stderr


def test_export_text_tmx_and_xliff(work):
    po = work / "en.review.po"
    correct(po, "Protestants believed", "protesters believed")
    text = sverka("export", "en.review.po", cwd=work)
    assert "some of the protesters believed" in text.stdout
    assert text.stdout.startswith("Posted 12 января 2022,, 09:11\n\nPublished")
    tmx = sverka("export", "en.review.po", "--format", "tmx", "-o", "out.tmx", cwd=work)
    assert tmx.returncode == 0, tmx.stderr
    units = etree.parse(str(work / "out.tmx")).findall(".//tu")
    assert len(units) == 1  # the reviewed one: raw MT stays out of a memory by default
    every = sverka("export", "en.review.po", "--format", "tmx", "--include-unreviewed", cwd=work)
    assert len(etree.fromstring(every.stdout.encode()).findall(".//tu")) == 72
    xliff = sverka("export", "en.review.po", "--format", "xliff", cwd=work)
    root = etree.fromstring(xliff.stdout.encode())
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    states = [t.get("state") for t in root.iterfind(".//x:target", ns)]
    assert states.count("translated") == 1 and len(states) == 72


def test_a_malformed_review_file_is_named_with_its_line(work):
    po = work / "en.review.po"
    lines = po.read_text().splitlines()
    k = next(i for i, line in enumerate(lines) if line.startswith("msgstr") and i > 20)
    lines[k] = lines[k][:-1]  # drop the closing quote
    po.write_text("\n".join(lines) + "\n")
    before = po.read_bytes()
    for command in (["export", "en.review.po"], ["update", "en.review.po"]):
        result = sverka(*command, cwd=work)
        assert result.returncode == 2
        assert (
            result.stderr.strip()
            == f"sverka: error: en.review.po:{k + 1}: a string that is not closed, or text after it"
        )
        assert po.read_bytes() == before


@pytest.mark.parametrize(
    "command",
    [
        ["export", "en.review.po", "-o", "en.review.po"],
        ["export", "en.review.po", "-o", "./en.txt"],  # a text the review was made from
        ["export", "en.review.po", "--format", "tmx", "-o", "link.po"],  # a link to it
        ["score", "en.review.po", "--all", "--html", "en.review.po"],
        ["score", ".", "--all", "--html", "en.review.po"],  # a .po in a folder scored
    ],
    ids=["export-onto-itself", "export-onto-its-english", "through-a-link", "score", "folder"],
)
def test_an_output_named_like_an_input_is_refused_and_nothing_is_replaced(work, command):
    """`-o en.review.po` would replace a day's review with its own export, atomically and
    for good: one line naming the file, exit 2, every file as it was."""
    (work / "link.po").symlink_to("en.review.po")
    before = {p.name: p.read_bytes() for p in work.iterdir()}
    result = sverka(*command, cwd=work)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "writing the output there would replace it" in result.stderr
    assert {p.name: p.read_bytes() for p in work.iterdir()} == before


def test_a_review_file_name_the_system_refuses_is_one_line_and_exit_2(work):
    """EN named with 252 bytes: its review file's name (EN.review.po) is over the 255 a
    Linux file name may have. The system's refusal is the user's to fix, not a bug (70)."""
    long_en = "e" * 248 + ".txt"
    shutil.copy(work / "en.txt", work / long_en)
    result = sverka("init", "ru.txt", long_en, cwd=work)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"sverka: error: {long_en[:-4]}.review.po: File name too long"
    ]


def _msgfmt_ok(po: Path) -> None:
    out = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr


def test_update_keeps_a_correction_on_the_second_of_two_identical_sentences(work):
    """p001.s01 and p002.s01 have the same Russian: the correction of the second moved to
    the first on update (identical sentences paired in order, not by place)."""
    po = work / "en.review.po"
    doc = read_po(po)
    first, second = doc.entries[0], doc.entries[1]
    assert first.ru == second.ru, "the article's first two beads repeat one sentence"
    doc.edit(1, second.en + " (corrected)")
    doc.accept(1)
    po.write_text(render_po(doc), encoding="utf-8")
    assert sverka("update", "en.review.po", cwd=work).returncode == 0
    after = {e.id: e for e in read_po(po).entries}
    assert after[second.id].en == second.en + " (corrected)" and after[second.id].reviewed
    assert after[first.id].en == first.en and not after[first.id].reviewed
    _msgfmt_ok(po)


def test_a_russian_sentence_changed_and_changed_back_gets_its_correction_back(work):
    """Made obsolete by a change, then live again by its undoing: msgfmt refused the file (an
    obsolete entry and a live one alike) and the correction stayed in '#~' only."""
    po, ru = work / "en.review.po", work / "ru.txt"
    original = ru.read_text(encoding="utf-8")
    doc = read_po(po)
    k = 5
    target = doc.entries[k]
    doc.edit(k, target.en + " (corrected)")
    doc.accept(k)
    po.write_text(render_po(doc), encoding="utf-8")
    word = target.ru.split()[0]
    ru.write_text(original.replace(target.ru, target.ru.replace(word, word + "ы", 1)), "utf-8")
    assert sverka("update", "en.review.po", cwd=work).returncode == 0
    assert any(e.en.endswith("(corrected)") for e in read_po(po).obsolete)
    ru.write_text(original, encoding="utf-8")
    assert sverka("update", "en.review.po", cwd=work).returncode == 0
    back = read_po(po)
    again = next(e for e in back.entries if e.id == target.id)
    assert again.en == target.en + " (corrected)" and again.reviewed
    assert not any(e.en.endswith("(corrected)") for e in back.obsolete)
    _msgfmt_ok(po)


def test_output_to_a_full_disk_is_one_line_and_exit_2(work):
    """`sverka export … > /dev/full`: the system's reason in one line, not a traceback."""
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [Path(sys.executable).parent / "sverka", "export", "en.review.po"],
            stdout=full, stderr=subprocess.PIPE, text=True, timeout=60, cwd=work,
        )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "sverka: error: cannot write the output: No space left on device"
    ]


def test_a_text_with_a_line_break_in_its_name_is_refused_before_anything_is_written(work):
    """init wrote a review file naming 'n<LF>l.txt' on two lines; every later command then
    refused that file. Now init refuses, and writes nothing."""
    odd = "n\nl.txt"
    shutil.copy(work / "en.txt", work / odd)
    before = sorted(p.name for p in work.iterdir())
    result = sverka("init", "ru.txt", odd, "-o", "odd.review.po", cwd=work)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "line break in its name" in result.stderr
    assert sorted(p.name for p in work.iterdir()) == before


def test_a_review_file_opened_through_a_link_is_updated_against_its_own_texts(work):
    """desk/review.po -> ../project/en.review.po, with other texts in desk/: update read the
    texts beside the link and made the work obsolete (72 entries became 3)."""
    project = work
    correct(project / "en.review.po", "Protestants believed", "protesters believed")
    before = read_po(project / "en.review.po")
    desk = work / "desk"
    desk.mkdir()
    (desk / "ru.txt").write_text("Совсем другой текст.\n", encoding="utf-8")
    (desk / "en.txt").write_text("A different text altogether.\n", encoding="utf-8")
    (desk / "review.po").symlink_to(Path("..") / "en.review.po")
    result = sverka("update", "review.po", cwd=desk)
    assert result.returncode == 0, result.stderr
    after = read_po(project / "en.review.po")
    assert len(after.entries) == len(before.entries) and not after.obsolete
    assert (after.source.path, after.mt.path) == ("ru.txt", "en.txt")
    assert any("protesters believed" in e.en and e.reviewed for e in after.entries)
    assert (desk / "review.po").is_symlink(), "the link is still a link"
