"""The review app: the bead list above, the current bead below, the status line at the foot.

The app owns nothing but screen state. The document, its file, its findings and its saving
live in the engine's ReviewSession; every action here is a call to it plus a redraw.
Work is never more than a second or two from the disk: leaving a bead saves, a timer commits
what is typed and saves once a change is a second old (sverka.autosave decides when), and
quitting saves. Workers (checks, saves) compute and post what happened (tui/messages.py);
the handlers here apply it, so this thread is the session's only writer.
"""

from __future__ import annotations

import asyncio
import gc
import os
import signal
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, work
from textual.app import App, ComposeResult, ScreenStackError, SystemCommand
from textual.css.query import NoMatches
from textual.events import DescendantBlur, DescendantFocus
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widgets import Input, Static, TextArea
from textual.worker import Worker, WorkerState, get_current_worker

from sverka import session as engine
from sverka.autosave import SAVE_AFTER, Autosave
from sverka.errors import SverkaError
from sverka.model import Entry, Finding
from sverka.review import clean_english
from sverka.session import ReviewSession, SaveOutcome
from sverka.termsafe import visible
from sverka.tui import filters, keys
from sverka.tui.beadlist import BeadList
from sverka.tui.hints import KeyHints
from sverka.tui.messages import (
    BeadRechecked,
    ChecksFinished,
    ChecksPrepared,
    EntriesChecked,
    Saved,
    SaveDue,
)
from sverka.tui.moving import MoveActions
from sverka.tui.panel import BeadPanel, EnglishEditor, follow_edit
from sverka.tui.reviewing import ReviewActions
from sverka.tui.screens import (
    HelpScreen,
    MessageScreen,
    NoteScreen,
    SearchBar,
)
from sverka.tui.settings import DEFAULT_THEME, LIGHT_THEME, Settings
from sverka.tui.terminal import TerminalWatch

if TYPE_CHECKING:
    from sverka.checks import Checker

__all__ = ["SAVE_AFTER", "ReviewApp", "make_app"]

TICK = 0.25
CHECK_DELAY = 0.15  # re-check the English this long after the last keystroke

# "from_list": every list key goes through it (keys.bindings)
_REVIEW_ACTIONS = frozenset(
    {k.action.split("(")[0] for k in keys.KEYS if k.id != "quit"} | {"from_list"}
)


