"""The review app driven by Textual's Pilot, key by key, on the real article.

After each action the test reads the review file from disk with polib (an independent PO
reader): what the reviewer sees must be what is saved.
"""

from __future__ import annotations

import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

import polib
import pytest
from app_events import applied, autosaved, rechecked, settled
from textual.command import CommandPalette
from textual.widgets import Input, OptionList

from sverka.checks import Checker
from sverka.io.po import read_po
from sverka.tui.app import ReviewApp, make_app
from sverka.tui.messages import ChecksFinished, ChecksPrepared
from sverka.tui.screens import ChoiceScreen, HelpScreen, MessageScreen, NoteScreen, SplitScreen
from sverka.tui.settings import Settings

SIZE = (160, 50)


def app_for(session, glossaries, settings: Settings | None = None) -> ReviewApp:
    return make_app(session, settings or Settings(), lambda: Checker(glossaries))


def on_disk(session) -> list[polib.POEntry]:
    return [e for e in polib.pofile(str(session.path)) if not e.obsolete]


def status(app: ReviewApp) -> str:
    return str(app.query_one("#status").render())


def msgfmt_ok(path: Path) -> None:
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True)


def first(session, test) -> int:
    return next(i for i, e in enumerate(session.doc.entries) if test(e))


# -- opening and moving -----------------------------------------------------------------------


async def test_opens_on_the_first_bead_with_counts_and_flags(session, glossaries):
    app = app_for(session, glossaries)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        n = len(session.doc.entries)
        text = status(app)
        assert f"1/{n}" in text and f"0t+0f+{n}u" in text and "LIST" in text and "saved" in text
        errors = sum(f.severity == "error" for i in range(n) for f in session.findings(i))
        assert f"{errors}E" in text
        assert session.doc.entries[0].ru in str(app.query_one("#ru").render())


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (["down"], 1),
        (["j", "j"], 2),
        (["down", "down", "up"], 1),
        (["j", "j", "k"], 1),
        (["ctrl+down", "ctrl+down", "ctrl+up"], 1),
        (["pagedown"], 20),
        (["end"], -1),
        (["end", "home"], 0),
        (["G", "g"], 0),
    ],
)
async def test_moving_keys(session, glossaries, keys, expected):
    app = app_for(session, glossaries)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*keys)
        n = len(session.doc.entries)
        want = expected % n
        assert app.index == want
        assert f"{want + 1}/{n}" in status(app)


async def test_ctrl_down_moves_from_inside_the_editor_and_keeps_the_typing(session, glossaries):
    app = app_for(session, glossaries)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "end", "!", "ctrl+down")
        assert app.index == 1 and app.focused is app.editor
        await settled(app, pilot)
        assert on_disk(session)[0].msgstr == session.doc.entries[0].mt + "!"


async def test_next_flagged_and_next_unreviewed(session, glossaries):
    app = app_for(session, glossaries)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        flagged = [i for i in range(len(session.doc.entries)) if session.findings(i)]
        await pilot.press("n")
        assert app.index == next(i for i in flagged if i > 0)
        await pilot.press("N")
        assert app.index == (0 if 0 in flagged else flagged[-1])
        await pilot.press("ctrl+u", "u")  # the bead is reviewed now: u skips it
        assert app.index == 1 or session.doc.entries[app.index].reviewed is False
        assert app.index != 0 and not session.doc.entries[app.index].reviewed


async def test_click_opens_the_bead_under_the_mouse(session, glossaries):
    app = app_for(session, glossaries)
    async with app.run_test(size=SIZE) as pilot:
        beads = app.beads
        row = beads._starts[3]  # the first screen row of the fourth bead
        await pilot.click("#beads", offset=(10, row))
        assert app.index == 3


# -- editing and saving -----------------------------------------------------------------------


async def test_a_line_break_at_the_end_does_not_leave_the_status_at_unsaved(session, glossaries):
    """A line break at either end of the English is never saved (gettext refuses it); the
    status compared the raw editor text with the saved one and said "unsaved" for good."""
    app = app_for(session, glossaries)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "end", "enter")
        await autosaved(app, pilot)
        assert on_disk(session)[0].msgstr == session.doc.entries[0].mt
        assert "saved" in status(app) and "unsaved" not in status(app)


