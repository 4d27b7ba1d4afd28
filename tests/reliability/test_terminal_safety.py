"""Nothing in a file takes over the terminal: escape sequences are shown, never sent.

Texts, review files, glossaries, lock records, WMT test sets and file names come from other
people. Each test plants the same sequences in one of them (``PLANT``: an OSC 52 clipboard
write, an OSC 0 window title, an OSC 8 hyperlink, a clear screen, a right-to-left override
and an 8-bit CSI) and runs the installed ``sverka`` as a real process on a pseudo-terminal
(stdin, stdout and stderr all on it, as in a terminal window), recording every byte it
writes there. None of the planted sequences may arrive (``assert_safe``); where the text is
shown, its visible form (``␛]52;…``) must be there instead. Machine formats keep the data
exactly: JSON escapes it, CSV guards formula cells, TSV to a pipe is byte-exact.

The review app is driven the same way: started in the pty, it paints, goes to the planted
bead, opens its note and the editor, and quits with Ctrl+Q.
"""

from __future__ import annotations

import csv
import fcntl
import io
import json
import os
import select
import shutil
import socket
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "corpora" / "kazakhstan-2022"
SVERKA = Path(sys.executable).parent / "sverka"

CLIPBOARD = "\x1b]52;c;UFdORUQ=\x1b\\"  # OSC 52: put "PWNED" on the clipboard
TITLE = "\x1b]0;PWNED-TITLE\x07"  # OSC 0: the window title, BEL-terminated
LINK = "\x1b]8;;http://evil.example/\x1b\\"  # OSC 8: a hyperlink
CLEAR = "\x1b[2JCLEARED"  # CSI 2J: wipe the screen
RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE
C1_CSI = "\x9b2J"  # the 8-bit CSI
PLANT = CLIPBOARD + TITLE + LINK + CLEAR + RLO + C1_CSI
# What must never reach the terminal: each planted sequence as the terminal would obey it.
FORBIDDEN = {
    "OSC 52 clipboard write": b"\x1b]52;c;UFdORUQ=",
    "OSC 0 title": b"\x1b]0;PWNED-TITLE",
    "OSC 8 hyperlink": b"\x1b]8;;http://evil.example/",
    "CSI 2J clear screen": b"\x1b[2JCLEARED",
    "U+202E right-to-left override": RLO.encode(),
    "C1 CSI (U+009B)": C1_CSI.encode(),
}
# A file name cannot hold "/": the same without the hyperlink.
NAME_PLANT = CLIPBOARD + TITLE + CLEAR + RLO + C1_CSI
SHOWN = "␛]52;c;UFdORUQ=".encode()  # the clipboard sequence as sverka shows it


def assert_safe(output: bytes) -> None:
    arrived = [name for name, seq in FORBIDDEN.items() if seq in output]
    assert not arrived, f"reached the terminal: {', '.join(arrived)}\n{output[-400:]!r}"


def _winsize(fd: int, rows: int = 40, cols: int = 140) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


