"""SIGTERM and SIGHUP end a sverka command the way Ctrl+C does: cleanly, with one line.

By default either signal kills Python on the spot: a review file's lock record stays behind
(the next sverka warns that it took over a stale lock), a temporary file is left beside the
review, and the app loses what was typed since its last save. Instead, ``install()`` turns
them into :class:`Terminated`, a BaseException raised wherever the main thread is, so that
every ``with`` block and ``finally`` runs on the way out (locks released, temporary files
removed by atomic_write) and the CLI ends with exit status 128 + the signal's number
(143, 129), as a shell reports a process that a signal ended.

A program with an event loop (the review app) cannot take an exception at an arbitrary
point: it registers a callback with :func:`on_signal` for as long as it runs, and the
signal then calls that (on the main thread, between two bytecodes) instead of raising.

A process forked from sverka (the dictionary-check process, score's workers) gets the
default action back at once, in the fork itself: the signal is the parent's business, and
a Python-level handler runs only when the main thread gets back to Python code, which an idle
pool worker waiting on its queue's semaphore never does. Inherited, the handler turned the
SIGTERM of every ``Pool.terminate()`` into a worker that never ended and a parent waiting
for it forever (``sverka score`` hung at its very end).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from types import FrameType

HANDLED = (signal.SIGTERM, signal.SIGHUP)
_WORDS: dict[int, str] = {
    signal.SIGTERM: "terminated (SIGTERM)",
    signal.SIGHUP: "hung up (SIGHUP: the terminal closed)",
}

_main_pid = 0
_callbacks: list[Callable[[int], None]] = []


class Terminated(BaseException):  # named like KeyboardInterrupt, its sibling
    """SIGTERM or SIGHUP reached the process; ``exit_code`` is what to end with."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

    def __str__(self) -> str:
        return describe(self.signum)


def describe(signum: int) -> str:
    """The words for a signal in sverka's last line: "terminated (SIGTERM)"."""
    return _WORDS.get(signum, f"ended by signal {signum}")


def _handle(signum: int, frame: FrameType | None) -> None:
    if os.getpid() != _main_pid:  # a child forked by other means than os.fork: as the fork's
        signal.signal(signum, signal.SIG_DFL)  # own reset would have made it
        os.kill(os.getpid(), signum)
        return
    if _callbacks:
        _callbacks[-1](signum)
        return
    raise Terminated(signum)


def _unraisable(info: sys.UnraisableHookArgs) -> None:
    """Where Python cannot raise (an at-fork callback, as logging's around every fork of a
    worker pool; a ``__del__``), it prints "Exception ignored in" and carries on as if no
    signal had come. The signal is sent again instead, to land where it can be raised."""
    if isinstance(info.exc_value, Terminated):
        # From another thread, a moment later: sent from here, it would be raised at once,
        # still inside the hook, and be ignored again.
        again = threading.Timer(0.02, os.kill, (os.getpid(), info.exc_value.signum))
        again.daemon = True
        again.start()
        return
    _python_unraisable(info)


_python_unraisable = sys.unraisablehook


def _default_in_child() -> None:
    for sig in HANDLED:
        if signal.getsignal(sig) is _handle:
            signal.signal(sig, signal.SIG_DFL)


def install() -> None:
    """Handle SIGTERM and SIGHUP in this process from now on (the main thread only)."""
    global _main_pid
    if _main_pid == 0:
        os.register_at_fork(after_in_child=_default_in_child)
        sys.unraisablehook = _unraisable
    _main_pid = os.getpid()
    for sig in HANDLED:
        if signal.getsignal(sig) is signal.SIG_IGN:
            continue  # started under nohup (SIGHUP ignored): the user asked to outlive the terminal
        signal.signal(sig, _handle)


@contextlib.contextmanager
def on_signal(callback: Callable[[int], None]) -> Iterator[None]:
    """Call ``callback(signum)`` for SIGTERM and SIGHUP, instead of raising, while inside."""
    _callbacks.append(callback)
    try:
        yield
    finally:
        _callbacks.remove(callback)