async def test_typing_is_on_disk_within_two_seconds_without_leaving_the_bead(session, glossaries):
    app = app_for(session, glossaries)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "enter", "ctrl+k", *"Fixed text")
        assert "EDIT" in status(app) and app.index == 1
        await autosaved(app, pilot)
        entry = on_disk(session)[1]
        assert entry.msgstr == "Fixed text" and "fuzzy" in entry.flags
        assert "saved" in status(app) and "unsaved" not in status(app)
        msgfmt_ok(session.path)


async def test_escape_leaves_the_editor_and_leaving_a_bead_saves(session, glossaries):
    app = app_for(session, glossaries)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "ctrl+k", *"Short", "escape")
        assert app.focused is app.beads and "LIST" in status(app)
        await pilot.press("down")
        await settled(app, pilot)
        assert on_disk(session)[0].msgstr == "Short"


@pytest.mark.parametrize("key", ["ctrl+j", "ctrl+enter"])
async def test_accept_and_go_on(session, glossaries, key):
    app = app_for(session, glossaries)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "end", *" OK", key)
        assert app.index == 1 and app.focused is app.editor
        await settled(app, pilot)
        disk = on_disk(session)
        assert disk[0].msgstr.endswith(" OK") and "fuzzy" not in disk[0].flags
        assert "fuzzy" in disk[1].flags
        assert "1t+0f+" in status(app)


async def test_toggle_reviewed_copy_mt_back_and_clear(session, glossaries):
    app = app_for(session, glossaries)
    mt = session.doc.entries[0].mt
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+u")
        await pilot.press("ctrl+s")
        assert "fuzzy" not in on_disk(session)[0].flags
        await pilot.press("ctrl+u", "ctrl+k", "ctrl+s")
        disk = on_disk(session)[0]
        assert "fuzzy" in disk.flags and disk.msgstr == ""
        assert app.editor.text == ""
        await pilot.press("ctrl+b", "ctrl+s")
        assert on_disk(session)[0].msgstr == mt and app.editor.text == mt


async def test_undo_and_redo_reach_the_disk(session, glossaries):
    app = app_for(session, glossaries)
    mt = session.doc.entries[0].mt
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+k", "ctrl+u", "ctrl+z")
        await pilot.press("ctrl+s")
        disk = on_disk(session)[0]
        assert disk.msgstr == "" and "fuzzy" in disk.flags
        await pilot.press("ctrl+z", "ctrl+s")
        assert on_disk(session)[0].msgstr == mt and app.editor.text == mt
        await pilot.press("ctrl+y", "ctrl+y", "ctrl+s")
        disk = on_disk(session)[0]
        assert disk.msgstr == "" and "fuzzy" not in disk.flags


async def test_note(session, glossaries):
    app = app_for(session, glossaries)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("number_sign")
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"ask the client", "enter")
        await settled(app, pilot)
        assert on_disk(session)[0].tcomment == "ask the client"
        assert "#" in app.beads._bead(0)[0].text[:5]


async def test_a_note_typed_then_ctrl_q_is_kept_as_the_editors_text_is(session, glossaries):
    app = app_for(session, glossaries)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("number_sign", *"ask the client", "ctrl+q")
        await pilot.pause()
    assert on_disk(session)[0].tcomment == "ask the client"


async def test_a_note_of_two_lines_survives_the_one_line_dialog_unchanged(session, glossaries):
    """Merging two beads with notes keeps both, one per line; opening the note dialog and
    pressing Enter without a change flattened them into one line (exploratory test)."""
    session.doc.set_note(0, "NOTE-A\nNOTE-B")
    app = app_for(session, glossaries)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("number_sign", "enter")
        await settled(app, pilot)
        assert session.doc.entries[0].note == "NOTE-A\nNOTE-B"
        await pilot.press("number_sign", "end", *" and C", "enter")
        await settled(app, pilot)
        assert session.doc.entries[0].note == "NOTE-A NOTE-B and C"  # changed: as typed


async def test_ignore_a_finding_is_kept_in_the_file(session, glossaries):
    app = app_for(session, glossaries)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        before = session.findings(0)
        assert before, "the article's first bead has findings (a Cyrillic date)"
        await pilot.press("i")
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("enter")
        await settled(app, pilot)
        assert len(session.findings(0)) == len(before) - 1
        text = session.path.read_text(encoding="utf-8")
        assert f"ignore={before[0].ignore_key}" in text


