"""Saving the review file safely: whole or not at all, one sverka per file, no silent overwrite.

A reviewer's corrections live in one PO file, saved every time they leave a bead. Three tools
keep it whole, used together like this::

    with ReviewLock(po) as lock:                   # one sverka per review file
        if lock.warning:                           # a crashed sverka's lock was taken over
            show(lock.warning)
        data, stamp = FileStamp.read(po)           # the bytes parsed and their stamp, one read
        doc = parse_po(data, path=po)
        ...
        stamp = save_if_unchanged(po, render_po(doc).encode(), stamp)   # on every save

**atomic_write** writes a temporary file in the same folder (``.{name}.sverka-tmp-{pid}-{hex}``,
same file system, so the rename is atomic), fsyncs it, gives it the original's permission bits
(and owner, when allowed), ``os.replace``-s it onto the target and fsyncs the folder, so that the
rename itself survives a power cut. A reader sees the old bytes or the new bytes, never a mix.
On any failure the temporary file is removed, the target is untouched, and a one-line
SverkaError names the file and a plain reason ("the disk is full"). A process killed mid-save
(SIGKILL, OOM) can leave its temporary file behind; the next atomic_write into that folder
removes temporary files of that target whose pid is no longer running (remove_stale_temps). A
symlinked target is written through: the link stays, the file it points to is replaced.

**Only where the user asked.** An output path is resolved here, component by component, under
the rule the kernel applies with ``fs.protected_symlinks=1`` (which may be off, as it is on
many containers): in a folder that is sticky and world-writable (/tmp), a symbolic link is
followed only when it belongs to the one following it or to the folder's owner. A link planted
there by another user is refused in one line, never written through; so is replacing another
user's file there (protected_regular's rule: root's output would otherwise be handed to the
planter with the planter's owner and mode). A device or pipe is written into, never replaced
(renaming a file over /dev/null, as root, broke it for the whole machine), but only when the
user named it under /dev or /proc (``-o /dev/null``, ``-o /dev/stdout``, ``>(gzip)``), in a
folder only root can add to: a FIFO found under an ordinary name was planted there, and would
hang sverka or hand the output to whoever reads it. The temporary file is made with
``O_CREAT | O_EXCL | O_NOFOLLOW``, so nothing already under its name is written through; the
user's cache files are written with ``own=True``, which replaces whatever is under the name (a
link, a FIFO) instead of following it. Rescued versions are written with write_new, which
links the finished temporary file to a new name and never replaces anything. Side-file names
(temporary, lock) fit in 255 bytes: a long name is shortened and tagged with its hash.

**ReviewLock** holds ``flock(LOCK_EX | LOCK_NB)`` on ``.{name}.lock`` beside the PO (hidden,
like vim's ``.name.swp``, so the translator's folder listing stays clean). flock rather than an
O_EXCL lock file, because the kernel releases a flock when the holder's last descriptor closes,
however the process ended (SIGKILL, OOM killer, crash): a lock can never be stuck, and
"is the holder still alive?" needs no guessing from pids (which are reused, and mean nothing on
another host). flock rather than fcntl/lockf, because flock belongs to the open file, so the
same process opening the review twice is refused too, while POSIX record locks are per process
(a second lock in the same process silently succeeds) and vanish when *any* descriptor of the
file is closed. The JSON inside (pid, host, since, command) only feeds the messages: who holds
it, or whose lock was taken over (``lock.warning``; never printed). Release unlinks the file
while still holding the flock; acquire checks that the path still names the file it locked and
retries if not, so an unlink racing an open never gives two holders. Do not delete the lock
file by hand: it is never needed, and a sverka holding it would no longer be seen. The lock is
opened with O_NOFOLLOW | O_NONBLOCK and written only when it is a regular file with one link:
a hard link planted under its name (to the review file itself, say) is refused, not truncated.

**FileStamp** (size, mtime_ns, sha256) catches a review file changed by another program (Poedit,
a sync client, git) while sverka had it open. The check trusts content, not time: a different
size means changed (no hash needed); the same size is always settled by the hash. An equal mtime
proves nothing (coarse clocks: 2 s on FAT/exFAT sticks, a 4 ms kernel tick elsewhere; tools
that restore it: ``touch -r``, rsync -t, os.utime), and a different mtime alone is not a change
worth refusing a save (a sync client re-writing the same bytes, ``touch``). Cost, measured on a
3 MB PO (10,000 entries, SSD, sha256 with CPU support): a stat takes 1 µs, the check 1.8 ms
(re-hashing the file on disk), hashing the new bytes 1.7 ms, atomic_write 2.7 ms, the whole
save_if_unchanged 6.4 ms (median; 9 ms worst of 40). Skipping the hash would save 2 ms
beside an fsync that takes 5-30 ms on laptop disks, in a save that runs in a worker thread:
not worth a silently lost edit. save_if_unchanged checks after the new bytes are written and
fsynced, right before the rename, so another program's change can slip in only between the
check's read and the rename (microseconds; without mandatory locks it cannot be closed).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import re
import secrets
import shlex
import socket
import stat
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sverka.errors import SverkaError
from sverka.io.small import file_kind

_TMP_MARK = ".sverka-tmp-"
_TMP_TAIL = re.compile(r"(\d+)-[0-9a-f]{16}")
_CHUNK = 1 << 20

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


def _reason(err: OSError) -> str:
    if err.errno in _REASONS:
        return _REASONS[err.errno]
    return (err.strerror or type(err).__name__).lower()


_NAME_MAX = 255  # bytes in one file name, on every file system sverka is used on
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


def _not_ours(st: os.stat_result, folder_st: os.stat_result) -> bool:
    """Something in a shared folder that belongs neither to us nor to the folder's owner."""
    return _shared(folder_st) and st.st_uid not in (os.geteuid(), folder_st.st_uid)


