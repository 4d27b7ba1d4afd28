"""When the terminal goes away, or SIGTERM/SIGHUP arrives, sverka saves, lets go and exits.

Issue 23, as it happens to a reviewer: the review app runs in a terminal multiplexer whose
window closes (tmux kill-session, an ssh connection dropping). The kernel then hangs the
terminal up and signals only its session leader (the shell), so the app itself gets no
signal at all: its input reads end-of-file. Before the fix it spun at a full core for good,
kept the lock and lost what was typed in the last second.

Also issue 15's item 6: SIGTERM and SIGHUP sent to the app or to any command end it with
exit status 143 / 129 and one line, with no stale lock, no temporary file and no process left.

Every test runs the real ``sverka`` in a real terminal (tmux, or a pseudo-terminal of its
own) and checks the review file with polib and ``msgfmt --check`` as well as sverka.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import shlex
import shutil
import signal
import subprocess
import sys
import termios
import time
from pathlib import Path

import polib
import tmux_terminal
from tmux_terminal import require_tmux

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "corpora" / "kazakhstan-2022"
SVERKA = Path(sys.executable).parent / "sverka"
TMP_MARK = ".sverka-tmp-"
LOCK = ".en.review.po.lock"
EDIT = "Typed a moment before the terminal went away"


def copy_article(folder: Path) -> None:
    for name in ("ru.txt", "en.txt"):
        shutil.copy(ARTICLE / name, folder / name)


def clean_env(home: Path) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("TMUX", "SVERKA_CONFIG", "XDG_CONFIG_HOME")
    }
    env.update(HOME=str(home), TERM="xterm-256color")
    return env


def msgfmt_check(path: Path) -> None:
    out = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr


def english(po: Path) -> list[str]:
    return [e.msgstr for e in polib.pofile(str(po)) if not e.obsolete]


def sverka_processes(folder: Path) -> list[int]:
    """Processes whose working folder is ``folder`` (the app, or anything it forked)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            if Path(os.readlink(proc / "cwd")) == folder:
                found.append(int(proc.name))
        except OSError:
            continue
    return found


def until(what: str, ready, timeout: float, details=lambda: "") -> object:
    return tmux_terminal.wait_for(what, ready, details, timeout)


def reopens(folder: Path) -> None:
    """A second `sverka review` of the file opens (the lock was let go): it gets as far as
    wanting a terminal, which it is refused here, instead of "open in another sverka"."""
    out = subprocess.run(
        [str(SVERKA), "review", "en.review.po"],
        cwd=folder, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60,
    )  # fmt: skip
    assert out.returncode == 2
    assert "needs a terminal" in out.stderr, out.stderr


# -- the terminal multiplexer's window closes -------------------------------------------------


def test_closing_the_terminal_saves_the_edit_lets_go_of_the_file_and_ends_the_app(tmp_path):
    require_tmux()
    copy_article(tmp_path)
    env = clean_env(tmp_path)
    # The shell in front of sverka is the terminal's session leader, as in a terminal window
    # or `tmux new-session "make demo"`: the hang-up signals the shell, not sverka. The shell
    # ignores SIGHUP (so that it lives on to write sverka's exit status down), and sverka
    # inherits that: what ends sverka here is only its noticing that the terminal is gone.
    command = f"trap '' HUP; {shlex.quote(str(SVERKA))} review ru.txt en.txt; echo $? > exit.txt"
    term = tmux_terminal.Terminal(tmp_path, env, name="sverka-hangup")
    po = tmp_path / "en.review.po"
    try:
        term.start(command)
        until("the review app", lambda: "LIST" in term.screen(), 30, term.screen)
        term.keys("Enter")
        until("the editor", lambda: "EDIT" in term.screen(), 10, term.screen)
        term.type(EDIT)
        until("the typed text on screen", lambda: EDIT in term.screen(), 10, term.screen)
        term.kill()  # the window closes: no Ctrl+Q, no save by hand, well within the autosave
        closed = time.monotonic()
        until(
            "sverka to end",
            lambda: (tmp_path / "exit.txt").exists() and not sverka_processes(tmp_path),
            5,
            lambda: f"left running: {sverka_processes(tmp_path)}",
        )
        assert time.monotonic() - closed < 2.0
    finally:
        term.kill()
        for pid in sverka_processes(tmp_path):
            os.kill(pid, signal.SIGKILL)
    assert (tmp_path / "exit.txt").read_text().strip() == "129"
    assert not (tmp_path / LOCK).exists()
    assert not [p for p in tmp_path.iterdir() if TMP_MARK in p.name]
    assert any(e.startswith(EDIT) for e in english(po)), english(po)[:2]
    msgfmt_check(po)
    reopens(tmp_path)