async def test_ignore_on_a_bead_with_two_findings_of_one_key_marks_both(session, glossaries):
    """Two Cyrillic words in one bead are two findings with the key "cyrillic": the dialog
    listed that id twice and crashed the app (exploratory test, p013.s05)."""
    from collections import Counter

    app = app_for(session, glossaries)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        index = next(
            i
            for i in range(len(session.doc.entries))
            if any(n > 1 for n in Counter(f.ignore_key for f in session.findings(i)).values())
        )
        key = next(
            k for k, n in Counter(f.ignore_key for f in session.findings(index)).items() if n > 1
        )
        app.action_go_to(index)  # no filter: list position and entry index are one
        await pilot.pause()
        assert app.index == index
        await pilot.press("i")
        assert isinstance(app.screen, ChoiceScreen)
        ids = [cid for cid, _ in app.screen.choices]
        assert len(ids) == len(set(ids))
        app.screen.dismiss(f"+{key}")
        await settled(app, pilot)
        assert all(f.ignore_key != key for f in session.findings(index))
        assert app.return_code is None


async def test_keys_typed_ahead_of_enter_go_into_the_editor_never_run_as_commands(
    session, glossaries
):
    """A busy moment: Enter and the next letters arrive together, and the letters reached
    the list before the editor had the focus: "a man" merged beads (m), jumped to the next
    flagged one (n), and the text was lost (exploratory test). They must be the text."""
    from textual import events

    app = app_for(session, glossaries)
    n = len(session.doc.entries)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        first = session.doc.entries[0].en
        for key, char in [("e", "e"), ("a", "a"), ("space", " "), ("m", "m"), ("a", "a"),
                          ("n", "n")]:  # fmt: skip
            app.post_message(events.Key(key, char))  # all queued before any is handled
        await pilot.pause(0.3)
        assert app.focused is app.editor and app.index == 0
        assert app.editor.text == "a man" + first
        await pilot.press("escape")
        await settled(app, pilot)
        assert len(session.doc.entries) == n, "a letter ran as a command"
        assert on_disk(session)[0].msgstr == "a man" + first


# -- alignment by hand ------------------------------------------------------------------------


async def test_merge_then_split_back(session, glossaries):
    app = app_for(session, glossaries)
    n = len(session.doc.entries)
    a, b = session.doc.entries[5], session.doc.entries[6]
    assert a.para == b.para
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*["down"] * 5, "m")
        await settled(app, pilot)
        disk = on_disk(session)
        assert len(disk) == n - 1 and disk[5].msgid == f"{a.ru} {b.ru}"
        assert f"6/{n - 1}" in status(app)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SplitScreen)
        # A dateline and a byline merged are one "sentence": the cut points are words. The
        # English cut follows the Russian one (issue 16): Enter splits both.
        ru_words = len(a.ru.split())
        await pilot.press(*["down"] * (ru_words - 1), "enter")
        await settled(app, pilot)
        disk = on_disk(session)
        assert len(disk) == n
        assert (disk[5].msgid, disk[5].msgstr) == (a.ru, a.en)
        assert (disk[6].msgid, disk[6].msgstr) == (b.ru, b.en)
        msgfmt_ok(session.path)


async def test_merge_refused_across_paragraphs_says_why(session, glossaries):
    app = app_for(session, glossaries)
    es = session.doc.entries
    k = first(session, lambda e: True)
    k = next(i for i in range(len(es) - 1) if es[i].para != es[i + 1].para)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*["down"] * k, "m")
        assert len(session.doc.entries) == len(es)
        assert any("paragraph" in str(n.message) for n in app._notifications)


# -- finding, filtering, help -----------------------------------------------------------------


async def test_search_finds_russian_and_english(session, glossaries):
    app = app_for(session, glossaries)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"акимат", "enter")
        assert "акимат" in session.doc.entries[app.index].ru.lower()
        await pilot.press("escape", "home", "slash")
        search = app.query_one("#search Input", Input)
        search.value = ""
        await pilot.press(*"akimats", "enter")
        assert "akimats" in session.doc.entries[app.index].en


