"""What the reviewer sees in the main states, as SVG snapshots (pytest-textual-snapshot).

A change to the screens shows up as a failed snapshot with a visual diff in the report;
review it, then accept it with ``pytest tests/tui/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from sverka.checks import Checker
from sverka.tui.app import ReviewApp, make_app
from sverka.tui.settings import Settings

SIZE = (140, 44)


def _app(session, glossaries) -> ReviewApp:
    return make_app(session, Settings(), lambda: Checker(glossaries))


async def _checked(pilot) -> None:
    app = pilot.app
    for _ in range(500):
        if not app._checking:
            break
        await pilot.pause(0.02)
    await app.workers.wait_for_complete()
    await pilot.pause()


def test_article_opened(snap_compare, session, glossaries):
    assert snap_compare(_app(session, glossaries), terminal_size=SIZE, run_before=_checked)


def test_flagged_bead_with_its_diff(snap_compare, session, glossaries):
    k = next(i for i, e in enumerate(session.doc.entries) if "Protestants" in e.en)

    async def edit(pilot) -> None:
        await _checked(pilot)
        await pilot.press(*["down"] * k, "enter")
        pilot.app.editor.text = session.doc.entries[k].en.replace("some of the", "some")
        await pilot.press("escape")
        await pilot.pause(0.4)  # the live re-check fires 0.15 s after the last change
        await _checked(pilot)

    assert snap_compare(_app(session, glossaries), terminal_size=SIZE, run_before=edit)


def test_filter_dialog(snap_compare, session, glossaries):
    async def open_filter(pilot) -> None:
        await _checked(pilot)
        await pilot.press("f")
        await pilot.pause()

    assert snap_compare(_app(session, glossaries), terminal_size=SIZE, run_before=open_filter)


def test_help_screen(snap_compare, session, glossaries):
    async def open_help(pilot) -> None:
        await _checked(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(_app(session, glossaries), terminal_size=SIZE, run_before=open_help)


def test_after_a_merge(snap_compare, session, glossaries):
    async def merge(pilot) -> None:
        await _checked(pilot)
        await pilot.press(*["down"] * 5, "m")
        await _checked(pilot)

    assert snap_compare(_app(session, glossaries), terminal_size=SIZE, run_before=merge)