# -- a pseudo-terminal of its own, sverka its session leader ----------------------------------


class Pty:
    """sverka on a pseudo-terminal of its own, as the session leader with it as controlling
    terminal (a terminal emulator's shell that exec'd sverka): closing the master end is the
    window closing, and the kernel sends SIGHUP."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, b"\x28\x00\x78\x00\x00\x00\x00\x00")  # 40x120

        def controlling_terminal() -> None:
            os.setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.proc = subprocess.Popen(
            args, cwd=cwd, env=clean_env(cwd), stdin=slave, stdout=slave, stderr=slave,
            preexec_fn=controlling_terminal, close_fds=True,
        )  # fmt: skip
        os.close(slave)
        self.master = master
        self.output = bytearray()

    def read(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            if self.master < 0 or not select.select([self.master], [], [], left)[0]:
                continue
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output += chunk

    def wait_for(self, marker: bytes, timeout: float) -> None:
        end = time.monotonic() + timeout
        start = len(self.output)
        while marker not in self.output[start:] and time.monotonic() < end:
            self.read(0.1)
        assert marker in self.output[start:], bytes(self.output[-2000:])

    def write(self, data: bytes) -> None:
        os.write(self.master, data)

    def close(self) -> None:
        if self.master >= 0:
            os.close(self.master)
            self.master = -1


def start_app(folder: Path) -> Pty:
    term = Pty([str(SVERKA), "review", "ru.txt", "en.txt"], folder)
    term.wait_for(b"LIST", 30)
    term.write(b"\r")  # Enter: edit the first bead
    term.wait_for(b"EDIT", 10)
    term.write(EDIT.encode())
    term.wait_for(EDIT[-12:].encode(), 10)
    return term


def test_sighup_from_a_closed_terminal_window_saves_and_exits_129(tmp_path):
    copy_article(tmp_path)
    term = start_app(tmp_path)
    try:
        term.close()  # the kernel hangs the terminal up and signals its session leader
        assert term.proc.wait(timeout=5) == 129
    finally:
        term.close()
        if term.proc.poll() is None:
            term.proc.kill()
    po = tmp_path / "en.review.po"
    assert any(e.startswith(EDIT) for e in english(po))
    assert not (tmp_path / LOCK).exists()
    assert not sverka_processes(tmp_path)
    msgfmt_check(po)
    reopens(tmp_path)


def test_sigterm_saves_restores_the_terminal_and_exits_143(tmp_path):
    copy_article(tmp_path)
    term = start_app(tmp_path)
    try:
        term.proc.send_signal(signal.SIGTERM)
        term.read(0.0)
        rc = term.proc.wait(timeout=5)
        term.read(1.0)  # what it wrote on the way out
    finally:
        term.close()
        if term.proc.poll() is None:
            term.proc.kill()
    assert rc == 143
    tail = bytes(term.output).decode("utf-8", "replace")
    assert "\x1b[?1049l" in tail  # the terminal's own screen is back
    last = tail.rsplit("\x1b[?1049l", 1)[1]
    assert "sverka: terminated (SIGTERM); saved en.review.po" in last
    assert "Traceback" not in tail
    po = tmp_path / "en.review.po"
    assert any(e.startswith(EDIT) for e in english(po))
    assert not (tmp_path / LOCK).exists()
    msgfmt_check(po)


# -- the other commands ------------------------------------------------------------------------


def long_pair(folder: Path, copies: int) -> None:
    """The article many times over, so that aligning it takes a few seconds."""
    for name in ("ru.txt", "en.txt"):
        text = (ARTICLE / name).read_text(encoding="utf-8").strip()
        (folder / name).write_text("\n\n".join([text] * copies) + "\n", encoding="utf-8")


def test_sigterm_during_update_leaves_the_review_file_whole_and_no_lock(tmp_path):
    long_pair(tmp_path, 2)
    made = subprocess.run([str(SVERKA), "init", "ru.txt", "en.txt"], cwd=tmp_path, timeout=120)
    assert made.returncode == 0
    po = tmp_path / "en.review.po"
    before = po.read_bytes()
    long_pair(tmp_path, 30)  # the texts grew: update re-aligns them all, for seconds
    proc = subprocess.Popen(
        [str(SVERKA), "update", "en.review.po"], cwd=tmp_path,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    # update holds the lock while it reads and aligns; SIGTERM comes in the middle of that.
    until("update to take the lock", lambda: (tmp_path / LOCK).exists(), 60)
    time.sleep(0.3)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 143, err
    assert err == "sverka: terminated (SIGTERM)\n"
    assert out == ""
    assert po.read_bytes() == before
    assert not (tmp_path / LOCK).exists()
    assert not [p for p in tmp_path.iterdir() if TMP_MARK in p.name]


def test_sighup_ends_check_with_its_dictionary_process_and_no_traceback(tmp_path):
    long_pair(tmp_path, 30)
    proc = subprocess.Popen(
        [str(SVERKA), "check", "ru.txt", "en.txt"], cwd=tmp_path,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    # The dictionary process is forked before the texts are read: wait until it is there.
    until("check's second process", lambda: len(sverka_processes(tmp_path)) >= 2, 30)
    proc.send_signal(signal.SIGHUP)
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 129, err
    assert err == "sverka: hung up (SIGHUP: the terminal closed)\n"
    until("no process left", lambda: not sverka_processes(tmp_path), 5)


def systems(folder: Path, lines: int) -> list[str]:
    """A reference and three systems' output, ``lines`` segments each."""
    import random

    rng = random.Random(7)
    words = [
        "the",
        "a",
        "of",
        "in",
        "to",
        "and",
        "model",
        "text",
        "review",
        "good",
        "bad",
        "system",
        "words",
        "more",
        "less",
    ]
    names = ["ref.txt", "s1.txt", "s2.txt", "s3.txt"]
    for name in names:
        segs = (" ".join(rng.choice(words) for _ in range(15)) for _ in range(lines))
        (folder / name).write_text("\n".join(segs) + "\n", encoding="utf-8")
    return ["--ref", *names]


def test_score_with_worker_processes_ends_when_done(tmp_path):
    # Pool.terminate() at the end sends SIGTERM to the idle workers: a handler inherited
    # from sverka's own made them wait forever, and score with them.
    proc = subprocess.run(
        [str(SVERKA), "score", *systems(tmp_path, 300)], cwd=tmp_path,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "s3.txt" in proc.stdout


def test_sigterm_ends_score_and_its_workers_with_one_line(tmp_path):
    proc = subprocess.Popen(
        [str(SVERKA), "score", *systems(tmp_path, 1000), "--paired-bs"], cwd=tmp_path,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    until("score's worker processes", lambda: len(sverka_processes(tmp_path)) >= 2, 60)
    proc.send_signal(signal.SIGTERM)
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 143, err
    assert err == "sverka: terminated (SIGTERM)\n"
    until("no process left", lambda: not sverka_processes(tmp_path), 5)
