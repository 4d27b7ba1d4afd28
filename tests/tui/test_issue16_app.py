"""Issue 16's app items driven by Textual's Pilot on the bundled article: what the reviewer
sees after each key, and what is saved (read back with polib, a reader independent of
sverka's own)."""

from __future__ import annotations

import polib

from sverka.checks import Checker
from sverka.tui.app import ReviewApp, make_app
from sverka.tui.settings import Settings

SIZE = (160, 50)


def app_for(session, glossaries) -> ReviewApp:
    return make_app(session, Settings(), lambda: Checker(glossaries))


async def settled(app: ReviewApp, pilot) -> None:
    for _ in range(500):
        await pilot.pause()
        if not app._checking:
            break
        await pilot.pause(0.02)
    await app.workers.wait_for_complete()
    await pilot.pause()


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
        app.editor.text = es[b].en
        await pilot.pause(0.4)  # the live check, 0.15 s after the last change
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
