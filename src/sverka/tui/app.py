"""The review app: the bead list above, the current bead below, the status line at the foot.

The app owns nothing but screen state. The document, its file, its findings and its saving
live in the engine's ReviewSession; every action here is a call to it plus a redraw.
Work is never more than a second or two from the disk: leaving a bead saves, a timer commits
what is typed and saves once a change is a second old, and quitting saves.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import re
import select
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, work
from textual.app import App, ComposeResult, SystemCommand
from textual.events import DescendantBlur, DescendantFocus
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static, TextArea
from textual.worker import Worker, WorkerState, get_current_worker

from sverka.checks import CHECKS
from sverka.errors import SverkaError
from sverka.model import Entry, Finding
from sverka.review import ReviewError, clean_english
from sverka.session import ReviewSession, SaveOutcome, next_wanted
from sverka.termsafe import visible
from sverka.tui import keys
from sverka.tui.beadlist import BeadList, not_one_to_one
from sverka.tui.hints import KeyHints
from sverka.tui.panel import BeadPanel, EnglishEditor
from sverka.tui.screens import (
    ChoiceScreen,
    HelpScreen,
    MessageScreen,
    NoteScreen,
    SearchBar,
    SplitScreen,
)
from sverka.tui.settings import DEFAULT_THEME, LIGHT_THEME, Settings

if TYPE_CHECKING:
    from sverka.checks import Checker

SAVE_AFTER = 1.0  # seconds a change may wait before it is written (the promise is 2 s)
TICK = 0.25
CHECK_DELAY = 0.15  # re-check the English this long after the last keystroke
NOTE_SECONDS = 8.0  # how long the status line shows a warning

# "from_list": every list key goes through it (keys.bindings)
_REVIEW_ACTIONS = frozenset(
    {k.action.split("(")[0] for k in keys.KEYS if k.id != "quit"} | {"from_list"}
)

FILTERS = {
    "all": ("All beads", None),
    "flagged": ("Flagged", lambda app, i: bool(app.session.findings(i))),
    "unreviewed": ("Not yet reviewed", lambda app, i: not app.doc.entries[i].reviewed),
    "changed": ("Changed from the MT", lambda app, i: app.doc.entries[i].changed),
    "notes": ("With a note", lambda app, i: bool(app.doc.entries[i].note)),
    "alignment": ("Alignment to check (≠)", lambda app, i: not_one_to_one(app.doc.entries[i])),
    "ignored": (
        "With findings marked as no problem (i takes a mark back)",
        lambda app, i: bool(app.doc.entries[i].ignored),
    ),
}


class ReviewApp(App[None]):
    TITLE = "sverka"
    BINDINGS = keys.bindings("app")
    CSS = """
    Screen { layout: vertical; }
    #beads { height: 1fr; min-height: 5; }
    #status { height: 1; background: $panel; color: $text; padding: 0 1; }
    """

    def __init__(
        self,
        session: ReviewSession,
        settings: Settings | None = None,
        make_checker: Callable[[], Checker] | None = None,
        in_force: str = "",
    ) -> None:
        super().__init__()
        self.session = session
        self.in_force = in_force  # which glossaries check the review, and whence
        self._glossary_label = _glossary_label(in_force)  # once, not at every status update
        self.settings = settings or Settings()
        self.make_checker = make_checker
        self.index = -1  # the entry open in the panel
        self._loading = False  # the editor's text is being set by the app, not typed
        self._amend = False  # the next commit folds into the last edit of this bead
        self._pending_since: float | None = None  # oldest change not yet on disk
        self._save_error: str | None = None
        self._message_due: str | None = None  # a failed save's message, not shown yet
        self._typed_at = 0.0  # when the reviewer last typed in the editor
        self._quit_anyway = False
        self._status_text = ""
        self._checking = make_checker is not None
        self._check_progress = 0
        self._filter = "all"
        self._status_cache: tuple = ()
        self._live_timer = None
        self._followed = False  # the document's figures caught up once the checks ran
        self._status_note = ""  # a warning the status line shows for a few seconds
        self._note_timer = None
        # SIGHUP or SIGTERM, once the app has saved and is ending because of it (the CLI
        # then exits 128 + it); the terminal's hang-up counts as SIGHUP.
        self.ended_by: int | None = None
        self._event_loop: asyncio.AbstractEventLoop | None = None
        self._watching = threading.Event()  # cleared when the watch on the terminal ends
        self._ending = False
        self._terminal_fd = -1  # the terminal watched for a hang-up, once the app runs on one

    @property
    def doc(self):
        return self.session.doc

    # -- building -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield BeadList(self.session, id="beads")
        yield BeadPanel(id="panel")
        yield SearchBar(id="search")
        yield Static(id="status")
        self.hints = KeyHints(dict(self.settings.keymap), id="hints")
        yield self.hints

    def on_mount(self) -> None:
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        else:
            self.notify(
                f"no theme {self.settings.theme!r}; using {DEFAULT_THEME}", severity="warning"
            )
        self.title = visible(f"sverka · {self.session.path.name}")
        if self.in_force:  # names from the review file: shown, never sent (termsafe)
            self.title += visible(f" · {self.in_force}")
            self.notify(self.in_force, title="Checked with", timeout=8)
        self.beads.focus()
        if self.doc.entries:
            self.select(0)
        for warning in self.session.warnings:
            self.notify(warning, severity="warning", timeout=10)
        self.set_interval(TICK, self._tick)
        self._event_loop = asyncio.get_running_loop()
        if not self.is_headless:
            self._watch_terminal()
        if self.ended_by is not None:  # a signal came before the loop ran
            self.call_later(self.end_for, self.ended_by)
        gc.freeze()  # the loaded document: see _run_checks
        # The background work starts once the first screen is out: started here, it took
        # CPU from the first paint (3.04 s against 2.71 s at 100,000 beads, bench/tui).
        self.call_after_refresh(self._start_background)
        self.update_status()

    def notify(self, message: str, **kwargs) -> None:  # type: ignore[override]
        """Every notification as plain text shown safely: a lock record's fields, a file's
        name and a search typed or pasted may hold escape sequences or markup (termsafe)."""
        kwargs["markup"] = False
        super().notify(visible(message, newlines=True), **kwargs)

    @property
    def beads(self) -> BeadList:
        return self.query_one(BeadList)

    @property
    def editor(self) -> EnglishEditor:
        return self.query_one(EnglishEditor)

    @property
    def panel(self) -> BeadPanel:
        return self.query_one(BeadPanel)

    # -- showing a bead -------------------------------------------------------------------

    def select(self, index: int) -> None:
        """Open entry ``index`` in the panel (the editor's text for the old one is kept)."""
        self.commit()
        if index != self.index:
            self._amend = False
            self.index = index
            self._save_soon()
        self._load_editor()
        self.show_bead()
        self.update_status()

    def show_bead(self) -> None:
        if not 0 <= self.index < len(self.doc.entries):
            return
        e = self.doc.entries[self.index]
        checker = self.session.checker
        terms = [m.span for m in checker.terms.match_ru(e.ru)] if checker else []
        kind = f"{len(e.ru_lines)}-{len(e.en_lines)}"
        state = "reviewed" if e.reviewed else "needs review"
        heading = f"Russian · {e.id} · {state} · bead {kind} · alignment {e.confidence:.2f}"
        if e.note:
            heading += f" · note: {e.note}"
        self.panel.show(
            e, self.session.findings(self.index), terms, heading=heading, checking=self._checking
        )

    def _load_editor(self) -> None:
        text = self.doc.entries[self.index].en if 0 <= self.index < len(self.doc.entries) else ""
        editor = self.editor
        if editor.text != text:
            self._loading = True
            editor.load_text(text)
            self._loading = False

    def commit(self) -> None:
        """Put what is typed into the document (one undo step per visit to a bead)."""
        if not 0 <= self.index < len(self.doc.entries):
            return
        text = clean_english(self.editor.text)  # as edit() keeps it: else every tick differs
        if text != self.doc.entries[self.index].en:
            self.doc.edit(self.index, text, amend=self._amend)
            self._amend = True
            self._changed(self.index)

    def _changed(self, index: int) -> None:
        """The document changed at ``index``: redraw it and save (in a worker)."""
        self.beads.entries_changed(index)
        if self.session.checked and 0 <= index < len(self.doc.entries):
            # Beads that share this one's Russian or a name are checked again with it (two
            # beads made identical are no longer inconsistent, both of them).
            if self.session.follow(index) - {index}:
                self.beads.refresh()
            self.session.findings(index)  # keeps the status line's totals true
        if self._pending_since is None:
            self._pending_since = time.monotonic()
        self._save_soon()
        self.update_status()

    # -- saving ---------------------------------------------------------------------------

    def _tick(self) -> None:
        if self._pending_since is not None and time.monotonic() - self._pending_since >= SAVE_AFTER:
            self.commit()
            self._save_soon()
        self._say_not_saved()

    def _save_soon(self) -> None:
        if self.session.saved:
            self._pending_since = None
            return
        self._save(self.doc.copy())

    # A description of our own: Textual would otherwise repr() the whole document, on this
    # thread, for every save (0.7 s at 100,000 beads, measured by bench/tui).
    @work(thread=True, group="save", exit_on_error=False, description="save")
    def _save(self, snapshot) -> None:
        outcome = self.session.save(snapshot)
        self.call_from_thread(self._saved, outcome)

    def _saved(self, outcome: SaveOutcome, now: bool = False) -> None:
        if outcome.error is None:
            self._save_error = self._message_due = None
            self._quit_anyway = False  # saved again: Ctrl+Q saves and quits as usual
            if self.session.saved and self.editor.text == self._current_en():
                self._pending_since = None
        else:
            message = str(outcome.error)
            if outcome.kept_at:
                message += f"\n\nYour version is saved beside it, in {outcome.kept_at}."
            if message != self._save_error:  # say it once, not every second
                self._save_error = self._message_due = message
            self._pending_since = time.monotonic()  # try again later
        self._say_not_saved(now)
        self.update_status()

    def _say_not_saved(self, now: bool = False) -> None:
        """Open a failed save's message; an autosave's only once the reviewer stops typing
        (the status line says NOT SAVED at once): keys typed into a dialog that opens
        mid-word would be lost, and Space would close it unread."""
        message = self._message_due
        if message is None or (not now and time.monotonic() - self._typed_at < SAVE_AFTER):
            return
        self._message_due = None
        self.push_screen(MessageScreen("Not saved", message))

    def _current_en(self) -> str:
        return self.doc.entries[self.index].en if 0 <= self.index < len(self.doc.entries) else ""

    def save_now(self) -> SaveOutcome:
        """Commit and save on this thread (quitting, and tests)."""
        self.commit()
        outcome = self.session.save()
        self._saved(outcome, now=True)
        return outcome

    def _start_background(self) -> None:
        self._prime_saves()
        if self.make_checker is not None:
            self._run_checks()

    @work(thread=True, group="prime", exit_on_error=False, description="prime")
    def _prime_saves(self) -> None:
        worker = get_current_worker()
        # Quitting cancels the workers, and Python waits for their threads at exit.
        self.session.prime(stop=lambda: worker.is_cancelled)
        gc.freeze()  # the rendered entries live as long as the app, like the document

    # -- checks ---------------------------------------------------------------------------

    @work(thread=True, group="checks", exit_on_error=False)
    def _run_checks(self) -> None:
        assert self.make_checker is not None
        self.session.prepare_checks(self.make_checker)
        self.call_from_thread(self.show_bead)
        entries = list(self.doc.entries)
        step = 500
        for k in range(0, len(entries), step):
            self.session.check_all(entries[k : k + step])
            self._check_progress = min(k + step, len(entries))
            self.call_from_thread(self._checks_moved)
        self._checking = False
        self.call_from_thread(self._checks_moved)
        # The document and its findings live as long as the app: keep them out of the
        # collector's full passes, which took 60-250 ms a second while typing (bench/tui).
        gc.collect()
        gc.freeze()

    def _checks_moved(self) -> None:
        if not self._checking and not self._followed:
            self._followed = True
            self.session.follow_all()  # edits made while the checks ran
        self.beads.refresh()
        if not self._checking:
            self.show_bead()
        self.update_status()

    @work(thread=True, group="live", exclusive=True, exit_on_error=False, description="check")
    def _live_check(self, entry: Entry) -> None:
        checker = self.session.checker
        found = checker.entry(entry) if checker else []
        self.call_from_thread(self._live_checked, entry, found)

    def _live_checked(self, entry: Entry, found: list[Finding]) -> None:
        if self.index < 0 or self.editor.text != entry.en:
            return  # typed on since; the next check will come
        if self.doc.entries[self.index].id == entry.id:
            self.panel.show_english(entry, found, self._checking)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR:
            return
        err = event.worker.error
        what = "Checks stopped" if event.worker.group == "checks" else "Something failed"
        if event.worker.group == "checks":
            self._checking = False
        text = str(err) if isinstance(err, SverkaError) else f"{type(err).__name__}: {err}"
        self.push_screen(MessageScreen(what, text))

    # -- events ---------------------------------------------------------------------------

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self._loading or event.text_area is not self.editor or self.index < 0:
            return
        self._typed_at = time.monotonic()
        if self._pending_since is None:
            self._pending_since = self._typed_at
        entry = replace(self.doc.entries[self.index], en=self.editor.text)
        self.panel.show_english(entry, self.session.findings(self.index), self._checking)
        if self._live_timer is not None:
            self._live_timer.stop()
        self._live_timer = self.set_timer(CHECK_DELAY, lambda: self._live_check(entry))
        self.update_status()

    def on_bead_list_clicked(self, event: BeadList.Clicked) -> None:
        pos = self.beads.position_of(event.index)
        if pos is not None:
            self.beads.move_cursor(pos)
            self.select(event.index)

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        self.update_status()

    def on_descendant_blur(self, event: DescendantBlur) -> None:
        if event.widget is self.editor:
            self.commit()
        self.update_status()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.parent is self.query_one(SearchBar):
            self.find(event.value)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A dialog is open: none of the review's keys, but Tab, quitting and the palette.
        if isinstance(self.screen, ModalScreen) and action in _REVIEW_ACTIONS:
            return False
        # Keys typed right after Enter, while the app was busy, reach the list before the
        # editor has the focus: they are the reviewer's text (see on_key), not commands.
        return not (action == "from_list" and self.focused is self.editor)

    async def action_from_list(self, action: str) -> None:
        """A list key's action (keys.bindings), when check_action lets it through."""
        await self.run_action(action)

    def on_key(self, event: events.Key) -> None:
        """A printable key that reached the app while the editor has the focus came by the
        list (typed ahead of Enter's focus change): it belongs in the editor, in order."""
        if self.focused is self.editor and event.is_printable and event.character:
            event.stop()
            self.editor.insert(event.character)

    # -- status ---------------------------------------------------------------------------

    def update_status(self) -> None:
        beads = self.beads
        rev = self.doc.revision
        if self._status_cache[:2] != (rev, self._check_progress):
            stats = self.doc.stats()
            sev = self.session.severity_counts()
            counts = f"{sev['error']}E {sev['warning']}W {sev['info']}i"
            self._status_cache = (rev, self._check_progress, stats.counts, counts)
        _, _, counts_t, counts_f = self._status_cache
        if self._checking:
            n = len(self.doc.entries)
            counts_f = f"checking {self._check_progress * 100 // max(n, 1)}%"
        pos = f"{beads.cursor + 1}/{len(beads.order)}" if beads.order else "0/0"
        if self._filter != "all":
            pos += f" ({FILTERS.get(self._filter, (self._filter,))[0].lower()})"
        mode = "EDIT" if self.focused is self.editor else "LIST"
        if self._save_error:
            saved = "NOT SAVED"
        # as commit() stores it: a line break typed at either end is never saved, and must
        # not keep the status at "unsaved" for good
        elif self.session.saved and clean_english(self.editor.text) == self._current_en():
            saved = "saved"
        else:
            saved = "unsaved"
        text = f"{counts_t}  {counts_f}  {pos}  {mode}  {saved}{self._glossary_label}   ? keys"
        if self._status_note:
            text = f"⚠ {self._status_note}  ·  {text}"
        if text != self._status_text:  # one line, always: a repaint, never a layout
            self._status_text = text
            # Glossary names and bead ids come from files: plain text, shown safely.
            self.query_one("#status", Static).update(Text(visible(text)), layout=False)
        self.hints.mode = "editor" if mode == "EDIT" else "list"

    # -- actions: moving ------------------------------------------------------------------

    def _go(self, pos: int) -> None:
        beads = self.beads
        if not beads.order:
            return
        beads.move_cursor(pos)
        current = beads.current
        if current is not None:
            self.select(current)

    def action_move(self, delta: int) -> None:
        self._go(self.beads.cursor + delta)

    def action_go_to(self, pos: int) -> None:
        self._go(pos if pos >= 0 else len(self.beads.order) - 1)

    def _find(self, step: int, wanted: Callable[[int], bool], what: str) -> None:
        """Go to the next shown bead that is wanted (entry index), wrapping round."""
        order = self.beads.order
        pos = next_wanted(self.beads.cursor, step, len(order), lambda p: wanted(order[p]))
        if pos is None:
            self.notify(f"no {what}", timeout=3)
        else:
            self._go(pos)

    def action_next_flagged(self, step: int = 1) -> None:
        if self._checking:
            self.notify("the checks are still running; try again in a moment", timeout=3)
            return
        self.commit()
        self._find(step, self.session.flagged, "flagged bead")

    def action_next_unreviewed(self) -> None:
        self.commit()
        self._find(1, lambda i: not self.doc.entries[i].reviewed, "bead left to review")

    def action_search(self) -> None:
        self.commit()
        self.query_one(SearchBar).open()

    def find(self, query: str) -> None:
        needle = query.strip().casefold().replace("ё", "е")
        if not needle:
            return

        def wanted(i: int) -> bool:
            e = self.doc.entries[i]
            return needle in e.ru.casefold().replace("ё", "е") or needle in e.en.casefold()

        # Every bead is searched, in document order from this one: a filter hides beads
        # from the list, never from a search.
        self.commit()
        found = next_wanted(max(self.index, 0), 1, len(self.doc.entries), wanted)
        if found is None:
            self.notify(f"no bead with {query.strip()!r}", timeout=3)
            return
        if self.beads.position_of(found) is None:
            left = FILTERS.get(self._filter, (self._filter,))[0]
            self.apply_filter("all")
            self.notify(f"found outside the filter ({left}): showing every bead", timeout=5)
        pos = self.beads.position_of(found)
        if pos is not None:
            self._go(pos)

    def action_filter(self) -> None:
        choices = [(fid, label) for fid, (label, _) in FILTERS.items()]
        if not self._checking:
            counts: dict[str, int] = {}
            for i in range(len(self.doc.entries)):
                for code in {f.code for f in self.session.findings(i)}:
                    counts[code] = counts.get(code, 0) + 1
            choices += [(f"code:{c}", f"Check: {c} ({counts[c]})") for c in CHECKS if c in counts]
        # Enter at once shows every bead again: the filter in force is marked, not chosen.
        choices = [(c, f"{label}  (shown now)" if c == self._filter else label)
                   for c, label in choices]  # fmt: skip
        self.push_screen(ChoiceScreen("Show", choices, "all"), self.apply_filter)

    def apply_filter(self, choice: str | None) -> None:
        if choice is None:
            return
        self.commit()
        if choice.startswith("code:"):
            code = choice[5:]
            order = [
                i for i in range(len(self.doc.entries))
                if any(f.code == code for f in self.session.findings(i))
            ]  # fmt: skip
        elif FILTERS.get(choice, (None, None))[1] is None:
            order = list(range(len(self.doc.entries)))
        else:
            test = FILTERS[choice][1]
            order = [i for i in range(len(self.doc.entries)) if test(self, i)]  # type: ignore[misc]
        self._filter = choice
        self.beads.set_order(order, self.index)
        if self.beads.current is not None:
            self.select(self.beads.current)
        else:
            self.notify("no bead matches this filter", timeout=3)
        self.update_status()

    # -- actions: reviewing ---------------------------------------------------------------

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
        ru, en = _sentences(e.ru, "ru"), _sentences(e.en, "en")
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

    # -- actions: the app -----------------------------------------------------------------

    def action_save(self) -> None:
        outcome = self.save_now()
        if outcome.error is None:
            self.notify(f"saved {self.session.path.name}", timeout=2)

    def action_help(self) -> None:
        keymap = {k.id: k.keys for k in keys.KEYS} | dict(self.settings.keymap)
        self.push_screen(HelpScreen(keymap))

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.current_theme.dark else DEFAULT_THEME

    async def action_quit(self) -> None:
        # Always try: the disk may work again, and what was typed since must not be dropped
        # (in the note dialog too, as in the editor).
        screen = self.screen
        here = self.doc.entries[self.index].id if self.index >= 0 else None
        if isinstance(screen, NoteScreen) and screen.entry_id == here:
            self._note_done(screen.typed())
        outcome = self.save_now()
        if outcome.error is not None and not self._quit_anyway:
            self._quit_anyway = True  # the message says how to go anyway
            self.notify("not saved: Ctrl+Q again quits all the same", severity="error")
            return
        self.exit()

    # -- the terminal going away, SIGTERM ------------------------------------------------

    def signal_received(self, signum: int) -> None:
        """SIGHUP or SIGTERM (sverka.signals calls this on the main thread, from inside the
        signal handler): end as soon as the event loop can, saving first."""
        if self._event_loop is None:  # not mounted yet: on_mount will see it
            self.ended_by = self.ended_by or signum
            return
        self._event_loop.call_soon_threadsafe(self.end_for, signum)

    def _watch_terminal(self) -> None:
        """Notice the terminal going away without a signal: when the window or the ssh
        connection of a terminal multiplexer closes, the kernel hangs the terminal up and
        sends SIGHUP to its session leader only (a shell, make), and Textual's input thread,
        reading end-of-file from then on, spins at full speed forever (the lock held, the
        last second of typing never saved). A hung-up terminal reports POLLHUP."""
        try:
            fd = sys.__stdin__.fileno() if sys.__stdin__ is not None else -1
        except (OSError, ValueError):
            return
        if fd < 0 or not os.isatty(fd):
            return
        self._terminal_fd = fd
        self._watching.set()

        def watch() -> None:
            while self._watching.is_set():
                if not _hung_up(fd, timeout_ms=250):
                    continue
                self._watching.clear()
                with contextlib.suppress(RuntimeError):  # the app already ended
                    self.call_from_thread(self.end_for, signal.SIGHUP)
                return

        threading.Thread(target=watch, name="sverka-terminal-watch", daemon=True).start()

    def end_for(self, signum: int) -> None:
        """Save what the reviewer typed (the note dialog's text too) and end the app,
        because of ``signum``; no dialog, no question: there may be no terminal to ask on."""
        if self._ending:
            return
        self._ending = True
        self.ended_by = signum
        self._watching.clear()
        screen = self.screen
        here = self.doc.entries[self.index].id if self.index >= 0 else None
        if isinstance(screen, NoteScreen) and screen.entry_id == here:
            self._note_done(screen.typed())
        self.commit()
        saved = self.session.save().error is None  # else the CLI tries again, and says so
        if saved and self._terminal_fd >= 0 and _hung_up(self._terminal_fd):
            # Nothing to restore and nobody to tell: the work is on disk, and Textual's own
            # way out waits for the checks worker (2 s and more on a busy machine) with the
            # lock still held. Let go of the file and end now.
            self.session.close()
            os._exit(128 + signum)
        self.exit()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        seen = set()
        for k in keys.KEYS:
            if k.action in seen or k.id in ("quit", "help"):
                continue
            seen.add(k.action)
            shown = keys.display(self.settings.keymap.get(k.id, k.keys))
            yield SystemCommand(
                k.description, f"{shown}  [{k.id}]", lambda a=k.action: self._palette(a)
            )

    def _palette(self, action: str) -> None:
        self.call_later(self.run_action, action)


def _glossary_label(in_force: str) -> str:
    """The terminology in force, for the status line (the rest is in the title)."""
    if not in_force.startswith("glossaries: "):
        return ""
    names = in_force.removeprefix("glossaries: ").split(";")[0]
    if names == "none":
        return "  no glossary"
    return f"  glossar{'ies' if ',' in names else 'y'}: {names}"


def _hung_up(fd: int, timeout_ms: int = 0) -> bool:
    """True when the terminal ``fd`` is gone (hung up, closed), waiting up to ``timeout_ms``
    for that. Not os.isatty: a hung-up terminal is no longer a tty to the kernel."""
    poller = select.poll()
    poller.register(fd, 0)  # no events asked: POLLHUP, POLLERR and POLLNVAL come anyway
    try:
        return bool(poller.poll(timeout_ms))
    except OSError:
        return True


def _sentences(text: str, lang: str) -> list[tuple[str, int]]:
    """Where a bead's text can be cut, for the split dialog: (label, offset) after each
    sentence; after each word when the text is one sentence (a merged dateline and byline
    have no sentence break to offer)."""
    if not text:
        return []
    from sverka.segment import split_text

    out, at = [], 0
    for s in split_text(text, lang):  # type: ignore[arg-type]
        start = text.find(s, at)
        if start < 0:
            out = []  # normalised differently: fall back to words
            break
        at = start + len(s)
        out.append((f"{len(out) + 1}. {s}", at))
    if len(out) > 1:
        return out
    ends = [m.end() for m in re.finditer(r"\S+", text)]
    return [(("…" + text[max(0, k - 60) : k]) if k > 60 else text[:k], k) for k in ends]


def make_app(
    session: ReviewSession,
    settings: Settings | None = None,
    make_checker: Callable[[], Checker] | None = None,
    *,
    in_force: str = "",
) -> ReviewApp:
    """The review app on an open session; the CLI and the tests build it the same way.
    ``in_force`` says which glossaries check the review (the title and the status line)."""
    return ReviewApp(session, settings, make_checker, in_force)
