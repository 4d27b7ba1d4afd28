"""What the app's workers (and its autosave timer) report, as messages named for what happened.

A worker thread computes and posts one of these; the app applies it on its own thread, the
only one that writes the session (its findings, their totals) and the screen. The app's
``applied(kind)`` is an event set once one has been applied: tests wait on it, never on the
clock.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

from sverka.model import Entry, Finding
from sverka.session import SaveOutcome

if TYPE_CHECKING:
    from sverka.checks import Checker


class ChecksPrepared(Message):
    """The checker is built for the document: glossaries, lemmas and its figures loaded."""

    def __init__(self, checker: Checker) -> None:
        super().__init__()
        self.checker = checker


class EntriesChecked(Message):
    """Findings of a run of entries from index ``start`` on, as the document was; ``done``
    entries of ``total`` checked so far."""

    def __init__(
        self,
        found: list[tuple[Entry, list[Finding]]],
        start: int,
        done: int,
        total: int,
        risks: list[float] | None = None,  # each entry's (session.risks_for), issue 18
    ) -> None:
        super().__init__()
        self.found = found
        self.risks = risks
        self.start = start
        self.done = done
        self.total = total


class ChecksFinished(Message):
    """Every entry of the document has been checked once."""


class BeadRechecked(Message):
    """The English being typed (``entry``, not in the document yet) was checked again."""

    def __init__(self, entry: Entry, found: list[Finding]) -> None:
        super().__init__()
        self.entry = entry
        self.found = found


class SaveDue(Message):
    """A change has waited its second (sverka.autosave): the timer asks for it to be written."""


class Saved(Message):
    """A save in a worker came back: written, nothing to write, or refused and why."""

    def __init__(self, outcome: SaveOutcome) -> None:
        super().__init__()
        self.outcome = outcome
