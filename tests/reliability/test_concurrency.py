"""Two programs on one review file, as real processes: one sverka at a time, and no silent
overwrite of another program's change.

* While `sverka review` has the file open (the real app, in a tmux terminal), `sverka review`
  (in a terminal of its own), `sverka update` and `sverka ignore` are refused: exit code 2,
  one line on stderr naming the pid of the running sverka, the file untouched; `sverka init`
  will not replace the file. Once the app quits, `sverka update` works.
* While `sverka update` re-aligns, a second `sverka update` is refused the same way; a change
  another program makes to the file meanwhile is kept, and the update is refused instead.
* `sverka init` does not replace a review file another program made while it was aligning.
* A review file edited by another program while the app has it open is left as that program
  saved it; the reviewer's version goes beside it, to *.mine.po (the app, in tmux), and the
  same from a plain ReviewSession when the change keeps the size and the mtime.

The commands are the installed `sverka`, run as subprocesses in a folder of their own with the
bundled article; the other program is another process writing the file.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import polib
import pytest
import tmux_terminal
from tmux_terminal import require_tmux

from sverka import reviewfile
from sverka.io.safe import atomic_write

ARTICLE = Path(__file__).resolve().parents[2] / "corpora" / "kazakhstan-2022"
SVERKA = Path(sys.executable).parent / "sverka"
PO = "en.review.po"
LOCK = ".en.review.po.lock"
TIMEOUT = 20.0
STATUS = re.compile(r"(\d+)t\+(\d+)f\+(\d+)u\s.*?\s(\d+)/(\d+)\s+(LIST|EDIT)\b")
TYPED = "The winners will punish the vanquished."
BIG = 60  # copies of the article in the "changed" texts: aligning them takes seconds


def needs_tmux(test):
    """A failure, not a skip, without tmux: make test installs it, so its absence is a
    broken setup that a skip would hide."""

    @functools.wraps(test)
    def run(*args, **kwargs):
        require_tmux()
        return test(*args, **kwargs)

    return run


# -- helpers ----------------------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The article and its review file (nothing reviewed yet), in a folder of their own."""
    for name in ("ru.txt", "en.txt"):
        shutil.copy(ARTICLE / name, tmp_path / name)
    po = tmp_path / PO
    atomic_write(
        po, reviewfile.render(reviewfile.create(tmp_path / "ru.txt", tmp_path / "en.txt", po))
    )
    return tmp_path


def environment(home: Path) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("TMUX", "SVERKA_CONFIG", "XDG_CONFIG_HOME")
    }
    env.update(HOME=str(home), TERM="xterm-256color")
    return env


def sverka(folder: Path, *args: str, terminal: bool = False) -> subprocess.CompletedProcess:
    """Run the sverka command in ``folder``; with ``terminal``, stdin and stdout are a pseudo-
    terminal (as `sverka review` needs) and stderr still a pipe."""
    cmd = [str(SVERKA), *args]
    env = environment(folder)
    if not terminal:
        return subprocess.run(cmd, cwd=folder, env=env, capture_output=True, text=True, timeout=60)
    master, slave = os.openpty()
    shown: list[bytes] = []

    def drain() -> None:  # what the command draws, read so it can never block on a full pty
        try:
            while chunk := os.read(master, 65536):
                shown.append(chunk)
        except OSError:
            pass

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        out = subprocess.run(
            cmd, cwd=folder, env=env, stdin=slave, stdout=slave, stderr=subprocess.PIPE,
            text=True, timeout=60,
        )  # fmt: skip
    finally:
        os.close(slave)
        reader.join(timeout=5)
        os.close(master)
    out.stdout = b"".join(shown).decode(errors="replace")
    return out


def one_error_line(out: subprocess.CompletedProcess) -> str:
    """A refusal as the CLI promises it: exit 2, one line on stderr, no traceback."""
    assert out.returncode == 2, out
    assert "Traceback" not in out.stderr, out.stderr
    lines = out.stderr.splitlines()
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith("sverka: error: "), lines[0]
    return lines[0]


def refusal(path: str, pid: int, holder: str = "sverka review") -> str:
    """The one line a refused command prints: it names the holder's command and pid."""
    return (
        rf"sverka: error: {re.escape(path)} is open in another sverka "
        rf"\({re.escape(holder)}, pid {pid} on {re.escape(socket.gethostname())} "
        r"since (\d{4}-\d\d-\d\d )?\d\d:\d\d\); close it there first"
    )


