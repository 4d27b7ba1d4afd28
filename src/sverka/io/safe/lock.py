"""ReviewLock: one sverka per review file, by flock on a hidden lock file beside it (see the
package's doc)."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shlex
import socket
import stat
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sverka.errors import SverkaError
from sverka.io.safe.paths import NAME_MAX, fit_name, pid_alive, real_path, reason
from sverka.io.small import file_kind


@dataclass(frozen=True)
class LockHolder:
    """What a lock file says about the sverka holding it."""

    pid: int
    host: str
    since: str  # ISO 8601, local time with offset
    command: str

    @property
    def here(self) -> bool:
        return self.host == socket.gethostname()

    def since_short(self) -> str:
        try:
            t = datetime.fromisoformat(self.since).astimezone()
        except ValueError:
            return self.since
        same_day = t.date() == datetime.now().astimezone().date()
        return t.strftime("%H:%M" if same_day else "%Y-%m-%d %H:%M")

    def describe(self) -> str:
        """Who holds it, for messages: "sverka update en.review.po, pid 12 on host since
        10:05" (the command tells the reviewer which window or script to look for)."""
        return f"{self.command or 'sverka'}, {self.where()}"

    def where(self) -> str:
        return f"pid {self.pid} on {self.host} since {self.since_short()}"

    @classmethod
    def parse(cls, raw: bytes) -> LockHolder | None:
        try:
            d = json.loads(raw.decode("utf-8"))
            pid = d["pid"]
            if not isinstance(pid, int) or isinstance(pid, bool):
                return None
            return cls(pid, str(d["host"]), str(d["since"]), str(d.get("command", "")))
        except (ValueError, KeyError, TypeError):
            return None


def _own_command() -> str:
    """``sverka update en.review.po`` when run as the sverka command; "" otherwise (a library
    caller's argv would only confuse the message)."""
    if not sys.argv or Path(sys.argv[0]).name != "sverka":
        return ""
    return shlex.join(["sverka", *sys.argv[1:]])


class ReviewLockedError(SverkaError):
    """The review file is open in another sverka (or in this one already)."""

    def __init__(self, message: str, holder: LockHolder | None) -> None:
        super().__init__(message)
        self.holder = holder


def _read_holder(fd: int, *, wait: bool) -> LockHolder | None:
    # A new holder writes its JSON right after taking the flock: give it a moment.
    for _ in range(10 if wait else 1):
        with contextlib.suppress(OSError):
            holder = LockHolder.parse(os.pread(fd, 1 << 16, 0))
            if holder is not None:
                return holder
        if wait:
            time.sleep(0.02)
    return None


def _same_file(fd: int, path: Path) -> bool:
    try:
        a, b = os.fstat(fd), os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


class ReviewLock:
    """Exclusive lock on a review file for the life of a ``with`` block (see the module doc).

    ``lock.warning`` is None, or a sentence for the reviewer when a lock left by a sverka that
    ended without releasing it was taken over.
    """

    def __init__(self, po_path: str | Path, *, command: str | None = None) -> None:
        self.po_path = Path(po_path)
        real = real_path(self.po_path)
        self.lock_path = real.parent / f".{fit_name(real.name, NAME_MAX - 6)}.lock"
        self.command = _own_command() if command is None else command
        self.warning: str | None = None
        self.holder: LockHolder | None = None  # ours, once held
        self._fd = -1
        self._owner_pid = 0

    @property
    def held(self) -> bool:
        return self._fd >= 0 and self._owner_pid == os.getpid()

    def __enter__(self) -> ReviewLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()

    def acquire(self) -> ReviewLock:
        if self._fd >= 0:
            raise ReviewLockedError(f"{self.po_path} is already locked by this sverka", None)
        # O_NONBLOCK: a FIFO under the lock's name must not hang the open.
        flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
        for _ in range(50):
            try:
                fd = os.open(self.lock_path, flags, 0o644)
            except OSError as err:
                hint = f"sverka needs to create {self.lock_path.name} beside it"
                if err.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
                    hint += (
                        "; to read it without changing it: sverka check, sverka export; "
                        "to work on it, copy it with its texts to a folder you can write"
                    )
                raise SverkaError(
                    f"cannot lock for review: {reason(err)}", path=self.po_path, hint=hint
                ) from err
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _read_holder(fd, wait=True)
                os.close(fd)
                raise self._refusal(holder) from None
            except OSError as err:
                os.close(fd)
                raise SverkaError(
                    f"cannot lock for review: this folder does not support file locks "
                    f"({reason(err)})",
                    path=self.po_path,
                    hint="copy the file to a local folder",
                ) from err
            if _same_file(fd, self.lock_path):
                st = os.fstat(fd)
                if not stat.S_ISREG(st.st_mode) or st.st_nlink != 1:
                    os.close(fd)  # someone else's file under the lock's name: never written
                    what = (
                        "has other names (a hard link)"
                        if stat.S_ISREG(st.st_mode)
                        else (f"is {file_kind(st.st_mode)}")
                    )
                    raise SverkaError(
                        f"cannot lock for review: {self.lock_path.name} {what}, so it is not "
                        "a lock sverka made; it is left as it is",
                        path=self.po_path,
                        hint=f"remove {self.lock_path} if it is not yours, and try again",
                    )
                break
            os.close(fd)  # the holder released (unlinked) it between our open and flock: again
        else:
            raise SverkaError(
                "cannot lock for review: the lock file keeps changing", path=self.po_path
            )
        previous = _read_holder(fd, wait=False)
        if previous is not None:
            self.warning = (
                f"took over the lock on {self.po_path} left by {previous.describe()}, "
                f"which ended without releasing it"
            )
        self.holder = LockHolder(
            pid=os.getpid(),
            host=socket.gethostname(),
            since=datetime.now().astimezone().isoformat(timespec="seconds"),
            command=self.command,
        )
        record = json.dumps(self.holder.__dict__, ensure_ascii=False).encode() + b"\n"
        with contextlib.suppress(OSError):  # the JSON only feeds messages; the flock is the lock
            os.ftruncate(fd, 0)
            os.pwrite(fd, record, 0)
        self._fd, self._owner_pid = fd, os.getpid()
        return self

    def _refusal(self, holder: LockHolder | None) -> ReviewLockedError:
        po = self.po_path
        if holder is None:
            return ReviewLockedError(f"{po} is open in another sverka; close it there first", None)
        if holder.here and holder.pid == os.getpid():
            msg = f"{po} is already open in this sverka ({holder.where()})"
        elif holder.here and not pid_alive(holder.pid):
            # The flock outlived its sverka: a process forked from it still has the file open.
            msg = (
                f"{po} is locked by a program started from {holder.describe()}, "
                f"which has ended; close that program first"
            )
        else:
            msg = f"{po} is open in another sverka ({holder.describe()}); close it there first"
        return ReviewLockedError(msg, holder)

    def release(self) -> None:
        """Remove the lock file and drop the lock; safe to call twice."""
        fd, self._fd = self._fd, -1
        if fd < 0:
            return
        try:
            # Unlink while still holding the flock, and only our own file; a process forked
            # from the holder just closes its copy of the descriptor.
            if self._owner_pid == os.getpid() and _same_file(fd, self.lock_path):
                with contextlib.suppress(OSError):
                    os.unlink(self.lock_path)
        finally:
            os.close(fd)
            self.holder = None
