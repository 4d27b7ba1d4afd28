"""Issue 16, item 11: a review remembers its set-up. The glossaries, the pitfalls lists and
the checks a review was made or opened with are recorded in the review file, and `review`,
`check` and `ignore` use them on it when no option says otherwise. Run as a user runs sverka:
the installed command, in a folder of its own."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ARTICLE = Path(__file__).resolve().parents[2] / "corpora" / "kazakhstan-2022"
SVERKA = Path(sys.executable).parent / "sverka"
SUMMARY = re.compile(r"sverka: (\d+) errors?, (\d+) warnings?, (\d+) info in (\d+) entries")
# A glossary of the reviewer's own: one term of the article, with a forbidden rendering.
OWN = "ru,en,forbidden,note,pos\nпротестующий,protester,Protestant,not Protestant,participle\n"


def sverka(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SVERKA), *map(str, args)], capture_output=True, text=True, timeout=120, cwd=cwd
    )


def codes(result: subprocess.CompletedProcess[str]) -> list[str]:
    return re.findall(r": (?:error|warning|info) ([a-z-]+):", result.stdout)


def header(po: Path) -> dict[str, str]:
    return polib.pofile(str(po)).metadata


def msgfmt_ok(po: Path) -> None:
    done = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True)
    assert done.returncode == 0, done.stderr


@pytest.fixture
def texts(tmp_path: Path) -> Path:
    for name in ("ru.txt", "en.txt"):
        shutil.copy(ARTICLE / name, tmp_path / name)
    return tmp_path


def test_init_with_a_bundled_glossary_then_check_uses_it(texts: Path):
    made = sverka("init", "ru.txt", "en.txt", "-g", "kazakhstan-2022", cwd=texts)
    assert made.returncode == 0, made.stderr
    po = texts / "en.review.po"
    assert header(po)["X-Sverka-Glossaries"] == "kazakhstan-2022"  # by name: no path
    msgfmt_ok(po)
    plain = sverka("check", "en.review.po", cwd=texts)
    given = sverka("check", "en.review.po", "-g", "kazakhstan-2022", cwd=texts)
    assert plain.returncode == given.returncode == 1
    assert plain.stdout == given.stdout  # the same findings, the glossary's errors among them
    assert "term-forbidden" in codes(plain)
    # One summary line says which glossaries are in force, and that the file chose them.
    assert len(plain.stderr.splitlines()) == 1
    assert "glossaries: kazakhstan-2022" in plain.stderr and "en.review.po" in plain.stderr


def test_a_glossary_file_is_recorded_relative_to_the_review_file_and_travels_with_it(
    texts: Path, tmp_path_factory
):
    (texts / "terms").mkdir()
    (texts / "terms" / "own.csv").write_text(OWN, encoding="utf-8")
    made = sverka("init", "ru.txt", "en.txt", "-g", texts / "terms" / "own.csv", cwd=texts)
    assert made.returncode == 0, made.stderr
    assert header(texts / "en.review.po")["X-Sverka-Glossaries"] == "terms/own.csv"
    # The folder moved (or sent to a colleague): the recorded path still finds the glossary.
    moved = tmp_path_factory.mktemp("moved") / "review"
    shutil.copytree(texts, moved)
    done = sverka("check", "review/en.review.po", "--format", "json", cwd=moved.parent)
    assert done.returncode == 1, done.stderr
    assert '"code": "term-forbidden"' in done.stdout
    assert "own.csv" in done.stdout  # the findings name the reviewer's glossary


def test_a_missing_recorded_glossary_is_one_line_and_exit_2(texts: Path):
    (texts / "own.csv").write_text(OWN, encoding="utf-8")
    assert sverka("init", "ru.txt", "en.txt", "-g", "own.csv", cwd=texts).returncode == 0
    (texts / "own.csv").unlink()
    for args in (("check", "en.review.po"), ("review", "en.review.po")):
        done = sverka(*args, cwd=texts)
        assert done.returncode == 2, done.stderr
        assert done.stderr.count("\n") == 1 and done.stdout == ""
        assert "en.review.po" in done.stderr and "own.csv" in done.stderr
        assert "Traceback" not in done.stderr
    # -g says which glossaries to use instead: the review goes on.
    done = sverka("check", "en.review.po", "-g", "kazakhstan-2022", cwd=texts)
    assert done.returncode == 1 and "term-forbidden" in codes(done)


@pytest.mark.parametrize("name", ["../own.csv", "/etc/hostname", "sub/../../own.csv"])
def test_a_recorded_glossary_outside_the_review_folder_is_refused(texts: Path, name: str):
    (texts.parent / "own.csv").write_text(OWN, encoding="utf-8")
    assert sverka("init", "ru.txt", "en.txt", cwd=texts).returncode == 0
    po = texts / "en.review.po"
    text = po.read_text(encoding="utf-8")
    text = text.replace(
        '"X-Source-Language: ru\\n"',
        f'"X-Source-Language: ru\\n"\n"X-Sverka-Glossaries: {name}\\n"',
    )
    po.write_text(text, encoding="utf-8")
    done = sverka("check", "en.review.po", cwd=texts)
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert "outside the review file's folder" in done.stderr


def test_a_glossary_outside_the_review_folder_is_used_but_not_recorded_and_init_says_so(
    texts: Path,
):
    (texts.parent / "shared.csv").write_text(OWN, encoding="utf-8")
    made = sverka("init", "ru.txt", "en.txt", "-g", "../shared.csv", cwd=texts)
    assert made.returncode == 0, made.stderr
    assert "X-Sverka-Glossaries" not in header(texts / "en.review.po")
    assert "warning" in made.stderr and "../shared.csv" in made.stderr


def test_explicit_options_override_the_recorded_ones_part_by_part(texts: Path):
    (texts / "own.csv").write_text(OWN, encoding="utf-8")
    made = sverka(
        "init", "ru.txt", "en.txt", "-g", "kazakhstan-2022", "--checks", "term-forbidden,number",
        "--no-pitfalls", cwd=texts,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    po = texts / "en.review.po"
    head = header(po)
    assert head["X-Sverka-Checks"] == "term-forbidden,number"
    assert head["X-Sverka-Pitfalls"] == ""
    msgfmt_ok(po)
    recorded = sverka("check", "en.review.po", "--format", "json", cwd=texts)
    assert set(codes_of_json(recorded)) <= {"term-forbidden", "number"}
    assert "kazakhstan-2022.csv" in recorded.stdout
    # -g replaces the glossaries and keeps the recorded checks.
    own = sverka("check", "en.review.po", "-g", "own.csv", "--format", "json", cwd=texts)
    assert set(codes_of_json(own)) == {"term-forbidden"}
    assert "kazakhstan-2022.csv" not in own.stdout and "own.csv" in own.stdout
    # --checks replaces the checks and keeps the recorded glossaries.
    other = sverka("check", "en.review.po", "--checks", "term-missing", cwd=texts)
    assert set(codes(other)) == {"term-missing"}
    assert header(po) == head  # check reads the review file, never writes it


def codes_of_json(result: subprocess.CompletedProcess[str]) -> list[str]:
    return re.findall(r'"code": "([a-z-]+)"', result.stdout)


def test_a_file_made_before_the_set_up_was_recorded_keeps_the_defaults(texts: Path):
    assert sverka("init", "ru.txt", "en.txt", cwd=texts).returncode == 0
    po = texts / "en.review.po"
    assert not [k for k in header(po) if k.startswith("X-Sverka-") and k not in
                ("X-Sverka-Source", "X-Sverka-MT")]  # fmt: skip
    done = sverka("check", "en.review.po", cwd=texts)
    assert "term-forbidden" not in codes(done) and "pitfall" in codes(done)
    assert "glossaries: none; pitfalls: ru-en-mt-pitfalls" in done.stderr


# -- sverka ignore: only keys of findings the entry has (item 19) -----------------------------


def _keys_of(result: subprocess.CompletedProcess[str], entry_id: str) -> list[str]:
    return re.findall(rf": {re.escape(entry_id)}: \w+ [a-z-]+: .*\[(\S+)\]$", result.stdout, re.M)


def test_ignore_refuses_a_key_the_entry_has_no_finding_for(texts: Path):
    assert sverka("init", "ru.txt", "en.txt", "-g", "kazakhstan-2022", cwd=texts).returncode == 0
    po = texts / "en.review.po"
    before = po.read_bytes()
    found = sverka("check", "en.review.po", cwd=texts)
    keys = _keys_of(found, "p001.s01")
    assert "cyrillic" in keys and any(k.startswith("term-missing:") for k in keys)
    for wrong in ("untranslated:akimat", "cyrillic:января", "number"):
        done = sverka("ignore", "en.review.po", "p001.s01", wrong, cwd=texts)
        assert done.returncode == 2, done.stderr
        assert done.stderr.count("\n") == 1 and wrong in done.stderr
        assert all(k in done.stderr for k in keys), "the message lists the keys that exist"
        assert "marked" not in done.stderr
    assert po.read_bytes() == before, "nothing was written"
    # A key the recorded glossary's finding has is accepted, and the finding goes.
    term = next(k for k in keys if k.startswith("term-missing:"))
    done = sverka("ignore", "en.review.po", "p001.s01", term, cwd=texts)
    assert done.returncode == 0, done.stderr
    assert term not in _keys_of(sverka("check", "en.review.po", cwd=texts), "p001.s01")
    # --undo takes off a mark the entry carries, and refuses one it does not.
    wrong = sverka("ignore", "en.review.po", "p001.s01", "--undo", "cyrillic", cwd=texts)
    assert wrong.returncode == 2 and term in wrong.stderr
    undone = sverka("ignore", "en.review.po", "p001.s01", "--undo", term, cwd=texts)
    assert undone.returncode == 0, undone.stderr
    assert term in _keys_of(sverka("check", "en.review.po", cwd=texts), "p001.s01")


def test_update_keeps_the_recorded_set_up_and_msgfmt_accepts_it(texts: Path):
    made = sverka("init", "ru.txt", "en.txt", "-g", "kazakhstan-2022", "--skip", "length",
                  cwd=texts)  # fmt: skip
    assert made.returncode == 0, made.stderr
    en = texts / "en.txt"
    en.write_text(en.read_text(encoding="utf-8") + "\nA line added later.\n", encoding="utf-8")
    done = sverka("update", "en.review.po", cwd=texts)
    assert done.returncode == 0, done.stderr
    head = header(texts / "en.review.po")
    assert (head["X-Sverka-Glossaries"], head["X-Sverka-Skip"]) == ("kazakhstan-2022", "length")
    msgfmt_ok(texts / "en.review.po")


def test_a_recorded_glossary_that_is_a_link_out_of_the_folder_is_refused(texts: Path):
    """The rule of the texts a header names (issue 15): links are resolved."""
    (texts.parent / "own.csv").write_text(OWN, encoding="utf-8")
    (texts / "link.csv").symlink_to(texts.parent / "own.csv")
    made = sverka("init", "ru.txt", "en.txt", "-g", "link.csv", cwd=texts)
    assert made.returncode == 0, made.stderr
    assert "warning" in made.stderr, "used, but not recorded"
    po = texts / "en.review.po"
    assert "X-Sverka-Glossaries" not in header(po)
    text = po.read_text(encoding="utf-8").replace(
        '"X-Source-Language: ru\\n"',
        '"X-Source-Language: ru\\n"\n"X-Sverka-Glossaries: link.csv\\n"',
    )
    po.write_text(text, encoding="utf-8")
    assert header(po)["X-Sverka-Glossaries"] == "link.csv"
    done = sverka("check", "en.review.po", cwd=texts)
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert "outside the review file's folder" in done.stderr and "link.csv" in done.stderr
