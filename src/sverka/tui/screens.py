"""The app's dialogs: help, note, filter, search, split, ignore a finding, and messages.

Text from the file (notes, ids, sentences, finding messages) goes in as rich Text shown
through termsafe, never as a markup string: no control sequence reaches the terminal, and
"[link=…]" in a note is text, not a hyperlink.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from sverka.termsafe import visible
from sverka.tui import keys


def _shown(text: str, *, newlines: bool = False) -> Text:
    return Text(visible(text, newlines=newlines))


_MODAL_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 90; max-width: 95%; height: auto; max-height: 90%;
    border: thick $primary; background: $surface; padding: 0 1;
}}
{name} Label.title {{ text-style: bold; width: 100%; content-align: center middle; }}
{name} Label.hint {{ color: $text-muted; width: 100%; }}
"""


class HelpScreen(ModalScreen[None]):
    """Every key, as bound now (a remapped key shows its new keys), with its id."""

    DEFAULT_CSS = _MODAL_CSS.format(name="HelpScreen")
    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close", show=False)]

    def __init__(self, keymap: Mapping[str, str]) -> None:
        super().__init__()
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        table = Text()
        group = None
        for k in keys.KEYS:
            if k.group != group:
                group = k.group
                table.append(("\n" if table else "") + group + "\n", style="bold underline")
            shown = keys.display(self.keymap.get(k.id, k.keys))
            table.append(f"  {shown:<30}", style="bold")
            table.append(f"{k.description}")
            table.append(f"  {k.id}\n", style="dim")
        table.append(
            "\nKeys can be remapped by id in ~/.config/sverka/config.toml, under [keys].\n"
            "Marks in the list: ✓ reviewed · not yet ✎ changed # note "
            "E/W/i worst finding ≠ alignment to check",
            style="dim",
        )
        with Vertical():
            yield Label("sverka: keys", classes="title")
            with VerticalScroll():
                yield Static(table, id="keys")
            yield Label("Esc closes", classes="hint")


class NoteScreen(ModalScreen[str | None]):
    """Write or change the note on a bead; an empty note removes it."""

    DEFAULT_CSS = _MODAL_CSS.format(name="NoteScreen")
    BINDINGS = [Binding("escape", "cancel", "Cancel", show=False)]

    def __init__(self, entry_id: str, note: str) -> None:
        super().__init__()
        self.entry_id, self.note = entry_id, note

    @staticmethod
    def shown(note: str) -> str:
        """The note as the one-line field shows it: on one line, a control character or
        bidi mark as a visible stand-in (termsafe). The app keeps the note as it was unless
        what comes back differs from this, so opening the dialog changes nothing."""
        return visible(note.replace("\n", " "))

    def typed(self) -> str:
        """What the field holds now (the app keeps it when Ctrl+Q quits from here)."""
        return self.query_one(Input).value

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(_shown(f"Note on {self.entry_id}"), classes="title")
            yield Input(self.shown(self.note), placeholder="a note for the next reader")
            yield Label("Enter keeps it, Esc cancels; an empty note removes it", classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceScreen(ModalScreen[str | None]):
    """Pick one of a few choices (filters, findings to ignore); returns its id."""

    DEFAULT_CSS = _MODAL_CSS.format(name="ChoiceScreen")
    BINDINGS = [Binding("escape", "cancel", "Cancel", show=False)]

    def __init__(self, title: str, choices: Sequence[tuple[str, str]], current: str = "") -> None:
        super().__init__()
        self.title_text, self.choices, self.current = title, choices, current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(_shown(self.title_text), classes="title")
            yield OptionList(*(Option(_shown(label), id=cid) for cid, label in self.choices))
            yield Label("Enter chooses, Esc cancels", classes="hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        ids = [cid for cid, _ in self.choices]
        if self.current in ids:
            options.highlighted = ids.index(self.current)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class SplitScreen(ModalScreen[tuple[int, int] | None]):
    """Choose where a bead is cut: after which Russian and which English sentence.

    Returns the character offsets where the second part starts on each side.
    """

    DEFAULT_CSS = (
        _MODAL_CSS.format(name="SplitScreen")
        + """
    SplitScreen Horizontal { height: auto; max-height: 20; }
    SplitScreen OptionList { width: 1fr; height: auto; max-height: 18; }
    """
    )
    BINDINGS = [Binding("escape", "cancel", "Cancel", show=False)]

    def __init__(
        self,
        entry_id: str,
        ru: Sequence[tuple[str, int]],
        en: Sequence[tuple[str, int]],
    ) -> None:
        """``ru`` and ``en``: (label, offset) of each place a side can be cut."""
        super().__init__()
        self.entry_id, self.ru, self.en = entry_id, ru, en

    def compose(self) -> ComposeResult:
        def options(side: Sequence[tuple[str, int]], what: str) -> list[Option]:
            out = [Option(f"(no {what} in the first part)", id="0")]
            out += [Option(_shown(label), id=str(end)) for label, end in side]
            return out

        with Vertical():
            yield Label(
                _shown(f"Split {self.entry_id}: the first part ends after…"), classes="title"
            )
            with Horizontal():
                yield OptionList(*options(self.ru, "Russian"), id="split-ru")
                yield OptionList(*options(self.en, "English"), id="split-en")
            yield Label(
                "Up/Down: where the first part ends on each side; Tab: the other side; "
                "Enter splits, Esc cancels",
                classes="hint",
            )

    def on_mount(self) -> None:
        for name, side in (("#split-ru", self.ru), ("#split-en", self.en)):
            self.query_one(name, OptionList).highlighted = 1 if side else 0
        self.query_one("#split-ru", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        cut = []
        for name in ("#split-ru", "#split-en"):
            options = self.query_one(name, OptionList)
            k = options.highlighted or 0
            cut.append(int(options.get_option_at_index(k).id or 0))
        self.dismiss((cut[0], cut[1]))

    def action_cancel(self) -> None:
        self.dismiss(None)


class MessageScreen(ModalScreen[None]):
    """Something the reviewer must read: a failed save, a file that cannot be opened."""

    DEFAULT_CSS = (
        _MODAL_CSS.format(name="MessageScreen")
        + """
    MessageScreen > Vertical { border: thick $error; }
    """
    )
    BINDINGS = [Binding("escape,enter,space", "dismiss", "Close", show=False)]

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self.title_text, self.message = title, message

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(_shown(self.title_text), classes="title")
            yield Static(_shown(self.message, newlines=True))
            yield Label("Enter or Esc closes; your text is still in the editor", classes="hint")


class SearchBar(Horizontal):
    """``/``: find text in the Russian or the English; Enter finds the next, Esc closes."""

    DEFAULT_CSS = """
    SearchBar { height: 1; display: none; background: $panel; }
    SearchBar.-open { display: block; }
    SearchBar Label { width: auto; padding: 0 1; }
    SearchBar Input { border: none; height: 1; width: 1fr; padding: 0; }
    """
    BINDINGS = [Binding("escape", "close", "Close search", show=False)]

    def compose(self) -> ComposeResult:
        yield Label("Search:")
        yield Input(placeholder="words in the Russian or the English; Enter finds the next")

    def open(self) -> None:
        self.add_class("-open")
        search = self.query_one(Input)
        search.focus()
        self.call_after_refresh(search.focus)  # shown only from the next refresh on

    def action_close(self) -> None:
        self.remove_class("-open")
        self.app.action_leave_editor()  # type: ignore[attr-defined]
