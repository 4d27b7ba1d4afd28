"""Progress bars on long work (issue 17): real `sverka` processes under a pseudo-terminal.

On a terminal, align, init, update and check show what they are doing (reading a file,
aligning, checking) once the work has taken longer than SVERKA_PROGRESS_AFTER seconds (1 by
default; 0 here, so a small input shows it); piped, they show nothing. The bar's text is
shown safely: a file name with an escape sequence in it never reaches the terminal as one.
"""

from __future__ import annotations

import json
import os
import pty
import re
import select
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTICLE = REPO / "corpora" / "kazakhstan-2022"
SVERKA = str(Path(sys.executable).with_name("sverka"))  # the console script, as a user runs it
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
BAR = "━"  # rich's bar


def env(after: str | None = "0") -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if k != "SVERKA_PROGRESS_AFTER"}
    e.update(COLUMNS="120", LINES="40", TERM="xterm-256color")
    if after is not None:
        e["SVERKA_PROGRESS_AFTER"] = after
    return e


def on_terminal(
    *args: str | Path, cwd: Path, after: str | None = "0", stdout: Path | None = None
) -> tuple[int, bytes]:
    """Run sverka with stderr (and stdout, unless ``stdout`` names a file) on a pty."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: becomes sverka
        try:
            os.chdir(cwd)
            if stdout is not None:
                out = os.open(stdout, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
                os.dup2(out, 1)
            os.execve(SVERKA, [SVERKA, *map(str, args)], env(after))
        finally:
            os._exit(127)
    seen = b""
    while True:
        ready, _, _ = select.select([fd], [], [], 120)
        if not ready:
            os.kill(pid, 9)
            pytest.fail(f"sverka {args} gave nothing for 120 s: {seen[-2000:]!r}")
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the child has closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    os.close(fd)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), seen


def piped(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SVERKA, *map(str, args)], cwd=cwd, env=env("0"), capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip


def bar_lines(raw: bytes) -> list[str]:
    """The bar's frames as a person saw them: each line drawn, escape codes taken out."""
    text = raw.decode("utf-8", "replace")
    frames = re.split(r"\r|\n|\x1b\[2K|\x1b\[1A", text)
    return [f for f in (ANSI.sub("", f).strip() for f in frames) if BAR in f]


def phases(raw: bytes) -> list[str]:
    """The stages the bar named, in order, each once."""
    names: list[str] = []
    for line in bar_lines(raw):
        name = line.split(BAR)[0].strip()
        if name and name not in names:
            names.append(name)
    return names


@pytest.fixture
def texts(tmp_path: Path) -> Path:
    shutil.copy(ARTICLE / "ru.txt", tmp_path / "ru.txt")
    shutil.copy(ARTICLE / "en.txt", tmp_path / "en.txt")
    return tmp_path


def test_align_on_a_terminal_shows_reading_and_aligning_and_keeps_stdout_exact(texts: Path):
    out = texts / "beads.json"
    code, raw = on_terminal("align", "ru.txt", "en.txt", "--format", "json", cwd=texts,
                            stdout=out)  # fmt: skip
    assert code == 0, raw
    assert phases(raw) == ["reading ru.txt", "reading en.txt", "aligning"], raw[-3000:]
    # the bar went to the terminal (stderr), the JSON to the file, whole and nothing else in it
    beads = json.loads(out.read_text(encoding="utf-8"))
    assert len(beads["beads"]) > 50
    assert BAR not in out.read_text(encoding="utf-8")


def test_align_piped_shows_no_bar(texts: Path):
    done = piped("align", "ru.txt", "en.txt", "--format", "tsv", cwd=texts)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert BAR not in done.stdout and "\x1b" not in done.stdout


def test_the_bar_waits_for_slow_work(texts: Path):
    """SVERKA_PROGRESS_AFTER (default 1 s): quick work shows nothing at all."""
    code, raw = on_terminal("align", "ru.txt", "en.txt", "--format", "tsv", cwd=texts,
                            after="60")  # fmt: skip
    assert code == 0, raw
    assert bar_lines(raw) == []


def test_init_and_update_on_a_terminal(texts: Path):
    code, raw = on_terminal("init", "ru.txt", "en.txt", cwd=texts)
    assert code == 0, raw
    assert phases(raw) == ["reading ru.txt", "reading en.txt", "aligning"], raw[-3000:]
    text = ANSI.sub("", raw.decode("utf-8"))
    assert "made en.review.po:" in text  # the summary is still there, the bar cleared away
    code, raw = on_terminal("update", "en.review.po", cwd=texts)
    assert code == 0, raw
    assert phases(raw) == [
        "reading en.review.po", "reading ru.txt", "reading en.txt", "aligning",
        "writing en.review.po",
    ], raw[-3000:]  # fmt: skip
    assert "updated en.review.po" in ANSI.sub("", raw.decode("utf-8"))


def test_init_piped_shows_no_bar(texts: Path):
    done = piped("init", "ru.txt", "en.txt", cwd=texts)
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith("made en.review.po:") and len(done.stderr.splitlines()) == 1
    assert BAR not in done.stderr and "\x1b" not in done.stderr


def test_check_on_a_terminal_shows_checking(texts: Path):
    code, raw = on_terminal("check", "ru.txt", "en.txt", "--fail-on", "never", cwd=texts)
    assert code == 0, raw
    shown = phases(raw)
    assert shown[:4] == ["reading ru.txt", "reading en.txt", "aligning", "checking"], shown
    assert piped("init", "ru.txt", "en.txt", cwd=texts).returncode == 0
    code, raw = on_terminal("check", "en.review.po", "--fail-on", "never", cwd=texts)
    assert code == 0, raw
    assert phases(raw) == ["reading en.review.po", "checking"], raw[-3000:]
    done = piped("check", "en.review.po", "--fail-on", "never", cwd=texts)
    assert BAR not in done.stderr and len(done.stderr.splitlines()) == 1, done.stderr


def test_a_file_name_in_the_bar_is_shown_never_sent(texts: Path):
    """A name is data: an escape sequence in it shows as ␛, and rich markup as itself."""
    name = "ru\x1b[2J\x1b]0;owned\x07[bold]x.txt"
    (texts / "ru.txt").rename(texts / name)
    code, raw = on_terminal("align", name, "en.txt", "--format", "tsv", cwd=texts,
                            stdout=texts / "out.tsv")  # fmt: skip
    assert code == 0, raw
    assert b"\x1b[2J" not in raw and b"\x1b]0;owned" not in raw and b"\x07" not in raw
    assert "reading ru␛[2J␛]0;owned␇[bold]x.txt" in phases(raw), phases(raw)


def test_score_uses_the_same_bar(tmp_path: Path):
    """One mechanism: score's bar too waits SVERKA_PROGRESS_AFTER before it shows."""
    wmt = REPO.parent / "shared" / "data" / "wmt21" / "newstest2021.ru-en.all.xml"
    args = ("score", "--wmt", wmt, "--system", "Online-B", "-m", "bleu", "-m", "chrf", "-j", "1")
    code, raw = on_terminal(*args, cwd=tmp_path, after="0")
    assert code == 0, raw
    assert phases(raw) == ["scoring systems"], raw[-3000:]
    code, raw = on_terminal(*args, cwd=tmp_path, after="60")
    assert code == 0, raw
    assert bar_lines(raw) == [] and "Online-B" in raw.decode("utf-8")