async def test_filter_unreviewed_and_by_check(session, glossaries):
    app = app_for(session, glossaries)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await pilot.press("ctrl+j", "ctrl+j")  # two beads reviewed
        await pilot.press("f")
        assert isinstance(app.screen, ChoiceScreen)
        options = app.screen.query_one(OptionList)
        ids = [options.get_option_at_index(k).id for k in range(options.option_count)]
        options.highlighted = ids.index("unreviewed")
        await pilot.press("enter")
        n = len(session.doc.entries)
        assert app.beads.order == list(range(2, n))
        await pilot.press("f")
        options = app.screen.query_one(OptionList)
        ids = [options.get_option_at_index(k).id for k in range(options.option_count)]
        options.highlighted = ids.index("code:cyrillic")
        await pilot.press("enter")
        shown = app.beads.order
        assert shown and all(any(f.code == "cyrillic" for f in session.findings(i)) for i in shown)
        assert len(shown) == sum(
            any(f.code == "cyrillic" for f in session.findings(i)) for i in range(n)
        )


async def test_help_lists_every_key_id_and_remapped_keys(session, glossaries):
    from sverka.tui.keys import KEYS

    settings = Settings(keymap={"next-flagged": "f3"})
    app = app_for(session, glossaries, settings)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await pilot.press("f3")
        assert app.index != 0 and session.findings(app.index)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#keys").render())
        for k in KEYS:
            assert f" {k.id}\n" in text
        assert "F3" in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_the_hint_line_follows_the_mode_shows_remapped_keys_and_takes_clicks(
    session, glossaries
):
    from sverka.tui.hints import KeyHints

    app = app_for(session, glossaries, Settings(keymap={"next-flagged": "f3"}))
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        hints = app.query_one(KeyHints)
        line = str(hints.render())
        assert "F3  Flagged" in line and " n " not in line  # the remapped key, not the default
        assert "Enter  Edit" in line and "Ctrl+Q  Quit" in line
        await pilot.press("enter")
        assert "Esc  List" in str(hints.render()) and "Flagged" not in str(hints.render())
        await pilot.press("escape")
        # a click on "F3  Flagged" goes to the next flagged bead, as the key does
        x = str(hints.render()).index("F3")
        await pilot.click(KeyHints, offset=(x + 1, 0))
        await pilot.pause()
        assert app.index != 0 and session.findings(app.index)


@pytest.mark.parametrize("mode", ["list", "editor"])
async def test_on_an_80_column_terminal_the_hint_line_still_shows_keys_and_quit(
    session, glossaries, mode
):
    """The full list-mode line is over 100 cells: moving hints give way, never the way to
    edit, accept, quit, or to the list of every key."""
    from sverka.tui.hints import KeyHints

    app = app_for(session, glossaries)
    async with app.run_test(size=(80, 30)) as pilot:
        await settled(app, pilot)
        if mode == "editor":
            await pilot.press("enter")
            await pilot.pause()
        line = str(app.query_one(KeyHints).render())
        assert len(line) <= 80
        assert "Ctrl+Q  Quit" in line and "Ctrl+J  Accept" in line
        if mode == "list":  # in the editor ? is a question mark, and Keys is not shown
            assert "?  Keys" in line and "Enter  Edit" in line
        else:
            assert "Esc  List" in line
    wide_app = app_for(session, glossaries)
    async with wide_app.run_test(size=(160, 30)) as pilot:
        await settled(wide_app, pilot)
        wide = str(wide_app.query_one(KeyHints).render())
        assert "Ctrl+J  Accept" in wide and "Ctrl+Q  Quit" in wide


async def test_command_palette_runs_an_action(session, glossaries):
    app = app_for(session, glossaries)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Toggle reviewed")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settled(app, pilot)
        assert session.doc.entries[0].reviewed


async def test_theme_toggles_light_and_dark(session, glossaries):
    app = app_for(session, glossaries)
    async with app.run_test(size=SIZE) as pilot:
        dark = app.current_theme.dark
        await pilot.press("ctrl+t")
        assert app.current_theme.dark is not dark
        await pilot.press("ctrl+t")
        assert app.current_theme.dark is dark


# -- live checks and errors -------------------------------------------------------------------


