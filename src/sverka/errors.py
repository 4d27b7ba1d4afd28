"""Errors in the user's input, reported as one line that names the file and line.

The CLI catches SverkaError at the top level only, prints ``str(err)`` and exits 2.
Anything else is a bug in sverka and keeps its traceback.
"""

from __future__ import annotations

from pathlib import Path


class SverkaError(Exception):
    """A problem with the user's input or files that the user can fix."""

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = None if path is None else str(path)
        self.line = line
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path + (f":{self.line}" if self.line is not None else "") + ": "
        text = where + self.message
        if self.hint:
            text += f" ({self.hint})"
        # One line, always: a message built from user data must not break the promise.
        return " ".join(text.split())


class InputError(SverkaError):
    """A file that cannot be used: missing, empty, binary, wrong language."""


class EncodingError(SverkaError):
    """Bytes that do not decode in the detected or requested encoding."""


class AlignmentError(SverkaError):
    """The two texts cannot be aligned as given."""
