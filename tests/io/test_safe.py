"""sverka.io.safe: atomic saves, the review lock and change detection, on real files and processes.

The tests run as root, where chmod does not stop a write: read-only folders and full disks are
simulated by making os.open / os.write / os.fsync raise the errno the kernel would.
"""

from __future__ import annotations

import errno
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sverka.errors import SverkaError
from sverka.io.safe import (
    FileStamp,
    ReviewLock,
    ReviewLockedError,
    atomic_write,
    remove_stale_temps,
    save_if_unchanged,
)
from sverka.io.safe import write as safe

KILL_COUNT = int(os.environ.get("SVERKA_KILL_COUNT", "30"))
MB = 1 << 20

PO = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    'msgctxt "b1"\nmsgid "Кошка"\nmsgstr "cat"\n'
).encode()


def temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".sverka-tmp-" in p.name)


def one_line(err: BaseException) -> str:
    text = str(err)
    assert "\n" not in text
    return text


def dead_pid() -> int:
    """The pid of a process that has ended and been reaped."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def python(code: str, *args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kw,
    )


@pytest.fixture
def po(tmp_path: Path) -> Path:
    path = tmp_path / "review.po"
    path.write_bytes(PO)
    return path


# -- atomic_write ------------------------------------------------------------------------------


def test_atomic_write_replaces_the_content_and_leaves_no_temp(po: Path):
    atomic_write(po, b"new content\n")
    assert po.read_bytes() == b"new content\n"
    assert temps(po.parent) == []


def test_atomic_write_creates_a_missing_file_with_the_usual_permissions(tmp_path: Path):
    path = tmp_path / "new.po"
    atomic_write(path, PO)
    assert path.read_bytes() == PO
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o444, 0o755])
def test_atomic_write_keeps_the_permission_bits(po: Path, mode: int):
    po.chmod(mode)
    atomic_write(po, b"x")
    assert po.stat().st_mode & 0o7777 == mode


def test_atomic_write_through_a_symlink_replaces_the_file_it_points_to(po: Path):
    link = po.parent / "link.po"
    link.symlink_to(po.name)
    atomic_write(link, b"via link")
    assert link.is_symlink()
    assert po.read_bytes() == b"via link"


def test_atomic_write_can_be_repeated_many_times(po: Path):
    for i in range(50):
        atomic_write(po, f"version {i}".encode())
    assert po.read_bytes() == b"version 49"
    assert temps(po.parent) == []


def _partial_then(monkeypatch, name: str, code: int) -> None:
    """os.<name> writes part of the data (write) or succeeds once (fsync), then raises."""
    real = getattr(os, name)
    calls = []

    def fake(fd, *args):
        calls.append(fd)
        if name == "write" and len(calls) == 1:
            return real(fd, bytes(args[0][: len(args[0]) // 2]))
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, name, fake)


@pytest.mark.parametrize(
    ("name", "code", "reason"),
    [
        ("write", errno.ENOSPC, "the disk is full"),
        ("write", errno.EDQUOT, "the disk quota is used up"),
        ("write", errno.EIO, "the disk reported an input/output error"),
        ("fsync", errno.ENOSPC, "the disk is full"),
        ("fsync", errno.EIO, "the disk reported an input/output error"),
    ],
)
def test_a_failure_mid_write_leaves_the_original_and_no_temp(
    po: Path, monkeypatch, name: str, code: int, reason: str
):
    _partial_then(monkeypatch, name, code)
    with pytest.raises(SverkaError) as info:
        atomic_write(po, b"N" * (3 * MB))
    monkeypatch.undo()
    assert po.read_bytes() == PO
    assert temps(po.parent) == []
    text = one_line(info.value)
    assert text.startswith(f"{po}: could not save: {reason}")
    assert "the file on disk is unchanged" in text
    assert info.value.path == str(po)


def _refuse_open(monkeypatch, code: int, *, marker: str = ".sverka-tmp-") -> None:
    real = os.open

    def fake(path, *args, **kw):
        if marker in os.fspath(path):
            raise OSError(code, os.strerror(code), os.fspath(path))
        return real(path, *args, **kw)

    monkeypatch.setattr(os, "open", fake)


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (errno.EROFS, "the folder is read-only"),
        (errno.EACCES, "permission denied"),
        (errno.ENOSPC, "the disk is full"),
    ],
)
def test_a_folder_that_refuses_new_files_is_reported_plainly(
    po: Path, monkeypatch, code: int, reason: str
):
    _refuse_open(monkeypatch, code)
    with pytest.raises(SverkaError) as info:
        atomic_write(po, b"new")
    monkeypatch.undo()
    assert po.read_bytes() == PO
    assert temps(po.parent) == []
    assert one_line(info.value).startswith(f"{po}: could not save: {reason}")


def test_a_failing_rename_removes_the_temp(po: Path, monkeypatch):
    def fake(src, dst):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(os, "replace", fake)
    with pytest.raises(SverkaError, match="the folder is read-only"):
        atomic_write(po, b"new")
    monkeypatch.undo()
    assert po.read_bytes() == PO
    assert temps(po.parent) == []


def test_a_missing_folder_is_reported(tmp_path: Path):
    with pytest.raises(SverkaError) as info:
        atomic_write(tmp_path / "nowhere" / "review.po", b"x")
    assert "could not save: the folder does not exist" in one_line(info.value)


def test_an_interrupt_mid_write_removes_the_temp_and_propagates(po: Path, monkeypatch):
    def fake(fd, data):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "write", fake)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(po, b"new")
    monkeypatch.undo()
    assert po.read_bytes() == PO
    assert temps(po.parent) == []


def test_a_folder_that_cannot_sync_is_reported_after_the_file_is_whole(po: Path, monkeypatch):
    real = os.fsync

    def fake(fd):
        if os.path.isdir(f"/proc/self/fd/{fd}"):
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real(fd)

    monkeypatch.setattr(os, "fsync", fake)
    with pytest.raises(SverkaError, match="saved, but the folder could not be flushed"):
        atomic_write(po, b"new")
    monkeypatch.undo()
    assert po.read_bytes() == b"new"
    assert temps(po.parent) == []


# -- stale temporary files ---------------------------------------------------------------------


def test_stale_temps_of_dead_savers_are_removed_and_live_ones_kept(po: Path):
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        folder = po.parent
        dead = folder / f".review.po.sverka-tmp-{dead_pid()}-{'a' * 16}"
        live = folder / f".review.po.sverka-tmp-{sleeper.pid}-{'b' * 16}"
        mine = folder / f".review.po.sverka-tmp-{os.getpid()}-{'c' * 16}"
        other_file = folder / f".other.po.sverka-tmp-{dead_pid()}-{'d' * 16}"
        odd = folder / ".review.po.sverka-tmp-notapid"
        for p in (dead, live, mine, other_file, odd):
            p.write_bytes(b"half")
        assert remove_stale_temps(po) == [dead]
        atomic_write(po, b"new")
        assert sorted(p.name for p in folder.iterdir()) == sorted(
            [po.name, live.name, mine.name, other_file.name, odd.name]
        )
    finally:
        sleeper.kill()
        sleeper.wait()


CRASH_CHILD = """
import sys
from pathlib import Path
from sverka.io.safe import atomic_write

