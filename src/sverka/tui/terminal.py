"""The terminal going away under the app: a watch for the hang-up no signal reports.

When the window or the ssh connection of a terminal multiplexer closes, the kernel hangs the
terminal up and sends SIGHUP to its session leader only (a shell, make), and Textual's input
thread, reading end-of-file from then on, spins at full speed forever (the lock held, the
last second of typing never saved). A hung-up terminal reports POLLHUP: a thread waits for it.
"""

from __future__ import annotations

import contextlib
import os
import select
import sys
import threading
from collections.abc import Callable


class TerminalWatch:
    """Calls ``gone`` (from its own thread) once the app's terminal hangs up."""

    def __init__(self, gone: Callable[[], object]) -> None:
        self.gone = gone
        self.fd = -1  # the terminal watched, once the app runs on one
        self._watching = threading.Event()  # cleared when the watch ends

    def start(self) -> None:
        try:
            fd = sys.__stdin__.fileno() if sys.__stdin__ is not None else -1
        except (OSError, ValueError):
            return
        if fd < 0 or not os.isatty(fd):
            return
        self.fd = fd
        self._watching.set()
        threading.Thread(target=self._watch, name="sverka-terminal-watch", daemon=True).start()

    def stop(self) -> None:
        self._watching.clear()

    def hung_up(self) -> bool:
        """The watched terminal is gone now (False when none is watched)."""
        return self.fd >= 0 and hung_up(self.fd)

    def _watch(self) -> None:
        while self._watching.is_set():
            if not hung_up(self.fd, timeout_ms=250):
                continue
            self._watching.clear()
            with contextlib.suppress(RuntimeError):  # the app already ended
                self.gone()
            return


def hung_up(fd: int, timeout_ms: int = 0) -> bool:
    """True when the terminal ``fd`` is gone (hung up, closed), waiting up to ``timeout_ms``
    for that. Not os.isatty: a hung-up terminal is no longer a tty to the kernel."""
    poller = select.poll()
    poller.register(fd, 0)  # no events asked: POLLHUP, POLLERR and POLLNVAL come anyway
    try:
        return bool(poller.poll(timeout_ms))
    except OSError:
        return True
