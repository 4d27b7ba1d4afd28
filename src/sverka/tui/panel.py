"""The current bead opened: the Russian with its highlights, the English in an editor, the
MT with the reviewer's changes, and the findings with what to do about them."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Label, Static, TextArea
from textual.widgets.text_area import Document, DocumentNavigator, WrappedDocument

from sverka.model import Entry, Finding
from sverka.termsafe import visible, visible_narrow
from sverka.tui import keys, render

_SPAN_STYLES = {
    "sverka.error": Style(color="red3", bold=True, underline=True),
    "sverka.warning": Style(color="dark_orange3", bold=True, underline=True),
    "sverka.info": Style(color="dodger_blue2", underline=True),
}


class _LineFeedDocument(Document):
    """Textual's Document splits the loaded text with str.splitlines, at VT, FF, FS, GS, RS,
    NEL (U+0085), U+2028 and U+2029 as well as at line feeds, and joins the lines again with
    line feeds: an English holding one of those would change, unseen, when its bead was
    opened (and be saved as an edit). Here only a line feed breaks a line; the others stay
    in it, drawn as stand-ins (EnglishEditor.get_line) and named by the control finding."""

    def __init__(self, text: str) -> None:
        super().__init__("")
        self._newline = "\n"
        self._lines = text.split("\n")


class EnglishEditor(TextArea):
    """The English of the bead, with the spans of its findings underlined in place."""

    BINDINGS = keys.bindings("editor")

    def __init__(self, **kwargs) -> None:
        self._spans: list[tuple[int, int, str]] = []  # before TextArea builds its highlights
        super().__init__(soft_wrap=True, tab_behavior="focus", **kwargs)

    def get_line(self, line_index: int) -> Text:
        """A line as drawn: a control character or bidi mark in the English (ESC above all)
        must never reach the terminal, and the reviewer's text must not change behind their
        back either. So the document keeps every character as it is (saving, undo, the
        checks see the real text), and only the drawing shows each one as a visible
        stand-in of one character (termsafe.visible_narrow: ``␛`` for ESC, ``◌`` for a bidi
        mark), so selections, highlights and the cursor keep their columns. The ``control``
        finding names each one; deleting a stand-in deletes the character. (Textual
        measures such a character as zero cells wide, so on a line holding one the
        terminal cursor may sit a cell off; the text and its highlights do not move.)"""
        # (Not super's Text(line): rich drops BEL, BS, CR, VT and FF, moving the columns.)
        return Text(visible_narrow(self.document.get_line(line_index)), end="", no_wrap=True)

    def _set_document(self, text: str, language: str | None) -> None:
        """TextArea's own set-up; again with a document that breaks lines at line feeds only
        when Textual's would not give the text back as it is (see _LineFeedDocument)."""
        super()._set_document(text, language)
        if self.document.text == text:
            return
        self.document = _LineFeedDocument(text)
        self.wrapped_document = WrappedDocument(self.document, tab_width=self.indent_width)
        self.navigator = DocumentNavigator(self.wrapped_document)
        self._build_highlight_map()
        self.move_cursor((0, 0))
        self._rewrap_and_refresh_virtual_size()

    def set_spans(self, findings: Sequence[Finding]) -> None:
        spans: list[tuple[int, int, str]] = [
            (*f.en_span, f.severity) for f in findings if f.en_span
        ]
        if spans != self._spans:
            self._spans = spans
            self._build_highlight_map()
            self.refresh()

    def _set_theme(self, theme: str) -> None:
        super()._set_theme(theme)
        styles = {**self._theme.syntax_styles, **_SPAN_STYLES}
        self._theme = dataclasses.replace(self._theme, syntax_styles=styles)

    def _build_highlight_map(self) -> None:
        """Our spans instead of a syntax tree: character offsets to (row, UTF-8 column)."""
        self._line_cache.clear()
        highlights = self._highlights
        highlights.clear()
        if not self._spans:
            return
        lines = self.text.split("\n")
        starts, total = [], 0
        for line in lines:
            starts.append(total)
            total += len(line) + 1
        for start, end, severity in self._spans:
            if end > total - 1 or start >= end:
                continue  # the text moved on since the check; the next check redraws
            row = max(k for k, s in enumerate(starts) if s <= start)
            if end > starts[row] + len(lines[row]):
                continue
            line = visible_narrow(lines[row])  # as get_line draws it, in UTF-8 bytes
            a = len(line[: start - starts[row]].encode())
            b = len(line[: end - starts[row]].encode())
            highlights[row].append((a, b, f"sverka.{severity}"))


