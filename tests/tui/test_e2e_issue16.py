"""Issue 16's app bugs in a real terminal: `sverka review` under tmux, keys typed, the screen
read back, the exit status and the review file on disk checked afterwards."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sys
from pathlib import Path

import polib
from tmux_terminal import Terminal, require_tmux, wait_for

ARTICLE = Path(__file__).resolve().parents[2] / "corpora" / "kazakhstan-2022"
BIN = Path(sys.executable).parent
STATUS = re.compile(r"(\d+)t\+(\d+)f\+(\d+)u\s.*?\s(\d+)/(\d+)(.*?)\s+(LIST|EDIT)\b")


def _terminal(tmp_path: Path, name: str) -> Terminal:
    require_tmux()
    for f in ("ru.txt", "en.txt"):
        shutil.copy(ARTICLE / f, tmp_path / f)
    env = {
        k: v for k, v in os.environ.items() if k not in ("TMUX", "SVERKA_CONFIG", "XDG_CONFIG_HOME")
    }
    env.update(HOME=str(tmp_path), TERM="xterm-256color")
    return Terminal(tmp_path, env, name)


def _run(term: Terminal, tmp_path: Path, argv: str) -> Path:
    exit_file = tmp_path / "exit.txt"
    term.start(
        f"env TERM=xterm-256color HOME={shlex.quote(str(tmp_path))} {argv} "
        # stderr stays on the terminal (Textual draws there), and so does the screen after
        "; echo EXITED $? > exit.txt; sleep 60"
    )
    return exit_file


def _exited(term: Terminal, exit_file: Path) -> str:
    wait_for(
        "sverka to exit", lambda: exit_file.exists() and exit_file.read_text().strip(), term.screen
    )
    return exit_file.read_text().strip()


def test_split_under_the_alignment_filter_keeps_the_app_running(tmp_path: Path):
    """f, "Alignment to check (≠)", s, Enter crashed the app every time (IndexError in
    render_line, exit status 1)."""
    term = _terminal(tmp_path, "sverka-i16-split")
    sverka = shlex.quote(str(BIN / "sverka"))
    exit_file = _run(term, tmp_path, f"{sverka} review ru.txt en.txt")

    def status():
        return term.last_match(STATUS)

    try:
        first = wait_for("the status line", status, term.screen, timeout=60)
        total = int(first[5])
        # Wait for the checks: the filter dialog lists the checks' codes only after them.
        wait_for("the checks", lambda: "checking" not in term.screen(), term.screen, timeout=60)
        term.keys("f")
        wait_for("the filter dialog", lambda: "Alignment to check" in term.screen(), term.screen)
        term.keys(*["Down"] * 5, "Enter")
        shown = wait_for(
            "the alignment filter",
            lambda: (m := status()) and "alignment to check" in m[6] and m,
            term.screen,
        )
        before = int(shown[5])
        term.keys("s")
        wait_for("the split dialog", lambda: "first part ends after" in term.screen(), term.screen)
        term.keys("Enter")
        # Both parts of the split bead stay in the filtered list.
        wait_for(
            f"the list after the split, {before + 1} beads shown",
            lambda: (m := status()) and int(m[5]) == before + 1,
            term.screen,
        )
        term.keys("Down", "Down", "Up")  # draw other rows of the list
        wait_for("the second bead", lambda: (m := status()) and m[4] == "2" and m, term.screen)
        term.keys("C-q")
        assert _exited(term, exit_file) == "EXITED 0", term.screen()
    finally:
        term.kill()
    entries = [e for e in polib.pofile(str(tmp_path / "en.review.po")) if not e.obsolete]
    assert len(entries) == total + 1


def test_a_failure_inside_the_app_exits_70_and_keeps_the_work(tmp_path: Path):
    """A bug in the app (here one planted in the list's drawing, as the split crash was)
    ends with 70, the status the README gives a bug, never Textual's 1."""
    term = _terminal(tmp_path, "sverka-i16-bug")
    planted = (
        "import sys, sverka.tui.app as a\n"
        "def boom(self, *args):\n"
        "    raise IndexError('planted')\n"
        "a.ReviewApp.action_toggle_theme = boom\n"
        "from sverka.cli import run\n"
        "sys.argv = ['sverka', 'review', 'ru.txt', 'en.txt']\n"
        "run()\n"
    )
    (tmp_path / "planted.py").write_text(planted)
    python = shlex.quote(str(BIN / "python"))
    exit_file = _run(term, tmp_path, f"{python} planted.py")
    try:
        wait_for("the status line", lambda: term.last_match(STATUS), term.screen, timeout=60)
        term.keys("C-k")  # clear the first bead's English: work that must be saved
        wait_for("the edit counted", lambda: (m := term.last_match(STATUS)) and m[2] == "1")
        term.keys("C-t")
        assert _exited(term, exit_file) == "EXITED 70"
        wait_for("the traceback", lambda: "IndexError" in term.screen(), term.screen)
    finally:
        term.kill()
    first = next(e for e in polib.pofile(str(tmp_path / "en.review.po")) if not e.obsolete)
    assert first.msgstr == ""


_SCROLLBAR = "▁▂▃▄▅▆▇█▔▕▏▎▍▌▋▊▉ "


def test_the_list_shows_every_letter_of_the_english(tmp_path: Path):
    """The list's English column was laid out as if the scrollbar were not there, so a line
    that filled the column lost its last letters under it ("will go bac", "whic")."""
    term = _terminal(tmp_path, "sverka-i16-width")
    sverka = shlex.quote(str(BIN / "sverka"))
    exit_file = _run(term, tmp_path, f"{sverka} review ru.txt en.txt")
    try:
        wait_for("the status line", lambda: term.last_match(STATUS), term.screen, timeout=60)
        wait_for("the list drawn, checked", lambda: (s := term.screen()).count(" │ ") > 8
                 and "checking" not in s, term.screen, timeout=60)  # fmt: skip
        screen = term.screen().splitlines()
        term.keys("C-q")
        assert _exited(term, exit_file) == "EXITED 0"
    finally:
        term.kill()
    beads: list[list[str]] = []
    for line in screen:
        if "Russian ·" in line:  # the bead panel: the list ends above it
            break
        if " │ " not in line:
            continue
        if line[0] in "·✓":
            beads.append([])
        if beads:
            beads[-1].append(line.split(" │ ", 1)[1].rstrip(_SCROLLBAR))
    beads = beads[:-1]  # the last may be cut off by the panel below
    shown = [" ".join(x for x in rows if x) for rows in beads]
    entries = [e for e in polib.pofile(str(tmp_path / "en.review.po")) if not e.obsolete]
    assert len(shown) >= 3, "\n".join(screen)
    assert any(len(rows) > 1 for rows in beads), "some English lines are wrapped"
    assert shown == [e.msgstr for e in entries[: len(shown)]]


def test_review_reopened_without_g_checks_with_the_glossary_it_was_made_with(tmp_path: Path):
    """`sverka review RU EN -g kazakhstan-2022`, quit, then `sverka review en.review.po` (the
    README's own example): the glossary's errors were 0 the second time, silently."""
    term = _terminal(tmp_path, "sverka-i16-setup")
    sverka = shlex.quote(str(BIN / "sverka"))
    counts = re.compile(r"(\d+)E (\d+)W (\d+)i\b")
    seen = []
    try:
        for argv in ("review ru.txt en.txt -g kazakhstan-2022", "review en.review.po"):
            (tmp_path / "exit.txt").unlink(missing_ok=True)
            exit_file = _run(term, tmp_path, f"{sverka} {argv}")
            wait_for("the checks' counts", lambda: term.last_match(counts), term.screen, 60)
            wait_for("the glossary in the status line",
                     lambda: "glossary: kazakhstan-2022" in term.screen(), term.screen)  # fmt: skip
            seen.append(term.last_match(counts)[0])
            term.keys("C-q")
            assert _exited(term, exit_file) == "EXITED 0", term.screen()
            term.kill()
    finally:
        term.kill()
    assert seen[0] == seen[1]
    assert int(seen[0].split("E")[0]) > 20  # the glossary's errors are among them
    # An option given to review replaces that part of the set-up, and is recorded.
    term = _terminal(tmp_path, "sverka-i16-setup2")
    try:
        exit_file = _run(term, tmp_path, f"{sverka} review en.review.po --no-pitfalls")
        wait_for("the status line", lambda: term.last_match(STATUS), term.screen, timeout=60)
        term.keys("C-q")
        assert _exited(term, exit_file) == "EXITED 0", term.screen()
    finally:
        term.kill()
    head = polib.pofile(str(tmp_path / "en.review.po")).metadata
    assert head["X-Sverka-Glossaries"] == "kazakhstan-2022"
    assert head["X-Sverka-Pitfalls"] == ""