def lock_holder(folder: Path) -> dict | None:
    try:
        return json.loads((folder / LOCK).read_text())
    except (FileNotFoundError, ValueError):
        return None


def wait_for(what: str, ready, timeout: float = TIMEOUT, details=lambda: ""):
    return tmux_terminal.wait_for(what, ready, details, timeout)


def leftovers(folder: Path) -> list[str]:
    """Lock and temporary files left in the folder."""
    return sorted(p.name for p in folder.iterdir() if ".sverka-tmp-" in p.name or p.name == LOCK)


def write_longer_texts(folder: Path) -> None:
    """The Russian and English replaced by longer versions (the article, BIG times)."""
    for name in ("ru.txt", "en.txt"):
        text = (ARTICLE / name).read_text(encoding="utf-8").strip()
        (folder / name).write_text("\n\n".join([text] * BIG) + "\n", encoding="utf-8")


def another_program(code: str, *args: str) -> None:
    """Run ``code`` in a Python process of its own (the other program that writes the file)."""
    out = subprocess.run(
        [sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True, timeout=30
    )
    assert out.returncode == 0, out.stderr


POEDIT = """
import sys, polib
po = polib.pofile(sys.argv[1])
entry = [e for e in po if not e.obsolete][int(sys.argv[2])]
entry.msgstr = sys.argv[3]
entry.flags = [f for f in entry.flags if f != "fuzzy"]
po.save(sys.argv[1])
"""


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Terminal(tmux_terminal.Terminal):
    def __init__(self, cwd: Path) -> None:
        super().__init__(cwd, environment(cwd), "sverka-rel")

    def start(self, args: str) -> None:
        """`sverka ARGS` in an xterm-sized terminal; its exit code lands in exit.txt, and
        the pane stays a while for its last words to be read (kill() ends it)."""
        super().start(
            f"env TERM=xterm-256color HOME={shlex.quote(str(self.cwd))} "
            f"{shlex.quote(str(SVERKA))} {args}; echo EXITED $? > exit.txt; sleep 30"
        )

    def status(self) -> re.Match[str] | None:
        return self.last_match(STATUS)

    def wait_status(self, pos: int, mode: str) -> re.Match[str]:
        def ready():
            m = self.status()
            return m if m and int(m[4]) == pos and m[6] == mode else None

        return wait_for(f"the status line at {pos}/N {mode}", ready, details=self.screen)

    def exit_code(self) -> str:
        done = self.cwd / "exit.txt"
        wait_for(
            "sverka to exit",
            lambda: done.exists() and done.read_text().strip(),
            details=self.screen,
        )
        return done.read_text().strip()


# -- one sverka at a time ---------------------------------------------------------------------


@needs_tmux
def test_while_the_app_has_the_file_open_every_other_sverka_is_refused_naming_it(folder: Path):
    po = folder / PO
    before = po.read_bytes()
    term = Terminal(folder)
    try:
        term.start(f"review {PO}")
        term.wait_status(1, "LIST")
        holder = wait_for("the app's lock", lambda: lock_holder(folder))
        pid = holder["pid"]
        assert holder["command"] == "sverka review"
        # The pid named is the app running in the terminal.
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        assert b"review" in cmdline and PO.encode() in cmdline, cmdline

        second = sverka(folder, "review", PO, terminal=True)
        assert re.fullmatch(refusal(PO, pid), one_error_line(second))
        assert "\x1b[?1049h" not in second.stdout, "the second app must not start"
        pair = sverka(folder, "review", "ru.txt", "en.txt", terminal=True)
        assert re.fullmatch(refusal(PO, pid), one_error_line(pair))
        update = sverka(folder, "update", PO)
        assert re.fullmatch(refusal(PO, pid), one_error_line(update))
        ignore = sverka(folder, "ignore", PO, "p001.s01", "untranslated")
        assert re.fullmatch(refusal(PO, pid), one_error_line(ignore))
        init = sverka(folder, "init", "ru.txt", "en.txt")
        assert f"{PO}: already exists" in one_error_line(init)

        assert po.read_bytes() == before
        assert lock_holder(folder) == holder, "the refused commands left the lock alone"
        assert term.status() is not None, "the app is still running"
        term.keys("C-q")
        assert term.exit_code() == "EXITED 0"
    finally:
        term.kill()
    assert leftovers(folder) == [], "the app released its lock on quitting"
    after = sverka(folder, "update", PO)
    assert after.returncode == 0, after.stderr  # what stopped it was the app, nothing else


def test_a_second_update_is_refused_and_a_change_made_meanwhile_is_kept(folder: Path):
    """`sverka update` on texts that changed takes seconds to re-align: meanwhile a second
    `sverka update` is refused naming it, and another program changes the review file, which
    the first update then will not overwrite."""
    po = folder / PO
    write_longer_texts(folder)
    first = subprocess.Popen(
        [str(SVERKA), "update", PO], cwd=folder, env=environment(folder),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        wait_for(
            "the first update's lock",
            lambda: (lock_holder(folder) or {}).get("pid") == first.pid,
            details=lambda: first.stderr.read() if first.poll() is not None else "",
        )
        second = sverka(folder, "update", PO)
        assert re.fullmatch(refusal(PO, first.pid, f"sverka update {PO}"), one_error_line(second))
        assert (lock_holder(folder) or {}).get("command", "").endswith(f"sverka update {PO}")

        # Another program (a PO editor) corrects the third entry while the update aligns.
        another_program(POEDIT, po, 2, TYPED)
        theirs = po.read_bytes()
        assert first.poll() is None, "the update ended before the file was changed: texts too short"
        _, err = first.communicate(timeout=60)
    finally:
        if first.poll() is None:
            first.kill()
            first.communicate()
    assert first.returncode == 2, err
    assert "Traceback" not in err and len(err.splitlines()) == 1, err
    assert err.startswith(
        f"sverka: error: {PO}: changed on disk since sverka opened it (by another program?); "
        "not overwriting"
    ), err
    assert po.read_bytes() == theirs
    assert leftovers(folder) == []
    # Run again, the update carries the other program's correction over.
    again = sverka(folder, "update", PO)
    assert again.returncode == 0, again.stderr
    third = [e for e in polib.pofile(str(po)) if not e.obsolete][2]
    assert third.msgstr == TYPED and "fuzzy" not in third.flags


def test_init_does_not_replace_a_review_file_made_while_it_aligned(tmp_path: Path):
    write_longer_texts(tmp_path)
    po = tmp_path / PO
    init = subprocess.Popen(
        [str(SVERKA), "init", "ru.txt", "en.txt"], cwd=tmp_path, env=environment(tmp_path),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        # A second of CPU: long past the check for an existing file (made before reading the
        # texts), and aligning.
        wait_for(
            "init to be aligning", lambda: init.poll() is not None or cpu_seconds(init.pid) > 1
        )
        assert init.poll() is None, init.communicate()
        theirs = b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        another_program(
            "import sys; open(sys.argv[1], 'wb').write(sys.argv[2].encode())", po, theirs.decode()
        )
        _, err = init.communicate(timeout=60)
    finally:
        if init.poll() is None:
            init.kill()
            init.communicate()
    assert init.returncode == 2, err
    assert "Traceback" not in err and len(err.splitlines()) == 1, err
    assert err.startswith(
        f"sverka: error: {PO}: was made by another program while sverka was aligning"
    ), err
    assert po.read_bytes() == theirs
    assert leftovers(tmp_path) == []


OPEN_PAIR = """
import sys
from pathlib import Path
from sverka.errors import SverkaError
from sverka.session import ReviewSession
try:
    session = ReviewSession.open(Path("ru.txt"), Path("en.txt"))
except SverkaError as err:
    print(err, file=sys.stderr)
    sys.exit(2)
session.close()
"""


def test_opening_a_pair_does_not_replace_a_review_file_made_while_it_aligned(tmp_path: Path):
    """`sverka review RU EN` the first time: aligns (seconds, on long texts) holding the lock,
    then writes the review file; another program's file made meanwhile must survive."""
    write_longer_texts(tmp_path)
    po = tmp_path / PO
    opener = subprocess.Popen(
        [sys.executable, "-c", OPEN_PAIR], cwd=tmp_path,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        wait_for("the lock", lambda: lock_holder(tmp_path))  # taken before aligning
        wait_for("aligning", lambda: opener.poll() is not None or cpu_seconds(opener.pid) > 1)
        assert opener.poll() is None, opener.communicate()
        theirs = b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        another_program(
            "import sys; open(sys.argv[1], 'wb').write(sys.argv[2].encode())", po, theirs.decode()
        )
        _, err = opener.communicate(timeout=60)
    finally:
        if opener.poll() is None:
            opener.kill()
            opener.communicate()
    assert po.read_bytes() == theirs
    assert opener.returncode == 2, err
    assert f"{PO}: was made by another program while sverka was aligning" in err


# -- another program's change is never overwritten --------------------------------------------


@needs_tmux
def test_the_app_does_not_overwrite_a_file_another_program_changed_while_it_was_open(
    folder: Path,
):
    po = folder / PO
    mine = folder / "en.review.mine.po"
    original = [e.msgstr for e in polib.pofile(str(po)) if not e.obsolete]
    term = Terminal(folder)
    try:
        term.start(f"review {PO}")
        term.wait_status(1, "LIST")
        # Poedit (here polib, in a process of its own) saves a correction of the first entry.
        another_program(POEDIT, po, 0, "Published on 12 January 2022, 09:11")
        theirs = po.read_bytes()

        term.keys("Down", "Down")
        term.wait_status(3, "LIST")
        term.keys("Enter")
        term.wait_status(3, "EDIT")
        term.keys("C-k")
        term.type(TYPED)
        wait_for("the typed correction", lambda: TYPED in term.screen(), details=term.screen)
        term.keys("Escape")
        term.wait_status(3, "LIST")
        term.keys("C-j")  # accept: the app saves, and finds the file changed
        wait_for(
            "the 'Not saved' message", lambda: "Not saved" in term.screen(), details=term.screen
        )
        screen = " ".join(term.screen().split())
        assert "changed on disk since sverka opened it" in screen, screen
        assert "en.review.mine.po" in screen, screen
        assert po.read_bytes() == theirs

        term.keys("Escape")  # close the message
        term.keys("C-q")  # not saved: the app says so and stays
        wait_for(
            "the warning on quitting", lambda: "Ctrl+Q again" in term.screen(), details=term.screen
        )
        term.keys("C-q")  # quit all the same
        assert term.exit_code() == "EXITED 2"
        # and the last word says where the work went (the line may wrap on screen)
        last = "".join(term.screen().split())
        assert "couldnotsave" in last and "yourversionisin" in last, term.screen()
        assert "en.review.mine.po" in last.split("yourversionisin", 1)[1], term.screen()
    finally:
        term.kill()
    assert po.read_bytes() == theirs, "the other program's file is as it saved it"
    entries = [e for e in polib.pofile(str(mine)) if not e.obsolete]
    assert entries[2].msgstr == TYPED and "fuzzy" not in entries[2].flags
    assert entries[0].msgstr == original[0], "the reviewer's version, as the app had it"
    assert [e.msgstr for k, e in enumerate(entries) if k != 2] == original[:2] + original[3:]
    if shutil.which("msgfmt"):
        check = subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(mine)], capture_output=True, text=True
        )
        assert check.returncode == 0, check.stderr
    assert leftovers(folder) == []


SESSION = """
import json, sys
from pathlib import Path
from sverka.session import ReviewSession
session = ReviewSession.open(Path(sys.argv[1]))
print("open", flush=True)
sys.stdin.readline()
session.doc.edit(2, sys.argv[2])
session.doc.accept(2)
outcome = session.save()
session.close()
print(json.dumps({"written": outcome.written, "error": str(outcome.error),
                  "kind": type(outcome.error).__name__, "kept_at": str(outcome.kept_at)}))
"""

SAME_SIZE = """
import os, sys
path = sys.argv[1]
before = os.stat(path)
data = open(path, "rb").read()
at = data.index(b'msgstr "Posted')
open(path, "wb").write(data[:at] + b'msgstr "POSTED' + data[at + 14:])
os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
"""


def test_a_session_does_not_overwrite_a_same_size_change_with_its_mtime_restored(folder: Path):
    """A ReviewSession in one process, the change made by another that keeps the file's size
    and puts its mtime back (as `touch -r` or rsync -t can): still caught by content."""
    po = folder / PO
    holder = subprocess.Popen(
        [sys.executable, "-c", SESSION, str(po), TYPED], stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline() == "open\n", holder.stderr.read()
        stat = po.stat()
        another_program(SAME_SIZE, po)
        theirs = po.read_bytes()
        assert (po.stat().st_size, po.stat().st_mtime_ns) == (stat.st_size, stat.st_mtime_ns)
        out, err = holder.communicate("save\n", timeout=30)
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.communicate()
    assert holder.returncode == 0, err
    outcome = json.loads(out)
    assert outcome["written"] is False and outcome["kind"] == "ExternalChangeError", outcome
    assert "changed on disk since sverka opened it" in outcome["error"], outcome
    assert outcome["kept_at"] == str(folder / "en.review.mine.po")
    assert po.read_bytes() == theirs
    kept = [e for e in polib.pofile(outcome["kept_at"]) if not e.obsolete]
    assert kept[2].msgstr == TYPED and kept[0].msgstr.startswith("Posted")
    assert leftovers(folder) == []
