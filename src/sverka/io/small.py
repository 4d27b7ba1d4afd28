"""Reading a small input whole, with a size cap and without ever blocking on a FIFO.

Some inputs are read whole and are small by nature: the review app's settings
(``$SVERKA_CONFIG``, 1 MiB), a glossary (64 MiB); texts are read whole too (256 MiB). Read
as ``path.read_bytes()``, ``SVERKA_CONFIG=/dev/zero`` filled memory (7 GB in 20 s) and a FIFO
with no writer hung sverka before it showed anything.

``read_small`` opens the file with ``O_NONBLOCK`` (so opening a FIFO returns at once), then
``fstat``-s the open descriptor (not the name, which could be swapped in between) and:

- ``regular_only=True`` (an input the user did not name on this command line, such as the
  settings): refuses anything but a regular file, naming what it is (a FIFO, a device, ...);
- ``regular_only=False`` (a file the user named, as ``-g <(grep ... terms.csv)``): a FIFO or
  a character device is read as asked, but blocking again, so a slow writer is waited for;

and in both cases reads at most ``limit + 1`` bytes, so a file over the cap (or an endless
device) is refused in one line after ``limit`` bytes, never read to the end.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from sverka.errors import InputError

MiB = 1024 * 1024
_CHUNK = 1 << 20


def file_kind(mode: int) -> str:
    """What a path that is not a regular file is, for a message: "is a folder", "is a device".
    One wording for readers (here) and writers (io/safe/)."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _size(n: int) -> str:
    if n >= MiB:
        return f"{n / MiB:,.1f} MiB".replace(".0 ", " ")
    return f"{n / 1024:,.1f} KiB".replace(".0 ", " ")


def read_small(path: str | Path, *, limit: int, what: str, regular_only: bool = True) -> bytes:
    """The bytes of ``path``, at most ``limit``; InputError naming the file otherwise.

    ``what`` names the input in messages ("a settings file", "a glossary").
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise InputError("no such file", path=path, hint="check the name and the folder") from None
    except IsADirectoryError:
        raise InputError(f"is a folder, not {what}", path=path) from None
    except PermissionError:
        raise InputError("cannot be read: permission denied", path=path) from None
    except OSError as err:
        raise InputError(f"cannot be read: {err.strerror or err}", path=path) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise InputError(f"is a folder, not {what}", path=path)
        if not stat.S_ISREG(mode):
            if regular_only or not (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
                raise InputError(
                    f"is {file_kind(mode)}; {what} is read only from a regular file", path=path
                )
            os.set_blocking(fd, True)  # named by the user: wait for the writer, as cat does
        elif os.fstat(fd).st_size > limit:
            raise InputError(
                f"is {_size(os.fstat(fd).st_size)}; {what} may be at most {_size(limit)}",
                path=path,
            )
        chunks: list[bytes] = []
        got = 0
        # a regular file in one read (its size, and a byte more to see it did not grow)
        step = max(_CHUNK, os.fstat(fd).st_size + 1) if stat.S_ISREG(mode) else _CHUNK
        while got <= limit:
            try:
                chunk = os.read(fd, min(step, limit + 1 - got))
            except OSError as err:
                if err.errno == errno.EINTR:  # pragma: no cover - retried by Python itself
                    continue
                raise InputError(f"cannot be read: {err.strerror or err}", path=path) from None
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        if got > limit:
            raise InputError(
                f"has more than {_size(limit)}; {what} may be at most {_size(limit)}", path=path
            )
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)
    finally:
        os.close(fd)
