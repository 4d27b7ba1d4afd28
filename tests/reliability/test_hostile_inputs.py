"""Hostile inputs that are not a file in a folder (issue 15, items 8 and 9).

The bad-input corpus (tests/data/bad, test_bad_input.py) covers files; here are the cases that
are a device, a FIFO, a folder or an option value: ``SVERKA_CONFIG=/dev/zero`` (read until
memory ran out), a FIFO as the settings (hung), ``--encoding undefined`` (exit 70 with a
traceback), ``--checks ''`` (ran nothing, exit 0 even with --fail-on warning). Each runs the
installed ``sverka`` as a real process and asserts what a user relies on: exit 2, one line on
stderr naming the file or the option, no traceback, nothing on stdout, no file made or changed,
and, for the ones that hung or filled memory, an end well within the time allowed.

Six tests guard the other side, that what was read before still is (a known theme, a real
--encoding, a glossary from a named pipe, TBX in UTF-16 with a BOM, windows-1251, KOI8-R):
they pass on the code before issue 15 too. Every other test here failed on it (34 of 40).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "corpora" / "kazakhstan-2022"
SVERKA = Path(sys.executable).parent / "sverka"
TIMEOUT = 20  # seconds a run may take before it counts as a hang
QUICK = 10  # what a refusal must take at most (a run starts in about a second)


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    """The article's texts and the review file sverka makes of them, made once."""
    folder = tmp_path_factory.mktemp("made")
    for name in ("ru.txt", "en.txt"):
        shutil.copy(ARTICLE / name, folder / name)
    done = subprocess.run(
        [SVERKA, "init", "ru.txt", "en.txt", "-o", "good.review.po"],
        cwd=folder, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return folder


@pytest.fixture
def folder(tmp_path: Path, made: Path) -> Path:
    for p in made.iterdir():
        shutil.copy2(p, tmp_path / p.name)
    return tmp_path


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.name: (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def run(folder: Path, args: list[str], config: str | None = None):
    env = {**os.environ, "SVERKA_CONFIG": config or str(folder / "no-settings.toml")}
    started = time.monotonic()
    result = subprocess.run(
        [str(SVERKA), *args], cwd=folder, capture_output=True, text=True, timeout=TIMEOUT,
        env=env, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    return result, time.monotonic() - started


def assert_refused(result, naming: str) -> str:
    """Exit 2, one stderr line that names ``naming``, no traceback, nothing on stdout."""
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("sverka: error: "), lines[0]
    assert naming in lines[0], lines[0]
    assert result.stdout == ""
    return lines[0]


# -- the settings: only a regular file, at most 1 MiB --------------------------------------------


def test_settings_from_dev_zero_are_refused_at_once_without_reading_it(folder):
    before = snapshot(folder)
    result, took = run(folder, ["review", "ru.txt", "en.txt"], config="/dev/zero")
    line = assert_refused(result, "/dev/zero:")
    assert "regular file" in line
    assert took < QUICK
    assert snapshot(folder) == before


def test_a_fifo_as_the_settings_is_refused_and_never_waited_on(folder):
    fifo = folder / "settings.toml"
    os.mkfifo(fifo)  # nobody ever writes to it: opened without O_NONBLOCK it blocks for ever
    before = snapshot(folder)
    result, took = run(folder, ["review", "ru.txt", "en.txt"], config=str(fifo))
    line = assert_refused(result, f"{fifo}:")
    assert "FIFO" in line
    assert took < QUICK
    assert snapshot(folder) == before


def test_settings_over_one_mib_are_refused_naming_the_size(folder):
    big = folder / "big.toml"
    big.write_text('theme = "textual-light"\n' + "# padding\n" * 120_000)  # 1.2 MB of valid TOML
    result, took = run(folder, ["review", "ru.txt", "en.txt"], config=str(big))
    assert "at most 1 MiB" in assert_refused(result, "big.toml:")
    assert took < QUICK


def test_a_known_theme_and_keys_still_pass_the_settings_check(folder):
    good = folder / "good.toml"
    good.write_text('theme = "textual-light"\n[keys]\naccept-next = "ctrl+j,f8"\n')
    result, _ = run(folder, ["review", "ru.txt", "en.txt"], config=str(good))
    # read and accepted: what stops the app now is only the missing terminal
    assert result.returncode == 2
    assert "needs a terminal" in result.stderr, result.stderr


# -- option values: one line naming the option -------------------------------------------------

# Codecs that decode no text file: a traceback (undefined), errors blamed on the file (rot13,
# hex, base64), or text decoded into something else (utf-7, idna, punycode, unicode_escape).
NOT_FILE_ENCODINGS = [
    "undefined",
    "rot13",
    "hex",
    "base64",
    "utf-7",
    "idna",
    "punycode",
    "unicode_escape",
    "nope",
]
COMMANDS_WITH_ENCODING = [
    (["align", "ru.txt", "en.txt", "--en-encoding", "{enc}"], "--en-encoding"),
    (["align", "ru.txt", "en.txt", "--ru-encoding", "{enc}"], "--ru-encoding"),
    (["init", "ru.txt", "en.txt", "-o", "new.po", "--encoding", "{enc}"], "--encoding"),
    (["update", "good.review.po", "--encoding", "{enc}"], "--encoding"),
    (["check", "ru.txt", "en.txt", "--encoding", "{enc}"], "--encoding"),
    (["review", "ru.txt", "en.txt", "--encoding", "{enc}"], "--encoding"),
]


@pytest.mark.parametrize("encoding", NOT_FILE_ENCODINGS)
def test_align_refuses_an_encoding_that_reads_no_text_file(folder, encoding):
    result, _ = run(folder, ["align", "ru.txt", "en.txt", "--encoding", encoding])
    line = assert_refused(result, "--encoding: ")
    assert repr(encoding) in line
    assert "ru.txt" not in line  # the option is at fault, not the file


@pytest.mark.parametrize("encoding", ["undefined", "rot13"])
@pytest.mark.parametrize(
    "command,option", COMMANDS_WITH_ENCODING, ids=[f"{c[0]} {o}" for c, o in COMMANDS_WITH_ENCODING]
)
def test_every_command_refuses_such_an_encoding_before_touching_anything(
    folder, command, option, encoding
):
    before = snapshot(folder)
    result, _ = run(folder, [a.replace("{enc}", encoding) for a in command])
    assert f"'{encoding}'" in assert_refused(result, f"{option}: ")
    assert snapshot(folder) == before  # no review file made, no lock left, nothing rewritten


def test_a_real_encoding_is_still_taken(folder):
    (folder / "en1252.txt").write_bytes(
        (ARTICLE / "en.txt").read_text().encode("cp1252", "replace")
    )
    args = ["align", "ru.txt", "en1252.txt", "--en-encoding", "cp1252", "--format", "tsv"]
    result, _ = run(folder, args)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ru\ten\tconfidence")


@pytest.mark.parametrize("command", ["check", "review"])
@pytest.mark.parametrize(
    "selection",
    [
        ["--checks", ""],
        ["--checks", ","],
        ["--checks", " , "],
        ["--checks", "number", "--skip", "number"],
    ],
    ids=["empty", "comma", "spaced-comma", "skip-all-chosen"],
)
def test_a_selection_of_no_check_is_refused(folder, command, selection):
    args = [command, "good.review.po", *selection]
    if command == "check":
        args += ["--fail-on", "warning"]  # exited 0: a CI gate that passed everything
    result, _ = run(folder, args)
    option = "--skip" if "--skip" in selection else "--checks"
    assert_refused(result, option)


# -- glossaries and texts the user names: read as asked, never without end ---------------------


def test_dev_zero_as_a_glossary_or_a_text_stops_at_the_cap(folder):
    for args, cap in (
        (["glossary", "lint", "/dev/zero"], "64 MiB"),
        (["align", "/dev/zero", "en.txt"], "256 MiB"),
    ):
        result, took = run(folder, args)
        assert cap in assert_refused(result, "/dev/zero:")
        assert took < QUICK


def test_a_glossary_from_a_pipe_the_user_named_is_read(folder):
    """`sverka check -g <(grep ... terms.csv)`: a FIFO given on the command line is read."""
    fifo = folder / "terms.csv"
    os.mkfifo(fifo)
    glossary = "ru,en,forbidden\nпротестующие,protesters,Protestants\n"

    def writer() -> None:
        with open(fifo, "w", encoding="utf-8") as f:
            f.write(glossary)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    result, _ = run(folder, ["glossary", "lint", "terms.csv"])
    thread.join(5)
    assert result.returncode == 0, result.stderr
    assert "terms.csv: 1 entries, no problems" in result.stderr


# -- TBX encodings that are read ----------------------------------------------------------------

TBX = (
    '<?xml version="1.0" encoding="{enc}"?>\n'
    '<martif type="TBX-Basic" xml:lang="ru"><text><body>\n'
    '<termEntry id="c1">\n'
    '<langSet xml:lang="ru"><tig><term>протестующие</term></tig></langSet>\n'
    '<langSet xml:lang="en"><tig><term>protesters</term></tig></langSet>\n'
    "</termEntry>\n</body></text></martif>\n"
)


@pytest.mark.parametrize(
    "name,data",
    [
        ("utf16-bom.tbx", TBX.format(enc="UTF-16").encode("utf-16")),
        ("utf32-bom.tbx", TBX.format(enc="UTF-32").encode("utf-32")),
        ("cp1251.tbx", TBX.format(enc="windows-1251").encode("cp1251")),
        ("koi8.tbx", TBX.format(enc="KOI8-R").encode("koi8-r")),
    ],
    ids=["utf16-bom", "utf32-bom", "cp1251", "koi8-r"],
)
def test_a_tbx_in_unicode_with_a_bom_or_a_one_byte_code_page_reads_as_its_utf8_twin(
    folder, name, data
):
    (folder / name).write_bytes(data)
    (folder / "twin.tbx").write_text(TBX.format(enc="UTF-8"), encoding="utf-8")
    got, _ = run(folder, ["glossary", "convert", name, "got.csv"])
    want, _ = run(folder, ["glossary", "convert", "twin.tbx", "want.csv"])
    assert (got.returncode, want.returncode) == (0, 0), got.stderr + want.stderr
    assert (folder / "got.csv").read_bytes() == (folder / "want.csv").read_bytes()
    assert "протестующие,protesters" in (folder / "got.csv").read_text(encoding="utf-8")
