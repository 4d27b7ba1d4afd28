"""Progress of long work: the engine says what it is doing and how far it has got; it never draws.

A front end (the command line: ``sverka.cli.progress``) installs a ``Reporter`` for the length
of a command with ``reporting``; the engine's long loops call ``phase`` and ``advance`` (or
iterate through ``counted``). With no reporter installed (the app, the tests, sverka used as a
library) each call is one context-variable read and nothing else.

The reporter is ambient (a context variable) rather than a parameter threaded through every
signature from the command to the loop: reading, splitting, aligning and checking are several
calls deep, and their signatures are not progress's business. A context variable stays in its
thread (the app's workers never see a command's reporter), and a process forked while one is
installed (checks/ahead.py) stays silent: only the process that installed it reports.

No UI library is imported here (the engine's import contract, pyproject.toml).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Protocol, TypeVar

T = TypeVar("T")


class Reporter(Protocol):
    """What a front end implements to show progress."""

    def phase(self, what: str, total: float | None) -> None:
        """A new stage of the work (``what``: "aligning", "reading ru.txt"; file names in it
        are data, to be shown safely), with ``total`` units to do, or None when unknown."""

    def advance(self, n: float) -> None:
        """``n`` more units of the current stage are done."""


_current: ContextVar[tuple[Reporter, int] | None] = ContextVar("sverka_progress", default=None)


@contextmanager
def reporting(reporter: Reporter) -> Iterator[Reporter]:
    """Send the engine's progress in this context (and this process) to ``reporter``."""
    token = _current.set((reporter, os.getpid()))
    try:
        yield reporter
    finally:
        _current.reset(token)


def _reporter() -> Reporter | None:
    current = _current.get()
    if current is None or current[1] != os.getpid():
        return None
    return current[0]


def phase(what: str, total: float | None = None) -> None:
    """Start a stage of the work: ``total`` units, or None when it cannot be told."""
    reporter = _reporter()
    if reporter is not None:
        reporter.phase(what, total)


def advance(n: float = 1) -> None:
    """``n`` more units of the current stage are done."""
    reporter = _reporter()
    if reporter is not None:
        reporter.advance(n)


def active() -> bool:
    """Whether anyone is listening (to skip bookkeeping that only progress needs)."""
    return _reporter() is not None


def counted(items: Iterable[T], every: int = 64) -> Iterator[T]:
    """``items`` unchanged, advancing the current stage by one per item (reported in
    batches of ``every``, so a long loop pays next to nothing)."""
    reporter = _reporter()
    if reporter is None:
        yield from items
        return
    pending = 0
    for item in items:
        yield item
        pending += 1
        if pending == every:
            reporter.advance(pending)
            pending = 0
    if pending:
        reporter.advance(pending)