class BeadPanel(Vertical):
    DEFAULT_CSS = """
    BeadPanel { height: auto; max-height: 60%; border-top: solid $primary; padding: 0 1; }
    BeadPanel Label.heading { color: $text-muted; text-style: bold; width: 100%; }
    BeadPanel #ru, BeadPanel #mt { height: auto; max-height: 6; }
    BeadPanel #findings-box { height: auto; max-height: 8; }
    BeadPanel #findings { height: auto; }
    BeadPanel EnglishEditor { height: auto; min-height: 3; max-height: 8; border: tall $panel; }
    BeadPanel EnglishEditor:focus { border: tall $accent; }
    """

    def compose(self) -> ComposeResult:
        yield Label("Russian", id="ru-heading", classes="heading")
        yield Static(id="ru")
        yield Label("English", id="en-heading", classes="heading")
        yield EnglishEditor(id="editor")
        yield Label("MT, with your changes", classes="heading")
        yield Static(id="mt")
        yield Label("Findings", id="findings-heading", classes="heading")
        # What does not fit scrolls (the mouse wheel; the heading counts them), never vanishes.
        box = VerticalScroll(id="findings-box")
        box.can_focus = False  # Tab keeps going between the list and the editor
        with box:
            yield Static(id="findings")

    def show(
        self,
        entry: Entry,
        findings: Sequence[Finding],
        terms: Sequence[tuple[int, int]],
        *,
        heading: str,
        checking: bool,
    ) -> None:
        """Draw the bead; the editor's text is the app's to set (see ReviewApp)."""
        # Content, not a string: a note is the reviewer's words, never markup (termsafe: shown)
        self.query_one("#ru-heading", Label).update(Content(visible(heading)))
        self.query_one("#ru", Static).update(render.russian(entry.ru, terms, findings))
        self.show_english(entry, findings, checking)

    def show_english(self, entry: Entry, findings: Sequence[Finding], checking: bool) -> None:
        """What depends on the English as typed: the diff, the findings, their spans."""
        self.query_one("#mt", Static).update(render.mt_diff(entry.mt, entry.en))
        self.query_one("#findings", Static).update(
            render.findings_text(findings, entry.en, checking, entry.ignored)
        )
        # How many, always: when they take more rows than the panel has, the rest scroll
        # (a scrollbar shows) rather than vanish.
        self.query_one("#findings-heading", Label).update(render.findings_heading(findings))
        self.query_one(EnglishEditor).set_spans(findings)


# -- issue 18: underlines that follow the typing ----------------------------------------------


def follow_edit(findings: Sequence[Finding], before: str, after: str) -> list[Finding]:
    """The findings of ``before`` with their English spans moved to where their words stand
    in ``after``, until the re-check of ``after`` comes (a second after the typing stops):
    a word after the edit keeps its underline as the reviewer types ahead of it, and a span
    the edit touched is dropped rather than drawn on the wrong letters. Findings without an
    English span are kept as they are."""
    if before == after:
        return list(findings)
    head = 0
    limit = min(len(before), len(after))
    while head < limit and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < limit - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    cut_end = len(before) - tail  # before[head:cut_end] became after[head:len(after) - tail]
    shift = len(after) - len(before)
    out = []
    for f in findings:
        if f.en_span is None:
            out.append(f)
            continue
        start, end = f.en_span
        if end <= head:
            out.append(f)
        elif start >= cut_end:
            out.append(dataclasses.replace(f, en_span=(start + shift, end + shift)))
    return out
