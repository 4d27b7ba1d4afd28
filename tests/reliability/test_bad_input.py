"""Every command on every bad file it can take: one line, exit 2, nothing made or changed.

The corpus is tests/data/bad/ (make_corpus.py writes it; its docstring says how the names
work). Each file's reader prefix says which commands take it; each (file, command) pair is a
test of its own, run as a real process (the installed ``sverka`` script) in a fresh folder
holding the bad file beside good companions. The promise checked for each:

- exit code 2, and nothing on standard output (no half-written result);
- exactly one line on standard error, naming the bad file, and its line when the corpus
  name says ``.line<N>``; no traceback;
- every file in the folder (hidden lock and temporary files included) byte-for-byte and
  mtime as before, and no new file.

tolerated/ holds inputs that look hostile but are valid (CRLF, BOM, cp1251, UTF-16, and
glossaries that `glossary lint` doubts): each must give exactly what its clean twin gives.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BAD = ROOT / "tests" / "data" / "bad"
TOLERATED = BAD / "tolerated"
ARTICLE = ROOT / "corpora" / "kazakhstan-2022"
SVERKA = Path(sys.executable).parent / "sverka"
TEN_MB = "text-ten-mb-single-line.line1.txt"  # written at run time, not kept in git

_spec = importlib.util.spec_from_file_location("make_corpus", BAD / "make_corpus.py")
corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(corpus)

# Each reader's commands; {bad} is the bad file. ru.txt/en.txt are the bundled article,
# good.review.po its review file (named so that `review ru.txt en.txt` does not reopen it),
# ref.txt/hyp.txt two lines each.
AS_RU = [
    ["align", "{bad}", "en.txt"],
    ["init", "{bad}", "en.txt"],
    ["check", "{bad}", "en.txt"],
    ["review", "{bad}", "en.txt"],
]
AS_EN = [[c[0], "ru.txt", "{bad}"] for c in AS_RU]
# score reads references and MT as sacrebleu does (UTF-8, a segment per line), not as texts:
# a text kind's line is the text reader's, so there only the file's name is required.
AS_SCORE_INPUT = [["score", "--ref", "{bad}", "hyp.txt"], ["score", "--ref", "ref.txt", "{bad}"]]
AS_GLOSSARY = [
    ["glossary", "lint", "{bad}"],
    ["glossary", "convert", "{bad}", "out.csv"],
    ["glossary", "convert", "{bad}", "out.tbx"],
    ["check", "ru.txt", "en.txt", "-g", "{bad}"],
    ["check", "ru.txt", "en.txt", "--pitfalls", "{bad}"],
    ["check", "good.review.po", "-g", "{bad}"],
    ["review", "ru.txt", "en.txt", "-g", "{bad}"],
]
COMMANDS: dict[str, list[list[str]]] = {
    "text": AS_RU + AS_EN + AS_SCORE_INPUT,
    "ru": AS_RU,
    "en": AS_EN,
    "side": AS_RU + AS_EN,
    "po": [
        ["check", "{bad}"],
        ["export", "{bad}"],
        ["export", "{bad}", "--format", "tmx", "-o", "out.tmx"],
        ["export", "{bad}", "--format", "xliff", "-o", "out.xlf"],
        ["update", "{bad}"],
        ["review", "{bad}"],
        ["score", "{bad}"],
        ["ignore", "{bad}", "p001.s01", "cyrillic"],
    ],
    "glossary": AS_GLOSSARY,
    "tbx": AS_GLOSSARY,
    "ref": [["score", "--ref", "{bad}", "hyp.txt"]],
    "hyp": [["score", "--ref", "ref.txt", "{bad}"]],
    "wmt": [["score", "--wmt", "{bad}"]],
    "config": [["review", "ru.txt", "en.txt"]],  # with SVERKA_CONFIG={bad}
}

_NAME = re.compile(r"^(?P<reader>[a-z]+)-[a-z0-9-]+(?:\.line(?P<line>\d+))?\.\w+$")


def corpus_files() -> list[str]:
    names = sorted(p.name for p in BAD.iterdir() if p.is_file() and _NAME.match(p.name))
    return [*names, TEN_MB]


def cases() -> list[tuple[str, list[str]]]:
    out = []
    for name in corpus_files():
        for command in COMMANDS[_NAME.match(name)["reader"]]:
            out.append(pytest.param(name, command, id=f"{name}::{' '.join(command)}"))
    return out


# -- the folder each command runs in ------------------------------------------------------------


@pytest.fixture(scope="session")
def companions(tmp_path_factory) -> Path:
    """Good files to run beside the bad one, made once (the review file by sverka itself)."""
    folder = tmp_path_factory.mktemp("companions")
    for name in ("ru.txt", "en.txt"):
        shutil.copy(ARTICLE / name, folder / name)
    made = subprocess.run(
        [SVERKA, "init", "ru.txt", "en.txt", "-o", "good.review.po"],
        cwd=folder, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    (folder / "ref.txt").write_text("The protesters gathered.\nPower was cut.\n")
    (folder / "hyp.txt").write_text("Protestants gathered.\nThe power was cut.\n")
    (folder / TEN_MB).write_bytes(corpus.ten_mb_single_line())
    return folder


def workspace(tmp_path: Path, companions: Path, bad: str) -> Path:
    for p in companions.iterdir():
        if p.name != TEN_MB or bad == TEN_MB:
            shutil.copy2(p, tmp_path / p.name)
    if bad != TEN_MB:
        shutil.copy2(BAD / bad, tmp_path / bad)
    return tmp_path


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def run(folder: Path, args: list[str], env: dict[str, str] | None = None):
    return subprocess.run(
        [str(SVERKA), *args], cwd=folder, capture_output=True, text=True, timeout=60,
        env={**os.environ, "SVERKA_CONFIG": str(folder / "no-settings.toml"), **(env or {})},
    )  # fmt: skip


# -- the corpus ----------------------------------------------------------------------------------


def test_the_corpus_has_at_least_forty_kinds_and_matches_its_script(tmp_path):
    names = corpus_files()
    assert len(names) >= 40
    assert len(set(names)) == len(names)
    # The committed files are what make_corpus.py writes (nothing edited by hand since).
    for name, content in corpus.KINDS.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        assert (BAD / name).read_bytes() == data, name
    assert sorted(corpus.KINDS) == [n for n in names if n != TEN_MB]
    assert {p.name for p in TOLERATED.iterdir()} == set(corpus.TOLERATED_KINDS)
    assert len(corpus.ten_mb_single_line()) > 10_000_000
    assert corpus.ten_mb_single_line().count(b"\n") == 1


@pytest.mark.parametrize("bad,command", cases())
def test_bad_input_is_refused_in_one_line_and_nothing_is_touched(
    tmp_path, companions, bad, command
):
    folder = workspace(tmp_path, companions, bad)
    args = [a.replace("{bad}", bad) for a in command]
    env = {"SVERKA_CONFIG": bad} if bad.startswith("config-") else None
    before = snapshot(folder)

    result = run(folder, args, env)

    lines = result.stderr.splitlines()
    assert result.returncode == 2, (result.returncode, result.stdout[-500:], result.stderr[-2000:])
    assert "Traceback" not in result.stderr + result.stdout
    assert len(lines) == 1, result.stderr
    assert result.stdout == ""
    line = _NAME.match(bad)["line"]
    if command in AS_SCORE_INPUT and bad.startswith("text-"):
        line = None
    # "FILE:LINE:" where the corpus name gives a line; a mismatch of two files (line counts)
    # may be placed in the other file, but this one is named
    assert f"{bad}:{line}:" in lines[0] if line else bad in lines[0], lines[0]
    assert "needs a terminal" not in lines[0]  # the bad file, not the missing tty, stopped it
    assert snapshot(folder) == before


# -- tolerated: hostile-looking but valid ------------------------------------------------------


def clean_twin(name: str, data: bytes) -> bytes:
    """The same content without what makes it look hostile, derived without sverka."""
    if "cp1251" in name:
        return data.decode("cp1251").encode("utf-8")
    if "utf16" in name:
        return data.decode("utf-16").encode("utf-8")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:]
    return data.replace(b"\r\n", b"\n")


TOLERATED_COMMANDS = {
    "text": [["align", "{f}", "en.txt", "--format", "tsv"], ["check", "{f}", "en.txt"]],
    "po": [
        ["export", "{f}"],
        ["check", "{f}", "--format", "json"],
        ["score", "{f}", "--all", "--format", "json"],
    ],
    "glossary": [
        ["glossary", "convert", "{f}", "{f}.tsv"],
        ["check", "ru.txt", "en.txt", "-g", "{f}", "--format", "json"],
    ],
}


DOUBTFUL = sorted(n for n in corpus.TOLERATED_KINDS if ".line" in n)


@pytest.mark.parametrize("name", sorted(set(corpus.TOLERATED_KINDS) - set(DOUBTFUL)))
def test_tolerated_input_reads_exactly_as_its_clean_twin(tmp_path, name):
    reader = name.split("-")[0]
    if reader == "text":
        (tmp_path / "en.txt").write_text(corpus.EN_TEXT)
    else:
        for n in ("ru.txt", "en.txt"):
            shutil.copy(ARTICLE / n, tmp_path / n)
    data = (TOLERATED / name).read_bytes()
    twin = clean_twin(name, data)
    assert twin != data
    (tmp_path / name).write_bytes(data)
    (tmp_path / f"clean-{name}").write_bytes(twin)
    for command in TOLERATED_COMMANDS[reader]:
        got = run(tmp_path, [a.replace("{f}", name) for a in command])
        want = run(tmp_path, [a.replace("{f}", f"clean-{name}") for a in command])
        assert got.returncode in (0, 1), got.stderr
        assert (got.returncode, got.stdout.replace(name, "F")) == (
            want.returncode,
            want.stdout.replace(f"clean-{name}", "F"),
        ), command
        assert "Traceback" not in got.stderr
    if reader == "glossary":  # what convert wrote
        converted = (tmp_path / f"{name}.tsv").read_bytes()
        assert converted == (tmp_path / f"clean-{name}.tsv").read_bytes()
    assert (tmp_path / name).read_bytes() == data


# What check does with each doubtful glossary: a duplicate term is merged (harmless), an
# unknown part of speech refused (it decides how the term is matched).
DOUBTFUL_IN_CHECK = {"glossary-duplicate-term.line3.csv": 1, "glossary-unknown-pos.line2.csv": 2}


def test_every_doubtful_kind_has_an_expectation():
    assert sorted(DOUBTFUL_IN_CHECK) == DOUBTFUL


@pytest.mark.parametrize("name", DOUBTFUL)
def test_lint_names_a_doubtful_line_and_check_reads_or_refuses_it(tmp_path, name):
    for n in ("ru.txt", "en.txt"):
        shutil.copy(ARTICLE / n, tmp_path / n)
    shutil.copy(TOLERATED / name, tmp_path / name)
    line = re.search(r"\.line(\d+)\.", name).group(1)
    lint = run(tmp_path, ["glossary", "lint", name])
    assert lint.returncode == 1, lint.stderr
    assert lint.stdout.startswith(f"{name}:{line}: "), lint.stdout
    check = run(tmp_path, ["check", "ru.txt", "en.txt", "-g", name, "--format", "json"])
    assert check.returncode == DOUBTFUL_IN_CHECK[name], check.stderr
    if check.returncode == 2:
        assert check.stderr.splitlines() == [check.stderr.strip()]
        assert f"{name}:{line}:" in check.stderr and check.stdout == ""
    else:  # read: the article has findings (1), and the run's summary on stderr
        assert '"findings"' in check.stdout and "error:" not in check.stderr
