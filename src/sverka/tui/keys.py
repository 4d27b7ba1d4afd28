"""Every key of the review app, with the id a reviewer remaps it by (settings.py).

Keys follow Poedit and Emacs po-mode (design.md). Two scopes: "list" keys act while the bead
list has focus (plain letters must type into the editor), "app" keys act everywhere,
ahead of the editor's own keys (Ctrl+K clears the English rather than cutting a line).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from textual.binding import Binding, BindingType


@dataclass(frozen=True)
class Key:
    id: str
    keys: str  # Textual key names, comma-separated
    action: str
    description: str
    scope: Literal["list", "app", "editor"]
    group: str
    show: bool = False  # in the key-hint line (hints.py)
    label: str = ""  # its short name there (default: the description)


KEYS: tuple[Key, ...] = (
    # moving
    Key("next-bead", "down", "move(1)", "Next bead", "list", "Move"),
    Key("next-bead-vi", "j", "move(1)", "Next bead", "list", "Move"),
    Key("previous-bead", "up", "move(-1)", "Previous bead", "list", "Move"),
    Key("previous-bead-vi", "k", "move(-1)", "Previous bead", "list", "Move"),
    Key("next-bead-anywhere", "ctrl+down", "move(1)", "Next bead, from the editor too", "app", "Move"),
    Key("previous-bead-anywhere", "ctrl+up", "move(-1)", "Previous bead, from the editor too", "app", "Move"),
    Key("page-down", "pagedown", "move(20)", "Twenty beads on", "list", "Move"),
    Key("page-up", "pageup", "move(-20)", "Twenty beads back", "list", "Move"),
    Key("first-bead", "home,g", "go_to(0)", "First bead", "list", "Move"),
    Key("last-bead", "end,G", "go_to(-1)", "Last bead", "list", "Move"),
    Key("next-flagged", "n", "next_flagged(1)", "Next flagged bead", "list", "Move", True, "Flagged"),
    Key("previous-flagged", "N", "next_flagged(-1)", "Previous flagged bead", "list", "Move"),
    Key("next-unreviewed", "u", "next_unreviewed", "Next bead not yet reviewed", "list", "Move", True, "Unreviewed"),
    Key("search", "slash", "search", "Search the Russian and the English", "list", "Move", True, "Search"),
    Key("filter", "f", "filter", "Show only some beads (flagged, unreviewed, a check…)", "list", "Move", True, "Filter"),
    Key("risk-order", "r", "risk_order", "Riskiest beads first, or back to document order", "list", "Move", True, "Risk"),
    # reviewing
    Key("edit", "enter,e", "edit", "Edit the English", "list", "Review", True, "Edit"),
    Key("back-to-list", "escape", "leave_editor", "Back to the list (keeps the text)", "editor", "Review", True, "List"),
    Key("accept-next", "ctrl+j,ctrl+enter", "accept_next", "Accept and go to the next bead", "app", "Review", True, "Accept"),
    Key("toggle-reviewed", "ctrl+u", "toggle_reviewed", "Toggle reviewed (fuzzy)", "app", "Review"),
    Key("copy-mt", "ctrl+b", "copy_mt", "Copy the MT back into the English", "app", "Review"),
    Key("clear", "ctrl+k", "clear", "Clear the English", "app", "Review"),
    Key("note", "number_sign", "note", "Write a note on the bead", "list", "Review"),
    Key("ignore", "i", "ignore", "Mark a finding as not a problem", "list", "Review"),
    Key("undo", "ctrl+z", "undo", "Undo (in the editor: undo typing)", "list", "Review"),
    Key("redo", "ctrl+y", "redo", "Redo", "list", "Review"),
    Key("merge", "m", "merge", "Merge the bead with the next one", "list", "Alignment"),
    Key("split", "s", "split", "Split the bead in two", "list", "Alignment"),
    # the app
    Key("save", "ctrl+s", "save", "Save now (it saves by itself as well)", "app", "App"),
    Key("help", "question_mark,f1", "help", "This list of keys", "list", "App", True, "Keys"),
    Key("toggle-theme", "ctrl+t", "toggle_theme", "Light or dark theme", "app", "App"),
    Key("quit", "ctrl+q", "quit", "Quit (everything is saved)", "app", "App", True, "Quit"),
)  # fmt: skip

KEY_IDS = frozenset(k.id for k in KEYS)


def bindings(scope: str) -> list[BindingType]:
    """Textual bindings of one scope. List keys call the app's actions through
    ``from_list``, so the app can tell them from the same action on an app-wide key
    (Down and Ctrl+Down both move) and refuse them once the editor has the focus."""

    def action(k: Key) -> str:
        if scope == "list":
            return f"app.from_list({k.action!r})"
        return ("app." if scope == "editor" else "") + k.action

    return [
        Binding(
            k.keys,
            action(k),
            k.label or k.description,
            show=k.show,
            id=k.id,
            tooltip=k.description,
            priority=scope == "app",
        )
        for k in KEYS
        if k.scope == scope
    ]


def display(keys: str) -> str:
    """Key names as a reviewer reads them: ctrl+j,f8 -> Ctrl+J, F8."""
    names = {"number_sign": "#", "question_mark": "?", "slash": "/", "pagedown": "PgDn",
             "pageup": "PgUp", "escape": "Esc"}  # fmt: skip
    out = []
    for key in keys.split(","):
        key = key.strip()
        if key in names:
            out.append(names[key])
            continue
        parts = key.split("+")
        if len(parts) == 1:
            out.append(key if len(key) == 1 else key.capitalize())  # n and N differ
        else:
            out.append("+".join(p.upper() if len(p) == 1 else p.capitalize() for p in parts))
    return ", ".join(out)
