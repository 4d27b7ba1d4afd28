"""`sverka review` as a person uses it: the real command in a real terminal (tmux), keys typed,
the screen read back, and the review file on disk read afterwards with polib (a PO reader
independent of sverka's own).

Nothing of sverka is imported: the test sees only what a reviewer sees and what is left on disk.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import polib
from tmux_terminal import Terminal, require_tmux, wait_for

ARTICLE = Path(__file__).resolve().parents[2] / "corpora" / "kazakhstan-2022"
SVERKA = Path(sys.executable).parent / "sverka"
TYPED = "The winners will punish the vanquished."
STATUS = re.compile(r"(\d+)t\+(\d+)f\+(\d+)u\s.*?\s(\d+)/(\d+)\s+(LIST|EDIT)\b")


def test_correct_a_bead_accept_it_and_quit_in_a_real_terminal(tmp_path: Path):
    require_tmux()
    for name in ("ru.txt", "en.txt"):
        shutil.copy(ARTICLE / name, tmp_path / name)
    env = {
        k: v for k, v in os.environ.items() if k not in ("TMUX", "SVERKA_CONFIG", "XDG_CONFIG_HOME")
    }
    env.update(HOME=str(tmp_path), TERM="xterm-256color")
    term = Terminal(tmp_path, env, "sverka-e2e")
    # tmux gives its panes TERM=tmux-256color; the command sets the terminal a reviewer has.
    # sverka's stderr stays on the terminal: Textual draws there.
    command = (
        f"env TERM=xterm-256color HOME={shlex.quote(str(tmp_path))} "
        f"{shlex.quote(str(SVERKA))} review ru.txt en.txt -g kazakhstan-2022; "
        "echo EXITED $? > exit.txt"
    )
    exit_file = tmp_path / "exit.txt"

    def status() -> re.Match[str] | None:
        found = [m for line in term.screen().splitlines() if (m := STATUS.search(line))]
        return found[-1] if found else None

    def status_is(pos: int, mode: str):
        def ready():
            m = status()
            return m if m and int(m[4]) == pos and m[6] == mode else None

        return ready

    try:
        term.start(command)
        first = wait_for("the review app's status line at 1/N", status_is(1, "LIST"), term.screen)
        total = int(first[5])
        assert (int(first[1]), int(first[2]), int(first[3])) == (0, 0, total), (
            "nothing reviewed yet"
        )

        term.keys("Down")
        term.keys("Down")
        wait_for(f"the third bead (3/{total})", status_is(3, "LIST"), term.screen)

        term.keys("Enter")
        wait_for("the editor (EDIT)", status_is(3, "EDIT"), term.screen)

        term.keys("C-k")  # clear the English
        wait_for(
            "the cleared bead counted as edited",
            lambda: (m := status()) and m[2] == "1",
            term.screen,
        )
        term.type(TYPED)
        wait_for("the typed correction on screen", lambda: TYPED in term.screen(), term.screen)

        term.keys("Escape")
        wait_for("the list again (LIST)", status_is(3, "LIST"), term.screen)

        term.keys("C-j")  # accept and go to the next bead
        after = wait_for(f"the fourth bead (4/{total})", status_is(4, "LIST"), term.screen)
        assert (int(after[1]), int(after[2])) == (1, 0), "one bead reviewed, none left edited"

        term.keys("C-q")
        wait_for(
            "sverka to exit",
            lambda: exit_file.exists() and exit_file.read_text().strip(),
            term.screen,
        )
        assert exit_file.read_text().strip() == "EXITED 0"
    finally:
        term.kill()

    po_path = tmp_path / "en.review.po"
    entries = [e for e in polib.pofile(str(po_path)) if not e.obsolete]
    assert len(entries) == total, "the status line counted every bead of the review file"

    def mt_of(entry: polib.POEntry) -> str:
        lines = [x for x in entry.comment.split("\n") if x.startswith("mt:")]
        assert len(lines) == 1, entry.comment
        return lines[0].removeprefix("mt:").removeprefix(" ")

    third = entries[2]
    assert third.msgstr == TYPED
    assert "fuzzy" not in third.flags, "accepted: reviewed"
    assert mt_of(third) != TYPED and mt_of(third), "the MT is kept beside the correction"
    assert [e.msgctxt for e in entries].count(third.msgctxt) == 1
    for e in entries[:2] + entries[3:]:
        assert e.msgstr == mt_of(e), e.msgctxt
        assert "fuzzy" in e.flags, e.msgctxt

    check = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(po_path)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
    assert not (tmp_path / ".en.review.po.lock").exists(), "the lock is released on quitting"
    assert not [p.name for p in tmp_path.iterdir() if ".sverka-tmp-" in p.name]