class Pty:
    """A command on a pseudo-terminal of its own; ``output`` is every byte it wrote there."""

    def __init__(self, args: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
        self.master, slave = os.openpty()
        _winsize(slave)
        self.chunks: list[bytes] = []
        self.proc = subprocess.Popen(
            [str(SVERKA), *args], cwd=cwd, stdin=slave, stdout=slave, stderr=slave,
            env={**os.environ, "TERM": "xterm-256color", "COLUMNS": "140", "LINES": "40",
                 "SVERKA_CONFIG": str(cwd / "no-settings.toml"), **(env or {})},
            start_new_session=True, close_fds=True,
        )  # fmt: skip
        os.close(slave)
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self._drain, daemon=True)
        self.reader.start()

    def _drain(self) -> None:
        while True:
            try:
                ready, _, _ = select.select([self.master], [], [], 0.1)
                if not ready:
                    if self.proc.poll() is not None:
                        # the child has gone: read what is left, then stop
                        ready, _, _ = select.select([self.master], [], [], 0.2)
                        if not ready:
                            return
                    continue
                chunk = os.read(self.master, 65536)
            except OSError:  # EIO: every writer has closed the pty
                return
            if not chunk:
                return
            with self.lock:
                self.chunks.append(chunk)

    @property
    def output(self) -> bytes:
        with self.lock:
            return b"".join(self.chunks)

    def send(self, keys: str | bytes) -> None:
        os.write(self.master, keys.encode() if isinstance(keys, str) else keys)

    def wait_for(self, what: bytes, timeout: float = 20.0, after: int = 0) -> int:
        """Wait until ``what`` shows after byte ``after``; return where the output ends."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            out = self.output
            if what in out[after:]:
                return len(out)
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        pytest.fail(f"waited for {what!r}; the terminal shows:\n{self.output[-3000:]!r}")

    def finish(self, timeout: float = 30.0) -> tuple[int, bytes]:
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            pytest.fail(f"did not end; the terminal shows:\n{self.output[-3000:]!r}")
        self.reader.join(timeout=5)
        os.close(self.master)
        return code, self.output


def on_terminal(folder: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, bytes]:
    return Pty(list(args), folder, env).finish()


def piped(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(SVERKA), *args], cwd=folder, capture_output=True, timeout=60,
        env={**os.environ, "SVERKA_CONFIG": str(folder / "no-settings.toml")},
    )  # fmt: skip


# -- the planted files -------------------------------------------------------------------------

EN_AT = "the winners will punish the losers"
RU_AT = "победители накажут побеждённых"


@pytest.fixture
def texts(tmp_path: Path) -> Path:
    """The bundled article with PLANT inside its fifth bead, on both sides."""
    en = (ARTICLE / "en.txt").read_text("utf-8")
    ru = (ARTICLE / "ru.txt").read_text("utf-8")
    assert EN_AT in en and RU_AT in ru
    en = en.replace(EN_AT, EN_AT.replace("punish", "punish" + PLANT), 1)
    ru = ru.replace(RU_AT, RU_AT.replace("накажут", "накажут" + PLANT), 1)
    (tmp_path / "en.txt").write_text(en, "utf-8")
    (tmp_path / "ru.txt").write_text(ru, "utf-8")
    return tmp_path


@pytest.fixture
def review(texts: Path) -> Path:
    """A review file of the planted texts whose planted entry has a planted note too."""
    out = piped(texts, "init", "ru.txt", "en.txt")
    assert out.returncode == 0, out.stderr
    po = texts / "en.review.po"
    text = po.read_text("utf-8")
    at = text.index("#. mt: In Kazakhstan, the winners will punish")
    po.write_text(text[:at] + "# check this" + PLANT + "\n" + text[at:], "utf-8")
    assert _planted_entry(texts).note == "check this" + PLANT
    return texts


def _planted_entry(folder: Path):
    from sverka.reviewfile import open_review

    doc = open_review(folder / "en.review.po").doc
    return next(e for e in doc.entries if "punish" + PLANT in e.en)


def plant_stale_lock(folder: Path, po: str = "en.review.po") -> None:
    """The lock record a crashed sverka left, its fields written by someone else."""
    record = {"pid": 999_999_999, "host": socket.gethostname() + PLANT,
              "since": "yesterday" + PLANT, "command": "sverka review" + PLANT}  # fmt: skip
    (folder / f".{po}.lock").write_text(json.dumps(record, ensure_ascii=False) + "\n", "utf-8")


# -- align --------------------------------------------------------------------------------------


def test_align_table_on_a_terminal_shows_the_sequences(texts: Path) -> None:
    code, out = on_terminal(texts, "align", "ru.txt", "en.txt")
    assert code == 0, out[-2000:]
    assert_safe(out)
    assert SHOWN in out and "⟨RLO⟩⟨CSI⟩2J".encode() in out


def test_align_tsv_on_a_terminal_is_safe_and_in_a_pipe_exact(texts: Path) -> None:
    code, out = on_terminal(texts, "align", "ru.txt", "en.txt", "--format", "tsv")
    assert code == 0, out[-2000:]
    assert_safe(out)
    assert SHOWN in out
    # Piped, a tool gets the text exactly: the same bytes as in the file.
    done = piped(texts, "align", "ru.txt", "en.txt", "--format", "tsv")
    assert done.returncode == 0
    rows = [line.split("\t") for line in done.stdout.decode().splitlines()[1:]]
    assert any(PLANT in r[4] for r in rows) and any(PLANT in r[3] for r in rows)


def test_align_json_escapes_every_unsafe_character_and_keeps_the_data(texts: Path) -> None:
    done = piped(texts, "align", "ru.txt", "en.txt", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert_safe(done.stdout)
    assert b"\\u202e" in done.stdout and b"\\u009b" in done.stdout
    data = json.loads(done.stdout)
    assert any(PLANT in s for s in data["en"]) and any(PLANT in s for s in data["ru"])


# -- check ---------------------------------------------------------------------------------------


@pytest.fixture
def glossary(texts: Path) -> Path:
    """A shared glossary whose note (shown with every finding of its term) is planted."""
    (texts / "g.csv").write_text(
        f'ru,en,forbidden,note,pos\nпобедитель,victor,winners,"say victor{PLANT}",noun\n',
        "utf-8",
    )
    return texts


def test_check_text_on_a_terminal_shows_glossary_notes_and_quotes_safely(glossary: Path) -> None:
    code, out = on_terminal(glossary, "check", "ru.txt", "en.txt", "-g", "g.csv")
    assert code == 1, out[-2000:]  # findings: a forbidden rendering, the control characters
    assert_safe(out)
    text = out.decode()
    assert "say victor␛]52;c;UFdORUQ=" in text  # the note, shown
    assert "error control: ESC (escape sequence)" in text


def test_check_json_escapes_c1_and_bidi(glossary: Path) -> None:
    done = piped(glossary, "check", "ru.txt", "en.txt", "-g", "g.csv", "--format", "json")
    assert done.returncode == 1, done.stderr
    assert_safe(done.stdout)
    findings = json.loads(done.stdout)["findings"]
    assert any(PLANT in f["message"] for f in findings)  # the note, exactly


def test_check_csv_guards_formula_cells(texts: Path) -> None:
    (texts / "g.csv").write_text(
        "ru,en,forbidden,note,pos\nпобедитель,victor,winners,,noun\n", "utf-8"
    )
    # A file name is a cell of every row; one that a spreadsheet would run as a formula.
    formula = '=HYPERLINK("evil.example","x")'
    shutil.copy(texts / "en.txt", texts / (formula + ".txt"))
    done = piped(texts, "check", "ru.txt", formula + ".txt", "-g", "g.csv", "--format", "csv")
    assert done.returncode == 1, done.stderr
    rows = list(csv.reader(io.StringIO(done.stdout.decode())))
    assert rows[0][0] == "file" and len(rows) > 2
    assert {r[0] for r in rows[1:]} == {"'" + formula + ".txt"}
    for row in rows[1:]:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row), row


# -- the review app ---------------------------------------------------------------------------


def test_review_app_never_sends_the_planted_sequences(review: Path) -> None:
    plant_stale_lock(review)  # the app says it took the lock over, naming the record's fields
    app = Pty(["review", "en.review.po"], review)
    try:
        at = app.wait_for(b"? keys")  # the status line: the first screen is out
        time.sleep(1.5)  # let it paint, check and notify for a while
        app.send("/")
        time.sleep(0.3)
        app.send("punish")
        time.sleep(0.3)
        app.send("\r")  # the planted bead opens in the panel
        at = app.wait_for(b"p00", after=at)
        time.sleep(0.5)
        app.send("\x1b")  # close the search
        time.sleep(0.5)
        app.send("#")  # the note dialog, with the planted note
        at = app.wait_for(b"Note on", after=at)
        time.sleep(0.5)
        app.send("\x1b")
        time.sleep(0.3)
        app.send("\r")  # into the editor, which holds the planted English
        time.sleep(0.8)
        app.send("\x11")  # Ctrl+Q
    finally:
        code, out = app.finish()
    assert code == 0, out[-3000:]
    assert_safe(out)
    # Shown, visibly: the English (list and editor), the note (heading), the finding.
    assert "punish␛]52;c;UFdORUQ=".encode() in out
    assert b"note: check" in out and "this␛]52;c;UFdORUQ=".encode() in out
    assert b"control" in out and b"ESC (escape sequence)" in out
    # The reviewer's data is untouched: the editor showed stand-ins, the file keeps the text.
    entry = _planted_entry(review)
    assert entry.en == entry.mt and entry.note == "check this" + PLANT


# -- messages -------------------------------------------------------------------------------------


def test_error_naming_a_file_with_escapes_in_its_name(tmp_path: Path) -> None:
    name = "review" + NAME_PLANT + ".po"
    (tmp_path / name).write_text("this is not a PO file\n", "utf-8")
    code, out = on_terminal(tmp_path, "check", name)
    assert code == 2, out
    assert_safe(out)
    assert out.decode().count("sverka: error:") == 1 and SHOWN in out


def test_missing_file_with_escapes_in_its_name(tmp_path: Path) -> None:
    code, out = on_terminal(tmp_path, "export", "gone" + NAME_PLANT + ".po")
    assert code == 2, out
    assert_safe(out)
    assert SHOWN in out


def test_took_over_the_lock_warning_shows_the_record_safely(review: Path) -> None:
    plant_stale_lock(review)
    code, out = on_terminal(review, "ignore", "en.review.po", "p001.s01", "punctuation")
    assert code == 0, out
    assert_safe(out)
    assert b"took over the lock" in out and "sverka review␛]52".encode() in out


def test_glossary_lint_output_is_safe(texts: Path) -> None:
    (texts / "g.csv").write_text(
        "ru,en,forbidden,note,pos\n"
        f"победитель{PLANT},victor,,,noun\nпобедитель{PLANT},winner,,,noun\n",
        "utf-8",
    )
    code, out = on_terminal(texts, "glossary", "lint", "g.csv")
    assert code == 1, out
    assert_safe(out)


# -- score ----------------------------------------------------------------------------------------

WMT = """<?xml version='1.0' encoding='utf-8'?>
<dataset id="t"><doc origlang="ru" id="d1">
<src lang="ru"><p><seg id="1">Победители накажут побеждённых.</seg><seg id="2">Всё вернётся.</seg></p></src>
<ref lang="en" translator="A"><p><seg id="1">The winners will punish the losers.</seg><seg id="2">All will return.</seg></p></ref>
<hyp system="{name}" lang="en"><p><seg id="1">The winners punish the losers.</seg><seg id="2">All returns.</seg></p></hyp>
</doc></dataset>
"""


def test_score_table_shows_wmt_system_names_safely(tmp_path: Path) -> None:
    name = "Online" + RLO + "B" + C1_CSI + "[link=http://evil.example/]x[/link]"
    (tmp_path / "t.xml").write_text(WMT.format(name=name), "utf-8")
    code, out = on_terminal(tmp_path, "score", "--wmt", "t.xml", "-j", "1")
    assert code == 0, out
    assert_safe(out)
    assert b"]8;" not in out  # rich markup in a name is text, not a hyperlink
    assert "Online⟨RLO⟩B⟨CSI⟩2J".encode() in out


def test_score_table_shows_system_file_names_safely(tmp_path: Path) -> None:
    (tmp_path / "ref.txt").write_text("The winners will punish the losers.\n", "utf-8")
    name = "sys" + NAME_PLANT + ".txt"
    (tmp_path / name).write_text("The winners punish the losers.\n", "utf-8")
    code, out = on_terminal(tmp_path, "score", "--ref", "ref.txt", name, "-j", "1")
    assert code == 0, out
    assert_safe(out)
    assert SHOWN in out


def test_score_json_escapes_system_names(tmp_path: Path) -> None:
    name = "Online" + RLO + "B" + C1_CSI
    (tmp_path / "t.xml").write_text(WMT.format(name=name), "utf-8")
    done = piped(tmp_path, "score", "--wmt", "t.xml", "-j", "1", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert_safe(done.stdout)
    assert json.loads(done.stdout)["items"][0]["name"] == name


# -- the editor: shown safely, the reviewer's text kept -----------------------------------------


async def test_editor_draws_stand_ins_and_keeps_the_text_exactly(review: Path) -> None:
    """The English editor holds the text as it is (nothing saved as an edit by opening the
    bead, however odd its characters), and draws every control and bidi mark as a visible
    stand-in of one character, so no line it paints holds one."""
    from sverka.session import ReviewSession
    from sverka.tui.app import make_app

    po = review / "en.review.po"
    odd = "losers,\u2028and\x85nothing\x0bwill\x1c change"  # Textual would split lines here
    text = po.read_text("utf-8")
    at = text.index('msgstr "In Kazakhstan, the winners will punish')
    end = text.index("\n", at)
    po.write_text(text[:at] + text[at:end].replace("losers, and nothing will change", odd)
                  + text[end:], "utf-8")  # fmt: skip
    session = ReviewSession.open(po)
    try:
        k = next(i for i, e in enumerate(session.doc.entries) if odd in e.en)
        original, revision = session.doc.entries[k].en, session.doc.revision
        app = make_app(session)
        async with app.run_test(size=(140, 40)) as pilot:
            await pilot.pause()
            await pilot.press(*["down"] * k, "enter")
            await pilot.pause(0.3)
            editor = app.editor
            assert editor.text == original
            drawn = [editor.get_line(i).plain for i in range(editor.document.line_count)]
            assert len(drawn) == 1 and len(drawn[0]) == len(original)  # one line, same columns
            assert all(c not in drawn[0] for c in "\x1b\x07\x9b\u202e\u2028\x85\x0b\x1c")
            assert "punish␛]52;c;UFdORUQ=␛\\␛]0;PWNED-TITLE␇" in drawn[0]
            strips = [editor.render_line(y) for y in range(editor.size.height)]
            painted = "".join(seg.text for strip in strips for seg in strip)
            assert "\x1b" not in painted and "\u202e" not in painted
            await pilot.press("escape", "down", "up")  # leave the bead and come back
            await pilot.pause(0.3)
        assert session.doc.entries[k].en == original
        assert session.doc.revision == revision  # opening and leaving the bead edited nothing
    finally:
        session.close()


def test_score_html_report_still_escapes_system_names(tmp_path: Path) -> None:
    name = "<script>alert(1)</script>" + RLO + C1_CSI
    (tmp_path / "t.xml").write_text(WMT.format(name=name.replace("<", "&lt;")), "utf-8")
    done = piped(tmp_path, "score", "--wmt", "t.xml", "-j", "1", "--html", "r.html")
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "r.html").read_text("utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)" in html