def _resolve(path: str | Path) -> Path:
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
        if folder_st is not None and _not_ours(st, folder_st):
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


def _real(path: str | Path) -> Path:
    """The file a save really replaces, its links followed (and refused) as _resolve says."""
    return _resolve(path)


def _named_device(path: str | Path) -> bool:
    """The user named a device or pipe as such: under /dev or /proc (/dev/null, /dev/stdout,
    /dev/fd/63 of ``>(cmd)``), in a folder nobody else can add to (not /dev/shm)."""
    full = os.path.abspath(path)
    if not full.startswith(("/dev/", "/proc/")):
        return False
    try:
        return not os.stat(os.path.dirname(full)).st_mode & stat.S_IWOTH
    except OSError:
        return False


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return True  # not a pid we wrote; leave it alone
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, belongs to another user
    return True


# -- atomic write -----------------------------------------------------------------------------


def _tmp_prefix(target: Path) -> str:
    """``.{name}.sverka-tmp-``, the name shortened (see fit_name) so that the whole temporary
    name, pid (up to 10 digits) and 16 hex digits included, fits in 255 bytes."""
    return f".{fit_name(target.name, _NAME_MAX - 1 - len(_TMP_MARK) - 10 - 1 - 16)}{_TMP_MARK}"


def remove_stale_temps(path: str | Path) -> list[Path]:
    """Remove temporary files of ``path`` left by savers that are no longer running.

    Only names of this target (``.{name}.sverka-tmp-{pid}-{hex}``) whose pid is dead on this
    host. On a folder shared with another host, a temporary file of a live saver there could be
    removed; that save then fails loudly at the rename and its target stays whole.
    """
    return _remove_stale(_real(path))


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
            if m is None or _pid_alive(int(m[1])):
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
        target = _real(full.parent) / full.name
    else:
        target = _real(path)
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
                if _not_ours(old, os.stat(folder)):
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
            raise SverkaError(f"could not save: {_reason(exc)}", path=path, hint=hint) from exc
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
                f"saved, but the folder could not be flushed to disk: {_reason(exc)}",
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
    (``-o /dev/null``, ``-o /dev/stdout``; see _named_device); any other is refused, as is a
    link another user planted in a shared folder (see the module doc). ``own=True`` is for
    sverka's own files (the cache): whatever is under the name is replaced, never followed.
    """
    if own:
        _write_replace(path, data, own=True)
        return
    named = _named_device(path)
    try:  # a name under /dev or /proc: the kernel's own links (/dev/stdout, /proc/self/fd/1)
        mode = os.stat(path if named else _real(path)).st_mode
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
            raise SverkaError(f"cannot be written: {_reason(err)}", path=path) from None
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


# -- change detection -------------------------------------------------------------------------


def _read_error(path: str | Path, err: OSError) -> SverkaError:
    if isinstance(err, FileNotFoundError):
        return SverkaError("no such file", path=path)
    if isinstance(err, IsADirectoryError):
        return SverkaError("is a folder, not a file", path=path)
    return SverkaError(f"cannot be read: {_reason(err)}", path=path)


def _hash_file(path: str | Path) -> tuple[int, str]:
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
            size += len(chunk)
    return size, h.hexdigest()


class ExternalChangeError(SverkaError):
    """The file was changed, made or removed by another program since sverka read it."""


@dataclass(frozen=True)
class FileStamp:
    """What a file was when sverka read it; ``size == -1`` stands for "did not exist"."""

    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, path: str | Path) -> FileStamp:
        """Stamp of the file as it is now (reads and hashes it)."""
        try:
            mtime_ns = os.stat(path).st_mtime_ns
            size, digest = _hash_file(path)
        except OSError as err:
            raise _read_error(path, err) from err
        return cls(size=size, mtime_ns=mtime_ns, sha256=digest)

    @classmethod
    def read(cls, path: str | Path) -> tuple[bytes, FileStamp]:
        """The file's bytes and their stamp from the same read: what sverka parses is what
        the stamp vouches for (stamping separately could bless a change made in between)."""
        try:
            with open(path, "rb") as f:
                mtime_ns = os.fstat(f.fileno()).st_mtime_ns
                data = f.read()
        except OSError as err:
            raise _read_error(path, err) from err
        return data, cls(len(data), mtime_ns, hashlib.sha256(data).hexdigest())

    @classmethod
    def absent(cls) -> FileStamp:
        """Stamp for a review file that does not exist yet: saving refuses if one appears."""
        return cls(size=-1, mtime_ns=0, sha256="")

    @property
    def exists(self) -> bool:
        return self.size >= 0

    def _difference(self, path: str | Path) -> SverkaError | None:
        try:
            st = os.stat(path)
        except FileNotFoundError:
            if not self.exists:
                return None
            return ExternalChangeError(
                "is gone from disk since sverka opened it (moved or deleted by another "
                "program?); not saving there",
                path=path,
                hint="save your review under another name",
            )
        except OSError as err:
            raise _read_error(path, err) from err
        if not self.exists:
            return ExternalChangeError(
                "appeared on disk since sverka started (made by another program?); not overwriting",
                path=path,
                hint="save your review under another name",
            )
        if st.st_size == self.size:
            try:
                size, digest = _hash_file(path)
            except OSError as err:
                raise _read_error(path, err) from err
            if size == self.size and digest == self.sha256:
                return None  # same bytes; a new mtime alone (touch, a sync client) is no change
        when = datetime.fromtimestamp(st.st_mtime_ns / 1e9).strftime("%Y-%m-%d %H:%M:%S")
        return ExternalChangeError(
            "changed on disk since sverka opened it (by another program?); not overwriting",
            path=path,
            hint=f"modified {when}; reload it to see the change, or save under another name",
        )

    def changed(self, path: str | Path) -> bool:
        """True if the file's bytes are no longer the stamped ones (or it appeared/vanished)."""
        return self._difference(path) is not None

    def check(self, path: str | Path) -> None:
        """Raise SverkaError if the file was changed since this stamp was taken."""
        err = self._difference(path)
        if err is not None:
            raise err


def save_if_unchanged(path: str | Path, data: bytes, stamp: FileStamp) -> FileStamp:
    """Atomically replace ``path`` with ``data`` unless it changed since ``stamp``.

    Returns the stamp of what was written, for the next save. The check runs once the new
    bytes are safely in the temporary file, just before the rename, to keep the window small.
    """
    digest = hashlib.sha256(data).hexdigest()
    written = _write_replace(path, data, before_replace=lambda: stamp.check(path))
    return FileStamp(size=len(data), mtime_ns=written.st_mtime_ns, sha256=digest)


# -- lock -------------------------------------------------------------------------------------


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
        real = _real(self.po_path)
        self.lock_path = real.parent / f".{fit_name(real.name, _NAME_MAX - 6)}.lock"
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
                    f"cannot lock for review: {_reason(err)}", path=self.po_path, hint=hint
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
                    f"({_reason(err)})",
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
        elif holder.here and not _pid_alive(holder.pid):
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
