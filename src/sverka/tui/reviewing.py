"""The review app's editing keys: accept, reviewed, copy the MT back, clear, note, ignore,
undo and redo, merge and split. A part of ReviewApp (tui/app.py), in a module of its own:
each action is a call to the document plus a redraw."""

from __future__ import annotations

from collections.abc import Callable

from sverka.model import Finding
from sverka.review import ReviewError
from sverka.tui.host import AppHost
from sverka.tui.screens import ChoiceScreen, NoteScreen, SplitScreen, cut_points

NOTE_SECONDS = 8.0  # how long the status line shows a warning


class ReviewActions(AppHost):
    """Actions that change the review document at the current bead."""

    def action_edit(self) -> None:
        if self.index >= 0:
            # At once, not focus()'s call_later: keys already queued must find it moved.
            self.screen.set_focus(self.editor)

    def action_leave_editor(self) -> None:
        self.commit()
        self.beads.focus()

    def _apply(self, change: Callable[[int], object]) -> None:
        """Run a document change on the current bead and show the result."""
        if self.index < 0:
            return
        self.commit()
        change(self.index)
        self._amend = False
        self._load_editor()
        self._changed(self.index)
        self.show_bead()

    def action_accept_next(self) -> None:
        self._apply(self.doc.accept)
        self._warn_if_accepted_with_errors()
        self.action_move(1)

    def action_toggle_reviewed(self) -> None:
        self._apply(self.doc.toggle_reviewed)
        self._warn_if_accepted_with_errors()

    def _warn_if_accepted_with_errors(self) -> None:
        """Accepting is the reviewer's call, so it is never refused; but a bead accepted
        with an error still on it is said once, in the status line (i marks an error that
        is no problem)."""
        if self.index < 0 or not self.doc.entries[self.index].reviewed:
            return
        e = self.doc.entries[self.index]
        errors = [f.code for f in self.session.findings(self.index) if f.severity == "error"]
        if not errors:
            return
        n = len(errors)
        self._status_note = (
            f"accepted {e.id} with {n} error{'s' * (n > 1)}: {', '.join(dict.fromkeys(errors))}"
        )
        if self._note_timer is not None:
            self._note_timer.stop()
        self._note_timer = self.set_timer(NOTE_SECONDS, self._clear_note)
        self.update_status()

    def _clear_note(self) -> None:
        self._status_note = ""
        self.update_status()

    def action_copy_mt(self) -> None:
        self._apply(self.doc.revert)

    def action_clear(self) -> None:
        self._apply(self.doc.clear)

    def action_note(self) -> None:
        if self.index < 0:
            return
        e = self.doc.entries[self.index]
        self.push_screen(NoteScreen(e.id, e.note), self._note_done)

    def _note_done(self, note: str | None) -> None:
        # The dialog shows a note of several lines on one; kept as it was unless changed.
        e = self.doc.entries[self.index] if self.index >= 0 else None
        if note is not None and e is not None and note != NoteScreen.shown(e.note):
            self._apply(lambda i: self.doc.set_note(i, note))

    def action_ignore(self) -> None:
        if self.index < 0:
            return
        e = self.doc.entries[self.index]
        checker = self.session.checker
        every = checker.entry(e, include_ignored=True) if checker else []
        # One choice per key: a mark covers every finding with that key (two Cyrillic words
        # in one bead are both "cyrillic"), and a list with one id twice crashed the dialog.
        by_key: dict[str, list[Finding]] = {}
        for f in every:
            if f.ignore_key not in e.ignored and f.code not in e.ignored:
                by_key.setdefault(f.ignore_key, []).append(f)
        choices = [
            (
                f"+{key}",
                f"{fs[0].code}: {fs[0].message}"
                + (f" (and {len(fs) - 1} more)" if len(fs) > 1 else ""),
            )
            for key, fs in by_key.items()
        ]
        choices += [(f"-{k}", f"(take back) {k} is not a problem") for k in e.ignored]
        if not choices:
            self.notify("no findings on this bead", timeout=3)
            return

        def done(choice: str | None) -> None:
            if choice is None:
                return
            mark = self.doc.ignore if choice[0] == "+" else self.doc.unignore
            self._apply(lambda i: mark(i, choice[1:]))

        self.push_screen(ChoiceScreen("Mark as not a problem", choices), done)

    def _restore(self, index: int | None, what: str) -> None:
        if index is None:
            self.notify(f"nothing to {what}", timeout=3)
            return
        self._amend = False
        self.session.recount()  # merge, split and their undo change which ids exist
        self.beads.entries_moved(index)
        self._changed(index)
        self.index = -1  # reload the panel whatever was open
        pos = self.beads.position_of(min(index, len(self.doc.entries) - 1))
        if pos is not None:
            self.beads.move_cursor(pos)
        self.index = self.beads.current if self.beads.current is not None else -1
        self._load_editor()
        self.show_bead()
        self.update_status()

    def action_undo(self) -> None:
        self.commit()
        self._restore(self.doc.undo(), "undo")

    def action_redo(self) -> None:
        self.commit()
        self._restore(self.doc.redo(), "redo")

    def action_merge(self) -> None:
        if self.index < 0:
            return
        self.commit()
        try:
            self.doc.merge(self.index)
        except ReviewError as err:
            self.notify(str(err), severity="warning", timeout=5)
            return
        self._restore(self.index, "merge")

    def action_split(self) -> None:
        if self.index < 0:
            return
        self.commit()
        e = self.doc.entries[self.index]
        ru, en = cut_points(e.ru, "ru"), cut_points(e.en, "en")
        if len(ru) + len(en) < 2:
            self.notify("one sentence in all: nothing to split", timeout=3)
            return

        def done(cut: tuple[int, int] | None) -> None:
            if cut is None:
                return
            try:
                self.doc.split(self.index, *cut)
            except ReviewError as err:
                self.notify(str(err), severity="warning", timeout=5)
                return
            self._restore(self.index, "split")

        self.push_screen(SplitScreen(e.id, ru, en, e.ru, e.en), done)
