"""The command line's one progress display: a bar on stderr for the engine's long work.

``shown()`` wraps the engine calls of a command (align, init, update, check; score): when
stderr is a terminal it installs a ``Bar`` as the engine's progress reporter
(``sverka.progress``); when stderr is piped or a file it shows nothing and installs nothing.
The bar appears only once the work has taken longer than a second
(``SVERKA_PROGRESS_AFTER``, in seconds, changes that: the tests set 0), says what is being
done (reading a file, aligning, checking), and is cleared when the work ends, so what the
command then prints is all that stays on the screen.

The stage's text passes through termsafe: a file name in it is data, never a control
sequence, and never rich markup. No refresh thread: the bar is redrawn when the engine
reports (at most ten times a second), because commands fork workers while it is up.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sverka import progress
from sverka.termsafe import visible

AFTER = 1.0  # seconds of work before a bar is worth showing
REDRAW = 0.1  # seconds between redraws at most


def _after() -> float:
    try:
        return max(0.0, float(os.environ.get("SVERKA_PROGRESS_AFTER", AFTER)))
    except ValueError:
        return AFTER


class Bar:
    """A rich progress bar on stderr, shown from the first report after ``after`` seconds."""

    def __init__(self, after: float | None = None) -> None:
        self.after = _after() if after is None else after
        self.started = time.monotonic()
        self.drawn = 0.0
        self.what = ""
        self.total: float | None = None
        self.done = 0.0
        self._progress: Any = None
        self._task: Any = None

    def phase(self, what: str, total: float | None) -> None:
        self.what, self.total, self.done = visible(what), total, 0.0
        if self._progress is not None:
            self._progress.update(self._task, description=self.what, completed=0)
            self._progress.tasks[0].total = total  # None: unknown (update keeps the old)
        self._draw(force=True)

    def advance(self, n: float) -> None:
        self.done += n
        self._draw()

    def _draw(self, force: bool = False) -> None:
        now = time.monotonic()
        if self._progress is None:
            if now - self.started < self.after:
                return
            self._start()
        elif not force and now - self.drawn < REDRAW:
            return
        self.drawn = now
        done = self.done if self.total is None else min(self.done, self.total)
        self._progress.update(self._task, completed=done)
        self._progress.refresh()

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        self._progress = Progress(
            TextColumn("{task.description}", markup=False),  # a file name is never markup
            BarColumn(),
            TaskProgressColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
            auto_refresh=False,  # no thread: workers are forked while the bar is up
        )
        self._task = self._progress.add_task(self.what, total=self.total)
        # the clock of the bar from when the work began, not from when the bar appeared
        self._progress.tasks[0].start_time = self._progress.get_time() - (
            time.monotonic() - self.started
        )
        self._progress.start()

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


@contextmanager
def shown() -> Iterator[Bar | None]:
    """The engine's progress as a bar while the block runs, when stderr is a terminal."""
    if not _terminal():
        yield None
        return
    bar = Bar()
    try:
        with progress.reporting(bar):
            yield bar
    finally:
        bar.close()


def _terminal() -> bool:
    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except (ValueError, OSError):  # closed (`2>&-`)
        return False
