"""The app's dialogs: help, note, filter, search, split, ignore a finding, and messages.

Text from the file (notes, ids, sentences, finding messages) goes in as rich Text shown
through termsafe, never as a markup string: no control sequence reaches the terminal, and
"[link=…]" in a note is text, not a hyperlink.
"""

from __future__ import annotations

import re
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
            "E/W/i worst finding ≠ alignment to check\n"
            "0-9 risk: in how many of ten such beads a post-editor changed something (r sorts)",
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
        ru_text: str = "",
        en_text: str = "",
    ) -> None:
        """``ru`` and ``en``: (label, offset) of each place a side can be cut; the texts,
        to find a cut by typing the words that begin the second part."""
        super().__init__()
        self.entry_id, self.ru, self.en = entry_id, ru, en
        self.texts = {"split-ru": ru_text, "split-en": en_text}
        self.typed = ""  # what was typed to find a cut (type-to-find)
        self.en_moved = False  # the English list was moved by hand: it no longer follows

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
            yield Label(self.HINT, id="split-hint", classes="hint")

    HINT = (
        "Type the words that begin the second part, or Up/Down; the English follows the "
        "Russian (Tab: set it yourself); Enter splits, Esc cancels"
    )

    def on_mount(self) -> None:
        for name, side in (("#split-ru", self.ru), ("#split-en", self.en)):
            self.query_one(name, OptionList).highlighted = 1 if side else 0
        self.query_one("#split-ru", OptionList).focus()

    def on_key(self, event) -> None:
        """Type-to-find: letters typed pick the cut before the words that begin with them
        (23 presses of Down, one per word, was the only way to a cut inside a sentence)."""
        options = self.focused
        if not isinstance(options, OptionList) or options.id not in self.texts:
            return
        if event.key == "backspace":
            self.typed = self.typed[:-1]
        elif event.is_printable and event.character:
            self.typed += event.character
        else:
            if event.key not in ("enter", "escape"):
                self.typed = ""  # moving by hand starts a new search
                self._say()
            return
        event.stop()
        event.prevent_default()
        self._find(options)
        self._say()

    def _find(self, options: OptionList) -> None:
        text, wanted = self.texts[options.id or ""], " ".join(self.typed.casefold().split())
        if not wanted or not text:
            return
        for k in range(options.option_count):
            at = int(options.get_option_at_index(k).id or 0)
            if " ".join(text[at:].casefold().split()).startswith(wanted):
                options.highlighted = k
                return

    def _say(self) -> None:
        hint = f"Second part begins: {self.typed}▏" if self.typed else self.HINT
        self.query_one("#split-hint", Label).update(hint)

    def on_descendant_focus(self, event) -> None:
        if getattr(event.widget, "id", None) == "split-en":
            self.en_moved = True

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """The English cut follows the Russian one, at the same share of the text, until
        the reviewer sets it."""
        if event.option_list.id != "split-ru" or self.en_moved:
            return
        ru_text, en_text = self.texts["split-ru"], self.texts["split-en"]
        if not ru_text or not en_text:
            return
        share = int(event.option.id or 0) / len(ru_text)
        en = self.query_one("#split-en", OptionList)
        best = min(
            range(en.option_count),
            key=lambda k: abs(int(en.get_option_at_index(k).id or 0) / len(en_text) - share),
        )
        en.highlighted = best

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


def cut_points(text: str, lang: str) -> list[tuple[str, int]]:
    """Where a bead's text can be cut, for the split dialog: (label, offset) after each
    sentence; after each word when the text is one sentence (a merged dateline and byline
    have no sentence break to offer)."""
    if not text:
        return []
    from sverka.segment import split_text

    out: list[tuple[str, int]] = []
    at = 0
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