class ReviewApp(MoveActions, ReviewActions, App[None]):
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
        self.autosave = Autosave()
        self._status_text = ""
        self._checking = make_checker is not None
        self._check_progress = 0
        self._filter = "all"
        self._risk_order = False  # riskiest first (issue 18), else document order
        # the English the editor's underlines belong to, and their findings (issue 18)
        self._spans_of: tuple[str, list[Finding]] | None = None
        self._status_cache: tuple = ()
        self._live_timer: Timer | None = None
        self._followed = False  # the document's figures caught up once the checks ran
        self._status_note = ""  # a warning the status line shows for a few seconds
        self._note_timer = None
        # SIGHUP or SIGTERM, once the app has saved and is ending because of it (the CLI
        # then exits 128 + it); the terminal's hang-up counts as SIGHUP.
        self.ended_by: int | None = None
        self._event_loop: asyncio.AbstractEventLoop | None = None
        self._terminal = TerminalWatch(lambda: self.call_from_thread(self.end_for, signal.SIGHUP))
        self._ending = False
        self._applied: dict[type[Message], asyncio.Event] = {}

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
            self._terminal.start()
        if self.ended_by is not None:  # a signal came before the loop ran
            self.call_later(self.end_for, self.ended_by)
        gc.freeze()  # the loaded document: see _run_checks
        # The background work starts once the first screen is out: started here, it took
        # CPU from the first paint (3.04 s against 2.71 s at 100,000 beads, bench/tui).
        self.call_after_refresh(self._start_background)
        self.update_status()

    def notify(self, message: str, **kwargs) -> None:
        """Every notification as plain text shown safely: a lock record's fields, a file's
        name and a search typed or pasted may hold escape sequences or markup (termsafe)."""
        kwargs["markup"] = False
        super().notify(visible(message, newlines=True), **kwargs)

    def applied(self, kind: type[Message]) -> asyncio.Event:
        """Set each time a worker's message of ``kind`` (tui/messages.py) has been applied
        and shown; clear it to wait for the next. Tests wait on it, never on the clock."""
        return self._applied.setdefault(kind, asyncio.Event())

    def _did(self, message: Message) -> None:
        self.applied(type(message)).set()

    def _ended(self) -> bool:
        """The screen is gone (the app is ending): a worker's message that comes now has
        nothing to show on, and what it would save the CLI saves once more anyway."""
        try:
            self.query_one(EnglishEditor)
        except (NoMatches, ScreenStackError):
            return True
        return False

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
        risk = self.session.risk(self.index)
        if risk is not None:  # issue 18
            heading += f" · risk {risk:.2f}"
        found = self.session.findings(self.index)
        self._spans_of = (e.en, found)
        self.panel.show(e, found, terms, heading=heading, checking=self._checking)

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
            # beads made identical are no longer inconsistent, both of them); while the
            # checks still run, once they end (settle): the worker reads those figures.
            if not self._checking and self.session.follow(index) - {index}:
                self.beads.refresh()
            self.session.findings(index)  # keeps the status line's totals true
        self.autosave.changed()
        self._save_soon()
        self.update_status()

    # -- saving ---------------------------------------------------------------------------

    def _tick(self) -> None:
        if self.autosave.due():
            self.post_message(SaveDue())
        self._say_not_saved()

    def on_save_due(self, message: SaveDue) -> None:
        if self._ended() or not self.autosave.due():
            return  # two ticks while the app was busy: the first one saved
        self.commit()
        self._save_soon()
        self._did(message)

    def _save_soon(self) -> None:
        if self.session.saved:
            self.autosave.nothing_to_save()
            return
        self.autosave.started()
        self._save(self.doc.copy())

    # A description of our own: Textual would otherwise repr() the whole document, on this
    # thread, for every save (0.7 s at 100,000 beads, measured by bench/tui).
    @work(thread=True, group="save", exit_on_error=False, description="save")
    def _save(self, snapshot) -> None:
        self.post_message(Saved(self.session.save(snapshot)))

    def on_saved(self, message: Saved) -> None:
        if self._ended():
            return
        self._saved(message.outcome)
        self._did(message)

    def _saved(self, outcome: SaveOutcome, now: bool = False, from_worker: bool = True) -> None:
        clean = self.session.saved and self.editor.text == self._current_en()
        self.autosave.finished(outcome, clean, from_worker=from_worker)
        self._say_not_saved(now)
        self.update_status()

    def _say_not_saved(self, now: bool = False) -> None:
        """Open a failed save's message; an autosave's only once the reviewer stops typing
        (the status line says NOT SAVED at once): see Autosave.message_to_show."""
        message = self.autosave.message_to_show(now)
        if message is not None:
            self.push_screen(MessageScreen("Not saved", message))

    def _current_en(self) -> str:
        return self.doc.entries[self.index].en if 0 <= self.index < len(self.doc.entries) else ""

    def save_now(self) -> SaveOutcome:
        """Commit and save on this thread (quitting, and tests)."""
        self.commit()
        outcome = self.session.save()
        self._saved(outcome, now=True, from_worker=False)
        return outcome

    def _start_background(self) -> None:
        self._prime_saves()
        if self.make_checker is not None:
            self._start_checks()

    @work(thread=True, group="prime", exit_on_error=False, description="prime")
    def _prime_saves(self) -> None:
        worker = get_current_worker()
        # Quitting cancels the workers, and Python waits for their threads at exit.
        self.session.prime(stop=lambda: worker.is_cancelled)
        gc.freeze()  # the rendered entries live as long as the app, like the document

    # -- checks ---------------------------------------------------------------------------

    def _start_checks(self) -> None:
        assert self.make_checker is not None
        self._run_checks(self.make_checker, list(self.doc.entries))

    @work(thread=True, group="checks", exit_on_error=False)
    def _run_checks(self, make_checker: Callable[[], Checker], entries: list[Entry]) -> None:
        """Check ``entries`` (the document as it was on opening) and post the results as
        they come: this thread computes, the app's applies (on_entries_checked)."""
        checker = engine.checker_for(make_checker, entries)
        self.post_message(ChecksPrepared(checker))
        step = 500
        for k in range(0, len(entries), step):
            found = engine.findings_for(checker, entries[k : k + step])
            risks = engine.risks_for(checker, found)
            done = min(k + step, len(entries))
            self.post_message(EntriesChecked(found, k, done, len(entries), risks))
        self.post_message(ChecksFinished())
        # The document and its findings live as long as the app: keep them out of the
        # collector's full passes, which took 60-250 ms a second while typing (bench/tui).
        gc.collect()
        gc.freeze()

    def on_checks_prepared(self, message: ChecksPrepared) -> None:
        if self._ended():
            return
        self.session.use_checker(message.checker)
        self.show_bead()
        self._did(message)

    def on_entries_checked(self, message: EntriesChecked) -> None:
        if self._ended():
            return
        self.session.apply_findings(message.found, message.start, message.risks)
        self._check_progress = message.done
        self._checks_moved()
        self._did(message)

    def on_checks_finished(self, message: ChecksFinished) -> None:
        if self._ended():
            return
        self._checking = False
        if not self._followed:
            self._followed = True
            self.session.settle()  # edits made while the checks ran
        self._checks_moved()
        self._did(message)

    def _checks_moved(self) -> None:
        self.beads.refresh()
        if not self._checking:
            self.show_bead()
        self.update_status()

    @work(thread=True, group="live", exclusive=True, exit_on_error=False, description="check")
    def _live_check(self, entry: Entry) -> None:
        checker = self.session.checker
        found = engine.findings_for(checker, [entry])[0][1] if checker else []
        self.post_message(BeadRechecked(entry, found))

    def on_bead_rechecked(self, message: BeadRechecked) -> None:
        if self._ended():
            return
        entry = message.entry
        if self.index < 0 or self.editor.text != entry.en:
            return  # typed on since; the next check will come
        if self.doc.entries[self.index].id == entry.id:
            self._spans_of = (entry.en, message.found)
            self.panel.show_english(entry, message.found, self._checking)
            self._did(message)

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
        self.autosave.typed()
        entry = replace(self.doc.entries[self.index], en=self.editor.text)
        # the last findings shown, their spans moved with the typing until the re-check
        before, found = self._spans_of or (self._current_en(), self.session.findings(self.index))
        found = follow_edit(found, before, entry.en)
        self._spans_of = (entry.en, found)
        self.panel.show_english(entry, found, self._checking)
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
            pos += f" ({filters.label(self._filter).lower()})"
        if self._risk_order:
            pos += " riskiest first"
        mode = "EDIT" if self.focused is self.editor else "LIST"
        if self.autosave.error:
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
        if outcome.error is not None and not self.autosave.quit_anyway:
            self.autosave.quit_anyway = True  # the message says how to go anyway
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

    def end_for(self, signum: int) -> None:
        """Save what the reviewer typed (the note dialog's text too) and end the app,
        because of ``signum``; no dialog, no question: there may be no terminal to ask on."""
        if self._ending:
            return
        self._ending = True
        self.ended_by = signum
        self._terminal.stop()
        screen = self.screen
        here = self.doc.entries[self.index].id if self.index >= 0 else None
        if isinstance(screen, NoteScreen) and screen.entry_id == here:
            self._note_done(screen.typed())
        self.commit()
        saved = self.session.save().error is None  # else the CLI tries again, and says so
        if saved and self._terminal.hung_up():
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
