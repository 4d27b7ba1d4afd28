"""What the filter dialog offers and which beads each choice shows (no widgets here)."""

from __future__ import annotations

from collections.abc import Callable

from sverka.checks import CHECKS
from sverka.session import ReviewSession
from sverka.tui.beadlist import not_one_to_one

Test = Callable[[ReviewSession, int], bool]

FILTERS: dict[str, tuple[str, Test | None]] = {
    "all": ("All beads", None),
    "flagged": ("Flagged", lambda s, i: bool(s.findings(i))),
    "unreviewed": ("Not yet reviewed", lambda s, i: not s.doc.entries[i].reviewed),
    "changed": ("Changed from the MT", lambda s, i: s.doc.entries[i].changed),
    "notes": ("With a note", lambda s, i: bool(s.doc.entries[i].note)),
    "alignment": ("Alignment to check (≠)", lambda s, i: not_one_to_one(s.doc.entries[i])),
    "ignored": (
        "With findings marked as no problem (i takes a mark back)",
        lambda s, i: bool(s.doc.entries[i].ignored),
    ),
}


def label(choice: str) -> str:
    return FILTERS.get(choice, (choice, None))[0]


def choices(session: ReviewSession, shown: str, checked: bool) -> list[tuple[str, str]]:
    """The dialog's (id, label) rows: the filters, then once ``checked`` one per check code
    with findings (and how many beads have them); the filter ``shown`` now is marked."""
    out = [(fid, name) for fid, (name, _) in FILTERS.items()]
    if checked:
        counts: dict[str, int] = {}
        for i in range(len(session.doc.entries)):
            for code in {f.code for f in session.findings(i)}:
                counts[code] = counts.get(code, 0) + 1
        out += [(f"code:{c}", f"Check: {c} ({counts[c]})") for c in CHECKS if c in counts]
    # Enter at once shows every bead again: the filter in force is marked, not chosen.
    return [(c, f"{name}  (shown now)" if c == shown else name) for c, name in out]


def order(session: ReviewSession, choice: str) -> list[int]:
    """The entry indices a choice shows, in document order."""
    n = len(session.doc.entries)
    if choice.startswith("code:"):
        code = choice[5:]
        return [i for i in range(n) if any(f.code == code for f in session.findings(i))]
    test = FILTERS.get(choice, (None, None))[1]
    if test is None:
        return list(range(n))
    return [i for i in range(n) if test(session, i)]
