"""FileStamp: what a review file was when sverka read it, to catch another program's change
before a save replaces it (see the package's doc)."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sverka.errors import SverkaError
from sverka.io.safe.paths import reason

_CHUNK = 1 << 20


def _read_error(path: str | Path, err: OSError) -> SverkaError:
    if isinstance(err, FileNotFoundError):
        return SverkaError("no such file", path=path)
    if isinstance(err, IsADirectoryError):
        return SverkaError("is a folder, not a file", path=path)
    return SverkaError(f"cannot be read: {reason(err)}", path=path)


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