path = Path(sys.argv[1])
size = int(sys.argv[2])
variants = [(b"A" * 1021 + b"\\n") * (size // 1022), bytes(range(256)) * (size // 256)]
atomic_write(path, variants[1])
print("go", flush=True)
i = 0
while True:
    atomic_write(path, variants[i % 2])
    i += 1
"""


def test_sigkill_at_random_moments_never_leaves_a_broken_file(tmp_path: Path):
    """SVERKA_KILL_COUNT (default 30) kills; a benchmark can set 500."""
    size = 2 * MB
    variants = {(b"A" * 1021 + b"\n") * (size // 1022), bytes(range(256)) * (size // 256)}
    path = tmp_path / "review.po"
    path.write_bytes(next(iter(variants)))
    rng = random.Random(20240501)
    left_temp = 0
    for _ in range(KILL_COUNT):
        child = python(CRASH_CHILD, str(path), str(size))
        try:
            assert child.stdout.readline() == "go\n", child.stderr.read()
            time.sleep(rng.uniform(0, 0.03))
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait()
            child.stdout.close()
            child.stderr.close()
        assert path.read_bytes() in variants
        stray = temps(tmp_path)
        # the child's own first save cleared whatever the previous child left
        assert all(f"-tmp-{child.pid}-" in name for name in stray), stray
        left_temp += bool(stray)
    print(f"kills leaving a temp: {left_temp}/{KILL_COUNT}")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "review.po") == temps(tmp_path)
    atomic_write(path, b"later run")
    assert temps(tmp_path) == []
    assert path.read_bytes() == b"later run"


# -- lock --------------------------------------------------------------------------------------

HOLD = """
import sys, time
from sverka.io.safe import ReviewLock
lock = ReviewLock(sys.argv[1]).acquire()
print("locked", flush=True)
time.sleep(60)
"""

TRY = """
import sys
from sverka.errors import SverkaError
from sverka.io.safe import ReviewLock
try:
    with ReviewLock(sys.argv[1]) as lock:
        print("got it", lock.warning, flush=True)
except SverkaError as err:
    print(err, file=sys.stderr)
    sys.exit(2)
"""

HOLD_THEN_FORK = """
import os, sys, time
from sverka.io.safe import ReviewLock
lock = ReviewLock(sys.argv[1]).acquire()
pid = os.fork()
if pid == 0:
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)  # let the test see EOF on our pipes
    os.dup2(null, 2)
    time.sleep(60)
    os._exit(0)
print(pid, flush=True)
os._exit(0)
"""


def lock_file(po: Path) -> Path:
    return po.parent / f".{po.name}.lock"


def test_lock_writes_its_holder_and_release_removes_the_file(po: Path):
    with ReviewLock(po, command="sverka review review.po") as lock:
        assert lock.held and lock.warning is None
        assert lock.lock_path == lock_file(po)
        record = json.loads(lock_file(po).read_text())
        assert record["pid"] == os.getpid()
        assert record["host"] == socket.gethostname()
        assert record["command"] == "sverka review review.po"
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", record["since"])
    assert not lock_file(po).exists()
    assert not lock.held
    lock.release()  # twice is harmless


def test_another_process_is_refused_with_the_holders_pid(po: Path):
    with ReviewLock(po):
        out = subprocess.run(
            [sys.executable, "-c", TRY, str(po)], capture_output=True, text=True, timeout=20
        )
        assert out.returncode == 2, out
        message = out.stderr.strip()
        assert "\n" not in message
        assert re.fullmatch(
            rf"{re.escape(str(po))} is open in another sverka "
            rf"\(sverka, pid {os.getpid()} on {re.escape(socket.gethostname())} since \d\d:\d\d\); "
            r"close it there first",
            message,
        ), message
        assert json.loads(lock_file(po).read_text())["pid"] == os.getpid()  # left alone
    assert not lock_file(po).exists()


def test_a_lock_of_a_sigkilled_sverka_is_taken_over_with_a_warning(po: Path):
    holder = python(HOLD, str(po))
    try:
        assert holder.stdout.readline() == "locked\n", holder.stderr.read()
        with pytest.raises(ReviewLockedError) as info:
            ReviewLock(po).acquire()
        assert f"pid {holder.pid} on" in one_line(info.value)
        assert info.value.holder is not None and info.value.holder.pid == holder.pid
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        holder.stdout.close()
        holder.stderr.close()
    assert lock_file(po).exists()  # SIGKILL: nobody removed it, but the kernel dropped the flock
    with ReviewLock(po) as lock:
        assert lock.warning is not None
        assert "\n" not in lock.warning
        assert f"left by sverka, pid {holder.pid} on {socket.gethostname()}" in lock.warning
        assert "ended without releasing it" in lock.warning
        assert json.loads(lock_file(po).read_text())["pid"] == os.getpid()
    assert not lock_file(po).exists()


def test_a_lock_file_left_with_a_dead_pid_is_taken_over(po: Path):
    gone = dead_pid()
    stale = {"pid": gone, "host": socket.gethostname(), "since": "2024-05-01T21:03:00+03:00"}
    lock_file(po).write_text(json.dumps(stale | {"command": "sverka review"}))
    out = subprocess.run(
        [sys.executable, "-c", TRY, str(po)], capture_output=True, text=True, timeout=20
    )
    assert out.returncode == 0, out.stderr
    assert f"got it took over the lock on {po} left by sverka review, pid {gone} on" in out.stdout
    assert "since 2024-05-01 " in out.stdout  # another day: the date is shown
    assert not lock_file(po).exists()


def test_an_empty_or_garbled_lock_file_is_taken_over_quietly_or_with_a_warning(po: Path):
    lock_file(po).write_bytes(b"")
    with ReviewLock(po) as lock:
        assert lock.warning is None
    lock_file(po).write_bytes(b"{not json")
    with ReviewLock(po) as lock:
        assert lock.warning is None
    assert not lock_file(po).exists()


def test_the_same_process_locking_twice_is_refused(po: Path):
    with ReviewLock(po) as first:
        with pytest.raises(ReviewLockedError) as info:
            ReviewLock(po).acquire()
        assert f"is already open in this sverka (pid {os.getpid()} on" in one_line(info.value)
        with pytest.raises(ReviewLockedError, match="already locked by this sverka"):
            first.acquire()
        assert first.held
    assert not lock_file(po).exists()


def test_a_symlink_and_its_target_share_one_lock(po: Path):
    link = po.parent / "link.po"
    link.symlink_to(po.name)
    with ReviewLock(link), pytest.raises(ReviewLockedError):
        ReviewLock(po).acquire()


def test_a_lock_kept_by_a_forked_child_of_a_dead_sverka_is_still_respected(po: Path):
    parent = python(HOLD_THEN_FORK, str(po))
    out, err = parent.communicate(timeout=20)
    grandchild = int(out or 0)
    assert grandchild > 0, err
    try:
        with pytest.raises(ReviewLockedError) as info:
            ReviewLock(po).acquire()
        text = one_line(info.value)
        assert f"started from sverka, pid {parent.pid}" in text
        assert "which has ended; close that program first" in text
    finally:
        os.kill(grandchild, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while True:  # the grandchild is reaped by init; its flock goes with it
        try:
            with ReviewLock(po) as lock:
                assert lock.warning is not None and str(parent.pid) in lock.warning
            break
        except ReviewLockedError:
            assert time.monotonic() < deadline
            time.sleep(0.02)


def test_the_lock_file_is_never_followed_through_a_symlink(po: Path, tmp_path: Path):
    victim = tmp_path / "victim"
    victim.write_bytes(b"precious")
    lock_file(po).symlink_to(victim)
    with pytest.raises(SverkaError, match="cannot lock for review: it is a symbolic link"):
        ReviewLock(po).acquire()
    assert victim.read_bytes() == b"precious"


def test_a_folder_where_no_lock_can_be_made_is_reported(po: Path, monkeypatch):
    _refuse_open(monkeypatch, errno.EROFS, marker=".lock")
    with pytest.raises(SverkaError) as info:
        ReviewLock(po).acquire()
    monkeypatch.undo()
    assert one_line(info.value).startswith(f"{po}: cannot lock for review: the folder is read-only")


def test_a_lock_released_by_a_forked_child_does_not_remove_the_parents_lock(po: Path):
    with ReviewLock(po) as lock:
        pid = os.fork()
        if pid == 0:  # pragma: no cover - child
            lock.release()
            os._exit(0)
        os.waitpid(pid, 0)
        assert lock_file(po).exists()
        with pytest.raises(ReviewLockedError):
            ReviewLock(po).acquire()
    assert not lock_file(po).exists()


# -- FileStamp and save_if_unchanged -----------------------------------------------------------


def test_stamp_records_size_mtime_and_hash(po: Path):
    import hashlib

    stamp = FileStamp.of(po)
    assert stamp.size == len(PO)
    assert stamp.mtime_ns == po.stat().st_mtime_ns
    assert stamp.sha256 == hashlib.sha256(PO).hexdigest()
    data, same = FileStamp.read(po)
    assert data == PO and same == stamp
    assert not stamp.changed(po)
    stamp.check(po)


def test_a_same_size_change_with_the_mtime_restored_is_caught(po: Path):
    stamp = FileStamp.of(po)
    before = po.stat()
    edited = PO.replace(b'msgstr "cat"', b'msgstr "dog"')
    assert len(edited) == len(PO)
    po.write_bytes(edited)
    os.utime(po, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = po.stat()
    assert (after.st_size, after.st_mtime_ns) == (stamp.size, stamp.mtime_ns)
    with pytest.raises(SverkaError) as info:
        stamp.check(po)
    text = one_line(info.value)
    assert text.startswith(
        f"{po}: changed on disk since sverka opened it (by another program?); not overwriting"
    )
    assert "reload it" in text


def test_a_size_change_is_caught(po: Path):
    stamp = FileStamp.of(po)
    po.write_bytes(PO + b"\n")
    assert stamp.changed(po)


def test_a_new_mtime_on_the_same_bytes_is_not_a_change(po: Path):
    stamp = FileStamp.of(po)
    os.utime(po, ns=(0, stamp.mtime_ns + 5_000_000_000))
    stamp.check(po)
    po.write_bytes(PO)  # a sync client writing back identical bytes
    stamp.check(po)


def test_a_file_deleted_or_appearing_meanwhile_is_caught(po: Path, tmp_path: Path):
    stamp = FileStamp.of(po)
    po.unlink()
    with pytest.raises(SverkaError, match="is gone from disk since sverka opened it"):
        save_if_unchanged(po, b"mine", stamp)
    assert not po.exists()
    new = tmp_path / "new.po"
    absent = FileStamp.absent()
    absent.check(new)
    new.write_bytes(b"theirs")
    with pytest.raises(SverkaError, match="appeared on disk since sverka started"):
        save_if_unchanged(new, b"mine", absent)
    assert new.read_bytes() == b"theirs"


def test_stamp_of_a_missing_file_is_a_one_line_error(tmp_path: Path):
    with pytest.raises(SverkaError) as info:
        FileStamp.of(tmp_path / "none.po")
    assert one_line(info.value) == f"{tmp_path / 'none.po'}: no such file"
    with pytest.raises(SverkaError, match="is a folder"):
        FileStamp.read(tmp_path)


def test_save_if_unchanged_after_our_own_saves_sees_no_change(po: Path):
    _, stamp = FileStamp.read(po)
    for i in range(5):
        data = PO + f"# save {i}\n".encode()
        stamp = save_if_unchanged(po, data, stamp)
        assert po.read_bytes() == data
        assert stamp == FileStamp.of(po)
        assert not stamp.changed(po)
    assert temps(po.parent) == []
    new = po.parent / "first.po"
    stamp = save_if_unchanged(new, PO, FileStamp.absent())
    assert stamp == FileStamp.of(new)


def test_save_if_unchanged_never_overwrites_another_programs_edit(po: Path):
    _, stamp = FileStamp.read(po)
    theirs = PO.replace(b'msgstr "cat"', b'msgstr "Cat"')  # Poedit, same size
    po.write_bytes(theirs)
    with pytest.raises(SverkaError) as info:
        save_if_unchanged(po, PO + b"# mine\n", stamp)
    assert po.read_bytes() == theirs
    assert temps(po.parent) == []
    assert "not overwriting" in one_line(info.value)
    assert info.value.path == str(po)


def test_a_change_made_while_our_bytes_are_being_written_is_still_caught(po: Path, monkeypatch):
    """The check runs after the temp file is written, right before the rename."""
    _, stamp = FileStamp.read(po)
    real_fsync = os.fsync

    def fsync_then_other_program_saves(fd):
        real_fsync(fd)
        if not os.path.isdir(f"/proc/self/fd/{fd}"):
            po.write_bytes(b"saved by Poedit meanwhile")

    monkeypatch.setattr(os, "fsync", fsync_then_other_program_saves)
    with pytest.raises(SverkaError, match="changed on disk"):
        save_if_unchanged(po, b"mine", stamp)
    monkeypatch.undo()
    assert po.read_bytes() == b"saved by Poedit meanwhile"
    assert temps(po.parent) == []


def test_save_if_unchanged_keeps_atomic_write_errors(po: Path, monkeypatch):
    _, stamp = FileStamp.read(po)
    _partial_then(monkeypatch, "write", errno.ENOSPC)
    with pytest.raises(SverkaError, match="could not save: the disk is full"):
        save_if_unchanged(po, b"x" * MB, stamp)
    monkeypatch.undo()
    assert po.read_bytes() == PO
    assert not stamp.changed(po)


def test_safe_uses_only_the_standard_library():
    import ast

    for module in sorted(Path(safe.__file__).parent.glob("*.py")):  # the sverka.io.safe package
        tree = ast.parse(module.read_text())
        names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        tops = {name.split(".")[0] for name in names} - {"__future__", "sverka"}
        assert tops <= sys.stdlib_module_names, tops - sys.stdlib_module_names


def test_a_pipe_or_device_named_under_proc_or_dev_is_written_into_never_replaced():
    """`sverka export … -o /dev/null` as root renamed a file over /dev/null and broke it for
    the whole machine. A pipe named by its /proc/self/fd path stands in for the device here
    (the same path through the code, and harmless if it regresses: /proc refuses a rename)."""
    import stat

    r, w = os.pipe()
    try:
        atomic_write(f"/proc/self/fd/{w}", b"the export\n")
        os.close(w)
        w = -1
        assert os.read(r, 100) == b"the export\n"
        assert stat.S_ISFIFO(os.fstat(r).st_mode)
    finally:
        os.close(r)
        if w >= 0:
            os.close(w)


def test_dev_null_named_by_the_user_is_written_into():
    before = os.stat("/dev/null")
    atomic_write("/dev/null", b"x")
    after = os.stat("/dev/null")
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


def test_a_fifo_under_an_ordinary_name_is_refused_without_hanging(tmp_path):
    """A FIFO found under an output's name was planted there: writing into it would hang
    sverka until someone reads (and hand them the output). Refused, left as it is."""
    import stat

    fifo = tmp_path / "out.tmx"
    os.mkfifo(fifo)
    with pytest.raises(SverkaError, match=r"named pipe \(FIFO\)"):
        atomic_write(fifo, b"the export\n")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.tmx"]


def test_a_folder_as_the_output_is_one_error_and_stays_a_folder(tmp_path):
    target = tmp_path / "out"
    target.mkdir()
    with pytest.raises(SverkaError, match="not a file that can be written"):
        atomic_write(target, b"x")
    assert target.is_dir() and not any(target.iterdir())


# -- issue 15: long names, write_new, the lock's hard link --------------------------------------


def test_a_long_names_temporary_file_fits_and_a_stale_one_is_still_found(tmp_path: Path):
    """A 255-byte name's temporary file passed 255 bytes: the file could be read, never saved."""
    long = tmp_path / ("д" * 126 + ".po")  # 255 bytes
    assert len(os.fsencode(long.name)) == 255
    atomic_write(long, b"first")
    prefix = safe._tmp_prefix(long)
    stale = tmp_path / f"{prefix}999999999-{'0' * 16}"  # a pid that is not running
    assert len(os.fsencode(stale.name)) <= 255
    stale.write_bytes(b"half")
    atomic_write(long, b"second")
    assert long.read_bytes() == b"second"
    assert sorted(p.name for p in tmp_path.iterdir()) == [long.name]


def test_two_long_names_alike_at_the_start_never_share_side_files(tmp_path: Path):
    a = tmp_path / ("a" * 250 + "1.po")
    b = tmp_path / ("a" * 250 + "2.po")
    assert safe._tmp_prefix(a) != safe._tmp_prefix(b)
    assert ReviewLock(a).lock_path != ReviewLock(b).lock_path
    with ReviewLock(a), ReviewLock(b):
        pass


def test_write_new_never_replaces_anything(tmp_path: Path):
    taken = tmp_path / "x.mine.po"
    taken.write_bytes(b"rescued earlier")
    assert safe.write_new(taken, b"later") is None
    assert taken.read_bytes() == b"rescued earlier"
    dangling = tmp_path / "y.mine.po"
    dangling.symlink_to(tmp_path / "elsewhere")
    assert safe.write_new(dangling, b"later") is None
    assert not (tmp_path / "elsewhere").exists()
    fresh = tmp_path / "z.mine.po"
    stamp = safe.write_new(fresh, b"new")
    assert fresh.read_bytes() == b"new" and stamp == FileStamp.of(fresh)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.mine.po", "y.mine.po", "z.mine.po"]


def test_a_hard_link_under_the_locks_name_is_never_truncated(po: Path):
    before = po.read_bytes()
    os.link(po, lock_file(po))
    with pytest.raises(SverkaError, match="hard link"):
        ReviewLock(po).acquire()
    assert po.read_bytes() == before
