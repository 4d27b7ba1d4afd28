"""When the review app writes the reviewer's work, and what it tells them when it could not.

No textual here: the app feeds it what happens (a change, a keystroke, a save started or
back) and asks what to do (is a save due, is there a failed save to tell of), and the
tests drive it with a fake clock.

Its states, as ``Autosave.state`` names them:

- ``saved``: nothing waits to be written;
- ``dirty``: a change waits, younger than ``after`` seconds (the reviewer may be typing);
- ``scheduled``: a change has waited ``after`` seconds: the next tick writes it;
- ``saving``: a save is out in a worker;
- ``failed``: the last save could not write (a full disk, a read-only folder): tried again
  ``after`` seconds later, the message shown once the reviewer stops typing;
- ``conflict``: another program changed the file: it is left alone, the reviewer's version
  was written beside it (``kept_at``), and the message says where.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from sverka.io.safe import ExternalChangeError
from sverka.session import SaveOutcome

SAVE_AFTER = 1.0  # seconds a change may wait before it is written (the promise is 2 s)


class Autosave:
    def __init__(
        self, after: float = SAVE_AFTER, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.after = after
        self.clock = clock
        self.pending_since: float | None = None  # the oldest change not yet on disk
        self.typed_at = float("-inf")  # when the reviewer last typed
        self.error: str | None = None  # the last save's failure, while it lasts
        self.kept_at: Path | None = None  # where the reviewer's version went instead
        self.conflict = False  # the failure was another program's change to the file
        self.message_due: str | None = None  # a failure's message, not shown yet
        self.quit_anyway = False  # quitting once more leaves without saving
        self.saving = 0  # saves out in a worker, not back yet

    @property
    def state(self) -> str:
        if self.saving:
            return "saving"
        if self.error is not None:
            return "conflict" if self.conflict else "failed"
        if self.pending_since is None:
            return "saved"
        return "scheduled" if self.due() else "dirty"

    # -- what happened --------------------------------------------------------------------

    def changed(self) -> None:
        """The document changed: it waits to be written from now (or from an earlier change
        still waiting)."""
        if self.pending_since is None:
            self.pending_since = self.clock()

    def typed(self) -> None:
        """The reviewer typed: a change, and a moment not to open a dialog."""
        self.typed_at = self.clock()
        self.changed()

    def nothing_to_save(self) -> None:
        """The document is as on disk (a save was asked for and found nothing new)."""
        self.pending_since = None

    def started(self) -> None:
        """A save went out to a worker."""
        self.saving += 1

    def finished(self, outcome: SaveOutcome, clean: bool, *, from_worker: bool = True) -> None:
        """A save came back. ``clean``: the document is as saved and nothing typed waits in
        the editor (else a change is still pending). A failure is said once, however often
        it repeats, and tried again ``after`` seconds later."""
        if from_worker:
            self.saving = max(0, self.saving - 1)
        if outcome.error is None:
            self.error = self.message_due = self.kept_at = None
            self.conflict = False
            self.quit_anyway = False  # saved again: quitting saves and quits as usual
            if clean:
                self.pending_since = None
            return
        message = str(outcome.error)
        if outcome.kept_at:
            message += f"\n\nYour version is saved beside it, in {outcome.kept_at}."
        if message != self.error:  # say it once, not every second
            self.error = self.message_due = message
        self.kept_at = outcome.kept_at
        self.conflict = isinstance(outcome.error, ExternalChangeError)
        self.pending_since = self.clock()  # try again later

    # -- what to do -----------------------------------------------------------------------

    def due(self) -> bool:
        """A change has waited ``after`` seconds: commit what is typed and save."""
        return self.pending_since is not None and self.clock() - self.pending_since >= self.after

    def message_to_show(self, now: bool = False) -> str | None:
        """A failed save's message, to open once: at once when ``now`` (the reviewer asked
        to save), else only once the reviewer stopped typing: keys typed into a dialog that
        opens mid-word would be lost, and Space would close it unread."""
        message = self.message_due
        if message is None or (not now and self.clock() - self.typed_at < self.after):
            return None
        self.message_due = None
        return message