async def test_live_check_flags_a_forbidden_rendering_as_it_is_typed(session, glossaries):
    app = app_for(session, glossaries)
    k = first(session, lambda e: "Protestants" in e.en)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await pilot.press(*["down"] * k)
        codes = {f.code for f in session.findings(k)}
        assert "term-forbidden" in codes or "pitfall" in codes
        await rechecked(app, pilot, session.doc.entries[k].en.replace("Protestants", "protesters"))
        await settled(app, pilot)
        shown = str(app.query_one("#findings").render())
        assert "Protestants" not in shown
        await rechecked(app, pilot, "Protestants")
        await settled(app, pilot)
        assert "«Protestants»" in str(app.query_one("#findings").render())


async def test_a_file_changed_by_another_program_is_not_overwritten(session, glossaries):
    app = app_for(session, glossaries)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "ctrl+k")
        await settled(app, pilot)
        changed = session.path.read_bytes() + b"\n# edited elsewhere\n"
        session.path.write_bytes(changed)
        await pilot.press(*"Mine", "ctrl+s")
        await settled(app, pilot)
        assert isinstance(app.screen, MessageScreen)
        assert session.path.read_bytes() == changed
        mine = session.path.with_name("en.review.mine.po")
        assert read_po(mine).entries[0].en == "Mine"
        await pilot.press("escape")
        assert app.editor.text == "Mine" and "NOT SAVED" in status(app)


async def test_quit_saves_what_is_typed(session, glossaries):
    app = app_for(session, glossaries)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "ctrl+k", *"Last words", "ctrl+q")
    assert on_disk(session)[0].msgstr == "Last words"
    msgfmt_ok(session.path)


# -- one writer: the app's thread -------------------------------------------------------------


class _Watched(dict):
    """The session's findings cache, noting which threads write it."""

    def __init__(self, writers: set[str]) -> None:
        super().__init__()
        self.writers = writers

    def __setitem__(self, key, value) -> None:
        self.writers.add(threading.current_thread().name)
        super().__setitem__(key, value)

    def clear(self) -> None:
        self.writers.add(threading.current_thread().name)
        super().clear()


class _WatchedCounter(Counter):
    """The session's totals by severity, noting which threads write them."""

    def __init__(self, writers: set[str]) -> None:
        self.writers = writers
        super().__init__()

    def update(self, *args, **kwargs) -> None:
        self.writers.add(threading.current_thread().name)
        super().update(*args, **kwargs)

    def subtract(self, *args, **kwargs) -> None:
        self.writers.add(threading.current_thread().name)
        super().subtract(*args, **kwargs)


async def test_only_the_apps_thread_writes_the_findings_and_their_totals(session, glossaries):
    """The checks worker and the app's thread both wrote the findings cache and the counts by
    severity, without a lock (issue 17): the worker now computes, the app applies."""
    writers: set[str] = set()
    found, severities = _Watched(writers), _WatchedCounter(writers)
    session._found, session._severities = found, severities
    app = app_for(session, glossaries)
    k = first(session, lambda e: "Protestants" in e.en)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*["down"] * k, "enter")  # edits while the checks run
        await pilot.press("ctrl+k", *"Protestants")
        await settled(app, pilot)
        await rechecked(app, pilot, "protesters")
        await pilot.press("escape", "down")
        await settled(app, pilot)
        assert found and severities, "the checks ran and were counted"
        assert writers == {threading.main_thread().name}
        # and the totals are those of the entries as they stand
        counted = Counter(f.severity for i in range(len(session.doc.entries))
                          for f in session.findings(i))  # fmt: skip
        assert +session.severity_counts() == +counted


async def test_a_slow_machine_still_shows_the_findings_of_what_was_typed(
    session, glossaries, monkeypatch
):
    """Each check takes a second here: the waits end when the app applied the results, so the
    test still sees the findings of the English as typed (the snapshot test waited 0.4 s and
    failed on a busy machine)."""
    from sverka import session as engine

    real = engine.findings_for

    def slow(checker, entries):
        time.sleep(1.0)
        return real(checker, entries)

    monkeypatch.setattr(engine, "findings_for", slow)
    app = app_for(session, glossaries)
    k = first(session, lambda e: "Protestants" in e.en)
    async with app.run_test(size=SIZE) as pilot:
        await applied(app, ChecksPrepared)  # the checker is there; each check takes a second
        await pilot.press(*["down"] * k, "enter")
        await rechecked(app, pilot, "Protestants again")
        assert "«Protestants»" in str(app.query_one("#findings").render())
        await applied(app, ChecksFinished)
        await settled(app, pilot)
        assert "checking" not in status(app)
