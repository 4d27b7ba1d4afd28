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


# When the line is short of room, moving hints give way first, then reviewing ones; the
# app's own (Keys, Quit) never do.
_KEEP_RANK = {"Move": 0, "Review": 1}
_ALWAYS = 2


def hint_parts(mode: Mode, keymap: dict[str, str]) -> list[tuple[Content, int]]:
    """``Enter Edit``, ``Ctrl+J Accept`` … for the keys shown in ``mode`` (first key of
    each), each with how much it matters when the line is short of room."""
    parts = []
    for k in KEYS:
        if not k.show or k.scope not in _SCOPES[mode]:
            continue
        key = display(keymap.get(k.id, k.keys)).split(", ")[0]
        action = k.action if k.scope == "app" else f"app.{k.action}"
        part = Content.assemble((f" {key} ", "bold reverse"), f" {k.label or k.description}  ")
        parts.append((part.stylize(f"@click={action}"), _KEEP_RANK.get(k.group, _ALWAYS)))
    return parts


def fit(parts: list[tuple[Content, int]], width: int) -> Content:
    """The hints that fit in ``width`` cells, the least needed left out first (the last of
    them first): an 80-column terminal still shows how to edit, accept, quit, and where
    every key is listed."""
    kept = list(parts)
    while sum(p.cell_length for p, _ in kept) > width:
        rank = min(r for _, r in kept)
        if rank == _ALWAYS:
            break
        last = max(i for i, (_, r) in enumerate(kept) if r == rank)
        del kept[last]
    return Content("").join(p for p, _ in kept)


class KeyHints(Widget):
    DEFAULT_CSS = """
    KeyHints { height: 1; background: $footer-background; color: $footer-foreground; }
    """

    mode: reactive[Mode] = reactive("list")  # a repaint, not a layout

    def __init__(self, keymap: dict[str, str], **kwargs) -> None:
        super().__init__(**kwargs)
        self._parts = {m: hint_parts(m, keymap) for m in ("list", "editor")}
        self._lines: dict[tuple[Mode, int], Content] = {}  # made once per mode and width

    def render(self) -> Content:
        key = (self.mode, self.size.width)
        line = self._lines.get(key)
        if line is None:
            line = self._lines[key] = fit(self._parts[self.mode], self.size.width)
        return line
