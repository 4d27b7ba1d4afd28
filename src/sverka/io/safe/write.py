"""atomic_write and its kin: a file replaced whole or not at all, only where the user asked;
a rescue written only under a free name; a save refused when another program changed the
file (see the package's doc)."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

from sverka.errors import SverkaError
from sverka.io.safe.paths import (
    NAME_MAX,
    fit_name,
    named_device,
    not_ours,
    pid_alive,
    real_path,
    reason,
)
from sverka.io.safe.stamp import FileStamp
from sverka.io.small import file_kind

_TMP_MARK = ".sverka-tmp-"
_TMP_TAIL = re.compile(r"(\d+)-[0-9a-f]{16}")


def _tmp_prefix(target: Path) -> str:
    """``.{name}.sverka-tmp-``, the name shortened (see fit_name) so that the whole temporary
    name, pid (up to 10 digits) and 16 hex digits included, fits in 255 bytes."""
    return f".{fit_name(target.name, NAME_MAX - 1 - len(_TMP_MARK) - 10 - 1 - 16)}{_TMP_MARK}"


def remove_stale_temps(path: str | Path) -> list[Path]:
    """Remove temporary files of ``path`` left by savers that are no longer running.

    Only names of this target (``.{name}.sverka-tmp-{pid}-{hex}``) whose pid is dead on this
    host. On a folder shared with another host, a temporary file of a live saver there could be
    removed; that save then fails loudly at the rename and its target stays whole.
    """
    return _remove_stale(real_path(path))


def _remove_stale(target: Path) -> list[Path]:
    prefix = _tmp_prefix(target)
    removed: list[Path] = []
    try:
        entries = os.scandir(target.parent)
    except OSError:
        return removed
    with entries:
        for entry in entries:
            if not entry.name.startswith(prefix):
                continue
            m = _TMP_TAIL.fullmatch(entry.name[len(prefix) :])
            if m is None or pid_alive(int(m[1])):
                continue
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


class _NameTaken(Exception):
    """write_new: something already has the name."""


def _publish_new(tmp: Path, target: Path) -> None:
    """Give the finished temporary file the name ``target``, which must be free: a hard link
    is made atomically or not at all, and never replaces anything. Where the file system has
    no hard links (FAT, some network shares), the name is taken with O_EXCL first, then the
    file renamed onto that empty placeholder of ours."""
    try:
        os.link(tmp, target, follow_symlinks=False)
    except FileExistsError:
        raise _NameTaken from None
    except OSError as err:
        if err.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOSYS, errno.EMLINK):
            raise
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        except FileExistsError:
            raise _NameTaken from None
        os.close(fd)
        os.replace(tmp, target)
        return
    os.unlink(tmp)


def _write_replace(
    path: str | Path,
    data: bytes,
    before_replace: Callable[[], None] | None = None,
    *,
    own: bool = False,
    new: bool = False,
) -> os.stat_result:
    """atomic_write, with a hook run after the temporary file is on disk; returns its stat.

    ``own``: a file of sverka's own (a cache): whatever is under the name is replaced, never
    followed. ``new``: the name must be free (write_new); _NameTaken if it is not."""
    if own or new:  # the name itself, in its folder (whose links are followed as usual)
        full = Path(os.path.abspath(path))
        target = real_path(full.parent) / full.name
    else:
        target = real_path(path)
    folder = target.parent
    _remove_stale(target)
    tmp: Path | None = None
    fd = -1
    try:
        try:
            old = None if new else os.lstat(target)
        except FileNotFoundError:
            old = None
        if old is not None and not own:
            if not stat.S_ISREG(old.st_mode):
                raise SverkaError(
                    f"is {file_kind(old.st_mode)}, not a file sverka can save to", path=path
                )
            with contextlib.suppress(OSError):
                if not_ours(old, os.stat(folder)):
                    raise SverkaError(
                        "belongs to another user and lies in a shared folder; not replacing it",
                        path=path,
                        hint="write to another name",
                    )
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        for _ in range(100):
            tmp = folder / f"{_tmp_prefix(target)}{os.getpid()}-{secrets.token_hex(8)}"
            try:
                fd = os.open(tmp, flags, 0o666)
                break
            except FileExistsError:
                tmp = None
        else:
            raise FileExistsError(errno.EEXIST, "no free temporary name", str(folder))
        if old is not None and stat.S_ISREG(old.st_mode):
            if (old.st_uid, old.st_gid) != (os.getuid(), os.getgid()):
                with contextlib.suppress(PermissionError):
                    os.fchown(fd, old.st_uid, old.st_gid)
            os.fchmod(fd, old.st_mode & 0o7777)  # before any byte is written
        view = memoryview(data)
        while view:
            n = os.write(fd, view)
            if n <= 0:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            view = view[n:]
        os.fsync(fd)
        written = os.fstat(fd)
        os.close(fd)  # close reports delayed write errors (NFS): still before the rename
        fd = -1
        if before_replace is not None:
            before_replace()
        if new:
            _publish_new(tmp, target)
        else:
            os.replace(tmp, target)
        tmp = None
    except BaseException as exc:
        if fd >= 0:
            with contextlib.suppress(OSError):
                os.close(fd)
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if isinstance(exc, OSError):
            hint = "the file on disk is unchanged"
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                hint = "free some space and save again; " + hint
            raise SverkaError(f"could not save: {reason(exc)}", path=path, hint=hint) from exc
        raise
    try:
        dfd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError as exc:
        if exc.errno != errno.EINVAL:  # EINVAL: this file system cannot sync folders
            raise SverkaError(
                f"saved, but the folder could not be flushed to disk: {reason(exc)}",
                path=path,
                hint="save again before closing sverka",
            ) from exc
    return written


def write_new(path: str | Path, data: bytes) -> FileStamp | None:
    """Write ``data`` to ``path`` whole, as a new file, or return None when the name is taken
    (by anything: a file, a link, a pipe). Never replaces, never writes through a link. Returns
    the stamp of what was written (for save_if_unchanged the next time)."""
    try:
        written = _write_replace(path, data, new=True)
    except _NameTaken:
        return None
    return FileStamp(len(data), written.st_mtime_ns, hashlib.sha256(data).hexdigest())


def refuse_to_replace(output: str | Path, inputs: Iterable[str | Path], what: str) -> None:
    """SverkaError when ``output`` is one of ``inputs`` (the same file by any name, a link
    included, or a .po file in a folder to read): ``-o en.review.po`` on an export would
    replace the review with its own export, atomically and for good."""
    out = Path(output)
    try:
        out_real = out.resolve()
    except OSError:
        return
    for given in inputs:
        p = Path(given)
        try:
            same = out_real == p.resolve() or (out.exists() and os.path.samefile(out, p))
            inside = (
                out.exists()
                and p.is_dir()
                and out.suffix == ".po"
                and p.resolve() in out_real.parents
            )
        except OSError:
            continue
        if same or inside:
            raise SverkaError(
                f"is {what}: writing the output there would replace it",
                path=output,
                hint="give another file to write",
            )


def atomic_write(path: str | Path, data: bytes, *, own: bool = False) -> None:
    """Replace ``path`` with ``data`` whole, or leave it untouched and raise SverkaError.

    A device or a pipe is written into, not replaced, when the user named it so
    (``-o /dev/null``, ``-o /dev/stdout``; see named_device); any other is refused, as is a
    link another user planted in a shared folder (see the module doc). ``own=True`` is for
    sverka's own files (the cache): whatever is under the name is replaced, never followed.
    """
    if own:
        _write_replace(path, data, own=True)
        return
    named = named_device(path)
    try:  # a name under /dev or /proc: the kernel's own links (/dev/stdout, /proc/self/fd/1)
        mode = os.stat(path if named else real_path(path)).st_mode
    except OSError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        if not named:
            raise SverkaError(
                f"is {file_kind(mode)}, not a file: sverka writes only to a file, or to a device "
                "named under /dev (-o /dev/stdout)",
                path=path,
            )
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CLOEXEC)
            with open(fd, "wb") as out:
                out.write(data)
        except OSError as err:
            raise SverkaError(f"cannot be written: {reason(err)}", path=path) from None
        return
    if mode is not None and not stat.S_ISREG(mode):
        raise SverkaError("is not a file that can be written (a folder, a socket?)", path=path)
    _write_replace(path, data)


def read_own_file(path: str | Path) -> bytes:
    """The bytes of a file of sverka's own (the cache), opened so that nothing planted under
    its name can hang or redirect the read: not through a symbolic link (O_NOFOLLOW), never
    waiting on a FIFO (O_NONBLOCK), and only a regular file. OSError otherwise."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    with open(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        return f.read()


def save_if_unchanged(path: str | Path, data: bytes, stamp: FileStamp) -> FileStamp:
    """Atomically replace ``path`` with ``data`` unless it changed since ``stamp``.

    Returns the stamp of what was written, for the next save. The check runs once the new
    bytes are safely in the temporary file, just before the rename, to keep the window small.
    """
    digest = hashlib.sha256(data).hexdigest()
    written = _write_replace(path, data, before_replace=lambda: stamp.check(path))
    return FileStamp(size=len(data), mtime_ns=written.st_mtime_ns, sha256=digest)
