"""The key-hint line at the bottom: the main keys of the current mode, as remapped.

Textual's Footer recomposes its key widgets whenever the focus moves (Enter into the editor,
Escape back), which re-styles and re-lays out the screen on that keystroke's path. This line
is one widget whose two texts are made once; a mode change only repaints it. Each hint can
be clicked, as the Footer's could.
"""

from __future__ import annotations

from typing import Literal

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from sverka.tui.keys import KEYS, display

Mode = Literal["list", "editor"]
_SCOPES: dict[Mode, tuple[str, ...]] = {"list": ("list", "app"), "editor": ("editor", "app")}


def hint_line(mode: Mode, keymap: dict[str, str]) -> Content:
    """``Enter Edit  Ctrl+J Accept …`` for the keys shown in ``mode``, first key of each."""
    parts = []
    for k in KEYS:
        if not k.show or k.scope not in _SCOPES[mode]:
            continue
        key = display(keymap.get(k.id, k.keys)).split(", ")[0]
        action = k.action if k.scope == "app" else f"app.{k.action}"
        parts.append(
            Content.assemble(
                (f" {key} ", "bold reverse"), f" {k.label or k.description}  "
            ).stylize(f"@click={action}")
        )
    return Content("").join(parts)


class KeyHints(Widget):
    DEFAULT_CSS = """
    KeyHints { height: 1; background: $footer-background; color: $footer-foreground; }
    """

    mode: reactive[Mode] = reactive("list")  # a repaint, not a layout

    def __init__(self, keymap: dict[str, str], **kwargs) -> None:
        super().__init__(**kwargs)
        self._lines = {m: hint_line(m, keymap) for m in ("list", "editor")}

    def render(self) -> Content:
        return self._lines[self.mode]
