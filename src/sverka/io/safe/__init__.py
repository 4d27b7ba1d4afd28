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

from sverka.io.safe.lock import LockHolder, ReviewLock, ReviewLockedError
from sverka.io.safe.paths import fit_name
from sverka.io.safe.stamp import ExternalChangeError, FileStamp
from sverka.io.safe.write import (
    atomic_write,
    read_own_file,
    refuse_to_replace,
    remove_stale_temps,
    save_if_unchanged,
    write_new,
)

__all__ = [
    "ExternalChangeError",
    "FileStamp",
    "LockHolder",
    "ReviewLock",
    "ReviewLockedError",
    "atomic_write",
    "fit_name",
    "read_own_file",
    "refuse_to_replace",
    "remove_stale_temps",
    "save_if_unchanged",
    "write_new",
]
