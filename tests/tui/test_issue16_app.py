"""Issue 16's app items driven by Textual's Pilot on the bundled article: what the reviewer
sees after each key, and what is saved (read back with polib, a reader independent of
sverka's own)."""

from __future__ import annotations

import polib
from app_events import rechecked, settled

from sverka.checks import Checker
from sverka.tui.app import ReviewApp, make_app
from sverka.tui.settings import Settings

SIZE = (160, 50)


def app_for(session, glossaries) -> ReviewApp:
    return make_app(session, Settings(), lambda: Checker(glossaries))


def status(app: ReviewApp) -> str:
    return str(app.query_one("#status").render())


def panel_findings(app: ReviewApp) -> str:
    return str(app.query_one("#findings").render())


def inconsistent(session, index: int) -> list[str]:
    return [f.message for f in session.findings(index) if f.code == "inconsistent"]


# -- item 17: document-level findings follow edits --------------------------------------------


async def test_two_beads_made_identical_lose_their_inconsistent_warning_at_once(
    session, glossaries
):
    es = session.doc.entries
    # The page header twice: one Russian, the MT's "Posted" and "Published".
    a, b = (i for i, e in enumerate(es) if e.ru.startswith("Опубликовано"))
    assert es[a].en != es[b].en
    app = app_for(session, glossaries)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        assert inconsistent(session, b) and not inconsistent(session, a)
        warnings = session.severity_counts()["warning"]
        # The reviewer makes the first say what the second says, and goes back to the list.
        await pilot.press(*["down"] * a, "enter")
        await rechecked(app, pilot, es[b].en)  # the live check of what is typed
        assert "inconsistent" not in panel_findings(app), "it named the bead itself"
        await pilot.press("escape")
        await settled(app, pilot)
        assert inconsistent(session, a) == [] and inconsistent(session, b) == []
        assert session.severity_counts()["warning"] == warnings - 1
        assert f"{warnings - 1}W" in status(app)
        await pilot.press("down")  # the other bead's panel says no more than the list
        assert "inconsistent" not in panel_findings(app)
        # Made different again: the warning comes back, naming the other bead.
        await pilot.press("enter")
        app.editor.text = "Posted on 12 January 2022, 09:11"
        await pilot.press("escape")
        await settled(app, pilot)
        assert inconsistent(session, b) and es[a].id in inconsistent(session, b)[0]
        assert all(es[b].id not in m for m in inconsistent(session, b))
        # Undone: identical again, and neither is warned about.
        await pilot.press("ctrl+z")
        await settled(app, pilot)
        assert inconsistent(session, a) == [] and inconsistent(session, b) == []
        assert polib.pofile(str(session.path))[a].msgstr == es[b].en


# -- item 21: the findings panel, search, the filter dialog, split, accept, ignored -----------


async def pick(app: ReviewApp, pilot, key: str, choice: str) -> None:
    """Open a dialog of choices with ``key`` and choose the one with id ``choice``."""
    from textual.widgets import OptionList

    await pilot.press(key)
    await pilot.pause()
    options = app.screen.query_one(OptionList)
    ids = [options.get_option_at_index(k).id for k in range(options.option_count)]
    options.highlighted = ids.index(choice)
    await pilot.press("enter")
    await pilot.pause()


async def test_the_findings_panel_counts_its_findings_and_scrolls_what_does_not_fit(
    session, glossaries
):
    from rich.console import Console

    from sverka.tui import render

    app = app_for(session, glossaries)
    async with app.run_test(size=(120, 45)) as pilot:
        await settled(app, pilot)
        crowded = [i for i in range(len(session.doc.entries)) if len(session.findings(i)) >= 3]
        assert crowded
        for i in crowded:
            app.action_go_to(i)
            await pilot.pause()
            found = session.findings(i)
            heading = str(app.query_one("#findings-heading").render())
            assert heading.startswith(f"Findings: {len(found)} ("), heading
            box = app.query_one("#findings-box")
            text = render.findings_text(found, session.doc.entries[i].en)
            width = app.query_one("#findings").content_size.width
            needed = len(Console(width=width).render_lines(text, pad=False))
            # Every line is on screen, or the rest scroll behind a visible scrollbar.
            assert needed <= box.size.height or box.show_vertical_scrollbar, (i, needed)


