"""Issue 18 in the review app: each bead's risk as a digit in the row marks, and r for the
riskiest beads first (and back), on the real article, driven by Pilot."""

from __future__ import annotations

from app_events import settled

from sverka import risk
from sverka.checks import Checker
from sverka.tui.app import ReviewApp, make_app
from sverka.tui.beadlist import GUTTER
from sverka.tui.settings import Settings

SIZE = (160, 50)


def app_for(session, glossaries) -> ReviewApp:
    return make_app(session, Settings(), lambda: Checker(glossaries))


def status(app: ReviewApp) -> str:
    return str(app.query_one("#status").render())


def risks(app: ReviewApp) -> list[float]:
    return [app.session.risk(i) for i in app.beads.order]


def expected_risk(app: ReviewApp, i: int) -> float:
    """What sverka.risk says of the entry with the findings the app shows for it."""
    checker = app.session.checker
    entry = app.doc.entries[i]
    return risk.score(entry, app.session.findings(i), checker.stats.median, checker.stats.sigma)


async def test_every_row_shows_its_risk_digit_once_checked(session, glossaries):
    app = app_for(session, glossaries)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        for i in range(5):
            assert app.session.risk(i) == expected_risk(app, i)  # the worker's, applied
        first_row = app.beads.render_line(0).text
        digit = first_row[GUTTER - 2]
        assert digit == str(min(int(expected_risk(app, 0) * 10), 9))


async def test_r_orders_the_riskiest_first_keeps_the_bead_and_goes_back(session, glossaries):
    app = app_for(session, glossaries)
    n = len(session.doc.entries)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await pilot.press(*["down"] * 8)
        here = app.index
        assert here == 8
        await pilot.press("r")
        await pilot.pause()
        shown = risks(app)
        assert sorted(app.beads.order) == list(range(n))  # every bead, none lost
        assert shown == sorted(shown, reverse=True) and shown[0] > shown[-1]
        assert app.index == here and app.beads.current == here  # the cursor's bead kept
        assert "riskiest first" in status(app)
        # moving goes down the risk order, and opens the bead the list shows
        await pilot.press("g")
        top = app.beads.order[0]
        assert app.index == top and app.session.risk(top) == max(shown)
        await pilot.press("down")
        assert app.index == app.beads.order[1]
        here = app.index
        await pilot.press("r")
        await pilot.pause()
        assert app.beads.order == list(range(n))
        assert app.index == here and app.beads.cursor == here
        assert "riskiest first" not in status(app)


async def test_the_risk_order_survives_a_merge(session, glossaries):
    app = app_for(session, glossaries)
    n = len(session.doc.entries)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await pilot.press("r")
        await pilot.pause()
        # merge a bead with the next one in its paragraph, found in the risk order
        doc = app.doc.entries
        pos = next(
            p
            for p, i in enumerate(app.beads.order)
            if i + 1 < n and doc[i].para == doc[i + 1].para and doc[i].ru and doc[i + 1].ru
        )
        await pilot.press("g", *["down"] * pos, "m")
        await settled(app, pilot)
        assert len(app.beads.order) == n - 1
        assert sorted(app.beads.order) == list(range(n - 1))
        shown = risks(app)
        assert shown == sorted(shown, reverse=True)
        assert app.beads.current == app.index


# -- underlines that follow the typing --------------------------------------------------------


def underlined(app: ReviewApp) -> list[str]:
    """The English the editor underlines now (its highlights are UTF-8 byte columns)."""
    out = []
    for row, spans in app.editor._highlights.items():
        line = app.editor.document.get_line(row).encode()
        out += [line[a:b].decode() for a, b, _ in spans]
    return out


async def test_underlines_stay_on_their_words_as_the_reviewer_types(session, glossaries):
    app = app_for(session, glossaries)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        i, word = next(
            (i, e.en[slice(*f.en_span)])
            for i, e in enumerate(session.doc.entries)
            for f in session.findings(i)
            if f.code == "cyrillic" and f.en_span and "\n" not in e.en
        )
        await pilot.press(*["down"] * i, "enter")
        await pilot.pause()
        assert word in underlined(app)
        app._live_check = lambda entry: None  # no re-check: the spans must follow by themselves
        old = app.editor.text
        app.editor.text = "Well, " + old  # typed ahead of the word: it moves 6 on
        await pilot.pause()
        assert word in underlined(app)
        start = old.index(word)
        app.editor.text = "Well, " + old[:start] + "X" + old[start + 1 :]  # into the word
        await pilot.pause()
        assert word not in underlined(app) and "X" + word[1:] not in underlined(app)


def test_follow_edit_moves_spans_after_the_edit_and_drops_those_it_touched():
    from sverka.model import Finding
    from sverka.tui.panel import follow_edit

    before = "The акимат burned, and 146 died."
    f_word = Finding("cyrillic", "error", "x", en_span=(4, 10))
    f_num = Finding("number", "error", "x", en_span=(23, 26))
    f_none = Finding("length", "info", "x")
    after = "The акимат building burned, and 146 died."
    moved = follow_edit([f_word, f_num, f_none], before, after)
    assert [after[slice(*f.en_span)] for f in moved if f.en_span] == ["акимат", "146"]
    assert f_none in moved
    touched = follow_edit([f_word, f_num], before, before.replace("146", "164"))
    assert touched == [f_word]


async def test_the_risk_order_holds_under_a_filter_and_help_explains_the_digit(session, glossaries):
    from textual.widgets import OptionList

    from sverka.tui.screens import ChoiceScreen, HelpScreen

    app = app_for(session, glossaries)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await pilot.press("r", "f")
        assert isinstance(app.screen, ChoiceScreen)
        options = app.screen.query_one(OptionList)
        ids = [options.get_option_at_index(k).id for k in range(options.option_count)]
        options.highlighted = ids.index("flagged")
        await pilot.press("enter")
        await pilot.pause()
        flagged = [i for i in range(len(app.doc.entries)) if session.findings(i)]
        assert sorted(app.beads.order) == flagged
        shown = risks(app)
        assert shown == sorted(shown, reverse=True)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#keys").render())
        assert "0-9 risk" in text and "risk-order" in text
