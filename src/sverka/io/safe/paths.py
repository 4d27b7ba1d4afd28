"""Where a write really goes: a path resolved under the kernel's protected_symlinks rule, a
device named as such, a file name fitted to 255 bytes, an OSError in plain words (see the
package's doc, "Only where the user asked")."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from pathlib import Path

from sverka.errors import SverkaError

_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the folder is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOENT: "the folder does not exist",
    errno.ENOTDIR: "the folder does not exist",
    errno.EISDIR: "it is a folder",
    errno.EIO: "the disk reported an input/output error",
    errno.ENAMETOOLONG: "the file name is too long",
    errno.ELOOP: "it is a symbolic link",
}


def reason(err: OSError) -> str:
    if err.errno in _REASONS:
        return _REASONS[err.errno]
    return (err.strerror or type(err).__name__).lower()


NAME_MAX = 255  # bytes in one file name, on every file system sverka is used on
_MAX_HOPS = 40  # symbolic links followed in one path, as the kernel allows


def fit_name(name: str, room: int) -> str:
    """``name`` when its bytes fit in ``room``; else as many of its first bytes as fit (on a
    character boundary) and ``~`` with 12 hex digits of its SHA-256, so that the side files of
    two long names that start alike never meet."""
    raw = os.fsencode(name)
    if len(raw) <= room:
        return name
    tag = "~" + hashlib.sha256(raw).hexdigest()[:12]
    cut = raw[: max(room - len(tag), 0)]
    for trim in range(4):  # drop a character cut in half
        try:
            return cut[: len(cut) - trim].decode("utf-8") + tag
        except UnicodeDecodeError:
            continue
    return os.fsdecode(cut) + tag  # not UTF-8 to begin with: keep its bytes


def _shared(folder_st: os.stat_result) -> bool:
    """A sticky, world-writable folder (/tmp): anyone can put a name there."""
    mode = folder_st.st_mode
    return bool(mode & stat.S_ISVTX) and bool(mode & stat.S_IWOTH)


def not_ours(st: os.stat_result, folder_st: os.stat_result) -> bool:
    """Something in a shared folder that belongs neither to us nor to the folder's owner."""
    return _shared(folder_st) and st.st_uid not in (os.geteuid(), folder_st.st_uid)


def resolve(path: str | Path) -> Path:
    """The file that writing ``path`` would reach, following links the way the kernel does
    with fs.protected_symlinks=1, whatever it is set to: a link in a sticky world-writable
    folder is followed only when it belongs to us or to the folder's owner; any other is
    refused (SverkaError) instead. The part of the path that does not exist is kept as given."""
    raw = os.fspath(path)
    pending = list(reversed(raw.split("/")))
    cur = "/" if raw.startswith("/") else os.getcwd()
    hops = 0
    while pending:
        part = pending.pop()
        if part in ("", "."):
            continue
        if part == "..":
            cur = os.path.dirname(cur)
            continue
        nxt = os.path.join(cur, part)
        try:
            st = os.lstat(nxt)
        except OSError:  # missing (or not a folder): the rest is a name to make
            rest = [q for q in reversed(pending) if q not in ("", ".")]
            return Path(os.path.normpath(os.path.join(nxt, *rest)))
        if not stat.S_ISLNK(st.st_mode):
            cur = nxt
            continue
        try:
            folder_st = os.stat(cur)
        except OSError:
            folder_st = None
        if folder_st is not None and not_ours(st, folder_st):
            raise SverkaError(
                f"{nxt} is a symbolic link another user made in a shared folder; not following it",
                path=path,
                hint="give the path of the file it points to, if that is what you mean",
            )
        hops += 1
        if hops > _MAX_HOPS:
            raise SverkaError("has too many symbolic links in a row (a loop?)", path=path)
        target = os.readlink(nxt)
        if target.startswith("/"):
            cur = "/"
        pending.extend(reversed(target.split("/")))
    return Path(cur)


def real_path(path: str | Path) -> Path:
    """The file a save really replaces, its links followed (and refused) as resolve says."""
    return resolve(path)


def named_device(path: str | Path) -> bool:
    """The user named a device or pipe as such: under /dev or /proc (/dev/null, /dev/stdout,
    /dev/fd/63 of ``>(cmd)``), in a folder nobody else can add to (not /dev/shm)."""
    full = os.path.abspath(path)
    if not full.startswith(("/dev/", "/proc/")):
        return False
    try:
        return not os.stat(os.path.dirname(full)).st_mode & stat.S_IWOTH
    except OSError:
        return False


def pid_alive(pid: int) -> bool:
    if pid <= 0:
        return True  # not a pid we wrote; leave it alone
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, belongs to another user
    return True