async def test_search_finds_a_bead_the_filter_hides_and_says_so(session, glossaries):
    es = session.doc.entries
    app = app_for(session, glossaries)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await pick(app, pilot, "f", "flagged")
        hidden = next(i for i, e in enumerate(es) if not session.findings(i) and len(e.en) > 40)
        assert app.beads.position_of(hidden) is None
        word = es[hidden].en.split()[3]
        assert not any(word in es[i].en for i in app.beads.order)
        await pilot.press("slash", *word, "enter")
        await pilot.pause()
        assert app.index == hidden or word in es[app.index].en
        assert len(app.beads.order) == len(es), "every bead is shown again"
        assert any("outside the filter" in str(n.message) for n in app._notifications)


async def test_filter_then_enter_shows_every_bead_again(session, glossaries):
    app = app_for(session, glossaries)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await pilot.press("ctrl+j", "ctrl+j")
        await pick(app, pilot, "f", "unreviewed")
        assert len(app.beads.order) == len(session.doc.entries) - 2
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.beads.order == list(range(len(session.doc.entries)))


async def test_split_by_typing_the_words_that_begin_the_second_part(session, glossaries):
    es = session.doc.entries
    k = next(i for i, e in enumerate(es) if e.ru == "Сергей Дуванов")
    a, b = es[k - 1], es[k]  # the dateline and the byline: no sentence break between them
    assert a.para == b.para
    app = app_for(session, glossaries)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await pilot.press(*["down"] * (k - 1), "m")
        await settled(app, pilot)
        assert es[k - 1].ru == f"{a.ru} {b.ru}"
        await pilot.press("s", *"серг", "enter")  # no Down per word, one Enter
        await settled(app, pilot)
        disk = [e for e in polib.pofile(str(session.path)) if not e.obsolete]
        assert (disk[k - 1].msgid, disk[k - 1].msgstr) == (a.ru, a.en)
        assert (disk[k].msgid, disk[k].msgstr) == (b.ru, b.en)


async def test_accepting_a_bead_with_an_error_is_said_once_in_the_status_line(session, glossaries):
    app = app_for(session, glossaries)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        errors = [f.code for f in session.findings(0) if f.severity == "error"]
        assert errors
        await pilot.press("ctrl+j")
        await pilot.pause()
        first = session.doc.entries[0]
        assert first.reviewed, "accepting is never refused"
        assert f"accepted {first.id} with {len(errors)} error" in status(app)
        clean = next(i for i in range(1, len(session.doc.entries)) if not session.findings(i))
        app.action_go_to(clean)
        app._clear_note()  # the note's time is up
        await pilot.press("ctrl+j")
        await pilot.pause()
        assert "accepted" not in status(app), "a bead with no error is accepted quietly"


async def test_ignored_findings_can_be_listed_seen_and_taken_back(session, glossaries):
    app = app_for(session, glossaries)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        before = session.findings(0)
        key = before[0].ignore_key
        await pick(app, pilot, "i", f"+{key}")
        await settled(app, pilot)
        assert key not in [f.ignore_key for f in session.findings(0)]
        # The bead's panel still says what was marked, and how to take it back.
        assert f"marked as no problem: {key}" in panel_findings(app)
        # A filter lists every bead with such marks.
        await pick(app, pilot, "f", "ignored")
        assert app.beads.order == [0]
        await pick(app, pilot, "i", f"-{key}")
        await settled(app, pilot)
        assert [f.ignore_key for f in session.findings(0)] == [f.ignore_key for f in before]
        msgctxt = session.doc.entries[0].id
        entry = next(e for e in polib.pofile(str(session.path)) if e.msgctxt == msgctxt)
        assert f"ignore={key}" not in entry.comment
